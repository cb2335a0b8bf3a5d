import ArgumentParser
import CaseTracker

extension PSR.HubCommand {
  /// `psr hub import FILE…`
  struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "import", abstract: "Apply officers' bundle files on the hub, each once, in their order.",
      discussion: """
        A bundle cannot pull first: it is applied on the hub as it is now, and where it changed a value the \
        hub changed too, the hub's value wins (the officer keeps theirs for review once your export reaches \
        them). Importing a bundle again applies nothing; a bundle whose predecessor has not been imported is \
        refused, naming it, and nothing is applied. Example: psr hub import /media/usb/*.psrbundle
        """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The bundle files, in any order.") var files: [String]

    func validate() throws {
      guard !files.isEmpty else {
        throw ValidationError("give at least one bundle file, such as psr hub import akinyi-1.psrbundle")
      }
    }

    func run() throws {
      for result in try global.openStore().sync.importBundles(files) {
        global.say(
          "\(result.path): bundle \(result.number) of \(result.officer): \(result.applied) change(s) applied"
            + (result.known > 0 ? ", \(result.known) already here" : "")
            + (result.overridden > 0 ? ", \(result.overridden) value(s) kept the hub's" : ""))
      }
    }
  }

  /// `psr hub export --for OFFICER FILE`
  struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "export", abstract: "Write the hub's changes an officer has not received to a bundle file.",
      discussion: """
        The bundle starts where the officer's replica stood at its last sync or bundle (or after --after N, \
        the position 'psr sync status' shows on their laptop), and holds everything since, theirs included, \
        which tells their laptop what the hub accepted. They apply it with 'psr sync import FILE'.
        """)

    @OptionGroup var global: GlobalOptions
    @Option(name: .customLong("for"), help: "The officer's handle.") var officer: String
    @Option(
      parsing: .unconditional, help: "The hub position to start after, instead of the last one known for the officer.",
      transform: NumberArgument.whole)
    var after: Int?
    @Argument(help: "The new bundle file (it must not exist yet).") var file: String

    func validate() throws {
      if let after, after < 0 { throw ValidationError("--after takes a position of 0 or more, such as --after 120") }
    }

    func run() throws {
      let export = try global.openStore().sync.exportLog(for: officer, after: after, to: file)
      if !export.positionKnown {
        Output.warning(
          "the hub has not heard from \(officer) yet, so the bundle holds the whole log; give --after N (their psr sync status) for less"
        )
      }
      global.say(
        "wrote the hub's changes after position \(export.after) through \(export.through) to \(file): \(export.changes) change(s), \(export.bytes) bytes; \(officer) applies them with psr sync import"
      )
    }
  }
}
