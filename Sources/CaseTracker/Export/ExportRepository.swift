import SQLite

/// Which records an export writes: those of a region's or a country's, dated between two days (both
/// included); every one by default.
public struct ExportFilter: Sendable {
  /// A region's countries; a network includes its sub-regions.
  public var region: String?
  public var country: String?
  /// The first and last day, `YYYY-MM-DD`, of the date each export goes by (a case's opening, a visit's,
  /// audit's or insight's date, the day an NC was recorded).
  public var from: String?
  public var to: String?

  public init(region: String? = nil, country: String? = nil, from: String? = nil, to: String? = nil) {
    self.region = region
    self.country = country
    self.from = from
    self.to = to
  }
}

/// The whole record of the unit, for `psr … export`: each kind of record read by one statement, stepped
/// row by row in one read transaction (one snapshot), so that an export of a million cases holds one case
/// at a time, never the list. Rows come in a stable order: oldest first, ties by id.
public struct ExportRepository {
  let store: Store
  var db: Database { store.db }

  /// One case as exported: its fields, its timeline and the NCs linked to it.
  public struct CaseRecord {
    public let `case`: Case
    /// Empty unless asked for.
    public let events: [CaseEvent]
    /// The ids of the non-conformities linked to the case, in id order.
    public let ncIDs: [String]
  }

  /// Cases, by opening instant, each with its timeline when `events` is true.
  public func cases(_ filter: ExportFilter, events: Bool, _ body: (CaseRecord) throws -> Void) throws {
    var query = SQLFilter(store: store, arguments: [store.clock.today])
    try place(filter, column: "c.country", into: &query)
    try instants(filter, column: "c.opened_at", into: &query)
    let linked = try db.cachedStatement("SELECT nc_id FROM case_non_conformities WHERE case_id = ? ORDER BY nc_id")
    try stream(CaseRepository.select + query.clause + " ORDER BY c.opened_at, c.id", query.arguments) { row in
      let found = try CaseRepository.decodeCase(row)
      try body(
        CaseRecord(
          case: found, events: events ? try store.cases.events(of: found.id) : [],
          ncIDs: try linked.rows([found.id]).map { try $0.decode(at: 0) }))
    }
  }

  /// Visits, trainings and every other activity, by date.
  public func visits(_ filter: ExportFilter, _ body: (Activity) throws -> Void) throws {
    var query = SQLFilter(store: store)
    try place(filter, column: "a.country", into: &query)
    try query.dates(from: filter.from, to: filter.to, column: "a.date")
    try stream(ActivityRepository.select + query.clause + " ORDER BY a.date, a.created_at, a.id", query.arguments) {
      try body(try ActivityRepository.decode($0))
    }
  }

  /// Audits, by date; the region and country are the producer's.
  public func audits(_ filter: ExportFilter, _ body: (Audit) throws -> Void) throws {
    var query = SQLFilter(store: store)
    try place(filter, column: "p.country", into: &query)
    try query.dates(from: filter.from, to: filter.to, column: "a.date")
    try stream(
      AuditRepository.selectAudit + query.clause + " ORDER BY a.date, a.created_at, a.id", query.arguments
    ) { try body(try AuditRepository.decodeAudit($0)) }
  }

  /// Non-conformities, by the instant they were recorded; the region and country are the producer's.
  public func nonConformities(_ filter: ExportFilter, _ body: (NonConformity) throws -> Void) throws {
    var query = SQLFilter(store: store, arguments: [store.clock.today])
    try place(filter, column: "p.country", into: &query)
    try instants(filter, column: "n.created_at", into: &query)
    try stream(AuditRepository.selectNC + query.clause + " ORDER BY n.created_at, n.id", query.arguments) {
      try body(try AuditRepository.decodeNC($0))
    }
  }

  /// Insights, by date.
  public func insights(_ filter: ExportFilter, _ body: (Insight) throws -> Void) throws {
    var query = SQLFilter(store: store)
    try place(filter, column: "i.country", into: &query)
    try query.dates(from: filter.from, to: filter.to, column: "i.date")
    try stream(
      "SELECT i.* FROM insights i" + query.clause + " ORDER BY i.date, i.created_at, i.id", query.arguments
    ) { try body(try InsightRepository.decode($0)) }
  }

  private func place(_ filter: ExportFilter, column: String, into query: inout SQLFilter) throws {
    try query.region(filter.region, column: column)
    try query.country(filter.country, column: column)
  }

  /// `column`, a UTC instant, falls on a day from `from` to `to`.
  private func instants(_ filter: ExportFilter, column: String, into query: inout SQLFilter) throws {
    try SQLFilter.ordered(from: filter.from, to: filter.to)
    if let from = filter.from { query.add("\(column) >= ?", try CalendarDate.parse(from, field: "--from date")) }
    if let to = filter.to {
      // Instants on the `to` day sort below the day after it.
      let day = try CalendarDate.parse(to, field: "--to date")
      query.add("\(column) < ?", CalendarDate.adding(1, to: day) ?? day)
    }
  }

  /// Steps `sql` in one read transaction, handing each row to `body` as it comes. A statement of its own,
  /// not the connection's cache, so that `body` may run cached queries meanwhile.
  private func stream(
    _ sql: String, _ arguments: [any DatabaseValueConvertible], _ body: (Row) throws -> Void
  ) throws {
    // An export reads a whole table once: through the memory map every page read would stay counted in the
    // process's resident memory (1.4 GB for the million-case database); the page cache keeps to its size.
    // Its ORDER BY sorts every row selected, which with `temp_store` in memory is held whole in memory
    // (https://www.sqlite.org/tempfiles.html#temp_databases: 350 MB for a million cases); in temporary files
    // the sorter holds no more than the page cache before it writes a run out.
    try db.useMemoryMap(false)
    let tempStore = ["PRAGMA temp_store = DEFAULT", "PRAGMA temp_store = FILE", "PRAGMA temp_store = MEMORY"][
      min(max(try db.scalar("PRAGMA temp_store", as: Int.self) ?? 0, 0), 2)]
    if !db.isInTransaction { try db.execute("PRAGMA temp_store = FILE") }
    defer {
      try? db.execute(tempStore)
      try? db.useMemoryMap(true)
    }
    try db.read { try db.prepare(sql).forEachRow(arguments, body) }
  }
}

extension Store {
  /// Exports of cases, visits, audits, NCs and insights.
  public var exports: ExportRepository { ExportRepository(store: self) }
}
