import ArgumentParser
import CaseTracker

extension PSR {
  /// `psr hub …`
  struct HubCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "hub", abstract: "The unit's hub: the database every officer's changes meet in.",
      subcommands: [Init.self, Serve.self, Import.self, Export.self, Token.self])
  }
}

extension PSR.HubCommand {
  /// `psr hub init`
  struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "init", abstract: "Make this database (--db) the unit's hub; what it holds is the unit's start.",
      discussion: """
        The hub gets a unit id and an ordered log of accepted changes. Officers join with \
        'psr --db MINE sync clone HUB'. Work done on the hub itself is logged at once and reaches everyone.
        """)

    @OptionGroup var global: GlobalOptions

    func run() throws {
      let state = try global.openStore().sync.initHub()
      global.say(
        "\(global.databasePath) is now the hub of unit \(state.unitID.prefix(8)); officers join with: psr --db MINE sync clone \(global.databasePath)"
      )
    }
  }
}
