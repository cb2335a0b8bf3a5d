import ArgumentParser
import CaseTracker

extension PSR.CountryCommand {
  /// `psr country list [--region CODE]`
  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "list", abstract: "List countries with their sub-region and network.",
      discussion: "Without --region, all 249 ISO 3166-1 countries are listed.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Only countries of this region; a network includes its sub-regions.") var region: String?
    @OptionGroup var output: FormatOption

    func run() throws {
      let countries = try global.openStore().countries.list(region: region)
      Output.list(
        countries.map(\.record), format: output.format, columns: Country.columns, fields: Country.fields,
        noun: "countries", quiet: global.quiet)
    }
  }
}
