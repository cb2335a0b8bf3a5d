import SQLite

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

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
      // A column worked out from events or corrections is worked out again after the apply, the same on
      // every database: nothing of this database's is lost there.
      let derived = SyncTables.derivedColumns[conflict.change.table] ?? []
      var columns: [String] = []
      var mine: [DatabaseValue] = []
      var theirs: [DatabaseValue] = []
      for (index, incoming) in conflict.change.new.enumerated() {
        guard let incoming, index < current.count, index < names.count, current[index] != incoming,
          !SyncTables.bookkeeping.contains(names[index]), !derived.contains(names[index])
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
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.withoutEscapingSlashes]
    let data = (try? encoder.encode(values.map(JSONScalar.init))) ?? Data("[]".utf8)
    return String(decoding: data, as: UTF8.self)
  }
}

/// Which value a resolved conflict keeps.
public enum ConflictChoice: String, CaseIterable, Sendable {
  /// This database's value: written again as a new change, which syncs like any other.
  case mine
  /// The hub's value, already in place: the conflict is only marked resolved.
  case theirs
}

extension SyncRepository {
  /// Resolves a conflict by `choice`: `mine` writes this database's values back as a new change (it syncs
  /// and reaches everyone), `theirs` keeps the hub's. Either way the conflict is kept, marked resolved.
  public func resolve(_ reference: String, keep choice: ConflictChoice) throws -> SyncConflict {
    try db.write {
      let matches = try conflicts(includeResolved: true).filter { $0.id.hasPrefix(reference.lowercased()) }
      guard reference.count >= 6, matches.count == 1, let conflict = matches.first else {
        throw matches.count > 1
          ? DomainError.invalid(
            "'\(Validate.printable(reference))' names \(matches.count) conflicts; give more of its id")
          : DomainError.notFound(
            "no conflict '\(Validate.printable(reference))'; psr sync conflicts lists them (give at least 6 characters of an id)"
          )
      }
      guard conflict.resolvedAt == nil else {
        throw DomainError.invalid("conflict \(conflict.id.prefix(8)) was resolved already")
      }
      if choice == .mine, conflict.kind == "duplicate" {
        let pair = try Self.decodeArray(conflict.rowKey).compactMap { value -> String? in
          if case .text(let id) = value { return String(id.prefix(8)) } else { return nil }
        }
        throw DomainError.invalid(
          "conflict \(conflict.id.prefix(8)) is one producer registered twice: merge them with psr producer merge \(pair.joined(separator: " ")) (the one to keep first), or keep both with --keep theirs"
        )
      }
      if choice == .mine { try writeBack(conflict) }
      try db.execute(
        "UPDATE sync_conflicts SET resolved_at = ?, resolution = ? WHERE id = ?",
        [store.clock.now(), choice.rawValue, conflict.id])
      return try conflicts(includeResolved: true).first { $0.id == conflict.id }!
    }
  }

  /// Writes the conflict's local values back into its row, found by its primary key.
  private func writeBack(_ conflict: SyncConflict) throws {
    let table = conflict.table
    guard SyncTables.syncedSet.contains(table) else {
      throw DomainError.invalid("conflict \(conflict.id.prefix(8)) names table \(table), which psr does not sync")
    }
    let info = try db.rows("SELECT name, pk FROM pragma_table_info(?) ORDER BY cid", [table]).map {
      (name: try $0.decode("name") as String, key: try $0.decode("pk") as Int)
    }
    let own = Set(info.map(\.name))
    let keyColumns = info.filter { $0.key > 0 }.sorted { $0.key < $1.key }.map(\.name)
    let columns = try Self.decodeArray(conflict.columns).compactMap { value -> String? in
      if case .text(let name) = value { return name } else { return nil }
    }
    let mine = try Self.decodeArray(conflict.mine ?? "[]")
    let key = try Self.decodeArray(conflict.rowKey)
    guard !columns.isEmpty, columns.count == mine.count, columns.allSatisfy(own.contains),
      key.count == keyColumns.count
    else {
      throw DomainError.invalid("conflict \(conflict.id.prefix(8)) does not match table \(table) any more")
    }
    let assignments = columns.map { "\(Database.quoted($0)) = ?" }.joined(separator: ", ")
    let keyCondition = keyColumns.map { "\(Database.quoted($0)) = ?" }.joined(separator: " AND ")
    try db.execute("UPDATE \(table) SET \(assignments) WHERE \(keyCondition)", mine + key)
    guard db.changes == 1 else {
      throw DomainError.notFound(
        "the row of conflict \(conflict.id.prefix(8)) is no longer in \(table); nothing was written back")
    }
  }

  /// A JSON array of numbers, strings and nulls, as `json` writes it.
  static func decodeArray(_ text: String) throws -> [DatabaseValue] {
    do {
      return try JSONDecoder().decode([JSONScalar].self, from: Data(text.utf8)).map(\.value)
    } catch {
      throw DomainError.invalid("a conflict's values are not a list of values")
    }
  }
}

/// One value of a conflict's JSON: an integer before a real when read back.
private struct JSONScalar: Codable {
  let value: DatabaseValue

  init(_ value: DatabaseValue) { self.value = value }

  func encode(to encoder: Encoder) throws {
    var container = encoder.singleValueContainer()
    switch value {
    case .null: try container.encodeNil()
    case .integer(let number): try container.encode(number)
    case .real(let number): if number.isFinite { try container.encode(number) } else { try container.encodeNil() }
    case .text(let text): try container.encode(text)
    case .blob(let bytes): try container.encode("<\(bytes.count) bytes>")
    }
  }

  init(from decoder: Decoder) throws {
    let container = try decoder.singleValueContainer()
    if container.decodeNil() {
      value = .null
    } else if let integer = try? container.decode(Int64.self) {
      value = .integer(integer)
    } else if let real = try? container.decode(Double.self) {
      value = .real(real)
    } else {
      value = .text(try container.decode(String.self))
    }
  }
}
