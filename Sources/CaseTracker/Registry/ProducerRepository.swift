import SQLite

/// What to store for a new producer, or the fields an import row or update sets.
public struct ProducerDraft: Equatable, Sendable {
  public var name: String
  public var country: String
  public var type: ProducerType
  public var floID: String?
  public var products: [String]
  public var members: Int?
  public var status: CertificationStatus
  /// The day `status` took effect, when it is not today: for a producer registered as already certified,
  /// the day it was certified.
  public var statusSince: String?

  public init(
    name: String, country: String, type: ProducerType, floID: String? = nil, products: [String] = [],
    members: Int? = nil, status: CertificationStatus = .prospect, statusSince: String? = nil
  ) {
    self.name = name
    self.country = country
    self.type = type
    self.floID = floID
    self.products = products
    self.members = members
    self.status = status
    self.statusSince = statusSince
  }
}

/// Producer organizations.
public struct ProducerRepository {
  let store: Store
  var db: Database { store.db }
  var clock: Clock { store.clock }

  /// Adds a producer with a new random id. Returns it with a warning when its country belongs to no
  /// region (the producer is added all the same, but no region's report counts it).
  @discardableResult
  public func add(_ draft: ProducerDraft, id: String = Identifier.make()) throws -> (
    producer: Producer, warning: String?
  ) {
    let (draft, country) = try validated(draft)
    guard Identifier.isUUID(id), id == id.lowercased() else {
      throw DomainError.invalid("'\(Validate.printable(id))' is not a producer id; ids are lower-case UUIDs")
    }
    return try db.write {
      let actor = try store.recordedActor()
      if let floID = draft.floID { try checkFLOIDFree(floID, except: nil) }
      try insert(draft, id: id, actor: actor, now: clock.now())
      try SearchRepository(db: db).catchUp()
      return (try require(id: id), try store.countries.placementWarning(for: country))
    }
  }

  /// Inserts a validated draft whose FLO ID is known to be free, with its products and the first entry of
  /// its status history. The caller holds the transaction.
  func insert(_ draft: ProducerDraft, id: String, actor: String, now: String) throws {
    let placeholders = { (count: Int) in [String](repeating: "?", count: count) }
    try db.cachedStatement(NewProducerSQL.producers + NewProducerSQL.row(placeholders(9))).execute([
      id, draft.name, draft.country, draft.type, draft.floID, draft.members, draft.status, now, now,
    ])
    let product = try db.cachedStatement(NewProducerSQL.products + NewProducerSQL.row(placeholders(3)))
    for (position, item) in draft.products.enumerated() { try product.execute([id, item, position]) }
    try db.cachedStatement(NewProducerSQL.statuses + NewProducerSQL.row(NewProducerSQL.statusValues(placeholders(6))))
      .execute([
        Identifier.make(), id, draft.status, draft.statusSince ?? clock.today, now, actor,
      ])
  }

  /// The statements that write a new producer, for `insert` and the import's `ImportWriter` alike: each
  /// INSERT up to its VALUES, and one row's values from the placeholders given.
  enum NewProducerSQL {
    /// Values: id, name, country, type, flo_id, members, status, created_at, updated_at.
    static let producers =
      "INSERT INTO producers (id, name, country, type, flo_id, members, status, created_at, updated_at) VALUES "
    /// The same insert for rows given as `VALUES (…), (…)` after it and `newFLOIDsOnly` closing it: a row
    /// whose FLO ID is taken is left out (the schema no longer refuses one: two laptops may both register a
    /// producer, DESIGN.md "Sync"; psr's own commands never do).
    static let producersFromValues =
      "INSERT INTO producers (id, name, country, type, flo_id, members, status, created_at, updated_at) "
      + "SELECT * FROM (VALUES "
    static let newFLOIDsOnly =
      ") AS v WHERE v.column5 IS NULL OR NOT EXISTS (SELECT 1 FROM producers p WHERE p.flo_id = v.column5)"
    /// Values: producer_id, product, position.
    static let products = "INSERT INTO producer_products (producer_id, product, position) VALUES "
    /// Values from `statusValues`.
    static let statuses =
      "INSERT INTO producer_status_changes (id, producer_id, seq, from_status, to_status, on_date, at, actor, note) VALUES "

    /// `(a, b, …)` of `values`.
    static func row(_ values: [String]) -> String {
      "(" + values.joined(separator: ", ") + ")"
    }

    /// A first status entry's values from six placeholders: its id, the producer's id, the status, the day
    /// it took effect, the time and the actor.
    static func statusValues(_ values: [String]) -> [String] {
      [values[0], values[1], "1", "NULL", values[2], values[3], values[4], values[5], "'status when registered'"]
    }
  }

  /// Turns CHECK constraints off or on again (https://www.sqlite.org/pragma.html#pragma_ignore_check_constraints),
  /// for a caller that checks every value it writes against the same rules first: the GLOB and IN tests of
  /// the producer tables cost more than the inserts themselves. Whoever turns them off turns them on again,
  /// whatever happens.
  func enforceCheckConstraints(_ enforce: Bool) throws {
    try db.execute(enforce ? "PRAGMA ignore_check_constraints = OFF" : "PRAGMA ignore_check_constraints = ON")
  }

  /// Replaces a producer's fields with `draft`'s. Returns the producer, whether anything changed, and a
  /// warning when it moved to a country that belongs to no region.
  @discardableResult
  public func update(id: String, to draft: ProducerDraft) throws -> (
    producer: Producer, changed: Bool, warning: String?
  ) {
    let (producer, changed, movedTo) = try replace(id: id, with: draft)
    return (producer, changed, try movedTo.flatMap(store.countries.placementWarning))
  }

  /// `update` without the warning, for the import, which counts the rows of countries of no region itself:
  /// returns the producer, whether anything changed, and its new country when that changed.
  func replace(id: String, with draft: ProducerDraft) throws -> (
    producer: Producer, changed: Bool, movedTo: Country?
  ) {
    let (draft, country) = try validated(draft)
    return try db.write {
      let before = try require(id: id)
      if let floID = draft.floID, floID != before.floID { try checkFLOIDFree(floID, except: id) }
      let unchanged =
        before.name == draft.name && before.country == draft.country && before.type == draft.type
        && before.floID == draft.floID && before.products == draft.products && before.members == draft.members
        && before.status == draft.status
      if unchanged { return (before, false, nil) }
      let actor = try store.recordedActor()
      try db.execute(
        """
        UPDATE producers SET name = ?, country = ?, type = ?, flo_id = ?, members = ?, updated_at = ?
        WHERE id = ?
        """,
        [draft.name, draft.country, draft.type, draft.floID, draft.members, clock.now(), id])
      if before.products != draft.products { try setProducts(draft.products, for: id) }
      if draft.status != before.status {
        // A status change goes through the state machine and into the history, dated today.
        _ = try CertificationRepository(store: store).record(
          try require(id: id), to: draft.status, on: draft.statusSince ?? clock.today, note: nil, actor: actor)
      }
      try SearchRepository(db: db).catchUp()
      return (try require(id: id), true, before.country == draft.country ? nil : country)
    }
  }

  /// `draft` with its values checked and normalized, and its country.
  func validated(_ draft: ProducerDraft) throws -> (draft: ProducerDraft, country: Country) {
    var draft = draft
    draft.name = try Validate.line(draft.name, field: "producer name", limit: 300)
    let country = try store.countries.require(draft.country)
    draft.country = country.code
    draft.floID = try draft.floID.map(Validate.floID)
    draft.products = try Validate.products(draft.products.joined(separator: ","))
    if let since = draft.statusSince {
      draft.statusSince = try CalendarDate.parse(since, field: "status date")
      if since > clock.today {
        throw DomainError.invalid("the status date \(since) is in the future (today is \(clock.today))")
      }
    }
    if let members = draft.members, !Bounds.members.contains(members) {
      throw DomainError.invalid(
        "the member count is \(members); give a whole number from 0 to \(Bounds.members.upperBound)")
    }
    return (draft, country)
  }

  private func checkFLOIDFree(_ floID: String, except id: String?) throws {
    if let other = try producer(floID: floID), other.id != id {
      throw DomainError.invalid(
        "FLO ID \(floID) already belongs to \(other.name) (\(other.shortID)); each FLO ID is unique")
    }
  }

  private func setProducts(_ products: [String], for id: String) throws {
    try db.execute("DELETE FROM producer_products WHERE producer_id = ?", [id])
    let insert = try db.cachedStatement(
      "INSERT INTO producer_products (producer_id, product, position) VALUES (?, ?, ?)")
    for (position, product) in products.enumerated() {
      try insert.execute([id, product, position])
    }
  }
}
