import ArgumentParser
import CaseTracker

extension PSR.OfficerCommand {
  /// `psr officer list [--region CODE] [--country CC] [--inactive]`
  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "list", abstract: "List officers, active ones unless --inactive.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Officers based in or covering a country of this region (a network includes its sub-regions).")
    var region: String?
    @Option(help: "Officers covering this country.") var country: String?
    @Flag(help: "Include inactive officers.") var inactive = false
    @OptionGroup var output: FormatOption

    func run() throws {
      let officers = try global.openStore().officers.list(
        region: region, country: country, includeInactive: inactive)
      Output.list(
        officers.map(\.record), format: output.format, columns: Officer.columns, fields: Officer.fields,
        noun: "officers", quiet: global.quiet)
    }
  }
}
