import SQLite

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Corrections of visits, audits, NCs and insights (0014_corrections_search.sql): each changed field is a row
/// of `corrections`, append-only, and the record's field holds the new value of its latest correction in
/// (at, id) order, worked out here in the caller's write and again after changes from elsewhere are applied.
struct CorrectionRepository {
  let store: Store
  var db: Database { store.db }

  /// Records a correction for each of `changes` whose value differs from the record's, then works the record
  /// out again. Returns the corrections made: none when every value was already so. Inside the caller's write.
  func correct(
    _ record: CorrectedRecord, id: String, changes: [(field: String, value: any DatabaseValueConvertible)],
    reason: String?, actor: String
  ) throws -> [Correction] {
    let now = store.clock.now()
    var made: [Correction] = []
    for (field, value) in changes {
      precondition(record.fields.contains(field), "\(field) is not a correctable field of \(record.rawValue)")
      let table = record.rawValue
      guard
        let row = try db.row(
          "SELECT CAST(\(field) AS TEXT) AS old, CAST(? AS TEXT) AS new, \(field) IS ? AS same FROM \(table) WHERE id = ?",
          [value, value, id])
      else { throw DomainError.notFound("no \(record.noun) has id \(id)") }
      guard try row.decode("same") as Bool == false else { continue }
      let correction = Correction(
        id: Identifier.make(), record: record, recordID: id, field: field, oldValue: try row.decode("old"),
        newValue: try row.decode("new"), reason: reason, at: now, actor: actor)
      try insertRecord(correction)
      made.append(correction)
    }
    if !made.isEmpty { try derive(record, ids: [id]) }
    return made
  }

  /// Voids a record: kept, with the instant and reason, and left out of lists, reports and search.
  func void(_ record: CorrectedRecord, id: String, reason: String, actor: String) throws -> Correction {
    precondition(record.voidable)
    let correction = Correction(
      id: Identifier.make(), record: record, recordID: id, field: "voided", oldValue: nil, newValue: "voided",
      reason: reason, at: store.clock.now(), actor: actor)
    try insertRecord(correction)
    try derive(record, ids: [id])
    return correction
  }

  func insertRecord(_ correction: Correction) throws {
    try db.cachedStatement(
      """
      INSERT INTO corrections (id, record_table, record_id, field, old_value, new_value, reason, at, actor)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
      """
    ).execute([
      correction.id, correction.record.rawValue, correction.recordID, correction.field, correction.oldValue,
      correction.newValue, correction.reason, correction.at, correction.actor,
    ])
  }

  /// A record's corrections, oldest first.
  func history(of id: String) throws -> [Correction] {
    try db.cachedStatement("SELECT * FROM corrections WHERE record_id = ? ORDER BY at, rowid").rows([id]).map { row in
      Correction(
        id: try row.decode("id"), record: try row.decode("record_table"), recordID: try row.decode("record_id"),
        field: try row.decode("field"), oldValue: try row.decode("old_value"), newValue: try row.decode("new_value"),
        reason: try row.decode("reason"), at: try row.decode("at"), actor: try row.decode("actor"))
    }
  }

  /// Works the corrected fields of `ids` out again from their corrections: each field that has any holds the
  /// new value of the latest, in (at, id) order; a voided record the instant and reason of its first voiding.
  /// The same on every database that holds the same corrections.
  func derive(_ record: CorrectedRecord, ids: Set<String>) throws {
    let table = record.rawValue
    let order = "ORDER BY c.at DESC, c.id DESC LIMIT 1"
    func corrections(_ field: String) -> String {
      "FROM corrections c WHERE c.record_id = \(table).id AND c.field = '\(field)'"
    }
    var assignments = record.fields.map { field in
      "\(field) = CASE WHEN EXISTS (SELECT 1 \(corrections(field))) THEN (SELECT c.new_value \(corrections(field)) \(order)) ELSE \(field) END"
    }
    if record.voidable {
      let first = "ORDER BY c.at, c.id LIMIT 1"
      assignments.append("voided_at = (SELECT c.at \(corrections("voided")) \(first))")
      assignments.append("void_reason = (SELECT c.reason \(corrections("voided")) \(first))")
    }
    let statement = try db.cachedStatement(
      "UPDATE \(table) SET \(assignments.joined(separator: ", ")) WHERE id = ?")
    for id in ids.sorted() { try statement.execute([id]) }
  }

  /// Corrected fields that do not hold their latest correction's value, and voided records without their
  /// voiding's instant (for `psr check`): none, when every write and every sync worked them out.
  func stale() throws -> Int {
    var count = 0
    for record in CorrectedRecord.allCases {
      let table = record.rawValue
      for field in record.fields {
        count +=
          try db.scalar(
            """
            SELECT count(*) FROM corrections c JOIN \(table) r ON r.id = c.record_id
            WHERE c.record_table = ? AND c.field = ? AND CAST(r.\(field) AS TEXT) IS NOT c.new_value
              AND NOT EXISTS (SELECT 1 FROM corrections l WHERE l.record_id = c.record_id AND l.field = c.field
                AND (l.at, l.id) > (c.at, c.id))
            """, [table, field]) ?? 0
      }
      if record.voidable {
        count +=
          try db.scalar(
            """
            SELECT count(*) FROM corrections c JOIN \(table) r ON r.id = c.record_id
            WHERE c.record_table = ? AND c.field = 'voided' AND r.voided_at IS NULL
            """, [table]) ?? 0
      }
    }
    return count
  }

  /// The records that `changesets` correct, by table: to be worked out again after they are applied.
  static func touched(by changesets: [Data]) throws -> [CorrectedRecord: Set<String>] {
    var touched: [CorrectedRecord: Set<String>] = [:]
    for changeset in changesets {
      for change in try Changeset.changes(in: changeset) where change.table == "corrections" {
        let values = change.new.isEmpty ? change.old : change.new
        guard values.count > 2, case .text(let table)? = values[1], case .text(let id)? = values[2],
          let record = CorrectedRecord(rawValue: table)
        else { continue }
        touched[record, default: []].insert(id)
      }
    }
    return touched
  }
}

extension CorrectedRecord: DatabaseValueConvertible {
  public var databaseValue: DatabaseValue { .text(rawValue) }
  public static func fromDatabaseValue(_ value: DatabaseValue) -> CorrectedRecord? {
    if case .text(let text) = value { CorrectedRecord(rawValue: text) } else { nil }
  }
}
