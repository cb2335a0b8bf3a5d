import Foundation
import SQLite
import Testing

@testable import CaseTracker

@Suite struct SecurityTests {
  /// What may be interpolated into SQL text, and why it is safe: constant SQL fragments, column names
  /// chosen by the code, and placeholders. Every user value goes through a bound parameter instead.
  static let allowedInterpolations: [String: String] = [
    "Self.columns": "a constant column list", "Self.select": "a constant SELECT",
    "Self.selectAudit": "a constant SELECT", "Self.selectNC": "a constant SELECT",
    "Self.openAtEnd": "a constant SELECT", "sessions": "a constant SELECT of the period's trainings, with placeholders",
    "Self.table": "the migrations table's constant name",
    "countriesInRegionSQL": "a constant subquery with placeholders",
    "activityKey": "a column name the report code passes", "caseKey": "a column name the report code passes",
    "openKey": "caseKey without its table prefix", "column": "a column name the code passes",
    "condition": "conditions built from constants and placeholders", "describe": "a constant SQL expression",
    "field": "one of the case's or a corrected record's own column names (constant lists)",
    "filter": "conditions built from constants and placeholders",
    "filterSQL": "SQLFilter.clause", "query.clause": "conditions built from constants and placeholders",
    "listed": "the listed statuses, an enum's raw values", "mode": "a journal mode checked to be letters only",
    "name": "a savepoint name made from a counter", "scope": "a constant scope with placeholders",
    "table": "a table name the code passes", "marks": "a list of ? placeholders",
    "countriesInRegionSQL))": "a constant subquery",
    "cacheKibibytes": "an Int the bulk load computes (PRAGMA takes no parameters)",
    "Self.sortCacheKibibytes": "a constant Int (PRAGMA takes no parameters)",
    "pageCache": "cache_size as SQLite answered it, an Int (PRAGMA takes no parameters)",
    "assignments": "quoted column names checked against the table's own, with placeholders",
    "keyCondition": "the table's own quoted key columns, with placeholders",
    "Database.quoted($0)": "a column name checked against the table's own, quoted",
    "fields": "assignments of the case's own columns, from a constant list", "order": "a constant ORDER BY",
    "changed(field)": "an EXISTS over a constant field name",
    "corrections(field)": "a constant FROM over a correctable field's constant name",
    "Self.producerBody": "a constant SQL expression",
    "Database.quoted(names[$0.0])": "a column name of the table's own (pragma_table_info), quoted",
    "columns": "the table's own column names (pragma_table_info), quoted",
    "values": "the table's own columns, quoted, some mapped through a temporary table",
    "recordCounts": "counts over SyncTables.producerRecords, constant tables and conditions",
    "skip": "a constant condition", "selected": "the table's own columns, quoted, with quoted aliases",
    "differs": "comparisons of the table's own quoted columns", "last(field)": "a subquery over a constant field name",
  ]

  @Test func sqlNeverInterpolatesUserValues() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
    var files: [URL] = []
    for folder in ["Sources/CaseTracker", "Sources/SQLite"] {
      let enumerator = FileManager.default.enumerator(
        at: root.appendingPathComponent(folder), includingPropertiesForKeys: nil)
      while let url = enumerator?.nextObject() as? URL {
        if url.pathExtension == "swift" { files.append(url) }
      }
    }
    #expect(files.count > 20)
    let literal = try Regex(#""""[\s\S]*?"""|"(?:[^"\\\n]|\\.)*""#)
    let sql = try Regex(#"\b(SELECT|INSERT|UPDATE|DELETE|WHERE|PRAGMA|SAVEPOINT|RELEASE|ROLLBACK|FROM)\b| = \?| IN \("#)
    let interpolation = try Regex(#"\\\(([^()]*(?:\([^()]*\))?[^()]*)\)"#)
    var unexplained: [String] = []
    var seen = 0
    for file in files {
      let text = try String(contentsOf: file, encoding: .utf8)
      for match in text.matches(of: literal) {
        let string = String(text[match.range])
        guard string.contains(sql) else { continue }
        for found in string.matches(of: interpolation) {
          seen += 1
          var expression = String(string[found.range].dropFirst(2).dropLast())
          if expression.hasPrefix("Self.inRegion(\"") { expression = "Self.inRegion" }
          if expression != "Self.inRegion" && Self.allowedInterpolations[expression] == nil {
            unexplained.append("\(file.lastPathComponent): \\(\(expression))")
          }
        }
      }
    }
    #expect(seen > 20, "the scan found too few interpolations to be looking at the sources")
    #expect(unexplained.isEmpty, "SQL built with values that are not known constants: \(unexplained)")
  }

  @Test func databaseAndJournalFilesArePrivate() throws {
    let test = try TestStore()
    try test.store.producers.add(ProducerDraft(name: "Private Coop", country: "KE", type: .spo))
    // A second connection keeps the WAL and shared-memory files in place while they are looked at.
    let other = try Database(path: test.path)
    _ = try other.scalar("SELECT count(*) FROM producers", as: Int.self)
    for suffix in ["", "-wal", "-shm"] {
      let attributes = try FileManager.default.attributesOfItem(atPath: test.path + suffix)
      #expect((attributes[.posixPermissions] as? Int) == 0o600, "\(suffix)")
    }
    let backup = test.folder.appendingPathComponent("copy.sqlite").path
    try test.store.maintenance.backup(to: backup)
    #expect((try FileManager.default.attributesOfItem(atPath: backup)[.posixPermissions] as? Int) == 0o600)
    #expect(!FileManager.default.fileExists(atPath: backup + "-wal"))
  }

  @Test func everyConnectionIsDefensiveWithUntrustedSchema() throws {
    let test = try TestStore()
    let db = test.store.db
    #expect(try db.scalar("PRAGMA trusted_schema", as: Int.self) == 0)
    let error = #expect(throws: SQLiteError.self) {
      try db.execute("PRAGMA writable_schema = ON")
      try db.execute("UPDATE sqlite_schema SET sql = 'x' WHERE name = 'producers'")
    }
    #expect(error != nil)
  }
}
