import CSQLite

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// One SQLite connection, configured the same way every time it is opened.
///
/// Not Sendable: a connection belongs to the thread that uses it, as SwiftPM's own `SQLite.swift` says of
/// its connection.
public final class Database {
  /// How to open the file.
  public enum Mode: Sendable {
    /// Read and write an existing database; fail when the file is missing.
    case readWrite
    /// Read and write, creating the file when it is missing.
    case create
    /// Read only.
    case readOnly
  }

  let handle: OpaquePointer
  /// The path as given, or `:memory:`.
  public let path: String
  private var cache: [String: Statement] = [:]
  private var savepointDepth = 0

  /// Where each write transaction's changes go, when they are to be kept for sync: the tables to record
  /// and what to do with their changeset, called inside the transaction before it commits.
  public struct ChangeCapture {
    public var tables: [String]
    public var record: (Data) throws -> Void

    public init(tables: [String], record: @escaping (Data) throws -> Void) {
      self.tables = tables
      self.record = record
    }
  }

  /// Set by sync for a database that belongs to a unit (DESIGN.md "Sync"); nil records nothing.
  public var changeCapture: ChangeCapture?

  /// How long a connection waits for another's write lock before failing with `.busy`.
  public static let busyTimeoutMilliseconds: Int32 = 5_000

  /// Opens the database at `path` and sets the connection up: extended result codes, busy timeout,
  /// defensive mode, foreign keys, WAL, synchronous FULL, trusted_schema OFF.
  /// - Parameter journalMode: the journal mode to set, `WAL` unless told otherwise; nil leaves the file's
  ///   own, for opening a file before knowing whose it is (setting WAL writes to it).
  public init(path: String, mode: Mode = .readWrite, journalMode: String? = "WAL") throws {
    var handle: OpaquePointer?
    var flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
    switch mode {
    case .readWrite: flags |= SQLITE_OPEN_READWRITE
    case .create: flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
    case .readOnly: flags |= SQLITE_OPEN_READONLY
    }
    var code = sqlite3_open_v2(path, &handle, flags, nil)
    var readOnly = mode == .readOnly
    if code == SQLITE_OK, let opened = handle, mode == .readWrite, sqlite3_db_readonly(opened, "main") == 1,
      !Self.canRead(opened)
    {
      // The file is read-only to this user and its WAL index cannot be made beside it: read it as an
      // immutable file instead, so that every read still works (https://www.sqlite.org/uri.html).
      sqlite3_close_v2(opened)
      handle = nil
      code = sqlite3_open_v2(
        try Self.readOnlyFallbackURI(for: path), &handle,
        SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE,
        nil)
      readOnly = true
    }
    guard code == SQLITE_OK, let handle else {
      let error = SQLiteError(connection: handle, code: code, sql: nil)
      sqlite3_close_v2(handle)
      throw error
    }
    self.handle = handle
    self.path = path
    // Every stored property is set, so a throw from here runs deinit, which closes the handle: closing it
    // here as well would close it twice.
    try configure(readOnly: readOnly, journalMode: journalMode)
  }

  /// True when a first read works on a connection.
  private static func canRead(_ handle: OpaquePointer) -> Bool {
    sqlite3_exec(handle, "SELECT count(*) FROM sqlite_schema", nil, nil, nil) == SQLITE_OK
  }

  /// The URI to read `path` with when this user may read it but SQLite cannot set up its WAL index beside
  /// it: immutable, which reads the file alone. That is whole only when the WAL is empty or absent; a WAL
  /// holding commits (a writer crashed, or is still running) would be silently ignored, so that throws
  /// `.readOnlyRecovery` instead ("WAL mode database cannot be opened because the database file needs to
  /// be recovered and recovery requires write access", https://www.sqlite.org/rescode.html).
  static func readOnlyFallbackURI(for path: String) throws -> String {
    // SQLite names the WAL after the file a link points at (unixFullPathname follows links).
    let resolved = realpath(path, nil).map { pointer in
      defer { free(pointer) }
      return String(cString: pointer)
    }
    let wal = (resolved ?? path) + "-wal"
    var info = stat()
    let walHoldsData = stat(wal, &info) == 0 ? info.st_size > 0 : errno != ENOENT
    if walHoldsData {
      throw SQLiteError(
        code: .readOnlyRecovery,
        message: "\(wal) holds committed changes that reading \(path) as an immutable file would miss", sql: nil)
    }
    return immutableURI(path)
  }

  /// `file:PATH?mode=ro&immutable=1`, the path percent-encoded where a URI needs it.
  private static func immutableURI(_ path: String) -> String {
    var encoded = ""
    for byte in path.utf8 {
      switch byte {
      case UInt8(ascii: "%"), UInt8(ascii: "?"), UInt8(ascii: "#"), 0x80...0xFF:
        encoded += "%" + String(byte >> 4, radix: 16, uppercase: true) + String(byte & 0xF, radix: 16, uppercase: true)
      default: encoded.unicodeScalars.append(Unicode.Scalar(byte))
      }
    }
    return "file:" + encoded + "?mode=ro&immutable=1"
  }

  /// True when this connection cannot write.
  public var isReadOnly: Bool { sqlite3_db_readonly(handle, "main") == 1 }

  /// Opens a private in-memory database, configured like a file one (WAL aside).
  public convenience init() throws {
    try self.init(path: ":memory:", mode: .create)
  }

  deinit {
    cache.removeAll()
    sqlite3_close_v2(handle)
  }

  private func configure(readOnly: Bool, journalMode: String?) throws {
    sqlite3_extended_result_codes(handle, 1)
    // Counts this process's commits, for a command interrupted by Ctrl-C to say whether anything was saved.
    sqlite3_commit_hook(
      handle,
      { _ in
        Database.commits &+= 1
        return 0
      }, nil)
    sqlite3_busy_timeout(handle, Self.busyTimeoutMilliseconds)
    // https://www.sqlite.org/c3ref/c_dbconfig_defensive.html: defensive mode stops SQL from corrupting
    // the file (writable_schema, some PRAGMAs), the same for any SQL that reaches us.
    try check(psr_sqlite3_db_config_int(handle, SQLITE_DBCONFIG_DEFENSIVE, 1, nil), sql: nil)
    try check(psr_sqlite3_db_config_int(handle, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nil), sql: nil)
    try execute("PRAGMA foreign_keys = ON")
    try execute("PRAGMA trusted_schema = OFF")
    if let journalMode, !readOnly, path != ":memory:", !path.isEmpty {
      try setJournalMode(journalMode)
    }
    if !readOnly { try execute("PRAGMA synchronous = FULL") }
    // 16 MiB of page cache (the default is 2 MiB): big transactions spill to the WAL less often.
    try execute("PRAGMA cache_size = -16384")
    // Statement journals and temporary indexes in memory: an insert that fires triggers inside a larger
    // transaction keeps a statement journal, which otherwise spills to a temporary file with one write per
    // page changed (https://www.sqlite.org/tempfiles.html#stmtjrnl).
    try execute("PRAGMA temp_store = MEMORY")
    try useMemoryMap(true)
  }

  /// Turns on or off reading through a memory map of up to 1 GiB of the file, which every connection
  /// starts with: a page already in the OS cache costs a memory access instead of a read call and a copy
  /// (https://www.sqlite.org/mmap.html), but every page read counts in the process's resident memory.
  public func useMemoryMap(_ on: Bool) throws {
    try execute(on ? "PRAGMA mmap_size = 1073741824" : "PRAGMA mmap_size = 0")
  }

  /// Sets the journal mode (`WAL`, `DELETE`, …): WAL lets readers go on while one process writes.
  public func setJournalMode(_ mode: String) throws {
    guard mode.allSatisfy({ $0.isLetter }) else {
      throw SQLiteError(code: .misuse, message: "'\(mode)' is not a journal mode", sql: nil)
    }
    // SQLite answers with the mode in force, which is the old one when it could not change it.
    let now: String = try scalar("PRAGMA journal_mode = \(mode)") ?? ""
    guard now.lowercased() == mode.lowercased() else {
      throw SQLiteError(
        code: .error, message: "the journal mode stayed \(now) instead of becoming \(mode)", sql: nil)
    }
  }

  func check(_ code: Int32, sql: String?) throws {
    guard code == SQLITE_OK else { throw SQLiteError(connection: handle, code: code, sql: sql) }
  }

  // MARK: Statements

  /// Prepares a new statement for `sql` (exactly one SQL statement).
  public func prepare(_ sql: String) throws -> Statement {
    try Statement(database: self, sql: sql, persistent: false)
  }

  /// The connection's prepared statement for `sql`, prepared on first use and reused afterwards: what
  /// loops and repositories call.
  public func cachedStatement(_ sql: String) throws -> Statement {
    if let statement = cache[sql] { return statement }
    let statement = try Statement(database: self, sql: sql, persistent: true)
    cache[sql] = statement
    return statement
  }

  /// Runs one statement with `arguments`, using the statement cache.
  public func execute(_ sql: String, _ arguments: [any DatabaseValueConvertible] = []) throws {
    try cachedStatement(sql).execute(arguments)
  }

  /// Runs every statement of `script` in order, without arguments; an error names the statement that
  /// failed.
  public func execute(script: String) throws {
    try script.utf8CString.withUnsafeBufferPointer { buffer in
      var next: UnsafePointer<CChar>? = buffer.baseAddress
      while let start = next, start.pointee != 0 {
        var statement: OpaquePointer?
        var tail: UnsafePointer<CChar>?
        let code = sqlite3_prepare_v2(handle, start, -1, &statement, &tail)
        let consumed = tail.map { start.distance(to: $0) } ?? 0
        let text = String(
          decoding: UnsafeRawBufferPointer(start: start, count: consumed), as: UTF8.self
        ).trimmingWhiteSpace
        guard code == SQLITE_OK else {
          throw SQLiteError(connection: handle, code: code, sql: text)
        }
        next = tail
        guard let statement else { continue }  // whitespace or a comment
        defer { sqlite3_finalize(statement) }
        var result = sqlite3_step(statement)
        while result == SQLITE_ROW { result = sqlite3_step(statement) }
        guard result == SQLITE_DONE else {
          throw SQLiteError(connection: handle, code: result, sql: text)
        }
      }
    }
  }

  /// Every row of `sql` with `arguments`.
  public func rows(_ sql: String, _ arguments: [any DatabaseValueConvertible] = []) throws -> [Row] {
    try cachedStatement(sql).rows(arguments)
  }

  /// The first row of `sql`, or nil.
  public func row(_ sql: String, _ arguments: [any DatabaseValueConvertible] = []) throws -> Row? {
    try cachedStatement(sql).row(arguments)
  }

  /// The first column of the first row of `sql`, decoded; nil when there is no row.
  public func scalar<T: DatabaseValueConvertible>(
    _ sql: String, _ arguments: [any DatabaseValueConvertible] = [], as type: T.Type = T.self
  ) throws -> T? {
    try cachedStatement(sql).scalar(arguments)
  }

  /// Rows changed by the last INSERT, UPDATE or DELETE.
  public var changes: Int { Int(sqlite3_changes64(handle)) }

  /// The rowid of the row the last successful INSERT on this connection added.
  public var lastInsertedRowID: Int64 { sqlite3_last_insert_rowid(handle) }

  /// True while a transaction is open on this connection.
  public var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

  /// The file's `user_version` pragma.
  public var userVersion: Int {
    get throws { try scalar("PRAGMA user_version") ?? 0 }
  }

  /// Transactions committed in this process, on any connection (read by a signal handler: a plain load).
  nonisolated(unsafe) public static var commits: Int32 = 0

  // MARK: Transactions

  /// Runs `body` in a write transaction: BEGIN IMMEDIATE (so a busy database fails at the start, not at
  /// the first write), COMMIT on return, ROLLBACK on a throw, rethrowing the body's error. Inside another
  /// transaction it runs in a savepoint instead, so writes compose.
  ///
  /// With `changeCapture` set, the changes the transaction makes to its tables are recorded by a session and
  /// handed to it as one changeset before the commit, in the same transaction.
  public func write<T>(_ body: () throws -> T) throws -> T {
    if isInTransaction { return try savepoint(body) }
    try execute("BEGIN IMMEDIATE")
    let result: T
    do {
      let session = try changeCapture.map { try Session(self, tables: $0.tables) }
      result = try body()
      if let session, let capture = changeCapture, !session.isEmpty {
        try capture.record(try session.changeset())
      }
    } catch {
      rollbackQuietly()
      throw error
    }
    do {
      try execute("COMMIT")
    } catch {
      rollbackQuietly()
      throw error
    }
    return result
  }

  /// Runs `body` in a write transaction whose changes are not captured: changes applied from elsewhere,
  /// which must not be sent back.
  public func writeUncaptured<T>(_ body: () throws -> T) throws -> T {
    let capture = changeCapture
    changeCapture = nil
    defer { changeCapture = capture }
    return try write(body)
  }

  /// Runs `body` in a read transaction (BEGIN DEFERRED), so that every query in it sees one snapshot.
  public func read<T>(_ body: () throws -> T) throws -> T {
    if isInTransaction { return try body() }
    try execute("BEGIN DEFERRED")
    defer { rollbackQuietly() }
    return try body()
  }

  /// Runs `body` in a savepoint: released on return, rolled back to (and released) on a throw. Nests.
  public func savepoint<T>(_ body: () throws -> T) throws -> T {
    savepointDepth += 1
    let name = "psr_savepoint_\(savepointDepth)"
    defer { savepointDepth -= 1 }
    try execute("SAVEPOINT \(name)")
    do {
      let result = try body()
      try execute("RELEASE \(name)")
      return result
    } catch {
      // The first error is the one to report; a failing rollback after it must not hide it.
      try? execute("ROLLBACK TO \(name)")
      try? execute("RELEASE \(name)")
      throw error
    }
  }

  private func rollbackQuietly() {
    if isInTransaction { _ = try? execute("ROLLBACK") }
  }

  /// Runs a WAL checkpoint that truncates the -wal file, as before a file is copied.
  public func checkpoint() throws {
    try execute("PRAGMA main.wal_checkpoint(TRUNCATE)")
  }
}

extension Database {
  /// True when the linked SQLite has the session extension, which merging officers' databases needs: a
  /// session can be created on this connection and deleted again.
  public var hasSessionExtension: Bool {
    var session: OpaquePointer?
    guard sqlite3session_create(handle, "main", &session) == SQLITE_OK, let session else { return false }
    sqlite3session_delete(session)
    return true
  }
}

extension Database {
  /// Copies this database into the database at `path` with SQLite's online backup API: a consistent
  /// snapshot even while other connections write (https://www.sqlite.org/backup.html). The destination
  /// file must exist (empty) or be creatable; it is overwritten. `progress` hears pages copied and the
  /// total after each step of 4,096 pages (16 MiB).
  public func backup(to path: String, progress: ((_ copied: Int, _ total: Int) -> Void)? = nil) throws {
    let destination = try Database(path: path, mode: .create, journalMode: nil)
    guard let backup = sqlite3_backup_init(destination.handle, "main", handle, "main") else {
      throw SQLiteError(connection: destination.handle, code: sqlite3_errcode(destination.handle), sql: nil)
    }
    var code: Int32 = SQLITE_OK
    // One read transaction held over every step: the copy is of one snapshot while writers go on in
    // WAL, and a write by another connection between steps does not restart it.
    try read {
      _ = try scalar("SELECT count(*) FROM sqlite_schema", as: Int.self)
      repeat {
        code = sqlite3_backup_step(backup, 4_096)
        if code == SQLITE_BUSY || code == SQLITE_LOCKED { sqlite3_sleep(20) }
        let total = Int(sqlite3_backup_pagecount(backup))
        progress?(total - Int(sqlite3_backup_remaining(backup)), total)
      } while code == SQLITE_OK || code == SQLITE_BUSY || code == SQLITE_LOCKED
    }
    let finish = sqlite3_backup_finish(backup)
    guard code == SQLITE_DONE, finish == SQLITE_OK else {
      throw SQLiteError(connection: destination.handle, code: code == SQLITE_DONE ? finish : code, sql: nil)
    }
  }
}
