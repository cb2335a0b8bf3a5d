import SQLite

extension CaseRepository {
  /// Cases matching `filter`, sorted and limited as it says. Without status filters, open and waiting
  /// cases are listed.
  public func list(_ filter: CaseFilter) throws -> [Case] {
    var conditions: [String] = []
    // ?1 is today, bound first; the placeholders below number on from 2.
    var arguments: [any DatabaseValueConvertible] = [store.clock.today]
    if let region = filter.region {
      let code = try store.regions.require(region, kind: .invalid).code
      conditions.append("c.country IN (\(countriesInRegionSQL))")
      arguments += [code, code]
    }
    if let country = filter.country {
      conditions.append("c.country = ?")
      arguments.append(try store.countries.require(country).code)
    }
    if let officer = filter.officer {
      conditions.append("c.officer = ?")
      arguments.append(try store.officers.require(officer, kind: .invalid).handle)
    }
    if let producer = filter.producer {
      conditions.append("c.producer_id = ?")
      arguments.append(try store.producers.resolve(producer).id)
    }
    if let type = filter.type {
      conditions.append("c.type = ?")
      arguments.append(type)
    }
    var statuses = filter.statuses
    if !filter.statusClasses.isEmpty {
      let inClasses = CaseStatus.allCases.filter { filter.statusClasses.contains($0.statusClass) }
      statuses = statuses.isEmpty ? inClasses : statuses.filter(inClasses.contains)
      if statuses.isEmpty { return [] }
    }
    if statuses.isEmpty && !filter.overdueOnly { statuses = [.open, .active, .waiting] }
    if !statuses.isEmpty {
      conditions.append("c.status IN (\(statuses.map { _ in "?" }.joined(separator: ", ")))")
      arguments += statuses.map { $0 as any DatabaseValueConvertible }
    }
    if filter.overdueOnly {
      conditions.append("c.status IN ('open', 'active') AND c.due_date IS NOT NULL AND c.due_date < ?1")
    }
    if let tag = filter.tag {
      conditions.append("c.id IN (SELECT case_id FROM case_tags WHERE tag = ?)")
      arguments.append(try Validate.tags(tag).first ?? "")
    }
    if let from = filter.openedFrom {
      conditions.append("c.opened_at >= ?")
      arguments.append(try CalendarDate.parse(from, field: "--opened-from date"))
    }
    if let to = filter.openedTo {
      // Instants on the `to` day sort below the day after it.
      let day = try CalendarDate.parse(to, field: "--opened-to date")
      conditions.append("c.opened_at < ?")
      arguments.append(CalendarDate.adding(1, to: day) ?? day)
    }
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
    var sql = Self.select
    if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
    sql += " ORDER BY " + order
    if let limit = filter.limit {
      sql += " LIMIT ?"
      arguments.append(limit)
    }
    return try db.read { try db.rows(sql, arguments).map(Self.decodeCase) }
  }
}
