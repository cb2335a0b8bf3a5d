import ArgumentParser
import CaseTracker

extension PSR.ProducerCommand {
  /// `psr producer list [--region] [--country] [--type] [--status] [--product]`
  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "list", abstract: "List producer organizations, by name unless --sort says otherwise.",
      discussion: """
        --name matches part of the name, case and accents ignored: --name cooperative finds Coopérative. Sort \
        keys: name (A to Z), flo-id (as a number, none last), country (then name), type (spo, hlo, cp), status \
        (prospect to withdrawn, along the certification state machine), members (largest first), registered \
        (newest in psr first).
        """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "Only this region's producers; a network includes its sub-regions.") var region: String?
    @Option(help: "Only this country's producers.") var country: String?
    @Option(help: "Only this type: spo, hlo or cp.") var type: ProducerType?
    @Option(help: "Only this certification status.") var status: CertificationStatus?
    @Option(help: "Only producers of this product.") var product: String?
    @Option(help: "Only producers whose name contains this text (case and accents ignored).") var name: String?
    @Option(help: "Sort by this key.") var sort: ProducerFilter.Sort =
      .name
    @OptionGroup var limit: LimitOption
    @OptionGroup var output: FormatOption

    func run() throws {
      var filter = ProducerFilter(region: region, country: country, type: type, status: status, product: product)
      filter.name = name
      filter.sort = sort
      filter.limit = limit.limit
      let producers = try global.openStore().producers.list(filter)
      Output.list(
        producers.map(\.record), format: output.format, columns: Producer.columns, fields: Producer.fields,
        noun: "producers", quiet: global.quiet)
    }
  }
}
