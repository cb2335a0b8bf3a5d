import ArgumentParser

extension PSR {
  /// `psr region …`
  struct RegionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "region",
      abstract: "List and add regions (the producer networks and their sub-regions) and set their priority areas.",
      subcommands: [List.self, Add.self, Priorities.self])
  }
}
