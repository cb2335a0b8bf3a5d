import Foundation
import SQLite
import Testing

@testable import CaseTracker

/// The generator behind `psr demo --cases N`, at a tiny N: a whole, consistent database, the same for the
/// same seed, with every index, trigger and search document a database built command by command has.
@Suite struct DemoGeneratorTests {
  let folder = temporaryFolder()

  init() throws { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }

  func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

  func make(_ name: String, seed: UInt64 = 7, replace: Bool = false) throws -> DemoGenerator.Summary {
    try DemoGenerator.makeDatabase(
      at: path(name), replace: replace, clock: Clock(today: "2026-11-26"), seed: seed, cases: 400, producers: 60)
  }

  /// Every table, index and trigger with its SQL, as a fresh database has them.
  func schema(_ db: Database) throws -> [[DatabaseValue]] {
    try db.rows(
      "SELECT type, name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_stat%' ORDER BY type, name"
    ).map(\.values)
  }

  @Test func aSmallDemoIsWholeAndConsistent() throws {
    defer { try? FileManager.default.removeItem(at: folder) }
    let made = try make("a.sqlite")
    #expect(made.cases == 400)
    #expect(made.producers == 60)
    #expect((900...1_800).contains(made.events), "about three events a case: \(made.events)")
    // One file, nothing beside it: the temporary name is gone and the WAL checkpointed.
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["a.sqlite"])
    let db = try Database(path: path("a.sqlite"))
    #expect(try db.scalar("PRAGMA quick_check") == "ok")
    #expect(try db.rows("PRAGMA foreign_key_check").isEmpty)
    #expect(try db.scalar("SELECT count(*) FROM cases") == 400)
    // Seven activities for ten cases, and two contacts for each producer heading for an audit.
    let listed: Int =
      try db.scalar(
        "SELECT count(*) FROM producers WHERE status IN ('applicant', 'permitted', 'certified', 'suspended')") ?? 0
    #expect(made.activities == 280 + 2 * listed)
    #expect(try db.scalar("SELECT count(*) FROM activities") == made.activities)
    #expect(try db.scalar("SELECT count(*) FROM case_events") == made.events)
    // Every case's timeline starts with its opening, numbered from 1 without gaps.
    #expect(
      try db.scalar(
        """
        SELECT count(*) FROM cases c WHERE (SELECT kind FROM case_events e WHERE e.case_id = c.id AND e.seq = 1)
          IS NOT 'opened' OR (SELECT max(seq) FROM case_events e WHERE e.case_id = c.id)
          <> (SELECT count(*) FROM case_events e WHERE e.case_id = c.id)
        """) == 0)
    // The indexes and triggers dropped for the load are all back, as the migrations made them.
    let fresh = try TestStore()
    #expect(try schema(db) == schema(fresh.store.db))
    #expect(try db.scalar("PRAGMA journal_mode") == "wal")
    // The full-text index agrees with its documents, and people can tell ids apart by 8 characters.
    try db.execute("INSERT INTO search_index (search_index, rank) VALUES ('integrity-check', 1)")
    #expect(try db.scalar("SELECT count(DISTINCT substr(id, 1, 8)) FROM cases") == 400)
  }

  @Test func theSameSeedMakesTheSameDatabaseAndAFileIsReplacedOnlyWhenAsked() throws {
    defer { try? FileManager.default.removeItem(at: folder) }
    let first = try make("a.sqlite")
    let second = try make("b.sqlite")
    #expect(first == second)
    let a = try Database(path: path("a.sqlite"))
    let b = try Database(path: path("b.sqlite"))
    for sql in [
      "SELECT id, title, status, opened_at FROM cases ORDER BY id", "SELECT * FROM case_events ORDER BY id",
      "SELECT id, summary FROM activities ORDER BY id",
    ] {
      #expect(try a.rows(sql).map(\.values) == b.rows(sql).map(\.values))
    }
    let before = try a.rows("SELECT id FROM cases ORDER BY id").map(\.values)
    expectDomainError(.invalid, "already exists", "--force") { _ = try make("a.sqlite", seed: 8) }
    #expect(try Database(path: path("a.sqlite")).rows("SELECT id FROM cases ORDER BY id").map(\.values) == before)
    _ = try make("a.sqlite", seed: 8, replace: true)
    #expect(try Database(path: path("a.sqlite")).rows("SELECT id FROM cases ORDER BY id").map(\.values) != before)
  }

  /// The bulk load makes `search_docs` and `producer_last_activity` by set; the same rows copied into a
  /// database, through its triggers, must give the same.
  @Test func searchDocumentsMadeBySetMatchWhatTheTriggersMake() throws {
    defer { try? FileManager.default.removeItem(at: folder) }
    _ = try make("a.sqlite")
    let fresh = try TestStore()
    let db = fresh.store.db
    try db.execute("ATTACH DATABASE ? AS demo", [path("a.sqlite")])
    try db.write {
      for table in [
        "officers", "officer_countries", "producers", "producer_products", "cases", "activities", "case_events",
        "insights",
      ] {
        try db.execute("INSERT INTO main.\(table) SELECT * FROM demo.\(table)")
      }
    }
    let documents = "SELECT kind, ref_id, case_id, date, body FROM %@.search_docs ORDER BY kind, ref_id"
    let bySet = try db.rows(documents.replacingOccurrences(of: "%@", with: "demo")).map(\.values)
    let byTriggers = try db.rows(documents.replacingOccurrences(of: "%@", with: "main")).map(\.values)
    #expect(bySet.count > 1_000)
    #expect(bySet == byTriggers)
    let latest = "SELECT producer_id, date FROM %@.producer_last_activity ORDER BY producer_id"
    let latestBySet = try db.rows(latest.replacingOccurrences(of: "%@", with: "demo")).map(\.values)
    #expect(latestBySet.count > 30)
    #expect(latestBySet == (try db.rows(latest.replacingOccurrences(of: "%@", with: "main")).map(\.values)))
  }
}
