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

/// An SQLite result code, primary or extended, as returned by the C API.
///
/// Named constants cover the codes psr reacts to; any other code is kept as it is, never collapsed.
/// A primary code matches every extended code of its family in `catch` patterns:
/// `catch let error as SQLiteError where ResultCode.constraint ~= error.code` (the pattern on the left).
public struct ResultCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
  public let rawValue: Int32
  public init(rawValue: Int32) { self.rawValue = rawValue }

  /// The primary code: the low 8 bits of an extended code.
  public var primary: ResultCode { ResultCode(rawValue: rawValue & 0xFF) }

  public var description: String {
    if let text = sqlite3_errstr(rawValue) { return "\(rawValue) (\(String(cString: text)))" }
    return "\(rawValue)"
  }

  /// True when `lhs` is `rhs`, or `lhs` is a primary code and `rhs` one of its extended codes.
  public static func ~= (pattern: ResultCode, code: ResultCode) -> Bool {
    pattern == code || (pattern.rawValue & 0xFF == pattern.rawValue && code.primary == pattern)
  }

  // Clang imports the primary codes as macros but not the extended ones, which are expressions:
  // https://www.sqlite.org/rescode.html lists them; they are defined here once.
  public static let ok = ResultCode(rawValue: SQLITE_OK)
  public static let error = ResultCode(rawValue: SQLITE_ERROR)
  public static let `internal` = ResultCode(rawValue: SQLITE_INTERNAL)
  public static let permission = ResultCode(rawValue: SQLITE_PERM)
  public static let abort = ResultCode(rawValue: SQLITE_ABORT)
  public static let busy = ResultCode(rawValue: SQLITE_BUSY)
  public static let locked = ResultCode(rawValue: SQLITE_LOCKED)
  public static let noMemory = ResultCode(rawValue: SQLITE_NOMEM)
  public static let readOnly = ResultCode(rawValue: SQLITE_READONLY)
  public static let interrupt = ResultCode(rawValue: SQLITE_INTERRUPT)
  public static let ioError = ResultCode(rawValue: SQLITE_IOERR)
  public static let corrupt = ResultCode(rawValue: SQLITE_CORRUPT)
  public static let full = ResultCode(rawValue: SQLITE_FULL)
  public static let cantOpen = ResultCode(rawValue: SQLITE_CANTOPEN)
  public static let constraint = ResultCode(rawValue: SQLITE_CONSTRAINT)
  public static let mismatch = ResultCode(rawValue: SQLITE_MISMATCH)
  public static let misuse = ResultCode(rawValue: SQLITE_MISUSE)
  public static let range = ResultCode(rawValue: SQLITE_RANGE)
  public static let notADatabase = ResultCode(rawValue: SQLITE_NOTADB)
  public static let row = ResultCode(rawValue: SQLITE_ROW)
  public static let done = ResultCode(rawValue: SQLITE_DONE)

  public static let busyRecovery = ResultCode(rawValue: SQLITE_BUSY | (1 << 8))
  public static let busySnapshot = ResultCode(rawValue: SQLITE_BUSY | (2 << 8))
  public static let busyTimeout = ResultCode(rawValue: SQLITE_BUSY | (3 << 8))
  public static let readOnlyRecovery = ResultCode(rawValue: SQLITE_READONLY | (1 << 8))
  public static let readOnlyDatabaseMoved = ResultCode(rawValue: SQLITE_READONLY | (4 << 8))
  public static let ioErrorShortRead = ResultCode(rawValue: SQLITE_IOERR | (2 << 8))
  public static let ioErrorWrite = ResultCode(rawValue: SQLITE_IOERR | (3 << 8))
  public static let ioErrorFsync = ResultCode(rawValue: SQLITE_IOERR | (4 << 8))
  public static let cantOpenIsDirectory = ResultCode(rawValue: SQLITE_CANTOPEN | (2 << 8))
  public static let constraintCheck = ResultCode(rawValue: SQLITE_CONSTRAINT | (1 << 8))
  public static let constraintCommitHook = ResultCode(rawValue: SQLITE_CONSTRAINT | (2 << 8))
  public static let constraintForeignKey = ResultCode(rawValue: SQLITE_CONSTRAINT | (3 << 8))
  public static let constraintFunction = ResultCode(rawValue: SQLITE_CONSTRAINT | (4 << 8))
  public static let constraintNotNull = ResultCode(rawValue: SQLITE_CONSTRAINT | (5 << 8))
  public static let constraintPrimaryKey = ResultCode(rawValue: SQLITE_CONSTRAINT | (6 << 8))
  public static let constraintTrigger = ResultCode(rawValue: SQLITE_CONSTRAINT | (7 << 8))
  public static let constraintUnique = ResultCode(rawValue: SQLITE_CONSTRAINT | (8 << 8))
  public static let constraintVirtualTable = ResultCode(rawValue: SQLITE_CONSTRAINT | (9 << 8))
  public static let constraintRowID = ResultCode(rawValue: SQLITE_CONSTRAINT | (10 << 8))
  public static let constraintDataType = ResultCode(rawValue: SQLITE_CONSTRAINT | (12 << 8))
}

/// An error reported by SQLite: the extended result code, SQLite's own message read at once, and the SQL
/// that caused it, when there is one.
public struct SQLiteError: Error, CustomStringConvertible, Sendable {
  /// The extended result code.
  public let code: ResultCode
  /// `sqlite3_errmsg` at the moment of failure, or a message of the wrapper's own.
  public let message: String
  /// The statement being prepared or run, if any.
  public let sql: String?
  /// The `errno` of the system call that failed under an I/O or open error (`sqlite3_system_errno`), read
  /// at once; 0 when unknown. It tells a full disk (`ENOSPC`) from a permission problem (`EACCES`) where
  /// SQLite's code is only "disk I/O error" or "unable to open database file".
  public let systemErrno: Int32

  public init(code: ResultCode, message: String, sql: String? = nil, systemErrno: Int32 = 0) {
    self.code = code
    self.message = message
    self.sql = sql
    self.systemErrno = systemErrno
  }

  /// True when the disk (or the user's quota) is full: `SQLITE_FULL`, or an I/O error whose system call
  /// failed with `ENOSPC` or `EDQUOT`, as growing the WAL index on a full disk does.
  public var isDiskFull: Bool {
    ResultCode.full ~= code
      || ((ResultCode.ioError ~= code || ResultCode.cantOpen ~= code) && [ENOSPC, EDQUOT].contains(systemErrno))
  }

  /// True when an open failed because this user may not read or write the file or its folder.
  public var isPermissionDenied: Bool {
    ResultCode.cantOpen ~= code && [EACCES, EPERM, EROFS].contains(systemErrno)
  }

  /// Reads the connection's current error, which must be done before any other call on it.
  init(connection: OpaquePointer?, code: Int32, sql: String?) {
    let extended = connection.map { sqlite3_extended_errcode($0) } ?? code
    // sqlite3_extended_errcode reports the last error of the connection; trust it only when it is of
    // the same family as the code the call returned.
    let chosen = (extended & 0xFF) == (code & 0xFF) ? extended : code
    let message = connection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
    let family = ResultCode(rawValue: chosen).primary
    let systemErrno =
      [.ioError, .cantOpen, .full, .readOnly].contains(family) ? connection.map { sqlite3_system_errno($0) } ?? 0 : 0
    self.init(
      code: ResultCode(rawValue: chosen),
      message: message ?? String(cString: sqlite3_errstr(code)),
      sql: sql, systemErrno: systemErrno)
  }

  public var description: String {
    var text = "SQLite error \(code): \(message)"
    if let sql { text += " — while executing `\(sql)`" }
    return text
  }
}
