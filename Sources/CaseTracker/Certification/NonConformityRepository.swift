import SQLite

/// The fields of a new non-conformity.
public struct NCDraft: Sendable {
  public var producer: String
  public var audit: String?
  public var criterion: String
  public var type: CriterionType
  public var deadline: String
  public var description: String
  public var measure: String?

  public init(
    producer: String, audit: String? = nil, criterion: String, type: CriterionType, deadline: String,
    description: String, measure: String? = nil
  ) {
    self.producer = producer
    self.audit = audit
    self.criterion = criterion
    self.type = type
    self.deadline = deadline
    self.description = description
    self.measure = measure
  }
}

extension AuditRepository {
  /// Records a non-conformity; its audit, if given, must be of the same producer.
  @discardableResult
  public func addNC(_ draft: NCDraft) throws -> NonConformity {
    let criterion = try Validate.line(draft.criterion, field: "criterion", limit: 100)
    // A deadline already past is accepted as it is: an NC may be recorded after its audit's deadline ran out.
    let deadline = try PlausibleDate.due(draft.deadline, field: "NC deadline", today: store.clock.today).date
    let description = try Validate.text(draft.description, field: "description")
    let measure = try draft.measure.map { try Validate.text($0, field: "corrective measure") }
    return try db.write {
      let actor = try store.recordedActor()
      let producer = try store.producers.resolve(draft.producer)
      let audit = try draft.audit.map { try resolveAudit($0, kind: .invalid) }
      if let audit, audit.producerID != producer.id {
        throw DomainError.invalid(
          "audit \(audit.shortID) is of \(audit.producerName), not \(producer.name); give an audit of the same producer"
        )
      }
      let id = Identifier.make()
      try db.execute(
        """
        INSERT INTO non_conformities (id, producer_id, audit_id, criterion, criterion_type, description, measure,
          deadline, status, created_at, created_by)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?)
        """,
        [id, producer.id, audit?.id, criterion, draft.type, description, measure, deadline, store.clock.now(), actor])
      return try nc(id: id)
    }
  }

  /// Marks a non-conformity corrected on `date`, with the evidence.
  @discardableResult
  public func correctNC(_ reference: String, on date: String, evidence: String) throws -> NonConformity {
    let date = try PlausibleDate.past(date, field: "correction date", today: store.clock.today)
    let evidence = try Validate.text(evidence, field: "evidence")
    return try db.write {
      _ = try store.recordedActor()
      let current = try resolveNC(reference)
      let recorded = String(current.createdAt.prefix(10))
      guard date >= recorded else {
        throw DomainError.invalid(
          "NC \(current.shortID) was recorded on \(recorded); it cannot be corrected earlier (\(date))")
      }
      guard current.status == .open else {
        throw DomainError.invalid("NC \(current.shortID) was already corrected on \(current.correctedOn ?? "?")")
      }
      try db.execute(
        "UPDATE non_conformities SET status = 'corrected', corrected_on = ?, evidence = ? WHERE id = ?",
        [date, evidence, current.id])
      return try nc(id: current.id)
    }
  }

  /// The NC a user names by an id prefix of at least six characters.
  public func resolveNC(_ reference: String, kind: DomainError.Kind = .notFound) throws -> NonConformity {
    do {
      let id = try RecordLookup(
        db: db, table: "non_conformities", noun: "nc", describe: "r.criterion || ' (' || r.status || ')'"
      ).id(for: reference)
      return try nc(id: id)
    } catch let error as DomainError where error.kind == .notFound {
      throw DomainError(kind, error.message)
    }
  }

  public func nc(id: String) throws -> NonConformity {
    guard let row = try db.row("\(Self.selectNC) WHERE n.id = ?", [store.clock.today, id]) else {
      throw DomainError.notFound("no NC has id \(id)")
    }
    return try Self.decodeNC(row)
  }

  /// NCs matching `filter`: open ones first by deadline, then corrected ones.
  public func ncs(_ filter: NCFilter) throws -> [NonConformity] {
    // ?1 is today, bound first.
    var query = SQLFilter(store: store, arguments: [store.clock.today])
    try query.producer(filter.producer, column: "n.producer_id")
    try query.region(filter.region, column: "p.country")
    if filter.openOnly || filter.overdueOnly { query.add("n.status = 'open'") }
    if filter.overdueOnly { query.add("n.deadline < ?1") }
    let sql =
      Self.selectNC + query.clause + " ORDER BY n.status = 'corrected', n.deadline, n.criterion, n.id"
      + query.limit(filter.limit)
    return try db.rows(sql, query.arguments).map(Self.decodeNC)
  }

  /// The NCs linked to a case.
  public func ncs(ofCase caseID: String) throws -> [NonConformity] {
    try db.rows(
      "\(Self.selectNC) WHERE n.id IN (SELECT nc_id FROM case_non_conformities WHERE case_id = ?) ORDER BY n.deadline",
      [store.clock.today, caseID]
    ).map(Self.decodeNC)
  }

  /// The NCs an audit found, by deadline.
  public func ncs(ofAudit auditID: String) throws -> [NonConformity] {
    try db.rows(
      "\(Self.selectNC) WHERE n.audit_id = ? ORDER BY n.deadline, n.criterion", [store.clock.today, auditID]
    ).map(Self.decodeNC)
  }

  /// Takes ?1 = today.
  static let selectNC = """
    SELECT n.*, p.name AS producer_name, (n.status = 'open' AND n.deadline < ?1) AS overdue
    FROM non_conformities n JOIN producers p ON p.id = n.producer_id
    """

  static func decodeNC(_ row: Row) throws -> NonConformity {
    NonConformity(
      id: try row.decode("id"), producerID: try row.decode("producer_id"),
      producerName: try row.decode("producer_name"), auditID: try row.decode("audit_id"),
      criterion: try row.decode("criterion"), criterionType: try row.decode("criterion_type"),
      description: try row.decode("description"), measure: try row.decode("measure"),
      deadline: try row.decode("deadline"), status: try row.decode("status"),
      correctedOn: try row.decode("corrected_on"), evidence: try row.decode("evidence"),
      createdAt: try row.decode("created_at"), createdBy: try row.decode("created_by"),
      isOverdue: try row.decode("overdue"))
  }
}
