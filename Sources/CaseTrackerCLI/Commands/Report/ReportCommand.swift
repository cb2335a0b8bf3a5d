import ArgumentParser
import CaseTracker

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

extension PSR {
  /// `psr report …`
  struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "report",
      abstract:
        "Per-region case reports: KPIs, coverage, cases, training priorities, certification outcomes, insights.",
      discussion: "How each number is counted is written down in README.md, 'How the report counts'.",
      subcommands: [Region.self, Regions.self, Outcomes.self])
  }
}

/// The formats a report can be written in.
enum ReportFormat: String, CaseIterable, LowercasedArgument {
  case table, markdown, json, csv, html

  /// The format an output file's extension names (`.html`, `.htm`, `.md`, `.json`, `.csv`); nil for others.
  static func named(by path: String) -> ReportFormat? {
    switch URL(fileURLWithPath: path).pathExtension.lowercased() {
    case "html", "htm": .html
    case "md", "markdown": .markdown
    case "json": .json
    case "csv": .csv
    default: nil
    }
  }

  /// The format to write: the one given, else the one the output file's extension names, else a table. A
  /// format that contradicts the extension is written as asked, with a warning.
  static func chosen(_ given: ReportFormat?, output: String?) -> ReportFormat {
    let named = output.flatMap(named(by:))
    if let given, let named, let output, given != named {
      Output.warning(
        "\(output) is named as \(named.rawValue) but written as \(given.rawValue), as --format asks; drop --format to write \(named.rawValue)"
      )
    }
    return given ?? named ?? .table
  }
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

  /// The period asked for, evaluated on `today` (refused when it has not begun).
  func resolve(today: String) throws -> ReportPeriod {
    try ReportPeriod.asked(period: period, from: from, to: to, today: today)
  }
}

/// Warns when the period has not ended: its "at the end" figures are then those of today, so far.
func warnIfUnfinished(_ period: ReportPeriod) {
  if period.inProgress {
    Output.warning(
      "\(period.label) ends on \(period.to) and has not ended: it is reported as of today, \(period.asOf), "
        + "with the records so far")
  }
}

/// Writes `text` to `path` (replacing it whole, never half-written; mode 0600, like the database it comes
/// from) or to stdout (CSV, `isCSV`, as `Output.csv` writes it). Refuses a folder, a pipe or device, and the
/// database and the files beside it.
func emit(_ text: String, isCSV: Bool = false, to path: String?, global: GlobalOptions) throws {
  guard let path else {
    if isCSV { Output.csv(text) } else { Output.data(text) }
    return
  }
  let partial = try OutputFile.open(path, global: global)
  do {
    try partial.write(Data(text.utf8))
    try partial.commit()
  } catch let error as POSIXError {
    partial.discard()
    throw OutputFile.failure(error, path: path)
  }
  global.say("wrote \(path) (\(text.utf8.count) bytes)")
}
