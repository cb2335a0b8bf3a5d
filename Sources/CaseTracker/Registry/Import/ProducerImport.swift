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
  /// `progress`, when given, is told how many records have been read, every 10,000 records.
  public func run(
    _ reader: inout CSVReader, dryRun: Bool = false, progress: ((Int) -> Void)? = nil
  ) throws -> ImportSummary {
    let db = repository.db
    _ = try repository.store.recordedActor()
    struct DryRun: Error { let summary: ImportSummary }
    do {
      return try db.write {
        let summary = try importRecords(&reader, dryRun: dryRun, progress: progress)
        if dryRun { throw DryRun(summary: summary) }
        return summary
      }
    } catch let dry as DryRun {
      return dry.summary
    }
  }

  /// How often `run` reports progress, in records.
  var progressInterval = 10_000

  /// How many new rows an import adds before it drops the indexes it builds again at its end: at least
  /// this many, and at least as many as the producers already there (a rebuild sorts them all).
  var deferIndexesAfter = 1_000

  private func importRecords(
    _ reader: inout CSVReader, dryRun: Bool, progress: ((Int) -> Void)?
  ) throws -> ImportSummary {
    guard let header = try readRecord(&reader) else {
      throw DomainError.invalid(
        "the file is empty; the first line must be a header such as name,country,type,flo_id,products,members,status")
    }
    let columns = try headerColumns(header)
    let positions = ColumnPositions(columns)
    let actor = try repository.store.recordedActor()
    let now = repository.clock.now()
    let today = repository.clock.today
    let countryCodes = Set(try repository.db.rows("SELECT code FROM countries").map { try $0.decode(at: 0) as String })
    // Every value written is checked against the rules of the tables' CHECK constraints below, so SQLite
    // need not test them again, unless today itself would break one.
    let checked = CalendarDate.components(today) != nil
    var problems: [ImportProblem] = []
    var total = 0
    func problem(_ line: Int, _ column: String?, _ reason: String) {
      total += 1
      if problems.count < Self.maxProblems {
        problems.append(ImportProblem(line: line, column: column, reason: reason))
      }
    }
    var summary = ImportSummary()
    var writer = try ProducerRepository.ImportWriter(db: repository.db, actor: actor, now: now)
    let firstNewRowID = try writer.largestRowID() + 1
    var seen = SeenKeys(firstAddedRowID: firstNewRowID)
    var producerIDs = SortedIdentifiers()
    var statusIDs = SortedIdentifiers()
    var queued: [CheckedRow] = []
    var deferring = false

    /// Queues `row`, a new producer.
    func queue(_ row: CheckedRow) throws {
      guard let name = row.name, let country = row.country, let type = row.type, let products = row.products
      else { return }
      writer.queue(
        .init(
          id: row.id ?? producerIDs.make(), statusID: statusIDs.make(), name: name, country: country, type: type,
          floID: row.floID, products: products, members: row.members, status: row.status ?? .prospect,
          statusSince: row.statusSince ?? today))
      queued.append(row)
    }

    /// Inserts the queued rows; settles those whose FLO ID was taken meanwhile as any other row.
    func writeQueued(completely: Bool) throws {
      let rows = queued
      queued.removeAll(keepingCapacity: true)
      var taken: [CheckedRow] = []
      var index = 0
      try writer.writeQueued(completely: completely) { rowID in
        let row = rows[index]
        index += 1
        if let rowID {
          seen.recordAdded(rowID: rowID, line: row.line, namedByID: row.id != nil)
          summary.added += 1
        } else {
          taken.append(row)
        }
      }
      if !deferring, summary.added >= max(deferIndexesAfter, Int(firstNewRowID - 1)) {
        try writer.deferIndexes()
        deferring = true
      }
      for row in taken { try settle(row) }
    }

    /// Checks a row's keys against the earlier rows' and the database's, then adds or updates its producer.
    func settle(_ row: CheckedRow) throws {
      let line = row.line
      let (id, floID) = (row.id, row.floID)
      // The producers this row's keys name, and the earlier rows that named the same keys. The rows an
      // import writes are in the database, so it answers for them; `seen` keeps the line of each.
      let byID = try id.flatMap { try writer.find(id: $0) }
      let byFLO = try floID.flatMap { try writer.find(floID: $0) }
      let floIDFirst = floID.flatMap { seen.firstLine(ofFLOID: $0, heldBy: byFLO) }
      let idFirst = id.flatMap { seen.firstLine(ofID: $0, heldBy: byID) }
      let before = total
      if let floID, let first = floIDFirst {
        problem(line, "flo_id", "FLO ID \(floID) appears again; it is already on line \(first)")
      }
      if let id, let first = idFirst {
        problem(line, "id", "id \(id) appears again; it is already on line \(first)")
      }
      // Keys of a row that writes nothing are remembered apart; a key seen before keeps its first line.
      func remembered() {
        seen.recordUnwritten(id: idFirst == nil ? id : nil, floID: floIDFirst == nil ? floID : nil, line: line)
      }
      guard !row.hasProblems, total == before, let name = row.name, let country = row.country,
        let type = row.type, let products = row.products
      else {
        remembered()
        return
      }
      if let id, let other = byFLO, other.id != id {
        try writer.writeHeldBack()
        let owner = try repository.require(id: other.id)
        problem(
          line, "flo_id",
          "FLO ID \(floID!) belongs to \(owner.name) (\(owner.shortID)), not to the producer with this id")
        remembered()
        return
      }
      guard let found = byID ?? byFLO else {
        // A new producer, its FLO ID free in the file and the database too. Written even once a problem is
        // found, so that later rows still find its keys; the transaction is rolled back then.
        try queue(row)
        try writeQueued(completely: true)
        return
      }
      if problems.count > 0 {  // nothing else is written once a problem is found; keep checking
        remembered()
        return
      }
      try writer.writeHeldBack()
      let existing = try repository.require(id: found.id)
      var draft = ProducerDraft(
        name: name, country: country, type: type, floID: floID, products: products, members: row.members,
        status: row.status ?? existing.status, statusSince: row.statusSince)
      if positions.floID == nil { draft.floID = existing.floID }
      if positions.products == nil { draft.products = existing.products }
      if positions.members == nil { draft.members = existing.members }
      do {
        if try repository.update(id: existing.id, to: draft).changed {
          summary.updated += 1
        } else {
          summary.unchanged += 1
        }
        seen.recordUpdated(
          rowID: found.rowID, line: line, namedByID: id != nil, namedFLOID: floID != nil, floID: draft.floID,
          previousFLOID: existing.floID)
      } catch let error as DomainError {
        problem(line, nil, error.message)
        remembered()
      }
    }

    var read = 0
    if checked { try repository.enforceCheckConstraints(false) }
    defer { if checked { try? repository.enforceCheckConstraints(true) } }
    while let record = try readRecord(&reader) {
      read += 1
      if read % progressInterval == 0 { progress?(read) }
      guard record.fields.count == header.fields.count else {
        problem(
          record.line, nil,
          "expected \(header.fields.count) fields as in the header, found \(record.fields.count); quote any field that holds a comma"
        )
        continue
      }
      func cell(_ position: Int?) -> String? {
        position.map { CSVFormula.restored(record.fields[$0]) }
      }
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
          guard let text = cell(positions.id)?.trimmedSpaces, !text.isEmpty else { return nil }
          let lower = text.lowercased()
          guard Identifier.isUUID(text), Self.isStoredUUID(lower) else {
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

      let row = CheckedRow(
        line: record.line, id: id, name: name, country: country, type: type, floID: floID, products: products,
        members: members, status: status, statusSince: statusSince, hasProblems: total != before)
      // Most rows of a large file are new producers without an id: they are queued and inserted many to a
      // statement, which finds out itself whether a FLO ID is taken (in the database, by an earlier row
      // too); a FLO ID named by a refused row is taken as well.
      if !row.hasProblems, id == nil, floID.flatMap({ seen.firstLine(ofFLOID: $0, heldBy: nil) }) == nil {
        try queue(row)
        if writer.queueIsFull { try writeQueued(completely: false) }
        continue
      }
      // Any other row sees every row before it written.
      try writeQueued(completely: true)
      try settle(row)
    }
    try writeQueued(completely: true)

    if total > 0 { throw ImportError(problems: problems, total: total) }
    if deferring && !dryRun { try writer.restoreIndexes() }
    return summary
  }

  /// True for a UUID as the producers table's CHECK wants it: 36 characters, lower-case hex digits with
  /// dashes at 9, 14, 19 and 24.
  static func isStoredUUID(_ text: String) -> Bool {
    var count = 0
    for (offset, byte) in text.utf8.enumerated() {
      count += 1
      let dash = offset == 8 || offset == 13 || offset == 18 || offset == 23
      let hex = (0x30...0x39).contains(byte) || (0x61...0x66).contains(byte)
      guard dash ? byte == UInt8(ascii: "-") : hex else { return false }
    }
    return count == 36
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

/// One record's values, each nil when its column is missing or the value was refused.
private struct CheckedRow {
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
private struct ColumnPositions {
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

/// The keys (ids and FLO IDs) that the rows of an import named so far, with the line of the first row that
/// named each, so that a key named again is refused by line.
///
/// The producers an import writes carry their keys in the database, where the row's own lookup finds
/// them; this keeps only their lines, by rowid, and a bit a producer rather than a dictionary of every
/// key. Keys of rows that wrote nothing (refused rows, and rows after the first problem) are kept apart, as
/// is a FLO ID that a later row took away from a producer.
private struct SeenKeys {
  /// The rowid the first producer added by the import gets; the next ones follow it.
  let firstAddedRowID: Int64
  /// How many producers the import added, with rowids from `firstAddedRowID` on.
  private var addedCount = 0
  /// The line of the added producer at each index is the index plus an offset (its header line, blank lines,
  /// rows that wrote nothing, line breaks in quoted fields): the offset from each index where it changes,
  /// which for most files is a handful of entries rather than one a producer.
  private var lineOffsets: [(index: Int, offset: Int)] = []
  /// Whether each added producer's row gave its id (one bit each).
  private var addedByID: [UInt64] = []
  /// Producers updated by the import (and added ones whose rowid did not follow the ones before).
  private var touched: [Int64: (idLine: Int?, floIDLine: Int?)] = [:]
  private var unwrittenFLOIDs: [String: Int] = [:]
  private var unwrittenIDs: [String: Int] = [:]

  init(firstAddedRowID: Int64) {
    self.firstAddedRowID = firstAddedRowID
  }

  private func added(_ rowID: Int64) -> (line: Int, byID: Bool)? {
    guard rowID >= firstAddedRowID, rowID - firstAddedRowID < Int64(addedCount) else { return nil }
    let index = Int(rowID - firstAddedRowID)
    // The last change of offset at or before `index`.
    var (low, high) = (0, lineOffsets.count - 1)
    while low < high {
      let middle = (low + high + 1) / 2
      if lineOffsets[middle].index <= index { low = middle } else { high = middle - 1 }
    }
    return (index + lineOffsets[low].offset, addedByID[index / 64] & (1 << UInt64(index % 64)) != 0)
  }

  /// The first line that named `floID`, given the producer that holds it now.
  func firstLine(ofFLOID floID: String, heldBy owner: ProducerRepository.ImportWriter.Found?) -> Int? {
    if let line = unwrittenFLOIDs[floID] { return line }
    guard let owner else { return nil }
    // A producer the import added holds the FLO ID its row gave.
    if let added = added(owner.rowID) { return added.line }
    return touched[owner.rowID]?.floIDLine
  }

  /// The first line that named `id`, given the producer that has it.
  func firstLine(ofID id: String, heldBy owner: ProducerRepository.ImportWriter.Found?) -> Int? {
    if let line = unwrittenIDs[id] { return line }
    guard let owner else { return nil }
    if let added = added(owner.rowID) { return added.byID ? added.line : nil }
    return touched[owner.rowID]?.idLine
  }

  mutating func recordAdded(rowID: Int64, line: Int, namedByID: Bool) {
    let index = addedCount
    guard rowID == firstAddedRowID + Int64(index) else {
      touched[rowID] = (namedByID ? line : nil, line)
      return
    }
    addedCount += 1
    if lineOffsets.last?.offset != line - index { lineOffsets.append((index, line - index)) }
    if index % 64 == 0 { addedByID.append(0) }
    if namedByID { addedByID[index / 64] |= 1 << UInt64(index % 64) }
  }

  /// A producer the row on `line` updated: `floID` is the FLO ID it has now, `previousFLOID` the one it had.
  mutating func recordUpdated(
    rowID: Int64, line: Int, namedByID: Bool, namedFLOID: Bool, floID: String?, previousFLOID: String?
  ) {
    var entry = touched[rowID] ?? (nil, nil)
    if namedByID { entry.idLine = line }
    if floID != previousFLOID {
      // The FLO ID an earlier row named is no longer this producer's: keep its line apart.
      if let previousFLOID, let first = entry.floIDLine { unwrittenFLOIDs[previousFLOID] = first }
      entry.floIDLine = nil
    }
    if namedFLOID, entry.floIDLine == nil { entry.floIDLine = line }
    touched[rowID] = entry
  }

  /// Keys named by the row on `line`, which wrote nothing; nil for a key named before.
  mutating func recordUnwritten(id: String?, floID: String?, line: Int) {
    if let id { unwrittenIDs[id] = line }
    if let floID { unwrittenFLOIDs[floID] = line }
  }
}
