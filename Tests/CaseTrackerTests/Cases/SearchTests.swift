import Foundation
import SQLite
import Testing

@testable import CaseTracker

@Suite struct SearchTests {
  private let start = SearchHit.highlightStart
  private let end = SearchHit.highlightEnd

  @Test func findsEveryKindOfText() throws {
    let world = try CaseWorld()
    let store = try world.store()
    let titled = try world.openCase(.certification, "Warehouse zebrawood inspection")
    try store.cases.note(titled.id, text: "Discussed the mangosteen harvest")
    let resolved = try world.openCase(.trade, "Buyers")
    try store.cases.close(resolved.id, resolution: "Quillwort agreement signed", cancelReason: nil, cancel: false)
    let cancelled = try world.openCase(.trade, "Merger")
    try store.cases.close(cancelled.id, resolution: nil, cancelReason: "Merged with the tamarillo union", cancel: true)
    let reopened = try world.openCase(.trade, "Audit")
    try store.cases.close(reopened.id, resolution: "Done", cancelReason: nil, cancel: false)
    try store.cases.reopen(reopened.id, reason: "Auditor found the kumquat ledger")
    let activity = try store.activities.log(
      visit(on: "2026-11-20", summary: "Visited the persimmon nursery") { $0.producer = "7" }
    ).activity
    let insight = try store.insights.add(
      country: "KE", product: nil, kind: .price, text: "Cardamom prices rising", date: "2026-11-02", officer: nil)

    let search = store.search
    let expected: [(String, String, String, String?, String)] = [
      ("zebrawood", "case", titled.id, titled.id, "2026-11-26"),
      ("mangosteen", "note", titled.id, titled.id, "2026-11-26"),
      ("quillwort", "resolution", resolved.id, resolved.id, "2026-11-26"),
      ("tamarillo", "cancellation", cancelled.id, cancelled.id, "2026-11-26"),
      ("kumquat", "reopening", reopened.id, reopened.id, "2026-11-26"),
      ("persimmon", "visit", activity.id, nil, "2026-11-20"),
      ("cardamom", "insight", insight.id, nil, "2026-11-02"),
    ]
    for (word, kind, id, caseID, date) in expected {
      let hits = try search.search(word, limit: 10)
      #expect(hits.count == 1, "\(word)")
      let hit = try #require(hits.first)
      #expect([hit.kind, hit.id, hit.caseID, hit.date] == [kind, id, caseID, date], "\(word)")
      #expect(hit.snippet.lowercased().contains("\(start)\(word)\(end)"), "\(hit.snippet)")
    }
    // A cancellation without a reason and a reopening's status change leave nothing to index.
    let bodies: [String] = try store.db.rows(
      "SELECT body FROM search_docs WHERE kind NOT IN ('producer', 'officer') ORDER BY id"
    ).map { try $0.decode("body") }
    #expect(bodies.count == 11)
    #expect(try search.search("zebrawood OR persimmon OR cardamom", limit: 10).count == 3)
    #expect(try search.search("zebrawood OR persimmon OR cardamom", limit: 2).count == 2)
    #expect(try search.search("nothingmatches", limit: 10) == [])
  }

  @Test func snippetMarksTheMatch() throws {
    let world = try CaseWorld()
    let original = try world.openCase(.trade, "Warehouse zebrawood inspection")
    let hit = try #require(try world.store().search.search("ZEBRAWOOD", limit: 5).first)
    #expect(hit.snippet == "Warehouse \(start)zebrawood\(end) inspection")
    #expect(hit.id == original.id)
    let phrase = try #require(try world.store().search.search("\"zebrawood inspection\"", limit: 5).first)
    #expect(phrase.snippet == "Warehouse \(start)zebrawood inspection\(end)")
  }

  @Test func titleChangeReindexes() throws {
    let world = try CaseWorld()
    let original = try world.openCase(.trade, "Old marmoset title")
    let store = try world.store()
    #expect(try store.search.search("marmoset", limit: 5).map(\.id) == [original.id])
    _ = try store.cases.update(original.id, changes { $0.title = "New ocelot title" })
    #expect(try store.search.search("marmoset", limit: 5) == [])
    #expect(try store.search.search("ocelot", limit: 5).map(\.id) == [original.id])
    _ = try store.cases.update(original.id, changes { $0.title = "Newer capybara title" })
    #expect(try store.search.search("ocelot", limit: 5) == [])
    #expect(try store.search.search("marmoset", limit: 5) == [])
    #expect(try store.search.search("capybara", limit: 5).map(\.kind) == ["case"])
    #expect(try store.search.search("title", limit: 5).count == 1)
    // The index agrees with its content table.
    try store.db.execute("INSERT INTO search_index (search_index, rank) VALUES ('integrity-check', 1)")
  }

  @Test func foldsDiacritics() throws {
    let world = try CaseWorld()
    let original = try world.openCase(.representation, "Café de Colombia fair", producer: nil, country: "CO")
    let search = try world.store().search
    for query in ["cafe", "CAFÉ", "café", "Cafe\u{301}"] {
      #expect(try search.search(query, limit: 5).map(\.id) == [original.id], "\(query)")
    }
    let insight = try world.store().insights.add(
      country: "PE", product: nil, kind: .other, text: "Señora Muñoz runs the açaí co-op", date: nil, officer: nil)
    #expect(try search.search("munoz acai", limit: 5).map(\.id) == [insight.id])
  }

  @Test func textThatIsNotQuerySyntaxIsSearchedAsItsWords() throws {
    let world = try CaseWorld()
    let export = try world.openCase(.trade, "Export")
    let records = try world.openCase(.certification, "ICS records kept by field visit")
    let search = try world.store().search
    for (query, expected) in [
      ("export AND", [export.id]), ("(export", [export.id]), ("\"export", [export.id]),
      ("ICS-records", [records.id]), ("field-visit", [records.id]), ("title:export", []),
    ] {
      #expect(try search.search(query, limit: 5).map(\.id) == expected, "\(query)")
    }
    // The operators keep working.
    #expect(Set(try search.search("export OR records", limit: 5).map(\.id)) == [export.id, records.id])
    #expect(try search.search("records NOT export", limit: 5).map(\.id) == [records.id])
    #expect(try search.search("exp*", limit: 5).map(\.id) == [export.id])
    #expect(try search.search("\"field visit\"", limit: 5).map(\.id) == [records.id])
    for query in ["*", "( )", "-"] {
      expectDomainError(.invalid, "cannot search for '\(query)'", "no words to look for") {
        _ = try search.search(query, limit: 5)
      }
    }
    for query in ["", "  ", "\n\t"] {
      #expect(throws: DomainError.invalid("the search query is empty; give words to look for")) {
        try search.search(query, limit: 5)
      }
    }
  }

  @Test func wordEndingsAreForgiven() throws {
    let world = try CaseWorld()
    let cooperatives = try world.openCase(.business, "Cooperatives certified last year")
    let search = try world.store().search
    for query in ["cooperative", "cooperatives", "certify", "certifies", "Coopératives"] {
      #expect(try search.search(query, limit: 5).map(\.id) == [cooperatives.id], "\(query)")
    }
  }

  @Test func hostileTextIsStoredVerbatim() throws {
    let world = try CaseWorld()
    let store = try world.store()
    let title = "Robert'); DROP TABLE cases;--"
    let hostile = try world.openCase(.trade, title)
    #expect(try store.cases.require(id: hostile.id).title == title)
    #expect(try world.count("cases") == 1)
    #expect(try store.search.search("robert", limit: 5).map(\.id) == [hostile.id])
    #expect(try store.search.search("\"Robert'); DROP TABLE\"", limit: 5).map(\.id) == [hostile.id])

    let quoted = "He said \"no\"; it's 'fine' -- really?\nSecond line\n\tTabbed; %_ \\ \u{7}? end"
    try store.cases.note(hostile.id, text: quoted)
    let long = String(repeating: "lorem ", count: 1_666) + "tail"
    #expect(long.count == 10_000)
    try store.cases.note(hostile.id, text: long)
    let texts = try store.cases.events(of: hostile.id).map(\.text)
    #expect(texts == [title, quoted, long])
    #expect(try store.search.search("tail", limit: 5).map(\.kind) == ["note"])
    #expect(try store.search.search("tabbed", limit: 5).map(\.kind) == ["note"])

    let summary = "Met \"Ana\" O'Neil;\r\nDELETE FROM activities; -- not really"
    let activity = try store.activities.log(visit(summary: summary) { $0.producer = "7" }).activity
    #expect(try store.activities.require(id: activity.id).summary == summary)
    let insight = try store.insights.add(
      country: "KE", product: nil, kind: .other, text: long, date: nil, officer: nil)
    #expect(try store.insights.require(id: insight.id).text == long)
    #expect(try world.count("activities") == 1)
    #expect(
      throws: DomainError.invalid("the note has 20001 characters; at most 20000 are allowed")
    ) { try store.cases.note(hostile.id, text: String(repeating: "x", count: 20_001)) }
    // SQLite would cut text at a NUL: such text is refused, never stored in part.
    #expect(
      throws: DomainError.invalid("the note contains a NUL character; remove it and give the text again")
    ) { try store.cases.note(hostile.id, text: "before\u{0}after") }
    #expect(
      throws: DomainError.invalid("the summary contains a NUL character; remove it and give the text again")
    ) { try store.activities.log(visit(summary: "a\u{0}b") { $0.producer = "7" }) }
    #expect(try store.cases.events(of: hostile.id).count == 3)
  }
}
