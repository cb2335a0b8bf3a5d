import Foundation
import Testing

/// CSV as spreadsheets write it: semicolons or tabs between fields, a byte order mark, blank rows and
/// columns left at the end.
@Suite struct SpreadsheetImportTests {
  /// The producers' names, countries and FLO IDs, as JSON gives them.
  func producers(_ box: Sandbox) throws -> [[String: Any]] {
    try #require(try json(box.ok(["producer", "list", "--format", "json"])) as? [[String: Any]])
  }

  @Test func aSemicolonFileFromExcelIsReadWithItsAccents() throws {
    let box = try Sandbox()
    try box.initialize()
    // What Excel in a French locale saves as "CSV UTF-8": a byte order mark, semicolons, CRLF, and commas
    // and semicolons inside quoted fields.
    let text =
      "\u{FEFF}name;country;type;flo_id;products;members\r\n"
      + "Coopérative Agricole Kavokiva;CI;spo;3071;\"cocoa,coffee\";\"6500\"\r\n"
      + "\"Société des Planteurs; Nord\";CI;spo;;cocoa;120\r\n"
    let result = try box.run(["producer", "import", try box.file("excel-fr.csv", text)])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout == "")
    #expect(result.stderr.contains("imported: 2 added, 0 updated, 0 unchanged"))
    let rows = try producers(box)
    #expect(rows.map { $0["name"] as? String } == ["Coopérative Agricole Kavokiva", "Société des Planteurs; Nord"])
    #expect(rows.first?["products"] as? [String] == ["cocoa", "coffee"])
    #expect(rows.first?["members"] as? Int == 6500)
    #expect(rows.first?["flo_id"] as? String == "3071")
  }

  @Test func aTabFileIsRead() throws {
    let box = try Sandbox()
    try box.initialize()
    let text = "name\tcountry\ttype\tproducts\nCooperativa Café, Norte\tPE\tspo\tcoffee;cocoa\n"
    let result = try box.run(["producer", "import", try box.file("tabs.txt", text)])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stderr.contains("imported: 1 added"))
    let rows = try producers(box)
    #expect(rows.first?["name"] as? String == "Cooperativa Café, Norte")
    #expect(rows.first?["products"] as? [String] == ["coffee", "cocoa"])
  }

  @Test func blankRowsAndTrailingBlankColumnsAreIgnored() throws {
    let box = try Sandbox()
    try box.initialize()
    let text = """
      name;country;type;members;;;
      ;;;;;;
      Kuapa Kokoo;GH;spo;100000;;;
      ;;;;;;

      Sunrise Flower Farm;KE;hlo;1350;;;
      ;;;
      Mbale Coffee Group;UG;spo;80
      ;;;;;;

      """
    let result = try box.run(["producer", "import", try box.file("blank.csv", text)])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stderr.contains("imported: 3 added, 0 updated, 0 unchanged"))
    #expect(
      try producers(box).map { $0["name"] as? String } == ["Kuapa Kokoo", "Mbale Coffee Group", "Sunrise Flower Farm"])
  }

  @Test func emptyCellsPastTheHeaderAndBlankRowsAboveItAreIgnored() throws {
    let box = try Sandbox()
    try box.initialize()
    // Empty cells on a data row only (the header has none), and rows cleared above the header.
    let trailing = try box.run(
      ["producer", "import", try box.file("trailing.csv", "name,country,type\nRow Extra,KE,spo,,,\n")])
    #expect(trailing.status == 0, "\(trailing.stderr)")
    let above = try box.run(
      ["producer", "import", try box.file("above.csv", "\n\n;;;\nname;country;type\nRow Semi;KE;spo\n")])
    #expect(above.status == 0, "\(above.stderr)")
    #expect(try producers(box).compactMap { $0["name"] as? String }.sorted() == ["Row Extra", "Row Semi"])
    // A value past the header's columns is still refused, with its line.
    let value = try box.run(["producer", "import", try box.file("value.csv", "name,country,type\nRow Bad,KE,spo,,x\n")])
    #expect(value.status == 65)
    #expect(value.stderr.contains("line 2: expected 3 fields as in the header, found 5"), "\(value.stderr)")
    #expect(try producers(box).count == 2)
  }

  @Test func aValueUnderABlankHeaderIsAProblemOfItsLine() throws {
    let box = try Sandbox()
    try box.initialize()
    let text = "name;country;type;;\nKuapa Kokoo;GH;spo;;\nSunrise Flower Farm;KE;hlo;;see note\n"
    let result = try box.run(["producer", "import", try box.file("stray.csv", text)])
    #expect(result.status == 65)
    #expect(result.stdout == "")
    #expect(
      result.stderr == """
        psr: the import was refused and nothing was changed: 1 problem:
          line 3: a value in column 5, which has no name in the header ('see note'); name the column in the header or clear the cell
        fix these rows and run the import again

        """)
    #expect(try producers(box).isEmpty)
    // A blank header cell between named ones is refused by the header itself.
    let middle = try box.run(["producer", "import", try box.file("middle.csv", "name;;country;type\nA;;GH;spo\n")])
    #expect(middle.status == 65)
    #expect(middle.stderr.contains("line 1: column 2 has no name in the header; name it (the columns are id, name,"))
  }

  @Test func aFileWithAByteOrderMarkIsRead() throws {
    let box = try Sandbox()
    try box.initialize()
    let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("name,country,type\nCoopérative Kavokiva,CI,spo\n".utf8)
    let result = try box.run(["producer", "import", try box.file("bom.csv", bytes: bytes)])
    #expect(result.status == 0, "\(result.stderr)")
    // The header's first column is "name", not "\u{FEFF}name".
    #expect(try producers(box).first?["name"] as? String == "Coopérative Kavokiva")
  }

  @Test func delimiterOptionOverridesTheHeaderAndRefusesOtherValues() throws {
    let box = try Sandbox()
    try box.initialize()
    // --delimiter is taken as given, whatever the header shows.
    let path = try box.file("one.csv", "name;country;type\nKuapa Kokoo;GH;spo\n")
    for given in [";", "semicolon"] {
      let result = try box.run(["producer", "import", path, "--delimiter", given, "--dry-run"])
      #expect(result.status == 0, "\(result.stderr)")
    }
    // Read with commas, the header is one unknown column.
    let comma = try box.run(["producer", "import", path, "--delimiter", ","])
    #expect(comma.status == 65)
    #expect(comma.stderr.contains("line 1: unknown column 'name;country;type' (column 1)"))
    let tabs = try box.file("tabs.tsv", "name\tcountry\ttype\nKuapa Kokoo\tGH\tspo\n")
    for given in ["tab", "\\t", "\t"] {
      #expect(try box.run(["producer", "import", tabs, "--delimiter", given, "--dry-run"]).status == 0)
    }
    for wrong in ["|", "semi", ";;"] {
      let result = try box.run(["producer", "import", path, "--delimiter", wrong])
      #expect(result.status == 64)
      #expect(result.stdout == "")
      #expect(result.stderr.contains("give ',' (comma), ';' (semicolon) or 'tab' (or '\\t'), not '\(wrong)'"))
      #expect(result.stderr.hasPrefix("psr: "))
      #expect(result.stderr.components(separatedBy: "\n").count == 2)
    }
    #expect(try producers(box).isEmpty)
  }

  @Test func excelExportHasAByteOrderMarkAndImportsBack() throws {
    let box = try Sandbox()
    try box.initialize()
    try box.ok(["producer", "import", try box.file("in.csv", "name;country;type\nCoopérative Kavokiva;CI;spo\n")])
    let plain = try box.ok(["producer", "export"])
    #expect(plain.hasPrefix("id,name,"))
    let excel = try box.run(["producer", "export", "--excel"])
    #expect(excel.status == 0)
    #expect(Array(excel.stdout.utf8.prefix(3)) == [0xEF, 0xBB, 0xBF])
    #expect(excel.stdout == "\u{FEFF}" + plain)
    #expect(excel.stdout.hasSuffix("\r\n"))
    // Semicolons, for Excel where the list separator is a semicolon; both read back unchanged.
    let semicolons = try box.ok(["producer", "export", "--excel", "--delimiter", ";"])
    #expect(semicolons.hasPrefix("\u{FEFF}id;name;country;type;flo_id;products;members;status;status_since\r\n"))
    for (name, text) in [("excel.csv", excel.stdout), ("semicolons.csv", semicolons)] {
      let again = try box.run(["producer", "import", try box.file(name, text)])
      #expect(again.stderr.contains("0 added, 0 updated, 1 unchanged"), "\(again.stderr)")
    }
    let refused = try box.run(["producer", "export", "--format", "json", "--excel"])
    #expect(refused.status == 64)
    #expect(refused.stderr.contains("--excel and --delimiter are for CSV; leave them out of a JSON export"))
  }
}
