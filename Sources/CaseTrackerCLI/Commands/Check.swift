import ArgumentParser
import CaseTracker

extension PSR {
  /// `psr check`
  struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "check",
      abstract:
        "Check the database: integrity, foreign keys, migrations, schema, the append-only timelines, the search index.",
      discussion: """
        Prints each check with ok or FAIL; exits 65 when any check fails. The schema check compares every table, \
        index, trigger and view with what psr's migrations create, and lists each one that differs, is missing \
        or was not made by psr (SQLite's own, such as sqlite_stat1 from ANALYZE, are allowed).
        """)

    @OptionGroup var global: GlobalOptions

    func run() throws {
      let results = try global.openStore().maintenance.check()
      let style = TerminalStyle.stdout
      var text = ""
      for result in results {
        let mark = result.passed ? "ok  " : style.bold("FAIL")
        // SQLite's messages and the names of objects someone else made are quoted: escaped for the terminal.
        text += "\(mark)  \(result.name): \(TerminalText.escaped(result.detail))\n"
        for line in result.lines { text += "        \(TerminalText.escaped(line))\n" }
      }
      Output.data(text)
      let failed = results.filter { !$0.passed }
      if !failed.isEmpty {
        throw DomainError.invalid(
          "\(failed.count) check(s) failed: \(failed.map(\.name).joined(separator: ", ")); restore from a backup or ask for help"
        )
      }
    }
  }
}
