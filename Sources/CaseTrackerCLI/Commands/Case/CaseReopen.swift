import ArgumentParser
import CaseTracker

extension PSR.CaseCommand {
  /// `psr case reopen REF --reason TEXT`
  struct Reopen: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "reopen", abstract: "Reopen a resolved or cancelled case; it becomes active.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The case: an id prefix of at least 6 characters.") var ref: String
    @Option(help: "Why it is reopened.") var reason: String

    func run() throws {
      let reopened = try global.openStore().cases.reopen(ref, reason: reason)
      global.say("reopened case \(reopened.shortID); it is active again")
    }
  }
}
