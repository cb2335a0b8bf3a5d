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
  /// A suspension with fewer days than this left of its maximum makes a producer not ready; with this
  /// many or more, at risk.
  public static let suspensionMinimumDaysLeft = 60
  /// How long a suspension may last.
  public static let suspensionMonths = 6
  /// A certification cycle: the renewal audit is due this many years after certification or the last
  /// renewal.
  public static let certificationCycleYears = 3
  /// No activity with a producer for this long (counted from the later of its last activity and the day it
  /// was registered in psr) puts it at risk.
  public static let inactivityMonths = 12

  /// The statuses `readiness list` covers.
  public static let listedStatuses: [CertificationStatus] = [.applicant, .permitted, .certified, .suspended]

  /// The rules in words, for `psr readiness --help` and README.md "Certification readiness".
  public static let summary = """
    Readiness is worked out for every applicant, permitted, certified or suspended producer; each reason that \
    applies is listed once.

    not-ready, when any of these holds:
      - an NC on a major criterion is open;
      - an open NC is past its deadline;
      - the renewal audit is overdue: more than \(certificationCycleYears) years since the producer was \
    certified or last renewed, with no renewal since;
      - suspended with under \(suspensionMinimumDaysLeft) days of its \(suspensionMonths) months left, or past \
    its \(suspensionMonths) months;
      - decertified (readiness show only: lists and reports leave decertified producers out).
    at-risk, when none of the above holds and any of these does:
      - suspended with \(suspensionMinimumDaysLeft) days or more of its \(suspensionMonths) months left \
    ("suspended until DATE");
      - an open NC's deadline is within \(deadlineWarningDays) days (today included);
      - the renewal audit is due within \(renewalWarningDays) days (today included) while any NC is open;
      - no activity with the producer in the last \(inactivityMonths) months, counted from the later of its \
    last activity and the day it was registered in psr (an imported status date does not move it).
    ready: none of the above.

    The certification cycle is \(certificationCycleYears) years, counted from certification (permitted → \
    certified) or the last renewal (certified → certified); a reinstatement (suspended → certified) does not \
    restart it. Permission to Trade (→ permitted) is refused while the producer has an open NC on a major \
    criterion.
    """
}

/// Why a producer is not ready or at risk.
public struct ReadinessReason: Equatable, Sendable {
  public var level: Readiness
  /// A stable code: major-nc, nc-overdue, renewal-overdue, suspension-ending, suspension-expired,
  /// decertified, suspended, nc-deadline-near, renewal-due-with-open-nc, no-recent-activity.
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
  /// When the current certification cycle began: certification or the last renewal.
  public var cycleStart: String?
  /// The renewal audit's due date, for a certified or suspended producer.
  public var renewalDue: String?
  /// The date by which a suspension must be lifted.
  public var suspensionLiftBy: String?
  public var lastActivity: String?
  /// The day the producer was registered in psr, where the activity clock starts.
  public var registeredOn: String?
  public var assessedOn: String

  /// Days from the day assessed to the renewal audit's due date: negative when it is overdue.
  public var daysToRenewal: Int? { renewalDue.flatMap { CalendarDate.days(from: assessedOn, to: $0) } }
}

/// The facts readiness is computed from.
struct ReadinessFacts {
  var producerID: String
  var producerName: String
  var country: String
  var floID: String?
  var status: CertificationStatus
  var statusSince: String?
  /// The last certification (permitted → certified, or the status it was registered with) or renewal
  /// (certified → certified) on or before the day assessed.
  var cycleStart: String?
  var openNCs: [NonConformity]
  var lastActivity: String?
  var registeredOn: String?
}

extension ReadinessRules {
  /// Applies the rules to `facts` on `today`. Each reason once: an NC gives one reason, its worst.
  static func assess(_ facts: ReadinessFacts, today: String) -> ReadinessAssessment {
    var reasons: [ReadinessReason] = []
    func add(_ level: Readiness, _ code: String, _ text: String, _ short: String) {
      reasons.append(ReadinessReason(level: level, code: code, text: text, short: short))
    }
    func days(until date: String) -> Int { CalendarDate.days(from: today, to: date) ?? 0 }

    // Major NCs first, then the others, each by deadline.
    for nc in facts.openNCs.filter({ $0.criterionType == .major })
      + facts.openNCs.filter({ $0.criterionType != .major })
    {
      let left = days(until: nc.deadline)
      let name = "NC \(nc.criterion) (\(nc.shortID))"
      let deadline =
        left < 0
        ? "past its deadline \(nc.deadline) by \(plural(-left, "day"))"
        : "deadline \(nc.deadline), \(Self.inDays(left))"
      if nc.criterionType == .major {
        add(.notReady, "major-nc", "major \(name) is open, \(deadline)", "major NC open: \(nc.criterion)")
      } else if left < 0 {
        add(.notReady, "nc-overdue", "\(name) is open, \(deadline)", "NC overdue: \(nc.criterion)")
      } else if left <= deadlineWarningDays {
        add(.atRisk, "nc-deadline-near", "\(name) is open, \(deadline)", "NC due \(nc.deadline): \(nc.criterion)")
      }
    }
    var renewalDue: String?
    if facts.status == .certified || facts.status == .suspended, let start = facts.cycleStart {
      renewalDue = CalendarDate.adding(months: 12 * certificationCycleYears, to: start)
      if let renewalDue {
        let left = days(until: renewalDue)
        if left < 0 {
          add(
            .notReady, "renewal-overdue",
            "the renewal audit is overdue since \(renewalDue) (\(plural(-left, "day"))): "
              + "\(certificationCycleYears) years after the cycle began on \(start), with no renewal since",
            "renewal overdue since \(renewalDue)")
        } else if left <= renewalWarningDays, !facts.openNCs.isEmpty {
          add(
            .atRisk, "renewal-due-with-open-nc",
            "the renewal audit is due \(renewalDue), \(Self.inDays(left)), with "
              + "\(plural(facts.openNCs.count, "NC")) open",
            "renewal \(renewalDue) with open NCs")
        }
      }
    }
    var liftBy: String?
    if facts.status == .suspended, let since = facts.statusSince {
      liftBy = CalendarDate.adding(months: suspensionMonths, to: since)
      if let liftBy {
        let left = days(until: liftBy)
        if left < 0 {
          add(
            .notReady, "suspension-expired",
            "suspended since \(since); its \(suspensionMonths) months ended on \(liftBy), \(plural(-left, "day")) ago",
            "suspension ended \(liftBy)")
        } else if left < suspensionMinimumDaysLeft {
          add(
            .notReady, "suspension-ending",
            "suspended since \(since) until \(liftBy): \(plural(left, "day")) left, "
              + "under \(suspensionMinimumDaysLeft)",
            "suspension ends \(liftBy)")
        } else {
          add(
            .atRisk, "suspended", "suspended since \(since) until \(liftBy): \(plural(left, "day")) left",
            "suspended until \(liftBy)")
        }
      }
    }
    if facts.status == .decertified {
      add(.notReady, "decertified", "decertified since \(facts.statusSince ?? "an unknown date")", "decertified")
    }
    if listedStatuses.contains(facts.status) {
      // The clock runs from the later of the last activity and the registration in psr.
      let cutoff = CalendarDate.adding(months: -inactivityMonths, to: today) ?? today
      let clock = [facts.lastActivity, facts.registeredOn].compactMap { $0 }.max()
      if clock.map({ $0 < cutoff }) ?? true {
        let text =
          if let last = facts.lastActivity, last >= (facts.registeredOn ?? last) {
            "no activity with the producer since \(last) (over \(inactivityMonths) months)"
          } else if let registered = facts.registeredOn {
            "no activity with the producer recorded since it was registered in psr on \(registered) "
              + "(over \(inactivityMonths) months)"
          } else {
            "no activity with the producer recorded"
          }
        add(.atRisk, "no-recent-activity", text, facts.lastActivity.map { "no activity since \($0)" } ?? "no activity")
      }
    }
    // Each once, the not-ready ones first, otherwise in the order the rules are written.
    var seen = Set<String>()
    reasons = reasons.filter { seen.insert($0.text).inserted }.enumerated()
      .sorted { ($1.element.level.severity, $0.offset) < ($0.element.level.severity, $1.offset) }.map(\.element)
    let readiness = reasons.map(\.level).min() ?? .ready
    return ReadinessAssessment(
      producerID: facts.producerID, producerName: facts.producerName, country: facts.country, floID: facts.floID,
      status: facts.status, statusSince: facts.statusSince, readiness: readiness,
      reasons: reasons, openNCs: facts.openNCs, cycleStart: facts.cycleStart, renewalDue: renewalDue,
      suspensionLiftBy: liftBy, lastActivity: facts.lastActivity, registeredOn: facts.registeredOn, assessedOn: today)
  }

  /// "today", "tomorrow", "in 12 days" (never negative: a past date is said "overdue since").
  public static func inDays(_ days: Int) -> String {
    switch days {
    case 0: "today"
    case 1: "tomorrow"
    default: "in \(days) days"
    }
  }

  public static func plural(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }
}
