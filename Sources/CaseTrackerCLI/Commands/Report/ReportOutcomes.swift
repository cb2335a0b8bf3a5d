import ArgumentParser
import CaseTracker

extension PSR.ReportCommand {
  /// `psr report outcomes CODE --from YEAR --to YEAR`
  struct Outcomes: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "outcomes",
      abstract: "A region's certification outcomes year by year, for producers advised and not advised.",
      discussion: """
        For each year: the audits held in the region, the NCs raised per audit, the share of audits with a \
        major NC, the NCs corrected by their deadline (of those due that year), and the producers suspended and \
        decertified; each split between producers advised (a certification case open, a field visit, remote \
        advice or a training in the 12 months before) and not advised. The split shows association, not cause.
        Formats: table, markdown, json, csv (year,group,metric,value), html (with charts).
        Example: psr report outcomes AME-ECA --from 2024 --to 2026 --format html --output outcomes.html
        """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The region code, such as AME-ECA or AME.") var code: String
    @Option(help: "The first year (default: two years before this one).") var from: Int?
    @Option(help: "The last year (default: this year).") var to: Int?
    @Option(help: "table, markdown, json, csv or html (else what --output's extension names, else table).")
    var format: ReportFormat?
    @Option(help: "Write to this file instead of standard output.") var output: String?

    func run() throws {
      let store = try global.openStore()
      let today = store.clock.today
      let thisYear = Int(today.prefix(4)) ?? 2026
      let last = to ?? thisYear
      let (region, years) = try store.reports.outcomes(
        region: code, from: from ?? min(last, thisYear) - 2, to: last, today: today)
      if let current = years.last?.period, current.inProgress {
        global.say("\(current.label) has not ended: it is counted as of today, \(current.asOf)")
      }
      let format = ReportFormat.chosen(self.format, output: output)
      let document = ReportDocument(outcomes: region, years: years)
      let text: String
      switch format {
      case .json: text = JSONRenderer.render(ReportDataRenderer.outcomesByYear(region, years))
      case .csv: text = ReportDataRenderer.outcomesByYearCSV(years)
      case .markdown: text = ReportTextRenderer.markdown(document)
      case .html: text = ReportHTMLRenderer.render(document, report: nil)
      case .table:
        text = ReportTextRenderer.terminal(
          document, style: output == nil ? .stdout : TerminalStyle(enabled: false),
          width: output == nil ? TerminalWidth.stdout : nil)
      }
      try emit(text, isCSV: format == .csv, to: output, global: global)
    }
  }
}
