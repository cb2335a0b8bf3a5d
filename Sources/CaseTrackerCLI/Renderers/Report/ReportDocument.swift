import CaseTracker

/// A report laid out as titled sections of key-value lists, tables and charts, which the table, Markdown
/// and HTML renderers each write in their own way. Built once from a `RegionReport`.
struct ReportDocument {
  var title: String
  var subtitle: String
  var sections: [Section]

  struct Section {
    var title: String
    var blocks: [Block]
  }

  enum Block {
    case facts([(String, String)])
    /// A table whose columns from `numericFrom` on are numbers (right-aligned); the columns in `free`
    /// are free text (names, titles), which a terminal table cuts to fit its width.
    /// `free`: the columns of free text, cut to fit a terminal; `drop`: the columns left out, the lowest rank
    /// first, when even that does not fit.
    case table(
      caption: String?, headers: [String], rows: [[String]], numericFrom: Int, free: Set<Int> = [],
      drop: [Int: Int] = [:])
    case note(String)
    case chart(Chart)
    case map
  }

  /// A bar chart: groups of bars, one bar per series in each group.
  struct Chart {
    enum Axis { case categories, months }
    var title: String
    var groups: [String]
    var series: [(name: String, values: [Int])]
    var axis = Axis.categories
    /// A colour for each group's bars, in place of the series' colour.
    var groupColors: [String]? = nil
    /// What the colours mean, under the chart.
    var legend: [(color: String, text: String)] = []
  }
}

extension ReportDocument {
  init(_ report: RegionReport) {
    let region = report.region
    let scope =
      region.isTopLevel
      ? "\(region.code) \(region.name) (network of \(report.countries.count) countries)"
      : "\(region.code) \(region.name) (sub-region of \(region.parent ?? ""), \(report.countries.count) countries)"
    title = "Case report: \(region.name)"
    subtitle = "\(scope), \(report.period.heading)"
    sections = [
      Self.headline(report), Self.coverage(report), Self.cases(report), Self.byCountry(report), Self.byOfficer(report),
      Self.trainingPriorities(report), Self.certificationOutcomes(report), Self.readiness(report),
      Self.insights(report),
    ]
  }

  static func number(_ value: Int) -> String { String(value) }

  /// "at the period's end", or "on 2026-12-02" while the period is in progress (it is evaluated on today).
  static func atEnd(_ period: ReportPeriod) -> String {
    period.inProgress ? "on \(period.asOf), so far" : "at the period's end"
  }

  /// A count of days or hours: whole when it is whole, else with one decimal; "-" when there is none.
  static func amount(_ value: Double?) -> String {
    guard let value else { return "-" }
    return value == value.rounded() ? String(Int(value)) : fixed(value, decimals: 1)
  }

  static func headline(_ report: RegionReport) -> Section {
    let h = report.headline
    return Section(
      title: "Headline",
      blocks: [
        .facts([
          ("Producer organizations covered", number(h.producersCovered)),
          ("Field visits", number(h.fieldVisits)),
          ("Trainings", number(h.trainings)),
          ("All activities", number(h.activities)),
          ("Participants", "\(h.participants) (women \(h.women), men \(h.men), other \(h.other))"),
          ("New certifications", number(h.newCertifications)),
          ("Cases opened", number(h.casesOpened)),
          ("Cases closed", number(h.casesClosed)),
        ]),
        .chart(
          Chart(
            title: "Activities by month", groups: report.activitiesByMonth.map(\.month),
            series: [("activities", report.activitiesByMonth.map(\.count))], axis: .months)),
      ])
  }

  static func coverage(_ report: RegionReport) -> Section {
    var blocks: [Block] = [
      .map,
      .table(
        caption: "Officers based in or covering the region",
        headers: ["Officer", "Name", "Base", "Covers in region"],
        rows: report.coverage.officers.map {
          [$0.handle, $0.name, $0.baseCountry, $0.countries.isEmpty ? "-" : $0.countries.joined(separator: " ")]
        }, numericFrom: 4, free: [1]),
    ]
    if report.countries.isEmpty {
      blocks = [
        .note(
          "The region has no countries yet: assign some with 'psr country set-region CC \(report.region.code)'.")
      ]
    } else if report.coverage.gaps.isEmpty {
      blocks.append(.note("Every country of the region with producers has an officer covering it."))
    } else {
      blocks.append(
        .table(
          caption: "Gaps: countries with producers and no officer covering them",
          headers: ["Country", "Name", "Producers"],
          rows: report.coverage.gaps.map { [$0.country, $0.name, number($0.producers)] }, numericFrom: 2,
          free: [1]))
    }
    return Section(title: "Coverage", blocks: blocks)
  }

  static func cases(_ report: RegionReport) -> Section {
    let c = report.cases
    let types = CaseType.allCases.map(\.rawValue)
    return Section(
      title: "Cases",
      blocks: [
        .table(
          caption: "Opened and closed in the period, and days from opening to close of those closed",
          headers: ["Type", "Opened", "Closed", "Median days", "90th pct days"],
          rows: types.map { type in
            let time = c.closeTimes.first { $0.type == type }
            return [
              type, number(c.openedByType[type] ?? 0), number(c.closedByType[type] ?? 0), amount(time?.median),
              time?.p90.map(String.init) ?? "-",
            ]
          } + [
            [
              "all", number(c.openedByType.values.reduce(0, +)), number(c.closedByType.values.reduce(0, +)), "", "",
            ]
          ], numericFrom: 1),
        .chart(
          Chart(
            title: "Cases opened and closed by type", groups: types,
            series: [
              ("opened", types.map { c.openedByType[$0] ?? 0 }), ("closed", types.map { c.closedByType[$0] ?? 0 }),
            ])),
        .facts(
          [("Open \(atEnd(report.period))", number(c.openAtEnd))]
            + ["open", "active", "waiting"].map { ("  \($0)", number(c.openAtEndByStatus[$0] ?? 0)) }
            + [("Overdue \(atEnd(report.period))", number(c.overdueAtEnd))]),
        .table(
          caption: "Age of the cases open \(atEnd(report.period))", headers: ["Days open", "Cases"],
          rows: RegionReport.agingBuckets.map { [$0, number(c.aging[$0] ?? 0)] }, numericFrom: 1),
        .chart(
          Chart(
            title: "Open cases by age (days)", groups: RegionReport.agingBuckets,
            series: [("cases", RegionReport.agingBuckets.map { c.aging[$0] ?? 0 })])),
        c.oldestOverdue.isEmpty
          ? .note("No case was overdue \(atEnd(report.period)).")
          : .table(
            caption: "Overdue \(atEnd(report.period)) (oldest \(c.oldestOverdue.count) of \(c.overdueAtEnd))",
            headers: ["Case", "Opened", "Due", "Days overdue", "Type", "Officer", "Producer", "CC", "Title"],
            rows: c.oldestOverdue.map {
              [
                String($0.id.prefix(8)), $0.openedOn, $0.dueDate, number($0.daysOverdue), $0.type,
                $0.officer ?? "(unassigned)", $0.producer ?? "-", $0.country, $0.title,
              ]
            }, numericFrom: 99, free: [6, 8], drop: [1: 1, 7: 2, 4: 3]),
      ])
  }

  static func breakdownRows(_ rows: [RegionReport.Breakdown]) -> [[String]] {
    rows.map {
      [
        $0.key ?? "-", $0.name, number($0.casesOpened), number($0.casesClosed), number($0.casesOpen),
        number($0.casesOverdue), number($0.activities), number($0.producersCovered),
      ]
    }
  }

  static let breakdownHeaders = [
    "Opened", "Closed", "Open at end", "Overdue at end", "Activities", "Producers covered",
  ]

  static func byCountry(_ report: RegionReport) -> Section {
    Section(
      title: "By country",
      blocks: [
        .table(
          caption: nil, headers: ["Country", "Name"] + breakdownHeaders, rows: breakdownRows(report.byCountry),
          numericFrom: 2, free: [1])
      ])
  }

  static func byOfficer(_ report: RegionReport) -> Section {
    Section(
      title: "By officer",
      blocks: [
        report.byOfficer.isEmpty
          ? .note("No officer covers the region or has cases or activities in it.")
          : .table(
            caption: nil, headers: ["Officer", "Name"] + breakdownHeaders, rows: breakdownRows(report.byOfficer),
            numericFrom: 2, free: [1])
      ])
  }

  static func readiness(_ report: RegionReport) -> Section {
    let r = report.readiness
    let statuses = Readiness.allCases.map(\.rawValue)
    let after = report.period.inProgress ? report.period.asOf : "the period"
    return Section(
      title: "Certification readiness \(atEnd(report.period))",
      blocks: [
        .facts(statuses.map { ($0, number(r.counts[$0] ?? 0)) }),
        .chart(
          Chart(
            title: "Producers by readiness", groups: statuses,
            series: [("producers", statuses.map { r.counts[$0] ?? 0 })],
            groupColors: Readiness.allCases.map(readinessColor),
            legend: Readiness.allCases.map { (readinessColor($0), readinessMeaning($0)) })),
        .table(
          caption: "Non-conformities open \(atEnd(report.period))", headers: ["Criterion type", "Open", "Overdue"],
          rows: r.ncs.map { [$0.type, number($0.open), number($0.overdue)] }, numericFrom: 1),
        r.renewalsDue.isEmpty
          ? .note("No renewal audit falls due in the \(ReadinessRules.renewalWarningDays) days after \(after).")
          : .table(
            caption:
              "Renewal audits due in the \(ReadinessRules.renewalWarningDays) days after \(after) (\(r.renewalsDue.count))",
            headers: ["Due", "Producer", "CC", "Readiness"],
            rows: r.renewalsDue.map { [$0.renewalDue ?? "", $0.producerName, $0.country, $0.readiness.rawValue] },
            numericFrom: 99, free: [1]),
      ])
  }

  static func readinessColor(_ readiness: Readiness) -> String {
    switch readiness {
    case .notReady: "#c0392b"
    case .atRisk: "#e69a00"
    case .ready: "#4e9a2e"
    }
  }

  static func readinessMeaning(_ readiness: Readiness) -> String {
    switch readiness {
    case .notReady: "not-ready: a major or overdue NC open, the renewal audit overdue, or a suspension near its end"
    case .atRisk: "at-risk: an NC deadline or the renewal near, suspended, or no activity in 12 months"
    case .ready: "ready: none of these"
    }
  }

  static func insights(_ report: RegionReport) -> Section {
    Section(
      title: "Insights",
      blocks: insightCounts(report) + [
        report.insights.isEmpty
          ? .note("No insight was recorded in the period.")
          : .table(
            caption: "Each insight, newest first", headers: ["Date", "Officer", "CC", "Product", "Kind", "Insight"],
            rows: report.insights.map {
              [$0.date, $0.officer, $0.country, $0.product ?? "-", $0.kind.rawValue, $0.text]
            },
            numericFrom: 99, free: [5])
      ])
  }
}
