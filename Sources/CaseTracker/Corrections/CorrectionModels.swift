/// The records a correction can put right, by their tables.
public enum CorrectedRecord: String, CaseIterable, Sendable {
  case activities, audits
  case nonConformities = "non_conformities"
  case insights

  /// What a person calls one.
  public var noun: String {
    switch self {
    case .activities: "visit"
    case .audits: "audit"
    case .nonConformities: "NC"
    case .insights: "insight"
    }
  }

  /// The columns a correction may change, each worked out again from its corrections (0014).
  var fields: [String] {
    switch self {
    case .activities: ["date", "kind", "hours", "women", "men", "other", "summary"]
    case .audits: ["date", "kind", "result", "note"]
    case .nonConformities: ["criterion", "criterion_type", "description", "measure", "deadline"]
    case .insights: ["date", "kind", "product", "text"]
    }
  }

  /// Whether a record of this kind can be voided (kept, and left out of lists, reports and search).
  public var voidable: Bool { self == .activities || self == .insights }

  /// Columns worked out from corrections, for sync (`SyncTables.derivedColumns`).
  static var derivedColumns: [String: Set<String>] {
    Dictionary(
      uniqueKeysWithValues: allCases.map { record in
        (record.rawValue, Set(record.fields + (record.voidable ? ["voided_at", "void_reason"] : [])))
      })
  }
}

/// One correction of one field of a record, as kept in its history: who changed what, when, and why.
public struct Correction: Equatable, Sendable {
  public var id: String
  public var record: CorrectedRecord
  public var recordID: String
  /// The column changed, or `voided` for a voiding.
  public var field: String
  public var oldValue: String?
  public var newValue: String?
  public var reason: String?
  public var at: String
  public var actor: String

  public var shortID: String { String(id.prefix(8)) }
  /// The field as the command's option names it (`criterion_type` is `--type`).
  public var label: String {
    switch field {
    case "criterion_type": "type"
    case "voided": "voided"
    default: field
    }
  }
}

extension Store {
  /// A date a record took place on, as a correction gives it: a real date from 2000 to today.
  func pastDate(_ text: String, field: String) throws -> String {
    try PlausibleDate.past(text, field: field, today: clock.today)
  }
}
