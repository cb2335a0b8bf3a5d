import CaseTracker

/// What `producer show` presents: the producer and its state of work.
struct ProducerView {
  var producer: Producer
  var countryName: String?
  var history: [StatusChange]
  var readiness: ReadinessAssessment
  var merges: [ProducerMerge]
  var mergedInto: Producer?
  /// Its open, active and waiting cases, oldest first.
  var openCases: [Case]
  /// Its latest activities, newest first.
  var lastVisits: [Activity]

  static let fields =
    Producer.detailFields + [
      "renewal_due", "suspension_lift_by", "merged_into", "readiness", "open_cases", "open_ncs", "last_visit",
    ]

  /// The readiness, for the statuses it is assessed for (a prospect or withdrawn producer has none).
  var assessed: Readiness? {
    ReadinessRules.listedStatuses.contains(readiness.status) || readiness.status == .decertified
      ? readiness.readiness : nil
  }

  /// One row: the producer's fields, then its readiness and the counts of what is open (CSV).
  var record: Record {
    var record = producer.record
    record.fields += [
      (name: "renewal_due", value: Field(readiness.renewalDue)),
      (name: "suspension_lift_by", value: Field(readiness.suspensionLiftBy)),
      (name: "merged_into", value: Field(producer.mergedInto)),
      (name: "readiness", value: Field(assessed?.rawValue)),
      (name: "open_cases", value: .int(openCases.count)), (name: "open_ncs", value: .int(readiness.openNCs.count)),
      (name: "last_visit", value: Field(lastVisits.first?.date)),
    ]
    return record
  }

  /// Everything, with the lists as nested records (JSON).
  var fullRecord: Record {
    var record = record
    record.fields = record.fields.map { field in
      switch field.name {
      case "open_cases": (name: "open_cases", value: .records(openCases.map(\.record)))
      case "open_ncs": (name: "open_ncs", value: .records(readiness.openNCs.map(\.record)))
      default: field
      }
    }
    record.fields += [
      (name: "readiness_reasons", value: .records(assessed == nil ? [] : readiness.reasons.map(\.record))),
      (name: "last_visits", value: .records(lastVisits.map(\.record))),
      (name: "status_history", value: .records(history.map(\.record))),
      (name: "merges", value: .records(merges.map(\.record))),
    ]
    return record
  }

  /// The terminal view: details, then each list under its heading.
  var table: String {
    var details = producer.details(countryName: countryName)
    if let due = readiness.renewalDue { details.append(("Renewal due", due)) }
    if let liftBy = readiness.suspensionLiftBy { details.append(("Lift suspension by", liftBy)) }
    if let assessed {
      let reasons = readiness.reasons.map(\.short).joined(separator: "; ")
      details.append(("Readiness", assessed.rawValue + (reasons.isEmpty ? "" : ": \(reasons)")))
    } else {
      details.append(("Readiness", "(not assessed for a \(readiness.status.rawValue) producer)"))
    }
    if let merged = producer.mergedInto {
      details.insert(("Merged into", "\(merged.prefix(8)) \(mergedInto?.name ?? "")"), at: 1)
    }
    var text = TableRenderer.renderDetail(details, style: .stdout)
    func section(_ title: String, _ empty: String, _ rows: [Record], _ columns: [TableColumn]) {
      text +=
        "\n\(title)\n" + (rows.isEmpty ? "(\(empty))\n" : TableRenderer.render(rows, columns: columns, style: .stdout))
    }
    section("Open cases", "none", openCases.map(\.record), Case.columns)
    section("Last visits", "none recorded", lastVisits.map(\.record), Activity.columns)
    section("Open NCs", "none", readiness.openNCs.map(\.record), NonConformity.columns)
    section("Status history", "none", history.map(\.record), StatusChange.columns)
    if !merges.isEmpty { section("Merges", "none", merges.map(\.record), ProducerMerge.columns) }
    return text
  }
}
