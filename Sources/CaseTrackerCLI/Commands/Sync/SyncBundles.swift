import ArgumentParser
import CaseTracker

extension PSR.SyncCommand {
  /// `psr sync export FILE [--all]`
  struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "export",
      abstract: "Write the pending changes to a bundle file, for the hub (by USB stick or e-mail).",
      discussion: """
        For weeks without a connection: each bundle holds the changes made since the last one, numbered; the \
        coordinator applies them on the hub with 'psr hub import FILE…', in their order, each once. Your \
        changes stay pending here until the hub's changes come back ('psr sync import', or 'psr sync'). \
        Example: psr sync export /media/usb/akinyi-2026-12-02.psrbundle
        """)

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Every pending change, also those in bundles exported before (when a bundle was lost).") var all = false
    @Argument(help: "The new bundle file (it must not exist yet).") var file: String

    func run() throws {
      let export = try global.openStore().sync.exportBundle(to: file, all: all)
      global.say(
        "wrote bundle \(export.number) to \(file): \(export.changes) change(s), \(export.bytes) bytes"
          + (export.requires > 0 ? "; the hub imports it after bundle \(export.requires)" : "")
          + "; the coordinator applies it with psr hub import")
    }
  }

  /// `psr sync import FILE`
  struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "import", abstract: "Apply the hub's changes from a bundle file the coordinator exported for you.",
      discussion:
        "The bundle comes from 'psr hub export --for OFFICER FILE' on the hub; importing it is a sync without the hub.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The bundle file from the hub.") var file: String

    func run() throws {
      let result = try global.openStore().sync.importLog(file)
      global.say(
        "imported \(file): \(result.received) change(s) received"
          + (result.conflicts > 0
            ? ", \(result.conflicts) conflict(s) kept for review (the hub's value won; see psr sync conflicts)" : "")
          + "; at the hub's position \(result.position)")
    }
  }
}
