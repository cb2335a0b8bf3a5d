import ArgumentParser
import CaseTracker

extension PSR.InsightCommand {
  /// `psr insight summary [--region R] [--country CC] [--product P] [--from DATE] [--to DATE] [--newest N]`
  struct Summary: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "summary",
      abstract: "Count insights by product and kind across regions, with each product's newest texts.",
      discussion: """
        Each product's insights are counted by kind (demand, supply, price, climate, other) and by the \
        sub-region of their country, so that it shows where demand or supply signals cluster; the products with \
        the most insights come first, and the insights that name no product last, as '(no product)'. A country \
        in no region counts as '(outside)'. Voided insights are left out. --from and --to select by the \
        insight's date, both included.

        Examples:
          psr insight summary --from 2026-01-01
          psr insight summary --region AME --product coffee --format json
        """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var place: PlaceOptions
    @Option(help: "Insights about this product.") var product: String?
    @OptionGroup var dates: DateRangeOptions
    @Option(
      parsing: .unconditional,
      help: ArgumentHelp("How many of each product's newest insights to show (default 3; 0 for none).", valueName: "n"),
      transform: NumberArgument.whole)
    var newest = 3
    @OptionGroup var output: FormatOption

    func run() throws {
      var filter = InsightFilter()
      filter.region = place.region
      filter.country = place.country
      filter.product = product
      filter.from = dates.from
      filter.to = dates.to
      let summary = try global.openStore().insights.summary(filter, newest: newest)
      InsightSummaryRecords.write(summary, format: output.format, quiet: global.quiet)
    }
  }
}
