import SQLite

/// Finds a UUID-keyed record by a prefix users type, as git does: at least six characters, unique.
struct RecordLookup {
  let db: Database
  /// The table, such as `cases`; a constant, never user input.
  let table: String
  /// What users call it, such as `case`.
  let noun: String
  /// SQL for a one-line description of a candidate, over the table aliased `r`.
  let describe: String

  /// The full id matching `reference`. None: not found (66); several: invalid (65), listing them.
  func id(for reference: String) throws -> String {
    let text = reference.trimmedSpaces
    if text.count < Identifier.minimumPrefix, !text.isEmpty,
      text.unicodeScalars.allSatisfy({ $0.properties.isASCIIHexDigit || $0 == "-" })
    {
      throw DomainError.invalid(
        "'\(text)' is too short to name a \(noun): give at least \(Identifier.minimumPrefix) characters of its id")
    }
    guard let prefix = Identifier.prefix(text) else {
      throw DomainError.notFound(
        "no \(noun) matches '\(Validate.printable(text))'; give at least \(Identifier.minimumPrefix) characters of its id (see 'psr \(noun) list')"
      )
    }
    // A range on the key, which the primary key index answers in a few page reads.
    let rows = try db.rows(
      "SELECT r.id, \(describe) AS description FROM \(table) r WHERE r.id >= ? AND r.id < ? ORDER BY r.id LIMIT 11",
      [prefix, Identifier.prefixUpperBound(prefix)])
    switch rows.count {
    case 0:
      throw DomainError.notFound(
        "no \(noun) has an id starting with '\(prefix)'; see 'psr \(noun) list'")
    case 1:
      return try rows[0].decode("id")
    default:
      let listed = try rows.prefix(10).map { row -> String in
        let id: String = try row.decode("id")
        let description: String = try row.decode("description")
        return "\(id.prefix(8)) \(description)"
      }
      let count = rows.count > 10 ? "more than 10" : String(rows.count)
      throw DomainError.invalid(
        "'\(prefix)' matches \(count) \(noun)s: \(listed.joined(separator: "; ")); give more characters of the id")
    }
  }
}
