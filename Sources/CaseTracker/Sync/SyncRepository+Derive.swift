import SQLite

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// After changes from elsewhere are applied, the records whose current state is the result of their
/// events are worked out again from those events (DESIGN.md "Sync": events are the truth): a case's status,
/// closing, resolution, title, type, priority, due date and officer from its timeline in time order (and
/// its updated_at, the instant of its latest event, as every write sets it), and
/// a producer's status from its history. Every database has the same events once synced, so every database
/// derives the same rows, whatever order the changes arrived in; the derivation is not itself a change.
extension SyncRepository {
  /// The cases and producers that `changesets` touch, and the records they correct.
  static func touched(by changesets: [Data]) throws -> (
    cases: Set<String>, producers: Set<String>, corrected: [CorrectedRecord: Set<String>]
  ) {
    var cases = Set<String>()
    var producers = Set<String>()
    for changeset in changesets {
      for change in try Changeset.changes(in: changeset) {
        let values = change.new.isEmpty ? change.old : change.new
        func text(_ index: Int) -> String? {
          guard index < values.count, case .text(let value)? = values[index] else {
            if index < change.old.count, case .text(let value)? = change.old[index] { return value }
            return nil
          }
          return value
        }
        switch change.table {
        case "cases": text(0).map { _ = cases.insert($0) }
        case "case_events": text(1).map { _ = cases.insert($0) }
        case "producers": text(0).map { _ = producers.insert($0) }
        case "producer_status_changes": text(1).map { _ = producers.insert($0) }
        default: break
        }
      }
    }
    return (cases, producers, try CorrectionRepository.touched(by: changesets))
  }

  /// Derives the touched cases and producers again from their events; lists a producer whose merged
  /// history breaks the state machine as a conflict for review. Inside the caller's write. Returns the
  /// duplicate listings that merges resolved.
  @discardableResult
  func derive(cases: Set<String>, producers: Set<String>, corrected: [CorrectedRecord: Set<String>] = [:]) throws
    -> Int
  {
    let corrections = CorrectionRepository(store: store)
    for (record, ids) in corrected.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
      try corrections.derive(record, ids: ids)
    }
    let (followed, resolved) = try followMerges()
    let producers = producers.union(followed)
    let order = "ORDER BY e.at DESC, e.seq DESC, e.id DESC LIMIT 1"
    func last(_ field: String) -> String {
      "(SELECT e.new_value FROM case_events e WHERE e.case_id = cases.id AND e.kind = 'changed' AND e.field = '\(field)' \(order))"
    }
    func changed(_ field: String) -> String {
      "EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = cases.id AND e.kind = 'changed' AND e.field = '\(field)')"
    }
    let fields = ["title", "type", "priority", "due_date", "officer"].map { field in
      "\(field) = CASE WHEN \(changed(field)) THEN \(last(field)) ELSE \(field) END"
    }.joined(separator: ",\n  ")
    let deriveCase = try db.cachedStatement(
      """
      UPDATE cases SET
        status = s.status, closed_at = s.closed_at, resolution = s.resolution,
        \(fields),
        updated_at = (SELECT max(e.at) FROM case_events e WHERE e.case_id = cases.id)
      FROM (
        SELECT CASE e.kind WHEN 'opened' THEN 'open' WHEN 'reopened' THEN 'active' ELSE e.new_value END AS status,
          CASE WHEN e.kind = 'closed' THEN e.at END AS closed_at,
          CASE WHEN e.kind = 'closed' THEN e.text END AS resolution
        FROM case_events e
        WHERE e.case_id = ?1
          AND (e.kind IN ('opened', 'closed', 'reopened') OR (e.kind = 'changed' AND e.field = 'status'))
        \(order)
      ) AS s
      WHERE cases.id = ?1
      """)
    for id in cases.sorted() { try deriveCase.execute([id]) }
    let deriveStatus = try db.cachedStatement(
      """
      UPDATE producers SET status = coalesce((
        SELECT e.to_status FROM producer_status_changes e WHERE e.producer_id = ?1
        ORDER BY e.on_date DESC, e.at DESC, e.seq DESC, e.id DESC LIMIT 1), status)
      WHERE id = ?1
      """)
    for id in producers.sorted() {
      try deriveStatus.execute([id])
      try recordBrokenHistory(of: id)
      try recordDuplicate(of: id)
    }
    return resolved
  }

  /// Records that reach a merged duplicate after its merge (from a laptop that had not heard of it yet)
  /// move onto the producer it was merged into, and its listing as a duplicate is resolved: the same on
  /// every database, so not itself a change. Chains (merged on two laptops, one into the other's kept
  /// producer) are followed, the farthest link first; producers merged into each other in a circle stay as
  /// they are. Returns the producers records moved onto, and the listings resolved.
  func followMerges() throws -> (producers: Set<String>, resolved: Int) {
    var links: [String: String] = [:]
    for row in try db.cachedStatement("SELECT id, merged_into FROM producers WHERE merged_into IS NOT NULL").rows() {
      links[try row.decode("id")] = try row.decode("merged_into")
    }
    guard !links.isEmpty else { return ([], 0) }
    var depth: [String: Int] = [:]
    for (id, first) in links {
      var steps = 1
      var next = first
      while let further = links[next], steps <= links.count {
        next = further
        steps += 1
      }
      if steps <= links.count { depth[id] = steps }
    }
    var targets = Set<String>()
    for (id, _) in depth.sorted(by: { ($0.value, $0.key) > ($1.value, $1.key) }) {
      let target = links[id]!
      guard try moveRecords(of: id, onto: target).values.reduce(0, +) > 0 else { continue }
      targets.insert(target)
    }
    // A merged duplicate with no activity left has no latest activity, however its rows arrived (an
    // activity reaching it and moved on in the same apply leaves its row behind).
    try db.cachedStatement(
      """
      DELETE FROM producer_last_activity WHERE producer_id IN (SELECT id FROM producers WHERE merged_into IS NOT NULL)
        AND NOT EXISTS (SELECT 1 FROM activities a WHERE a.producer_id = producer_last_activity.producer_id
          AND a.voided_at IS NULL)
      """
    ).execute()
    try db.cachedStatement(
      """
      UPDATE sync_conflicts SET resolved_at = ?, resolution = 'merged'
      WHERE kind = 'duplicate' AND resolved_at IS NULL AND EXISTS (
        SELECT 1 FROM json_each(sync_conflicts.row_key) j JOIN producers p ON p.id = j.value
        WHERE p.merged_into IS NOT NULL)
      """
    ).execute([store.clock.now()])
    return (targets, db.changes)
  }

  /// Moves the records of `merged` onto `kept` (`SyncTables.producerRecords`), and its latest activity.
  /// Returns how many rows of each table moved.
  func moveRecords(of merged: String, onto kept: String) throws -> [String: Int] {
    var moved: [String: Int] = [:]
    for (table, condition) in SyncTables.producerRecords {
      try db.cachedStatement("UPDATE \(table) SET producer_id = ?1 WHERE producer_id = ?2\(condition)")
        .execute([kept, merged])
      moved[table] = db.changes
    }
    if moved.values.contains(where: { $0 > 0 }) { try carryLastActivity(from: merged, to: kept) }
    return moved
  }

  /// The latest activity of a producer whose activities moved onto another (derived, never synced).
  private func carryLastActivity(from merged: String, to kept: String) throws {
    try db.cachedStatement(
      """
      INSERT INTO producer_last_activity (producer_id, date)
      SELECT ?1, max(date) FROM activities WHERE producer_id = ?1 AND voided_at IS NULL HAVING max(date) IS NOT NULL
      ON CONFLICT (producer_id) DO UPDATE SET date = excluded.date
      """
    ).execute([kept])
    try db.cachedStatement("DELETE FROM producer_last_activity WHERE producer_id = ?").execute([merged])
  }

  /// The same producer registered on two laptops (one FLO ID, two ids): both are kept, and the later
  /// registered is listed once as a duplicate of the earlier, for review.
  private func recordDuplicate(of producer: String) throws {
    let pairs = try db.cachedStatement(
      """
      SELECT a.id AS first, b.id AS later, a.flo_id AS flo_id FROM producers a JOIN producers b
        ON b.flo_id = a.flo_id AND (b.created_at, b.id) > (a.created_at, a.id)
      WHERE a.flo_id IS NOT NULL AND ? IN (a.id, b.id) AND a.merged_into IS NULL AND b.merged_into IS NULL
      """
    ).rows([producer])
    for pair in pairs {
      let key = Self.json([try pair.decode("first") as DatabaseValue, try pair.decode("later") as DatabaseValue])
      let listed: Int =
        try db.scalar("SELECT count(*) FROM sync_conflicts WHERE kind = 'duplicate' AND row_key = ?", [key]) ?? 0
      guard listed == 0 else { continue }
      try db.execute(
        """
        INSERT INTO sync_conflicts (id, at, kind, table_name, row_key, columns, mine, theirs, change_id, actor)
        VALUES (?, ?, 'duplicate', 'producers', ?, '["flo_id"]', NULL, ?, NULL, ?)
        """,
        [
          Identifier.make(), store.clock.now(), key, Self.json([try pair.decode("flo_id") as DatabaseValue]),
          store.actor,
        ])
    }
  }

  /// A history merged from two laptops may break the state machine (one suspended, the other renewed):
  /// it is kept as it is, and listed once for review.
  private func recordBrokenHistory(of producer: String) throws {
    let history = try db.cachedStatement(
      """
      SELECT from_status, to_status, on_date FROM producer_status_changes WHERE producer_id = ?
      ORDER BY on_date, at, seq, id
      """
    ).rows([producer])
    var previous: String?
    var broken = false
    var path: [DatabaseValue] = []
    for (index, row) in history.enumerated() {
      let from: String? = try row.decode("from_status")
      let to: String = try row.decode("to_status")
      path.append(.text("\(from ?? "-")→\(to) \(try row.decode("on_date") as String)"))
      if index > 0, from != previous { broken = true }
      previous = to
    }
    guard broken else { return }
    let listed: Int =
      try db.scalar(
        """
        SELECT count(*) FROM sync_conflicts WHERE kind = 'status-history' AND row_key = ? AND theirs = ?
        """, [Self.json([.text(producer)]), Self.json(path)]) ?? 0
    guard listed == 0 else { return }
    try db.execute(
      """
      INSERT INTO sync_conflicts (id, at, kind, table_name, row_key, columns, mine, theirs, change_id, actor)
      VALUES (?, ?, 'status-history', 'producer_status_changes', ?, '["status"]', NULL, ?, NULL, ?)
      """,
      [Identifier.make(), store.clock.now(), Self.json([.text(producer)]), Self.json(path), store.actor])
  }
}
