import CaseTracker

extension ReportDocument {
  /// The insights section's opening table: the period's insights by product and kind, with totals, as
  /// `psr insight summary` counts them for the region; nothing when there is no insight.
  static func insightCounts(_ report: RegionReport) -> [Block] {
    let tally = report.insightCounts
    guard !tally.products.isEmpty else { return [] }
    func row(_ label: String, _ counts: InsightCounts) -> [String] {
      [label] + InsightKind.allCases.map { number(counts[$0]) } + [number(counts.total)]
    }
    return [
      .table(
        caption: "Insights by product and kind",
        headers: ["Product"] + InsightKind.allCases.map { $0.rawValue.prefix(1).uppercased() + $0.rawValue.dropFirst() }
          + ["Total"],
        rows: tally.products.map { row($0.product ?? InsightSummaryRecords.noProduct, $0.counts) }
          + [row("all", tally.totals)], numericFrom: 1, free: [0])
    ]
  }
}
