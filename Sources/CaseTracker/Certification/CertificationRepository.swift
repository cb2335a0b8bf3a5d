import SQLite

/// Certification status changes and their history.
public struct CertificationRepository {
  let store: Store
  var db: Database { store.db }

  /// Moves a producer to `status` on `date`, if the state machine allows it. Returns the change and a
  /// warning when a Permission to Trade has no initial audit on record.
  public func changeStatus(
    _ reference: String, to status: CertificationStatus, on date: String, note: String?
  ) throws -> (change: StatusChange, warning: String?) {
    let date = try CalendarDate.parse(date, field: "--on date")
    guard date <= store.clock.today else {
      throw DomainError.invalid(
        "the date \(date) is in the future (today is \(store.clock.today)); record changes when they happen")
    }
    let note = try note.map { try Validate.text($0, field: "note") }
    return try db.write {
      let actor = try store.recordedActor()
      let producer = try store.producers.resolve(reference)
      let change = try record(producer, to: status, on: date, note: note, actor: actor)
      var warning: String?
      if status == .permitted {
        let initial: Int =
          try db.scalar(
            "SELECT count(*) FROM audits WHERE producer_id = ? AND kind = 'initial' AND date <= ?", [producer.id, date])
          ?? 0
        if initial == 0 {
          warning =
            "no initial audit of \(producer.name) is on record; Permission to Trade follows an initial audit with no major NC"
        }
      }
      return (change, warning)
    }
  }

  /// Checks and records a transition, updating the producer's current status. Used inside a write.
  func record(_ producer: Producer, to status: CertificationStatus, on date: String, note: String?, actor: String)
    throws -> StatusChange
  {
    guard producer.status.canMove(to: status) else {
      let allowed = producer.status.allowedNext.map(\.rawValue)
      let hint =
        allowed.isEmpty
        ? "\(producer.status.rawValue) is final: no change is allowed"
        : "from \(producer.status.rawValue) it can move to \(allowed.joined(separator: ", "))"
      throw DomainError.invalid(
        "\(producer.name) cannot move from \(producer.status.rawValue) to \(status.rawValue); \(hint)")
    }
    if let last: String = try db.scalar(
      "SELECT max(on_date) FROM producer_status_changes WHERE producer_id = ?", [producer.id]),
      date < last
    {
      throw DomainError.invalid(
        "\(producer.name) changed status on \(last); a later change cannot take effect earlier (\(date))")
    }
    if status == .permitted { try refuseOpenMajorNCs(of: producer) }
    try appendChange(producerID: producer.id, from: producer.status, to: status, on: date, note: note, actor: actor)
    try db.execute(
      "UPDATE producers SET status = ?, updated_at = ? WHERE id = ?", [status, store.clock.now(), producer.id])
    return try history(of: producer.id).last!
  }

  /// Permission to Trade follows an initial audit with no major NC: refused while one is open, naming it.
  func refuseOpenMajorNCs(of producer: Producer) throws {
    let open = try db.cachedStatement(
      """
      SELECT id, criterion, deadline FROM non_conformities
      WHERE producer_id = ? AND status = 'open' AND criterion_type = 'major' ORDER BY deadline, criterion
      """
    ).rows([producer.id])
    guard let first = open.first else { return }
    let id: String = try first.decode("id")
    let listed = try open.prefix(3).map { row in
      let criterion: String = try row.decode("criterion")
      let ncID: String = try row.decode("id")
      let deadline: String = try row.decode("deadline")
      return "\(criterion) (\(ncID.prefix(8)), deadline \(deadline))"
    }
    let more = open.count > 3 ? " and \(open.count - 3) more" : ""
    let nc = open.count == 1 ? "a major NC is" : "\(open.count) major NCs are"
    throw DomainError.invalid(
      "\(producer.name) cannot be permitted while \(nc) open: \(listed.joined(separator: ", "))\(more); "
        + "record the correction first with psr nc correct \(id.prefix(8)) --on YYYY-MM-DD --evidence TEXT")
  }

  /// Appends one entry to a producer's history (nil `from` for the status it was registered with).
  func appendChange(
    producerID: String, from: CertificationStatus?, to: CertificationStatus, on date: String, note: String?,
    actor: String
  ) throws {
    try db.execute(
      """
      INSERT INTO producer_status_changes (id, producer_id, seq, from_status, to_status, on_date, at, actor, note)
      VALUES (?, ?, (SELECT coalesce(max(seq), 0) + 1 FROM producer_status_changes WHERE producer_id = ?),
        ?, ?, ?, ?, ?, ?)
      """, [Identifier.make(), producerID, producerID, from, to, date, store.clock.now(), actor, note])
  }

  /// A producer's status history, oldest first.
  public func history(of producerID: String) throws -> [StatusChange] {
    // In the order of DESIGN.md "Sync": effective date, instant, then the writer's position and the id, so a
    // history merged from two laptops reads the same everywhere. `sequence` is the position in that order.
    try db.rows(
      "SELECT * FROM producer_status_changes WHERE producer_id = ? ORDER BY on_date, at, seq, id", [producerID]
    ).enumerated().map { position, row in
      StatusChange(
        id: try row.decode("id"), producerID: try row.decode("producer_id"), sequence: position + 1,
        from: try row.decode("from_status"), to: try row.decode("to_status"), on: try row.decode("on_date"),
        at: try row.decode("at"), actor: try row.decode("actor"), note: try row.decode("note"))
    }
  }
}
