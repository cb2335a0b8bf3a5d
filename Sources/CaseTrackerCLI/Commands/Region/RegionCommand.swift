import ArgumentParser

extension PSR {
  /// `psr region …`
  struct RegionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "region",
      abstract: "List and add regions: the producer networks and their sub-regions.",
      subcommands: [List.self, Add.self])
  }
}
