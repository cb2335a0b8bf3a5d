import CaseTracker

/// The report pages for other programs (the hub server): the same HTML as `psr report region --format html`
/// and `psr report regions --format html`, with a banner (navigation) above the heading.
public enum ReportPages {
  public static func region(_ report: RegionReport, banner: String = "") -> String {
    ReportHTMLRenderer.render(ReportDocument(report), report: report, banner: banner)
  }

  public static func regions(
    _ summaries: [RegionSummary], period: ReportPeriod, countries: [Country] = [], banner: String = "",
    link: ((String) -> String)? = nil
  ) -> String {
    RegionsRenderer.html(
      RegionsRenderer.records(summaries, period: period), period: period, countries: countries, banner: banner,
      link: link)
  }

  /// Text for HTML content and attributes, as the pages escape it.
  public static func escape(_ text: String) -> String { ReportHTMLRenderer.escape(text) }
}
