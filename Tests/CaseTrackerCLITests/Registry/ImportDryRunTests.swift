import Foundation
import SQLite
import Testing

/// `producer import --dry-run` and `--verbose`: each producer added or changed, listed on stdout.
@Suite struct ImportDryRunTests {
  let fixture = fixtures.appendingPathComponent("producers.csv").path

  /// Every row of every table, as text: what a dry run must leave exactly as it was.
  func contents(_ box: Sandbox) throws -> String {
    let db = try Database(path: box.db, mode: .readOnly, journalMode: nil)
    let tables: [String] = try db.rows("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").map {
      try $0.decode(at: 0)
    }
    return try tables.map { table in
      "\(table):\n" + (try db.rows("SELECT * FROM \"\(table)\" ORDER BY 1").map(\.description).joined(separator: "\n"))
    }.joined(separator: "\n")
  }

  @Test func aFLOIDTypoThatWouldRenameAnotherProducerShowsBeforeItHappens() throws {
    let box = try Sandbox()
    try box.initialize()
    try box.ok(["producer", "import", fixture])
    // 19876 is Sunrise Flower Farm's FLO ID: the row meant a new producer, typed another's FLO ID.
    let text = """
      name,country,type,flo_id,members
      Kabarole Tea Growers Cooperative Union,UG,spo,27651,900
      Kuapa Kokoo,GH,spo,2311,100000
      Sunrise Duplicate,KE,hlo,19876,1350
      New Prospect Group,RW,spo,,40
      Mbale Coffee Group,UG,spo,30112,
      """
    let path = try box.file("changes.csv", text)
    let before = try contents(box)
    let dry = try box.run(["producer", "import", path, "--dry-run"])
    #expect(dry.status == 0, "\(dry.stderr)")
    #expect(
      dry.stdout == """
        line 2: Kabarole Tea Growers Cooperative Union (FLO 27651): members 830 → 900
        line 4: Sunrise Flower Farm Ltd (FLO 19876): name 'Sunrise Flower Farm Ltd' → 'Sunrise Duplicate'
        line 5: add New Prospect Group, RW
        line 6: add Mbale Coffee Group (FLO 30112), UG
        dry run: would add 2, update 2, leave 1 unchanged; nothing was written

        """)
    #expect(dry.stderr == "")
    #expect(try contents(box) == before)
    #expect(try box.ok(["check"]).contains("ok"))
    // -q hides messages, not the listing.
    #expect(try box.run(["producer", "import", path, "--dry-run", "-q"]).stdout == dry.stdout)

    // The real import says what it says without --verbose, and lists the same with it.
    let other = try Sandbox()
    try other.initialize()
    try other.ok(["producer", "import", fixture])
    let plain = try other.run(["producer", "import", path])
    #expect(plain.status == 0)
    #expect(plain.stdout == "")
    #expect(plain.stderr == "imported: 2 added, 2 updated, 1 unchanged\n")
    let box3 = try Sandbox()
    try box3.initialize()
    try box3.ok(["producer", "import", fixture])
    let verbose = try box3.run(["producer", "import", path, "--verbose"])
    #expect(verbose.status == 0)
    #expect(
      verbose.stdout
        == dry.stdout.replacingOccurrences(
          of: "dry run: would add 2, update 2, leave 1 unchanged; nothing was written\n", with: ""))
    #expect(verbose.stderr == "imported: 2 added, 2 updated, 1 unchanged\n")
    #expect(try box3.ok(["producer", "show", "19876", "--format", "json"]).contains("\"name\": \"Sunrise Duplicate\""))
  }

  @Test func everyFieldChangedIsListedWithOldAndNewValues() throws {
    let box = try Sandbox()
    try box.initialize()
    try box.ok(["producer", "import", fixture])
    let text = """
      flo_id,name,country,type,products,members,status,status_since
      2311,Kuapa Kokoo Union,GH,spo,"cocoa,shea",,suspended,2026-11-01
      """
    let dry = try box.run(["producer", "import", try box.file("c.csv", text), "--dry-run", "--today", "2026-11-26"])
    #expect(dry.status == 0, "\(dry.stderr)")
    #expect(
      dry.stdout == """
        line 2: Kuapa Kokoo (FLO 2311): name 'Kuapa Kokoo' → 'Kuapa Kokoo Union'; products 'cocoa' → 'cocoa,shea'; members 100000 → (none); status certified → suspended; status_since 2025-02-20 → 2026-11-01
        dry run: would add 0, update 1, leave 0 unchanged; nothing was written

        """)
  }

  @Test func errorsAreReportedAsTheRealImportReportsThem() throws {
    let box = try Sandbox()
    try box.initialize()
    try box.ok(["producer", "import", fixture])
    let text = "name,country,type,flo_id\nGood Group,KE,spo,\nBad Group,XX,spo,\nAgain,KE,spo,1503\nTwice,KE,spo,1503\n"
    let path = try box.file("bad.csv", text)
    let before = try contents(box)
    let dry = try box.run(["producer", "import", path, "--dry-run"])
    let real = try box.run(["producer", "import", path, "--verbose"])
    #expect(dry.status == 65)
    #expect(real.status == 65)
    #expect(dry.stderr == real.stderr)
    #expect(dry.stderr.contains("line 3, column country: unknown country code 'XX'"))
    #expect(dry.stderr.contains("line 5, column flo_id: FLO ID 1503 appears again; it is already on line 4"))
    // Nothing listed for a refused file, not even the rows before the problem.
    #expect(dry.stdout == "")
    #expect(real.stdout == "")
    #expect(try contents(box) == before)
  }

  @Test func aLargeFileIsListedInLineOrder() throws {
    let box = try Sandbox()
    try box.initialize()
    try box.ok(["producer", "import", fixture])
    // 300 new rows, written 64 to a statement, with the fixture's FLO IDs among them: rows that update.
    let known = ["27651", "1503", "34017", "2311", "4120", "19876"]
    var text = "name,country,type,flo_id\n"
    for index in 0..<300 {
      let flo = index % 50 == 7 ? known[(index / 50) % known.count] : String(900_000 + index)
      text += "Group \(index),KE,spo,\(flo)\n"
    }
    let dry = try box.run(["producer", "import", try box.file("large.csv", text), "--dry-run"])
    #expect(dry.status == 0, "\(dry.stderr)")
    let lines = dry.stdout.split(separator: "\n").dropLast()
    let numbers = lines.compactMap { Int($0.dropFirst(5).prefix { $0.isNumber }) }
    #expect(numbers == Array(2...301))
    #expect(lines.filter { $0.contains(": add Group") }.count == 294)
    #expect(
      lines.contains {
        $0
          == "line 9: Kabarole Tea Growers Cooperative Union (FLO 27651): name 'Kabarole Tea Growers Cooperative Union' → 'Group 7'; country UG → KE"
      })
    #expect(dry.stdout.hasSuffix("dry run: would add 294, update 6, leave 0 unchanged; nothing was written\n"))
  }

  @Test func aDryRunQueuesNothingToSync() throws {
    let unit = try Unit()
    func pending() throws -> Int? {
      try unit.json(unit.akinyi, ["sync", "status"])["pending_changes"] as? Int
    }
    #expect(try pending() == 0)
    let path = try unit.box.file("new.csv", "name,country,type\nKuapa Kokoo Union,GH,spo\n")
    let dry = try unit.run(unit.akinyi, ["producer", "import", path, "--dry-run"])
    #expect(dry.status == 0, "\(dry.stderr)")
    #expect(dry.stdout.hasPrefix("line 2: add Kuapa Kokoo Union, GH\n"))
    #expect(try pending() == 0)
    #expect(try unit.digest(unit.akinyi) == unit.digest(unit.hub))
    try unit.ok(unit.akinyi, ["producer", "import", path])
    #expect(try pending() == 1)
  }
}
