import ArgumentParser

extension PSR {
  /// `psr insight …`
  struct InsightCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "insight",
      abstract: "Record and list product and region information: demand, supply, price, climate.",
      subcommands: [Add.self, List.self, Export.self])
  }
}
