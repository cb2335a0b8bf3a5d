import Foundation
import SQLite

/// A value that lost a conflict: the hub's value was kept, this database's is here for review.
public struct SyncConflict: Sendable, Equatable {
  public var id: String
  public var at: String
  public var kind: String
  public var table: String
  /// The row's primary key, as JSON.
  public var rowKey: String
  /// The columns whose values differed, as JSON.
  public var columns: String
  /// This database's values of those columns before the hub's were applied, as JSON.
  public var mine: String?
  /// The hub's values, as JSON.
  public var theirs: String?
  public var changeID: String?
  public var resolvedAt: String?
}

extension SyncRepository {
  /// Keeps the local values each conflict overrode: the columns this database changed too, to a value
  /// other than the hub's (not the bookkeeping ones). Returns how many were kept.
  func record(_ conflicts: [ChangeConflict], changeID: String) throws -> Int {
    var kept = 0
    for conflict in conflicts {
      guard let current = conflict.current else { continue }
      let names = try columnNames(conflict.change.table)
      var columns: [String] = []
      var mine: [DatabaseValue] = []
      var theirs: [DatabaseValue] = []
      for (index, incoming) in conflict.change.new.enumerated() {
        guard let incoming, index < current.count, index < names.count, current[index] != incoming,
          !SyncTables.bookkeeping.contains(names[index])
        else { continue }
        // An update's column that this database did not change (its value is still the change's old one)
        // lost nothing here.
        if conflict.change.operation == .update, index < conflict.change.old.count,
          let old = conflict.change.old[index], old == current[index]
        {
          continue
        }
        columns.append(names[index])
        mine.append(current[index])
        theirs.append(incoming)
      }
      guard !columns.isEmpty else { continue }
      let key = zip(conflict.change.primaryKeyColumns, current).filter(\.0).map(\.1)
      try db.execute(
        """
        INSERT INTO sync_conflicts (id, at, kind, table_name, row_key, columns, mine, theirs, change_id, actor)
        VALUES (?, ?, 'value', ?, ?, ?, ?, ?, ?, ?)
        """,
        [
          Identifier.make(), store.clock.now(), conflict.change.table, Self.json(key),
          Self.json(columns.map(DatabaseValue.text)), Self.json(mine), Self.json(theirs), changeID, store.actor,
        ])
      kept += 1
    }
    return kept
  }

  /// The conflicts kept here, unresolved first, oldest first.
  public func conflicts(includeResolved: Bool = false) throws -> [SyncConflict] {
    try db.rows(
      """
      SELECT * FROM sync_conflicts WHERE ? OR resolved_at IS NULL ORDER BY resolved_at IS NOT NULL, at, id
      """, [includeResolved]
    ).map { row in
      SyncConflict(
        id: try row.decode("id"), at: try row.decode("at"), kind: try row.decode("kind"),
        table: try row.decode("table_name"), rowKey: try row.decode("row_key"), columns: try row.decode("columns"),
        mine: try row.decode("mine"), theirs: try row.decode("theirs"), changeID: try row.decode("change_id"),
        resolvedAt: try row.decode("resolved_at"))
    }
  }

  func columnNames(_ table: String) throws -> [String] {
    try db.rows("SELECT name FROM pragma_table_info(?) ORDER BY cid", [table]).map { try $0.decode("name") }
  }

  /// Values as a JSON array: numbers, strings, null; a blob as its byte count.
  static func json(_ values: [DatabaseValue]) -> String {
    "["
      + values.map { value -> String in
        switch value {
        case .null: "null"
        case .integer(let number): String(number)
        case .real(let number): number.isFinite ? String(number) : "null"
        case .text(let text): jsonString(text)
        case .blob(let bytes): jsonString("<\(bytes.count) bytes>")
        }
      }.joined(separator: ",") + "]"
  }

  static func jsonString(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      default:
        if scalar.value < 0x20 {
          out += String(format: "\\u%04x", scalar.value)
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out + "\""
  }
}
