import Foundation
import Testing

/// `psr insight summary` over a dataset counted by hand (the counts are worked out beside `insightOffice`).
@Suite(.serialized) struct InsightSummaryTests {
  /// The field office with these insights, today 2026-11-26:
  ///
  /// | product | date | CC (sub-region) | kind | |
  /// | --- | --- | --- | --- | --- |
  /// | coffee | 09-30 | UG (AME-ECA) | price | |
  /// | coffee | 09-27 | KE (AME-ECA) | demand | a long text |
  /// | coffee | 09-20 | KE (AME-ECA) | demand | voided: never counted |
  /// | coffee | 09-01 | PE (LAC-AND) | demand | by mateo |
  /// | coffee | 08-15 | UG (AME-ECA) | demand | |
  /// | coffee | 07-02 | ET (AME-ECA) | supply | |
  /// | tea | 10-12 | KE (AME-ECA) | price | |
  /// | tea | 06-30 | KE (AME-ECA) | climate | |
  /// | cocoa | 09-12 | GH (AME-WA) | supply | |
  /// | cocoa | 09-05 | FR (outside) | demand | |
  /// | none | 09-10 | KE (AME-ECA) | climate | |
  /// | none | 08-01 | BO (LAC-AND) | other | by mateo |
  ///
  /// So coffee 5 (demand 3, supply 1, price 1; AME-ECA 4, LAC-AND 1), cocoa 2 (demand 1, supply 1; AME-WA 1,
  /// outside 1), tea 2 (price 1, climate 1; AME-ECA 2), no product 2 (climate 1, other 1; AME-ECA 1, LAC-AND 1):
  /// 11 in all, demand 4, supply 2, price 2, climate 2, other 1; AME-ECA 7, LAC-AND 2, AME-WA 1, outside 1.
  nonisolated(unsafe) static let box = Result { try insightOffice() }

  static let longText =
    "Nairobi roasters ask for more washed coffee than the cooperatives can deliver this season, at a premium"

  static func insightOffice() throws -> Sandbox {
    let box = try fieldOffice()
    func add(_ country: String, _ product: String?, _ kind: String, _ date: String, _ text: String, by: String? = nil)
      throws -> String
    {
      let run = try box.act(
        ["insight", "add", "--country", country, "--kind", kind, "--date", "2026-\(date)", text]
          + (product.map { ["--product", $0] } ?? []) + (by.map { ["--officer", $0] } ?? []))
      return run.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }
    try add("UG", "coffee", "price", "09-30", "Farm-gate price up")
    try add("KE", "Coffee", "demand", "09-27", longText)
    let twice = try add("KE", "coffee", "demand", "09-20", "Entered twice")
    try box.act(["insight", "void", twice, "--reason", "entered twice"])
    try add("PE", "coffee", "demand", "09-01", "Lima exporters need more", by: "mateo")
    try add("UG", "coffee", "demand", "08-15", "Kampala buyers want organic")
    try add("ET", "coffee", "supply", "07-02", "Sidama harvest late")
    try add("KE", "tea", "price", "10-12", "Auction prices fell 8%")
    try add("KE", "tea", "climate", "06-30", "Dry spell in Kericho")
    try add("GH", "cocoa", "supply", "09-12", "Kumasi stores full")
    try add("FR", "cocoa", "demand", "09-05", "Paris chocolatiers ask for traceable cocoa")
    try add("KE", nil, "climate", "09-10", "Short rains late")
    try add("BO", nil, "other", "08-01", "Road to Caranavi closed", by: "mateo")
    return box
  }

  func summary(_ arguments: [String] = []) throws -> [String: Any] {
    let box = try Self.box.get()
    return try #require(
      try json(box.ok(["insight", "summary", "--format", "json"] + arguments)) as? [String: Any])
  }

  func products(_ summary: [String: Any]) -> [[String: Any]] { summary["products"] as? [[String: Any]] ?? [] }

  func counts(_ object: [String: Any]?) -> [Int] {
    let counts = object?["counts"] as? [String: Int] ?? [:]
    return ["demand", "supply", "price", "climate", "other"].map { counts[$0] ?? -1 } + [object?["total"] as? Int ?? -1]
  }

  func regions(_ object: [String: Any]?) -> [String] {
    (object?["regions"] as? [[String: Any]] ?? []).map {
      "\($0["region"] as? String ?? "null")/\($0["network"] as? String ?? "null") \($0["total"] as? Int ?? -1)"
    }
  }

  @Test func countsByProductKindAndRegionAsCountedByHand() throws {
    let all = try summary()
    let rows = products(all)
    #expect(rows.map { $0["product"] as? String ?? "null" } == ["coffee", "cocoa", "tea", "null"])
    #expect(rows[0]["product"] as? String == "coffee" && rows[3]["product"] is NSNull)
    #expect(counts(rows[0]) == [3, 1, 1, 0, 0, 5])
    #expect(counts(rows[1]) == [1, 1, 0, 0, 0, 2])
    #expect(counts(rows[2]) == [0, 0, 1, 1, 0, 2])
    #expect(counts(rows[3]) == [0, 0, 0, 1, 1, 2])
    #expect(regions(rows[0]) == ["AME-ECA/AME 4", "LAC-AND/LAC 1"])
    #expect(regions(rows[1]) == ["AME-WA/AME 1", "null/null 1"])
    #expect(regions(rows[3]) == ["AME-ECA/AME 1", "LAC-AND/LAC 1"])
    let coffeeECA = (rows[0]["regions"] as? [[String: Any]])?.first
    #expect(counts(coffeeECA) == [2, 1, 1, 0, 0, 4])
    let totals = all["totals"] as? [String: Any]
    #expect(counts(totals) == [4, 2, 2, 2, 1, 11])
    #expect(regions(totals) == ["AME-ECA/AME 7", "LAC-AND/LAC 2", "AME-WA/AME 1", "null/null 1"])
    // The newest three of each product, newest first, the voided one left out; whole texts.
    let newest = (rows[0]["newest"] as? [[String: Any]] ?? [])
    #expect(newest.map { $0["date"] as? String } == ["2026-09-30", "2026-09-27", "2026-09-01"])
    #expect(newest[1]["text"] as? String == Self.longText)
    #expect(newest[2]["officer"] as? String == "mateo" && newest[2]["country"] as? String == "PE")
    #expect(
      (rows[3]["newest"] as? [[String: Any]])?.map { $0["text"] as? String } == [
        "Short rains late", "Road to Caranavi closed",
      ])
    #expect(all["region"] is NSNull && all["product"] is NSNull && all["from"] is NSNull && all["to"] is NSNull)
  }

  @Test func jsonKeysAreTheDocumentedContract() throws {
    let all = try summary(["--newest", "1"])
    #expect(all.keys.sorted() == ["country", "from", "product", "products", "region", "to", "totals"])
    let coffee = try #require(products(all).first)
    #expect(coffee.keys.sorted() == ["counts", "newest", "product", "regions", "total"])
    #expect((coffee["counts"] as? [String: Int])?.keys.sorted() == ["climate", "demand", "other", "price", "supply"])
    #expect((coffee["regions"] as? [[String: Any]])?.first?.keys.sorted() == ["counts", "network", "region", "total"])
    #expect((all["totals"] as? [String: Any])?.keys.sorted() == ["counts", "regions", "total"])
    let newest = try #require(coffee["newest"] as? [[String: Any]])
    #expect(newest.count == 1)
    #expect(
      newest[0].keys.sorted() == [
        "country", "created_at", "date", "id", "kind", "officer", "product", "text", "void_reason", "voided_at",
      ])
    #expect((newest[0]["id"] as? String)?.count == 36)
    let none = try summary(["--newest", "0"])
    #expect(products(none).allSatisfy { ($0["newest"] as? [Any])?.isEmpty == true })
  }

  @Test func aNetworkCoversItsSubRegions() throws {
    let network = try summary(["--region", "ame"])
    #expect(network["region"] as? String == "AME")
    #expect(products(network).map { $0["product"] as? String ?? "null" } == ["coffee", "tea", "cocoa", "null"])
    #expect(counts(products(network).first) == [2, 1, 1, 0, 0, 4])
    #expect(regions(network["totals"] as? [String: Any]) == ["AME-ECA/AME 7", "AME-WA/AME 1"])
    let west = try summary(["--region", "AME-WA"])
    #expect(products(west).map { $0["product"] as? String } == ["cocoa"])
    #expect(counts(west["totals"] as? [String: Any]) == [0, 1, 0, 0, 0, 1])
    let andes = try summary(["--region", "LAC-AND", "--country", "BO"])
    #expect(andes["country"] as? String == "BO")
    #expect(products(andes).map { $0["product"] as? String ?? "null" } == ["null"])
  }

  @Test func productAndDatesFilter() throws {
    let coffee = try summary(["--product", "COFFEE"])
    #expect(coffee["product"] as? String == "coffee")
    #expect(products(coffee).count == 1 && counts(coffee["totals"] as? [String: Any]) == [3, 1, 1, 0, 0, 5])
    // September, both days included: coffee 09-30, 09-27 and 09-01 (not the voided 09-20), cocoa both, the
    // no-product 09-10; no tea.
    let september = try summary(["--from", "2026-09-01", "--to", "2026-09-30"])
    #expect(september["from"] as? String == "2026-09-01" && september["to"] as? String == "2026-09-30")
    #expect(products(september).map { $0["product"] as? String ?? "null" } == ["coffee", "cocoa", "null"])
    #expect(counts(products(september).first) == [2, 0, 1, 0, 0, 3])
    #expect(counts(september["totals"] as? [String: Any]) == [3, 1, 1, 1, 0, 6])
    let after = try summary(["--from", "2026-10-01"])
    #expect(products(after).map { $0["product"] as? String } == ["tea"])
    let upTo = try summary(["--to", "2026-06-30"])
    #expect(counts(upTo["totals"] as? [String: Any]) == [0, 0, 0, 1, 0, 1])
  }

  @Test func anUnknownProductIsNothingWithAMessage() throws {
    let box = try Self.box.get()
    let table = try box.run(["insight", "summary", "--product", "quinoa"])
    #expect(table.status == 0 && table.stdout.isEmpty)
    #expect(table.stderr.contains("no insights about 'quinoa' to show"), "\(table.stderr)")
    let data = try box.run(["insight", "summary", "--product", "quinoa", "--format", "json"])
    #expect(data.status == 0)
    let object = try #require(try json(data.stdout) as? [String: Any])
    #expect(products(object).isEmpty && counts(object["totals"] as? [String: Any]) == [0, 0, 0, 0, 0, 0])
    #expect(data.stderr.contains("no insights about 'quinoa'"))
    let quiet = try box.run(["insight", "summary", "--product", "quinoa", "--format", "csv", "--quiet"])
    #expect(quiet.status == 0 && quiet.stderr.isEmpty && quiet.stdout == "product,region,network,kind,count\r\n")
  }

  @Test func badInputIsRefused() throws {
    let box = try Self.box.get()
    let region = try box.run(["insight", "summary", "--region", "NOWHERE"])
    #expect(region.status == 65 && region.stdout.isEmpty)
    #expect(region.stderr == "psr: unknown region 'NOWHERE'; see 'psr region list'\n", "\(region.stderr)")
    let reversed = try box.run(["insight", "summary", "--from", "2026-09-30", "--to", "2026-09-01"])
    #expect(reversed.status == 65)
    #expect(reversed.stderr.contains("--from 2026-09-30 is after --to 2026-09-01"), "\(reversed.stderr)")
    #expect(try box.run(["insight", "summary", "--from", "2026-02-30"]).status == 65)
    #expect(try box.run(["insight", "summary", "--country", "XX"]).status != 0)
    #expect(try box.run(["insight", "summary", "--newest", "-1"]).status == 64)
    #expect(try box.run(["insight", "summary", "--format", "xml"]).status == 64)
  }

  @Test func csvHasOneRowPerProductRegionAndKind() throws {
    let box = try Self.box.get()
    let csv = try box.ok(["insight", "summary", "--format", "csv"])
    let lines = csv.components(separatedBy: "\r\n").dropLast()
    #expect(lines.first == "product,region,network,kind,count")
    // coffee 2 regions, cocoa 2, tea 1, no product 2: 7 pairs of 5 kinds.
    #expect(lines.count == 1 + 7 * 5)
    #expect(lines.contains("coffee,AME-ECA,AME,demand,2"))
    #expect(lines.contains("coffee,LAC-AND,LAC,demand,1"))
    #expect(lines.contains("coffee,LAC-AND,LAC,supply,0"))
    #expect(lines.contains("cocoa,,,demand,1"))
    #expect(lines.contains(",LAC-AND,LAC,other,1"))
    #expect(lines.contains(",AME-ECA,AME,climate,1"))
    let sum = lines.dropFirst().compactMap { Int($0.split(separator: ",", omittingEmptySubsequences: false).last!) }
    #expect(sum.reduce(0, +) == 11)
  }

  @Test func tableShowsCountsRegionsAndTheNewestTexts() throws {
    let box = try Self.box.get()
    let table = try box.ok(["insight", "summary"])
    let lines = table.components(separatedBy: "\n")
    #expect(lines.first == "11 insights, by product and kind:")
    #expect(
      lines[1].split(separator: " ") == [
        "PRODUCT", "DEMAND", "SUPPLY", "PRICE", "CLIMATE", "OTHER", "TOTAL", "REGIONS",
      ])
    func row(_ name: String) -> [String] {
      (lines.first { $0.hasPrefix(name + " ") } ?? "").components(separatedBy: "  ").map {
        $0.trimmingCharacters(in: .whitespaces)
      }.filter { !$0.isEmpty }
    }
    #expect(row("coffee") == ["coffee", "3", "1", "1", "0", "0", "5", "AME-ECA 4, LAC-AND 1"])
    #expect(row("cocoa") == ["cocoa", "1", "1", "0", "0", "0", "2", "AME-WA 1, (outside) 1"])
    #expect(row("(no product)") == ["(no product)", "0", "0", "0", "1", "1", "2", "AME-ECA 1, LAC-AND 1"])
    #expect(row("(all)") == ["(all)", "4", "2", "2", "2", "1", "11", "AME-ECA 7, LAC-AND 2, AME-WA 1, (outside) 1"])
    #expect(table.contains("\ncoffee: newest 3 of 5\n  2026-09-30 UG akinyi price: Farm-gate price up ("))
    #expect(table.contains("\n(no product): newest 2 of 2\n  2026-09-10 KE akinyi climate: Short rains late ("))
    #expect(!table.contains("Entered twice"))
    // Piped, a text is cut at 80 columns, as in insight list; each line ends with the insight's short id.
    let long = try #require(lines.first { $0.contains("Nairobi roasters") })
    #expect(long.hasPrefix("  2026-09-27 KE akinyi demand: Nairobi roasters ask"))
    #expect(long.contains("…") && long.range(of: #" \([0-9a-f]{8}\)$"#, options: .regularExpression) != nil)
    // On a terminal 70 columns wide every line fits.
    let narrow = try box.run(["insight", "summary", "--region", "AME"], environment: ["COLUMNS": "70"])
    #expect(narrow.status == 0)
    let narrowLines = narrow.stdout.components(separatedBy: "\n")
    #expect(narrowLines.allSatisfy { $0.count <= 70 }, "\(narrow.stdout)")
    #expect(narrowLines.contains { $0.hasPrefix("  2026-09-27 KE akinyi demand: Nairobi") && $0.hasSuffix(")") })
    #expect(narrow.stdout.hasPrefix("8 insights in AME (its sub-regions' countries), by product and kind:\n"))
  }
}
