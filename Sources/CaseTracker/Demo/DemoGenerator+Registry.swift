import SQLite

extension DemoGenerator {
  struct DemoOfficer {
    let handle: String
    let countries: [String]
  }

  struct DemoProducer {
    let id: String
    let country: String
    let products: [String]
    let status: CertificationStatus
    /// Day index of each status change.
    let history: [(CertificationStatus, Int)]
  }

  /// About one officer per two countries of each sub-region, based in the first they cover.
  mutating func makeOfficers() throws -> [String: [DemoOfficer]] {
    let regions = try store.regions.all().filter { !$0.isTopLevel }
    let insert = try db.cachedStatement(
      """
      INSERT INTO officers (handle, name, email, base_country, active, created_at, updated_at)
      VALUES (?, ?, ?, ?, 1, ?, ?)
      """)
    let cover = try db.cachedStatement("INSERT OR IGNORE INTO officer_countries (officer, country) VALUES (?, ?)")
    var byCountry: [String: [DemoOfficer]] = [:]
    var handles = Set<String>()
    let created = instant(0)
    for region in regions {
      var countries = try store.countries.list(region: region.code).map(\.code)
      countries.shuffle(using: &random)
      var groups: [[String]] = []
      var index = 0
      while index < countries.count {
        let size = countries.count - index == 3 ? 3 : random.chance(0.25) ? 1 : 2
        groups.append(Array(countries[index..<min(index + size, countries.count)]))
        index += size
      }
      for (position, group) in groups.enumerated() {
        var covered = group
        // Some overlap: an officer also covers a neighbour's country.
        if groups.count > 1, random.chance(0.3) {
          covered.append(random.pick(groups[(position + 1) % groups.count]))
        }
        let first = random.pick(DemoData.firstNames)
        let last = random.pick(DemoData.lastNames)
        var handle = first.lowercased()
        if handles.contains(handle) { handle += "-" + String(last.lowercased().prefix(1)) }
        var suffix = 2
        while handles.contains(handle) {
          handle = first.lowercased() + "-\(suffix)"
          suffix += 1
        }
        handles.insert(handle)
        let email = "\(handle)@psr.example.org"
        try insert.execute([handle, "\(first) \(last)", email, group[0], created, created])
        for country in covered { try cover.execute([handle, country]) }
        let officer = DemoOfficer(handle: handle, countries: covered)
        for country in covered { byCountry[country, default: []].append(officer) }
        summary.officers += 1
      }
    }
    return byCountry
  }

  /// Producers spread over the map's countries, with status histories that reach every status.
  mutating func makeProducers() throws -> [DemoProducer] {
    let countries = DemoData.products.keys.sorted()
    let insert = try db.cachedStatement(
      """
      INSERT INTO producers (id, name, country, type, flo_id, members, status, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
      """)
    let product = try db.cachedStatement(
      "INSERT INTO producer_products (producer_id, product, position) VALUES (?, ?, ?)")
    let change = try db.cachedStatement(
      """
      INSERT INTO producer_status_changes (id, producer_id, seq, from_status, to_status, on_date, at, actor, note)
      VALUES (?, ?, ?, ?, ?, ?, ?, 'demo', ?)
      """)
    var floIDs = Array(1_000...(1_000 + producerCount * 5))
    floIDs.shuffle(using: &random)
    var producers: [DemoProducer] = []
    var names = Set<String>()
    for index in 0..<producerCount {
      let country = countries[index % countries.count]
      let mix = DemoData.products[country] ?? ["coffee"]
      var products = [random.pick(mix)]
      if mix.count > 1, random.chance(0.35) {
        let second = random.pick(mix)
        if second != products[0] { products.append(second) }
      }
      let type = random.weighted([(ProducerType.spo, 70.0), (.hlo, 20), (.cp, 10)])
      var name =
        "\(random.pick(DemoData.placeWords)) \(products[0].capitalized) \(random.pick(DemoData.organizationWords))"
      if names.contains(name + country) { name += " \(index)" }
      names.insert(name + country)
      let history = statusHistory()
      let status = history.last!.0
      let id = random.uuid()
      let registered = instant(history[0].1)
      let floID: String? = status == .prospect ? nil : String(floIDs[index])
      let members = type == .spo ? random.int(40...9_000) : random.int(80...2_500)
      try insert.execute([id, name, country, type, floID, members, status, registered, registered])
      for (position, item) in products.enumerated() { try product.execute([id, item, position]) }
      var previous: CertificationStatus?
      for (sequence, (to, day)) in history.enumerated() {
        let note = sequence == 0 ? "status when registered" : nil
        try change.execute([random.uuid(), id, sequence + 1, previous, to, days[day], instant(day), note])
        previous = to
      }
      producers.append(DemoProducer(id: id, country: country, products: products, status: status, history: history))
      summary.producers += 1
    }
    return producers
  }

  /// A plausible path through the state machine ending in a status drawn by weight, dated in order.
  mutating func statusHistory() -> [(CertificationStatus, Int)] {
    let final = random.weighted([
      (CertificationStatus.certified, 61.0), (.prospect, 10), (.applicant, 8), (.permitted, 5), (.suspended, 3),
      (.decertified, 3), (.withdrawn, 10),
    ])
    let year = 365
    if final == .prospect { return [(.prospect, todayIndex - random.int(10...(2 * year)))] }
    var day = todayIndex - random.int((2 * year)...(6 * year))
    var path: [(CertificationStatus, Int)] = [(.prospect, day)]
    func step(_ status: CertificationStatus, _ gap: ClosedRange<Int>, _ latest: Int) {
      // Later than the step before, never after today.
      day = min(max(day + 1, min(day + random.int(gap), latest)), todayIndex)
      path.append((status, day))
    }
    let stopAt: CertificationStatus = final == .withdrawn ? random.pick([.applicant, .permitted, .certified]) : final
    step(.applicant, 30...200, todayIndex - 400)
    if stopAt == .applicant {
      if final == .withdrawn { step(.withdrawn, 60...400, todayIndex - 1) }
      return path
    }
    step(.permitted, 60...240, todayIndex - 300)
    if stopAt == .permitted {
      if final == .withdrawn { step(.withdrawn, 60...400, todayIndex - 1) }
      return path
    }
    // Certified: a cycle that may be renewed, with a tenth falling due for renewal soon.
    var certifiedOn = min(day + random.int(90...365), todayIndex - 30)
    if random.chance(0.1) { certifiedOn = todayIndex - 3 * year + random.int(0...85) }
    if certifiedOn <= day { certifiedOn = day + 1 }
    day = certifiedOn
    path.append((.certified, day))
    // Renewed every 3 years, but for about one in a hundred whose renewal audit is overdue (by under 300 days).
    let renewalSlips = random.chance(0.06)
    while todayIndex - day > 3 * year {
      if renewalSlips && todayIndex - day < 3 * year + 300 { break }
      day += 3 * year - random.int(0...30)
      path.append((.certified, day))
    }
    switch final {
    case .suspended:
      // Suspended in the last six months (a unit lifts or ends a suspension by then).
      day = max(day + 1, todayIndex - random.int(5...170))
      path.append((.suspended, day))
    case .decertified:
      step(.suspended, 30...200, todayIndex - 200)
      step(.decertified, 150...180, todayIndex - 5)
    case .withdrawn:
      step(.withdrawn, 60...600, todayIndex - 1)
    default:
      break
    }
    return path
  }
}
