import ArgumentParser
import CaseTracker

extension PSR.InsightCommand {
  /// `psr insight add --country CC [--product P] --kind K TEXT`
  struct Add: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "add", abstract: "Record an insight; prints its short id.",
      discussion: "Example: psr insight add --country KE --product tea --kind price 'Auction prices fell 8% in October'"
    )

    @OptionGroup var global: GlobalOptions
    @Option(help: "The country it is about.") var country: String
    @Option(help: "The product it is about.") var product: String?
    @Option(help: "demand, supply, price, climate or other.") var kind: InsightKind
    @Option(help: "When it was gathered (default: today).") var date: String?
    @Option(help: "Who gathered it (default: the acting officer).") var officer: String?
    @Argument(help: "The information; '-' reads standard input.") var text: String

    func run() throws {
      let insight = try global.openStore().insights.add(
        country: country, product: product, kind: kind, text: try textArgument(text), date: date, officer: officer)
      Output.data(insight.shortID + "\n")
      global.say("recorded \(insight.kind.rawValue) insight for \(insight.country)")
    }
  }
}
