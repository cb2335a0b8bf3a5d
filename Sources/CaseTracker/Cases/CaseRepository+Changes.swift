import SQLite

extension CaseRepository {
  /// Applies `changes`, writing one `changed` event per field whose value differs. Returns the case, the
  /// events written (none for a no-op) and the warnings to show: a new officer does not cover the country,
  /// a new due date is already past.
  public func update(_ reference: String, _ changes: CaseChanges) throws -> (
    case: Case, events: [CaseEvent], warnings: [String]
  ) {
    let title = try changes.title.map { try Validate.line($0, field: "title", limit: 500) }
    let due = try changes.dueDate.map {
      try $0.map { try PlausibleDate.due($0, field: "due date", today: store.clock.today) }
    }
    let adding = try changes.addTags.flatMap(Validate.tags)
    let removing = try changes.removeTags.flatMap(Validate.tags)
    if let status = changes.status, status.isClosed {
      throw DomainError.usage("close a case with 'psr case close', not by setting its status to \(status.rawValue)")
    }
    return try db.write {
      let actor = try store.recordedActor()
      let current = try resolve(reference)
      try requireOpen(current, toDo: "changed")
      let officer = try changes.officer.map { try $0.map { try store.officers.require($0, kind: .invalid).handle } }
      if let type = changes.type, type.needsProducer, current.producerID == nil {
        throw DomainError.invalid("a \(type.rawValue) case is about a producer, and this case has none")
      }
      let before =
        try db.scalar("SELECT coalesce(max(seq), 0) FROM case_events WHERE case_id = ?", [current.id], as: Int.self)
        ?? 0
      let now = store.clock.now()
      func change(_ field: String, _ old: String?, _ new: String?) throws {
        guard old != new else { return }
        try db.execute("UPDATE cases SET \(field) = ?, updated_at = ? WHERE id = ?", [new, now, current.id])
        try appendEvent(current.id, kind: .changed, field: field, oldValue: old, newValue: new, at: now, actor: actor)
      }
      if let title { try change("title", current.title, title) }
      if let type = changes.type { try change("type", current.type.rawValue, type.rawValue) }
      if let status = changes.status { try change("status", current.status.rawValue, status.rawValue) }
      if let priority = changes.priority { try change("priority", current.priority.rawValue, priority.rawValue) }
      if let due { try change("due_date", current.dueDate, due?.date) }
      if let officer { try change("officer", current.officer, officer) }
      let insertTag = try db.cachedStatement("INSERT OR IGNORE INTO case_tags (case_id, tag) VALUES (?, ?)")
      for tag in adding where !current.tags.contains(tag) {
        try insertTag.execute([current.id, tag])
        try appendEvent(current.id, kind: .changed, field: "tags", newValue: tag, at: now, actor: actor)
      }
      let deleteTag = try db.cachedStatement("DELETE FROM case_tags WHERE case_id = ? AND tag = ?")
      for tag in removing where current.tags.contains(tag) && !adding.contains(tag) {
        try deleteTag.execute([current.id, tag])
        try appendEvent(current.id, kind: .changed, field: "tags", oldValue: tag, at: now, actor: actor)
      }
      for reference in changes.linkNCs {
        try linkNC(reference, caseID: current.id, producerID: current.producerID, at: now, actor: actor)
      }
      let events = try db.rows(
        "SELECT * FROM case_events WHERE case_id = ? AND seq > ? ORDER BY at, seq, id", [current.id, before]
      ).map(Self.decodeEvent)
      if !events.isEmpty {
        try db.execute("UPDATE cases SET updated_at = ? WHERE id = ?", [now, current.id])
        try SearchRepository(db: db).catchUp()
      }
      let updated = try require(id: current.id)
      let coverage = try officer.flatMap {
        $0 == current.officer ? nil : try coverageWarning(officer: $0, country: updated.country)
      }
      // A past due date set again unchanged is not news.
      let pastDue = due.flatMap { $0 }.flatMap { $0.date == current.dueDate ? nil : $0.warning }
      return (updated, events, [coverage, pastDue].compactMap { $0 })
    }
  }

  /// Adds a note to the timeline; closed cases accept notes too.
  @discardableResult
  public func note(_ reference: String, text: String) throws -> Case {
    let text = try Validate.text(text, field: "note")
    return try db.write {
      let actor = try store.recordedActor()
      let current = try resolve(reference)
      // One instant for the event and the case: a case's updated_at is its latest event's (DESIGN.md "Sync").
      let now = store.clock.now()
      try appendEvent(current.id, kind: .note, text: text, at: now, actor: actor)
      try db.execute("UPDATE cases SET updated_at = ? WHERE id = ?", [now, current.id])
      try SearchRepository(db: db).catchUp()
      return try require(id: current.id)
    }
  }

  /// Closes a case: resolved with a resolution, or cancelled with an optional reason.
  @discardableResult
  public func close(_ reference: String, resolution: String?, cancelReason: String?, cancel: Bool) throws -> Case {
    let text: String?
    if cancel {
      text = try cancelReason.map { try Validate.text($0, field: "reason") }
    } else {
      guard let resolution else {
        throw DomainError.usage("give --resolution TEXT to resolve the case, or --cancel to cancel it")
      }
      text = try Validate.text(resolution, field: "resolution")
    }
    let status: CaseStatus = cancel ? .cancelled : .resolved
    return try db.write {
      let actor = try store.recordedActor()
      let current = try resolve(reference)
      if current.status.isClosed {
        throw DomainError.invalid(
          "case \(current.shortID) is already \(current.status.rawValue); reopen it with 'psr case reopen \(current.shortID) --reason TEXT' first"
        )
      }
      let now = store.clock.now()
      try db.execute(
        "UPDATE cases SET status = ?, resolution = ?, closed_at = ?, updated_at = ? WHERE id = ?",
        [status, text, now, now, current.id])
      try appendEvent(
        current.id, kind: .closed, field: "status", oldValue: current.status.rawValue, newValue: status.rawValue,
        text: text, at: now, actor: actor)
      try SearchRepository(db: db).catchUp()
      return try require(id: current.id)
    }
  }

  /// Reopens a closed case: it returns to `active`, and the reason is kept in the timeline.
  @discardableResult
  public func reopen(_ reference: String, reason: String) throws -> Case {
    let reason = try Validate.text(reason, field: "reason")
    return try db.write {
      let actor = try store.recordedActor()
      let current = try resolve(reference)
      guard current.status.isClosed else {
        throw DomainError.invalid(
          "case \(current.shortID) is \(current.status.rawValue), not closed; only a resolved or cancelled case can be reopened"
        )
      }
      let now = store.clock.now()
      try db.execute(
        "UPDATE cases SET status = 'active', resolution = NULL, closed_at = NULL, updated_at = ? WHERE id = ?",
        [now, current.id])
      try appendEvent(
        current.id, kind: .reopened, field: "status", oldValue: current.status.rawValue, newValue: "active",
        text: reason, at: now, actor: actor)
      try SearchRepository(db: db).catchUp()
      return try require(id: current.id)
    }
  }

  /// Refuses changes to a closed case, saying how to proceed.
  func requireOpen(_ current: Case, toDo action: String) throws {
    if current.status.isClosed {
      throw DomainError.invalid(
        "case \(current.shortID) is \(current.status.rawValue): a closed case accepts notes but cannot be \(action) until it is reopened ('psr case reopen \(current.shortID) --reason TEXT')"
      )
    }
  }
}
