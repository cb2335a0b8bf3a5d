import Foundation
import SQLite
import Testing

@testable import CaseTracker

@Suite struct MaintenanceCheckTests {
  /// On a file the user may only read, FTS5's integrity-check (an INSERT) cannot run: the check compares
  /// the index's documents with `search_docs` instead, and says so.
  @Test func onAReadOnlyFileTheSearchIndexIsComparedByItsDocuments() throws {
    let test = try TestStore()
    try test.store.db.execute(
      "INSERT INTO search_docs (kind, ref_id, date, body) VALUES ('insight', 'i1', '2026-11-26', 'soil test')")
    try test.store.db.execute("INSERT INTO search_index (search_index) VALUES ('rebuild')")
    try test.store.db.execute("DELETE FROM search_changes")
    func readOnlyCheck() throws -> CheckResult? {
      let db = try Database(path: test.path, mode: .readOnly, journalMode: nil)
      #expect(db.isReadOnly)
      return try Store(db: db, clock: test.store.clock, actor: "psr").maintenance.check()
        .first { $0.name == "search index" }
    }
    let healthy = try #require(try readOnlyCheck())
    #expect(healthy.passed)
    #expect(
      healthy.detail == "all 1 documents indexed (the file is read-only for you, so FTS5's own check did not run)")
    try test.store.db.execute(
      "INSERT INTO search_index (search_index, rowid, body) SELECT 'delete', id, body FROM search_docs")
    let broken = try #require(try readOnlyCheck())
    #expect(!broken.passed)
    #expect(broken.detail == "1 document(s) are not in the search index")
  }

  /// The schema psr expects is what the migrations make, so a fresh database matches it exactly.
  @Test func aFreshDatabaseMatchesTheExpectedSchema() throws {
    let test = try TestStore()
    #expect(try test.store.maintenance.schemaProblems() == [])
    #expect(try MaintenanceRepository.schema(of: test.store.db).count > 50)
  }
}
