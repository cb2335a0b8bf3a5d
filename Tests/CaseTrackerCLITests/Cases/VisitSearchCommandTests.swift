import Foundation
import Testing

@Suite struct VisitSearchCommandTests {
  @Test func visitLogLinksCasesAndShowsInEveryFormat() throws {
    let box = try fieldOffice()
    let caseID = try box.openCase(
      ["--type", "certification", "--title", "ICS documents", "--producer", "27651"], today: "2026-11-01")
    let logged = try box.officer([
      "visit", "log", "--kind", "training", "--date", "2026-11-20", "--producer", "27651", "--hours", "4.5",
      "--women", "14", "--men", "9", "--other", "1", "--topic", "ICS", "--topic", "gender",
      "--summary", "Internal control system training with the board", "--case", caseID,
    ])
    #expect(logged.status == 0)
    let visit = logged.stdout.trimmingCharacters(in: .newlines)
    #expect(visit.count == 8)
    let shown = try #require(try json(box.ok(["visit", "show", visit, "--format", "json"])) as? [String: Any])
    #expect(shown["officer"] as? String == "akinyi")
    #expect(shown["country"] as? String == "UG")
    #expect(shown["hours"] as? Double == 4.5)
    #expect(shown["participants"] as? Int == 24)
    #expect(shown["topics"] as? [String] == ["gender", "ics"])
    #expect((shown["case_ids"] as? [String])?.first?.hasPrefix(caseID) == true)
    let events = try #require(try box.caseJSON(caseID)["events"] as? [[String: Any]])
    #expect(events.last?["kind"] as? String == "visit")
    #expect((events.last?["activity_id"] as? String)?.hasPrefix(visit) == true)
    let csv = try box.ok(["visit", "list", "--format", "csv"])
    #expect(csv.hasPrefix("id,date,kind,officer,producer_id,producer_name,country,hours,women,men,other,participants,"))
    #expect(try box.ok(["visit", "list"]).contains("14/9/1"))
  }

  @Test func visitRulesAreEnforced() throws {
    let box = try fieldOffice()
    let closed = try box.openCase(["--type", "trade", "--title", "Done deal", "--producer", "1503"])
    try box.act(["case", "close", closed, "--resolution", "Signed"])
    let cases: [([String], Int32, String)] = [
      (["--kind", "field-visit", "--date", "2026-11-20", "--country", "KE", "--summary", "x"], 65, "give --producer"),
      (
        ["--kind", "field-visit", "--date", "2026-11-27", "--producer", "19876", "--summary", "x"], 65,
        "is not a plausible visit date: it is in the future"
      ),
      (["--kind", "workshop", "--date", "2026-11-20", "--summary", "x"], 65, "give --country"),
      (
        ["--kind", "meeting", "--date", "2026-11-20", "--producer", "19876", "--country", "UG", "--summary", "x"], 65,
        "is in KE, not UG"
      ),
      (
        ["--kind", "remote", "--date", "2026-11-20", "--producer", "19876", "--hours", "0", "--summary", "x"], 65,
        "--hours"
      ),
      (
        ["--kind", "remote", "--date", "2026-11-20", "--producer", "19876", "--women", "-2", "--summary", "x"], 64,
        "--women"
      ),
      (
        ["--kind", "remote", "--date", "2026-11-20", "--producer", "19876", "--summary", "x", "--case", closed], 65,
        "closed case"
      ),
      (["--kind", "party", "--date", "2026-11-20", "--summary", "x"], 64, "party"),
    ]
    for (arguments, status, message) in cases {
      let result = try box.officer(["visit", "log"] + arguments)
      #expect(result.status == status, "\(arguments)")
      #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
    }
    let noOfficer = try box.run([
      "visit", "log", "--kind", "workshop", "--date", "2026-11-20", "--country", "KE", "--summary", "x",
    ])
    #expect(noOfficer.status == 65)
    #expect(noOfficer.stderr.contains("give --officer HANDLE"))
    #expect(try box.ok(["visit", "list", "--format", "csv"]).split(separator: "\r\n").count == 1)
    let workshop = try box.officer([
      "visit", "log", "--kind", "workshop", "--date", "2026-11-20", "--country", "KE", "--summary",
      "Regional tea workshop",
    ])
    #expect(workshop.status == 0)
  }

  @Test func visitListFilters() throws {
    let box = try fieldOffice()
    try box.act([
      "visit", "log", "--kind", "field-visit", "--date", "2026-10-01", "--producer", "27651", "--summary", "a",
    ])
    try box.act([
      "visit", "log", "--kind", "remote", "--date", "2026-10-15", "--producer", "22015", "--officer", "mateo",
      "--summary", "b",
    ])
    try box.act(["visit", "log", "--kind", "event", "--date", "2026-11-01", "--country", "KE", "--summary", "c"])
    func summaries(_ arguments: [String]) throws -> [String] {
      let rows = try #require(try json(box.ok(["visit", "list", "--format", "json"] + arguments)) as? [[String: Any]])
      return rows.compactMap { $0["summary"] as? String }
    }
    #expect(try summaries([]) == ["c", "b", "a"])
    #expect(try summaries(["--region", "AME"]) == ["c", "a"])
    #expect(try summaries(["--country", "BO"]) == ["b"])
    #expect(try summaries(["--officer", "mateo"]) == ["b"])
    #expect(try summaries(["--producer", "27651"]) == ["a"])
    #expect(try summaries(["--kind", "event"]) == ["c"])
    #expect(try summaries(["--from", "2026-10-01", "--to", "2026-10-15"]) == ["b", "a"])
  }

  @Test func insightsAreAddedAndListed() throws {
    let box = try fieldOffice()
    let added = try box.officer([
      "insight", "add", "--country", "KE", "--product", "Tea", "--kind", "price", "Auction prices fell 8% in October",
    ])
    #expect(added.status == 0)
    #expect(added.stdout.trimmingCharacters(in: .newlines).count == 8)
    try box.act(["insight", "add", "--country", "PE", "--kind", "climate", "--date", "2026-09-01", "Late rains"])
    let rows = try #require(try json(box.ok(["insight", "list", "--format", "json"])) as? [[String: Any]])
    #expect(rows.map { $0["country"] as? String } == ["KE", "PE"])
    #expect(rows.first?["product"] as? String == "tea")
    #expect(rows.first?["officer"] as? String == "akinyi")
    #expect(try box.ok(["insight", "list", "--region", "LAC", "--format", "csv"]).contains("Late rains"))
    #expect(!(try box.ok(["insight", "list", "--product", "tea", "--format", "csv"]).contains("Late rains")))
    #expect(try box.officer(["insight", "add", "--country", "KE", "--kind", "gossip", "x"]).status == 64)
    #expect(try box.officer(["insight", "add", "--country", "XX", "--kind", "other", "x"]).status == 65)
  }

  @Test func searchFindsEachKindOfText() throws {
    let box = try fieldOffice()
    let titled = try box.openCase(["--type", "trade", "--title", "Quinoa export contract", "--producer", "22015"])
    try box.act(["case", "note", titled, "The buyer wants organic quinoa certificates"])
    try box.act(["case", "close", titled, "--resolution", "Signed with a Hamburg importer"])
    let cancelled = try box.openCase(["--type", "business", "--title", "Credit line", "--producer", "22015"])
    try box.act(["case", "close", cancelled, "--cancel", "--reason", "Cooperative merged with Sajama"])
    try box.act([
      "visit", "log", "--kind", "field-visit", "--date", "2026-11-02", "--producer", "2311", "--summary",
      "Checked the fermentation boxes",
    ])
    try box.act(["insight", "add", "--country", "GH", "--kind", "supply", "Harmattan reduced the mid-crop"])
    func kinds(_ query: String) throws -> [String] {
      let rows = try #require(try json(box.ok(["search", query, "--format", "json"])) as? [[String: Any]])
      return rows.compactMap { $0["kind"] as? String }
    }
    #expect(try kinds("export") == ["case"])
    #expect(try kinds("organic") == ["note"])
    #expect(try kinds("hamburg") == ["resolution"])
    #expect(try kinds("sajama") == ["cancellation"])
    #expect(try kinds("fermentation") == ["visit"])
    #expect(try kinds("harmattan") == ["insight"])
    #expect(try kinds("quinoa").sorted() == ["case", "note", "producer"])  // Andean Quinoa Producers too
    let hit = try #require(try json(box.ok(["search", "organic", "--format", "json"])) as? [[String: Any]])
    #expect(hit.first?["snippet"] as? String == "The buyer wants [organic] quinoa certificates")
    #expect((hit.first?["id"] as? String)?.hasPrefix(titled) == true)
    #expect(try box.officer(["case", "update", titled, "--status", "open"]).status == 65)
    // Text that is not query syntax is searched as its words; nothing to search for is refused.
    #expect(try box.run(["search", "quinoa AND ("]).stdout.contains("quinoa"))
    #expect(try box.run(["search", "\"unterminated"]).status == 0)
    let bad = try box.run(["search", "( * )"])
    #expect(bad.status == 65)
    #expect(bad.stderr.hasPrefix("psr: cannot search for '( * )': it holds no words to look for"), "\(bad.stderr)")
    #expect(try box.run(["search", "   "]).status == 65)
    let none = try box.run(["search", "nothingmatchesthis"])
    #expect(none.status == 0)
    #expect(none.stdout == "")
  }

  @Test func renamedCaseIsFoundByItsNewTitleOnly() throws {
    let box = try fieldOffice()
    let id = try box.openCase(["--type", "trade", "--title", "Café blend for Lyon", "--producer", "1503"])
    #expect(try box.ok(["search", "cafe", "--format", "csv"]).contains(",case,") == false)
    #expect(try box.ok(["search", "cafe", "--format", "csv"]).hasPrefix("kind,id,case_id,date,snippet,rank\r\ncase,"))
    try box.act(["case", "update", id, "--title", "Espresso blend for Lyon"])
    #expect(try box.ok(["search", "cafe", "--format", "csv"]) == "kind,id,case_id,date,snippet,rank\r\n")
    #expect(try box.ok(["search", "espresso", "--format", "csv"]).contains("[Espresso] blend for Lyon"))
  }
}
