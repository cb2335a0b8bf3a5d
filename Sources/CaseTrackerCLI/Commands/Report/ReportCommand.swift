import ArgumentParser
import CaseTracker
import Foundation

extension PSR {
  /// `psr report …`
  struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "report",
      abstract: "Per-region case reports: headline KPIs, coverage, cases, breakdowns, readiness, insights.",
      discussion: "How each number is counted is written down in README.md, 'How the report counts'.",
      subcommands: [Region.self, Regions.self])
  }
}

/// The formats a report can be written in.
enum ReportFormat: String, CaseIterable, LowercasedArgument {
  case table, markdown, json, csv, html
}

/// `--period` or `--from`/`--to`; the default is the last complete quarter before today.
struct PeriodOptions: ParsableArguments {
  @Option(help: ArgumentHelp("A quarter (2026-Q3), a month (2026-07) or a year (2026).", valueName: "period"))
  var period: String?
  @Option(help: "First day of the period, with --to.") var from: String?
  @Option(help: "Last day of the period, with --from.") var to: String?

  func validate() throws {
    if period != nil && (from != nil || to != nil) { throw ValidationError("give --period or --from/--to, not both") }
    if (from == nil) != (to == nil) { throw ValidationError("give both --from and --to") }
  }

  func resolve(today: String) throws -> ReportPeriod {
    if let period { return try ReportPeriod.parse(period) }
    if let from, let to { return try ReportPeriod.range(from: from, to: to) }
    return ReportPeriod.lastCompleteQuarter(before: today)
  }
}

/// Writes `text` to `path` (replacing it whole, never half-written) or to stdout.
func emit(_ text: String, to path: String?, global: GlobalOptions) throws {
  guard let path else {
    Output.data(text)
    return
  }
  do {
    try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
  } catch {
    throw DomainError.invalid("cannot write \(path): \(error.localizedDescription); choose another --output path")
  }
  global.say("wrote \(path) (\(text.utf8.count) bytes)")
}
