import ArgumentParser
import CaseTracker

extension PSR.OfficerCommand {
  /// `psr officer list [--region CODE] [--country CC] [--inactive]`
  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "list", abstract: "List officers, active ones unless --inactive, with their open and overdue cases.",
      discussion:
        "OPEN counts each officer's open, active and waiting cases; OVERDUE those open or active past their due date (JSON and CSV: open_cases, overdue_cases)."
    )

    @OptionGroup var global: GlobalOptions
    @Option(help: "Officers based in or covering a country of this region (a network includes its sub-regions).")
    var region: String?
    @Option(help: "Officers covering this country.") var country: String?
    @Flag(help: "Include inactive officers.") var inactive = false
    @OptionGroup var output: FormatOption

    func run() throws {
      let store = try global.openStore()
      let (officers, workload) = try store.read {
        (
          try store.officers.list(region: region, country: country, includeInactive: inactive),
          try store.cases.workload()
        )
      }
      Output.list(
        officers.map { $0.record(workload: workload[$0.handle] ?? CaseWorkload()) }, format: output.format,
        columns: Officer.workloadColumns, fields: Officer.workloadFields, noun: "officers", quiet: global.quiet)
    }
  }
}
