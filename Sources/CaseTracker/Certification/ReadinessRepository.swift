import SQLite

/// Computes certification readiness from the status history, NCs and activities, as of `clock.today`.
public struct ReadinessRepository {
  let store: Store
  var db: Database { store.db }

  /// The readiness of one producer, any status.
  public func assessment(of reference: String) throws -> ReadinessAssessment {
    try db.read {
      let producer = try store.producers.resolve(reference)
      guard let assessment = try assessments(where: "p.id = ?", [producer.id], today: store.clock.today).first else {
        throw DomainError.notFound("\(producer.name) had no status on \(store.clock.today); it was registered later")
      }
      return assessment
    }
  }

  /// One assessment per applicant, permitted, certified or suspended producer matching the filters,
  /// worst first, then by name.
  public func list(
    region: String? = nil, country: String? = nil, officer: String? = nil, readiness: [Readiness] = [],
    on date: String? = nil, limit: Int? = nil
  ) throws -> [ReadinessAssessment] {
    // A duplicate merged into another is assessed as the one kept.
    var conditions = [
      "p.merged_into IS NULL",
      "s.to_status IN (\(ReadinessRules.listedStatuses.map { "'\($0.rawValue)'" }.joined(separator: ", ")))",
    ]
    var arguments: [any DatabaseValueConvertible] = []
    if let region {
      let code = try store.regions.require(region, kind: .invalid).code
      conditions.append("p.country IN (\(countriesInRegionSQL))")
      arguments += [code, code]
    }
    if let country {
      conditions.append("p.country = ?")
      arguments.append(try store.countries.require(country).code)
    }
    if let officer {
      conditions.append("p.country IN (SELECT country FROM officer_countries WHERE officer = ?)")
      arguments.append(try store.officers.require(officer, kind: .invalid).handle)
    }
    let all = try db.read {
      try assessments(where: conditions.joined(separator: " AND "), arguments, today: date ?? store.clock.today)
    }
    let kept = readiness.isEmpty ? all : all.filter { readiness.contains($0.readiness) }
    // Each name lower-cased once, not at every comparison.
    let sorted = kept.map { (name: $0.producerName.lowercased(), assessment: $0) }.sorted {
      ($0.assessment.readiness.severity, $1.name, $1.assessment.producerID)
        > ($1.assessment.readiness.severity, $0.name, $0.assessment.producerID)
    }.map(\.assessment)
    // Worst first is an order worked out here, not in SQL: the limit too.
    return limit.map { Array(sorted.prefix($0)) } ?? sorted
  }

  /// Up to this many producers, their open NCs are looked up producer by producer through the index.
  static let producersLookedUpOneByOne = 32

  /// Facts for the producers matching `condition` (over `p` and their status row `s`), assessed.
  func assessments(where condition: String, _ arguments: [any DatabaseValueConvertible], today: String) throws
    -> [ReadinessAssessment]
  {
    // Producers first (CROSS JOIN keeps that order): the planner would otherwise walk every status change
    // of the listed statuses, for all producers, and look each one's latest up. The latest activity comes
    // from producer_last_activity (0005_last_activity.sql) unless it lies after the day assessed. The cycle
    // starts at the last certification or renewal; a reinstatement (from suspended) does not restart it.
    let scope = """
      FROM producers p
      CROSS JOIN producer_status_changes s ON s.producer_id = p.id
        AND s.id = (SELECT x.id FROM producer_status_changes x WHERE x.producer_id = p.id AND x.on_date <= ?1
          ORDER BY x.on_date DESC, x.at DESC, x.seq DESC, x.id DESC LIMIT 1)
      LEFT JOIN producer_last_activity la ON la.producer_id = p.id
      WHERE \(condition)
      """
    let rows = try db.rows(
      """
      SELECT p.id, p.name, p.country, p.flo_id, s.to_status AS status, s.on_date AS status_since,
        (SELECT c.on_date FROM producer_status_changes c
          WHERE c.producer_id = p.id AND c.to_status = 'certified' AND c.on_date <= ?1
            AND (c.from_status IS NULL OR c.from_status IN ('permitted', 'certified'))
          ORDER BY c.on_date DESC, c.at DESC, c.seq DESC, c.id DESC LIMIT 1) AS cycle_start,
        date(p.created_at, 'localtime') AS registered_on,
        CASE WHEN la.date IS NULL OR la.date <= ?1 THEN la.date
          ELSE (SELECT max(a.date) FROM activities a WHERE a.producer_id = p.id AND a.date <= ?1
            AND a.voided_at IS NULL) END
          AS last_activity
      \(scope)
      """, [today] + arguments)
    // The NCs open on the day, kept for those producers. For a few producers (`readiness show`, a small
    // country) each one's NCs come from non_conformities_by_producer; for more, one pass over the (few
    // thousand) NCs costs less than a lookup per producer. The day an NC or a producer was recorded is its
    // local date, as today is ('localtime' reads the zone through the C library): an NC recorded at 19:30 in
    // Lima counts that day.
    let ids = Set(try rows.map { try $0.decode("id") as String })
    var openNCs: [String: [NonConformity]] = [:]
    let keep = { (row: Row) throws in
      guard ids.contains(try row.decode("producer_id") as String) else { return }
      var nc = try AuditRepository.decodeNC(row)
      // Assessed at a past date, an NC corrected since was open then.
      if let corrected = nc.correctedOn, corrected > today {
        nc.status = .open
        nc.correctedOn = nil
        nc.evidence = nil
      }
      openNCs[nc.producerID, default: []].append(nc)
    }
    if ids.count <= Self.producersLookedUpOneByOne {
      let statement = try db.cachedStatement(
        """
        SELECT n.*, p.name AS producer_name, (n.deadline < ?1) AS overdue
        FROM non_conformities n JOIN producers p ON p.id = n.producer_id
        WHERE n.producer_id = ?2 AND (n.status = 'open' OR n.corrected_on > ?1)
          AND date(n.created_at, 'localtime') <= ?1
        ORDER BY n.deadline, n.criterion, n.rowid
        """)
      for id in ids.sorted() {
        try statement.forEachRow([today, id], keep)
      }
    } else {
      try db.cachedStatement(
        """
        SELECT n.*, p.name AS producer_name, (n.deadline < ?1) AS overdue
        FROM non_conformities n JOIN producers p ON p.id = n.producer_id
        WHERE (n.status = 'open' OR n.corrected_on > ?1) AND date(n.created_at, 'localtime') <= ?1
        ORDER BY n.deadline, n.criterion, n.rowid
        """
      ).forEachRow([today], keep)
    }
    return try rows.map { row in
      let id: String = try row.decode("id")
      let facts = ReadinessFacts(
        producerID: id, producerName: try row.decode("name"), country: try row.decode("country"),
        floID: try row.decode("flo_id"), status: try row.decode("status"), statusSince: try row.decode("status_since"),
        cycleStart: try row.decode("cycle_start"), openNCs: openNCs[id] ?? [],
        lastActivity: try row.decode("last_activity"), registeredOn: try row.decode("registered_on"))
      return ReadinessRules.assess(facts, today: today)
    }
  }
}
