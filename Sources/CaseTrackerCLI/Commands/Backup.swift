import ArgumentParser
import CaseTracker

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension PSR {
  /// `psr backup FILE`
  struct Backup: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "backup", abstract: "Write a consistent copy of the database, even while others write to it.",
      discussion: """
        The copy is made with SQLite's online backup API (never a file copy), created with mode 0600, and \
        checked with SQLite's integrity check before psr says it is done. To restore: stop using psr, copy \
        the backup over the database file (removing any PATH-wal and PATH-shm beside it), then run 'psr check'.
        """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The file to write.") var file: String
    @Flag(help: "Replace the file if it exists.") var force = false

    func run() throws {
      let showProgress = !global.quiet && isatty(STDERR_FILENO) == 1
      let size = try global.openStore().maintenance.backup(to: file, replace: force) { copied, total in
        guard showProgress, total > 0 else { return }
        Output.progress("backing up: \(copied * 100 / total)% of \(total) pages…")
      }
      if showProgress { Output.progress(nil) }
      global.say("backed up \(global.databasePath) to \(file) (\(size) bytes); integrity check ok")
    }
  }
}
