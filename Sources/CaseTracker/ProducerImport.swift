import Foundation
import SQLite

/// One problem with one row of an import file.
public struct ImportProblem: Equatable, Sendable, CustomStringConvertible {
  public let line: Int
  /// The column at fault, if one is.
  public let column: String?
  public let reason: String

  public var description: String {
    if let column { return "line \(line), column \(column): \(reason)" }
    return "line \(line): \(reason)"
  }
}

/// An import that was refused: every problem found (the first `ProducerImport.maxProblems` are kept).
public struct ImportError: Error, Equatable, Sendable, CustomStringConvertible {
  public let problems: [ImportProblem]
  /// How many problems there were in all.
  public let total: Int

  public var description: String {
    let head =
      total == 1
      ? "the import was refused and nothing was changed: 1 problem"
      : "the import was refused and nothing was changed: \(total) problems\(total > problems.count ? " (the first \(problems.count) shown)" : "")"
    return ([head + ":"] + problems.map { "  " + $0.description }).joined(separator: "\n")
      + "\nfix these rows and run the import again"
  }
}

/// What an import did, or would do on a dry run.
public struct ImportSummary: Equatable, Sendable {
  public var added = 0
  public var updated = 0
  public var unchanged = 0
}

/// Bulk import of producers from CSV, all or nothing.
///
/// Header: `name,country,type,flo_id,products,members,status` in any order, plus `id` and `status_since` (the
/// day the status took effect), as exported;
/// `name`, `country` and `type` are required. A row whose `id` or FLO ID exists updates that producer;
/// any other row adds one. An empty cell in an optional column clears the field, except `status`, which
/// an empty cell leaves as it is (`prospect` for a new producer).
public struct ProducerImport {
  /// How many problems an error lists at most.
  public static let maxProblems = 20
  public static let columns = [
    "id", "name", "country", "type", "flo_id", "products", "members", "status", "status_since",
  ]
  static let required = ["name", "country", "type"]

  let repository: ProducerRepository

  public init(store: Store) {
    self.repository = store.producers
  }

  /// Reads every record of `reader`, checks each, and writes them in one transaction, or none of them.
  /// On a dry run the transaction is rolled back and the summary says what would have happened.
  public func run(_ reader: inout CSVReader, dryRun: Bool = false) throws -> ImportSummary {
    let db = repository.db
    _ = try repository.store.recordedActor()
    struct DryRun: Error { let summary: ImportSummary }
    do {
      return try db.write {
        let summary = try importRecords(&reader)
        if dryRun { throw DryRun(summary: summary) }
        return summary
      }
    } catch let dry as DryRun {
      return dry.summary
    }
  }

  private func importRecords(_ reader: inout CSVReader) throws -> ImportSummary {
    guard let header = try readRecord(&reader) else {
      throw DomainError.invalid(
        "the file is empty; the first line must be a header such as name,country,type,flo_id,products,members,status")
    }
    let columns = try headerColumns(header)
    let actor = try repository.store.recordedActor()
    let now = repository.clock.now()
    let today = repository.clock.today
    let countryCodes = Set(try repository.db.rows("SELECT code FROM countries").map { try $0.decode(at: 0) as String })
    var problems: [ImportProblem] = []
    var total = 0
    func problem(_ line: Int, _ column: String?, _ reason: String) {
      total += 1
      if problems.count < Self.maxProblems {
        problems.append(ImportProblem(line: line, column: column, reason: reason))
      }
    }
    var summary = ImportSummary()
    var seenFLOIDs: [String: Int] = [:]
    var seenIDs: [String: Int] = [:]
    while let record = try readRecord(&reader) {
      guard record.fields.count == header.fields.count else {
        problem(
          record.line, nil,
          "expected \(header.fields.count) fields as in the header, found \(record.fields.count); quote any field that holds a comma"
        )
        continue
      }
      var cells: [String: String] = [:]
      for (name, value) in zip(columns, record.fields) { cells[name] = CSVFormula.restored(value) }
      let before = total
      func check<T>(_ column: String, _ parse: () throws -> T) -> T? {
        do { return try parse() } catch let error as DomainError {
          problem(record.line, column, error.message)
        } catch {
          problem(record.line, column, "\(error)")
        }
        return nil
      }
      let id: String? =
        check("id") {
          guard let text = cells["id"]?.trimmedSpaces, !text.isEmpty else { return nil }
          guard Identifier.isUUID(text) else {
            throw DomainError.invalid(
              "'\(Validate.printable(text))' is not a producer id; leave it empty for new producers")
          }
          return text.lowercased()
        } ?? nil
      let name = check("name") { try Validate.line(cells["name"] ?? "", field: "producer name", limit: 300) }
      let country = check("country") { () throws -> String in
        let code = try Validate.countryCode(cells["country"] ?? "")
        guard countryCodes.contains(code) else {
          throw DomainError.invalid("unknown country code '\(code)'; see 'psr country list'")
        }
        return code
      }
      let type = check("type") { try Validate.producerType(cells["type"] ?? "") }
      let floID: String? =
        check("flo_id") {
          guard let text = cells["flo_id"], !text.trimmedSpaces.isEmpty else { return nil }
          return try Validate.floID(text)
        } ?? nil
      let products = check("products") { try Validate.products(cells["products"] ?? "") }
      let members: Int? =
        check("members") {
          guard let text = cells["members"], !text.trimmedSpaces.isEmpty else { return nil }
          return try Validate.members(text)
        } ?? nil
      let status: CertificationStatus? =
        check("status") {
          guard let text = cells["status"], !text.trimmedSpaces.isEmpty else { return nil }
          return try Validate.certificationStatus(text)
        } ?? nil
      let statusSince: String? =
        check("status_since") {
          guard let text = cells["status_since"], !text.trimmedSpaces.isEmpty else { return nil }
          let date = try CalendarDate.parse(text, field: "status date")
          guard date <= today else {
            throw DomainError.invalid("the status date \(date) is in the future (today is \(today))")
          }
          return date
        } ?? nil
      if let floID {
        if let first = seenFLOIDs[floID] {
          problem(record.line, "flo_id", "FLO ID \(floID) appears again; it is already on line \(first)")
        } else {
          seenFLOIDs[floID] = record.line
        }
      }
      if let id {
        if let first = seenIDs[id] {
          problem(record.line, "id", "id \(id) appears again; it is already on line \(first)")
        } else {
          seenIDs[id] = record.line
        }
      }
      guard total == before, let name, let country, let type, let products else { continue }

      // Which producer this row is: by id, else by FLO ID.
      let found = try repository.existingID(id: id, floID: floID)
      if let id, let other = found.byFLO, other != id {
        let owner = try repository.require(id: other)
        problem(
          record.line, "flo_id",
          "FLO ID \(floID!) belongs to \(owner.name) (\(owner.shortID)), not to the producer with this id")
        continue
      }
      if problems.count > 0 { continue }  // nothing is written once a problem is found; keep checking
      let existing = try (found.byID ?? found.byFLO).map { try repository.require(id: $0) }
      var draft = ProducerDraft(
        name: name, country: country, type: type, floID: floID, products: products, members: members,
        status: status ?? existing?.status ?? .prospect, statusSince: statusSince)
      if !columns.contains("flo_id"), let existing { draft.floID = existing.floID }
      if !columns.contains("products"), let existing { draft.products = existing.products }
      if !columns.contains("members"), let existing { draft.members = existing.members }
      do {
        if let existing {
          if try repository.update(id: existing.id, to: draft).changed {
            summary.updated += 1
          } else {
            summary.unchanged += 1
          }
        } else {
          // New rows were checked field by field above (FLO ID free in the file and the database too), so
          // they go in without a second validation and its country lookup.
          try repository.insert(draft, id: id ?? Identifier.make(), actor: actor, now: now)
          summary.added += 1
        }
      } catch let error as DomainError {
        problem(record.line, nil, error.message)
      }
    }
    if total > 0 { throw ImportError(problems: problems, total: total) }
    return summary
  }

  private func readRecord(_ reader: inout CSVReader) throws -> CSVRecord? {
    do {
      return try reader.next()
    } catch let error as CSVError {
      throw ImportError(
        problems: [ImportProblem(line: error.line, column: nil, reason: error.reason)], total: 1)
    }
  }

  private func headerColumns(_ header: CSVRecord) throws -> [String] {
    let names = header.fields.map { $0.trimmedSpaces.lowercased() }
    var problems: [ImportProblem] = []
    for (index, name) in names.enumerated() {
      if !Self.columns.contains(name) {
        problems.append(
          ImportProblem(
            line: header.line, column: nil,
            reason:
              "unknown column '\(Validate.printable(name))' (column \(index + 1)); the columns are \(Self.columns.joined(separator: ", "))"
          ))
      } else if names[..<index].contains(name) {
        problems.append(ImportProblem(line: header.line, column: name, reason: "column '\(name)' appears twice"))
      }
    }
    for name in Self.required where !names.contains(name) {
      problems.append(
        ImportProblem(line: header.line, column: name, reason: "the required column '\(name)' is missing"))
    }
    if !problems.isEmpty { throw ImportError(problems: problems, total: problems.count) }
    return names
  }
}
