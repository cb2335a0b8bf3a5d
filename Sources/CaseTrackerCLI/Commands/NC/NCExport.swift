import ArgumentParser
import CaseTracker

extension PSR.NCCommand {
  /// `psr nc export [--region R] [--country CC] [--from DATE] [--to DATE] [--format csv|json]`
  struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "export", abstract: "Write every non-conformity, open or corrected, as CSV or JSON.",
      discussion:
        "NCs come in the order they were recorded, every field whole. --region and --country go by the producer's country; --from and --to by the day the NC was recorded (UTC), both included. 'overdue' is as of today (or --today)."
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var place: PlaceOptions
    @OptionGroup var dates: DateRangeOptions
    @OptionGroup var export: ExportOptions

    func run() throws {
      let store = try global.openStore()
      let filter = ExportFilter(region: place.region, country: place.country, from: dates.from, to: dates.to)
      try ExportWriter.run(
        export, columns: NonConformity.exportFields, noun: "non-conformities", global: global
      ) { writer in
        try store.exports.nonConformities(filter) { try writer.write($0.record.withShortID) }
      }
    }
  }
}
