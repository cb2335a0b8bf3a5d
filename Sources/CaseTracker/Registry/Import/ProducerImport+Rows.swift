import SQLite

/// One record's values, each nil when its column is missing or the value was refused.
struct CheckedRow {
  var line: Int
  var id: String?
  var name: String?
  var country: String?
  var type: ProducerType?
  var floID: String?
  var products: [String]?
  var members: Int?
  var status: CertificationStatus?
  var statusSince: String?
  /// True when a value of the row was refused.
  var hasProblems: Bool
}

/// Where each known column is in an import file's records; nil for a column the file lacks.
struct ColumnPositions {
  let id, name, country, type, floID, products, members, status, statusSince: Int?

  init(_ columns: [String]) {
    func position(_ name: String) -> Int? { columns.firstIndex(of: name) }
    id = position("id")
    name = position("name")
    country = position("country")
    type = position("type")
    floID = position("flo_id")
    products = position("products")
    members = position("members")
    status = position("status")
    statusSince = position("status_since")
  }
}

extension ProducerImport {
  /// Checks each value of `record` against the rules the tables' CHECK constraints state, telling `problem`
  /// the column and reason of each refused one.
  static func check(
    _ record: CSVRecord, _ positions: ColumnPositions, countryCodes: Set<String>, today: String,
    problem: (_ column: String, _ reason: String) -> Void
  ) -> CheckedRow {
    var refused = false
    func refuse(_ column: String, _ reason: String) {
      refused = true
      problem(column, reason)
    }
    func cell(_ position: Int?) -> String? {
      position.map { CSVFormula.restored(record.fields[$0]) }
    }
    func check<T>(_ column: String, _ parse: () throws -> T) -> T? {
      do { return try parse() } catch let error as DomainError {
        refuse(column, error.message)
      } catch {
        refuse(column, "\(error)")
      }
      return nil
    }
    let id: String? =
      check("id") {
        guard let text = cell(positions.id)?.trimmedSpaces, !text.isEmpty else { return nil }
        let lower = text.lowercased()
        guard Identifier.isStoredUUID(lower) else {
          throw DomainError.invalid(
            "'\(Validate.printable(text))' is not a producer id; leave it empty for new producers")
        }
        return lower
      } ?? nil
    let name = check("name") {
      try Validate.line(cell(positions.name) ?? "", field: "producer name", limit: 300)
    }
    let country = check("country") { () throws -> String in
      let code = try Validate.countryCode(cell(positions.country) ?? "")
      guard countryCodes.contains(code) else {
        throw DomainError.invalid("unknown country code '\(code)'; see 'psr country list'")
      }
      return code
    }
    let type = check("type") { try Validate.producerType(cell(positions.type) ?? "") }
    let floID: String? =
      check("flo_id") {
        guard let text = cell(positions.floID), !text.trimmedSpaces.isEmpty else { return nil }
        return try Validate.floID(text)
      } ?? nil
    let products = check("products") {
      try Validate.products(cell(positions.products) ?? "")
    }
    let members: Int? =
      check("members") {
        guard let text = cell(positions.members), !text.trimmedSpaces.isEmpty else { return nil }
        return try Validate.members(text)
      } ?? nil
    let status: CertificationStatus? =
      check("status") {
        guard let text = cell(positions.status), !text.trimmedSpaces.isEmpty else { return nil }
        return try Validate.certificationStatus(text)
      } ?? nil
    let statusSince: String? =
      check("status_since") {
        guard let text = cell(positions.statusSince), !text.trimmedSpaces.isEmpty else { return nil }
        let date = try CalendarDate.parse(text, field: "status date")
        guard date <= today else {
          throw DomainError.invalid("the status date \(date) is in the future (today is \(today))")
        }
        return date
      } ?? nil

    return CheckedRow(
      line: record.line, id: id, name: name, country: country, type: type, floID: floID, products: products,
      members: members, status: status, statusSince: statusSince, hasProblems: refused)
  }
}
