import ArgumentParser
import CaseTracker

extension PSR {
  /// `psr sync …`
  struct SyncCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "sync",
      abstract: "Exchange changes with the unit's hub: send yours, receive everyone else's.",
      discussion: """
        Every officer works offline on their own database; 'psr sync' sends the changes made since the last \
        sync and receives everyone else's, in one step. Join a unit first with 'psr sync clone HUB'. The hub \
        is the unit's hub server (https://…, signed in with psr sync login), or a psr database you can reach \
        as a file (the coordinator's own machine, a USB disk); a database on a network share is unsafe for \
        SQLite's locking: do not sync through one. When two \
        officers changed the same value, the hub's value is kept everywhere and yours is kept for review \
        (psr sync status counts them).
        """,
      subcommands: [
        Now.self, Clone.self, Attach.self, Login.self, Status.self, Conflicts.self, Export.self, Import.self,
      ],
      defaultSubcommand: Now.self)
  }
}

extension PSR.SyncCommand {
  /// `psr sync [--hub PATH]`
  struct Now: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "now", abstract: "Send pending changes to the hub and receive the others' (the default).")

    @OptionGroup var global: GlobalOptions
    @Option(help: "The hub server's address (https://HOST[:PORT]) or the hub's database file; remembered.")
    var hub: String?
    @Option(
      name: .customLong("hub-ca"), help: "The hub server's own certificate (PEM), when the system does not trust it.")
    var hubCA: String?

    func run() throws {
      let result = try global.openStore().sync.sync(source: hub, caFile: hubCA)
      global.say(
        "synced: \(result.sent) change(s) sent, \(result.received) received"
          + (result.conflicts > 0
            ? ", \(result.conflicts) conflict(s) kept for review (the hub's value won; see psr sync status)" : "")
          + "; at the hub's position \(result.position)")
    }
  }

  /// `psr sync status`
  struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "status", abstract: "Pending changes, the last sync, the hub's position and unresolved conflicts.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: FormatOption

    func run() throws {
      let status = try global.openStore().sync.status()
      let state = status.state
      let record = Record([
        ("role", .text(state.role.rawValue)), ("unit_id", .text(state.unitID)), ("replica_id", .text(state.replicaID)),
        ("hub", Field(state.role == .hub ? global.databasePath : state.source)),
        ("position", .int(state.role == .hub ? status.hubPosition ?? 0 : state.position)),
        ("hub_position", Field(status.hubPosition)), ("hub_problem", Field(status.hubProblem)),
        ("pending_changes", .int(status.pending)), ("unresolved_conflicts", .int(status.unresolvedConflicts)),
        ("last_sync_at", Field(state.lastSyncAt)),
      ])
      switch output.format {
      case .json: Output.data(JSONRenderer.render(record))
      case .csv: Output.csv(CSVRenderer.render([record], columns: record.fields.map(\.name)))
      case .table:
        var lines: [(String, String)] = [
          ("Role", state.role == .hub ? "the unit's hub" : "a replica of the unit's hub"),
          ("Unit", String(state.unitID.prefix(8))),
        ]
        if state.role == .replica {
          lines.append(("Hub", state.source ?? "(unknown)"))
          lines.append(("Pending changes", String(status.pending)))
          lines.append(("Last sync", state.lastSyncAt.map(LocalInstant.shown) ?? "never"))
          let hub: String =
            switch status.hubPosition {
            case nil: ""
            case let at? where at < state.position:
              " (the hub is at \(at), behind this database: it was restored from an older backup)"
            case let at?: " (the hub is at \(at): \(at - state.position) to receive)"
            }
          lines.append(("Position", "\(state.position)\(hub)"))
          if let problem = status.hubProblem { lines.append(("Hub problem", problem)) }
        } else {
          lines.append(("Log position", String(status.hubPosition ?? 0)))
        }
        lines.append(("Unresolved conflicts", String(status.unresolvedConflicts)))
        Output.data(TableRenderer.renderDetail(lines, style: .stdout))
      }
    }
  }

  /// `psr --db NEW sync clone HUB`
  struct Clone: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "clone", abstract: "Make a new local database (--db) from the hub's snapshot, joined to the unit.",
      discussion: """
        Examples: psr --db ~/psr.sqlite sync clone https://hub.example.org (after psr sync login), \
        psr --db ~/psr.sqlite sync clone /media/usb/unit-hub.sqlite
        """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The hub server's address (https://…) or the hub's database file.") var source: String
    @Option(
      name: .customLong("hub-ca"), help: "The hub server's own certificate (PEM), when the system does not trust it.")
    var hubCA: String?

    func run() throws {
      let state = try SyncRepository.clone(
        from: source, to: global.databasePath, caFile: hubCA, clock: try global.clock, actor: global.actorName)
      global.say(
        "cloned the hub \(source) into \(global.databasePath): unit \(state.unitID.prefix(8)), at position \(state.position)"
      )
    }
  }

  /// `psr --db MINE sync attach HUB`
  struct Attach: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "attach",
      abstract: "Join the unit with the database you have (--db): its records become your first changes.",
      discussion: """
        For an officer who used psr on their own before the unit had a hub. The database becomes a replica \
        of the hub holding the hub's records and its own; the reference data both have is matched, not \
        copied twice: regions and countries by code, officers by handle, producers by FLO ID (your cases, \
        visits and audits then point at the hub's producer). Where the two differ, the hub's value is kept \
        and yours is listed in psr sync conflicts. Your records are then sent to the hub. The database as it \
        was is kept beside it, as FILE.before-attach. Example: psr --db ~/psr.sqlite sync attach /media/usb/unit-hub.sqlite
        """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The hub's database file.") var source: String

    func run() throws {
      let result = try SyncRepository.attach(
        global.databasePath, to: source, clock: try global.clock, actor: global.actorName)
      let rows = result.sent.values.reduce(0, +)
      global.say(
        "\(global.databasePath) joined unit \(result.state.unitID.prefix(8)): \(rows) record(s) of its own queued as its first change, \(result.producersMatched) producer(s) matched to the hub's by FLO ID, \(result.conflicts) difference(s) listed in psr sync conflicts; the database as it was is kept at \(result.backup)"
      )
      let synced = try global.openStore().sync.sync(source: source)
      global.say(
        "synced: \(synced.sent) change(s) sent, \(synced.received) received; at the hub's position \(synced.position)")
    }
  }
}
