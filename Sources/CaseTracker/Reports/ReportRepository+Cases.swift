import SQLite

extension ReportRepository {
  /// Cases open at the period's end: opened before its end, and open, active or waiting at that moment by
  /// their timeline (the last status event before the end: opened, a status change, closed or reopened).
  /// Each with that status and its days open on the last day.
  ///
  /// Only a case open now or closed after the end can have been open at the end (a case whose last close
  /// came before the end was not reopened after it), so only those are read, found through
  /// cases_by_country_closed (0004_report_indexes.sql); and the timeline is read only for those changed
  /// since the end, since every status event also sets updated_at.
  static let openAtEnd = """
    SELECT * FROM (
      SELECT c.id, c.type, c.title, c.officer, c.country, c.due_date, c.opened_at, p.name AS producer_name,
        CAST(julianday(?4) - julianday(substr(c.opened_at, 1, 10)) AS INTEGER) AS days_open,
        CASE WHEN c.updated_at < ?2 THEN c.status ELSE
          (SELECT e.new_value FROM case_events e
            WHERE e.case_id = c.id AND e.at < ?2
              AND (e.kind IN ('opened', 'closed', 'reopened') OR (e.kind = 'changed' AND e.field = 'status'))
            ORDER BY e.at DESC, e.seq DESC, e.id DESC LIMIT 1) END AS status_at_end
      FROM cases c LEFT JOIN producers p ON p.id = c.producer_id
      WHERE c.rowid IN (
        SELECT rowid FROM cases
        WHERE country IN (SELECT value FROM json_each(?3)) AND closed_at IS NULL AND opened_at < ?2
        UNION ALL
        SELECT rowid FROM cases
        WHERE country IN (SELECT value FROM json_each(?3)) AND closed_at >= ?2 AND opened_at < ?2)
    ) WHERE status_at_end IN ('open', 'active', 'waiting')
    """

  func caseSection(_ scope: Scope) throws -> RegionReport.CaseSection {
    var section = RegionReport.CaseSection()
    for type in CaseType.allCases {
      section.openedByType[type.rawValue] = 0
      section.closedByType[type.rawValue] = 0
    }
    for status in ["open", "active", "waiting"] { section.openAtEndByStatus[status] = 0 }
    for bucket in RegionReport.agingBuckets { section.aging[bucket] = 0 }
    for row in try scopedRows(
      """
      SELECT type, count(*) AS n FROM cases
      WHERE \(Self.inRegion("country")) AND opened_at >= ?1 AND opened_at < ?2 GROUP BY type
      """, scope.arguments)
    {
      section.openedByType[try row.decode("type")] = try row.decode("n")
    }
    // closed_at is set exactly when a case is resolved or cancelled (a CHECK of cases).
    for row in try scopedRows(
      """
      SELECT type, count(*) AS n FROM cases
      WHERE \(Self.inRegion("country")) AND closed_at >= ?1 AND closed_at < ?2
      GROUP BY type
      """, scope.arguments)
    {
      section.closedByType[try row.decode("type")] = try row.decode("n")
    }
    // Days from opening to the last close, per type: median (the mean of the two middle values for an even
    // count) and 90th percentile (nearest rank: the value at rank ceil(0.9 n)).
    var closeTimes: [String: RegionReport.CloseTime] = [:]
    for row in try scopedRows(
      """
      WITH d AS (
        SELECT type, CAST(julianday(substr(closed_at, 1, 10)) - julianday(substr(opened_at, 1, 10)) AS INTEGER) AS days
        FROM cases
        WHERE \(Self.inRegion("country")) AND closed_at >= ?1 AND closed_at < ?2
      ),
      r AS (
        SELECT type, days, row_number() OVER (PARTITION BY type ORDER BY days) AS rank,
          count(*) OVER (PARTITION BY type) AS n
        FROM d
      )
      SELECT type, n,
        avg(CASE WHEN rank IN ((n + 1) / 2, (n + 2) / 2) THEN days END) AS median,
        min(CASE WHEN rank >= (9 * n + 9) / 10 THEN days END) AS p90
      FROM r GROUP BY type
      """, scope.arguments)
    {
      let type: String = try row.decode("type")
      closeTimes[type] = RegionReport.CloseTime(
        type: type, cases: try row.decode("n"), median: try row.decode("median"), p90: try row.decode("p90"))
    }
    section.closeTimes = CaseType.allCases.map {
      closeTimes[$0.rawValue] ?? RegionReport.CloseTime(type: $0.rawValue, cases: 0, median: nil, p90: nil)
    }
    for row in try scopedRows(
      """
      SELECT status_at_end, count(*) AS n,
        sum(days_open <= 30) AS b0, sum(days_open BETWEEN 31 AND 90) AS b1, sum(days_open BETWEEN 91 AND 180) AS b2,
        sum(days_open > 180) AS b3,
        sum(status_at_end IN ('open', 'active') AND due_date IS NOT NULL AND due_date < ?4) AS overdue
      FROM temp.open_at_end GROUP BY status_at_end
      """, scope.arguments)
    {
      let status: String = try row.decode("status_at_end")
      let count: Int = try row.decode("n")
      section.openAtEndByStatus[status, default: 0] += count
      section.openAtEnd += count
      for (index, bucket) in RegionReport.agingBuckets.enumerated() {
        section.aging[bucket, default: 0] += try row.decode("b\(index)") as Int
      }
      section.overdueAtEnd += try row.decode("overdue") as Int
    }
    section.oldestOverdue = try scopedRows(
      """
      SELECT *, CAST(julianday(?4) - julianday(due_date) AS INTEGER) AS days_overdue FROM temp.open_at_end
      WHERE status_at_end IN ('open', 'active') AND due_date IS NOT NULL AND due_date < ?4
      ORDER BY opened_at, id LIMIT 20
      """, scope.arguments
    ).map { row in
      RegionReport.OverdueCase(
        id: try row.decode("id"), title: try row.decode("title"), type: try row.decode("type"),
        officer: try row.decode("officer"), producer: try row.decode("producer_name"),
        country: try row.decode("country"), openedOn: String((try row.decode("opened_at") as String).prefix(10)),
        dueDate: try row.decode("due_date"), daysOverdue: try row.decode("days_overdue"))
    }
    return section
  }

  /// Opened, closed, open at the end and overdue at the end, for `report regions`.
  func caseCounts(_ scope: Scope) throws -> (opened: Int, closed: Int, openAtEnd: Int, overdueAtEnd: Int) {
    guard
      let row = try scopedRow(
        """
        SELECT
          (SELECT count(*) FROM cases WHERE \(Self.inRegion("country")) AND opened_at >= ?1 AND opened_at < ?2)
            AS opened,
          (SELECT count(*) FROM cases WHERE \(Self.inRegion("country")) AND closed_at >= ?1 AND closed_at < ?2)
            AS closed,
          (SELECT count(*) FROM temp.open_at_end) AS open_at_end,
          (SELECT count(*) FROM temp.open_at_end
            WHERE status_at_end IN ('open', 'active') AND due_date IS NOT NULL AND due_date < ?4) AS overdue
        """, scope.arguments)
    else { return (0, 0, 0, 0) }
    return (
      try row.decode("opened"), try row.decode("closed"), try row.decode("open_at_end"), try row.decode("overdue")
    )
  }
}
