import SQLite

/// Audits and non-conformities.
public struct AuditRepository {
  let store: Store
  var db: Database { store.db }

  /// Records an audit of a producer.
  @discardableResult
  public func record(producer reference: String, kind: AuditKind, date: String, result: String?, note: String?)
    throws -> Audit
  {
    let date = try PlausibleDate.past(
      date, field: "audit date", today: store.clock.today, advice: "record audits after they happen")
    let result = try result.map { try Validate.text($0, field: "result", limit: 2000) }
    let note = try note.map { try Validate.text($0, field: "note") }
    return try db.write {
      let actor = try store.recordedActor()
      let producer = try store.producers.resolve(reference)
      let id = Identifier.make()
      try db.execute(
        """
        INSERT INTO audits (id, producer_id, date, kind, result, note, created_at, created_by)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        """, [id, producer.id, date, kind, result, note, store.clock.now(), actor])
      return try audit(id: id)
    }
  }

  public func audit(id: String) throws -> Audit {
    guard let row = try db.row("\(Self.selectAudit) WHERE a.id = ?", [id]) else {
      throw DomainError.notFound("no audit has id \(id)")
    }
    return try Self.decodeAudit(row)
  }

  /// The audit a user names by an id prefix of at least six characters.
  public func resolveAudit(_ reference: String, kind: DomainError.Kind = .notFound) throws -> Audit {
    do {
      let id = try RecordLookup(
        db: db, table: "audits", noun: "audit", describe: "r.date || ' ' || r.kind"
      ).id(for: reference)
      return try audit(id: id)
    } catch let error as DomainError where error.kind == .notFound {
      throw DomainError(kind, error.message)
    }
  }

  /// Audits matching `filter`, newest first.
  public func audits(_ filter: AuditFilter) throws -> [Audit] {
    var query = SQLFilter(store: store)
    try query.producer(filter.producer, column: "a.producer_id")
    try query.region(filter.region, column: "p.country")
    try query.dates(from: filter.from, to: filter.to, column: "a.date")
    return try db.rows("\(Self.selectAudit)\(query.clause) ORDER BY a.date DESC, a.created_at DESC", query.arguments)
      .map(Self.decodeAudit)
  }

  static let selectAudit = "SELECT a.*, p.name AS producer_name FROM audits a JOIN producers p ON p.id = a.producer_id"

  static func decodeAudit(_ row: Row) throws -> Audit {
    Audit(
      id: try row.decode("id"), producerID: try row.decode("producer_id"),
      producerName: try row.decode("producer_name"), date: try row.decode("date"), kind: try row.decode("kind"),
      result: try row.decode("result"), note: try row.decode("note"), createdAt: try row.decode("created_at"),
      createdBy: try row.decode("created_by"))
  }
}
