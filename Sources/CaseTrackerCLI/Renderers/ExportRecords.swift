import CaseTracker

// What the exports write: each listing's fields, with the record's short id (the 8 characters every
// table and message shows) after its id; a case's events with their own id and their case's short id.

extension Record {
  /// The record with `short_id`, the first 8 characters of its `id`, after the id.
  var withShortID: Record {
    var copy = self
    let index = (copy.fields.firstIndex { $0.name == "id" } ?? -1) + 1
    copy.fields.insert((name: "short_id", value: .text(String(self["id"].plain.prefix(8)))), at: index)
    return copy
  }
}

/// `fields` with `short_id` after `id`.
private func withShortID(_ fields: [String]) -> [String] {
  var fields = fields
  fields.insert("short_id", at: (fields.firstIndex(of: "id") ?? -1) + 1)
  return fields
}

extension Case {
  static let exportFields = withShortID(fields) + ["nc_ids"]
}

extension ExportRepository.CaseRecord {
  /// The case's fields and the ids of its NCs; with `events`, its timeline as a JSON array `events`, each
  /// event as `case show` gives it, with its own id.
  func record(events: Bool) -> Record {
    var record = self.case.record.withShortID
    record.fields.append((name: "nc_ids", value: Field(ncIDs)))
    if events { record.fields.append((name: "events", value: .records(self.events.map(\.recordWithID)))) }
    return record
  }
}

extension CaseEvent {
  /// One row of `case export --events`.
  static let exportFields = [
    "case_id", "case_short_id", "seq", "id", "at", "actor", "kind", "field", "old_value", "new_value", "text",
    "activity_id",
  ]

  var exportRecord: Record {
    var record = recordWithID
    record.fields.insert((name: "case_short_id", value: .text(String(caseID.prefix(8)))), at: 1)
    return record
  }

  /// The event's fields, with its id after `seq`.
  var recordWithID: Record {
    var record = record
    record.fields.insert((name: "id", value: .text(id)), at: 2)
    return record
  }
}

extension Activity {
  static let exportFields = withShortID(fields)
}

extension Audit {
  static let exportFields = withShortID(fields)
}

extension NonConformity {
  static let exportFields = withShortID(fields)
}

extension Insight {
  static let exportFields = withShortID(fields)
}
