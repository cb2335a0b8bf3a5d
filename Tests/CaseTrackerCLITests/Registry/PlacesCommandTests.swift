import Foundation
import Testing

/// Countries outside every region (issue 13): psr stores a producer or officer there, warns naming
/// `psr country set-region`, counts them apart in `report regions`, and `psr check` warns of them.
@Suite struct PlacesCommandTests {
  static let venezuela =
    "warning: VE (Venezuela) belongs to no region, so no region's report counts it; place it with: psr country set-region VE LAC-AND\n"

  func warning(_ code: String, _ name: String) -> String {
    "warning: \(code) (\(name)) belongs to no region, so no region's report counts it; place it with: psr country set-region \(code) REGION (see 'psr region list')\n"
  }

  @Test func producerAddAndUpdateWarnAndStore() throws {
    let box = try Sandbox()
    try box.initialize()
    let added = try box.run(["producer", "add", "--name", "Caracas Coop", "--country", "ve", "--type", "spo", "-q"])
    #expect(added.status == 0)
    #expect(added.stderr == Self.venezuela)
    let id = added.stdout.trimmingCharacters(in: .newlines)
    let shown = try #require(try json(box.ok(["producer", "show", id, "--format", "json"])) as? [String: Any])
    #expect(shown["country"] as? String == "VE")
    // A country of a region warns of nothing; neither does an update that leaves the country as it is.
    let kenya = try box.run(["producer", "add", "--name", "Nairobi Coop", "--country", "KE", "--type", "spo", "-q"])
    #expect(kenya.status == 0 && kenya.stderr == "")
    #expect(try box.run(["producer", "update", id, "--members", "40", "-q"]).stderr == "")
    let kenyaID = kenya.stdout.trimmingCharacters(in: .newlines)
    let moved = try box.run(["producer", "update", kenyaID, "--country", "FR", "-q"])
    #expect(moved.status == 0)
    #expect(moved.stderr == warning("FR", "France"))
    let after = try #require(try json(box.ok(["producer", "show", kenyaID, "--format", "json"])) as? [String: Any])
    #expect(after["country"] as? String == "FR")
    // An unknown code is still refused, with one sentence.
    let unknown = try box.run(["producer", "add", "--name", "Typo Coop", "--country", "XX", "--type", "spo"])
    #expect(unknown.status == 65)
    #expect(unknown.stderr == "psr: unknown country code 'XX'; see 'psr country list'\n")
  }

  @Test func officerAddCoverAndUpdateWarn() throws {
    let box = try Sandbox()
    try box.initialize()
    let added = try box.run([
      "officer", "add", "ana", "--name", "Ana", "--email", "ana@example.org", "--base", "VE", "--covers", "VE,CO,US",
      "-q",
    ])
    #expect(added.status == 0)
    #expect(added.stderr == Self.venezuela + warning("US", "United States"))
    let cover = try box.run(["officer", "cover", "ana", "--add", "KN,KE", "-q"])
    #expect(cover.status == 0)
    #expect(cover.stderr == warning("KN", "Saint Kitts and Nevis"))
    // Covered already: nothing added, nothing to warn of.
    #expect(try box.run(["officer", "cover", "ana", "--add", "KN", "-q"]).stderr == "")
    let based = try box.run(["officer", "update", "ana", "--base", "FR", "-q"])
    #expect(based.status == 0 && based.stderr == warning("FR", "France"))
    let shown = try #require(try json(box.ok(["officer", "show", "ana", "--format", "json"])) as? [String: Any])
    #expect(shown["base_country"] as? String == "FR")
    #expect(shown["countries"] as? [String] == ["CO", "KE", "KN", "US", "VE"])
    let unknown = try box.run(["officer", "cover", "ana", "--add", "QQ"])
    #expect(unknown.status == 65 && unknown.stderr == "psr: unknown country code 'QQ'; see 'psr country list'\n")
  }

  @Test func importListsEachCountryOnceWithItsRowCount() throws {
    let box = try Sandbox()
    try box.initialize()
    let file = try box.file(
      "typos.csv", "name,country,type\nA Coop,KN,spo\nB Coop,kn,spo\nC Coop,VE,spo\nD Coop,KE,spo\n")
    let expected =
      "warning: 3 rows are in countries that belong to no region: KN (Saint Kitts and Nevis) 2 rows, VE (Venezuela) 1 row; place them with: psr country set-region CODE REGION (see 'psr region list')\n"
    let dry = try box.run(["producer", "import", file, "--dry-run", "-q"])
    #expect(dry.status == 0 && dry.stderr == expected)
    #expect((try json(box.ok(["producer", "list", "--format", "json"])) as? [Any])?.isEmpty == true)
    let imported = try box.run(["producer", "import", file])
    #expect(imported.status == 0)
    #expect(imported.stderr == expected + "imported: 4 added, 0 updated, 0 unchanged\n")
    let countries = try #require(try json(box.ok(["producer", "list", "--format", "json"])) as? [[String: Any]])
      .compactMap { $0["country"] as? String }
    #expect(countries.sorted() == ["KE", "KN", "KN", "VE"])
    // One country: its own command, with the suggested region.
    let one = try box.run(["producer", "import", try box.file("one.csv", "name,country,type\nE Coop,VE,spo\n"), "-q"])
    #expect(
      one.stderr
        == "warning: 1 row is in a country that belongs to no region: VE (Venezuela) 1 row; place it with: psr country set-region VE LAC-AND\n"
    )
    // None: no warning. An unknown code still refuses the whole file.
    #expect(
      try box.run(["producer", "import", try box.file("ke.csv", "name,country,type\nF,KE,spo\n"), "-q"]).stderr == "")
    let bad = try box.run(["producer", "import", try box.file("bad.csv", "name,country,type\nG,XX,spo\nH,VE,spo\n")])
    #expect(bad.status == 65 && !bad.stderr.contains("warning"))
  }

  /// A field office with one producer in Kenya and one in Venezuela, each visited and with an open case.
  func office() throws -> Sandbox {
    let box = try Sandbox()
    try box.initialize()
    try box.ok([
      "officer", "add", "akinyi", "--name", "Akinyi", "--email", "a@example.org", "--base", "KE", "--covers", "KE",
    ])
    for (name, country, flo) in [("Kabarole", "KE", "101"), ("Caracas", "VE", "202")] {
      try box.ok(["producer", "add", "--name", name, "--country", country, "--type", "spo", "--flo-id", flo])
      try box.ok([
        "visit", "log", "--as", "akinyi", "--today", "2026-08-10", "--kind", "field-visit", "--date", "2026-08-02",
        "--producer", flo, "--women", "3", "--men", "2", "--summary", "Visit",
      ])
      try box.ok([
        "case", "open", "--as", "akinyi", "--today", "2026-08-03", "--type", "trade", "--title", "Buyers",
        "--producer", flo, "--due", "2026-09-01",
      ])
    }
    return box
  }

  @Test func reportRegionsEndsWithTheCountriesOutsideEveryRegion() throws {
    let box = try office()
    let metrics = [
      "producers_covered", "activities", "field_visits", "trainings", "participants_women", "participants_men",
      "participants_other", "participants_total", "new_certifications", "cases_opened", "cases_closed",
      "cases_open_at_end", "cases_overdue_at_end",
    ]
    for level in ["sub", "top"] {
      let rows = try #require(
        try json(box.ok(["report", "regions", "--period", "2026-Q3", "--level", level, "--format", "json"]))
          as? [[String: Any]])
      #expect(rows.count == (level == "sub" ? 13 : 4))
      let outside = try #require(rows.last)
      #expect(outside["region"] is NSNull && outside["parent"] is NSNull)
      #expect(outside["name"] as? String == "outside every region")
      #expect(outside["producers_covered"] as? Int == 1 && outside["field_visits"] as? Int == 1)
      #expect(outside["participants_total"] as? Int == 5 && outside["cases_opened"] as? Int == 1)
      #expect(outside["cases_open_at_end"] as? Int == 1 && outside["cases_overdue_at_end"] as? Int == 1)
      // The rows add up to the whole database: two of each.
      for metric in ["producers_covered", "activities", "field_visits", "cases_opened", "cases_open_at_end"] {
        #expect(rows.reduce(0) { $0 + ($1[metric] as? Int ?? 0) } == 2, "\(level) \(metric)")
      }
      #expect(rows.reduce(0) { $0 + ($1["participants_total"] as? Int ?? 0) } == 10)
      #expect(Set(outside.keys) == Set(rows[0].keys) && metrics.allSatisfy { outside[$0] is Int })
    }
    let table = try box.ok(["report", "regions", "--period", "2026-Q3", "-q"])
    #expect(table.split(separator: "\n").last?.hasPrefix("(outside)  1  ") == true)
    let csv = try box.ok(["report", "regions", "--period", "2026-Q3", "--format", "csv"])
    #expect(
      csv.hasSuffix(",outside every region,,2026-Q3,2026-07-01,2026-09-30,1,1,1,0,3,2,0,5,0,1,0,1,1,0,,2026-09-30\r\n"))
    // Placed, the producer moves into its region's row and the outside row keeps its place with zeros.
    try box.ok(["country", "set-region", "VE", "LAC-AND"])
    let placed = try #require(
      try json(box.ok(["report", "regions", "--period", "2026-Q3", "--format", "json"])) as? [[String: Any]])
    #expect(placed.last?["producers_covered"] as? Int == 0 && placed.last?["cases_opened"] as? Int == 0)
    #expect(placed.first { $0["region"] as? String == "LAC-AND" }?["cases_opened"] as? Int == 1)
  }

  @Test func checkWarnsAndSaysOkOncePlaced() throws {
    let box = try office()
    try box.ok([
      "officer", "add", "ana", "--name", "Ana", "--email", "ana@example.org", "--base", "KE", "--covers", "KN",
    ])
    let warned = try box.run(["check"])
    #expect(warned.status == 0 && warned.stderr == "")
    let lines = warned.stdout.split(separator: "\n")
    #expect(lines.count == 9 && lines.dropLast().allSatisfy { $0.hasPrefix("ok  ") })
    #expect(
      lines.last
        == "warn  places: 2 countries with records belong to no region: KN (Saint Kitts and Nevis) 1 officer covering, VE (Venezuela) 1 producer, 1 case; place them with: psr country set-region CODE REGION (see 'psr region list')"
    )
    try box.ok(["officer", "cover", "ana", "--remove", "KN"])
    #expect(
      try box.ok(["check"]).hasSuffix(
        "warn  places: 1 country with records belongs to no region: VE (Venezuela) 1 producer, 1 case; place it with: psr country set-region VE LAC-AND\n"
      ))
    try box.ok(["country", "set-region", "VE", "LAC-AND"])
    let placed = try box.run(["check"])
    #expect(placed.status == 0)
    #expect(placed.stdout.hasSuffix("ok    places: every country with records belongs to a region\n"))
  }
}
