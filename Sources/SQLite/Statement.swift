import CSQLite

/// `SQLITE_TRANSIENT`, which Clang cannot import: SQLite copies bound text and blobs at once.
let sqliteTransient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// A prepared statement. Prepare once, then bind and run it as often as needed; it is finalized when the
/// last reference goes away. Belongs to its connection: not Sendable.
public final class Statement {
  /// The SQL text of this one statement.
  public let sql: String
  let handle: OpaquePointer
  unowned let database: Database
  /// The column names, read once.
  public let columns: Row.Columns
  /// The number of `?` parameters.
  public let parameterCount: Int

  init(database: Database, sql: String, persistent: Bool) throws {
    var handle: OpaquePointer?
    let flags = persistent ? UInt32(SQLITE_PREPARE_PERSISTENT) : 0
    // The tail points into the C string, so it is read while that string is alive.
    let (code, trailing) = sql.withCString { text -> (Int32, Bool) in
      var tail: UnsafePointer<CChar>?
      let code = sqlite3_prepare_v3(database.handle, text, -1, flags, &handle, &tail)
      let trailing = tail.map { String(cString: $0).contains(where: { !$0.isWhitespace && $0 != ";" }) } ?? false
      return (code, trailing)
    }
    guard code == SQLITE_OK else {
      throw SQLiteError(connection: database.handle, code: code, sql: sql)
    }
    guard let handle else {
      throw SQLiteError(code: .misuse, message: "the SQL holds no statement", sql: sql)
    }
    if trailing {
      sqlite3_finalize(handle)
      throw SQLiteError(
        code: .misuse, message: "a statement holds more than one SQL statement; use execute(script:)",
        sql: sql)
    }
    self.sql = sql
    self.handle = handle
    self.database = database
    self.parameterCount = Int(sqlite3_bind_parameter_count(handle))
    let count = Int(sqlite3_column_count(handle))
    self.columns = Row.Columns(
      names: (0..<count).map { String(cString: sqlite3_column_name(handle, Int32($0))) })
  }

  deinit { sqlite3_finalize(handle) }

  /// Resets the statement and binds `arguments` to its parameters, by index from 1.
  ///
  /// Throws `SQLiteError` with code `.range` when the argument count differs from the parameter count.
  public func bind(_ arguments: [any DatabaseValueConvertible]) throws {
    sqlite3_reset(handle)
    sqlite3_clear_bindings(handle)
    guard arguments.count == parameterCount else {
      throw SQLiteError(
        code: .range,
        message: "the statement takes \(parameterCount) arguments but \(arguments.count) were given",
        sql: sql)
    }
    for (offset, argument) in arguments.enumerated() {
      try bind(argument.databaseValue, at: offset + 1)
    }
  }

  /// Binds one value to the parameter at `index` (from 1), leaving the others as they are: for loops that
  /// run a statement once per record and would otherwise build an array of arguments each time. Call
  /// `reset()` before binding for the next run.
  public func bind(_ value: DatabaseValue, at index: Int) throws {
    let index = Int32(index)
    let code: Int32
    switch value {
    case .null: code = sqlite3_bind_null(handle, index)
    case .integer(let value): code = sqlite3_bind_int64(handle, index, value)
    case .real(let value): code = sqlite3_bind_double(handle, index, value)
    case .text(let value):
      // The byte count, not -1, so that text holding U+0000 is stored whole.
      // Read in place (no copy for a native string); an empty buffer may have no address, which
      // SQLite would take for NULL.
      var text = value
      code = text.withUTF8 { buffer in
        guard let base = buffer.baseAddress, !buffer.isEmpty else {
          return sqlite3_bind_text(handle, index, "", 0, sqliteTransient)
        }
        return base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
          sqlite3_bind_text(handle, index, $0, Int32(buffer.count), sqliteTransient)
        }
      }
    case .blob(let bytes):
      code = bytes.withUnsafeBytes {
        sqlite3_bind_blob(handle, index, $0.baseAddress, Int32($0.count), sqliteTransient)
      }
    }
    guard code == SQLITE_OK else {
      throw SQLiteError(connection: database.handle, code: code, sql: sql)
    }
  }

  /// Ends the current run and keeps the bindings, for `bind(_:at:)` of the next run.
  public func reset() {
    sqlite3_reset(handle)
  }

  /// Runs the statement to completion with the values bound by `bind(_:at:)`, ignoring any rows, then
  /// resets it.
  public func run() throws {
    while try step() {}
    sqlite3_reset(handle)
  }

  /// Steps once: true when a row is available, false when the statement is done.
  public func step() throws -> Bool {
    switch sqlite3_step(handle) {
    case SQLITE_ROW: return true
    case SQLITE_DONE: return false
    case let code:
      let error = SQLiteError(connection: database.handle, code: code, sql: sql)
      sqlite3_reset(handle)
      throw error
    }
  }

  /// Runs the statement to completion with `arguments`, ignoring any rows.
  public func execute(_ arguments: [any DatabaseValueConvertible] = []) throws {
    try bind(arguments)
    while try step() {}
    sqlite3_reset(handle)
  }

  /// The current row's values.
  public func currentRow() -> Row {
    let count = columns.names.count
    var values: [DatabaseValue] = []
    values.reserveCapacity(count)
    for index in 0..<Int32(count) {
      values.append(value(at: index))
    }
    return Row(columns: columns, values: values)
  }

  private func value(at index: Int32) -> DatabaseValue {
    switch sqlite3_column_type(handle, index) {
    case SQLITE_NULL: return .null
    case SQLITE_INTEGER: return .integer(sqlite3_column_int64(handle, index))
    case SQLITE_FLOAT: return .real(sqlite3_column_double(handle, index))
    case SQLITE_TEXT:
      // Pointer first, then the byte count, as https://www.sqlite.org/c3ref/column_blob.html advises.
      guard let text = sqlite3_column_text(handle, index) else { return .text("") }
      let count = Int(sqlite3_column_bytes(handle, index))
      let buffer = UnsafeBufferPointer(start: text, count: count)
      return .text(String(decoding: buffer, as: UTF8.self))
    default:
      let pointer = sqlite3_column_blob(handle, index)
      let count = Int(sqlite3_column_bytes(handle, index))
      guard let pointer, count > 0 else { return .blob([]) }
      return .blob(Array(UnsafeRawBufferPointer(start: pointer, count: count)))
    }
  }

  /// Runs the statement with `arguments` and returns every row.
  public func rows(_ arguments: [any DatabaseValueConvertible] = []) throws -> [Row] {
    try bind(arguments)
    defer { sqlite3_reset(handle) }
    var rows: [Row] = []
    while try step() { rows.append(currentRow()) }
    return rows
  }

  /// Runs the statement with `arguments` and calls `body` for each row as it is read, without keeping them.
  public func forEachRow(
    _ arguments: [any DatabaseValueConvertible] = [], _ body: (Row) throws -> Void
  ) throws {
    try bind(arguments)
    defer { sqlite3_reset(handle) }
    while try step() { try body(currentRow()) }
  }

  /// The first row, or nil when there is none.
  public func row(_ arguments: [any DatabaseValueConvertible] = []) throws -> Row? {
    try bind(arguments)
    defer { sqlite3_reset(handle) }
    return try step() ? currentRow() : nil
  }

  /// The first column of the first row, decoded; nil when there is no row.
  public func scalar<T: DatabaseValueConvertible>(
    _ arguments: [any DatabaseValueConvertible] = [], as type: T.Type = T.self
  ) throws -> T? {
    try row(arguments).map { try $0.decode(at: 0) }
  }
}
