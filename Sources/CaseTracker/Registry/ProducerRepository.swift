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
  /// its status history. The caller holds the transaction.
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

  /// What a large import writes with: its statements prepared once and bound value by value, and the
  /// schema changes that make many inserts cheap. The caller holds the transaction.
  struct ImportWriter {
    /// A producer found by one of its keys.
    struct Found: Equatable {
      var rowID: Int64
      var id: String
    }

    let db: Database
    private let actor: String
    private let now: String
    private let byID: Statement
    private let byFLOID: Statement
    private let insertProducers: (one: Statement, many: Statement)
    private var queued: [NewProducer] = []
    /// The products and first status entries of the producers inserted, written `rowsAtOnce` to a
    /// statement, since most of the cost of a one-row INSERT is in running a statement at all. Flat lists
    /// of the values of `productColumns` and `statusColumns` a row.
    private var pendingProducts: [DatabaseValue] = []
    private var pendingStatuses: [DatabaseValue] = []
    private static let rowsAtOnce = 64
    private static let productColumns = 3
    private static let statusColumns = 4
    private let insertProducts: (one: Statement, many: Statement)
    private let insertStatuses: (one: Statement, many: Statement)
    /// The `CREATE` text of what `deferIndexes()` dropped, run again by `restoreIndexes()`.
    private var deferred: [String] = []

    /// Indexes that a large import builds once at its end rather than row by row: one sort each instead of
    /// a search from the root for every row (`producers_by_name` takes every insert at a random place). The
    /// indexes of PRIMARY KEY and UNIQUE constraints stay.
    static let deferredIndexes = [
      "producers_by_name", "producers_by_country", "producer_products_by_product",
      "producer_status_changes_by_status",
    ]
    /// The append-only guard against INSERT OR REPLACE looks up two keys per status entry; the import's own
    /// plain INSERTs cannot replace a row (their UNIQUE keys refuse a duplicate), so a large import drops it
    /// and creates it again, verbatim, before the end of its transaction.
    static let deferredTriggers = ["producer_status_changes_no_replace"]

    init(db: Database, actor: String, now: String) throws {
      self.db = db
      self.actor = actor
      self.now = now
      byID = try db.prepare("SELECT rowid, id FROM producers WHERE id = ?")
      byFLOID = try db.prepare("SELECT rowid, id FROM producers WHERE flo_id = ?")
      func values(_ rows: Int, _ row: (Int) -> String) -> String {
        (0..<rows).map { "(\(row($0)))" }.joined(separator: ", ")
      }
      // A FLO ID that is taken leaves the row out rather than failing: the caller then looks for its owner.
      // ?1 is the time, the same in every row.
      func producer(_ row: Int) -> String {
        (0..<7).map { "?\(2 + 7 * row + $0)" }.joined(separator: ", ") + ", ?1, ?1"
      }
      let producers =
        "INSERT INTO producers (id, name, country, type, flo_id, members, status, created_at, updated_at) VALUES "
      let upsert = " ON CONFLICT (flo_id) DO NOTHING"
      insertProducers = (
        try db.prepare(producers + values(1, producer) + upsert),
        try db.prepare(producers + values(Self.rowsAtOnce, producer) + upsert)
      )
      try insertProducers.one.bind(.text(now), at: 1)
      try insertProducers.many.bind(.text(now), at: 1)
      func product(_ row: Int) -> String {
        (1...3).map { "?\(3 * row + $0)" }.joined(separator: ", ")
      }
      // ?1 and ?2 are the same in every row: the time and the actor.
      func status(_ row: Int) -> String {
        let value = { (column: Int) in "?\(2 + 4 * row + column)" }
        return "\(value(1)), \(value(2)), 1, NULL, \(value(3)), \(value(4)), ?1, ?2, 'status when registered'"
      }
      let products = "INSERT INTO producer_products (producer_id, product, position) VALUES "
      let statuses =
        "INSERT INTO producer_status_changes (id, producer_id, seq, from_status, to_status, on_date, at, actor, note) VALUES "
      insertProducts = (
        try db.prepare(products + values(1, product)), try db.prepare(products + values(Self.rowsAtOnce, product))
      )
      insertStatuses = (
        try db.prepare(statuses + values(1, status)), try db.prepare(statuses + values(Self.rowsAtOnce, status))
      )
      for statement in [insertStatuses.one, insertStatuses.many] {
        try statement.bind(.text(now), at: 1)
        try statement.bind(.text(actor), at: 2)
      }
    }

    /// The producer with exactly `id`, or nil.
    func find(id: String) throws -> Found? {
      try find(byID, .text(id))
    }

    /// The producer with `floID` (normalized), or nil.
    func find(floID: String) throws -> Found? {
      try find(byFLOID, .text(floID))
    }

    private func find(_ statement: Statement, _ key: DatabaseValue) throws -> Found? {
      statement.reset()
      try statement.bind(key, at: 1)
      defer { statement.reset() }
      guard try statement.step() else { return nil }
      let row = statement.currentRow()
      return Found(rowID: try row.decode(at: 0), id: try row.decode(at: 1))
    }

    /// The largest rowid of `producers` (0 when there is none): rows added after this have larger ones.
    func largestRowID() throws -> Int64 {
      try db.scalar("SELECT coalesce(max(rowid), 0) FROM producers") ?? 0
    }

    /// A new producer, its fields checked, and the ids of it and of its first status entry.
    struct NewProducer {
      var id: String
      var statusID: String
      var name: String
      var country: String
      var type: ProducerType
      var floID: String?
      var products: [String]
      var members: Int?
      var status: CertificationStatus
      var statusSince: String
    }

    /// True when `writeQueued` should run: it inserts this many producers with one statement.
    var queueIsFull: Bool { queued.count >= Self.rowsAtOnce }

    /// Holds `producer` back for `writeQueued`.
    mutating func queue(_ producer: NewProducer) {
      queued.append(producer)
    }

    /// Inserts the queued producers in order, each with its products and the first entry of its status
    /// history, and tells `inserted` each one's rowid in that order, or nil when its FLO ID is taken (by a
    /// producer in the database or queued before it): nothing of that one is written. Products and status
    /// entries are written `rowsAtOnce` to a statement, the rest held back unless `completely`.
    mutating func writeQueued(completely: Bool, _ inserted: (Int64?) throws -> Void) throws {
      let producers = queued
      queued.removeAll(keepingCapacity: true)
      let statement = producers.count == Self.rowsAtOnce ? insertProducers.many : insertProducers.one
      var rowIDs: [Int64?] = []
      var start = 0
      while start < producers.count {
        let rows = statement === insertProducers.many ? producers.count : 1
        statement.reset()
        for row in 0..<rows {
          let producer = producers[start + row]
          let first = 2 + 7 * row
          try statement.bind(.text(producer.id), at: first)
          try statement.bind(.text(producer.name), at: first + 1)
          try statement.bind(.text(producer.country), at: first + 2)
          try statement.bind(.text(producer.type.rawValue), at: first + 3)
          try statement.bind(producer.floID.map(DatabaseValue.text) ?? .null, at: first + 4)
          try statement.bind(producer.members.map { .integer(Int64($0)) } ?? .null, at: first + 5)
          try statement.bind(.text(producer.status.rawValue), at: first + 6)
        }
        try statement.run()
        let (count, last) = (db.changes, db.lastInsertedRowID)
        if count == rows {
          // New rowids follow the largest one, in the order of the rows.
          rowIDs += (0..<Int64(count)).map { last - Int64(count) + 1 + $0 }
        } else {
          rowIDs += try producers[start..<(start + rows)].map { try find(id: $0.id)?.rowID }
        }
        start += rows
      }
      for (producer, rowID) in zip(producers, rowIDs) where rowID != nil {
        for (position, product) in producer.products.enumerated() {
          pendingProducts.append(.text(producer.id))
          pendingProducts.append(.text(product))
          pendingProducts.append(.integer(Int64(position)))
        }
        pendingStatuses.append(.text(producer.statusID))
        pendingStatuses.append(.text(producer.id))
        pendingStatuses.append(.text(producer.status.rawValue))
        pendingStatuses.append(.text(producer.statusSince))
      }
      try write(&pendingProducts, columns: Self.productColumns, with: insertProducts, first: 1, all: completely)
      try write(&pendingStatuses, columns: Self.statusColumns, with: insertStatuses, first: 3, all: completely)
      for rowID in rowIDs { try inserted(rowID) }
    }

    /// Writes the products and status entries `writeQueued` held back: before anything reads them.
    mutating func writeHeldBack() throws {
      try write(&pendingProducts, columns: Self.productColumns, with: insertProducts, first: 1, all: true)
      try write(&pendingStatuses, columns: Self.statusColumns, with: insertStatuses, first: 3, all: true)
    }

    /// Inserts `rowsAtOnce` rows of `values` with one statement once there are that many, and with `all` the
    /// rest one by one; each row's values are bound from parameter `first` on.
    private func write(
      _ values: inout [DatabaseValue], columns: Int, with statements: (one: Statement, many: Statement), first: Int,
      all: Bool
    ) throws {
      let full = Self.rowsAtOnce * columns
      var start = 0
      while values.count - start >= full {
        statements.many.reset()
        for offset in 0..<full { try statements.many.bind(values[start + offset], at: first + offset) }
        try statements.many.run()
        start += full
      }
      values.removeFirst(start)
      guard all else { return }
      for start in stride(from: 0, to: values.count, by: columns) {
        statements.one.reset()
        for offset in 0..<columns { try statements.one.bind(values[start + offset], at: first + offset) }
        try statements.one.run()
      }
      values.removeAll(keepingCapacity: true)
    }

    /// Drops `deferredIndexes` and `deferredTriggers` until `restoreIndexes()`. Inside the caller's
    /// transaction: a rollback brings them back as they were.
    mutating func deferIndexes() throws {
      guard deferred.isEmpty else { return }
      deferred = try db.dropForLoad(indexes: Set(Self.deferredIndexes), triggers: Set(Self.deferredTriggers))
    }

    /// Creates again what `deferIndexes()` dropped: one sort per index.
    ///
    /// With `temp_store` in memory SQLite sorts the whole index in memory
    /// (https://www.sqlite.org/tempfiles.html#temp_databases): for a million names, more than the rest of
    /// the import together. So the sort goes to temporary files for this, with a small page cache, whose size
    /// also bounds what the sorter holds in memory before it writes a run out.
    mutating func restoreIndexes() throws {
      guard !deferred.isEmpty else { return }
      let tempStore = ["PRAGMA temp_store = DEFAULT", "PRAGMA temp_store = FILE", "PRAGMA temp_store = MEMORY"][
        try db.scalar("PRAGMA temp_store", as: Int.self) ?? 0]
      let pageCache = try db.scalar("PRAGMA cache_size", as: Int.self) ?? -2000
      // SQLite refuses to change temp_store inside a transaction once this connection has temporary
      // tables; the sort then stays in memory.
      try? db.execute("PRAGMA temp_store = FILE")
      try db.execute("PRAGMA cache_size = -\(Self.sortCacheKibibytes)")
      defer {
        try? db.execute(tempStore)
        try? db.execute("PRAGMA cache_size = \(pageCache)")
      }
      for sql in deferred { try db.execute(script: sql) }
      deferred = []
    }

    /// The page cache while `restoreIndexes` sorts, in KiB.
    static let sortCacheKibibytes = 2_048
  }

  /// Turns CHECK constraints off or on again (https://www.sqlite.org/pragma.html#pragma_ignore_check_constraints),
  /// for a caller that checks every value it writes against the same rules first: the GLOB and IN tests of
  /// the producer tables cost more than the inserts themselves. Whoever turns them off turns them on again,
  /// whatever happens.
  func enforceCheckConstraints(_ enforce: Bool) throws {
    try db.execute(enforce ? "PRAGMA ignore_check_constraints = OFF" : "PRAGMA ignore_check_constraints = ON")
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
