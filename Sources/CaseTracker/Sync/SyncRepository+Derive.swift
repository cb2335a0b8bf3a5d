import Foundation
import SQLite

/// After changes from elsewhere are applied, the records whose current state is the result of their
/// events are worked out again from those events (DESIGN.md "Sync": events are the truth): a case's status,
/// closing, resolution, title, type, priority, due date and officer from its timeline in time order (and
/// its updated_at, the instant of its latest event, as every write sets it), and
/// a producer's status from its history. Every database has the same events once synced, so every database
/// derives the same rows, whatever order the changes arrived in; the derivation is not itself a change.
extension SyncRepository {
  /// The cases and producers that `changesets` touch.
  static func touched(by changesets: [Data]) throws -> (cases: Set<String>, producers: Set<String>) {
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
    return (cases, producers)
  }

  /// Derives the touched cases and producers again from their events; lists a producer whose merged
  /// history breaks the state machine as a conflict for review. Inside the caller's write.
  func derive(cases: Set<String>, producers: Set<String>) throws {
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
      UPDATE producers SET status = (
        SELECT e.to_status FROM producer_status_changes e WHERE e.producer_id = ?1
        ORDER BY e.on_date DESC, e.at DESC, e.seq DESC, e.id DESC LIMIT 1)
      WHERE id = ?1
      """)
    for id in producers.sorted() {
      try deriveStatus.execute([id])
      try recordBrokenHistory(of: id)
      try recordDuplicate(of: id)
    }
  }

  /// The same producer registered on two laptops (one FLO ID, two ids): both are kept, and the later
  /// registered is listed once as a duplicate of the earlier, for review.
  private func recordDuplicate(of producer: String) throws {
    let pairs = try db.cachedStatement(
      """
      SELECT a.id AS first, b.id AS later, a.flo_id AS flo_id FROM producers a JOIN producers b
        ON b.flo_id = a.flo_id AND (b.created_at, b.id) > (a.created_at, a.id)
      WHERE a.flo_id IS NOT NULL AND ? IN (a.id, b.id)
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
