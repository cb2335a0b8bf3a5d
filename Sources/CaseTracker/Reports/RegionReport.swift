/// A region's report for a period: every number a quarterly report states, computed by SQL.
/// Definitions are in README.md, "How the report counts".
public struct RegionReport: Equatable, Sendable {
  public var region: Region
  /// The countries the report covers: the region's, or its sub-regions' for a network.
  public var countries: [Country]
  public var period: ReportPeriod
  public var headline: Headline
  public var coverage: Coverage
  public var cases: CaseSection
  public var byCountry: [Breakdown]
  public var byOfficer: [Breakdown]
  public var readiness: ReadinessSection
  public var insights: [Insight]
  /// Those insights counted by product, sub-region and kind.
  public var insightCounts: InsightTally
  /// Activities per month of the period, `YYYY-MM`, every month listed.
  public var activitiesByMonth: [(month: String, count: Int)]
  public var trainingPriorities = TrainingPriorities()
  public var certificationOutcomes = CertificationOutcomes()

  public static func == (lhs: RegionReport, rhs: RegionReport) -> Bool {
    lhs.region == rhs.region && lhs.period == rhs.period && lhs.headline == rhs.headline
      && lhs.cases == rhs.cases && lhs.byCountry == rhs.byCountry && lhs.byOfficer == rhs.byOfficer
      && lhs.readiness == rhs.readiness && lhs.insights == rhs.insights && lhs.coverage == rhs.coverage
      && lhs.trainingPriorities == rhs.trainingPriorities && lhs.certificationOutcomes == rhs.certificationOutcomes
      && lhs.activitiesByMonth.map(\.month) == rhs.activitiesByMonth.map(\.month)
      && lhs.activitiesByMonth.map(\.count) == rhs.activitiesByMonth.map(\.count)
      && lhs.insightCounts == rhs.insightCounts
  }

  public struct Headline: Equatable, Sendable {
    /// Distinct producers with an activity in the period.
    public var producersCovered = 0
    public var activities = 0
    public var fieldVisits = 0
    public var trainings = 0
    /// Activities per kind, every kind listed.
    public var activitiesByKind: [String: Int] = [:]
    public var women = 0
    public var men = 0
    public var other = 0
    public var participants: Int { Int.saturatingSum(women, men, other) }
    /// Producers that became certified in the period (first certification, not renewal or reinstatement).
    public var newCertifications = 0
    public var casesOpened = 0
    public var casesClosed = 0
  }

  public struct CoveringOfficer: Equatable, Sendable {
    public var handle: String
    public var name: String
    public var baseCountry: String
    /// The region's countries this officer covers.
    public var countries: [String]
  }

  public struct Gap: Equatable, Sendable {
    public var country: String
    public var name: String
    public var producers: Int
  }

  public struct Coverage: Equatable, Sendable {
    public var officers: [CoveringOfficer] = []
    /// Countries of the region with producers but no active officer covering them.
    public var gaps: [Gap] = []
  }

  public struct CloseTime: Equatable, Sendable {
    public var type: String
    public var cases: Int
    public var median: Double?
    public var p90: Int?
  }

  public struct OverdueCase: Equatable, Sendable {
    public var id: String
    public var title: String
    public var type: String
    public var officer: String?
    public var producer: String?
    public var country: String
    public var openedOn: String
    public var dueDate: String
    public var daysOverdue: Int
  }

  public struct CaseSection: Equatable, Sendable {
    /// Every case type listed, zero included.
    public var openedByType: [String: Int] = [:]
    public var closedByType: [String: Int] = [:]
    /// Open (not closed) at the period's end, by their status then: open, active, waiting.
    public var openAtEndByStatus: [String: Int] = [:]
    public var openAtEnd = 0
    public var closeTimes: [CloseTime] = []
    /// Open cases at the period's end by days open: 0-30, 31-90, 91-180, over-180.
    public var aging: [String: Int] = [:]
    public var overdueAtEnd = 0
    /// The oldest 20 overdue cases at the period's end.
    public var oldestOverdue: [OverdueCase] = []
  }

  /// One row of the by-country or by-officer table.
  public struct Breakdown: Equatable, Sendable {
    /// A country code or an officer handle; nil for cases with no officer.
    public var key: String?
    public var name: String
    public var casesOpened = 0
    public var casesClosed = 0
    public var casesOpen = 0
    public var casesOverdue = 0
    public var activities = 0
    public var producersCovered = 0
  }

  public struct NCCount: Equatable, Sendable {
    public var type: String
    public var open: Int
    public var overdue: Int
  }

  public struct ReadinessSection: Equatable, Sendable {
    /// Producers per readiness status at the period's end (applicant, permitted, certified, suspended).
    public var counts: [String: Int] = [:]
    public var ncs: [NCCount] = []
    /// Certified producers whose renewal audit falls in the 90 days after the period.
    public var renewalsDue: [ReadinessAssessment] = []
  }

  public static let agingBuckets = ["0-30", "31-90", "91-180", "over-180"]
}

/// One region's line in `report regions`.
public struct RegionSummary: Equatable, Sendable {
  /// The region; nil for the row of the countries outside every region.
  public var region: Region?
  public var headline: RegionReport.Headline
  public var openAtEnd: Int
  public var overdueAtEnd: Int
  /// Trainings and workshops on the region's priority areas, and the share of its certified and applicant
  /// producers they reached (the training-priorities section's figures).
  public var trainingsOnPriorities = 0
  public var shareReachedOnPriorities: Double? = nil
}
