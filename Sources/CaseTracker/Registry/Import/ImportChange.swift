/// What one row of an import did, or would do on a dry run: what `psr producer import --dry-run` and
/// `--verbose` list, one line each. Rows that change nothing are only counted.
public enum ImportChange: Equatable, Sendable {
  /// A new producer.
  case added(line: Int, name: String, floID: String?, country: String)
  /// An existing producer, named as it was before the row (its name, FLO ID and id), and each field the row
  /// changes.
  case updated(line: Int, name: String, floID: String?, shortID: String, fields: [FieldChange])

  /// The row's line in the file.
  public var line: Int {
    switch self {
    case .added(let line, _, _, _), .updated(let line, _, _, _, _): line
    }
  }

  /// One field of a producer, before and after; nil for an absent value.
  public struct FieldChange: Equatable, Sendable {
    /// The column's name, as in the import file: `name`, `country`, `flo_id`, `members`, …
    public let field: String
    public let old: String?
    public let new: String?
  }

  /// The fields that differ between `before` and `after`, in the import file's column order.
  static func fields(from before: Producer, to after: Producer) -> [FieldChange] {
    let pairs: [(String, String?, String?)] = [
      ("name", before.name, after.name),
      ("country", before.country, after.country),
      ("type", before.type.rawValue, after.type.rawValue),
      ("flo_id", before.floID, after.floID),
      ("products", before.products.joined(separator: ","), after.products.joined(separator: ",")),
      ("members", before.members.map(String.init), after.members.map(String.init)),
      ("status", before.status.rawValue, after.status.rawValue),
      ("status_since", before.statusSince, after.statusSince),
    ]
    return pairs.compactMap { field, old, new in
      let old = old?.isEmpty == true ? nil : old
      let new = new?.isEmpty == true ? nil : new
      return old == new ? nil : FieldChange(field: field, old: old, new: new)
    }
  }
}
