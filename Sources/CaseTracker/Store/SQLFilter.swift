import SQLite

/// The WHERE clause of a listing, built from the filters a user gave: each resolves its value (a region,
/// country, officer or producer must exist; dates must be real) and adds one bound condition.
struct SQLFilter {
  let store: Store
  private(set) var conditions: [String] = []
  private(set) var arguments: [any DatabaseValueConvertible] = []

  init(store: Store, arguments: [any DatabaseValueConvertible] = []) {
    self.store = store
    self.arguments = arguments
  }

  /// ` WHERE a AND b`, or empty when there is no condition.
  var clause: String { conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ") }

  /// Adds `sql` with its arguments.
  mutating func add(_ sql: String, _ values: any DatabaseValueConvertible...) {
    add(sql, values: values)
  }

  mutating func add(_ sql: String, values: [any DatabaseValueConvertible]) {
    conditions.append(sql)
    arguments += values
  }

  /// `column` is a country of `region`, or of its sub-regions for a network.
  mutating func region(_ region: String?, column: String) throws {
    guard let region else { return }
    let code = try store.regions.require(region, kind: .invalid).code
    add("\(column) IN (\(countriesInRegionSQL))", code, code)
  }

  mutating func country(_ country: String?, column: String) throws {
    guard let country else { return }
    add("\(column) = ?", try store.countries.require(country).code)
  }

  mutating func officer(_ officer: String?, column: String) throws {
    guard let officer else { return }
    add("\(column) = ?", try store.officers.require(officer, kind: .invalid).handle)
  }

  /// `column` is the id of the producer a FLO ID or id prefix names.
  mutating func producer(_ producer: String?, column: String) throws {
    guard let producer else { return }
    add("\(column) = ?", try store.producers.resolve(producer).id)
  }

  /// ` LIMIT ?` with `limit` appended to the arguments, or empty without a limit: the end of a listing's
  /// SQL, taken after every other argument.
  mutating func limit(_ limit: Int?) -> String {
    guard let limit else { return "" }
    arguments.append(limit)
    return " LIMIT ?"
  }

  /// `column` (a `YYYY-MM-DD` date) lies between `from` and `to`, both included.
  mutating func dates(from: String?, to: String?, column: String) throws {
    try Self.ordered(from: from, to: to)
    if let from { add("\(column) >= ?", try CalendarDate.parse(from, field: "--from date")) }
    if let to { add("\(column) <= ?", try CalendarDate.parse(to, field: "--to date")) }
  }

  /// Refuses a range whose first day is after its last, which would select nothing, naming the options.
  static func ordered(from: String?, to: String?, names: (String, String) = ("--from", "--to")) throws {
    guard let from, let to else { return }
    let first = try CalendarDate.parse(from, field: "\(names.0) date")
    let last = try CalendarDate.parse(to, field: "\(names.1) date")
    if first > last {
      throw DomainError.invalid(
        "\(names.0) \(first) is after \(names.1) \(last), so nothing could match; give the earlier day to \(names.0)")
    }
  }
}
