import SQLite

extension ProducerRepository {
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
    static let deferredTriggers = [
      "producer_status_changes_no_replace",
      // A producer's search document follows each product row added; made by set at the end instead.
      "search_producer_insert", "search_producer_changed", "search_producer_product_added",
      "search_producer_product_removed",
    ]

    init(db: Database, actor: String, now: String) throws {
      self.db = db
      self.actor = actor
      self.now = now
      byID = try db.prepare("SELECT rowid, id FROM producers WHERE id = ?")
      byFLOID = try db.prepare(
        "SELECT rowid, id FROM producers WHERE flo_id = ? ORDER BY merged_into IS NOT NULL, created_at, id LIMIT 1")
      let sql = NewProducerSQL.self
      func values(_ rows: Int, _ row: (Int) -> [String]) -> String {
        (0..<rows).map { sql.row(row($0)) }.joined(separator: ", ")
      }
      // A FLO ID that is taken leaves the row out rather than failing: the caller then looks for its owner.
      // ?1 is the time, the same in every row.
      func producer(_ row: Int) -> [String] {
        (0..<7).map { "?\(2 + 7 * row + $0)" } + ["?1", "?1"]
      }
      insertProducers = (
        try db.prepare(sql.producersFromValues + values(1, producer) + sql.newFLOIDsOnly),
        try db.prepare(sql.producersFromValues + values(Self.rowsAtOnce, producer) + sql.newFLOIDsOnly)
      )
      try insertProducers.one.bind(.text(now), at: 1)
      try insertProducers.many.bind(.text(now), at: 1)
      func product(_ row: Int) -> [String] {
        (1...3).map { "?\(3 * row + $0)" }
      }
      // ?1 and ?2 are the same in every row: the time and the actor.
      func status(_ row: Int) -> [String] {
        let value = { (column: Int) in "?\(2 + 4 * row + column)" }
        return sql.statusValues([value(1), value(2), value(3), value(4), "?1", "?2"])
      }
      insertProducts = (
        try db.prepare(sql.products + values(1, product)),
        try db.prepare(sql.products + values(Self.rowsAtOnce, product))
      )
      insertStatuses = (
        try db.prepare(sql.statuses + values(1, status)),
        try db.prepare(sql.statuses + values(Self.rowsAtOnce, status))
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
      // A FLO ID twice in one batch goes in row by row: one statement's rows do not see each other.
      let floIDs = producers.compactMap(\.floID)
      let statement =
        producers.count == Self.rowsAtOnce && Set(floIDs).count == floIDs.count
        ? insertProducers.many : insertProducers.one
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
      try SearchRepository(db: db).refreshProducerDocuments()
    }

    /// The page cache while `restoreIndexes` sorts, in KiB.
    static let sortCacheKibibytes = 2_048
  }
}
