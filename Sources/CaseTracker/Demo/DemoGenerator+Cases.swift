import SQLite

extension DemoGenerator {
  struct DemoEvent {
    var day: Int
    var at: String
    var kind: CaseEvent.Kind
    var field: String?
    var old: String?
    var new: String?
    var text: String?
    var activity: String?
  }

  /// A generated activity, written before the case events that point at it.
  struct DemoActivity {
    let id: String
    let day: Int
    let at: String
    let kind: ActivityKind
    let officer: String
    let producer: DemoProducer?
    let country: String
  }

  static let caseTypes: [(CaseType, Double)] = [
    (.certification, 35), (.trade, 20), (.business, 15), (.introduction, 10), (.liaison, 10), (.representation, 10),
  ]
  static let priorities: [(CasePriority, Double)] = [(.normal, 60), (.high, 20), (.low, 15), (.urgent, 5)]
  static let activityKinds: [(ActivityKind, Double)] = [
    (.fieldVisit, 45), (.remote, 20), (.training, 15), (.workshop, 8), (.meeting, 8), (.event, 4),
  ]
  static let visitKinds: [(ActivityKind, Double)] = [(.fieldVisit, 60), (.remote, 25), (.training, 15)]
  static let caseTags = ["audit", "premium", "buyer", "gender", "climate", "youth"]
  static let topics = ["ics", "premium", "gender", "youth", "climate", "quality", "records"]

  /// Three years of cases, each written with its timeline as it is made (about 3.3 events a case), and
  /// the activities of the unit: seven for ten cases, a third of them visits that advanced a case of their
  /// producer, and two contacts for each producer heading for an audit.
  mutating func makeCasesAndActivities(
    officers: [String: [DemoOfficer]], producers: [DemoProducer], progress: ((String) -> Void)?
  ) throws {
    let active = producers.filter { $0.status != .withdrawn && $0.status != .decertified }
    let countries = officers.keys.sorted()
    let insertCase = try db.cachedStatement(
      """
      INSERT INTO cases (id, type, title, producer_id, country, officer, status, priority, due_date, resolution,
        opened_at, opened_by, closed_at, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      """)
    let insertTag = try db.cachedStatement("INSERT OR IGNORE INTO case_tags (case_id, tag) VALUES (?, ?)")
    let insertEvent = try db.cachedStatement(
      """
      INSERT INTO case_events (id, case_id, seq, at, actor, kind, field, old_value, new_value, text, activity_id)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      """)
    let link = try db.cachedStatement("INSERT INTO activity_cases (activity_id, case_id) VALUES (?, ?)")
    let activityTarget = caseCount * 7 / 10
    let statements = try ActivityStatements(db)
    for number in 0..<caseCount {
      if number % 10_000 == 0, number > 0 { progress?("cases: \(number) of \(caseCount)") }
      let type = random.weighted(Self.caseTypes)
      let producer: DemoProducer? = type.needsProducer || random.chance(0.4) ? random.pick(active) : nil
      let country = producer?.country ?? random.pick(countries)
      let covering = officers[country] ?? []
      let officer = covering.isEmpty || random.chance(0.03) ? nil : random.pick(covering).handle
      // Spread evenly over three years, oldest first (see `orderedID`).
      let opened = todayIndex - 3 * 365 + number * (3 * 365 + 1) / caseCount
      let duration = Int(Double(random.int(3...60)) * (random.chance(0.2) ? 4 : 1))
      let closes = opened + duration < todayIndex
      let product = producer?.products.first ?? random.pick(DemoData.products[country] ?? ["coffee"])
      let title = fill(random.pick(DemoData.caseTitles[type.rawValue] ?? ["Advice"]), product)
      let priority = random.weighted(Self.priorities)
      let due: Int? = random.chance(0.7) ? opened + random.int(30...150) : nil
      let id = orderedID()
      let actor = officer ?? "coordinator"
      var events = [DemoEvent(day: opened, at: instant(opened), kind: .opened, new: "open", text: title)]
      var status = CaseStatus.open
      let end = closes ? opened + duration : todayIndex
      if end - opened > 2, random.chance(0.75) {
        let day = opened + random.int(1...min(10, end - opened - 1))
        events.append(
          DemoEvent(day: day, at: instant(day), kind: .changed, field: "status", old: "open", new: "active"))
        status = .active
        if end - day > 2, random.chance(0.2) {
          let waiting = day + random.int(1...(end - day - 1))
          events.append(
            DemoEvent(
              day: waiting, at: instant(waiting), kind: .changed, field: "status", old: "active", new: "waiting"))
          status = .waiting
        }
      }
      let notes = random.weighted([(0, 85.0), (1, 13), (2, 2)])
      for _ in 0..<notes where end > opened {
        let day = random.int(opened...end)
        events.append(DemoEvent(day: day, at: instant(day), kind: .note, text: random.pick(DemoData.notes)))
      }
      // A quarter of the cases of a producer were advanced by a visit, a training or remote advice.
      var visits: [DemoActivity] = []
      if let producer, let by = officer ?? covering.first?.handle, end > opened, random.chance(0.25) {
        for _ in 0..<(random.chance(0.2) ? 2 : 1) {
          let day = random.int(opened...end)
          let visit = DemoActivity(
            id: orderedID(), day: day, at: instant(day), kind: random.weighted(Self.visitKinds), officer: by,
            producer: producer, country: country)
          visits.append(visit)
          events.append(
            DemoEvent(
              day: day, at: visit.at, kind: .visit, text: "\(visit.kind.rawValue) on \(days[day])", activity: visit.id))
        }
      }
      var resolution: String?
      var closedAt: String?
      if closes {
        let cancelled = random.chance(0.15)
        if random.chance(0.03), end - opened > 4 {
          // Closed once, reopened, closed again: it counts as closed at its last close.
          let first = opened + (end - opened) / 2
          events.append(
            DemoEvent(
              day: first, at: instant(first), kind: .closed, field: "status", old: status.rawValue, new: "resolved",
              text: random.pick(DemoData.resolutions)))
          events.append(
            DemoEvent(
              day: first + 1, at: instant(first + 1), kind: .reopened, field: "status", old: "resolved", new: "active",
              text: "The producer asked for more support."))
          status = .active
        }
        let final: CaseStatus = cancelled ? .cancelled : .resolved
        resolution = cancelled ? random.pick(DemoData.cancellations) : random.pick(DemoData.resolutions)
        let at = instant(end)
        events.append(
          DemoEvent(
            day: end, at: at, kind: .closed, field: "status", old: status.rawValue, new: final.rawValue,
            text: resolution))
        status = final
        closedAt = at
      }
      // The opening comes first, whatever the hour of a visit logged the same day; a closing comes last.
      events.sort {
        ($0.day, $0.kind == .opened ? 0 : 1, $0.at) < ($1.day, $1.kind == .opened ? 0 : 1, $1.at)
      }
      // Timelines are ordered by instant (DESIGN.md "Sync"): none earlier than the one before it.
      for index in events.indices.dropFirst() where events[index].at < events[index - 1].at {
        events[index].at = events[index - 1].at
      }
      if closedAt != nil { closedAt = events.last { $0.kind == .closed }?.at }
      try insertCase.execute([
        id, type, title, producer?.id, country, officer, status, priority, due.map { date($0) },
        resolution, events[0].at, actor, closedAt, events[events.count - 1].at,
      ])
      if random.chance(0.3) { try insertTag.execute([id, random.pick(Self.caseTags)]) }
      for visit in visits {
        try insertActivity(visit, statements)
        try link.execute([visit.id, id])
      }
      for (index, event) in events.enumerated() {
        try insertEvent.execute([
          orderedID(), id, index + 1, event.at, "demo", event.kind, event.field, event.old, event.new,
          event.text, event.activity,
        ])
      }
      summary.cases += 1
      summary.events += events.count
    }
    // The rest of the unit's work: visits, trainings, workshops and meetings not tied to a case, spread
    // evenly over the three years, oldest first.
    // Besides, officers keep in touch with the producers heading for an audit: about two contacts each
    // over the three years (a visit or a call), going round them in turn (a random order, then again), so
    // that most have had some contact in the last year, as in a working unit.
    var rounds = active.filter { ReadinessRules.listedStatuses.contains($0.status) }
    rounds.shuffle(using: &random)
    let contacts = rounds.count * 2
    let rest = max(0, activityTarget - summary.activities) + contacts
    var turn = 0
    for number in 0..<rest {
      if number % 50_000 == 0, number > 0 { progress?("activities: \(number) of \(rest)") }
      let isContact = !rounds.isEmpty && random.chance(Double(contacts) / Double(rest))
      let kind = isContact ? (random.chance(0.6) ? .fieldVisit : .remote) : random.weighted(Self.activityKinds)
      var producer: DemoProducer?
      if isContact {
        producer = rounds[turn % rounds.count]
        turn += 1
      } else if kind.needsProducer || random.chance(0.3) {
        producer = random.pick(active)
      }
      let country = producer?.country ?? random.pick(countries)
      guard let officer = (officers[country] ?? []).randomElement(using: &random)?.handle else { continue }
      let day = todayIndex - 3 * 365 + number * (3 * 365 + 1) / rest
      try insertActivity(
        DemoActivity(
          id: orderedID(), day: day, at: instant(day), kind: kind, officer: officer, producer: producer,
          country: country), statements)
    }
  }

  /// The statements that write an activity, prepared once for the whole load.
  struct ActivityStatements {
    let insert: Statement
    let topic: Statement

    init(_ db: Database) throws {
      insert = try db.cachedStatement(
        """
        INSERT INTO activities (id, date, officer, kind, producer_id, country, hours, women, men, other, summary,
          created_at, created_by)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """)
      topic = try db.cachedStatement("INSERT OR IGNORE INTO activity_topics (activity_id, topic) VALUES (?, ?)")
    }
  }

  /// Writes one activity with its topics.
  mutating func insertActivity(_ activity: DemoActivity, _ statements: ActivityStatements) throws {
    let groups = activity.kind != .fieldVisit && activity.kind != .remote
    let (women, men, other) = groups ? (random.int(3...40), random.int(3...40), random.int(0...2)) : (0, 0, 0)
    let product =
      activity.producer?.products.first ?? random.pick(DemoData.products[activity.country] ?? ["coffee"])
    let text = fill(random.pick(DemoData.summaries[activity.kind.rawValue] ?? ["Activity."]), product)
    try statements.insert.execute([
      activity.id, days[activity.day], activity.officer, activity.kind, activity.producer?.id, activity.country,
      Double(random.int(2...16)) / 2, women, men, other, text, activity.at, activity.officer,
    ])
    // A training's or workshop's topics are mostly its region's priority areas that year.
    let areas =
      groups ? prioritiesInForce[activity.country]?[Int(days[activity.day].prefix(4)) ?? 0] ?? [] : []
    for _ in 0..<random.int(0...2) {
      var topic = random.pick(Self.topics)
      if !areas.isEmpty && priorityRandom.chance(0.8) { topic = priorityRandom.pick(areas) }
      try statements.topic.execute([activity.id, topic])
    }
    summary.activities += 1
  }
}
