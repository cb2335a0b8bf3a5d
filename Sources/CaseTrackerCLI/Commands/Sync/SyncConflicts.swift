import ArgumentParser
import CaseTracker

extension PSR.SyncCommand {
  /// `psr sync conflicts …`
  struct Conflicts: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "conflicts", abstract: "Values that lost a conflict: list them, or resolve one.",
      discussion: """
        When this database and the hub had changed the same value, the hub's was kept everywhere and this \
        database's was kept here. Reports never wait for them. Resolve one by keeping yours (written again as \
        a new change, which syncs to everyone) or theirs (already in place).
        """,
      subcommands: [List.self, Resolve.self], defaultSubcommand: List.self)
  }
}

extension PSR.SyncCommand.Conflicts {
  /// `psr sync conflicts [list] [--all]`
  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "The unresolved conflicts.")

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Resolved ones too.") var all = false
    @OptionGroup var output: FormatOption

    func run() throws {
      let conflicts = try global.openStore().sync.conflicts(includeResolved: all)
      let records = conflicts.map { conflict in
        Record([
          ("id", .text(conflict.id)), ("at", .text(conflict.at)), ("kind", .text(conflict.kind)),
          ("table", .text(conflict.table)), ("row_key", .text(conflict.rowKey)), ("columns", .text(conflict.columns)),
          ("mine", Field(conflict.mine)), ("theirs", Field(conflict.theirs)), ("change_id", Field(conflict.changeID)),
          ("resolved_at", Field(conflict.resolvedAt)),
        ])
      }
      Output.list(
        records, format: output.format,
        columns: [
          TableColumn("ID") { String($0["id"].plain.prefix(8)) }, TableColumn("KIND", "kind"),
          TableColumn("TABLE", "table"),
          TableColumn("ROW", "row_key"), TableColumn("COLUMNS", "columns"), TableColumn("MINE", "mine", free: true),
          TableColumn("THEIRS (KEPT)", "theirs", free: true),
          TableColumn("RESOLVED") { LocalInstant.shown($0, "resolved_at") },
        ], fields: records.first?.fields.map(\.name) ?? [], noun: "conflicts", quiet: global.quiet)
    }
  }

  /// `psr sync conflicts resolve ID --keep mine|theirs`
  struct Resolve: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "resolve", abstract: "Keep your value (a new change that syncs) or the hub's.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The conflict: an id prefix of at least 6 characters.") var id: String
    @Option(help: "mine or theirs.") var keep: ConflictChoice

    func run() throws {
      let conflict = try global.openStore().sync.resolve(id, keep: keep)
      global.say(
        keep == .mine
          ? "kept your value of \(conflict.table) \(conflict.rowKey) \(conflict.columns); it reaches the others at the next sync"
          : "kept the hub's value of \(conflict.table) \(conflict.rowKey) \(conflict.columns)")
    }
  }
}

extension ConflictChoice: LowercasedArgument {}
