/// One SQLite value: the five storage classes, closed.
public enum DatabaseValue: Hashable, Sendable, CustomStringConvertible {
  case null
  case integer(Int64)
  case real(Double)
  case text(String)
  case blob([UInt8])

  public var isNull: Bool { self == .null }

  public var description: String {
    switch self {
    case .null: "NULL"
    case .integer(let value): String(value)
    case .real(let value): String(value)
    case .text(let value): "'\(value)'"
    case .blob(let bytes): "blob(\(bytes.count) bytes)"
    }
  }

  /// The name of the storage class, for error messages.
  public var storageClass: String {
    switch self {
    case .null: "NULL"
    case .integer: "INTEGER"
    case .real: "REAL"
    case .text: "TEXT"
    case .blob: "BLOB"
    }
  }
}

/// A Swift type that converts to and from a `DatabaseValue`: the one conversion protocol for binding
/// arguments and decoding rows.
public protocol DatabaseValueConvertible {
  /// The value to bind.
  var databaseValue: DatabaseValue { get }
  /// The Swift value for a stored one, or nil when it does not convert (the row decoder then throws).
  static func fromDatabaseValue(_ value: DatabaseValue) -> Self?
}

extension DatabaseValue: DatabaseValueConvertible {
  public var databaseValue: DatabaseValue { self }
  public static func fromDatabaseValue(_ value: DatabaseValue) -> DatabaseValue? { value }
}

extension Int64: DatabaseValueConvertible {
  public var databaseValue: DatabaseValue { .integer(self) }
  public static func fromDatabaseValue(_ value: DatabaseValue) -> Int64? {
    if case .integer(let int) = value { return int }
    return nil
  }
}

extension Int: DatabaseValueConvertible {
  public var databaseValue: DatabaseValue { .integer(Int64(self)) }
  public static func fromDatabaseValue(_ value: DatabaseValue) -> Int? {
    if case .integer(let int) = value { return Int(exactly: int) }
    return nil
  }
}

extension Double: DatabaseValueConvertible {
  public var databaseValue: DatabaseValue { .real(self) }
  public static func fromDatabaseValue(_ value: DatabaseValue) -> Double? {
    switch value {
    case .real(let double): double
    case .integer(let int): Double(int)
    default: nil
    }
  }
}

extension Bool: DatabaseValueConvertible {
  public var databaseValue: DatabaseValue { .integer(self ? 1 : 0) }
  public static func fromDatabaseValue(_ value: DatabaseValue) -> Bool? {
    if case .integer(let int) = value { return int != 0 }
    return nil
  }
}

extension String: DatabaseValueConvertible {
  public var databaseValue: DatabaseValue { .text(self) }
  public static func fromDatabaseValue(_ value: DatabaseValue) -> String? {
    if case .text(let text) = value { return text }
    return nil
  }
}

extension Substring: DatabaseValueConvertible {
  public var databaseValue: DatabaseValue { .text(String(self)) }
  public static func fromDatabaseValue(_ value: DatabaseValue) -> Substring? {
    if case .text(let text) = value { return Substring(text) }
    return nil
  }
}

extension Array: DatabaseValueConvertible where Element == UInt8 {
  public var databaseValue: DatabaseValue { .blob(self) }
  public static func fromDatabaseValue(_ value: DatabaseValue) -> [UInt8]? {
    if case .blob(let bytes) = value { return bytes }
    return nil
  }
}

extension Optional: DatabaseValueConvertible where Wrapped: DatabaseValueConvertible {
  public var databaseValue: DatabaseValue { self?.databaseValue ?? .null }
  public static func fromDatabaseValue(_ value: DatabaseValue) -> Wrapped?? {
    if value.isNull { return .some(nil) }
    return Wrapped.fromDatabaseValue(value).map { .some($0) }
  }
}

extension RawRepresentable where RawValue: DatabaseValueConvertible {
  public var databaseValue: DatabaseValue { rawValue.databaseValue }
  public static func fromDatabaseValue(_ value: DatabaseValue) -> Self? {
    RawValue.fromDatabaseValue(value).flatMap(Self.init(rawValue:))
  }
}
