import CaseTracker

extension ReportDataRenderer {
  /// JSON `insight_counts`: `{products: [{product, counts, total, regions}], totals: {counts, total, regions}}`,
  /// the shape of `psr insight summary` without the newest texts.
  static func insightCounts(_ report: RegionReport) -> Field {
    .object(Record(InsightSummaryRecords.tally(report.insightCounts, newest: false)))
  }

  /// CSV: `insights,by_kind,KIND,n` for the period's insights, then `insight_counts,PRODUCT,KIND,n` and
  /// `insight_counts,PRODUCT,total,n` for each product (PRODUCT empty for the insights that name none).
  static func insightCountRows(_ report: RegionReport) -> [[String]] {
    let tally = report.insightCounts
    var rows = InsightKind.allCases.map { ["insights", "by_kind", $0.rawValue, String(tally.totals[$0])] }
    for product in tally.products {
      let group = product.product ?? ""
      rows += InsightKind.allCases.map { ["insight_counts", group, $0.rawValue, String(product.counts[$0])] }
      rows.append(["insight_counts", group, "total", String(product.counts.total)])
    }
    return rows
  }
}
