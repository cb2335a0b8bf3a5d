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

  struct DemoCase {
    let id: String
    let producer: DemoProducer?
    let country: String
    let openedDay: Int
    /// The day it closed for good, or nil while open.
    let closedDay: Int?
    var events: [DemoEvent]
  }

  /// Three years of cases with their timelines, and activities, some linked to the cases they advanced.
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
    var cases: [DemoCase] = []
    var casesByProducer: [String: [Int]] = [:]
    let threeYears = 3 * 365
    for number in 0..<caseCount {
      if number % 50_000 == 0, number > 0 { progress?("cases: \(number) of \(caseCount)") }
      let type = random.weighted([
        (CaseType.certification, 35.0), (.trade, 20), (.business, 15), (.introduction, 10), (.liaison, 10),
        (.representation, 10),
      ])
      let producer: DemoProducer? =
        type.needsProducer || random.chance(0.4) ? random.pick(active) : nil
      let country = producer?.country ?? random.pick(countries)
      let covering = officers[country] ?? []
      let officer = covering.isEmpty || random.chance(0.03) ? nil : random.pick(covering).handle
      let opened = todayIndex - random.int(0...threeYears)
      let duration = Int(Double(random.int(3...60)) * (random.chance(0.2) ? 4 : 1))
      let closes = opened + duration < todayIndex
      let product = producer?.products.first ?? random.pick(DemoData.products[country] ?? ["coffee"])
      let title = random.pick(DemoData.caseTitles[type.rawValue] ?? ["Advice"])
        .replacingOccurrences(of: "{product}", with: product)
      let priority = random.weighted([
        (CasePriority.normal, 60.0), (.high, 20), (.low, 15), (.urgent, 5),
      ])
      let due: Int? = random.chance(0.7) ? opened + random.int(30...150) : nil
      let id = random.uuid()
      let actor = officer ?? "coordinator"
      var events = [
        DemoEvent(day: opened, at: instant(opened), kind: .opened, new: "open", text: title)
      ]
      var status = CaseStatus.open
      let end = closes ? opened + duration : todayIndex
      if end - opened > 2, random.chance(0.8) {
        let day = opened + random.int(1...min(10, end - opened - 1))
        events.append(
          DemoEvent(day: day, at: instant(day), kind: .changed, field: "status", old: "open", new: "active"))
        status = .active
        if end - day > 2, random.chance(0.3) {
          let waiting = day + random.int(1...(end - day - 1))
          events.append(
            DemoEvent(
              day: waiting, at: instant(waiting), kind: .changed, field: "status", old: "active", new: "waiting"))
          status = .waiting
        }
      }
      for _ in 0..<random.int(0...2) where end > opened {
        let day = random.int(opened...end)
        events.append(DemoEvent(day: day, at: instant(day), kind: .note, text: random.pick(DemoData.notes)))
      }
      var resolution: String?
      var closedAt: String?
      var closedDay: Int?
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
        closedDay = end
      }
      events.sort { ($0.day, $0.at) < ($1.day, $1.at) }
      let updated = events.last!.at
      try insertCase.execute([
        id, type, title, producer?.id, country, officer, status, priority, due.map { date($0) },
        resolution, events[0].at, actor, closedAt, updated,
      ])
      if random.chance(0.3) {
        try insertTag.execute([id, random.pick(["audit", "premium", "buyer", "gender", "climate", "youth"])])
      }
      if let producer { casesByProducer[producer.id, default: []].append(cases.count) }
      cases.append(
        DemoCase(id: id, producer: producer, country: country, openedDay: opened, closedDay: closedDay, events: events))
      summary.cases += 1
    }
    try makeActivities(
      officers: officers, producers: active, cases: &cases, casesByProducer: casesByProducer, progress: progress)
    let insertEvent = try db.cachedStatement(
      """
      INSERT INTO case_events (id, case_id, seq, at, actor, kind, field, old_value, new_value, text, activity_id)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      """)
    for item in cases {
      // The opening comes first, whatever the hour of a visit logged the same day.
      let events = item.events.sorted {
        ($0.day, $0.kind == .opened ? 0 : 1, $0.at) < ($1.day, $1.kind == .opened ? 0 : 1, $1.at)
      }
      for (index, event) in events.enumerated() {
        try insertEvent.execute([
          random.uuid(), item.id, index + 1, event.at, "demo", event.kind, event.field, event.old, event.new,
          event.text,
          event.activity,
        ])
        summary.events += 1
      }
    }
  }

  /// About 1.6 activities per case; two in five field visits and trainings advance a case of their producer.
  mutating func makeActivities(
    officers: [String: [DemoOfficer]], producers: [DemoProducer], cases: inout [DemoCase],
    casesByProducer: [String: [Int]], progress: ((String) -> Void)?
  ) throws {
    let insert = try db.cachedStatement(
      """
      INSERT INTO activities (id, date, officer, kind, producer_id, country, hours, women, men, other, summary,
        created_at, created_by)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      """)
    let topic = try db.cachedStatement("INSERT OR IGNORE INTO activity_topics (activity_id, topic) VALUES (?, ?)")
    let link = try db.cachedStatement("INSERT INTO activity_cases (activity_id, case_id) VALUES (?, ?)")
    let countries = officers.keys.sorted()
    let count = caseCount * 8 / 5
    for number in 0..<count {
      if number % 100_000 == 0, number > 0 { progress?("activities: \(number) of \(count)") }
      let kind = random.weighted([
        (ActivityKind.fieldVisit, 45.0), (.remote, 20), (.training, 15), (.workshop, 8), (.meeting, 8), (.event, 4),
      ])
      let producer: DemoProducer? = kind.needsProducer || random.chance(0.3) ? random.pick(producers) : nil
      let country = producer?.country ?? random.pick(countries)
      guard let officer = (officers[country] ?? []).randomElement(using: &random)?.handle else { continue }
      let day = todayIndex - random.int(0...(3 * 365))
      let groups = kind == .training || kind == .workshop || kind == .event || kind == .meeting
      let (women, men, other) = groups ? (random.int(3...40), random.int(3...40), random.int(0...2)) : (0, 0, 0)
      let product = producer?.products.first ?? random.pick(DemoData.products[country] ?? ["coffee"])
      let summaryText = random.pick(DemoData.summaries[kind.rawValue] ?? ["Activity."])
        .replacingOccurrences(of: "{product}", with: product)
      let id = random.uuid()
      let at = instant(day)
      try insert.execute([
        id, days[day], officer, kind, producer?.id, country, Double(random.int(2...16)) / 2, women, men, other,
        summaryText, at, officer,
      ])
      for _ in 0..<random.int(0...2) {
        try topic.execute([id, random.pick(["ics", "premium", "gender", "youth", "climate", "quality", "records"])])
      }
      if let producer, kind == .fieldVisit || kind == .training || kind == .remote, random.chance(0.4),
        let candidates = casesByProducer[producer.id]
      {
        let open = candidates.filter { cases[$0].openedDay <= day && (cases[$0].closedDay.map { $0 > day } ?? true) }
        if let index = open.randomElement(using: &random) {
          try link.execute([id, cases[index].id])
          cases[index].events.append(
            DemoEvent(day: day, at: at, kind: .visit, text: "\(kind.rawValue) on \(days[day])", activity: id))
        }
      }
      summary.activities += 1
    }
  }
}
