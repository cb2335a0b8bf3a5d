import ArgumentParser
import CaseTracker

extension PSR.OfficerCommand {
  /// `psr officer show HANDLE`
  struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "show", abstract: "Show an officer and the countries covered.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The officer's handle.") var handle: String
    @OptionGroup var output: FormatOption

    func run() throws {
      let store = try global.openStore()
      let officer = try store.officers.require(handle)
      let names = Dictionary(
        uniqueKeysWithValues: try store.countries.list().map { ($0.code, $0.name) })
      Output.show(
        officer.record, format: output.format, fields: Officer.fields, details: officer.details(names: names))
    }
  }
}
