import Foundation
import Testing

@Suite struct ImportExportCommandTests {
  let fixture = fixtures.appendingPathComponent("producers.csv").path

  @Test func importReportsCountsAndExportRoundTrips() throws {
    let box = try Sandbox()
    try box.initialize()
    let imported = try box.run(["producer", "import", fixture])
    #expect(imported.status == 0)
    #expect(imported.stderr.contains("imported: 10 added, 0 updated, 0 unchanged"))
    let export = try box.ok(["producer", "export"])
    #expect(export.hasPrefix("id,name,country,type,flo_id,products,members,status,status_since\r\n"))

    // Into the same database: nothing changes.
    let again = try box.run(["producer", "import", try box.file("export.csv", export)])
    #expect(again.stderr.contains("0 added, 0 updated, 10 unchanged"))
    #expect(try box.ok(["producer", "export"]) == export)

    // Into a new database: the same producers, ids included.
    let other = try Sandbox()
    try other.initialize()
    try other.ok(["producer", "import", try other.file("export.csv", export)])
    #expect(try other.ok(["producer", "export"]) == export)

    let json = try #require(try json(box.ok(["producer", "export", "--format", "json"])) as? [[String: Any]])
    #expect(json.count == 10)
  }

  @Test func rowsWithKnownFLOIDsUpdateAndDryRunWritesNothing() throws {
    let box = try Sandbox()
    try box.initialize()
    try box.ok(["producer", "import", fixture])
    let before = try box.ok(["producer", "export"])
    let changes = """
      flo_id,name,type,country,members
      27651,Kabarole Tea Growers Cooperative Union,spo,UG,900
      ,New Prospect Group,spo,RW,40
      """
    let path = try box.file("changes.csv", changes)
    let dry = try box.run(["producer", "import", path, "--dry-run"])
    #expect(dry.status == 0)
    #expect(dry.stdout.hasSuffix("dry run: would add 1, update 1, leave 0 unchanged; nothing was written\n"))
    #expect(try box.ok(["producer", "export"]) == before)
    let real = try box.run(["producer", "import", path])
    #expect(real.stderr.contains("imported: 1 added, 1 updated, 0 unchanged"))
    let shown = try #require(try json(box.ok(["producer", "show", "27651", "--format", "json"])) as? [String: Any])
    #expect(shown["members"] as? Int == 900)
    #expect(shown["products"] as? [String] == ["tea", "coffee"])
    #expect(shown["status"] as? String == "certified")
  }

  @Test func bomCRLFAndQuotedFieldsAreRead() throws {
    let box = try Sandbox()
    try box.initialize()
    let good = "\u{FEFF}name,country,type,products\r\n\"Coop \"\"Alpha\"\", Ltd\",KE,spo,\"coffee;tea\"\r\n"
    try box.ok(["producer", "import", try box.file("bom.csv", good)])
    let rows = try #require(try json(box.ok(["producer", "list", "--format", "json"])) as? [[String: Any]])
    #expect(rows.first?["name"] as? String == "Coop \"Alpha\", Ltd")
    #expect(rows.first?["products"] as? [String] == ["coffee", "tea"])
    // A quoted line break is read as part of the field, and the line numbers after it stay right.
    let multiline = "name,country,type\r\n\"Two\r\nlines\",UG,spo\r\nFine,UG,spo\r\nBad,ZZ,spo\r\n"
    let result = try box.run(["producer", "import", try box.file("multi.csv", multiline)])
    #expect(result.status == 65)
    #expect(result.stderr.contains("line 2, column name: the producer name contains a control character"))
    #expect(result.stderr.contains("line 5, column country: unknown country code 'ZZ'"))
  }

  @Test func everyBadFileIsRefusedWholeAndLeavesRecordsUnchanged() throws {
    let box = try Sandbox()
    try box.initialize()
    try box.ok(["producer", "import", fixture])
    func snapshot() throws -> String {
      try box.ok(["producer", "export", "--format", "json"])
        + box.ok(["officer", "list", "--inactive", "--format", "json"])
        + box.ok(["country", "list", "--format", "csv"]) + box.ok(["region", "list", "--format", "csv"])
    }
    let before = try snapshot()
    let header = "name,country,type,flo_id,products,members,status\n"
    let files: [(String, [UInt8], String)] = [
      (
        "malformed quote", Array((header + "Good Coop,KE,spo,,,,\nBad \"Coop,KE,spo,,,,\n").utf8),
        "line 3: a quote (\") inside unquoted field 1"
      ),
      ("unclosed quote", Array((header + "\"Open Coop,KE,spo,,,,\n").utf8), "line 2: a quoted field is never closed"),
      ("wrong column", Array("name,country,type,colour\nA,KE,spo,red\n".utf8), "unknown column 'colour' (column 4)"),
      ("missing column", Array("name,type\nA,spo\n".utf8), "the required column 'country' is missing"),
      (
        "unknown country", Array((header + "Good Coop,KE,spo,,,,\nLost Coop,XX,spo,,,,\n").utf8),
        "line 3, column country: unknown country code 'XX'"
      ),
      (
        "duplicate FLO ID", Array((header + "One,KE,spo,777,,,\nTwo,UG,spo,777,,,\n").utf8),
        "line 3, column flo_id: FLO ID 777 appears again; it is already on line 2"
      ),
      (
        "FLO ID taken",
        Array("id,name,country,type,flo_id\nabcdef01-0000-4000-8000-000000000001,Other,KE,spo,27651\n".utf8),
        "line 2, column flo_id: FLO ID 27651 belongs to Kabarole Tea Growers Cooperative Union"
      ),
      (
        "invalid UTF-8", Array(header.utf8) + [0x43, 0x6F, 0xFF, 0xFE] + Array(",KE,spo,,,,\n".utf8),
        "line 2: field 1 is not valid UTF-8"
      ),
      ("empty file", [], "the file is empty"),
      ("field count", Array((header + "Short,KE\n").utf8), "line 2: expected 7 fields as in the header, found 2"),
      ("bad values", Array((header + "A,KE,coop,x1,,-3,gold\n").utf8), "line 2, column type"),
    ]
    for (label, bytes, message) in files {
      let path = try box.file("\(label).csv", bytes: bytes)
      let result = try box.run(["producer", "import", path])
      #expect(result.status == 65, "\(label)")
      #expect(result.stderr.contains(message), "\(label): \(result.stderr)")
      #expect(result.stderr.contains("nothing was changed") || result.stderr.contains("the file is empty"), "\(label)")
      #expect(result.stdout == "")
      #expect(try snapshot() == before, "\(label) changed the database")
    }
    let missing = try box.run(["producer", "import", box.folder.appendingPathComponent("absent.csv").path])
    #expect(missing.status == 66)
  }

  @Test func manyBadRowsAreListedUpToTwenty() throws {
    let box = try Sandbox()
    try box.initialize()
    var text = "name,country,type\n"
    for index in 1...25 { text += "Coop \(index),Q\(index % 10),spo\n" }
    let result = try box.run(["producer", "import", try box.file("many.csv", text)])
    #expect(result.status == 65)
    #expect(result.stderr.contains("25 problems (the first 20 shown)"))
    #expect(result.stderr.contains("line 2, column country"))
    #expect(result.stderr.contains("line 21, column country"))
    #expect(!result.stderr.contains("line 22, column"))
    #expect(try box.ok(["producer", "list", "--format", "csv"]).split(separator: "\r\n").count == 1)
  }

  @Test func importReadsStandardInput() throws {
    let box = try Sandbox()
    try box.initialize()
    let result = try box.run(["producer", "import", "-"], input: "name,country,type\nPiped Coop,GH,spo\n")
    #expect(result.status == 0)
    #expect(try box.ok(["producer", "list", "--format", "csv"]).contains("Piped Coop,GH,spo"))
  }

  @Test func formulaCellsAreNeutralisedInCSVAndRestoredOnImport() throws {
    let box = try Sandbox()
    try box.initialize()
    let names = ["=HYPERLINK(\"http://x\",\"click\")", "+1 Coop", "-Minus Group", "@SUM(A1)", "'quoted Coop"]
    for name in names { try box.ok(["producer", "add", "--name=\(name)", "--country", "KE", "--type", "spo"]) }
    let export = try box.ok(["producer", "export"])
    #expect(export.contains("\"'=HYPERLINK(\"\"http://x\"\",\"\"click\"\")\""))
    #expect(export.contains(",'+1 Coop,"))
    #expect(export.contains(",'-Minus Group,"))
    #expect(export.contains(",'@SUM(A1),"))
    #expect(export.contains(",'quoted Coop,"))
    let other = try Sandbox()
    try other.initialize()
    try other.ok(["producer", "import", try other.file("export.csv", export)])
    let rows = try #require(try json(other.ok(["producer", "list", "--format", "json"])) as? [[String: Any]])
    #expect(Set(rows.compactMap { $0["name"] as? String }) == Set(names))
    #expect(try other.ok(["producer", "export"]) == export)
  }
}

@Suite struct FormulaGuardRoundTripTests {
  /// Every prefix a spreadsheet reads as a formula, alone, behind one, two or three apostrophes, and the
  /// apostrophes alone: export then import changes no name and reports every row unchanged.
  @Test func everyPrefixComesBackExactly() throws {
    let box = try Sandbox()
    try box.initialize()
    var names: [String] = []
    for prefix in ["", "'", "''", "'''"] {
      for trigger in ["=", "+", "-", "@"] { names.append(prefix + trigger + "Coop \(names.count)") }
      names.append(prefix + "Plain Coop \(names.count)")
    }
    names += ["'", "''", "'x'", "Coop '=", "=", "'=", "''+", "'@'"]
    for name in names { try box.ok(["producer", "add", "--name=\(name)", "--country", "KE", "--type", "spo"]) }
    let export = try box.ok(["producer", "export"])
    let again = try box.run(["producer", "import", try box.file("export.csv", export)])
    #expect(again.status == 0, "\(again.stderr)")
    #expect(again.stderr.contains("0 added, 0 updated, \(names.count) unchanged"), "\(again.stderr)")
    let other = try Sandbox()
    try other.initialize()
    try other.ok(["producer", "import", try other.file("export.csv", export)])
    let rows = try #require(try json(other.ok(["producer", "list", "--format", "json"])) as? [[String: Any]])
    #expect(rows.compactMap { $0["name"] as? String }.sorted() == names.sorted())
    #expect(export.contains(",''=Coop 5,"))
    #expect(export.contains(",'Plain Coop 9,"))
  }
}

@Suite struct HostileImportFileTests {
  /// A header of a million commas once printed 1,000,002 problem lines and took 735 MB; a row of twenty
  /// million commas took 566 MB. Each is now one problem, and the database is as it was.
  @Test func hugeRecordsAreOneProblemAndChangeNothing() throws {
    let box = try Sandbox()
    try box.initialize()
    try box.ok(["producer", "add", "--name", "Kept Coop", "--country", "KE", "--type", "spo"])
    let before = try box.ok(["producer", "export"])
    let header = try box.file("header.csv", String(repeating: ",", count: 1_000_000) + "\n")
    let row = try box.file("row.csv", "name,country,type\n" + String(repeating: ",", count: 20_000_000) + "\n")
    let wide = "name,country,type," + (1...40).map { "x\($0)" }.joined(separator: ",") + "\n"
    let unknown = try box.file("unknown.csv", wide)
    for (file, line) in [(header, "line 1:"), (row, "line 2:"), (unknown, "line 1")] {
      let result = try box.run(["producer", "import", file])
      #expect(result.status == 65)
      let lines = result.stderr.split(separator: "\n")
      #expect(lines.count <= 23, "\(lines.count) lines")
      #expect(result.stderr.contains(line))
    }
    #expect(try box.ok(["producer", "export"]) == before)
  }
}
