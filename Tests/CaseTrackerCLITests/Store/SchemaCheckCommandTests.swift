import Foundation
import SQLite
import Testing

/// `psr check` compares the whole schema with what the migrations create, and the search index with its
/// documents.
@Suite struct SchemaCheckCommandTests {
  /// A field office with a case and a note on it; returns the box and the case id.
  private func officeWithANote() throws -> (Sandbox, String) {
    let box = try fieldOffice()
    let id = try box.openCase(["--type", "trade", "--title", "Checked", "--producer", "1503"])
    try box.act(["case", "note", id, "soil samples taken"])
    return (box, id)
  }

  @Test func aGuardTriggerReplacedUnderItsOwnNameFailsTheCheck() throws {
    let (box, _) = try officeWithANote()
    let healthy = try box.run(["check"])
    #expect(healthy.status == 0, "\(healthy.stdout)")
    #expect(
      healthy.stdout.contains("ok    schema: every table, index, trigger and view is as the migrations create it"))
    // The guard's name is still there, so a check of names alone passes, but it guards nothing: a note
    // can be deleted.
    let db = try Database(path: box.db)
    try db.execute("DROP TRIGGER case_events_append_only_delete")
    try db.execute(
      """
      CREATE TRIGGER case_events_append_only_delete BEFORE DELETE ON case_events WHEN 0
      BEGIN SELECT RAISE(ABORT, 'the timeline is append-only'); END
      """)
    let broken = try box.run(["check"])
    #expect(broken.status == 65)
    #expect(broken.stdout.contains("FAIL  schema: 1 difference(s) from what psr's migrations create:\n"))
    #expect(
      broken.stdout.contains(
        "        trigger case_events_append_only_delete differs from what psr creates: it has 'ON case_events WHEN 0"))
    #expect(broken.stdout.contains("ok    timelines:"))
    #expect(broken.stderr == "psr: 1 check(s) failed: schema; restore from a backup or ask for help\n")
    try db.execute("DELETE FROM case_events WHERE kind = 'note'")
  }

  @Test func objectsPsrDidNotCreateAndMissingOnesAreEachNamed() throws {
    let (box, _) = try officeWithANote()
    let db = try Database(path: box.db)
    // SQLite's own statistics are allowed.
    try db.execute("ANALYZE")
    #expect(try box.run(["check"]).status == 0)
    try db.execute("CREATE VIEW open_cases AS SELECT id FROM cases WHERE status = 'open'")
    try db.execute("CREATE INDEX cases_by_title ON cases(title)")
    try db.execute("CREATE TRIGGER cases_quietly AFTER INSERT ON cases BEGIN SELECT 1; END")
    try db.execute("CREATE TABLE scratch (t TEXT)")
    try db.execute("DROP INDEX cases_by_status")
    try db.execute("DROP INDEX cases_by_producer")
    try db.execute("CREATE INDEX cases_by_producer ON cases(producer_id)")
    let broken = try box.run(["check"])
    #expect(broken.status == 65)
    let lines = broken.stdout.split(separator: "\n").filter { $0.hasPrefix("        ") }
      .map { $0.trimmingCharacters(in: .whitespaces) }
    #expect(
      lines == [
        "index cases_by_producer differs from what psr creates: it has 'cases(producer_id)' where psr has 'cases(producer_id, status)'",
        "index cases_by_status is missing",
        "index cases_by_title on cases was not created by psr",
        "trigger cases_quietly on cases was not created by psr",
        "view open_cases was not created by psr",
        "table scratch was not created by psr",
      ])
    #expect(broken.stdout.contains("FAIL  schema: 6 difference(s) from what psr's migrations create:\n"))
  }

  @Test func aSearchIndexThatNoLongerMatchesItsDocumentsFailsTheCheck() throws {
    let (box, _) = try officeWithANote()
    #expect(try box.run(["check"]).stdout.contains("ok    search index: FTS5's integrity check found the index"))
    let db = try Database(path: box.db)
    // The note's text taken out of the index, its document left: search would no longer find it.
    try db.execute(
      """
      INSERT INTO search_index (search_index, rowid, body)
      SELECT 'delete', id, body FROM search_docs WHERE kind = 'note'
      """)
    let broken = try box.run(["check"])
    #expect(broken.status == 65)
    #expect(broken.stdout.contains("FAIL  search index: the search index does not match its documents"))
    #expect(broken.stderr == "psr: 1 check(s) failed: search index; restore from a backup or ask for help\n")
  }

  @Test func aDemoDatabaseAndOneAfterALargeImportPassTheCheck() throws {
    let box = try Sandbox()
    let demo = box.folder.appendingPathComponent("demo.sqlite").path
    #expect(try box.run(["demo", "--db", demo, "--cases", "400", "--producers", "60", "-q"], useDB: false).status == 0)
    let demoCheck = try box.run(["check", "--db", demo], useDB: false)
    #expect(demoCheck.status == 0, "\(demoCheck.stdout)")
    #expect(demoCheck.stdout.split(separator: "\n").count == 9)
    #expect(demoCheck.stdout.contains("ok    places: every country with records belongs to a region\n"))
    // More rows than the import's threshold for dropping and re-creating its indexes and trigger.
    try box.initialize()
    var csv = "name,country,type,products,status\n"
    for number in 1...2_500 { csv += "Cooperative \(number),KE,spo,coffee,prospect\n" }
    let imported = try box.run(["producer", "import", try box.file("many.csv", csv)])
    #expect(imported.status == 0, "\(imported.stderr)")
    let importCheck = try box.run(["check"])
    #expect(importCheck.status == 0, "\(importCheck.stdout)")
  }
}
