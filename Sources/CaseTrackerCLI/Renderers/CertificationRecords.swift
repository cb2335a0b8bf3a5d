import CaseTracker

// How status changes, audits, non-conformities and readiness are presented.

extension StatusChange {
  static let columns = [
    TableColumn("#", "seq"), TableColumn("ON", "on"), TableColumn("FROM", "from"), TableColumn("TO", "to"),
    TableColumn("BY", "actor"), TableColumn("NOTE", maxWidth: 80, free: true, cell: { $0["note"].plain }),
  ]

  var record: Record {
    Record([
      ("seq", .int(sequence)), ("from", Field(from?.rawValue)), ("to", .text(to.rawValue)), ("on", .text(on)),
      ("at", .text(at)), ("actor", .text(actor)), ("note", Field(note)),
    ])
  }
}

extension Audit {
  static let fields = [
    "id", "producer_id", "producer_name", "date", "kind", "result", "note", "created_at", "created_by",
  ]
  static let columns = [
    TableColumn("ID") { String($0["id"].plain.prefix(8)) }, TableColumn("DATE", "date"), TableColumn("KIND", "kind"),
    TableColumn("PRODUCER", "producer_name", free: true),
    TableColumn("RESULT", maxWidth: 60, free: true, cell: { $0["result"].plain }),
  ]

  var record: Record {
    Record([
      ("id", .text(id)), ("producer_id", .text(producerID)), ("producer_name", .text(producerName)),
      ("date", .text(date)), ("kind", .text(kind.rawValue)), ("result", Field(result)), ("note", Field(note)),
      ("created_at", .text(createdAt)), ("created_by", .text(createdBy)),
    ])
  }
}

extension NonConformity {
  static let fields = [
    "id", "producer_id", "producer_name", "audit_id", "criterion", "criterion_type", "description", "measure",
    "deadline", "status", "overdue", "corrected_on", "evidence", "created_at", "created_by",
  ]
  static let columns = [
    TableColumn("NC") { String($0["id"].plain.prefix(8)) }, TableColumn("CRITERION", "criterion"),
    TableColumn("TYPE", "criterion_type"), TableColumn("DEADLINE", "deadline"),
    TableColumn("STATUS") { $0["overdue"] == .bool(true) ? "OVERDUE" : $0["status"].plain },
    TableColumn("PRODUCER", "producer_name", free: true),
    TableColumn("DESCRIPTION", maxWidth: 60, free: true) {
      $0["description"].plain.split(whereSeparator: \.isNewline).joined(separator: " ")
    },
  ]

  var record: Record {
    Record([
      ("id", .text(id)), ("producer_id", .text(producerID)), ("producer_name", .text(producerName)),
      ("audit_id", Field(auditID)), ("criterion", .text(criterion)), ("criterion_type", .text(criterionType.rawValue)),
      ("description", .text(description)), ("measure", Field(measure)), ("deadline", .text(deadline)),
      ("status", .text(status.rawValue)), ("overdue", .bool(isOverdue)), ("corrected_on", Field(correctedOn)),
      ("evidence", Field(evidence)), ("created_at", .text(createdAt)), ("created_by", .text(createdBy)),
    ])
  }
}

extension Audit {
  func details(ncs: [NonConformity]) -> [(String, String)] {
    var lines: [(String, String)] = [
      ("Audit", id), ("Producer", "\(producerName) (\(producerID.prefix(8)))"), ("Date", date),
      ("Kind", kind.rawValue), ("Result", result ?? "(none)"),
    ]
    if let note { lines.append(("Note", note)) }
    for (index, nc) in ncs.enumerated() {
      lines.append(
        (index == 0 ? "NCs" : "", "\(nc.shortID) \(nc.criterion) (\(nc.criterionType.rawValue)), \(nc.status.rawValue)")
      )
    }
    if ncs.isEmpty { lines.append(("NCs", "(none recorded)")) }
    lines.append(("Recorded", "\(LocalInstant.shown(createdAt)) by \(createdBy)"))
    return lines
  }
}

extension NonConformity {
  var details: [(String, String)] {
    var lines: [(String, String)] = [
      ("NC", id), ("Producer", "\(producerName) (\(producerID.prefix(8)))"),
      ("Audit", auditID.map { String($0.prefix(8)) } ?? "(none)"), ("Criterion", criterion),
      ("Type", criterionType.rawValue), ("Description", description), ("Measure", measure ?? "(none)"),
      ("Deadline", deadline + (isOverdue ? " (overdue)" : "")), ("Status", status.rawValue),
    ]
    if let correctedOn { lines.append(("Corrected on", correctedOn)) }
    if let evidence { lines.append(("Evidence", evidence)) }
    lines.append(("Recorded", "\(LocalInstant.shown(createdAt)) by \(createdBy)"))
    return lines
  }
}

extension ReadinessReason {
  var record: Record {
    Record([("level", .text(level.rawValue)), ("code", .text(code)), ("text", .text(text)), ("short", .text(short))])
  }
}

extension ReadinessAssessment {
  static let fields = [
    "producer_id", "producer_name", "flo_id", "country", "status", "status_since", "readiness", "reasons",
    "open_ncs", "cycle_start", "renewal_due", "suspension_lift_by", "last_activity", "registered_on", "assessed_on",
  ]
  static let columns = [
    TableColumn("READINESS", "readiness"), TableColumn("ID") { String($0["producer_id"].plain.prefix(8)) },
    TableColumn("FLO ID", "flo_id"), TableColumn("PRODUCER", "producer_name", free: true), TableColumn("CC", "country"),
    TableColumn("STATUS", "status"), TableColumn("OPEN NCS", "open_ncs"),
    TableColumn("REASONS", maxWidth: 100, free: true) { $0["reasons"].plain },
  ]

  /// For lists and CSV: reasons in short, joined with `; `. JSON gets the full reasons (`record(full:)`).
  var record: Record {
    Record([
      ("producer_id", .text(producerID)), ("producer_name", .text(producerName)), ("flo_id", Field(floID)),
      ("country", .text(country)), ("status", .text(status.rawValue)), ("status_since", Field(statusSince)),
      ("readiness", .text(readiness.rawValue)), ("reasons", .text(reasons.map(\.short).joined(separator: "; "))),
      ("open_ncs", .int(openNCs.count)), ("cycle_start", Field(cycleStart)), ("renewal_due", Field(renewalDue)),
      ("suspension_lift_by", Field(suspensionLiftBy)), ("last_activity", Field(lastActivity)),
      ("registered_on", Field(registeredOn)), ("assessed_on", .text(assessedOn)),
    ])
  }

  /// Everything, with reasons and open NCs as nested records.
  var fullRecord: Record {
    var full = record
    full.fields = full.fields.map { field in
      switch field.name {
      case "reasons": (name: "reasons", value: .records(reasons.map(\.record)))
      case "open_ncs": (name: "open_ncs", value: .records(openNCs.map(\.record)))
      default: field
      }
    }
    return full
  }

  /// "2025-02-14 (renewal), overdue since 2025-02-14 (657 days)", or "… (renewal), in 39 days".
  var nextAudit: String {
    guard let renewalDue, let days = daysToRenewal else {
      return status == .certified || status == .suspended
        ? "(unknown: no certification or renewal on record)" : "(none scheduled)"
    }
    let when =
      days < 0
      ? "overdue since \(renewalDue) (\(ReadinessRules.plural(-days, "day")))"
      : days == 0 ? "due today" : ReadinessRules.inDays(days)
    return "\(renewalDue) (renewal, \(when))" + (cycleStart.map { "; the cycle began on \($0)" } ?? "")
  }

  var details: [(String, String)] {
    var lines: [(String, String)] = [
      ("Producer", "\(producerName) (\(producerID.prefix(8)))"), ("Country", country),
      ("Status", status.rawValue + (statusSince.map { " since \($0)" } ?? "")),
      ("Readiness", readiness.rawValue),
    ]
    for (index, reason) in reasons.enumerated() {
      lines.append((index == 0 ? "Reasons" : "", "\(reason.level.rawValue): \(reason.text)"))
    }
    if reasons.isEmpty { lines.append(("Reasons", "(none: no rule applies)")) }
    lines.append(("Open NCs", String(openNCs.count)))
    lines.append(("Next audit due", nextAudit))
    if let suspensionLiftBy { lines.append(("Lift suspension by", suspensionLiftBy)) }
    lines.append(("Last activity", lastActivity ?? "(none recorded)"))
    if let registeredOn { lines.append(("Registered in psr", registeredOn)) }
    lines.append(("Assessed on", assessedOn))
    if !ReadinessRules.listedStatuses.contains(status) {
      lines.append(
        ("Note", "a \(status.rawValue) producer is not heading for an audit; 'readiness list' leaves it out"))
    }
    return lines
  }
}
