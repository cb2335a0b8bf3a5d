import CSQLite

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Records the changes made to the given tables of a connection, as a changeset (never a patchset: a
/// patchset has no old values, so a diverged target would be overwritten without a conflict).
/// https://www.sqlite.org/sessionintro.html
public final class Session {
  let handle: OpaquePointer
  let database: Database

  /// Creates a session on `database`'s main schema and attaches each of `tables` (only these: attaching
  /// every table would also record derived tables that triggers fill). Changes are recorded from now on.
  public init(_ database: Database, tables: [String]) throws {
    var session: OpaquePointer?
    let code = sqlite3session_create(database.handle, "main", &session)
    guard code == SQLITE_OK, let session else {
      throw SQLiteError(connection: database.handle, code: code, sql: "sqlite3session_create")
    }
    handle = session
    self.database = database
    for table in tables {
      let attached = sqlite3session_attach(session, table)
      guard attached == SQLITE_OK else {
        throw SQLiteError(code: ResultCode(rawValue: attached), message: "cannot record changes of table \(table)")
      }
    }
  }

  deinit { sqlite3session_delete(handle) }

  /// True when no change has been recorded.
  public var isEmpty: Bool { sqlite3session_isempty(handle) != 0 }

  /// The changeset of everything recorded so far (empty when nothing changed).
  public func changeset() throws -> Data {
    var size: Int32 = 0
    var buffer: UnsafeMutableRawPointer?
    let code = sqlite3session_changeset(handle, &size, &buffer)
    defer { sqlite3_free(buffer) }
    guard code == SQLITE_OK else {
      throw SQLiteError(connection: database.handle, code: code, sql: "sqlite3session_changeset")
    }
    return Changeset.data(buffer, size)
  }

  /// Records the changes that turn `table` of the attached schema `fromSchema` into main's `table`: with an
  /// empty copy attached, every row of main's as an insert. The table must be attached to the session
  /// (3.40.1 records nothing otherwise), as `init` does.
  public func diff(from fromSchema: String, table: String) throws {
    var message: UnsafeMutablePointer<CChar>?
    let code = sqlite3session_diff(handle, fromSchema, table, &message)
    defer { sqlite3_free(message) }
    guard code == SQLITE_OK else {
      throw SQLiteError(
        code: ResultCode(rawValue: code),
        message: "cannot compare table \(table) with \(fromSchema): " + (message.map { String(cString: $0) } ?? ""))
    }
  }
}

public enum ChangeOperation: Sendable, Equatable {
  case insert, update, delete
}

/// One change of a changeset.
public struct Change: Sendable, Equatable {
  public var table: String
  public var operation: ChangeOperation
  /// Made by a trigger or a foreign key action, not by the statement itself.
  public var indirect: Bool
  public var columnCount: Int
  /// Which columns are part of the primary key.
  public var primaryKeyColumns: [Bool]
  /// Old values (update, delete): nil for a column an update did not record. Empty for an insert.
  public var old: [DatabaseValue?]
  /// New values (insert, update): nil for a column an update left unchanged. Empty for a delete.
  public var new: [DatabaseValue?]
}

public enum ConflictKind: Sendable {
  /// The row is there, but its values are not the change's old ones.
  case data
  /// The row to update or delete is not there.
  case notFound
  /// An inserted row's key is taken.
  case conflict
  /// The change breaks a constraint (CHECK, NOT NULL, UNIQUE).
  case constraint
  /// After the whole changeset, foreign keys are broken: answered once, before the commit.
  case foreignKey
}

/// How to go on from a conflict. SQLite commits the rows that break a foreign key when told `.omit` for
/// a `.foreignKey` conflict: answer it with `.abort`.
public enum ConflictResolution: Sendable {
  case omit, replace, abort
}

/// What the conflict handler is told.
public struct ChangeConflict: Sendable {
  public var kind: ConflictKind
  public var change: Change
  /// The conflicting row of the target (for `.data` and `.conflict`), one value per column.
  public var current: [DatabaseValue]?
  /// For `.foreignKey`: how many foreign key violations there are.
  public var foreignKeyViolations: Int
}

/// Reading, combining and inverting changesets.
public enum Changeset {
  /// Every change of `changeset`, in order.
  public static func changes(in changeset: Data) throws -> [Change] {
    var changes: [Change] = []
    try iterate(changeset) { iterator in changes.append(try change(at: iterator)) }
    return changes
  }

  /// The tables `changeset` touches, in order of first appearance.
  public static func tables(in changeset: Data) throws -> [String] {
    var tables: [String] = []
    try iterate(changeset) { iterator in
      let table = try change(at: iterator, values: false).table
      if tables.last != table, !tables.contains(table) { tables.append(table) }
    }
    return tables
  }

  /// Several changesets combined into one, in order (sqlite3changegroup).
  public static func combine(_ changesets: [Data]) throws -> Data {
    var group: OpaquePointer?
    try check(sqlite3changegroup_new(&group), "cannot combine changesets")
    defer { sqlite3changegroup_delete(group) }
    for changeset in changesets where !changeset.isEmpty {
      var copy = changeset
      try copy.withUnsafeMutableBytes { bytes in
        try ChangesetFormat.check(UnsafeRawBufferPointer(bytes), "changeset")
        try check(
          sqlite3changegroup_add(group, Int32(bytes.count), bytes.baseAddress), "cannot combine a changeset")
      }
    }
    var size: Int32 = 0
    var buffer: UnsafeMutableRawPointer?
    try check(sqlite3changegroup_output(group, &size, &buffer), "cannot combine changesets")
    defer { sqlite3_free(buffer) }
    return data(buffer, size)
  }

  /// The changeset that undoes `changeset`.
  public static func invert(_ changeset: Data) throws -> Data {
    guard !changeset.isEmpty else { return Data() }
    var copy = changeset
    var size: Int32 = 0
    var buffer: UnsafeMutableRawPointer?
    try copy.withUnsafeMutableBytes { bytes in
      try ChangesetFormat.check(UnsafeRawBufferPointer(bytes), "changeset")
      try check(sqlite3changeset_invert(Int32(bytes.count), bytes.baseAddress, &size, &buffer), "cannot invert")
    }
    defer { sqlite3_free(buffer) }
    return data(buffer, size)
  }

  static func data(_ buffer: UnsafeMutableRawPointer?, _ size: Int32) -> Data {
    guard let buffer, size > 0 else { return Data() }
    return Data(bytes: buffer, count: Int(size))
  }

  static func check(_ code: Int32, _ message: String) throws {
    guard code == SQLITE_OK else {
      throw SQLiteError(code: ResultCode(rawValue: code), message: "\(message) (the changeset may be damaged)")
    }
  }

  /// Calls `body` at each change of `changeset`.
  static func iterate(_ changeset: Data, _ body: (OpaquePointer) throws -> Void) throws {
    guard !changeset.isEmpty else { return }
    var copy = changeset
    try copy.withUnsafeMutableBytes { bytes in
      // SQLite 3.40.1 loops for ever on a changeset cut inside a table header: its bytes are checked first.
      try ChangesetFormat.check(UnsafeRawBufferPointer(bytes), "changeset")
      var iterator: OpaquePointer?
      try check(sqlite3changeset_start(&iterator, Int32(bytes.count), bytes.baseAddress), "cannot read a changeset")
      guard let iterator else { return }
      var failed: Error?
      while sqlite3changeset_next(iterator) == SQLITE_ROW {
        do { try body(iterator) } catch {
          failed = error
          break
        }
      }
      let code = sqlite3changeset_finalize(iterator)
      if let failed { throw failed }
      try check(code, "cannot read a changeset")
    }
  }

  /// The change the iterator is at; with `values` false, only its table and operation.
  static func change(at iterator: OpaquePointer, values: Bool = true) throws -> Change {
    var name: UnsafePointer<CChar>?
    var columns: Int32 = 0
    var operation: Int32 = 0
    var indirect: Int32 = 0
    try check(sqlite3changeset_op(iterator, &name, &columns, &operation, &indirect), "cannot read a change")
    var change = Change(
      table: name.map { String(cString: $0) } ?? "",
      operation: operation == SQLITE_INSERT
        ? .insert : operation == SQLITE_DELETE ? .delete : .update,
      indirect: indirect != 0, columnCount: Int(columns), primaryKeyColumns: [], old: [], new: [])
    guard values else { return change }
    var keys: UnsafeMutablePointer<UInt8>?
    var keyCount: Int32 = 0
    try check(sqlite3changeset_pk(iterator, &keys, &keyCount), "cannot read a change's key")
    change.primaryKeyColumns = (0..<Int(keyCount)).map { keys?[$0] != 0 }
    if change.operation != .insert {
      change.old = try (0..<columns).map { column in
        var value: OpaquePointer?
        try check(sqlite3changeset_old(iterator, column, &value), "cannot read a change's old values")
        return value.map(DatabaseValue.init(sqliteValue:))
      }
    }
    if change.operation != .delete {
      change.new = try (0..<columns).map { column in
        var value: OpaquePointer?
        try check(sqlite3changeset_new(iterator, column, &value), "cannot read a change's new values")
        return value.map(DatabaseValue.init(sqliteValue:))
      }
    }
    return change
  }
}

extension DatabaseValue {
  /// A copy of an `sqlite3_value`.
  init(sqliteValue value: OpaquePointer) {
    switch sqlite3_value_type(value) {
    case SQLITE_NULL: self = .null
    case SQLITE_INTEGER: self = .integer(sqlite3_value_int64(value))
    case SQLITE_FLOAT: self = .real(sqlite3_value_double(value))
    case SQLITE_TEXT:
      guard let text = sqlite3_value_text(value) else {
        self = .text("")
        return
      }
      let count = Int(sqlite3_value_bytes(value))
      self = .text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
    default:
      let pointer = sqlite3_value_blob(value)
      let count = Int(sqlite3_value_bytes(value))
      guard let pointer, count > 0 else {
        self = .blob([])
        return
      }
      self = .blob(Array(UnsafeRawBufferPointer(start: pointer, count: count)))
    }
  }
}
