import ArgumentParser
import CaseTracker

extension PSR.InsightCommand {
  /// `psr insight list …`
  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List insights, newest first.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var place: PlaceOptions
    @Option(help: "Insights about this product.") var product: String?
    @Option(help: "Insights of this kind.") var kind: InsightKind?
    @OptionGroup var dates: DateRangeOptions
    @Flag(help: "Voided insights too (left out otherwise).") var voided = false
    @OptionGroup var limit: LimitOption
    @OptionGroup var output: FormatOption

    func run() throws {
      var filter = InsightFilter()
      filter.region = place.region
      filter.country = place.country
      filter.product = product
      filter.from = dates.from
      filter.to = dates.to
      filter.includeVoided = voided
      filter.kind = kind
      filter.limit = limit.limit
      let insights = try global.openStore().insights.list(filter)
      Output.list(
        insights.map(\.record), format: output.format, columns: Insight.columns, fields: Insight.fields,
        noun: "insights", quiet: global.quiet)
    }
  }
}
