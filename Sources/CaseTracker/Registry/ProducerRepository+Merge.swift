import SQLite

/// One producer merged into another (`producer_merges`): the record both producers' histories show.
public struct ProducerMerge: Equatable, Sendable {
  public var id: String
  public var keptID: String
  public var mergedID: String
  public var at: String
  public var actor: String
  /// What moved from the duplicate onto the kept producer, as the merging database saw it.
  public var cases: Int
  public var activities: Int
  public var audits: Int
  public var nonConformities: Int
  public var statusChanges: Int
  public var products: Int
  public var note: String?
}

/// What `psr producer merge` did.
public struct ProducerMergeResult: Equatable, Sendable {
  public var merge: ProducerMerge
  /// Both producers as they are after the merge.
  public var kept: Producer
  public var merged: Producer
  /// The FLO ID the kept producer took from the duplicate, when it had none.
  public var takenFLOID: String?
  /// Duplicate conflicts listed here that the merge resolved.
  public var resolvedConflicts: Int
}

extension ProducerRepository {
  /// Merges `duplicate` into `keep` (DESIGN.md "Sync": the same producer registered twice): every case,
  /// activity, audit, NC and status entry of the duplicate moves onto the kept producer, each moved case's
  /// timeline says so, and the duplicate stays as a record that names the producer it was merged into. One
  /// write, captured like every other, so the merge syncs.
  public func merge(
    keep keepReference: String, duplicate duplicateReference: String, force: Bool = false, note: String? = nil
  )
    throws -> ProducerMergeResult
  {
    let note = try note.map { try Validate.line($0, field: "note", limit: 2000) }
    return try db.write {
      let actor = try store.recordedActor()
      let keep = try resolve(keepReference)
      let duplicate = try resolve(duplicateReference)
      try checkMergeable(keep: keep, duplicate: duplicate, force: force)
      let now = clock.now()
      let id = Identifier.make()
      // The duplicate's mark first: the status history's guard lets an entry move only to where its
      // producer was merged, and every database applies the merge's changes in this order.
      try db.execute(
        "UPDATE producers SET merged_into = ?, updated_at = ? WHERE id = ?", [keep.id, now, duplicate.id])
      var takenFLOID: String?
      if keep.floID == nil, let floID = duplicate.floID {
        try db.execute("UPDATE producers SET flo_id = ?, updated_at = ? WHERE id = ?", [floID, now, keep.id])
        takenFLOID = floID
      }
      let caseIDs: [String] = try db.rows(
        "SELECT id FROM cases WHERE producer_id = ? ORDER BY id", [duplicate.id]
      ).map { try $0.decode("id") }
      let text = "merged: \(duplicate.name) (\(duplicate.shortID)) was a duplicate of \(keep.name) (\(keep.shortID))"
      for caseID in caseIDs {
        try store.cases.appendEvent(
          caseID, kind: .changed, field: "producer", oldValue: duplicate.id, newValue: keep.id, text: text, at: now,
          actor: actor)
      }
      // The same move every database makes of records that reach the duplicate later, captured here.
      let moved = try store.sync.moveRecords(of: duplicate.id, onto: keep.id)
      let activities = moved["activities"] ?? 0
      let audits = moved["audits"] ?? 0
      let nonConformities = moved["non_conformities"] ?? 0
      let statusChanges = moved["producer_status_changes"] ?? 0
      try db.execute(
        """
        INSERT INTO producer_products (producer_id, product, position)
        SELECT ?1, d.product, (SELECT coalesce(max(position), 0) FROM producer_products WHERE producer_id = ?1)
          + row_number() OVER (ORDER BY d.position)
        FROM producer_products d
        WHERE d.producer_id = ?2
          AND NOT EXISTS (SELECT 1 FROM producer_products k WHERE k.producer_id = ?1 AND k.product = d.product)
        """, [keep.id, duplicate.id])
      let products = db.changes
      try db.execute(
        """
        INSERT INTO producer_merges (id, kept_id, merged_id, at, actor, cases, activities, audits, non_conformities,
          status_changes, products, note)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
        [
          id, keep.id, duplicate.id, now, actor, caseIDs.count, activities, audits, nonConformities, statusChanges,
          products, note,
        ])
      try db.execute("UPDATE producers SET updated_at = ? WHERE id = ?", [now, keep.id])
      // Derived here as on every database that receives the merge: the moved cases' latest instant, the
      // kept producer's status from the history it now holds, the duplicate listings resolved.
      let resolved = try store.sync.derive(cases: Set(caseIDs), producers: [keep.id, duplicate.id])
      try SearchRepository(db: db).catchUp()
      let merge = ProducerMerge(
        id: id, keptID: keep.id, mergedID: duplicate.id, at: now, actor: actor, cases: caseIDs.count,
        activities: activities, audits: audits, nonConformities: nonConformities, statusChanges: statusChanges,
        products: products, note: note)
      return ProducerMergeResult(
        merge: merge, kept: try require(id: keep.id), merged: try require(id: duplicate.id),
        takenFLOID: takenFLOID, resolvedConflicts: resolved)
    }
  }

  /// Refuses a merge of a producer with itself, of one already merged, and, unless forced, of two that are
  /// plainly different producers (other FLO IDs, other countries).
  private func checkMergeable(keep: Producer, duplicate: Producer, force: Bool) throws {
    func named(_ producer: Producer) -> String {
      "\(producer.shortID) \(Validate.printable(producer.name))"
        + (producer.floID.map { " (FLO \($0))" } ?? "")
    }
    guard keep.id != duplicate.id else {
      throw DomainError.invalid(
        "both names are the same producer, \(named(keep)); give the producer to keep first and its duplicate second")
    }
    if let target = duplicate.mergedInto {
      throw DomainError.invalid(
        "\(named(duplicate)) was merged into \(target.prefix(8)) already; nothing was changed")
    }
    if let target = keep.mergedInto {
      throw DomainError.invalid(
        "\(named(keep)) was itself merged into \(target.prefix(8)); merge the duplicate into \(target.prefix(8)) instead; nothing was changed"
      )
    }
    guard !force else { return }
    if let kept = keep.floID, let other = duplicate.floID, kept != other {
      throw DomainError.invalid(
        "\(named(keep)) and \(named(duplicate)) have different FLO IDs, so they look like two producers, not one registered twice; if one FLO ID is a mistake, merge with --force; nothing was changed"
      )
    }
    if keep.country != duplicate.country {
      throw DomainError.invalid(
        "\(named(keep)) is in \(keep.country) and \(named(duplicate)) in \(duplicate.country); if one country is a mistake, merge with --force; nothing was changed"
      )
    }
  }

  /// The merges `producerID` took part in, kept or merged, oldest first.
  public func merges(of producerID: String) throws -> [ProducerMerge] {
    try db.rows(
      "SELECT * FROM producer_merges WHERE kept_id = ?1 OR merged_id = ?1 ORDER BY at, id", [producerID]
    ).map { row in
      ProducerMerge(
        id: try row.decode("id"), keptID: try row.decode("kept_id"), mergedID: try row.decode("merged_id"),
        at: try row.decode("at"), actor: try row.decode("actor"), cases: try row.decode("cases"),
        activities: try row.decode("activities"), audits: try row.decode("audits"),
        nonConformities: try row.decode("non_conformities"), statusChanges: try row.decode("status_changes"),
        products: try row.decode("products"), note: try row.decode("note"))
    }
  }
}
