import ArgumentParser
import CaseTracker

extension PSR {
  /// `psr check`
  struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "check",
      abstract:
        "Check the database: integrity, foreign keys, migrations, schema, bounds, the append-only timelines, the search index, places.",
      discussion: """
        Prints each check with ok, warn or FAIL; exits 65 when any check fails (warnings alone exit 0). The schema check compares every table, \
        index, trigger and view with what psr's migrations create, and lists each one that differs, is missing \
        or was not made by psr (SQLite's own, such as sqlite_stat1 from ANALYZE, are allowed). The places \
        check warns of countries that belong to no region yet hold producers, officers or cases: no region's \
        report counts them; 'psr country set-region' places them.
        """)

    @OptionGroup var global: GlobalOptions

    func run() throws {
      let results = try global.openStore().maintenance.check()
      let style = TerminalStyle.stdout
      var text = ""
      for result in results {
        let mark =
          switch result.outcome {
          case .ok: "ok  "
          case .warning: style.yellow("warn")
          case .failed: style.bold("FAIL")
          }
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
