import ArgumentParser
import CaseTracker

extension PSR {
  /// `psr producer …`
  struct ProducerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "producer",
      abstract: "Register producer organizations, one at a time or from CSV.",
      discussion: "REF is a FLO ID or a unique prefix of the producer's id (at least 6 characters).",
      subcommands: [Add.self, List.self, Show.self, Update.self, Status.self, Merge.self, Import.self, Export.self])
  }
}
