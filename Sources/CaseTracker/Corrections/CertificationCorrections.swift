import SQLite

/// What `psr audit update` changes: each field given, the others as they are.
public struct AuditPatch: Sendable {
  public var date: String?
  public var kind: AuditKind?
  public var result: String?
  public var note: String?

  public init() {}

  public var isEmpty: Bool { date == nil && kind == nil && result == nil && note == nil }
}

/// What `psr nc update` changes.
public struct NCPatch: Sendable {
  public var criterion: String?
  public var type: CriterionType?
  public var description: String?
  public var measure: String?
  public var deadline: String?

  public init() {}

  public var isEmpty: Bool {
    criterion == nil && type == nil && description == nil && measure == nil && deadline == nil
  }
}

extension AuditRepository {
  /// Corrects an audit (its date, kind, outcome or note), keeping each changed field in its history.
  public func update(_ reference: String, _ patch: AuditPatch, reason: String?) throws -> (
    audit: Audit, corrections: [Correction]
  ) {
    let reason = try reason.map { try Validate.line($0, field: "reason", limit: 2000) }
    let date = try patch.date.map { try store.pastDate($0, field: "audit date") }
    let result = try patch.result.map { try Validate.text($0, field: "result", limit: 2000) }
    let note = try patch.note.map { try Validate.text($0, field: "note") }
    return try db.write {
      let actor = try store.recordedActor()
      let audit = try resolveAudit(reference)
      if let date {
        let ncs: String? = try db.scalar(
          "SELECT min(substr(created_at, 1, 10)) FROM non_conformities WHERE audit_id = ?", [audit.id])
        if let first = ncs, date > first {
          throw DomainError.invalid(
            "audit \(audit.shortID) found NCs recorded on \(first); its date cannot be later than that (\(date))")
        }
      }
      var changes: [(field: String, value: any DatabaseValueConvertible)] = []
      if let date { changes.append(("date", date)) }
      if let kind = patch.kind { changes.append(("kind", kind.rawValue)) }
      if let result { changes.append(("result", result)) }
      if let note { changes.append(("note", note)) }
      let made = try CorrectionRepository(store: store).correct(
        .audits, id: audit.id, changes: changes, reason: reason, actor: actor)
      return (try self.audit(id: audit.id), made)
    }
  }

  /// Corrects a non-conformity's criterion, type, description, measure or deadline, keeping each changed
  /// field in its history. Marking it corrected is `nc correct`.
  public func updateNC(_ reference: String, _ patch: NCPatch, reason: String?) throws -> (
    nc: NonConformity, corrections: [Correction]
  ) {
    let reason = try reason.map { try Validate.line($0, field: "reason", limit: 2000) }
    let criterion = try patch.criterion.map { try Validate.line($0, field: "criterion", limit: 100) }
    let description = try patch.description.map { try Validate.text($0, field: "description") }
    let measure = try patch.measure.map { try Validate.text($0, field: "corrective measure") }
    let deadline = try patch.deadline.map {
      try PlausibleDate.due($0, field: "NC deadline", today: store.clock.today).date
    }
    return try db.write {
      let actor = try store.recordedActor()
      let nc = try resolveNC(reference)
      var changes: [(field: String, value: any DatabaseValueConvertible)] = []
      if let criterion { changes.append(("criterion", criterion)) }
      if let type = patch.type { changes.append(("criterion_type", type.rawValue)) }
      if let description { changes.append(("description", description)) }
      if let measure { changes.append(("measure", measure)) }
      if let deadline { changes.append(("deadline", deadline)) }
      let made = try CorrectionRepository(store: store).correct(
        .nonConformities, id: nc.id, changes: changes, reason: reason, actor: actor)
      return (try self.nc(id: nc.id), made)
    }
  }

  /// An audit's or NC's corrections, oldest first.
  public func corrections(of id: String) throws -> [Correction] {
    try CorrectionRepository(store: store).history(of: id)
  }
}
