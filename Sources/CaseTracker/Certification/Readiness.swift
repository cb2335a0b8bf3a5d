/// Certification readiness: computed from the facts each time, never stored.
public enum Readiness: String, CaseIterable, Sendable, Comparable {
  case notReady = "not-ready"
  case atRisk = "at-risk"
  case ready

  /// Worst first: not-ready < at-risk < ready.
  public static func < (lhs: Readiness, rhs: Readiness) -> Bool { lhs.severity > rhs.severity }

  var severity: Int {
    switch self {
    case .notReady: 2
    case .atRisk: 1
    case .ready: 0
    }
  }
}

/// The rules' thresholds, named once. DESIGN.md "Certification readiness".
public enum ReadinessRules {
  /// An open NC whose deadline is this many days away or fewer puts a producer at risk.
  public static let deadlineWarningDays = 30
  /// A renewal audit due this many days away or fewer, with any NC open, puts a producer at risk.
  public static let renewalWarningDays = 90
  /// A suspension with fewer days than this left of its maximum makes a producer not ready.
  public static let suspensionMinimumDaysLeft = 60
  /// How long a suspension may last.
  public static let suspensionMonths = 6
  /// A certification cycle: the renewal audit is due this many years after (re)certification.
  public static let certificationCycleYears = 3
  /// No activity with an applicant, permitted or certified producer for this long puts it at risk.
  public static let inactivityMonths = 12

  /// The statuses `readiness list` covers.
  public static let listedStatuses: [CertificationStatus] = [.applicant, .permitted, .certified, .suspended]

  /// The rules in words, for `psr readiness --help`.
  public static let summary = """
    not-ready: an open NC on a major criterion; an open NC past its deadline; suspended with under \
    \(suspensionMinimumDaysLeft) days of its \(suspensionMonths) months left; decertified.
    at-risk: an open NC whose deadline is within \(deadlineWarningDays) days; the renewal audit due within \
    \(renewalWarningDays) days while any NC is open; no activity with the producer in the last \
    \(inactivityMonths) months while applicant, permitted or certified.
    ready: none of the above. The renewal audit is due \(certificationCycleYears) years after the producer \
    was (re)certified; a suspension must be lifted within \(suspensionMonths) months.
    """
}

/// Why a producer is not ready or at risk.
public struct ReadinessReason: Equatable, Sendable {
  public var level: Readiness
  /// A stable code: major-nc, nc-overdue, suspension-ending, decertified, nc-deadline-near,
  /// renewal-due-with-open-nc, no-recent-activity.
  public var code: String
  /// The reason in full, naming what caused it.
  public var text: String
  /// The reason in a few words, for lists.
  public var short: String
}

/// A producer's readiness at a date, with everything that decided it.
public struct ReadinessAssessment: Equatable, Sendable {
  public var producerID: String
  public var producerName: String
  public var country: String
  public var floID: String?
  /// The certification status on the day assessed.
  public var status: CertificationStatus
  /// When that status took effect.
  public var statusSince: String?
  public var readiness: Readiness
  public var reasons: [ReadinessReason]
  /// NCs open on the day assessed, earliest deadline first.
  public var openNCs: [NonConformity]
  /// The renewal audit's due date, for a certified or suspended producer.
  public var renewalDue: String?
  /// The date by which a suspension must be lifted.
  public var suspensionLiftBy: String?
  public var lastActivity: String?
  public var assessedOn: String
}

/// The facts readiness is computed from.
struct ReadinessFacts {
  var producerID: String
  var producerName: String
  var country: String
  var floID: String?
  var status: CertificationStatus
  var statusSince: String?
  var certifiedOn: String?
  var openNCs: [NonConformity]
  var lastActivity: String?
}

extension ReadinessRules {
  /// Applies the rules to `facts` on `today`.
  static func assess(_ facts: ReadinessFacts, today: String) -> ReadinessAssessment {
    var reasons: [ReadinessReason] = []
    func add(_ level: Readiness, _ code: String, _ text: String, _ short: String) {
      reasons.append(ReadinessReason(level: level, code: code, text: text, short: short))
    }
    func days(until date: String) -> Int { CalendarDate.days(from: today, to: date) ?? 0 }

    for nc in facts.openNCs where nc.criterionType == .major {
      add(
        .notReady, "major-nc", "major NC \(nc.criterion) (\(nc.shortID)) is open, deadline \(nc.deadline)",
        "major NC open: \(nc.criterion)")
    }
    for nc in facts.openNCs where nc.deadline < today {
      add(
        .notReady, "nc-overdue",
        "NC \(nc.criterion) (\(nc.shortID)) is past its deadline \(nc.deadline) by \(-days(until: nc.deadline)) days",
        "NC overdue: \(nc.criterion)")
    }
    var liftBy: String?
    if facts.status == .suspended, let since = facts.statusSince {
      liftBy = CalendarDate.adding(months: suspensionMonths, to: since)
      if let liftBy {
        let left = days(until: liftBy)
        if left < 0 {
          add(
            .notReady, "suspension-ending",
            "suspended since \(since); the \(suspensionMonths) months ended on \(liftBy), \(-left) days ago",
            "suspension ended \(liftBy)")
        } else if left < suspensionMinimumDaysLeft {
          add(
            .notReady, "suspension-ending",
            "suspended since \(since); it must be lifted by \(liftBy), \(left) days left (under \(suspensionMinimumDaysLeft))",
            "suspension ends \(liftBy)")
        }
      }
    }
    if facts.status == .decertified {
      add(.notReady, "decertified", "decertified since \(facts.statusSince ?? "an unknown date")", "decertified")
    }
    for nc in facts.openNCs where nc.deadline >= today && days(until: nc.deadline) <= deadlineWarningDays {
      add(
        .atRisk, "nc-deadline-near",
        "NC \(nc.criterion) (\(nc.shortID)) is due \(nc.deadline), in \(days(until: nc.deadline)) days",
        "NC due \(nc.deadline): \(nc.criterion)")
    }
    var renewalDue: String?
    if facts.status == .certified || facts.status == .suspended, let certified = facts.certifiedOn {
      renewalDue = CalendarDate.adding(months: 12 * certificationCycleYears, to: certified)
      if let renewalDue, days(until: renewalDue) <= renewalWarningDays, !facts.openNCs.isEmpty {
        add(
          .atRisk, "renewal-due-with-open-nc",
          "the renewal audit is due \(renewalDue), in \(days(until: renewalDue)) days, with \(facts.openNCs.count) NC(s) open",
          "renewal \(renewalDue) with open NCs")
      }
    }
    if [.applicant, .permitted, .certified].contains(facts.status) {
      let cutoff = CalendarDate.adding(months: -inactivityMonths, to: today) ?? today
      if facts.lastActivity.map({ $0 < cutoff }) ?? true {
        let text =
          facts.lastActivity.map { "no activity with the producer since \($0) (over \(inactivityMonths) months)" }
          ?? "no activity with the producer recorded"
        add(.atRisk, "no-recent-activity", text, facts.lastActivity.map { "no activity since \($0)" } ?? "no activity")
      }
    }
    let readiness = reasons.map(\.level).min() ?? .ready
    return ReadinessAssessment(
      producerID: facts.producerID, producerName: facts.producerName, country: facts.country, floID: facts.floID,
      status: facts.status, statusSince: facts.statusSince, readiness: readiness,
      reasons: reasons, openNCs: facts.openNCs, renewalDue: renewalDue,
      suspensionLiftBy: liftBy, lastActivity: facts.lastActivity, assessedOn: today)
  }
}
