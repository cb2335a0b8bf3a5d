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

/// Filters for `ProducerRepository.list`; nil matches everything.
public struct ProducerFilter: Sendable {
  public var region: String?
  public var country: String?
  public var type: ProducerType?
  public var status: CertificationStatus?
  public var product: String?

  public init(
    region: String? = nil, country: String? = nil, type: ProducerType? = nil,
    status: CertificationStatus? = nil, product: String? = nil
  ) {
    self.region = region
    self.country = country
    self.type = type
    self.status = status
    self.product = product
  }
}

/// Producer organizations.
public struct ProducerRepository {
  let store: Store
  var db: Database { store.db }
  var clock: Clock { store.clock }

  /// Adds a producer with a new random id.
  @discardableResult
  public func add(_ draft: ProducerDraft, id: String = Identifier.make()) throws -> Producer {
    let draft = try validated(draft)
    guard Identifier.isUUID(id), id == id.lowercased() else {
      throw DomainError.invalid("'\(Validate.printable(id))' is not a producer id; ids are lower-case UUIDs")
    }
    return try db.write {
      let actor = try store.recordedActor()
      if let floID = draft.floID { try checkFLOIDFree(floID, except: nil) }
      try insert(draft, id: id, actor: actor, now: clock.now())
      return try require(id: id)
    }
  }

  /// Inserts a validated draft whose FLO ID is known to be free, with its products and the first entry of
  /// its status history. The caller holds the transaction; imports call this once a row.
  func insert(_ draft: ProducerDraft, id: String, actor: String, now: String) throws {
    try db.execute(
      """
      INSERT INTO producers (id, name, country, type, flo_id, members, status, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
      """,
      [id, draft.name, draft.country, draft.type, draft.floID, draft.members, draft.status, now, now])
    let product = try db.cachedStatement(
      "INSERT INTO producer_products (producer_id, product, position) VALUES (?, ?, ?)")
    for (position, item) in draft.products.enumerated() { try product.execute([id, item, position]) }
    try db.execute(
      """
      INSERT INTO producer_status_changes (id, producer_id, seq, from_status, to_status, on_date, at, actor, note)
      VALUES (?, ?, 1, NULL, ?, ?, ?, ?, 'status when registered')
      """, [Identifier.make(), id, draft.status, draft.statusSince ?? clock.today, now, actor])
  }

  /// The id of the producer with `id` or `floID`, without reading the rest: nil when none.
  func existingID(id: String?, floID: String?) throws -> (byID: String?, byFLO: String?) {
    let byID = try id.flatMap { try db.scalar("SELECT id FROM producers WHERE id = ?", [$0], as: String.self) }
    let byFLO = try floID.flatMap { try db.scalar("SELECT id FROM producers WHERE flo_id = ?", [$0], as: String.self) }
    return (byID, byFLO)
  }

  /// Replaces a producer's fields with `draft`'s. Returns the producer and whether anything changed.
  @discardableResult
  public func update(id: String, to draft: ProducerDraft) throws -> (producer: Producer, changed: Bool) {
    let draft = try validated(draft)
    return try db.write {
      let before = try require(id: id)
      if let floID = draft.floID, floID != before.floID { try checkFLOIDFree(floID, except: id) }
      let unchanged =
        before.name == draft.name && before.country == draft.country && before.type == draft.type
        && before.floID == draft.floID && before.products == draft.products && before.members == draft.members
        && before.status == draft.status
      if unchanged { return (before, false) }
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
      return (try require(id: id), true)
    }
  }

  /// The producer a user names by FLO ID or by a unique id prefix of at least six characters.
  ///
  /// No match throws not-found; several throw invalid, listing the candidates.
  public func resolve(_ reference: String) throws -> Producer {
    let text = reference.trimmedSpaces
    var candidates: [Producer] = []
    if let floID = try? Validate.floID(text), let producer = try producer(floID: floID) {
      candidates.append(producer)
    }
    if let prefix = Identifier.prefix(text) {
      for row in try db.rows(
        "SELECT \(Self.columns) FROM producers p WHERE p.id >= ? AND p.id < ? ORDER BY p.id LIMIT 11",
        [prefix, Identifier.prefixUpperBound(prefix)])
      {
        let producer = try producer(row)
        if !candidates.contains(where: { $0.id == producer.id }) { candidates.append(producer) }
      }
    } else if candidates.isEmpty, !text.isEmpty, text.count < Identifier.minimumPrefix,
      text.unicodeScalars.allSatisfy({ $0.properties.isASCIIHexDigit })
    {
      throw DomainError.notFound(
        "no producer has FLO ID '\(Validate.printable(text))', and an id prefix needs at least \(Identifier.minimumPrefix) characters"
      )
    }
    switch candidates.count {
    case 0:
      throw DomainError.notFound(
        "no producer matches '\(Validate.printable(text))'; give a FLO ID or an id prefix of at least \(Identifier.minimumPrefix) characters (see 'psr producer list')"
      )
    case 1:
      return candidates[0]
    default:
      let listed = candidates.prefix(10).map { "\($0.shortID) \($0.name) (\($0.country))" }
      throw DomainError.invalid(
        "'\(Validate.printable(text))' matches \(candidates.count > 10 ? "more than 10" : String(candidates.count)) producers: \(listed.joined(separator: "; ")); give more characters of the id"
      )
    }
  }

  /// A producer's columns, with the day its current status took effect.
  static let columns = """
    p.*, (SELECT s.on_date FROM producer_status_changes s WHERE s.producer_id = p.id ORDER BY s.seq DESC LIMIT 1)
      AS status_since
    """

  /// The producer with exactly `id`.
  public func require(id: String) throws -> Producer {
    guard let row = try db.row("SELECT \(Self.columns) FROM producers p WHERE p.id = ?", [id]) else {
      throw DomainError.notFound("no producer has id \(id)")
    }
    return try producer(row)
  }

  /// The producer with exactly `id`, or nil.
  public func producer(id: String) throws -> Producer? {
    try db.row("SELECT \(Self.columns) FROM producers p WHERE p.id = ?", [id]).map(producer)
  }

  /// The producer with `floID` (normalized), or nil.
  public func producer(floID: String) throws -> Producer? {
    try db.row("SELECT \(Self.columns) FROM producers p WHERE p.flo_id = ?", [floID]).map(producer)
  }

  /// Producers matching `filter`, by name.
  public func list(_ filter: ProducerFilter = ProducerFilter()) throws -> [Producer] {
    var query = SQLFilter(store: store)
    try query.region(filter.region, column: "p.country")
    try query.country(filter.country, column: "p.country")
    if let type = filter.type { query.add("p.type = ?", type) }
    if let status = filter.status { query.add("p.status = ?", status) }
    if let product = filter.product {
      query.add(
        "p.id IN (SELECT producer_id FROM producer_products WHERE product = ?)",
        try Validate.products(product).first ?? "")
    }
    let filterSQL = query.clause
    let arguments = query.arguments
    return try db.read {
      let products = try productsByProducer(filterSQL: filterSQL, arguments: arguments)
      return try db.rows(
        "SELECT \(Self.columns) FROM producers p \(filterSQL) ORDER BY p.name COLLATE NOCASE, p.id", arguments
      ).map { try producer($0, products: products[try $0.decode("id")] ?? []) }
    }
  }

  /// The products of every producer matching a filter, in one query.
  private func productsByProducer(filterSQL: String, arguments: [any DatabaseValueConvertible]) throws
    -> [String: [String]]
  {
    var products: [String: [String]] = [:]
    try db.cachedStatement(
      """
      SELECT pp.producer_id, pp.product FROM producer_products pp
      WHERE pp.producer_id IN (SELECT p.id FROM producers p \(filterSQL))
      ORDER BY pp.producer_id, pp.position
      """
    ).forEachRow(arguments) { row in
      products[try row.decode("producer_id"), default: []].append(try row.decode("product"))
    }
    return products
  }

  func validated(_ draft: ProducerDraft) throws -> ProducerDraft {
    var draft = draft
    draft.name = try Validate.line(draft.name, field: "producer name", limit: 300)
    draft.country = try store.countries.require(draft.country).code
    draft.floID = try draft.floID.map(Validate.floID)
    draft.products = try Validate.products(draft.products.joined(separator: ","))
    if let since = draft.statusSince {
      draft.statusSince = try CalendarDate.parse(since, field: "status date")
      if since > clock.today {
        throw DomainError.invalid("the status date \(since) is in the future (today is \(clock.today))")
      }
    }
    if let members = draft.members, members < 0 {
      throw DomainError.invalid("the member count is \(members); give a whole number from 0")
    }
    return draft
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

  private func producer(_ row: Row) throws -> Producer {
    let id: String = try row.decode("id")
    let products: [String] = try db.rows(
      "SELECT product FROM producer_products WHERE producer_id = ? ORDER BY position", [id]
    ).map { try $0.decode("product") }
    return try producer(row, products: products)
  }

  private func producer(_ row: Row, products: [String]) throws -> Producer {
    Producer(
      id: try row.decode("id"), name: try row.decode("name"), country: try row.decode("country"),
      type: try row.decode("type"), floID: try row.decode("flo_id"), products: products,
      members: try row.decode("members"), status: try row.decode("status"),
      statusSince: try row.decode("status_since"), createdAt: try row.decode("created_at"),
      updatedAt: try row.decode("updated_at"))
  }
}
