import SQLite

extension RegionReport {
  /// The certification figures of one group of producers' audits, NCs and status changes in a period.
  public struct OutcomeFigures: Equatable, Sendable {
    /// Audits held in the period, all and by kind (every kind listed).
    public var audits = 0
    public var auditsByKind: [String: Int] = [:]
    /// NCs raised at those audits, by criterion type (every type listed).
    public var ncsByType: [String: Int] = [:]
    /// Those audits with at least one NC on a major criterion.
    public var auditsWithMajorNC = 0
    /// NCs whose deadline fell in the period, and those corrected on or before it.
    public var ncsDue = 0
    public var ncsCorrectedByDeadline = 0
    /// Producers suspended, and decertified, in the period.
    public var suspended = 0
    public var decertified = 0

    public var ncs: Int { ncsByType.values.reduce(0, +) }
    public var ncsPerAudit: Double? { audits > 0 ? Double(ncs) / Double(audits) : nil }
    public func ncsPerAudit(_ type: String) -> Double? {
      audits > 0 ? Double(ncsByType[type] ?? 0) / Double(audits) : nil
    }
    public var shareWithMajorNC: Double? { audits > 0 ? Double(auditsWithMajorNC) / Double(audits) : nil }
    public var shareCorrectedByDeadline: Double? {
      ncsDue > 0 ? Double(ncsCorrectedByDeadline) / Double(ncsDue) : nil
    }
  }

  /// Certification outcomes in the period, for all the region's producers and split between those advised
  /// (DESIGN.md "Advised producer") and those not, before each audit, NC and status change.
  public struct CertificationOutcomes: Equatable, Sendable {
    public var all = OutcomeFigures()
    public var advised = OutcomeFigures()
    public var notAdvised = OutcomeFigures()
  }
}

extension ReportRepository {
  /// Advice in the 12 months before `day` of an item of temp.outcome_items: a certification case open at some
  /// time in them (opened before the day, not closed before they began), or a field visit, remote advice or
  /// training with the producer dated in them.
  static let markAdvised = """
    UPDATE temp.outcome_items AS i SET advised = (
      EXISTS (SELECT 1 FROM activities v
        WHERE v.producer_id = i.producer_id AND v.date >= date(i.day, '-12 months') AND v.date < i.day
          AND v.kind IN ('field-visit', 'remote', 'training') AND v.voided_at IS NULL)
      OR EXISTS (SELECT 1 FROM cases c
        WHERE c.producer_id = i.producer_id AND c.type = 'certification' AND substr(c.opened_at, 1, 10) < i.day
          AND (c.closed_at IS NULL OR substr(c.closed_at, 1, 10) >= date(i.day, '-12 months'))))
    """

  /// The certification-outcomes section for the scope's region and period.
  func certificationOutcomes(_ scope: Scope) throws -> RegionReport.CertificationOutcomes {
    try db.execute(
      script: """
        DROP TABLE IF EXISTS temp.outcome_items;
        CREATE TEMP TABLE outcome_items (
          item TEXT, ref TEXT, producer_id TEXT, day TEXT, detail TEXT, advised INTEGER);
        """)
    // The period's audits; its NCs due, each dated by its audit (else its recording); its suspensions and
    // decertifications.
    _ = try scopedRows(
      """
      INSERT INTO temp.outcome_items (item, ref, producer_id, day, detail)
      SELECT 'audit', a.id, a.producer_id, a.date, a.kind FROM audits a JOIN producers p ON p.id = a.producer_id
      WHERE a.date >= ?1 AND a.date <= ?4 AND \(Self.inRegion("p.country"))
      UNION ALL
      SELECT 'nc', n.id, n.producer_id,
        coalesce((SELECT a.date FROM audits a WHERE a.id = n.audit_id), date(n.created_at, 'localtime')),
        CASE WHEN n.status = 'corrected' AND n.corrected_on <= n.deadline THEN 'on-time' ELSE 'late' END
      FROM non_conformities n JOIN producers p ON p.id = n.producer_id
      WHERE n.status IN ('open', 'corrected') AND n.deadline >= ?1 AND n.deadline <= ?4
        AND \(Self.inRegion("p.country"))
      UNION ALL
      SELECT s.to_status, s.id, s.producer_id, s.on_date, '' FROM producer_status_changes s
      JOIN producers p ON p.id = s.producer_id
      WHERE s.to_status IN ('suspended', 'decertified') AND s.on_date >= ?1 AND s.on_date <= ?4
        AND \(Self.inRegion("p.country"))
      """, scope.arguments)
    try db.execute(Self.markAdvised)
    var outcomes = RegionReport.CertificationOutcomes()
    func update(_ advised: Bool, _ change: (inout RegionReport.OutcomeFigures) -> Void) {
      change(&outcomes.all)
      if advised { change(&outcomes.advised) } else { change(&outcomes.notAdvised) }
    }
    for figures in [\RegionReport.CertificationOutcomes.all, \.advised, \.notAdvised] {
      for kind in AuditKind.allCases { outcomes[keyPath: figures].auditsByKind[kind.rawValue] = 0 }
      for type in CriterionType.allCases { outcomes[keyPath: figures].ncsByType[type.rawValue] = 0 }
    }
    for row in try db.rows(
      """
      SELECT item, detail, advised, count(DISTINCT ref) AS n, count(DISTINCT producer_id) AS producers
      FROM temp.outcome_items GROUP BY item, detail, advised
      """)
    {
      let item: String = try row.decode("item")
      let detail: String = try row.decode("detail")
      let advised: Bool = try row.decode("advised")
      let count: Int = try row.decode("n")
      let producers: Int = try row.decode("producers")
      update(advised) { figures in
        switch item {
        case "audit":
          figures.audits += count
          figures.auditsByKind[detail, default: 0] += count
        case "nc":
          figures.ncsDue += count
          if detail == "on-time" { figures.ncsCorrectedByDeadline += count }
        case "suspended": figures.suspended += producers
        default: figures.decertified += producers
        }
      }
    }
    // A producer suspended twice, once after advice and once not, is one producer of all.
    outcomes.all.suspended = 0
    outcomes.all.decertified = 0
    for row in try db.rows(
      """
      SELECT item, count(DISTINCT producer_id) AS producers FROM temp.outcome_items
      WHERE item IN ('suspended', 'decertified') GROUP BY item
      """)
    {
      let item: String = try row.decode("item")
      let producers: Int = try row.decode("producers")
      if item == "suspended" { outcomes.all.suspended = producers } else { outcomes.all.decertified = producers }
    }
    // The NCs raised at the period's audits (found through each producer's NCs), and the audits with a major one.
    for row in try db.rows(
      """
      SELECT i.advised, n.criterion_type AS type, count(*) AS ncs, count(DISTINCT i.ref) AS audits
      FROM temp.outcome_items i JOIN non_conformities n ON n.producer_id = i.producer_id AND n.audit_id = i.ref
      WHERE i.item = 'audit'
      GROUP BY i.advised, n.criterion_type
      """)
    {
      let advised: Bool = try row.decode("advised")
      let type: String = try row.decode("type")
      let ncs: Int = try row.decode("ncs")
      let audits: Int = try row.decode("audits")
      update(advised) { figures in
        figures.ncsByType[type, default: 0] += ncs
        if type == CriterionType.major.rawValue { figures.auditsWithMajorNC += audits }
      }
    }
    return outcomes
  }
}

extension ReportRepository {
  /// The certification outcomes of `regionCode` for each year from `first` to `last` (a year in progress
  /// evaluated on `today`).
  public func outcomes(region regionCode: String, from first: Int, to last: Int, today: String) throws -> (
    Region, [(period: ReportPeriod, outcomes: RegionReport.CertificationOutcomes)]
  ) {
    let thisYear = Int(today.prefix(4)) ?? last
    guard (2000...2100).contains(first), (2000...2100).contains(last) else {
      throw DomainError.invalid("give years from 2000 to 2100, such as --from 2024 --to \(thisYear)")
    }
    guard first <= last else {
      throw DomainError.invalid("--from \(first) is after --to \(last); give the earlier year first")
    }
    guard last <= thisYear else {
      throw DomainError.invalid("\(last) has not begun (today is \(today)); give --to \(thisYear) or earlier")
    }
    return try db.read {
      let region = try store.regions.require(regionCode, kind: .notFound)
      let countries = try store.countries.list(region: region.code).map(\.code)
      var years: [(period: ReportPeriod, outcomes: RegionReport.CertificationOutcomes)] = []
      for year in first...last {
        let period = try ReportPeriod.parse(String(year)).evaluated(on: today)
        years.append((period, try certificationOutcomes(Scope(period: period, countries: countries))))
      }
      return (region, years)
    }
  }
}
