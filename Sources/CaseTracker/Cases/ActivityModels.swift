/// The kind of a logged activity.
public enum ActivityKind: String, CaseIterable, Sendable {
  case fieldVisit = "field-visit"
  case remote, training, workshop, meeting, event

  /// Field visits, remote advice and trainings are always with a producer.
  public var needsProducer: Bool { self == .fieldVisit || self == .remote || self == .training }
}

/// A logged visit, call, training, workshop, meeting or event.
public struct Activity: Equatable, Sendable {
  public var id: String
  public var date: String
  public var officer: String
  public var kind: ActivityKind
  public var producerID: String?
  public var producerName: String?
  public var country: String
  public var hours: Double?
  public var women: Int
  public var men: Int
  public var other: Int
  public var topics: [String]
  public var summary: String
  /// The cases it advanced, by id.
  public var caseIDs: [String]
  public var createdAt: String
  public var createdBy: String
  /// When it was voided (kept, and left out of lists, reports and search), and why.
  public var voidedAt: String? = nil
  public var voidReason: String? = nil

  /// Women, men and other together. The bounds keep new activities far below overflow; a row stored before
  /// them (0006_bounds) saturates at `Int.max` rather than stopping the program.
  public var participants: Int { Int.saturatingSum(women, men, other) }
  public var shortID: String { String(id.prefix(8)) }
}

/// The fields of an activity to log.
public struct ActivityDraft: Sendable {
  public var kind: ActivityKind
  public var date: String
  public var officer: String?
  public var producer: String?
  public var country: String?
  public var hours: Double?
  public var women = 0
  public var men = 0
  public var other = 0
  public var topics: [String] = []
  public var summary: String
  /// Case references.
  public var cases: [String] = []

  public init(kind: ActivityKind, date: String, summary: String) {
    self.kind = kind
    self.date = date
    self.summary = summary
  }
}

public struct ActivityFilter: Sendable {
  public var region: String?
  public var country: String?
  public var officer: String?
  public var producer: String?
  public var kind: ActivityKind?
  public var from: String?
  public var to: String?
  /// Voided activities too.
  public var includeVoided = false
  /// At most this many, the newest.
  public var limit: Int?

  public init() {}
}
