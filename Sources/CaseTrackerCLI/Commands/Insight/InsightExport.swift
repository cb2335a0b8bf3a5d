import ArgumentParser
import CaseTracker

extension PSR.InsightCommand {
  /// `psr insight export [--region R] [--country CC] [--from DATE] [--to DATE] [--format csv|json]`
  struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "export", abstract: "Write every insight as CSV or JSON.",
      discussion:
        "Insights come oldest first (by date), every field whole. --from and --to select by the insight's date, both included."
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var place: PlaceOptions
    @OptionGroup var dates: DateRangeOptions
    @OptionGroup var export: ExportOptions

    func run() throws {
      let store = try global.openStore()
      let filter = ExportFilter(region: place.region, country: place.country, from: dates.from, to: dates.to)
      try ExportWriter.run(export, columns: Insight.exportFields, noun: "insights", global: global) { writer in
        try store.exports.insights(filter) { try writer.write($0.record.withShortID) }
      }
    }
  }
}
