import ArgumentParser
import CaseTracker

/// `--delimiter`: a comma, a semicolon or a tab, as a user types them.
enum DelimiterArgument {
  static let help = ArgumentHelp(
    "The separator between fields: ',', ';' or 'tab' (else the one the header line shows).", valueName: "sep")

  static func parse(_ text: String) throws -> CSVDelimiter {
    guard let delimiter = CSVDelimiter(typed: text) else {
      throw ValidationError("give ',' (comma), ';' (semicolon) or 'tab' (or '\\t'), not '\(text)'")
    }
    return delimiter
  }
}
