import ArgumentParser
import CaseTracker

extension PSR.ReportCommand {
  /// `psr report regions …`
  struct Regions: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "regions",
      abstract: "Every region side by side: headline KPIs and case counts, for comparing regions.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var period: PeriodOptions
    @Option(help: "top (the three networks) or sub (their sub-regions).") var level: ReportRepository.RegionLevel = .sub
    @Option(help: "table, markdown, json, csv or html (else what --output's extension names, else table).")
    var format: ReportFormat?
    @Option(help: "Write to this file instead of standard output.") var output: String?

    func run() throws {
      let store = try global.openStore()
      let resolved = try period.resolve(today: store.clock.today)
      warnIfUnfinished(resolved)
      let summaries = try store.reports.summaries(level: level, period: resolved)
      let records = RegionsRenderer.records(summaries, period: resolved)
      let format = ReportFormat.chosen(self.format, output: output)
      let text: String
      switch format {
      case .json: text = JSONRenderer.render(records)
      case .csv: text = CSVRenderer.render(records, columns: records.first?.fields.map(\.name) ?? [])
      case .markdown: text = RegionsRenderer.markdown(records, period: resolved)
      case .html: text = RegionsRenderer.html(records, period: resolved, countries: try store.countries.list())
      case .table:
        // The period heads the table, so that a table saved or piped still says what it covers.
        text =
          "Regions side by side, \(resolved.heading)\n"
          + TableRenderer.render(
            records, columns: RegionsRenderer.columns,
            style: output == nil ? .stdout : TerminalStyle(enabled: false),
            width: output == nil ? TerminalWidth.stdout : nil)
      }
      try emit(text, isCSV: format == .csv, to: output, global: global)
    }
  }
}
