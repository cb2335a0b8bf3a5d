/// The certification state machine of DESIGN.md: prospect → applicant → permitted → certified →
/// suspended → certified again or decertified; withdrawn from any status. A certified producer may be
/// certified again (a renewal), which restarts its three-year cycle; a reinstatement (suspended → certified)
/// does not.
extension CertificationStatus {
  /// The statuses a producer may move to from this one.
  public var allowedNext: [CertificationStatus] {
    switch self {
    case .prospect: [.applicant, .withdrawn]
    case .applicant: [.permitted, .withdrawn]
    case .permitted: [.certified, .withdrawn]
    case .certified: [.certified, .suspended, .withdrawn]
    case .suspended: [.certified, .decertified, .withdrawn]
    case .decertified: [.withdrawn]
    case .withdrawn: []
    }
  }

  public func canMove(to next: CertificationStatus) -> Bool { allowedNext.contains(next) }
}

/// One entry of a producer's status history.
public struct StatusChange: Equatable, Sendable {
  public var id: String
  public var producerID: String
  public var sequence: Int
  /// Nil for the status a producer was registered with.
  public var from: CertificationStatus?
  public var to: CertificationStatus
  /// The day it took effect.
  public var on: String
  public var at: String
  public var actor: String
  public var note: String?
}

public enum AuditKind: String, CaseIterable, Sendable {
  case initial, renewal, confirmation, unannounced
  case followUp = "follow-up"
  case desk
}

public struct Audit: Equatable, Sendable {
  public var id: String
  public var producerID: String
  public var producerName: String
  public var date: String
  public var kind: AuditKind
  public var result: String?
  public var note: String?
  public var createdAt: String
  public var createdBy: String

  public var shortID: String { String(id.prefix(8)) }
}

public enum CriterionType: String, CaseIterable, Sendable {
  case core, major, development, voluntary
}

public enum NCStatus: String, CaseIterable, Sendable {
  case open, corrected
}

/// A non-conformity with a certification criterion.
public struct NonConformity: Equatable, Sendable {
  public var id: String
  public var producerID: String
  public var producerName: String
  public var auditID: String?
  public var criterion: String
  public var criterionType: CriterionType
  public var description: String
  public var measure: String?
  public var deadline: String
  public var status: NCStatus
  public var correctedOn: String?
  public var evidence: String?
  public var createdAt: String
  public var createdBy: String
  /// Open with its deadline before today.
  public var isOverdue: Bool

  public var shortID: String { String(id.prefix(8)) }
}

public struct NCFilter: Sendable {
  public var producer: String?
  public var region: String?
  public var openOnly = false
  public var overdueOnly = false
  /// At most this many, in the listing's order.
  public var limit: Int?

  public init() {}
}

public struct AuditFilter: Sendable {
  public var producer: String?
  public var region: String?
  public var from: String?
  public var to: String?

  public init() {}
}
