import SQLite

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Builds region reports. Every count is an SQL aggregate over the region's countries; Swift only
/// assembles them. Bound parameters: ?1 first day, ?2 day after the last (instants before it are in the
/// period), ?3 the region's country codes as a JSON array, ?4 last day. "The last day" is the day the
/// period is evaluated on (`ReportPeriod.asOf`): today for a period still in progress.
public struct ReportRepository {
  let store: Store
  var db: Database { store.db }

  /// The report for `regionCode` over `period`.
  public func report(region regionCode: String, period: ReportPeriod) throws -> RegionReport {
    try db.read {
      let region = try store.regions.require(regionCode, kind: .notFound)
      let countries = try store.countries.list(region: region.code)
      let scope = Scope(period: period, countries: countries.map(\.code))
      try collect(scope)
      let cases = try caseSection(scope)
      var headline = try headline(scope)
      headline.casesOpened = cases.openedByType.values.reduce(0, +)
      headline.casesClosed = cases.closedByType.values.reduce(0, +)
      let coverage = try coverage(scope)
      var report = RegionReport(
        region: region, countries: countries, period: period, headline: headline, coverage: coverage,
        cases: cases, byCountry: try byCountry(scope, countries: countries),
        byOfficer: try byOfficer(scope, covering: coverage.officers),
        readiness: try readiness(scope), insights: try insights(scope), insightCounts: try insightCounts(scope),
        activitiesByMonth: try activitiesByMonth(scope))
      report.trainingPriorities = try trainingPriorities(scope, countries: countries)
      report.certificationOutcomes = try certificationOutcomes(scope)
      return report
    }
  }

  /// One summary per region of `level` (top-level networks, or sub-regions), by code, then the summary of
  /// the countries outside every region (`outsideSummary`), so that the rows add up to the whole database.
  public func summaries(level: RegionLevel, period: ReportPeriod) throws -> [RegionSummary] {
    try db.read {
      try store.regions.all().filter { level == .top ? $0.isTopLevel : !$0.isTopLevel }.map { region in
        let countries = try store.countries.list(region: region.code)
        let scope = Scope(period: period, countries: countries.map(\.code))
        try collect(scope)
        var headline = try headline(scope)
        let counts = try caseCounts(scope)
        headline.casesOpened = counts.opened
        headline.casesClosed = counts.closed
        let priorities = try trainingPriorities(scope, countries: countries)
        return RegionSummary(
          region: region, headline: headline, openAtEnd: counts.openAtEnd, overdueAtEnd: counts.overdueAtEnd,
          trainingsOnPriorities: priorities.sessionsOnPriorities, shareReachedOnPriorities: priorities.shareReached)
      } + [try outsideSummary(period: period)]
    }
  }

  public enum RegionLevel: String, CaseIterable, Sendable { case top, sub }

  /// The period and the region's countries, as bound to every query.
  struct Scope {
    let period: ReportPeriod
    let countries: [String]

    var countriesJSON: String {
      "[" + countries.map { "\"\($0)\"" }.joined(separator: ",") + "]"
    }

    var arguments: [any DatabaseValueConvertible] { [period.from, period.end, countriesJSON, period.asOf] }
  }

  /// Runs `sql` with as many of the scope's parameters as it takes (they are numbered ?1 to ?4).
  func scopedRows(_ sql: String, _ arguments: [any DatabaseValueConvertible]) throws -> [Row] {
    let statement = try db.cachedStatement(sql)
    return try statement.rows(Array(arguments.prefix(statement.parameterCount)))
  }

  func scopedRow(_ sql: String, _ arguments: [any DatabaseValueConvertible]) throws -> Row? {
    try scopedRows(sql, arguments).first
  }

  func scopedScalar(_ sql: String, _ arguments: [any DatabaseValueConvertible]) throws -> Int? {
    try scopedRow(sql, arguments).map { try $0.decode(at: 0) }
  }

  /// SQL for "in the region" over a country column.
  static func inRegion(_ column: String) -> String { "\(column) IN (SELECT value FROM json_each(?3))" }

  /// Collects the rows the sections count several ways, once per scope, into temporary tables of this
  /// connection (they work on a read-only database too): temp.open_at_end, the cases open at the period's
  /// end (`openAtEnd`), and temp.period_activities, the period's activities (one pass through
  /// activities_by_country instead of five).
  func collect(_ scope: Scope) throws {
    try db.execute(
      script: """
        DROP TABLE IF EXISTS temp.open_at_end;
        CREATE TEMP TABLE open_at_end (
          id TEXT, type TEXT, title TEXT, officer TEXT, country TEXT, due_date TEXT, opened_at TEXT,
          producer_name TEXT, days_open INTEGER, status_at_end TEXT);
        DROP TABLE IF EXISTS temp.period_activities;
        CREATE TEMP TABLE period_activities (
          date TEXT, country TEXT, officer TEXT, kind TEXT, producer_id TEXT, women INTEGER, men INTEGER,
          other INTEGER);
        """)
    _ = try scopedRows("INSERT INTO temp.open_at_end " + Self.openAtEnd, scope.arguments)
    _ = try scopedRows(
      """
      INSERT INTO temp.period_activities
      SELECT date, country, officer, kind, producer_id, women, men, other FROM activities
      WHERE date >= ?1 AND date <= ?4 AND voided_at IS NULL AND \(Self.inRegion("country"))
      """, scope.arguments)
  }

  func headline(_ scope: Scope) throws -> RegionReport.Headline {
    var headline = RegionReport.Headline()
    for kind in ActivityKind.allCases { headline.activitiesByKind[kind.rawValue] = 0 }
    let row = try scopedRow(
      """
      SELECT count(*) AS activities, count(DISTINCT producer_id) AS producers,
        coalesce(sum(women), 0) AS women, coalesce(sum(men), 0) AS men, coalesce(sum(other), 0) AS other
      FROM temp.period_activities
      """, scope.arguments)
    if let row {
      headline.activities = try row.decode("activities")
      headline.producersCovered = try row.decode("producers")
      headline.women = try row.decode("women")
      headline.men = try row.decode("men")
      headline.other = try row.decode("other")
    }
    for row in try scopedRows(
      """
      SELECT kind, count(*) AS n FROM temp.period_activities GROUP BY kind
      """, scope.arguments)
    {
      headline.activitiesByKind[try row.decode("kind")] = try row.decode("n")
    }
    headline.fieldVisits = headline.activitiesByKind[ActivityKind.fieldVisit.rawValue] ?? 0
    headline.trainings = headline.activitiesByKind[ActivityKind.training.rawValue] ?? 0
    headline.newCertifications =
      try scopedScalar(
        """
        SELECT count(DISTINCT s.producer_id) FROM producer_status_changes s JOIN producers p ON p.id = s.producer_id
        WHERE s.to_status = 'certified' AND (s.from_status IS NULL OR s.from_status NOT IN ('certified', 'suspended'))
          AND s.on_date >= ?1 AND s.on_date <= ?4 AND \(Self.inRegion("p.country"))
        """, scope.arguments) ?? 0
    return headline
  }

  func activitiesByMonth(_ scope: Scope) throws -> [(month: String, count: Int)] {
    var counts: [String: Int] = [:]
    for row in try scopedRows(
      """
      SELECT substr(date, 1, 7) AS month, count(*) AS n FROM temp.period_activities GROUP BY month
      """, scope.arguments)
    {
      counts[try row.decode("month")] = try row.decode("n")
    }
    return scope.period.months.map { (month: $0, count: counts[$0] ?? 0) }
  }

  func insights(_ scope: Scope) throws -> [Insight] {
    try scopedRows(
      """
      SELECT i.* FROM insights i
      WHERE i.date >= ?1 AND i.date <= ?4 AND i.voided_at IS NULL AND \(Self.inRegion("i.country"))
      ORDER BY i.date DESC, i.created_at DESC
      """, scope.arguments
    ).map(InsightRepository.decode)
  }

  func readiness(_ scope: Scope) throws -> RegionReport.ReadinessSection {
    var section = RegionReport.ReadinessSection()
    for readiness in Readiness.allCases { section.counts[readiness.rawValue] = 0 }
    let listed = ReadinessRules.listedStatuses.map { "'\($0.rawValue)'" }.joined(separator: ", ")
    let assessments = try ReadinessRepository(store: store).assessments(
      where: "p.merged_into IS NULL AND s.to_status IN (\(listed)) AND p.country IN (SELECT value FROM json_each(?))",
      [scope.countriesJSON],
      today: scope.period.asOf)
    for assessment in assessments { section.counts[assessment.readiness.rawValue, default: 0] += 1 }
    let day = scope.period.asOf
    let horizon = CalendarDate.adding(ReadinessRules.renewalWarningDays, to: day) ?? day
    section.renewalsDue = assessments.filter {
      $0.status == .certified && ($0.renewalDue.map { $0 > day && $0 <= horizon } ?? false)
    }.sorted { ($0.renewalDue ?? "", $0.producerName) < ($1.renewalDue ?? "", $1.producerName) }
    var ncs: [String: RegionReport.NCCount] = [:]
    for type in CriterionType.allCases {
      ncs[type.rawValue] = RegionReport.NCCount(type: type.rawValue, open: 0, overdue: 0)
    }
    for row in try scopedRows(
      """
      SELECT n.criterion_type AS type, count(*) AS open, coalesce(sum(n.deadline < ?4), 0) AS overdue
      FROM non_conformities n JOIN producers p ON p.id = n.producer_id
      WHERE \(Self.inRegion("p.country")) AND date(n.created_at, 'localtime') <= ?4
        AND (n.status = 'open' OR n.corrected_on > ?4)
      GROUP BY n.criterion_type
      """, scope.arguments)
    {
      let type: String = try row.decode("type")
      ncs[type] = RegionReport.NCCount(type: type, open: try row.decode("open"), overdue: try row.decode("overdue"))
    }
    section.ncs = CriterionType.allCases.compactMap { ncs[$0.rawValue] }
    return section
  }
}
