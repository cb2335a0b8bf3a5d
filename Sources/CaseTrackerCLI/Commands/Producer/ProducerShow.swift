import ArgumentParser
import CaseTracker

extension PSR.ProducerCommand {
  /// `psr producer show REF`
  struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show a producer organization.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "A FLO ID or an id prefix of at least 6 characters.") var ref: String
    @OptionGroup var output: FormatOption

    func run() throws {
      let store = try global.openStore()
      let producer = try store.producers.resolve(ref)
      let countryName = try store.countries.country(producer.country)?.name
      Output.show(
        producer.record, format: output.format, fields: Producer.detailFields,
        details: producer.details(countryName: countryName))
    }
  }
}
