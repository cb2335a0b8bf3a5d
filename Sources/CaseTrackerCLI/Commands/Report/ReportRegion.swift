import ArgumentParser
import CaseTracker

extension PSR.ReportCommand {
  /// `psr report region CODE …`
  struct Region: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "region", abstract: "A region's report for a period; a network covers all its sub-regions.",
      discussion: """
        Formats: table (the terminal), markdown, json (a stable structure, described in README.md), csv (long \
        and tidy: section,group,metric,value), html (one self-contained page with charts and a map, printable \
        on A4).
        Example: psr report region AME-ECA --period 2026-Q3 --format html --output ame-eca-2026-q3.html
        """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The region code, such as AME-ECA or AME.") var code: String
    @OptionGroup var period: PeriodOptions
    @Option(help: "table, markdown, json, csv or html (else what --output's extension names, else table).")
    var format: ReportFormat?
    @Option(help: "Write to this file instead of standard output.") var output: String?

    func run() throws {
      let store = try global.openStore()
      let resolved = try period.resolve(today: store.clock.today)
      warnIfUnfinished(resolved)
      let report = try store.reports.report(region: code, period: resolved)
      let format = ReportFormat.chosen(self.format, output: output)
      let text: String
      switch format {
      case .json: text = JSONRenderer.render(ReportDataRenderer.record(report))
      case .csv: text = ReportDataRenderer.csv(report)
      case .markdown: text = ReportTextRenderer.markdown(ReportDocument(report))
      case .html: text = ReportHTMLRenderer.render(ReportDocument(report), report: report)
      case .table:
        text = ReportTextRenderer.terminal(
          ReportDocument(report), style: output == nil ? .stdout : TerminalStyle(enabled: false),
          width: output == nil ? TerminalWidth.stdout : nil)
      }
      try emit(text, isCSV: format == .csv, to: output, global: global)
    }
  }
}
