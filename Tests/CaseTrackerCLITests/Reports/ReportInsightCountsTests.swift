import Foundation
import Testing

/// The insights section of the region report opens with the period's insights by product and kind
/// (Fixtures/report/README.md, "Insights and months").
extension ReportCommandTests {
  @Test func insightCountsMatchTheHandWorkedAnswers() throws {
    let box = try Self.box.get()
    let actual = try report(["AME-ECA", "--period", "2026-Q3"])
    let expected = try expected()
    #expect(NSObject.equal(actual["insight_counts"], expected["insight_counts"]))
    // The same counts as psr insight summary for the region and the period.
    let summary = try #require(
      try json(
        box.ok([
          "insight", "summary", "--region", "AME-ECA", "--from", "2026-07-01", "--to", "2026-09-30", "--format",
          "json",
        ])) as? [String: Any])
    let counts = try #require(actual["insight_counts"] as? [String: Any])
    #expect(NSObject.equal(counts["totals"], summary["totals"]))
    #expect(
      NSObject.equal(
        counts["products"],
        (summary["products"] as? [[String: Any]])?.map { $0.filter { $0.key != "newest" } }))
    // A network counts its sub-regions' insights, each under its sub-region.
    let network = try report(["AME", "--period", "2026-Q3"])
    let totals = try #require((network["insight_counts"] as? [String: Any])?["totals"] as? [String: Any])
    #expect(totals["total"] as? Int == 4)
    #expect((totals["counts"] as? [String: Int])?["supply"] == 2)
    #expect(
      (totals["regions"] as? [[String: Any]])?.map { "\($0["region"] ?? "") \($0["total"] ?? "")" } == [
        "AME-ECA 3", "AME-WA 1",
      ])
    // An empty region has none; its section says so.
    let empty = try report(["EUR-W", "--period", "2026-Q3"])
    #expect(((empty["insight_counts"] as? [String: Any])?["products"] as? [Any])?.isEmpty == true)
  }

  @Test func insightCountsInMarkdownCSVAndTheTable() throws {
    let box = try Self.box.get()
    let markdown = try box.ok(["report", "region", "AME-ECA", "--period", "2026-Q3", "--format", "markdown"])
    let section = try #require(markdown.components(separatedBy: "\n## Insights\n").last)
    #expect(
      section.hasPrefix(
        """

        Insights by product and kind:

        | Product | Demand | Supply | Price | Climate | Other | Total |
        | --- | ---: | ---: | ---: | ---: | ---: | ---: |
        | coffee | 1 | 0 | 0 | 0 | 0 | 1 |
        | tea | 0 | 0 | 1 | 0 | 0 | 1 |
        | (no product) | 0 | 1 | 0 | 0 | 0 | 1 |
        | all | 1 | 1 | 1 | 0 | 0 | 3 |

        Each insight, newest first:

        | Date | Officer | CC | Product | Kind | Insight |
        """), "\(section)")
    #expect(section.contains("| 2026-09-12 | akinyi | ET | - | supply | I4 harvest late everywhere |"))
    #expect(!section.contains("I5 entered twice"))
    let csv = try box.ok(["report", "region", "AME-ECA", "--period", "2026-Q3", "--format", "csv"])
    for line in [
      "insights,,count,3", "insights,by_kind,demand,1", "insights,by_kind,climate,0", "insight_counts,coffee,demand,1",
      "insight_counts,coffee,total,1", "insight_counts,tea,price,1", "insight_counts,,supply,1",
      "insight_counts,,total,1",
    ] {
      #expect(csv.contains("\r\n\(line)\r\n"), "\(line)")
    }
    let table = try box.ok(["report", "region", "AME-ECA", "--period", "2026-Q3"])
    let insights = try #require(table.components(separatedBy: "\nINSIGHTS\n").last)
    #expect(insights.hasPrefix("  Insights by product and kind\n"), "\(insights)")
    #expect(insights.contains("  (no product)       0       1      0        0      0      1\n"), "\(insights)")
    let html = try box.ok(["report", "region", "AME-ECA", "--period", "2026-Q3", "--format", "html"])
    #expect(html.contains("Insights by product and kind"))
  }
}
