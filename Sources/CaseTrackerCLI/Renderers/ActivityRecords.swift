import CaseTracker

// How activities, insights and search results are presented.

extension Activity {
  static let fields = [
    "id", "date", "kind", "officer", "producer_id", "producer_name", "country", "hours", "women", "men", "other",
    "participants", "topics", "summary", "case_ids", "created_at", "created_by", "voided_at", "void_reason",
  ]
  static let columns = [
    TableColumn("ID") { String($0["id"].plain.prefix(8)) }, TableColumn("DATE", "date"),
    TableColumn("KIND") { $0["voided_at"] == .null ? $0["kind"].plain : "VOIDED " + $0["kind"].plain },
    TableColumn("OFFICER", "officer"),
    TableColumn("WITH", free: true) { $0["producer_name"] == .null ? "" : $0["producer_name"].plain },
    // On a narrow terminal CASES goes first, then CC, HOURS and W/M/O.
    TableColumn("CC", "country", drop: 2), TableColumn("HOURS", "hours", drop: 3),
    TableColumn("W/M/O", drop: 4) { "\($0["women"].plain)/\($0["men"].plain)/\($0["other"].plain)" },
    TableColumn("CASES", drop: 1) {
      $0["case_ids"].plain.split(separator: ",").map { String($0.prefix(8)) }.joined(separator: " ")
    },
    TableColumn("SUMMARY", maxWidth: 60, free: true) {
      $0["summary"].plain.split(whereSeparator: \.isNewline).joined(separator: " ")
    },
  ]

  var record: Record {
    Record([
      ("id", .text(id)), ("date", .text(date)), ("kind", .text(kind.rawValue)), ("officer", .text(officer)),
      ("producer_id", Field(producerID)), ("producer_name", Field(producerName)), ("country", .text(country)),
      ("hours", Field(hours)), ("women", .int(women)), ("men", .int(men)), ("other", .int(other)),
      ("participants", .int(participants)), ("topics", Field(topics)), ("summary", .text(summary)),
      ("case_ids", Field(caseIDs)), ("created_at", .text(createdAt)), ("created_by", .text(createdBy)),
      ("voided_at", Field(voidedAt)), ("void_reason", Field(voidReason)),
    ])
  }

  var details: [(String, String)] {
    var lines: [(String, String)] = [("Visit", id), ("Date", date), ("Kind", kind.rawValue), ("Officer", officer)]
    if let producerID { lines.append(("Producer", "\(producerName ?? "") (\(producerID.prefix(8)))")) }
    lines.append(("Country", country))
    lines.append(("Hours", Field(hours).plain.isEmpty ? "(not given)" : Field(hours).plain))
    lines.append(("Participants", "\(participants): \(women) women, \(men) men, \(other) other"))
    lines.append(("Topics", topics.isEmpty ? "(none)" : topics.joined(separator: ", ")))
    lines.append(("Cases", caseIDs.isEmpty ? "(none)" : caseIDs.map { String($0.prefix(8)) }.joined(separator: ", ")))
    lines.append(("Summary", summary))
    lines.append(("Logged", "\(LocalInstant.shown(createdAt)) by \(createdBy)"))
    return lines
  }
}

extension Insight {
  static let fields = [
    "id", "date", "officer", "country", "product", "kind", "text", "created_at", "voided_at", "void_reason",
  ]
  static let columns = [
    TableColumn("ID") { String($0["id"].plain.prefix(8)) }, TableColumn("DATE", "date"),
    TableColumn("OFFICER", "officer"), TableColumn("CC", "country"), TableColumn("PRODUCT", "product"),
    TableColumn("KIND") { $0["voided_at"] == .null ? $0["kind"].plain : "VOIDED " + $0["kind"].plain },
    TableColumn("TEXT", maxWidth: 80, free: true) {
      $0["text"].plain.split(whereSeparator: \.isNewline).joined(separator: " ")
    },
  ]

  var record: Record {
    Record([
      ("id", .text(id)), ("date", .text(date)), ("officer", .text(officer)), ("country", .text(country)),
      ("product", Field(product)), ("kind", .text(kind.rawValue)), ("text", .text(text)),
      ("created_at", .text(createdAt)), ("voided_at", Field(voidedAt)), ("void_reason", Field(voidReason)),
    ])
  }

  var details: [(String, String)] {
    [
      ("Insight", id), ("Date", date), ("Kind", kind.rawValue), ("Product", product ?? "(none)"),
      ("Country", country), ("Officer", officer), ("Text", text), ("Recorded", LocalInstant.shown(createdAt)),
    ]
  }
}

extension SearchHit {
  static let fields = ["kind", "id", "case_id", "date", "snippet", "rank"]
  static let columns = [
    TableColumn("KIND", "kind"), TableColumn("ID") { String($0["id"].plain.prefix(8)) }, TableColumn("DATE", "date"),
    TableColumn("MATCH", maxWidth: 100, free: true) {
      $0["snippet"].plain.split(whereSeparator: \.isNewline).joined(separator: " ")
    },
  ]

  /// Matches are marked with square brackets in every format: `the [audit] report`.
  var record: Record {
    let marked = snippet.replacing(SearchHit.highlightStart, with: "[")
      .replacing(SearchHit.highlightEnd, with: "]")
    return Record([
      ("kind", .text(kind)), ("id", .text(id)), ("case_id", Field(caseID)), ("date", .text(date)),
      ("snippet", .text(marked)), ("rank", .real(rank)),
    ])
  }
}
