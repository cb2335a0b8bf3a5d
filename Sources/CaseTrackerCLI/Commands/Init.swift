import ArgumentParser
import CaseTracker

extension PSR {
  /// `psr init`: create the database, or bring an existing one up to date.
  struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "init", abstract: "Create the database, or apply pending migrations to an existing one.",
      discussion: """
        A new database is created with mode 0600 (its folder 0700 when psr creates it) and loaded with \
        all ISO 3166-1 countries and the default producer region map (77 countries in 12 sub-regions of \
        AME, ASP and LAC). Running it again applies pending migrations only.
        """)

    @OptionGroup var global: GlobalOptions

    func run() throws {
      let path = global.databasePath
      let (_, setup) = try Store.create(at: path, clock: try global.clock, actor: global.actorName)
      if setup.created {
        global.say(
          "created \(path): \(setup.appliedMigrations.count) migration(s), \(setup.countriesLoaded) countries, \(setup.regionsLoaded) regions"
        )
      } else if setup.appliedMigrations.isEmpty {
        global.say("\(path) is up to date; no pending migrations")
      } else {
        global.say(
          "applied \(setup.appliedMigrations.count) pending migration(s) to \(path): \(setup.appliedMigrations.joined(separator: ", "))"
        )
      }
    }
  }
}
