import ArgumentParser
import CaseTracker

extension PSR.AuditCommand {
  /// `psr audit export [--region R] [--country CC] [--from DATE] [--to DATE] [--format csv|json]`
  struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "export", abstract: "Write every audit as CSV or JSON.",
      discussion:
        "Audits come oldest first (by date), every field whole. --region and --country go by the producer's country; --from and --to by the audit's date, both included."
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var place: PlaceOptions
    @OptionGroup var dates: DateRangeOptions
    @OptionGroup var export: ExportOptions

    func run() throws {
      let store = try global.openStore()
      let filter = ExportFilter(region: place.region, country: place.country, from: dates.from, to: dates.to)
      try ExportWriter.run(export, columns: Audit.exportFields, noun: "audits", global: global) { writer in
        try store.exports.audits(filter) { try writer.write($0.record.withShortID) }
      }
    }
  }
}
