import SQLite

extension ReportRepository {
  /// The insights of the report's insights section counted by product, sub-region and kind: those dated in
  /// the period in the region, voided ones left out; the same counts as `psr insight summary --region R
  /// --from FIRST --to LAST`.
  func insightCounts(_ scope: Scope) throws -> InsightTally {
    try InsightTally(
      rows: scopedRows(
        InsightRepository.countsSQL(
          where: " WHERE i.date >= ?1 AND i.date <= ?4 AND i.voided_at IS NULL AND \(Self.inRegion("i.country"))"),
        scope.arguments))
  }
}
