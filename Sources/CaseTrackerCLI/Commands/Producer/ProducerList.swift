import ArgumentParser
import CaseTracker

extension PSR.ProducerCommand {
  /// `psr producer list [--region] [--country] [--type] [--status] [--product]`
  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "list", abstract: "List producer organizations by name.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Only this region's producers; a network includes its sub-regions.") var region: String?
    @Option(help: "Only this country's producers.") var country: String?
    @Option(help: "Only this type: spo, hlo or cp.") var type: ProducerType?
    @Option(help: "Only this certification status.") var status: CertificationStatus?
    @Option(help: "Only producers of this product.") var product: String?
    @OptionGroup var output: FormatOption

    func run() throws {
      let producers = try global.openStore().producers.list(
        ProducerFilter(region: region, country: country, type: type, status: status, product: product))
      Output.list(
        producers.map(\.record), format: output.format, columns: Producer.columns, fields: Producer.fields,
        noun: "producers", quiet: global.quiet)
    }
  }
}
