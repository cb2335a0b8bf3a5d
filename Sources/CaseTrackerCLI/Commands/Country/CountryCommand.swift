import ArgumentParser

extension PSR {
  /// `psr country …`
  struct CountryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "country",
      abstract: "List countries and move them between sub-regions.",
      subcommands: [List.self, SetRegion.self])
  }
}
