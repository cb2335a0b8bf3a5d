import ArgumentParser
import CaseTracker
import Foundation

extension PSR.ProducerCommand {
  /// `psr producer import FILE.csv [--dry-run]`
  struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "import", abstract: "Add or update producers from a CSV file, all or nothing.",
      discussion: """
        Header: name,country,type,flo_id,products,members,status in any order (name, country and type
        required; an id column, as 'producer export' writes, is accepted too). RFC 4180 quoting; UTF-8 with
        or without a byte order mark. A row whose id or FLO ID exists updates that producer; other rows add
        producers. Products are separated by commas or semicolons. Any bad row refuses the whole import,
        listing up to \(ProducerImport.maxProblems) problems by line and column. Rows in countries that belong to
        no region are imported, with one warning naming each such country and its rows ('psr country set-region'
        places it).
        """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The CSV file ('-' reads standard input).") var file: String
    @Flag(help: "Check the file and report what would change, without writing.") var dryRun = false

    func run() throws {
      let store = try global.openStore()
      let handle: FileHandle
      if file == "-" {
        handle = .standardInput
      } else {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory) else {
          throw DomainError.notFound("cannot read '\(Validate.printable(file))': no such file; check the path")
        }
        guard !isDirectory.boolValue, let opened = FileHandle(forReadingAtPath: file) else {
          throw DomainError.invalid(
            "cannot read '\(Validate.printable(file))': \(isDirectory.boolValue ? "it is a folder" : "permission denied"); give a CSV file"
          )
        }
        handle = opened
      }
      var reader = CSVReader(file: handle)
      // Rows read so far, on a terminal only; cleared before the summary or an error is written.
      let showProgress = !global.quiet && isatty(STDERR_FILENO) == 1
      let summary: ImportSummary
      do {
        defer { if showProgress { Output.progress(nil) } }
        summary = try ProducerImport(store: store).run(
          &reader, dryRun: dryRun, progress: showProgress ? { Output.progress("importing: \($0) rows read…") } : nil)
      }
      if let warning = summary.warning { Output.warning(warning) }
      let counts = "\(summary.added) added, \(summary.updated) updated, \(summary.unchanged) unchanged"
      global.say(dryRun ? "dry run: would have \(counts); nothing was written" : "imported: \(counts)")
    }
  }
}
