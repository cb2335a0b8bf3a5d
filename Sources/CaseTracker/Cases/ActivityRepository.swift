import SQLite

/// Logged activities: visits, remote advice, trainings, workshops, meetings and events.
public struct ActivityRepository {
  let store: Store
  var db: Database { store.db }

  /// Makes producer_last_activity again from the activities, by set: what its trigger keeps row by row,
  /// for a bulk load that ran without it.
  func rebuildLastActivities() throws {
    try store.db.write {
      try store.db.execute("DELETE FROM producer_last_activity")
      try store.db.execute(
        """
        INSERT INTO producer_last_activity (producer_id, date)
        SELECT producer_id, max(date) FROM activities WHERE producer_id IS NOT NULL AND voided_at IS NULL
        GROUP BY producer_id
        """)
    }
  }

  /// A training or workshop on a topic that is not one of its region's priority areas that year: a warning
  /// naming them (none when the region has no priority areas for the year).
  func priorityWarnings(kind: ActivityKind, topics: [String], country: String, date: String) throws -> [String] {
    guard kind == .training || kind == .workshop, !topics.isEmpty, let year = Int(date.prefix(4)),
      let priorities = try store.priorities.priorities(country: country, year: year), !priorities.areas.isEmpty
    else { return [] }
    let outside = topics.filter { !priorities.codes.contains($0) }
    guard !outside.isEmpty else { return [] }
    let code = priorities.region.code
    let areas =
      priorities.inheritedFrom.map { "the priority areas \(code) takes from \($0) for \(year)" }
      ?? "\(code)'s priority areas for \(year)"
    let list = outside.map { "'\($0)'" }.joined(separator: ", ")
    let verb = outside.count == 1 ? "topic \(list) is not one of" : "topics \(list) are not among"
    return ["\(verb) \(areas): \(priorities.codes.joined(separator: ", "))"]
  }

  /// Logs an activity and adds a `visit` event to each linked case. Returns it with any warnings (a
  /// linked case about another producer).
  public func log(_ draft: ActivityDraft) throws -> (activity: Activity, warnings: [String]) {
    let date = try PlausibleDate.past(
      draft.date, field: "visit date", today: store.clock.today, advice: "log activities after they happen")
    let summary = try Validate.text(draft.summary, field: "summary")
    let topics = try draft.topics.flatMap(Validate.tags)
    if let hours = draft.hours { _ = try Validate.hours(hours) }
    for (label, count) in [("women", draft.women), ("men", draft.men), ("other", draft.other)] {
      _ = try Validate.count(count, field: "--\(label)", in: Bounds.participants)
    }
    let participants = draft.women + draft.men + draft.other  // each at most 100,000: no overflow
    guard Bounds.participants.contains(participants) else {
      throw DomainError.invalid(
        "an activity has at most \(Bounds.participants.upperBound) participants, not \(participants); check --women, --men and --other"
      )
    }
    return try db.write {
      let actor = try store.recordedActor()
      let officer: String
      if let given = draft.officer {
        officer = try store.officers.require(given, kind: .invalid).handle
      } else if let acting = try store.actingOfficer() {
        officer = acting.handle
      } else {
        throw DomainError.invalid(
          "who did this? give --officer HANDLE, or act as an officer with --as HANDLE or PSR_OFFICER")
      }
      let producer = try draft.producer.map { try store.producers.resolve($0) }
      if producer == nil && draft.kind.needsProducer {
        throw DomainError.invalid("a \(draft.kind.rawValue) is with a producer; give --producer (FLO ID or id prefix)")
      }
      let country: String
      if let producer {
        if let given = draft.country, try Validate.countryCode(given) != producer.country {
          throw DomainError.invalid(
            "\(producer.name) is in \(producer.country), not \(given.uppercased()); leave out --country")
        }
        country = producer.country
      } else if let given = draft.country {
        country = try store.countries.require(given).code
      } else {
        throw DomainError.invalid("give --country (or --producer): where did the \(draft.kind.rawValue) take place?")
      }
      var cases: [Case] = []
      for reference in draft.cases {
        let linked = try store.cases.resolve(reference)
        try store.cases.requireOpen(linked, toDo: "linked to a visit")
        if !cases.contains(where: { $0.id == linked.id }) { cases.append(linked) }
      }
      let id = Identifier.make()
      let now = store.clock.now()
      try db.execute(
        """
        INSERT INTO activities (id, date, officer, kind, producer_id, country, hours, women, men, other, summary,
          created_at, created_by)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
        [
          id, date, officer, draft.kind, producer?.id, country, draft.hours, draft.women, draft.men, draft.other,
          summary, now, actor,
        ])
      let insertTopic = try db.cachedStatement(
        "INSERT OR IGNORE INTO activity_topics (activity_id, topic) VALUES (?, ?)")
      for topic in topics { try insertTopic.execute([id, topic]) }
      let link = try db.cachedStatement("INSERT INTO activity_cases (activity_id, case_id) VALUES (?, ?)")
      var warnings: [String] = []
      for linked in cases {
        try link.execute([id, linked.id])
        try store.cases.appendEvent(
          linked.id, kind: .visit, text: "\(draft.kind.rawValue) on \(date)", activityID: id, at: now, actor: actor)
        try db.execute("UPDATE cases SET updated_at = ? WHERE id = ?", [now, linked.id])
        if let producer, let other = linked.producerID, other != producer.id {
          warnings.append(
            "case \(linked.shortID) is about \(linked.producerName ?? "another producer"), not \(producer.name)")
        }
      }
      warnings += try priorityWarnings(kind: draft.kind, topics: topics, country: country, date: date)
      try SearchRepository(db: db).catchUp()
      return (try require(id: id), warnings)
    }
  }

  /// The activity a user names by an id prefix of at least six characters.
  public func resolve(_ reference: String) throws -> Activity {
    let id = try RecordLookup(
      db: db, table: "activities", noun: "visit", describe: "r.date || ' ' || r.kind || ' by ' || r.officer"
    ).id(for: reference)
    return try require(id: id)
  }

  public func require(id: String) throws -> Activity {
    guard let row = try db.row("\(Self.select) WHERE a.id = ?", [id]) else {
      throw DomainError.notFound("no visit has id \(id)")
    }
    return try Self.decode(row)
  }

  /// Activities matching `filter`, newest first.
  public func list(_ filter: ActivityFilter) throws -> [Activity] {
    var query = SQLFilter(store: store)
    try query.region(filter.region, column: "a.country")
    try query.country(filter.country, column: "a.country")
    try query.officer(filter.officer, column: "a.officer")
    try query.producer(filter.producer, column: "a.producer_id")
    if let kind = filter.kind { query.add("a.kind = ?", kind) }
    try query.dates(from: filter.from, to: filter.to, column: "a.date")
    if !filter.includeVoided { query.add("a.voided_at IS NULL") }
    let sql = Self.select + query.clause + " ORDER BY a.date DESC, a.created_at DESC" + query.limit(filter.limit)
    return try db.read { try db.rows(sql, query.arguments).map(Self.decode) }
  }

  static let select = """
    SELECT a.*, p.name AS producer_name,
      (SELECT group_concat(topic, ',') FROM (SELECT topic FROM activity_topics t WHERE t.activity_id = a.id
        ORDER BY topic)) AS topics,
      (SELECT group_concat(case_id, ',') FROM (SELECT case_id FROM activity_cases l WHERE l.activity_id = a.id
        ORDER BY case_id)) AS case_ids
    FROM activities a LEFT JOIN producers p ON p.id = a.producer_id
    """

  static func decode(_ row: Row) throws -> Activity {
    let topics: String? = try row.decode("topics")
    let cases: String? = try row.decode("case_ids")
    return Activity(
      id: try row.decode("id"), date: try row.decode("date"), officer: try row.decode("officer"),
      kind: try row.decode("kind"), producerID: try row.decode("producer_id"),
      producerName: try row.decode("producer_name"), country: try row.decode("country"),
      hours: try row.decode("hours"), women: try row.decode("women"), men: try row.decode("men"),
      other: try row.decode("other"), topics: topics.map { $0.split(separator: ",").map(String.init) } ?? [],
      summary: try row.decode("summary"), caseIDs: cases.map { $0.split(separator: ",").map(String.init) } ?? [],
      createdAt: try row.decode("created_at"), createdBy: try row.decode("created_by"),
      voidedAt: try row.decode("voided_at"), voidReason: try row.decode("void_reason"))
  }
}
