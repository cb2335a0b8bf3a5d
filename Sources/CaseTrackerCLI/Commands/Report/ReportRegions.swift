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
    @Option(help: "table, markdown, json or csv.") var format: ReportFormat = .table
    @Option(help: "Write to this file instead of standard output.") var output: String?

    func validate() throws {
      if format == .html { throw ValidationError("report regions is written as table, markdown, json or csv") }
    }

    func run() throws {
      let store = try global.openStore()
      let resolved = try period.resolve(today: store.clock.today)
      warnIfUnfinished(resolved)
      let summaries = try store.reports.summaries(level: level, period: resolved)
      let records = summaries.map { summary -> Record in
        let h = summary.headline
        return Record([
          // The last row, the countries outside every region, has no region: null in JSON, empty in CSV.
          ("region", Field(summary.region?.code)), ("name", .text(summary.region?.name ?? "outside every region")),
          ("parent", Field(summary.region?.parent)), ("period", .text(resolved.label)), ("from", .text(resolved.from)),
          ("to", .text(resolved.to)), ("producers_covered", .int(h.producersCovered)),
          ("activities", .int(h.activities)),
          ("field_visits", .int(h.fieldVisits)), ("trainings", .int(h.trainings)),
          ("participants_women", .int(h.women)),
          ("participants_men", .int(h.men)), ("participants_other", .int(h.other)),
          ("participants_total", .int(h.participants)), ("new_certifications", .int(h.newCertifications)),
          ("cases_opened", .int(h.casesOpened)), ("cases_closed", .int(h.casesClosed)),
          ("cases_open_at_end", .int(summary.openAtEnd)), ("cases_overdue_at_end", .int(summary.overdueAtEnd)),
          ("as_of", .text(resolved.asOf)),
        ])
      }
      let fields = records.first?.fields.map(\.name) ?? []
      let headers = [
        ("REGION", "region"), ("PRODUCERS", "producers_covered"), ("VISITS", "field_visits"),
        ("TRAININGS", "trainings"),
        ("ACTIVITIES", "activities"), ("WOMEN", "participants_women"), ("MEN", "participants_men"),
        ("OTHER", "participants_other"), ("NEW CERT", "new_certifications"), ("OPENED", "cases_opened"),
        ("CLOSED", "cases_closed"), ("OPEN", "cases_open_at_end"), ("OVERDUE", "cases_overdue_at_end"),
      ]
      // The row with no region is the countries outside every region.
      let columns = headers.map { header in
        header.1 == "region"
          ? TableColumn(header.0) { $0["region"] == .null ? "(outside)" : $0["region"].plain }
          : TableColumn(header.0, header.1)
      }
      let text: String
      switch format {
      case .json: text = JSONRenderer.render(records)
      case .csv: text = CSVRenderer.render(records, columns: fields)
      case .markdown:
        text =
          "# Regions, \(resolved.title): \(resolved.from) to \(resolved.to)\n\n"
          + "| " + headers.map(\.0).joined(separator: " | ") + " |\n"
          + "| --- |" + String(repeating: " ---: |", count: headers.count - 1) + "\n"
          + records.map { record in
            "| " + columns.map { ReportTextRenderer.escape($0.cell(record)) }.joined(separator: " | ") + " |"
          }
          .joined(separator: "\n") + "\n"
      case .table, .html:
        global.say("\(resolved.title): \(resolved.from) to \(resolved.to)")
        text = TableRenderer.render(
          records, columns: columns,
          style: output == nil ? .stdout : TerminalStyle(enabled: false))
      }
      try emit(text, isCSV: format == .csv, to: output, global: global)
    }
  }
}
