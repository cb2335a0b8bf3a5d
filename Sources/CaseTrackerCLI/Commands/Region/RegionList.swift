import ArgumentParser
import CaseTracker

extension PSR.RegionCommand {
  /// `psr region list`
  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "list",
      abstract: "List regions, each network followed by its sub-regions, with their country counts.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: FormatOption

    func run() throws {
      let regions = try global.openStore().regions.all()
      Output.list(
        regions.map(\.record), format: output.format, columns: Region.columns, fields: Region.fields,
        noun: "regions", quiet: global.quiet)
    }
  }
}
