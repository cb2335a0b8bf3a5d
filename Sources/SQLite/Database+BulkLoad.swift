import CSQLite

extension Database {
  /// What `bulkLoad` changes while it runs.
  public struct BulkLoadPlan: Sendable {
    /// Tables whose secondary indexes are dropped before the load and built again after it, from their own
    /// `CREATE INDEX` text: one sort per index instead of a random insert per row. Indexes that are part
    /// of a table (PRIMARY KEY, UNIQUE) stay.
    public var tables: Set<String>
    /// Triggers dropped for the load and created again, verbatim, after it.
    public var triggers: Set<String>
    /// Page cache for the load, in MiB.
    public var cacheMebibytes: Int
    /// False to skip CHECK constraints while loading rows the caller made itself (they cost more than the
    /// insert when a GLOB pattern runs over every key); `PRAGMA quick_check` still finds a row that breaks one.
    public var checkConstraints: Bool

    public init(
      tables: Set<String>, triggers: Set<String> = [], cacheMebibytes: Int = 256, checkConstraints: Bool = true
    ) {
      self.tables = tables
      self.triggers = triggers
      self.cacheMebibytes = cacheMebibytes
      self.checkConstraints = checkConstraints
    }
  }

  /// Fills a file that nobody else has open and that is thrown away if this fails, as fast as SQLite
  /// can: one transaction with its rollback journal in memory, no syncs and foreign keys not enforced
  /// (CHECK constraints too, if the plan says so), with the plan's indexes and triggers dropped for `load`
  /// and re-created before `finish`, which runs in the same transaction (to build what needs those
  /// indexes). The caller checks what it wrote (`PRAGMA foreign_key_check`) where it matters, and must not
  /// use this on a database someone relies on: a crash part-way leaves a damaged file. After it, even when
  /// it fails, the connection is back in WAL mode with synchronous FULL and foreign keys on; after a
  /// success everything written is synced to disk.
  public func bulkLoad<T>(
    _ plan: BulkLoadPlan, _ load: () throws -> T, finish: () throws -> Void = {}
  ) throws -> T {
    precondition(!isInTransaction, "bulkLoad runs its own transaction")
    try execute("PRAGMA foreign_keys = OFF")
    try execute("PRAGMA synchronous = OFF")
    // A rollback journal in memory: a new file's pages are new, so there is next to nothing to journal,
    // and a failed load still rolls back. (OFF is refused in defensive mode.)
    try setJournalMode("MEMORY")
    let cacheKibibytes = 1024 * max(2, plan.cacheMebibytes)
    try execute("PRAGMA cache_size = -\(cacheKibibytes)")
    if !plan.checkConstraints { try execute("PRAGMA ignore_check_constraints = ON") }
    // Index builds sort with a helper thread (https://www.sqlite.org/pragma.html#pragma_threads).
    try execute("PRAGMA threads = 2")
    defer {
      if isInTransaction == false, (try? scalar("PRAGMA journal_mode", as: String.self)) != "wal" {
        try? execute("PRAGMA synchronous = FULL")
        try? setJournalMode("WAL")
      }
      try? execute("PRAGMA ignore_check_constraints = OFF")
      try? execute("PRAGMA threads = 0")
      try? execute("PRAGMA cache_size = -16384")
      try? execute("PRAGMA foreign_keys = ON")
    }
    let result = try write {
      let deferred = try dropForLoad(indexesOf: plan.tables, triggers: plan.triggers)
      let result = try load()
      for sql in deferred { try execute(sql) }
      try finish()
      return result
    }
    try execute("PRAGMA synchronous = FULL")
    // Switching to WAL writes and syncs the header: with synchronous FULL everything before it is on disk.
    try setJournalMode("WAL")
    try execute("PRAGMA main.wal_checkpoint(TRUNCATE)")
    return result
  }

  /// Drops the secondary indexes of `tables`, the indexes named in `indexes` and the triggers named in
  /// `triggers`, and returns their `CREATE` statements, verbatim from sqlite_schema, to run again once the
  /// rows are in: one sort per index instead of an insert per row. Indexes that are part of a table
  /// (PRIMARY KEY, UNIQUE) stay. Inside a transaction, a rollback brings everything back.
  public func dropForLoad(
    indexesOf tables: Set<String> = [], indexes: Set<String> = [], triggers: Set<String> = []
  ) throws -> [String] {
    let deferred = try rows("SELECT type, name, tbl_name, sql FROM sqlite_schema WHERE sql IS NOT NULL")
      .map { row in
        (
          type: try row.decode(at: 0, as: String.self), name: try row.decode(at: 1, as: String.self),
          table: try row.decode(at: 2, as: String.self), sql: try row.decode(at: 3, as: String.self)
        )
      }
      .filter { item in
        (item.type == "index" && (tables.contains(item.table) || indexes.contains(item.name)))
          || (item.type == "trigger" && triggers.contains(item.name))
      }
    for item in deferred {
      try execute("DROP \(item.type == "index" ? "INDEX" : "TRIGGER") \(Self.quoted(item.name))")
    }
    return deferred.map(\.sql)
  }

  /// An SQL identifier in double quotes, inner quotes doubled.
  public static func quoted(_ identifier: String) -> String {
    "\"" + identifier.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
  }
}
