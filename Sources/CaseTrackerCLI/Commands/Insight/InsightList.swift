import ArgumentParser
import CaseTracker

extension PSR.InsightCommand {
  /// `psr insight list …`
  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List insights, newest first.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Insights about this region's countries.") var region: String?
    @Option(help: "Insights about this country.") var country: String?
    @Option(help: "Insights about this product.") var product: String?
    @Option(help: "On or after this date.") var from: String?
    @Option(help: "On or before this date.") var to: String?
    @OptionGroup var output: FormatOption

    func run() throws {
      var filter = InsightFilter()
      filter.region = region
      filter.country = country
      filter.product = product
      filter.from = from
      filter.to = to
      let insights = try global.openStore().insights.list(filter)
      Output.list(
        insights.map(\.record), format: output.format, columns: Insight.columns, fields: Insight.fields,
        noun: "insights", quiet: global.quiet)
    }
  }
}
