import ArgumentParser
import CaseTracker

extension PSR.CaseCommand {
  /// `psr case note REF TEXT`
  struct Note: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "note", abstract: "Add a note to a case's timeline (closed cases accept notes too).",
      discussion: "Example: echo 'Called the manager' | psr case note 3f9c2a -")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The case: an id prefix of at least 6 characters.") var ref: String
    @Argument(help: "The note; '-' reads it from standard input.") var text: String

    func run() throws {
      let noted = try global.openStore().cases.note(ref, text: try textArgument(text))
      global.say("noted on case \(noted.shortID)")
    }
  }
}
