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

extension PSR.ProducerCommand {
  /// `psr producer import FILE.csv [--dry-run] [--verbose] [--delimiter SEP]`
  struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "import", abstract: "Add or update producers from a CSV file, all or nothing.",
      discussion: """
        Header: name,country,type,flo_id,products,members,status in any order (name, country and type required; an id column, as 'producer export' writes, is accepted too). RFC 4180 quoting; UTF-8 with or without a byte order mark. Fields are separated by commas, semicolons (as Excel saves CSV in French, Spanish or Portuguese) or tabs: the one that splits the header into known columns, or --delimiter. Rows with every cell empty, and empty columns at the end of the header, are ignored. A row whose id or FLO ID exists updates that producer; other rows add producers. Products are separated by commas or semicolons. Any bad row refuses the whole import, listing up to \(ProducerImport.maxProblems) problems by line and column. Rows in countries that belong to no region are imported, with one warning naming each such country and its rows ('psr country set-region' places it).

        --dry-run and --verbose list on standard output each producer added ("line 4: add Kuapa Kokoo (FLO 2311), GH") and each one changed, with its fields' old and new values ("line 7: Sunrise Flower Farm (FLO 4509): name 'Sunrise Flower Farm' → 'Sunrise Duplicate'"); unchanged rows are counted. A dry run ends with the totals ("would add 3, update 2, leave 40 unchanged") and writes nothing; a file with problems lists nothing and is refused as the import refuses it.
        """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The CSV file ('-' reads standard input).") var file: String
    @Flag(help: "Check the file and list what would change, without writing.") var dryRun = false
    @Flag(help: "List each producer added or changed, as --dry-run does.") var verbose = false
    @Option(help: DelimiterArgument.help, transform: DelimiterArgument.parse) var delimiter: CSVDelimiter?

    func run() throws {
      let store = try global.openStore()
      let descriptor: Int32
      if file == "-" {
        descriptor = STDIN_FILENO
      } else {
        guard let isFolder = DatabaseFiles.isFolder(file) else {
          throw DomainError.notFound("cannot read '\(Validate.printable(file))': no such file; check the path")
        }
        let opened = isFolder ? -1 : open(file, O_RDONLY | O_CLOEXEC)
        guard opened >= 0 else {
          throw DomainError.invalid(
            "cannot read '\(Validate.printable(file))': \(isFolder ? "it is a folder" : "permission denied"); give a CSV file"
          )
        }
        descriptor = opened
      }
      defer { if descriptor != STDIN_FILENO { close(descriptor) } }
      var reader = CSVReader(descriptor: descriptor)
      // Rows read so far, on a terminal only; cleared before the summary or an error is written.
      let showProgress = !global.quiet && isatty(STDERR_FILENO) == 1
      // The lines listed are held until the import is known to succeed: a refused file shows only its problems.
      let spool = dryRun || verbose ? try Spool() : nil
      var spoolError: Error?
      let summary: ImportSummary
      do {
        defer { if showProgress { Output.progress(nil) } }
        summary = try ProducerImport(store: store).run(
          &reader, dryRun: dryRun, delimiter: delimiter,
          progress: showProgress ? { Output.progress("importing: \($0) rows read…") } : nil,
          changes: spool.map { spool in
            { change in
              do { try spool.write(ImportChangeRenderer.line(change)) } catch { spoolError = spoolError ?? error }
            }
          })
      }
      do {
        if let spoolError { throw spoolError }
        try spool?.copyToStandardOutput()
      } catch {
        // A dry run's listing is its output; a real import is saved already, and says so.
        if dryRun { throw error }
        Output.warning("the import was saved, but its list of changes could not be written: \(error)")
      }
      if let warning = summary.warning { Output.warning(warning) }
      if dryRun {
        Output.data("dry run: \(ImportChangeRenderer.total(summary, dryRun: true)); nothing was written\n")
      } else {
        global.say("imported: \(ImportChangeRenderer.total(summary, dryRun: false))")
      }
    }
  }
}
