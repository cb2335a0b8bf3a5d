import ArgumentParser
import CaseTracker

extension PSR.VisitCommand {
  /// `psr visit list …`
  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "list", abstract: "List logged activities, newest first.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var place: PlaceOptions
    @Option(help: "Activities by this officer.") var officer: String?
    @Option(help: "Activities with this producer: FLO ID or id prefix.") var producer: String?
    @Option(help: "Activities of this kind.") var kind: ActivityKind?
    @OptionGroup var dates: DateRangeOptions
    @Flag(help: "Voided activities too (left out otherwise).") var voided = false
    @OptionGroup var limit: LimitOption
    @OptionGroup var output: FormatOption

    func run() throws {
      var filter = ActivityFilter()
      filter.region = place.region
      filter.country = place.country
      filter.officer = officer
      filter.producer = producer
      filter.kind = kind
      filter.from = dates.from
      filter.to = dates.to
      filter.includeVoided = voided
      filter.limit = limit.limit
      let activities = try global.openStore().activities.list(filter)
      Output.list(
        activities.map(\.record), format: output.format, columns: Activity.columns, fields: Activity.fields,
        noun: "visits", quiet: global.quiet)
    }
  }
}
