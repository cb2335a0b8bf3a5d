import ArgumentParser
import CaseTracker

extension PSR.VisitCommand {
  /// `psr visit export [--region R] [--country CC] [--from DATE] [--to DATE] [--format csv|json]`
  struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "export", abstract: "Write every visit, training and other activity as CSV or JSON.",
      discussion:
        "Activities come oldest first (by date), every field whole, with the ids of the cases each is linked to. --from and --to select by the activity's date, both included."
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var place: PlaceOptions
    @OptionGroup var dates: DateRangeOptions
    @OptionGroup var export: ExportOptions

    func run() throws {
      let store = try global.openStore()
      let filter = ExportFilter(region: place.region, country: place.country, from: dates.from, to: dates.to)
      try ExportWriter.run(export, columns: Activity.exportFields, noun: "activities", global: global) { writer in
        try store.exports.visits(filter) { try writer.write($0.record.withShortID) }
      }
    }
  }
}
