import ArgumentParser
import CaseTracker

extension PSR {
  /// `psr search QUERY`
  struct Search: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "search", abstract: "Search cases, notes, resolutions, visits, insights, producers and officers.",
      discussion: """
        QUERY uses SQLite FTS5 syntax: words (all must match), "a phrase", OR, NOT, prefix*. Accents and \
        case are ignored. Results are ranked best first among the newest 5,000 matches (all matches but \
        for the commonest words).
        Example: psr search 'audit NOT renewal'
        """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "What to look for.") var query: String
    @Option(parsing: .unconditional, help: "At most this many results.", transform: NumberArgument.whole) var limit = 20
    @OptionGroup var output: FormatOption

    func validate() throws {
      if limit < 1 { throw ValidationError("--limit must be at least 1") }
    }

    func run() throws {
      let hits = try global.openStore().search.search(query, limit: limit)
      Output.list(
        hits.map(\.record), format: output.format, columns: SearchHit.columns, fields: SearchHit.fields,
        noun: "matches",
        quiet: global.quiet)
    }
  }
}
