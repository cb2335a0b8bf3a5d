import SQLite

extension ReportRepository {
  /// Active officers based in or covering a country of the region, and the countries with producers that
  /// no active officer covers.
  func coverage(_ scope: Scope) throws -> RegionReport.Coverage {
    var coverage = RegionReport.Coverage()
    coverage.officers = try scopedRows(
      """
      SELECT o.handle, o.name, o.base_country,
        (SELECT group_concat(country, ',') FROM (SELECT country FROM officer_countries oc
          WHERE oc.officer = o.handle AND \(Self.inRegion("oc.country")) ORDER BY country)) AS countries
      FROM officers o
      WHERE o.active = 1 AND (\(Self.inRegion("o.base_country")) OR EXISTS (
        SELECT 1 FROM officer_countries oc WHERE oc.officer = o.handle AND \(Self.inRegion("oc.country"))))
      ORDER BY o.handle
      """, Array(scope.arguments.prefix(3))
    ).map { row in
      let countries: String? = try row.decode("countries")
      return RegionReport.CoveringOfficer(
        handle: try row.decode("handle"), name: try row.decode("name"), baseCountry: try row.decode("base_country"),
        countries: countries.map { $0.split(separator: ",").map(String.init) } ?? [])
    }
    coverage.gaps = try scopedRows(
      """
      SELECT c.code, c.name, count(p.id) AS producers
      FROM countries c JOIN producers p ON p.country = c.code AND p.merged_into IS NULL
      WHERE \(Self.inRegion("c.code")) AND NOT EXISTS (
        SELECT 1 FROM officer_countries oc JOIN officers o ON o.handle = oc.officer
        WHERE oc.country = c.code AND o.active = 1)
      GROUP BY c.code ORDER BY c.code
      """, Array(scope.arguments.prefix(3))
    ).map {
      RegionReport.Gap(
        country: try $0.decode("code"), name: try $0.decode("name"), producers: try $0.decode("producers"))
    }
    return coverage
  }

  /// One row per country of the region, by code.
  func byCountry(_ scope: Scope, countries: [Country]) throws -> [RegionReport.Breakdown] {
    var rows = Dictionary(
      uniqueKeysWithValues: countries.map { ($0.code, RegionReport.Breakdown(key: $0.code, name: $0.name)) })
    try breakdown(scope, caseKey: "c.country", activityKey: "a.country") { key, update in
      if let key, rows[key] != nil { update(&rows[key]!) }
    }
    return countries.compactMap { rows[$0.code] }
  }

  /// One row per officer with cases or activities in the region, plus the covering officers, by handle;
  /// cases with no officer last.
  func byOfficer(_ scope: Scope, covering: [RegionReport.CoveringOfficer]) throws -> [RegionReport.Breakdown] {
    var rows: [String?: RegionReport.Breakdown] = [:]
    for officer in covering {
      rows[officer.handle] = RegionReport.Breakdown(key: officer.handle, name: officer.name)
    }
    try breakdown(scope, caseKey: "c.officer", activityKey: "a.officer") { key, update in
      if rows[key] == nil { rows[key] = RegionReport.Breakdown(key: key, name: key == nil ? "(unassigned)" : "") }
      update(&rows[key]!)
    }
    let names = Dictionary(
      uniqueKeysWithValues: try db.rows("SELECT handle, name FROM officers").map {
        (try $0.decode("handle") as String, try $0.decode("name") as String)
      })
    return rows.values.map { row in
      var row = row
      if let key = row.key, row.name.isEmpty { row.name = names[key] ?? key }
      return row
    }.sorted { ($0.key == nil ? 1 : 0, $0.key ?? "") < ($1.key == nil ? 1 : 0, $1.key ?? "") }
  }

  /// Runs the grouped counts by `caseKey` and `activityKey`, handing each value to `apply`.
  private func breakdown(
    _ scope: Scope, caseKey: String, activityKey: String,
    apply: (String?, (inout RegionReport.Breakdown) -> Void) -> Void
  ) throws {
    for row in try scopedRows(
      // The period's cases first, each set through its index; grouped after, so that an index on the key
      // is not walked whole to save a sort.
      """
      WITH period AS MATERIALIZED (
        SELECT \(caseKey) AS key, 1 AS opened, 0 AS closed FROM cases c
        WHERE \(Self.inRegion("c.country")) AND c.opened_at >= ?1 AND c.opened_at < ?2
        UNION ALL
        SELECT \(caseKey), 0, 1 FROM cases c
        WHERE \(Self.inRegion("c.country")) AND c.closed_at >= ?1 AND c.closed_at < ?2
      )
      SELECT key, sum(opened) AS opened, sum(closed) AS closed FROM period GROUP BY key
      """, scope.arguments)
    {
      let key: String? = try row.decode("key")
      let opened: Int = try row.decode("opened")
      let closed: Int = try row.decode("closed")
      if opened > 0 || closed > 0 {
        apply(key) {
          $0.casesOpened = opened
          $0.casesClosed = closed
        }
      }
    }
    let openKey = caseKey.replacing("c.", with: "")
    for row in try scopedRows(
      """
      SELECT \(openKey) AS key, count(*) AS open,
        sum(status_at_end IN ('open', 'active') AND due_date IS NOT NULL AND due_date < ?4) AS overdue
      FROM temp.open_at_end GROUP BY \(openKey)
      """, scope.arguments)
    {
      let open: Int = try row.decode("open")
      let overdue: Int = try row.decode("overdue")
      apply(try row.decode("key")) {
        $0.casesOpen = open
        $0.casesOverdue = overdue
      }
    }
    for row in try scopedRows(
      """
      SELECT \(activityKey) AS key, count(*) AS activities, count(DISTINCT a.producer_id) AS producers
      FROM temp.period_activities a GROUP BY \(activityKey)
      """, scope.arguments)
    {
      let activities: Int = try row.decode("activities")
      let producers: Int = try row.decode("producers")
      apply(try row.decode("key")) {
        $0.activities = activities
        $0.producersCovered = producers
      }
    }
  }
}
