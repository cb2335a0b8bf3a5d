import ArgumentParser
import CaseTracker

extension PSR {
  /// `psr case …`
  struct CaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "case",
      abstract: "Open, follow and close advisory cases.",
      discussion: """
        REF is a unique prefix of the case's id (at least 6 characters); the short id printed by \
        'case open' works. Statuses: open, active, waiting (pending: pauses the overdue clock), resolved \
        and cancelled (closed). A case is overdue when it is open or active and its due date has passed.
        """,
      subcommands: [Open.self, List.self, Show.self, Update.self, Note.self, Close.self, Reopen.self, Export.self])
  }
}

/// Reads TEXT, or standard input when TEXT is `-`.
func textArgument(_ text: String) throws -> String {
  guard text == "-" else { return text }
  var lines: [String] = []
  while let line = readLine(strippingNewline: false) { lines.append(line) }
  return lines.joined()
}
