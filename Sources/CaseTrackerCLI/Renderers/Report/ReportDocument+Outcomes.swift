import CaseTracker

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

extension ReportDocument {
  static let adviceNote =
    "Advised: a certification case open, a field visit, remote advice or a training with the producer in the 12 months before the audit (for an NC, before its audit; for a status change, before it). The split shows association, not cause: producers are not advised at random."

  /// "1.50", or "-" when there is nothing to divide by.
  static func ratio(_ value: Double?) -> String {
    value.map { fixed($0, decimals: 2) } ?? "-"
  }

  /// "3 (25.0%)".
  static func countAndShare(_ count: Int, _ share: Double?) -> String { "\(count) (\(percent(share)))" }

  /// The rows of the outcomes table, one figure a row, a column per group.
  static func outcomeRows(_ groups: [RegionReport.OutcomeFigures]) -> [[String]] {
    var rows: [[String]] = [["Audits held"] + groups.map { number($0.audits) }]
    for kind in AuditKind.allCases.map(\.rawValue) {
      rows.append(["  \(kind)"] + groups.map { number($0.auditsByKind[kind] ?? 0) })
    }
    rows.append(["NCs raised at them, per audit"] + groups.map { "\($0.ncs) (\(ratio($0.ncsPerAudit)))" })
    for type in CriterionType.allCases.map(\.rawValue) {
      rows.append(["  \(type)"] + groups.map { "\($0.ncsByType[type] ?? 0) (\(ratio($0.ncsPerAudit(type))))" })
    }
    rows.append(["Audits with a major NC"] + groups.map { countAndShare($0.auditsWithMajorNC, $0.shareWithMajorNC) })
    rows.append(["NCs due in the period"] + groups.map { number($0.ncsDue) })
    rows.append(
      ["  corrected by their deadline"]
        + groups.map { countAndShare($0.ncsCorrectedByDeadline, $0.shareCorrectedByDeadline) })
    rows.append(["Producers suspended"] + groups.map { number($0.suspended) })
    rows.append(["Producers decertified"] + groups.map { number($0.decertified) })
    return rows
  }

  /// A percentage as a whole number for a chart (0 when there is nothing to divide by).
  static func wholePercent(_ share: Double?) -> Int { Int(((share ?? 0) * 100).rounded()) }

  /// The certification-outcomes section: the period's audits, NCs and status changes, advised and not.
  static func certificationOutcomes(_ report: RegionReport) -> Section {
    let o = report.certificationOutcomes
    var blocks: [Block] = []
    if o.all.audits == 0 && o.all.ncsDue == 0 && o.all.suspended == 0 && o.all.decertified == 0 {
      blocks.append(
        .note("No audit was held, no NC fell due and no producer was suspended or decertified in the period."))
    } else {
      blocks.append(
        .table(
          caption:
            "Audits held in the period and what followed (advised: \(o.advised.audits) audits, not advised: \(o.notAdvised.audits))",
          headers: ["Figure", "All", "Advised", "Not advised"], rows: outcomeRows([o.all, o.advised, o.notAdvised]),
          numericFrom: 1))
      blocks.append(.note(adviceNote))
      blocks.append(
        .chart(
          Chart(
            title: "Advised and not advised (%)", groups: ["audits with a major NC", "NCs corrected on time"],
            series: [
              (
                "advised", [wholePercent(o.advised.shareWithMajorNC), wholePercent(o.advised.shareCorrectedByDeadline)]
              ),
              (
                "not advised",
                [wholePercent(o.notAdvised.shareWithMajorNC), wholePercent(o.notAdvised.shareCorrectedByDeadline)]
              ),
            ])))
    }
    return Section(title: "Certification outcomes", blocks: blocks)
  }

  /// `psr report outcomes`: the same figures year by year.
  init(outcomes region: Region, years: [(period: ReportPeriod, outcomes: RegionReport.CertificationOutcomes)]) {
    let first = years.first?.period.label ?? ""
    let last = years.last?.period.title ?? ""
    title = "Certification outcomes: \(region.name)"
    subtitle = "\(region.code) \(region.name), \(first == last ? first : "\(first) to \(last)"), year by year"
    let labels = years.map(\.period.label)
    func row(_ name: String, _ value: (RegionReport.CertificationOutcomes) -> String) -> [String] {
      [name] + years.map { value($0.outcomes) }
    }
    let table: [[String]] = [
      row("Audits held") { Self.number($0.all.audits) },
      row("  advised") { Self.number($0.advised.audits) },
      row("  not advised") { Self.number($0.notAdvised.audits) },
      row("NCs per audit, advised") { Self.ratio($0.advised.ncsPerAudit) },
      row("NCs per audit, not advised") { Self.ratio($0.notAdvised.ncsPerAudit) },
      row("With a major NC, advised") { Self.countAndShare($0.advised.auditsWithMajorNC, $0.advised.shareWithMajorNC) },
      row("With a major NC, not advised") {
        Self.countAndShare($0.notAdvised.auditsWithMajorNC, $0.notAdvised.shareWithMajorNC)
      },
      row("NCs corrected on time, advised") {
        "\($0.advised.ncsCorrectedByDeadline) of \($0.advised.ncsDue) (\(Self.percent($0.advised.shareCorrectedByDeadline)))"
      },
      row("NCs corrected on time, not advised") {
        "\($0.notAdvised.ncsCorrectedByDeadline) of \($0.notAdvised.ncsDue) (\(Self.percent($0.notAdvised.shareCorrectedByDeadline)))"
      },
      row("Producers suspended") { Self.number($0.all.suspended) },
      row("Producers decertified") { Self.number($0.all.decertified) },
    ]
    sections = [
      Section(
        title: "Year by year",
        blocks: [
          .table(caption: nil, headers: ["Figure"] + labels, rows: table, numericFrom: 1),
          .note(Self.adviceNote),
          .chart(
            Chart(
              title: "Audits with a major NC (%)", groups: labels,
              series: [
                ("advised", years.map { Self.wholePercent($0.outcomes.advised.shareWithMajorNC) }),
                ("not advised", years.map { Self.wholePercent($0.outcomes.notAdvised.shareWithMajorNC) }),
              ])),
          .chart(
            Chart(
              title: "NCs corrected by their deadline (%)", groups: labels,
              series: [
                ("advised", years.map { Self.wholePercent($0.outcomes.advised.shareCorrectedByDeadline) }),
                ("not advised", years.map { Self.wholePercent($0.outcomes.notAdvised.shareCorrectedByDeadline) }),
              ])),
        ])
    ]
  }
}
