import ArgumentParser
import CaseTracker

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// What every export takes: `--format csv|json`, `--output FILE`, and for spreadsheets `--excel` and
/// `--delimiter`.
struct ExportOptions: ParsableArguments {
  enum Format: String, LowercasedArgument, CaseIterable { case csv, json }

  @Option(help: "csv or json (else what --output's extension names, else csv).") var format: Format?
  @Option(help: "Write to this file instead of standard output.") var output: String?
  @Flag(help: "CSV for Excel: starts with a UTF-8 byte order mark, so that accented names show right.")
  var excel = false
  @Option(
    help: ArgumentHelp("The CSV separator: ',' (the default), ';' or 'tab'.", valueName: "sep"),
    transform: DelimiterArgument.parse)
  var delimiter: CSVDelimiter?

  func validate() throws {
    if chosenFormat == .json && (excel || delimiter != nil) {
      throw ValidationError("--excel and --delimiter are for CSV; leave them out of a JSON export")
    }
  }

  /// The format given, else the one `--output`'s extension names (`.json`), else CSV.
  var chosenFormat: Format {
    if let format { return format }
    return output.map { URL(fileURLWithPath: $0).pathExtension.lowercased() == "json" } == true ? .json : .csv
  }

  /// The format to write, with a warning when `--format` contradicts `--output`'s name.
  func resolvedFormat() -> Format {
    if let format, let output {
      let named: Format? =
        switch URL(fileURLWithPath: output).pathExtension.lowercased() {
        case "json": .json
        case "csv", "tsv", "txt": .csv
        default: nil
        }
      if let named, named != format {
        Output.warning(
          "\(output) is named as \(named.rawValue) but written as \(format.rawValue), as --format asks; drop --format to write \(named.rawValue)"
        )
      }
    }
    return chosenFormat
  }
}
