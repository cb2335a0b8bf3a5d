import Foundation
import SQLite
import Testing

/// A unit: the hub (the field office's database, made the hub) and two officers' clones of it.
struct Unit {
  let box: Sandbox
  var hub: String { box.db }
  let akinyi: String
  let mateo: String

  init() throws {
    box = try fieldOffice()
    akinyi = box.folder.appendingPathComponent("akinyi.sqlite").path
    mateo = box.folder.appendingPathComponent("mateo.sqlite").path
    try ok(hub, ["hub", "init"])
    try ok(akinyi, ["sync", "clone", hub])
    try ok(mateo, ["sync", "clone", hub], as: "mateo")
  }

  /// Runs psr on `database` as `handle` on 2026-11-26.
  func run(_ database: String, _ arguments: [String], as handle: String = "akinyi") throws -> Run {
    try box.run(["--db", database, "--as", handle, "--today", "2026-11-26"] + arguments, useDB: false)
  }

  @discardableResult
  func ok(
    _ database: String, _ arguments: [String], as handle: String = "akinyi",
    sourceLocation: SourceLocation = #_sourceLocation
  ) throws -> String {
    let result = try run(database, arguments, as: handle)
    #expect(result.status == 0, "\(arguments): \(result.stderr)", sourceLocation: sourceLocation)
    return result.stdout
  }

  /// Every synced table's rows, in key order, as text: equal text, equal data.
  func digest(_ database: String) throws -> [String: String] {
    let db = try Database(path: database, mode: .readOnly, journalMode: nil)
    var digests: [String: String] = [:]
    for table in [
      "regions", "countries", "officers", "officer_countries", "producers", "producer_merges", "producer_products",
      "producer_status_changes", "cases", "case_tags", "case_events", "activities", "activity_topics",
      "activity_cases", "insights", "audits", "non_conformities", "case_non_conformities", "corrections",
      "priority_changes",
    ] {
      let rows = try db.rows("SELECT * FROM \(table) ORDER BY 1, 2")
      digests[table] = rows.map { $0.values.map(\.description).joined(separator: "|") }.joined(separator: "\n")
    }
    return digests
  }

  func json(_ database: String, _ arguments: [String]) throws -> [String: Any] {
    try #require(try CaseTrackerCLITests.json(ok(database, arguments + ["--format", "json"])) as? [String: Any])
  }
}
