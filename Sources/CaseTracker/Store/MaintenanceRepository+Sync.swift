import SQLite

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

extension MaintenanceRepository {
  /// The sync state (DESIGN.md "Sync"): the outbox or log readable and touching only synced tables, a
  /// replica's outbox empty on a hub, and the derived tables up to date with the rows they derive from
  /// (the latest activity per producer, each case's status and its timeline's last status event).
  func syncCheck() throws -> CheckResult {
    var problems: [String] = []
    let state = try store.sync.state()
    var changes = 0
    let queued =
      state?.role == .hub
      ? "SELECT change_id, changeset FROM sync_log" : "SELECT change_id, changeset FROM sync_outbox"
    for row in try db.rows(queued) {
      changes += 1
      let id: String = try row.decode("change_id")
      do {
        let tables = try Changeset.tables(in: Data(try row.decode("changeset") as [UInt8]))
        let outside = tables.filter { !SyncTables.syncedSet.contains($0) }
        if !outside.isEmpty { problems.append("change \(id.prefix(8)) touches \(outside.joined(separator: ", "))") }
      } catch {
        problems.append("change \(id.prefix(8)) cannot be read")
      }
      if problems.count >= 20 { break }
    }
    if state == nil || state?.role == .hub {
      let outbox: Int = try db.scalar("SELECT count(*) FROM sync_outbox") ?? 0
      if outbox > 0 { problems.append("\(outbox) change(s) wait in an outbox, but this database is no replica") }
    }
    let unnumbered: Int =
      try db.scalar(
        "SELECT count(*) FROM sync_outbox WHERE bundle > coalesce((SELECT bundles FROM sync_state WHERE id = 1), 0)")
      ?? 0
    if unnumbered > 0 {
      problems.append("\(unnumbered) pending change(s) name a bundle this database has not exported")
    }
    let stale: Int =
      try db.scalar(
        """
        SELECT count(*) FROM (
          SELECT producer_id, max(date) AS date FROM activities WHERE producer_id IS NOT NULL AND voided_at IS NULL
          GROUP BY producer_id
        ) a FULL JOIN producer_last_activity l USING (producer_id)
        WHERE a.date IS NOT l.date
        """) ?? 0
    if stale > 0 { problems.append("the latest activity of \(stale) producer(s) is out of date") }
    let uncorrected = try CorrectionRepository(store: store).stale()
    if uncorrected > 0 {
      problems.append("\(uncorrected) corrected field(s) do not hold their latest correction's value")
    }
    // A merge moves a duplicate's records, and every database moves those that reach it later.
    let recordCounts = SyncTables.producerRecords.map { table, condition in
      "(SELECT count(*) FROM \(table) WHERE producer_id IN merged\(condition))"
    }.joined(separator: " + ")
    let stranded: Int =
      try db.scalar(
        """
        WITH merged AS (SELECT id FROM producers WHERE merged_into IS NOT NULL)
        SELECT \(recordCounts)
        """) ?? 0
    if stranded > 0 { problems.append("\(stranded) record(s) still belong to a producer merged into another") }
    let cases = try db.rows(
      """
      SELECT c.id FROM cases c WHERE c.status IS NOT (
        SELECT CASE e.kind WHEN 'opened' THEN 'open' WHEN 'reopened' THEN 'active' ELSE e.new_value END
        FROM case_events e WHERE e.case_id = c.id
          AND (e.kind IN ('opened', 'closed', 'reopened') OR (e.kind = 'changed' AND e.field = 'status'))
        ORDER BY e.at DESC, e.seq DESC, e.id DESC LIMIT 1)
      LIMIT 20
      """)
    problems += try cases.map {
      "case \((try $0.decode("id") as String).prefix(8)) has a status its timeline does not end with"
    }
    guard problems.isEmpty else {
      return CheckResult(name: "sync", outcome: .failed, detail: problems.joined(separator: "; "))
    }
    let detail =
      switch state?.role {
      case nil: "not part of a unit; derived tables up to date"
      case .hub: "the unit's hub: \(changes) change(s) in its log, each readable; derived tables up to date"
      case .replica: "\(changes) change(s) waiting for the hub, each readable; derived tables up to date"
      }
    return CheckResult(name: "sync", outcome: .ok, detail: detail)
  }
}
