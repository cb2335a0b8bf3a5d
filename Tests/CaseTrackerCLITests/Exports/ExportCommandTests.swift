import CaseTracker
import Foundation
import Testing

/// The rows of a CSV text, as psr's own reader reads them.
func csvRows(_ text: String, delimiter: CSVDelimiter = .comma) throws -> [[String]] {
  var reader = CSVReader(bytes: Array(text.utf8))
  reader.use(delimiter)
  var rows: [[String]] = []
  while let record = try reader.next() { rows.append(record.fields) }
  return rows
}

/// `rows` without the column named `name` (in the header, the first row).
func dropping(_ name: String, from rows: [[String]]) -> [[String]] {
  guard let index = rows.first?.firstIndex(of: name) else { return rows }
  return rows.map { row in
    var row = row
    row.remove(at: index)
    return row
  }
}

/// JSON objects without `key`, by their `id`.
func byID(_ objects: [[String: Any]], dropping key: String = "short_id") -> [String: NSDictionary] {
  Dictionary(
    uniqueKeysWithValues: objects.map { object in
      var object = object
      object.removeValue(forKey: key)
      return (object["id"] as? String ?? "", object as NSDictionary)
    })
}

/// A field office with one record of each kind, and their ids.
struct ExportOffice {
  let box: Sandbox
  let certificationCase: String
  let liaisonCase: String
  let visit: String
  let audit: String
  let nc: String

  init() throws {
    box = try fieldOffice()
    certificationCase = try box.openCase(
      [
        "--type", "certification", "--title", "Préparer l'audit, phase 1", "--producer", "27651", "--due",
        "2026-12-15", "--tag", "audit", "--tag", "coopérative",
      ], today: "2026-11-20")
    try box.act(["case", "note", certificationCase, "Called the board; \"all set\""], today: "2026-11-21")
    liaisonCase = try box.openCase(
      ["--type", "liaison", "--title", "=SUM(1) meeting", "--country", "KE"], today: "2026-11-22")
    try box.act(["case", "close", liaisonCase, "--cancel", "--reason", "Moved to 2027"], today: "2026-11-23")
    visit = try box.act(
      [
        "visit", "log", "--kind", "field-visit", "--date", "2026-11-21", "--producer", "27651", "--hours", "2.5",
        "--women", "3", "--men", "4", "--topic", "soil", "--topic", "ICS", "--summary",
        "Visited the drying beds,\nwith \"quotes\"", "--case", certificationCase,
      ], today: "2026-11-21"
    ).stdout.trimmingCharacters(in: .newlines)
    try box.act(
      ["visit", "log", "--kind", "workshop", "--date", "2026-11-10", "--country", "PE", "--summary", "Taller"],
      today: "2026-11-21")
    audit = try box.act([
      "audit", "record", "--producer", "27651", "--kind", "initial", "--date", "2026-10-14", "--result",
      "Two NCs, none major",
    ]).stdout.trimmingCharacters(in: .newlines)
    nc = try box.act([
      "nc", "add", "--producer", "27651", "--audit", audit, "--criterion", "SPO 4.1.2", "--type", "core",
      "--deadline", "2027-01-15", "--description", "No written list of pesticides", "--measure", "Draft the list",
    ]).stdout.trimmingCharacters(in: .newlines)
    try box.act(["case", "update", certificationCase, "--nc", nc])
    try box.act([
      "insight", "add", "--country", "KE", "--kind", "price", "--product", "coffee", "--date", "2026-11-10",
      "Prices up; buyers say so",
    ])
    try box.act(["insight", "add", "--country", "PE", "--kind", "climate", "--date", "2026-11-12", "Dry season"])
  }

  /// `psr ARGS --today 2026-11-26`, expected to succeed.
  func ok(_ arguments: [String]) throws -> String {
    try box.ok(arguments + ["--today", "2026-11-26"])
  }

  func objects(_ arguments: [String]) throws -> [[String: Any]] {
    try #require(try json(ok(arguments)) as? [[String: Any]])
  }
}

@Suite struct ExportCommandTests {
  @Test func casesInCSVAndJSONHoldWhatShowAndListHold() throws {
    let office = try ExportOffice()
    let csv = try office.ok(["case", "export"])
    #expect(
      csv.hasPrefix(
        "id,short_id,type,title,producer_id,producer_name,country,officer,status,status_class,priority,due_date,overdue,days_open,tags,resolution,opened_at,opened_by,closed_at,updated_at,nc_ids\r\n"
      ))
    let rows = try csvRows(csv)
    #expect(rows.count == 3)  // the header and two cases
    // Oldest first, every field whole: the same cells as the list, plus the short id.
    let listed = try csvRows(office.ok(["case", "list", "--open", "--closed", "--format", "csv"]))
    #expect(dropping("nc_ids", from: dropping("short_id", from: rows)) == listed)
    #expect(rows[1][20].count == 36 && rows[1][20].hasPrefix(office.nc) && rows[2][20] == "")
    #expect(rows[1][1] == office.certificationCase && rows[1][0].hasPrefix(office.certificationCase))
    #expect(rows[1][3] == "Préparer l'audit, phase 1")
    #expect(rows[1][14] == "audit,coopérative")
    // A title a spreadsheet would run as a formula is guarded, as in every CSV psr writes.
    #expect(rows[2][3] == "'=SUM(1) meeting" && rows[2][8] == "cancelled" && rows[2][15] == "Moved to 2027")

    // JSON: each case as 'case show' gives it, its events included, plus the short id.
    let objects = try office.objects(["case", "export", "--format", "json"])
    #expect(objects.map { $0["short_id"] as? String } == rows.dropFirst().map { $0[1] })
    for object in objects {
      let id = try #require(object["short_id"] as? String)
      var shown = try #require(try json(office.ok(["case", "show", id, "--format", "json"])) as? [String: Any])
      var exported = object
      exported.removeValue(forKey: "short_id")
      // Each event with its id, which 'case show' leaves out.
      let events = try #require(exported["events"] as? [[String: Any]])
      #expect(events.allSatisfy { ($0["id"] as? String)?.count == 36 })
      exported["events"] = events.map { $0.filter { $0.key != "id" } }
      // The linked NCs by id, which 'case show' gives whole.
      let ncs = try #require(shown.removeValue(forKey: "non_conformities") as? [[String: Any]])
      #expect(exported.removeValue(forKey: "nc_ids") as? [String] == ncs.map { $0["id"] as? String ?? "" })
      #expect(exported as NSDictionary == shown as NSDictionary)
    }
    let events = try #require(objects[0]["events"] as? [[String: Any]])
    #expect(events.map { $0["kind"] as? String } == ["opened", "note", "visit", "changed"])
    #expect(events[1]["text"] as? String == "Called the board; \"all set\"")
    #expect(objects[0]["tags"] as? [String] == ["audit", "coopérative"])
    #expect(objects[1]["title"] as? String == "=SUM(1) meeting")
  }

  @Test func caseEventsInCSVAreTheTimelinesWithTheirCase() throws {
    let office = try ExportOffice()
    let rows = try csvRows(office.ok(["case", "export", "--events"]))
    #expect(
      rows[0] == [
        "case_id", "case_short_id", "seq", "id", "at", "actor", "kind", "field", "old_value", "new_value", "text",
        "activity_id",
      ])
    // Each case's events as 'case show --format csv' gives its timeline, in the cases' order.
    var expected: [[String]] = []
    for id in ["certification", "liaison"].map({ $0 == "certification" ? office.certificationCase : office.liaisonCase }
    ) {
      expected += try csvRows(office.ok(["case", "show", id, "--format", "csv"])).dropFirst()
    }
    let body = rows.dropFirst()
    #expect(body.map { [$0[0]] + Array($0[2...2]) + Array($0[4...]) } == expected)
    #expect(body.allSatisfy { $0[1] == String($0[0].prefix(8)) && $0[3].count == 36 })
    #expect(body.filter { $0[6] == "visit" }.map { String($0[11].prefix(8)) } == [office.visit])
    let refused = try office.box.run(["case", "export", "--events", "--format", "json"])
    #expect(refused.status == 64)
    #expect(refused.stderr.contains("--events is for CSV; a JSON export gives each case its events already"))
  }

  @Test func visitsAuditsNCsAndInsightsHoldWhatTheirListsHold() throws {
    let office = try ExportOffice()
    for (noun, count) in [("visit", 2), ("audit", 1), ("nc", 1), ("insight", 2)] {
      let rows = try csvRows(office.ok([noun, "export"]))
      #expect(rows.count == count + 1, "\(noun)")
      #expect(rows[0][0...1] == ["id", "short_id"], "\(noun)")
      #expect(rows.dropFirst().allSatisfy { $0[1] == String($0[0].prefix(8)) && $0[0].count == 36 }, "\(noun)")
      let listed = try csvRows(office.ok([noun, "list", "--format", "csv"]))
      #expect(Set(dropping("short_id", from: rows)) == Set(listed), "\(noun)")
      let objects = try office.objects([noun, "export", "--format", "json"])
      let listedObjects = try office.objects([noun, "list", "--format", "json"])
      #expect(byID(objects) == byID(listedObjects, dropping: "none"), "\(noun)")
    }
    // Known values, whole.
    let visits = try office.objects(["visit", "export", "--format", "json"])
    #expect(visits.map { $0["date"] as? String } == ["2026-11-10", "2026-11-21"])
    #expect(visits[1]["summary"] as? String == "Visited the drying beds,\nwith \"quotes\"")
    #expect(visits[1]["hours"] as? Double == 2.5 && visits[1]["women"] as? Int == 3)
    #expect(visits[1]["topics"] as? [String] == ["ics", "soil"])
    #expect((visits[1]["case_ids"] as? [String])?.first?.hasPrefix(office.certificationCase) == true)
    let visitRows = try csvRows(office.ok(["visit", "export"]))
    #expect(visitRows[2][14] == "Visited the drying beds,\nwith \"quotes\"")
    let ncs = try office.objects(["nc", "export", "--format", "json"])
    #expect(ncs.first?["short_id"] as? String == office.nc)
    #expect((ncs.first?["audit_id"] as? String)?.hasPrefix(office.audit) == true)
    #expect(ncs.first?["description"] as? String == "No written list of pesticides")
    let insights = try office.objects(["insight", "export", "--format", "json"])
    #expect(insights.map { $0["text"] as? String } == ["Prices up; buyers say so", "Dry season"])
  }

  @Test func filtersSelectByPlaceAndDate() throws {
    let office = try ExportOffice()
    func count(_ arguments: [String]) throws -> Int { try csvRows(office.ok(arguments)).count - 1 }
    #expect(try count(["visit", "export", "--region", "AME"]) == 1)
    #expect(try count(["visit", "export", "--country", "PE"]) == 1)
    #expect(try count(["visit", "export", "--from", "2026-11-11"]) == 1)
    #expect(try count(["visit", "export", "--to", "2026-11-10"]) == 1)
    #expect(try count(["insight", "export", "--region", "LAC"]) == 1)
    #expect(try count(["case", "export", "--from", "2026-11-21", "--to", "2026-11-22"]) == 1)
    #expect(try count(["case", "export", "--to", "2026-11-20"]) == 1)
    #expect(try count(["case", "export", "--country", "KE"]) == 1)
    #expect(try count(["case", "export", "--events", "--to", "2026-11-20"]) == 4)
    #expect(try count(["audit", "export", "--region", "LAC"]) == 0)
    #expect(try count(["audit", "export", "--from", "2026-10-14", "--to", "2026-10-14"]) == 1)
    #expect(try count(["nc", "export", "--region", "AME-ECA"]) == 1)
    #expect(try office.ok(["audit", "export", "--region", "LAC", "--format", "json"]) == "[]\n")
    let wrong = try office.box.run(["visit", "export", "--region", "NOWHERE"])
    #expect(wrong.status == 65 && wrong.stdout == "")
    #expect(wrong.stderr.hasPrefix("psr: ") && wrong.stderr.contains("NOWHERE"))
    let badDate = try office.box.run(["case", "export", "--from", "2026-02-30"])
    #expect(badDate.status == 65 && badDate.stdout == "")
  }

  @Test func outputFileExcelAndDelimiter() throws {
    let office = try ExportOffice()
    let path = office.box.folder.appendingPathComponent("cases.csv").path
    let written = try office.box.run(["case", "export", "--output", path, "--today", "2026-11-26"])
    #expect(written.status == 0 && written.stdout == "")
    let stdout = try office.ok(["case", "export"])
    #expect(written.stderr == "wrote 2 cases to \(path) (\(stdout.utf8.count) bytes)\n")
    #expect(try String(contentsOfFile: path, encoding: .utf8) == stdout)
    let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
    #expect(mode == 0o600)
    // The extension names the format.
    let jsonPath = office.box.folder.appendingPathComponent("visits.json").path
    try office.ok(["visit", "export", "--output", jsonPath])
    #expect(
      try String(contentsOfFile: jsonPath, encoding: .utf8) == office.ok(["visit", "export", "--format", "json"]))
    // Excel: a byte order mark, CRLF line ends; with ';' the cells split where the list separator is one.
    let excel = try office.ok(["insight", "export", "--excel", "--delimiter", ";"])
    #expect(
      excel.hasPrefix("\u{FEFF}id;short_id;date;officer;country;product;kind;text;created_at;voided_at;void_reason\r\n")
    )
    #expect(excel.contains(";\"Prices up; buyers say so\";"))
    let rows = try csvRows(excel, delimiter: .semicolon)
    let commas = try csvRows(office.ok(["insight", "export"]))
    #expect(rows.dropFirst() == commas.dropFirst())
    let refused = try office.box.run(["nc", "export", "--format", "json", "--excel"])
    #expect(refused.status == 64 && refused.stdout == "")
    #expect(refused.stderr.contains("--excel and --delimiter are for CSV"))
    let folder = try office.box.run(["audit", "export", "--output", office.box.folder.path])
    #expect(folder.status == 65 && folder.stderr.contains("is a folder; give --output a file name"))
  }
}
