/// Word lists for the demo: real product mixes per country, names, and the texts officers write.
enum DemoData {
  /// Main Fairtrade products per country of the default region map.
  static let products: [String: [String]] = [
    "KE": ["tea", "coffee", "flowers", "nuts"], "UG": ["coffee", "cocoa", "vanilla"],
    "TZ": ["coffee", "tea", "cotton"],
    "RW": ["coffee", "tea"], "BI": ["coffee"], "ET": ["coffee", "flowers"], "CD": ["coffee", "cocoa"],
    "MG": ["vanilla", "cocoa", "herbs & spices"], "GH": ["cocoa", "fresh fruit"], "CI": ["cocoa", "bananas", "cashew"],
    "SL": ["cocoa"], "BF": ["cotton", "fresh fruit", "nuts"], "ML": ["cotton"], "SN": ["fresh fruit"],
    "TG": ["cocoa", "coffee"], "BJ": ["cotton", "nuts"], "CM": ["cocoa", "bananas"], "NG": ["cocoa", "nuts"],
    "ST": ["cocoa"], "ZA": ["wine grapes", "fresh fruit", "herbs & spices"], "MW": ["sugar", "tea", "nuts"],
    "ZM": ["sugar", "honey"], "MZ": ["sugar", "nuts"], "SZ": ["sugar"], "ZW": ["tea", "coffee"], "MU": ["sugar"],
    "EG": ["cotton", "herbs & spices"], "MA": ["herbs & spices", "fresh fruit"], "TN": ["dates", "olive oil"],
    "PS": ["olive oil"], "LB": ["olive oil", "herbs & spices"], "IN": ["tea", "cotton", "rice", "herbs & spices"],
    "LK": ["tea", "herbs & spices"], "NP": ["tea", "coffee"], "BD": ["tea"], "TH": ["rice", "fresh fruit"],
    "VN": ["coffee", "cashew", "herbs & spices"], "ID": ["coffee", "cocoa"], "PH": ["sugar", "fresh fruit"],
    "LA": ["coffee"], "MM": ["coffee", "rice"], "TL": ["coffee"], "KH": ["rice"], "PG": ["coffee", "cocoa"],
    "FJ": ["sugar"], "SB": ["cocoa"], "WS": ["cocoa"], "VU": ["cocoa"], "CN": ["tea", "rice"],
    "PK": ["rice", "cotton"],
    "KG": ["cotton", "nuts"], "TJ": ["cotton"], "UZ": ["cotton"], "MX": ["coffee", "honey", "fresh fruit"],
    "GT": ["coffee", "bananas"], "HN": ["coffee"], "SV": ["coffee", "sugar"], "NI": ["coffee", "honey", "cocoa"],
    "CR": ["coffee", "bananas", "sugar"], "PA": ["bananas", "coffee"], "BZ": ["sugar", "cocoa"],
    "DO": ["cocoa", "bananas"], "HT": ["cocoa", "fresh fruit"], "CU": ["honey", "sugar"], "JM": ["coffee", "sugar"],
    "DM": ["bananas"], "LC": ["bananas"], "VC": ["bananas"], "CO": ["coffee", "bananas", "flowers"],
    "EC": ["bananas", "cocoa", "flowers"], "PE": ["coffee", "cocoa", "bananas"], "BO": ["quinoa", "coffee", "nuts"],
    "BR": ["coffee", "fresh fruit", "nuts"], "PY": ["sugar", "herbs & spices"], "AR": ["wine grapes", "honey"],
    "UY": ["honey"], "CL": ["wine grapes", "fresh fruit", "honey"],
  ]

  static let firstNames = [
    "Akinyi", "Kwame", "Amina", "Tesfaye", "Fatou", "Thabo", "Nomsa", "Youssef", "Leila", "Priya", "Arjun", "Nimal",
    "Siti", "Nguyen", "Somchai", "Maria", "Jose", "Lucia", "Carlos", "Ana", "Rosa", "Mateo", "Camila", "Ines",
    "Samuel", "Grace", "Joseph", "Esther", "Daniel", "Mercy", "Ravi", "Meena", "Li", "Wei", "Aziz", "Dilnoza",
    "Pedro", "Sofia", "Luis", "Elena",
  ]
  static let lastNames = [
    "Odhiambo", "Mensah", "Diallo", "Bekele", "Ndlovu", "Banda", "El Amrani", "Haddad", "Sharma", "Perera", "Rahman",
    "Santos", "Tran", "Wongsakul", "Quispe", "Mamani", "Gonzalez", "Herrera", "Rojas", "Flores", "Kamau", "Osei",
    "Traore", "Mwangi", "Phiri", "Zhang", "Karimov", "Silva", "Pereira", "Castillo",
  ]
  static let organizationWords = [
    "Union", "Cooperative", "Growers", "Farmers", "Producers", "Association", "Alliance", "Society", "Estate",
    "Federation",
  ]
  static let placeWords = [
    "Highlands", "Valley", "River", "Lake", "Mountain", "Green", "Sunrise", "Unity", "Hope", "New Dawn", "Eastern",
    "Western", "Northern", "Southern", "Central", "Golden", "Rift", "Coastal", "Forest", "Savanna",
  ]

  static let caseTitles: [String: [String]] = [
    "certification": [
      "Prepare for the initial audit", "Close the NCs from the last audit", "Renewal audit preparation",
      "Set up the internal control system", "Lift the suspension", "Premium plan and its records",
      "Environmental criteria: pesticide list", "Child labour remediation plan",
    ],
    "trade": [
      "Find a buyer for this season's {product}", "Contract terms with the importer",
      "Minimum price and premium questions",
      "Export documents for {product}", "Quality complaints from a buyer",
    ],
    "business": [
      "Business plan for the next three years", "Pre-finance and a credit line", "Processing unit investment",
      "Cost of sustainable production study", "Governance training for the board",
    ],
    "introduction": [
      "Introduce Fairtrade to the {product} group", "First contact and the standards explained",
      "Application documents", "Producer network membership",
    ],
    "liaison": [
      "Coordinate with the national {product} board", "Joint project with a support agency",
      "Follow up with the ministry of agriculture", "Donor programme on climate adaptation",
    ],
    "representation": [
      "Speak at the regional {product} workshop", "Fairtrade stand at the trade fair", "Conference on living income",
      "Stakeholder meeting on the new standard",
    ],
  ]

  static let notes = [
    "Called the manager; documents promised by Friday.", "Board meeting postponed to next month.",
    "Sent the checklist and the template by e-mail.", "Producer asked for a visit before the harvest.",
    "Waiting for the certifier to confirm the audit date.", "Buyer sent a sample request.",
    "Premium committee minutes received and reviewed.", "Roads closed by the rains; visit moved.",
    "Training materials translated for the members.", "Second reminder sent about the records.",
  ]
  static let resolutions = [
    "Audit passed; certificate issued.", "Contract signed for the season.", "NCs corrected and verified.",
    "Business plan adopted by the general assembly.", "Credit line approved by the lender.",
    "Producer applied for certification.", "Workshop held; report shared with the network.",
    "Agreement reached with the agency.",
  ]
  static let cancellations = [
    "Producer withdrew the request.", "Merged into another case.", "Buyer withdrew.",
    "No longer relevant after the merger.",
  ]
  static let summaries: [String: [String]] = [
    "field-visit": [
      "Visited the {product} collection centre and checked the records.", "Walked the plots with the lead farmers.",
      "Reviewed the internal inspection reports with the manager.", "Checked the storage and the pesticide store.",
    ],
    "remote": [
      "Phone call about the audit preparations.", "Video call with the board on the premium plan.",
      "E-mail exchange on the export documents.",
    ],
    "training": [
      "Training on the internal control system.", "Training on gender and youth inclusion.",
      "Training on climate adaptation for {product}.", "Training on financial management for the board.",
    ],
    "workshop": [
      "Regional workshop on the new trader standard.", "Workshop on living income reference prices.",
      "Workshop with {product} producers on market access.",
    ],
    "meeting": [
      "Meeting with the national {product} board.", "Meeting with a support agency on a joint project.",
      "Meeting with the certifier's regional office.",
    ],
    "event": [
      "Fairtrade fortnight event.", "Trade fair stand with producer representatives.", "Producer network assembly.",
    ],
  ]
  static let insights: [String: [String]] = [
    "demand": ["Buyers ask for more organic {product}.", "Demand for {product} from European importers is rising."],
    "supply": ["The {product} harvest is expected to be 15% smaller.", "Young farmers are leaving {product} farming."],
    "price": [
      "Local {product} prices rose above the Fairtrade minimum.", "Auction prices for {product} fell last month.",
    ],
    "climate": ["Late rains delayed the {product} planting.", "Drought stress on the {product} crop in the north."],
    "other": ["New export regulations for {product} announced.", "Transport costs doubled since the fuel price rise."],
  ]
  static let criteria = [
    "SPO 1.2.1", "SPO 2.1.3", "SPO 3.2.4", "SPO 4.1.2", "SPO 4.2.7", "HL 3.3.1", "HL 3.5.2", "CP 2.1.1",
  ]
  static let ncDescriptions = [
    "No written list of the pesticides in use.", "Premium use not approved by the general assembly.",
    "Members' training records incomplete.", "Personal protective equipment not used when spraying.",
    "Minutes of the board meetings missing.", "Hazardous materials stored near the water source.",
  ]
}
