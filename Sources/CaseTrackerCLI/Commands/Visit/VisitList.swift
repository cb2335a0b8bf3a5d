import ArgumentParser
import CaseTracker

extension PSR.VisitCommand {
  /// `psr visit list …`
  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List logged activities, newest first.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Activities in this region's countries (a network includes its sub-regions).") var region: String?
    @Option(help: "Activities in this country.") var country: String?
    @Option(help: "Activities by this officer.") var officer: String?
    @Option(help: "Activities with this producer: FLO ID or id prefix.") var producer: String?
    @Option(help: "Activities of this kind.") var kind: ActivityKind?
    @Option(help: "On or after this date.") var from: String?
    @Option(help: "On or before this date.") var to: String?
    @OptionGroup var output: FormatOption

    func run() throws {
      var filter = ActivityFilter()
      filter.region = region
      filter.country = country
      filter.officer = officer
      filter.producer = producer
      filter.kind = kind
      filter.from = from
      filter.to = to
      let activities = try global.openStore().activities.list(filter)
      Output.list(
        activities.map(\.record), format: output.format, columns: Activity.columns, fields: Activity.fields,
        noun: "visits", quiet: global.quiet)
    }
  }
}
