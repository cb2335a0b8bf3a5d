import CaseTracker

// How cases and their events are presented.

extension Case {
  static let fields = [
    "id", "type", "title", "producer_id", "producer_name", "country", "officer", "status", "status_class",
    "priority", "due_date", "overdue", "days_open", "tags", "resolution", "opened_at", "opened_by", "closed_at",
    "updated_at",
  ]
  static let columns = [
    TableColumn("ID") { String($0["id"].plain.prefix(8)) },
    // On a narrow terminal OPENED goes first (DAYS tells the age), then CC, PRIORITY, TYPE and OFFICER.
    TableColumn("OPENED", drop: 1) { LocalInstant.date($0["opened_at"].plain) }, TableColumn("DAYS", "days_open"),
    TableColumn("STATUS", "status"), TableColumn("PRIORITY", "priority", drop: 3),
    TableColumn("TYPE", "type", drop: 4),
    TableColumn("FOR", free: true) { $0["producer_name"] == .null ? $0["country"].plain : $0["producer_name"].plain },
    TableColumn("CC", "country", drop: 2), TableColumn("OFFICER", "officer", drop: 5), TableColumn("DUE", "due_date"),
    TableColumn("OVERDUE") { $0["overdue"] == .bool(true) ? "OVERDUE" : "" }, TableColumn("TITLE", "title", free: true),
  ]

  var record: Record {
    Record([
      ("id", .text(id)), ("type", .text(type.rawValue)), ("title", .text(title)), ("producer_id", Field(producerID)),
      ("producer_name", Field(producerName)), ("country", .text(country)), ("officer", Field(officer)),
      ("status", .text(status.rawValue)), ("status_class", .text(status.statusClass.rawValue)),
      ("priority", .text(priority.rawValue)), ("due_date", Field(dueDate)), ("overdue", .bool(isOverdue)),
      ("days_open", .int(daysOpen)), ("tags", Field(tags)), ("resolution", Field(resolution)),
      ("opened_at", .text(openedAt)), ("opened_by", .text(openedBy)), ("closed_at", Field(closedAt)),
      ("updated_at", .text(updatedAt)),
    ])
  }

  /// The status with its class when the class says more: "open", "active (open)", "waiting (pending)",
  /// "resolved (closed)".
  var statusShown: String {
    status.rawValue == status.statusClass.rawValue
      ? status.rawValue : "\(status.rawValue) (\(status.statusClass.rawValue))"
  }

  var details: [(String, String)] {
    var lines: [(String, String)] = [
      ("Case", id), ("Title", title), ("Type", type.rawValue),
      ("Status", statusShown), ("Priority", priority.rawValue),
    ]
    if let producerID { lines.append(("Producer", "\(producerName ?? "") (\(producerID.prefix(8)))")) }
    lines.append(("Country", country))
    lines.append(("Officer", officer ?? "(unassigned)"))
    lines.append(("Due", (dueDate ?? "(none)") + (isOverdue ? "  OVERDUE" : "")))
    lines.append(("Tags", tags.isEmpty ? "(none)" : tags.joined(separator: ", ")))
    lines.append(("Opened", "\(LocalInstant.shown(openedAt)) by \(openedBy)"))
    if let closedAt {
      lines.append(("Closed", LocalInstant.shown(closedAt)))
      lines.append(("Closed after", "\(daysOpen) day\(daysOpen == 1 ? "" : "s")"))
    } else {
      lines.append(("Days open", String(daysOpen)))
    }
    if let resolution { lines.append((status == .cancelled ? "Reason" : "Resolution", resolution)) }
    return lines
  }
}

extension CaseEvent {
  static let fields = [
    "case_id", "seq", "at", "actor", "kind", "field", "old_value", "new_value", "text", "activity_id",
  ]
  static let columns = [
    TableColumn("#", "seq"), TableColumn("AT") { LocalInstant.shown($0, "at") },
    TableColumn("BY", "actor"), TableColumn("EVENT", maxWidth: 400, free: true) { CaseEvent.describe($0) }.wrapping(),
  ]

  var record: Record {
    Record([
      ("case_id", .text(caseID)), ("seq", .int(sequence)), ("at", .text(at)), ("actor", .text(actor)),
      ("kind", .text(kind.rawValue)), ("field", Field(field)), ("old_value", Field(oldValue)),
      ("new_value", Field(newValue)), ("text", Field(text)), ("activity_id", Field(activityID)),
    ])
  }

  /// One line for the timeline table.
  static func describe(_ event: Record) -> String {
    let text = event["text"].plain.split(whereSeparator: \.isNewline).joined(separator: " ⏎ ")
    let old = event["old_value"] == .null ? "(none)" : event["old_value"].plain
    let new = event["new_value"] == .null ? "(none)" : event["new_value"].plain
    switch event["kind"].plain {
    case "opened": return "opened: \(text)"
    case "changed":
      if event["field"].plain == "nc" {
        return "NC linked: \(text) (\(new.prefix(8)))"
      }
      if event["field"].plain == "producer" {
        return "producer \(old.prefix(8)) → \(new.prefix(8))" + (text.isEmpty ? "" : ": \(text)")
      }
      if event["field"].plain == "tags" {
        return event["new_value"] == .null ? "tag removed: \(old)" : "tag added: \(new)"
      }
      return "\(event["field"].plain): \(old) → \(new)"
    case "note": return "note: \(text)"
    case "visit": return "visit \(event["activity_id"].plain.prefix(8)): \(text)"
    case "closed": return new == "cancelled" ? "cancelled" + (text.isEmpty ? "" : ": \(text)") : "resolved: \(text)"
    case "reopened": return "reopened (was \(old)): \(text)"
    default: return event["kind"].plain
    }
  }
}
