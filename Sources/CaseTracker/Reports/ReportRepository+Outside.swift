import SQLite

extension ReportRepository {
  /// The summary of the countries that belong to no region ("outside every region"), counted by the same
  /// queries as a region's over those countries' codes, so that the rows of `summaries` add up to the whole
  /// database. Always there, with zeros when those countries hold nothing, so the listing keeps one shape.
  public func outsideSummary(period: ReportPeriod) throws -> RegionSummary {
    try db.read {
      let scope = Scope(period: period, countries: try store.countries.unplaced().map(\.code))
      try collect(scope)
      var headline = try headline(scope)
      let counts = try caseCounts(scope)
      headline.casesOpened = counts.opened
      headline.casesClosed = counts.closed
      return RegionSummary(
        region: nil, headline: headline, openAtEnd: counts.openAtEnd, overdueAtEnd: counts.overdueAtEnd)
    }
  }
}
