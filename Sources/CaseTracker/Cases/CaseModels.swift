/// What a case is about, from the liaison officer's role.
public enum CaseType: String, CaseIterable, Sendable {
  case certification, trade, business, introduction, liaison, representation

  /// Representation and liaison cases may be about a country instead of a producer.
  public var needsProducer: Bool { self != .liaison && self != .representation }
}

/// Where a case stands.
public enum CaseStatus: String, CaseIterable, Sendable {
  case open, active, waiting, resolved, cancelled

  /// The class of a status: open, pending (waiting pauses the overdue clock) or closed.
  public enum Class: String, Sendable { case open, pending, closed }

  public var statusClass: Class {
    switch self {
    case .open, .active: .open
    case .waiting: .pending
    case .resolved, .cancelled: .closed
    }
  }

  public var isClosed: Bool { statusClass == .closed }
}

public enum CasePriority: String, CaseIterable, Sendable {
  case low, normal, high, urgent
}

/// A case as listed and shown: its fields, with the producer's name and the computed age and overdue flag.
public struct Case: Equatable, Sendable {
  public var id: String
  public var type: CaseType
  public var title: String
  public var producerID: String?
  public var producerName: String?
  public var country: String
  public var officer: String?
  public var status: CaseStatus
  public var priority: CasePriority
  public var dueDate: String?
  public var tags: [String]
  /// The resolution of a resolved case, or the reason a case was cancelled.
  public var resolution: String?
  public var openedAt: String
  public var openedBy: String
  public var closedAt: String?
  public var updatedAt: String
  /// Days from opening to today (or to closing, for a closed case).
  public var daysOpen: Int
  /// Open (not waiting) with a due date before today.
  public var isOverdue: Bool

  public var shortID: String { String(id.prefix(8)) }
}

/// One entry of a case's append-only timeline.
public struct CaseEvent: Equatable, Sendable {
  public enum Kind: String, CaseIterable, Sendable {
    case opened, changed, note, visit, closed, reopened
  }

  public var id: String
  public var caseID: String
  /// Order within the case, from 1.
  public var sequence: Int
  public var at: String
  public var actor: String
  public var kind: Kind
  /// For `changed`: the field; for `closed`: `status`.
  public var field: String?
  public var oldValue: String?
  public var newValue: String?
  /// A note, resolution or reason.
  public var text: String?
  /// For `visit`: the activity linked.
  public var activityID: String?
}

/// The fields of a new case.
public struct CaseDraft: Sendable {
  public var type: CaseType
  public var title: String
  /// A producer reference (FLO ID or id prefix), or nil for a country case.
  public var producer: String?
  public var country: String?
  public var officer: String?
  public var priority: CasePriority
  public var dueDate: String?
  public var tags: [String]
  /// Non-conformities (id prefixes) this case works on; they must be the producer's.
  public var ncs: [String] = []

  public init(
    type: CaseType, title: String, producer: String? = nil, country: String? = nil, officer: String? = nil,
    priority: CasePriority = .normal, dueDate: String? = nil, tags: [String] = []
  ) {
    self.type = type
    self.title = title
    self.producer = producer
    self.country = country
    self.officer = officer
    self.priority = priority
    self.dueDate = dueDate
    self.tags = tags
  }
}

/// Changes to a case; nil leaves a field as it is.
public struct CaseChanges: Sendable {
  public var title: String?
  public var type: CaseType?
  public var status: CaseStatus?
  public var priority: CasePriority?
  /// `.some(nil)` removes the due date.
  public var dueDate: String??
  /// An officer handle; `.some(nil)` unassigns.
  public var officer: String??
  public var addTags: [String] = []
  public var removeTags: [String] = []
  /// Non-conformities (id prefixes) to link.
  public var linkNCs: [String] = []

  public init() {}
}

/// An officer's workload: open cases (open, active or waiting) and those of them overdue.
public struct CaseWorkload: Equatable, Sendable {
  public var open: Int
  public var overdue: Int

  public init(open: Int = 0, overdue: Int = 0) {
    self.open = open
    self.overdue = overdue
  }
}

/// Filters for listing cases; nil or empty matches everything.
public struct CaseFilter: Sendable {
  public enum Sort: String, CaseIterable, Sendable {
    case opened, due, priority, updated, status, type, country, officer, age
  }

  public var region: String?
  public var country: String?
  public var officer: String?
  public var producer: String?
  public var type: CaseType?
  public var statuses: [CaseStatus] = []
  public var statusClasses: [CaseStatus.Class] = []
  public var overdueOnly = false
  public var tag: String?
  public var openedFrom: String?
  public var openedTo: String?
  /// Due on or after, on or before these dates (cases with no due date are left out).
  public var dueFrom: String?
  public var dueTo: String?
  /// Only the acting officer's cases (`--as`, `PSR_OFFICER`, or a login name that is an officer's handle).
  public var mine = false
  public var sort: Sort = .opened
  public var limit: Int?

  public init() {}
}
