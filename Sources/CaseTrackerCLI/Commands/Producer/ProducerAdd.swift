import ArgumentParser
import CaseTracker

extension PSR.ProducerCommand {
  /// `psr producer add --name N --country CC --type spo|hlo|cp [--flo-id N] [--products a,b] [--members N]
  /// [--status S]`
  struct Add: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "add", abstract: "Register a producer organization; prints its short id.",
      discussion:
        "Example: psr producer add --name 'Kabarole Tea Growers' --country UG --type spo --flo-id 27651 --products tea,coffee --members 830"
    )

    @OptionGroup var global: GlobalOptions
    @Option(help: "The organization's name.") var name: String
    @Option(help: "Country code, such as KE.") var country: String
    @Option(help: "spo (small-scale producer organization), hlo (hired labour) or cp (contract production).")
    var type: ProducerType
    @Option(name: .customLong("flo-id"), help: "The FLO ID, a positive whole number; none for prospects.")
    var floID: String?
    @Option(help: "Products, comma-separated, such as coffee,cocoa.") var products: String?
    @Option(parsing: .unconditional, help: "Members or workers (at most 10000000).", transform: NumberArgument.whole)
    var members: Int?
    @Option(help: "Certification status (default prospect).") var status: CertificationStatus = .prospect
    @Option(help: "The day that status took effect, such as the day it was certified (default today).")
    var since: String?

    func validate() throws {
    }

    func run() throws {
      let draft = ProducerDraft(
        name: name, country: country, type: type, floID: floID,
        products: try Validate.products(products ?? ""), members: members, status: status, statusSince: since)
      let (producer, warning) = try global.openStore().producers.add(draft)
      Output.data(producer.shortID + "\n")
      if let warning { Output.warning(warning) }
      global.say("added \(producer.name) (\(producer.country), \(producer.type.rawValue), \(producer.status.rawValue))")
    }
  }
}
