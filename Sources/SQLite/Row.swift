/// A row read from a statement: its values, copied out of SQLite when the row was read.
public struct Row: Sendable, CustomStringConvertible {
  /// The column names, shared by every row of one statement.
  public let columns: Columns
  /// The values, in column order.
  public let values: [DatabaseValue]

  init(columns: Columns, values: [DatabaseValue]) {
    self.columns = columns
    self.values = values
  }

  /// The value of a column by index, as stored.
  public subscript(index: Int) -> DatabaseValue { values[index] }

  /// Decodes the column named `column`; throws `RowDecodingError` naming it when the column is missing or
  /// its value does not convert (a NULL for a non-optional type included).
  public func decode<T: DatabaseValueConvertible>(
    _ column: String, as type: T.Type = T.self
  ) throws -> T {
    guard let index = columns.index(of: column) else {
      throw RowDecodingError(column: column, reason: "no such column; the row has \(columns.names)")
    }
    return try decode(at: index)
  }

  /// Decodes the column at `index`.
  public func decode<T: DatabaseValueConvertible>(at index: Int, as type: T.Type = T.self) throws -> T {
    guard values.indices.contains(index) else {
      throw RowDecodingError(column: "#\(index)", reason: "no such column index")
    }
    let value = values[index]
    guard let decoded = T.fromDatabaseValue(value) else {
      throw RowDecodingError(
        column: columns.names[index],
        reason: "cannot convert \(value.storageClass) value \(value) to \(T.self)")
    }
    return decoded
  }

  public var description: String {
    "[" + zip(columns.names, values).map { "\($0): \($1)" }.joined(separator: ", ") + "]"
  }

  /// The column names of a statement, with a lookup by name.
  public final class Columns: Sendable {
    public let names: [String]
    private let indexes: [String: Int]

    init(names: [String]) {
      self.names = names
      var indexes: [String: Int] = [:]
      for (index, name) in names.enumerated() where indexes[name] == nil {
        indexes[name] = index
      }
      self.indexes = indexes
    }

    /// The index of the first column named `name`, exactly, or else case-insensitively as SQL would.
    public func index(of name: String) -> Int? {
      indexes[name] ?? names.firstIndex { $0.lowercased() == name.lowercased() }
    }
  }
}

/// A value in a row could not be decoded to the Swift type asked for.
public struct RowDecodingError: Error, CustomStringConvertible, Sendable {
  /// The column's name.
  public let column: String
  /// What went wrong.
  public let reason: String

  public var description: String { "cannot decode column '\(column)': \(reason)" }
}
