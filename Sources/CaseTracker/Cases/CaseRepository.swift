import SQLite

/// Cases and their append-only timeline.
public struct CaseRepository {
  let store: Store
  var db: Database { store.db }

  /// `?1` is today. Days open count between local dates, as today is one: SQLite's 'localtime' modifier
  /// reads the zone through the C library's `localtime_r`, as `LocalTime` does.
  static let select = """
    SELECT c.*, p.name AS producer_name,
      max(0, CAST(julianday(coalesce(date(c.closed_at, 'localtime'), ?1)) - julianday(date(c.opened_at, 'localtime'))
        AS INTEGER)) AS days_open,
      (c.status IN ('open', 'active') AND c.due_date IS NOT NULL AND c.due_date < ?1) AS overdue,
      (SELECT group_concat(tag, ',') FROM (SELECT tag FROM case_tags t WHERE t.case_id = c.id ORDER BY tag))
        AS tags
    FROM cases c LEFT JOIN producers p ON p.id = c.producer_id
    """

  /// Opens a case and records the `opened` event. The country comes from the producer when there is one;
  /// the officer defaults to the acting officer. Returns the case and the warnings to show: the officer
  /// does not cover its country, the due date is already past.
  public func open(_ draft: CaseDraft) throws -> (case: Case, warnings: [String]) {
    let title = try Validate.line(draft.title, field: "title", limit: 500)
    let tags = try draft.tags.flatMap(Validate.tags)
    let due = try draft.dueDate.map { try PlausibleDate.due($0, field: "due date", today: store.clock.today) }
    return try db.write {
      let actor = try store.recordedActor()
      var producer: Producer?
      if let reference = draft.producer { producer = try store.producers.resolve(reference) }
      if producer == nil && draft.type.needsProducer {
        throw DomainError.invalid(
          "a \(draft.type.rawValue) case is about a producer; give --producer (only liaison and representation cases may name just a --country)"
        )
      }
      var country: String
      if let producer {
        country = producer.country
        if let given = draft.country, try Validate.countryCode(given) != producer.country {
          throw DomainError.invalid(
            "\(producer.name) is in \(producer.country), not \(given.uppercased()); leave out --country for a producer's case"
          )
        }
      } else if let given = draft.country {
        country = try store.countries.require(given).code
      } else {
        throw DomainError.invalid("give --producer or --country: a case is about a producer or a country")
      }
      var officer = try draft.officer.map { try store.officers.require($0, kind: .invalid).handle }
      if officer == nil { officer = try store.actingOfficer()?.handle }
      let id = Identifier.make()
      let now = store.clock.now()
      try db.execute(
        """
        INSERT INTO cases (id, type, title, producer_id, country, officer, status, priority, due_date,
          opened_at, opened_by, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?, ?)
        """,
        [id, draft.type, title, producer?.id, country, officer, draft.priority, due?.date, now, actor, now])
      let insertTag = try db.cachedStatement("INSERT OR IGNORE INTO case_tags (case_id, tag) VALUES (?, ?)")
      for tag in tags { try insertTag.execute([id, tag]) }
      try appendEvent(id, kind: .opened, newValue: "open", text: title, at: now, actor: actor)
      for reference in draft.ncs {
        try linkNC(reference, caseID: id, producerID: producer?.id, at: now, actor: actor)
      }
      try SearchRepository(db: db).catchUp()
      let warnings = [try coverageWarning(officer: officer, country: country), due?.warning]
      return (try require(id: id), warnings.compactMap { $0 })
    }
  }

  /// Links a non-conformity of the case's producer to the case, with a `changed` event on the field `nc`.
  /// Returns false when it was linked already.
  @discardableResult
  func linkNC(_ reference: String, caseID: String, producerID: String?, at: String, actor: String) throws -> Bool {
    let nc = try store.audits.resolveNC(reference, kind: .invalid)
    guard nc.producerID == producerID else {
      throw DomainError.invalid(
        "NC \(nc.shortID) is of \(nc.producerName); a case can only be linked to its own producer's NCs")
    }
    try db.execute("INSERT OR IGNORE INTO case_non_conformities (case_id, nc_id) VALUES (?, ?)", [caseID, nc.id])
    guard db.changes > 0 else { return false }
    try appendEvent(caseID, kind: .changed, field: "nc", newValue: nc.id, text: nc.criterion, at: at, actor: actor)
    return true
  }

  /// A warning when `officer` does not cover `country`, else nil.
  func coverageWarning(officer: String?, country: String) throws -> String? {
    guard let officer else { return nil }
    if let record = try store.officers.officer(officer), !record.isActive {
      return
        "\(officer) is inactive; the case is assigned anyway (reactivate with 'psr officer update \(officer) --active')"
    }
    let covers: Int =
      try db.scalar(
        "SELECT count(*) FROM officer_countries WHERE officer = ? AND country = ?", [officer, country]) ?? 0
    return covers == 0
      ? "\(officer) does not cover \(country); the case is assigned anyway (add the country with 'psr officer cover \(officer) --add \(country)')"
      : nil
  }

  /// The case a user names by an id prefix of at least six characters.
  public func resolve(_ reference: String) throws -> Case {
    let id = try RecordLookup(
      db: db, table: "cases", noun: "case", describe: "r.title || ' (' || r.status || ')'"
    ).id(for: reference)
    return try require(id: id)
  }

  /// The case with exactly `id`.
  public func require(id: String) throws -> Case {
    guard let row = try db.row("\(Self.select) WHERE c.id = ?", [store.clock.today, id]) else {
      throw DomainError.notFound("no case has id \(id)")
    }
    return try Self.decodeCase(row)
  }

  /// The timeline of a case, oldest first.
  public func events(of caseID: String) throws -> [CaseEvent] {
    // By instant, then the writer's position and the id (DESIGN.md "Sync"); `sequence` is the position.
    try db.rows("SELECT * FROM case_events WHERE case_id = ? ORDER BY at, seq, id", [caseID]).enumerated().map {
      var event = try Self.decodeEvent($1)
      event.sequence = $0 + 1
      return event
    }
  }

  /// Appends one event to a case's timeline.
  func appendEvent(
    _ caseID: String, kind: CaseEvent.Kind, field: String? = nil, oldValue: String? = nil,
    newValue: String? = nil, text: String? = nil, activityID: String? = nil, at: String? = nil,
    actor: String
  ) throws {
    let at = at ?? store.clock.now()
    // The timeline runs forward: nothing can be dated before the day of the case's latest event.
    if let latest = try db.scalar("SELECT max(at) FROM case_events WHERE case_id = ?", [caseID], as: String?.self)
      ?? nil,
      at.prefix(10) < latest.prefix(10)
    {
      throw DomainError.invalid(
        "case \(caseID.prefix(8)) has events up to \(latest.prefix(10)); nothing can be recorded on it as of \(at.prefix(10)) (check --today or PSR_TODAY)"
      )
    }
    try db.execute(
      """
      INSERT INTO case_events (id, case_id, seq, at, actor, kind, field, old_value, new_value, text, activity_id)
      VALUES (?, ?, (SELECT coalesce(max(seq), 0) + 1 FROM case_events WHERE case_id = ?), ?, ?, ?, ?, ?, ?, ?, ?)
      """,
      [
        Identifier.make(), caseID, caseID, at, actor, kind, field, oldValue, newValue, text,
        activityID,
      ])
  }

  static func decodeCase(_ row: Row) throws -> Case {
    let tags: String? = try row.decode("tags")
    return Case(
      id: try row.decode("id"), type: try row.decode("type"), title: try row.decode("title"),
      producerID: try row.decode("producer_id"), producerName: try row.decode("producer_name"),
      country: try row.decode("country"), officer: try row.decode("officer"), status: try row.decode("status"),
      priority: try row.decode("priority"), dueDate: try row.decode("due_date"),
      tags: tags.map { $0.split(separator: ",").map(String.init) } ?? [],
      resolution: try row.decode("resolution"), openedAt: try row.decode("opened_at"),
      openedBy: try row.decode("opened_by"), closedAt: try row.decode("closed_at"),
      updatedAt: try row.decode("updated_at"), daysOpen: try row.decode("days_open"),
      isOverdue: try row.decode("overdue"))
  }

  static func decodeEvent(_ row: Row) throws -> CaseEvent {
    CaseEvent(
      id: try row.decode("id"), caseID: try row.decode("case_id"), sequence: try row.decode("seq"),
      at: try row.decode("at"), actor: try row.decode("actor"), kind: try row.decode("kind"),
      field: try row.decode("field"), oldValue: try row.decode("old_value"), newValue: try row.decode("new_value"),
      text: try row.decode("text"), activityID: try row.decode("activity_id"))
  }
}
