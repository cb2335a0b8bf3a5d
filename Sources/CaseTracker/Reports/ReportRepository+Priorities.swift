import SQLite

extension RegionReport {
  /// One topic's trainings and workshops in the period: a priority area's, or a topic trained off them.
  public struct TopicTraining: Equatable, Sendable {
    public var topic: String
    /// The area's description ("" for a topic off the priorities).
    public var description = ""
    /// The regions whose priority it is in the period (their own or taken from the network), for a priority.
    public var chosenBy: [String] = []
    /// Trainings and workshops held on it.
    public var sessions = 0
    public var hours = 0.0
    public var women = 0
    public var men = 0
    public var other = 0
    public var participants: Int { Int.saturatingSum(women, men, other) }
    /// Distinct producers reached.
    public var producersReached = 0
    /// Of the region's certified and applicant producers at the period's end, those reached.
    public var certifiedOrApplicantReached = 0
  }

  /// How the period's trainings and workshops cover the region's priority areas (README, "How the report
  /// counts").
  public struct TrainingPriorities: Equatable, Sendable {
    /// Every priority area in force in the period, those with no training included (sessions 0).
    public var priorities: [TopicTraining] = []
    /// Topics trained that were not a priority where and when they were trained.
    public var otherTopics: [TopicTraining] = []
    /// All trainings and workshops of the period, those on at least one priority area, and those with no
    /// topic.
    public var sessions = 0
    public var sessionsOnPriorities = 0
    public var sessionsWithoutTopic = 0
    /// The region's certified and applicant producers at the period's end, and those a training or workshop on
    /// a priority area reached.
    public var certifiedOrApplicant = 0
    public var certifiedOrApplicantReachedOnPriorities = 0

    /// Priority areas no training or workshop was held on.
    public var untrained: [String] { priorities.filter { $0.sessions == 0 }.map(\.topic) }

    /// The share of the region's certified and applicant producers reached on its priorities, 0 to 1; nil when
    /// it has no priority areas in the period, or no such producers.
    public var shareReached: Double? {
      guard !priorities.isEmpty, certifiedOrApplicant > 0 else { return nil }
      return Double(certifiedOrApplicantReachedOnPriorities) / Double(certifiedOrApplicant)
    }
  }
}

extension ReportRepository {
  /// The producers counted as the region's certified and applicant ones: in its countries, not merged away,
  /// with `certified` or `applicant` as their status on the period's last day.
  static let certifiedOrApplicantAtEnd = """
    SELECT p.id AS producer_id FROM producers p
    WHERE p.merged_into IS NULL AND \(Self.inRegion("p.country"))
      AND (SELECT x.to_status FROM producer_status_changes x WHERE x.producer_id = p.id AND x.on_date <= ?4
        ORDER BY x.on_date DESC, x.at DESC, x.seq DESC, x.id DESC LIMIT 1) IN ('certified', 'applicant')
    """

  /// The training-priorities section: each priority area in force where and when a training was held (a
  /// country's sub-region's areas for the training's year, else its network's), the trainings and workshops on
  /// it, and the topics trained off them.
  func trainingPriorities(_ scope: Scope, countries: [Country]) throws -> RegionReport.TrainingPriorities {
    // The areas in force per country and year of the period, in a temporary table the counts join.
    try db.execute(
      script: """
        DROP TABLE IF EXISTS temp.priorities_in_force;
        CREATE TEMP TABLE priorities_in_force (
          country TEXT, year INTEGER, code TEXT, description TEXT, chosen_by TEXT,
          PRIMARY KEY (country, year, code));
        DROP TABLE IF EXISTS temp.certified_or_applicant;
        CREATE TEMP TABLE certified_or_applicant (producer_id TEXT PRIMARY KEY);
        """)
    var section = RegionReport.TrainingPriorities()
    var areas: [String: RegionReport.TopicTraining] = [:]
    let insert = try db.cachedStatement(
      "INSERT OR IGNORE INTO temp.priorities_in_force (country, year, code, description, chosen_by) VALUES (?, ?, ?, ?, ?)"
    )
    let firstYear = Int(scope.period.from.prefix(4)) ?? 0
    let lastYear = max(Int(scope.period.asOf.prefix(4)) ?? 0, firstYear)
    let byRegion = Dictionary(grouping: countries.filter { $0.region != nil }, by: { $0.region ?? "" })
    for (region, members) in byRegion.sorted(by: { $0.key < $1.key }) {
      for year in firstYear...lastYear {
        let inForce = try store.priorities.priorities(region: region, year: year)
        for area in inForce.areas {
          var row = areas[area.code] ?? RegionReport.TopicTraining(topic: area.code, description: area.description)
          if !row.chosenBy.contains(area.region) { row.chosenBy.append(area.region) }
          areas[area.code] = row
          for country in members { try insert.execute([country.code, year, area.code, area.description, area.region]) }
        }
      }
    }
    _ = try scopedRows(
      "INSERT INTO temp.certified_or_applicant " + Self.certifiedOrApplicantAtEnd, scope.arguments)
    section.certifiedOrApplicant = try scopedScalar("SELECT count(*) FROM temp.certified_or_applicant", []) ?? 0
    let sessions = """
      SELECT a.id, a.country, a.producer_id, coalesce(a.hours, 0) AS hours, a.women, a.men, a.other,
        CAST(substr(a.date, 1, 4) AS INTEGER) AS year
      FROM activities a
      WHERE a.kind IN ('training', 'workshop') AND a.date >= ?1 AND a.date <= ?4 AND a.voided_at IS NULL
        AND \(Self.inRegion("a.country"))
      """
    for row in try scopedRows(
      """
      WITH s AS (\(sessions))
      SELECT t.topic, f.code IS NOT NULL AS priority, count(*) AS sessions, total(s.hours) AS hours,
        total(s.women) AS women, total(s.men) AS men, total(s.other) AS other,
        count(DISTINCT s.producer_id) AS producers, count(DISTINCT c.producer_id) AS reached
      FROM s JOIN activity_topics t ON t.activity_id = s.id
      LEFT JOIN temp.priorities_in_force f ON f.country = s.country AND f.year = s.year AND f.code = t.topic
      LEFT JOIN temp.certified_or_applicant c ON c.producer_id = s.producer_id
      GROUP BY t.topic, priority
      ORDER BY t.topic
      """, scope.arguments)
    {
      let topic: String = try row.decode("topic")
      let isPriority: Bool = try row.decode("priority")
      var training =
        isPriority ? areas[topic] ?? RegionReport.TopicTraining(topic: topic) : RegionReport.TopicTraining(topic: topic)
      training.sessions = try row.decode("sessions")
      training.hours = try row.decode("hours")
      training.women = Int(try row.decode("women") as Double)
      training.men = Int(try row.decode("men") as Double)
      training.other = Int(try row.decode("other") as Double)
      training.producersReached = try row.decode("producers")
      training.certifiedOrApplicantReached = try row.decode("reached")
      if isPriority { areas[topic] = training } else { section.otherTopics.append(training) }
    }
    for code in areas.keys { areas[code]?.chosenBy.sort() }
    section.priorities = areas.values.sorted { ($0.sessions, $1.topic) > ($1.sessions, $0.topic) }
    section.otherTopics.sort { ($0.sessions, $1.topic) > ($1.sessions, $0.topic) }
    if let row = try scopedRow(
      """
      WITH s AS (\(sessions))
      SELECT count(*) AS sessions,
        coalesce(sum(NOT EXISTS (SELECT 1 FROM activity_topics t WHERE t.activity_id = s.id)), 0) AS untopical,
        coalesce(sum(EXISTS (SELECT 1 FROM activity_topics t JOIN temp.priorities_in_force f
          ON f.country = s.country AND f.year = s.year AND f.code = t.topic WHERE t.activity_id = s.id)), 0)
          AS on_priorities,
        (SELECT count(DISTINCT s2.producer_id) FROM s AS s2
          JOIN temp.certified_or_applicant c ON c.producer_id = s2.producer_id
          WHERE EXISTS (SELECT 1 FROM activity_topics t JOIN temp.priorities_in_force f
            ON f.country = s2.country AND f.year = s2.year AND f.code = t.topic WHERE t.activity_id = s2.id))
          AS reached
      FROM s
      """, scope.arguments)
    {
      section.sessions = try row.decode("sessions")
      section.sessionsWithoutTopic = try row.decode("untopical")
      section.sessionsOnPriorities = try row.decode("on_priorities")
      section.certifiedOrApplicantReachedOnPriorities = try row.decode("reached")
    }
    return section
  }
}
