import SQLite

extension CaseRepository {
  /// Cases matching `filter`, sorted and limited as it says. Without status filters, open and waiting
  /// cases are listed.
  public func list(_ filter: CaseFilter) throws -> [Case] {
    // ?1 is today, bound first; the placeholders below number on from 2.
    var query = SQLFilter(store: store, arguments: [store.clock.today])
    try query.region(filter.region, column: "c.country")
    try query.country(filter.country, column: "c.country")
    try query.officer(filter.officer, column: "c.officer")
    if filter.mine {
      guard let me = try store.actingOfficer() else {
        throw DomainError.usage(
          "--mine lists the acting officer's cases, and '\(Validate.printable(store.actor))' is no officer's handle; say who you are with --as HANDLE or PSR_OFFICER=HANDLE (see 'psr officer list')"
        )
      }
      query.add("c.officer = ?", me.handle)
    }
    try query.producer(filter.producer, column: "c.producer_id")
    if let type = filter.type { query.add("c.type = ?", type) }
    var statuses = filter.statuses
    if !filter.statusClasses.isEmpty {
      let inClasses = CaseStatus.allCases.filter { filter.statusClasses.contains($0.statusClass) }
      statuses = statuses.isEmpty ? inClasses : statuses.filter(inClasses.contains)
      if statuses.isEmpty { return [] }
    }
    if statuses.isEmpty && !filter.overdueOnly { statuses = [.open, .active, .waiting] }
    if !statuses.isEmpty {
      let marks = statuses.map { _ in "?" }.joined(separator: ", ")
      query.add("c.status IN (\(marks))", values: statuses)
    }
    if filter.overdueOnly {
      query.add("c.status IN ('open', 'active') AND c.due_date IS NOT NULL AND c.due_date < ?1")
    }
    if let tag = filter.tag {
      query.add("c.id IN (SELECT case_id FROM case_tags WHERE tag = ?)", try Validate.tags(tag).first ?? "")
    }
    try SQLFilter.ordered(from: filter.openedFrom, to: filter.openedTo, names: ("--opened-from", "--opened-to"))
    if let from = filter.openedFrom {
      query.add("c.opened_at >= ?", try CalendarDate.parse(from, field: "--opened-from date"))
    }
    if let to = filter.openedTo {
      // Instants on the `to` day sort below the day after it.
      let day = try CalendarDate.parse(to, field: "--opened-to date")
      query.add("c.opened_at < ?", CalendarDate.adding(1, to: day) ?? day)
    }
    try SQLFilter.ordered(from: filter.dueFrom, to: filter.dueTo, names: ("--due-from", "--due-to"))
    if let from = filter.dueFrom {
      query.add("c.due_date >= ?", try CalendarDate.parse(from, field: "--due-from date"))
    }
    if let to = filter.dueTo { query.add("c.due_date <= ?", try CalendarDate.parse(to, field: "--due-to date")) }
    let order =
      switch filter.sort {
      case .opened: "c.opened_at, c.id"
      case .age: "days_open DESC, c.opened_at, c.id"
      case .due: "c.due_date IS NULL, c.due_date, c.opened_at, c.id"
      case .priority:
        "CASE c.priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END, c.opened_at, c.id"
      case .updated: "c.updated_at DESC, c.id"
      case .status:
        "CASE c.status WHEN 'open' THEN 0 WHEN 'active' THEN 1 WHEN 'waiting' THEN 2 WHEN 'resolved' THEN 3 ELSE 4 END, c.opened_at, c.id"
      case .type: "c.type, c.opened_at, c.id"
      case .country: "c.country, c.opened_at, c.id"
      case .officer: "c.officer IS NULL, c.officer, c.opened_at, c.id"
      }
    var sql = Self.select + query.clause + " ORDER BY " + order
    var arguments = query.arguments
    if let limit = filter.limit {
      sql += " LIMIT ?"
      arguments.append(limit)
    }
    return try db.read { try db.rows(sql, arguments).map(Self.decodeCase) }
  }

  /// Each officer's open cases (open, active or waiting) and how many of them are overdue (open or active,
  /// due before today), by handle; an officer with no open case is absent.
  public func workload() throws -> [String: CaseWorkload] {
    var workload: [String: CaseWorkload] = [:]
    // Officer by officer, so that each count seeks cases_by_officer(officer, status, …) to the open statuses
    // (EXPLAIN QUERY PLAN: SEARCH … (officer=? AND status=?)) instead of scanning every case with an officer.
    try db.cachedStatement(
      """
      SELECT o.handle,
        (SELECT count(*) FROM cases c WHERE c.officer = o.handle AND c.status IN ('open', 'active', 'waiting'))
          AS open,
        (SELECT count(*) FROM cases c WHERE c.officer = o.handle AND c.status IN ('open', 'active')
          AND c.due_date < ?1) AS overdue
      FROM officers o
      """
    ).forEachRow([store.clock.today]) { row in
      let open: Int = try row.decode("open")
      if open > 0 { workload[try row.decode("handle")] = CaseWorkload(open: open, overdue: try row.decode("overdue")) }
    }
    return workload
  }
}
