import SQLite

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

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
  /// The fields are separated by `delimiter`, or by the one the header line shows (`CSVDelimiter.detect`).
  /// `progress`, when given, is told how many records have been read, every 10,000 records; `changes`, each
  /// producer added or changed, as its row is written (an import refused later undoes them all).
  public func run(
    _ reader: inout CSVReader, dryRun: Bool = false, delimiter: CSVDelimiter? = nil,
    progress: ((Int) -> Void)? = nil, changes: ((ImportChange) -> Void)? = nil
  ) throws -> ImportSummary {
    reader.use(try delimiter ?? CSVDelimiter.detect(header: reader.firstLine(), known: Set(Self.columns)))
    let db = repository.db
    _ = try repository.store.recordedActor()
    struct DryRun: Error { let summary: ImportSummary }
    // An import reads and writes the whole producers table once, which through the memory map would count
    // every page of the file in the process's resident memory (583 MB for a million producers); the page
    // cache keeps what it holds to its own small size.
    try db.useMemoryMap(false)
    defer { try? db.useMemoryMap(true) }
    do {
      return try db.write {
        let summary = try importRecords(&reader, dryRun: dryRun, progress: progress, changes: changes)
        if dryRun { throw DryRun(summary: summary) }
        try SearchRepository(db: db).catchUp()
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
    _ reader: inout CSVReader, dryRun: Bool, progress: ((Int) -> Void)?, changes: ((ImportChange) -> Void)?
  ) throws -> ImportSummary {
    // Rows a spreadsheet left blank above the header are passed over.
    var first = try readRecord(&reader)
    while let record = first, SpreadsheetRows.isBlank(record) { first = try readRecord(&reader) }
    guard let fullHeader = first else {
      throw DomainError.invalid(
        "the file is empty; the first line must be a header such as name,country,type,flo_id,products,members,status")
    }
    // The empty cells a spreadsheet leaves at the end of the header name no column.
    let header = SpreadsheetRows.header(fullHeader)
    let columns = try headerColumns(header)
    let rows = SpreadsheetRows(header: header, fullWidth: fullHeader.fields.count, delimiter: reader.delimiter)
    let positions = ColumnPositions(columns)
    let actor = try repository.store.recordedActor()
    let now = repository.clock.now()
    let today = repository.clock.today
    let countryCodes = Set(try repository.db.rows("SELECT code FROM countries").map { try $0.decode(at: 0) as String })
    // Rows in countries of no region are counted here as they are read, for one warning at the end.
    let unplaced = Dictionary(uniqueKeysWithValues: try repository.store.countries.unplaced().map { ($0.code, $0) })
    var rowsOutsideRegions: [String: Int] = [:]
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
    // Rows of a batch are reported once it is written, in line order: its rows whose FLO ID was taken are
    // settled after the others.
    var batch: [ImportChange] = []
    var batchDepth = 0
    func report(_ change: ImportChange) {
      guard let changes else { return }
      if batchDepth > 0 { batch.append(change) } else { changes(change) }
    }

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
      batchDepth += 1
      defer {
        batchDepth -= 1
        if batchDepth == 0, let changes {
          for change in batch.sorted(by: { $0.line < $1.line }) { changes(change) }
          batch.removeAll(keepingCapacity: true)
        }
      }
      try writer.writeQueued(completely: completely) { rowID in
        let row = rows[index]
        index += 1
        if let rowID {
          seen.recordAdded(rowID: rowID, line: row.line, namedByID: row.id != nil)
          summary.added += 1
          if problems.isEmpty, let name = row.name, let country = row.country {
            report(.added(line: row.line, name: name, floID: row.floID, country: country))
          }
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
        let replaced = try repository.replace(id: existing.id, with: draft)
        if replaced.changed {
          summary.updated += 1
          report(
            .updated(
              line: line, name: existing.name, floID: existing.floID, shortID: existing.shortID,
              fields: ImportChange.fields(from: existing, to: replaced.producer)))
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
    while let raw = try readRecord(&reader) {
      read += 1
      if read % progressInterval == 0 { progress?(read) }
      // Blank rows are skipped; a row's empty cells under the header's blank end are dropped.
      guard let record = rows.fitted(raw, problem: { problem(raw.line, nil, $0) }) else { continue }
      let row = Self.check(record, positions, countryCodes: countryCodes, today: today) {
        problem(record.line, $0, $1)
      }
      if let country = row.country, unplaced[country] != nil { rowsOutsideRegions[country, default: 0] += 1 }
      // Most rows of a large file are new producers without an id: they are queued and inserted many to a
      // statement, which finds out itself whether a FLO ID is taken (in the database, by an earlier row
      // too); a FLO ID named by a refused row is taken as well.
      if !row.hasProblems, row.id == nil, row.floID.flatMap({ seen.firstLine(ofFLOID: $0, heldBy: nil) }) == nil {
        try queue(row)
        if writer.queueIsFull { try writeQueued(completely: false) }
        continue
      }
      // Any other row sees every row before it written.
      try writeQueued(completely: true)
      try settle(row)
    }
    try writeQueued(completely: true)

    if total > 0 { throw ImportError(problems: problems, total: total, totalIsAtLeast: seen.forgotKeys) }
    if deferring && !dryRun { try writer.restoreIndexes() }
    summary.rowsOutsideRegions = rowsOutsideRegions
    let outside = rowsOutsideRegions.compactMap { code, rows in unplaced[code].map { (country: $0, rows: rows) } }
    let suggestion =
      try outside.count == 1 ? repository.store.countries.suggestedRegion(for: outside[0].country.code) : nil
    summary.warning = Placement.importWarning(outside, suggesting: suggestion)
    return summary
  }
}
