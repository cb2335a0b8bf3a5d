import ArgumentParser

extension PSR {
  /// `psr visit …`
  struct VisitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "visit",
      abstract: "Log field visits, remote advice, trainings, workshops, meetings and events.",
      subcommands: [Log.self, List.self, Show.self, Update.self, Void.self, Export.self])
  }
}
