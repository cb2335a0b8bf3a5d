import ArgumentParser
import CaseTracker

extension PSR.CaseCommand {
  /// `psr case export [--events] [--region R] [--country CC] [--from DATE] [--to DATE] [--format csv|json]`
  struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "export", abstract: "Write every case, open or closed, with its timeline, as CSV or JSON.",
      discussion:
        "Cases come oldest first (by opening), every field whole, with the ids of the NCs linked to each. JSON gives each case its events as an array 'events'; CSV gives one row per case, or with --events one row per event, each with its case's id and short id. --from and --to select by the day the case was opened (UTC), both included."
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var place: PlaceOptions
    @OptionGroup var dates: DateRangeOptions
    @Flag(help: "CSV: one row per event of the cases' timelines instead of one per case.") var events = false
    @OptionGroup var export: ExportOptions

    func validate() throws {
      if events && export.chosenFormat == .json {
        throw ValidationError("--events is for CSV; a JSON export gives each case its events already")
      }
    }

    func run() throws {
      let store = try global.openStore()
      let filter = ExportFilter(region: place.region, country: place.country, from: dates.from, to: dates.to)
      let json = export.chosenFormat == .json
      try ExportWriter.run(
        export, columns: events ? CaseEvent.exportFields : Case.exportFields, noun: events ? "events" : "cases",
        global: global
      ) { writer in
        try store.exports.cases(filter, events: json || events) { found in
          if events {
            for event in found.events { try writer.write(event.exportRecord) }
          } else {
            try writer.write(found.record(events: json))
          }
        }
      }
    }
  }
}
