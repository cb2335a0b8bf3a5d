import ArgumentParser

extension PSR {
  /// `psr insight …`
  struct InsightCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "insight",
      abstract: "Record, list and correct product and region information: demand, supply, price, climate.",
      subcommands: [Add.self, List.self, Summary.self, Show.self, Update.self, Void.self, Export.self])
  }
}
