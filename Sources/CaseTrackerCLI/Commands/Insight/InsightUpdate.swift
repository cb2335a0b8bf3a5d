import ArgumentParser
import CaseTracker

extension PSR.InsightCommand {
  /// `psr insight update ID [--date] [--kind] [--product] [--text]`
  struct Update: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "update", abstract: "Correct an insight: its date, kind, product or text.",
      discussion:
        "Each changed field is kept in the insight's history with its old and new value, who changed it and when (psr insight show), and syncs like any change. Example: psr insight update 5e21c0 --text 'Auction prices fell 6% in October' --reason 'typo in the figure'"
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The insight: an id prefix of at least 6 characters.") var id: String
    @Option(help: "When it was gathered, YYYY-MM-DD.") var date: String?
    @Option(help: "demand, supply, price, climate or other.") var kind: InsightKind?
    @Option(help: "The product it is about.") var product: String?
    @Flag(help: "It is about no one product: clear the product.") var noProduct = false
    @Option(help: "The information ('-' reads standard input).") var text: String?
    @Option(help: "Why it is corrected (kept with the correction).") var reason: String?

    func validate() throws {
      if product != nil && noProduct { throw ValidationError("give --product or --no-product, not both") }
    }

    func run() throws {
      var patch = InsightPatch()
      patch.date = date
      patch.kind = kind
      patch.product = product
      patch.clearProduct = noProduct
      patch.text = try text.map(textArgument)
      guard !patch.isEmpty else {
        throw ValidationError("give a field to correct: --date, --kind, --product, --no-product or --text")
      }
      let (insight, corrections) = try global.openStore().insights.update(id, patch, reason: reason)
      global.say(PSR.VisitCommand.Update.summary(corrections, of: "insight \(insight.shortID)"))
    }
  }

  /// `psr insight void ID --reason TEXT`
  struct Void: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "void", abstract: "Void an insight recorded by mistake: kept, and left out of lists and reports.",
      discussion:
        "The insight stays in the database with who voided it, when and why (psr insight show), and is left out of lists (unless --voided), reports and search."
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The insight: an id prefix of at least 6 characters.") var id: String
    @Option(help: "Why it is voided (required).") var reason: String

    func run() throws {
      let (insight, _) = try global.openStore().insights.void(id, reason: reason)
      global.say(
        "voided insight \(insight.shortID) of \(insight.date); psr insight show \(insight.shortID) still shows it")
    }
  }

  /// `psr insight show ID`
  struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "show", abstract: "Show an insight and its corrections.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The insight: an id prefix of at least 6 characters.") var id: String
    @OptionGroup var output: FormatOption

    func run() throws {
      let store = try global.openStore()
      let insight = try store.insights.resolve(id)
      let corrections = try store.insights.corrections(of: insight)
      Output.show(
        CorrectionDetails.record(insight.record, corrections: corrections), format: output.format,
        fields: Insight.fields,
        details: insight.details
          + CorrectionDetails.lines(
            voidedAt: insight.voidedAt, voidReason: insight.voidReason, corrections: corrections))
    }
  }
}
