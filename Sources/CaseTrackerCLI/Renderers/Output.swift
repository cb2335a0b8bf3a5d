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

/// The formats every listing and show command offers.
enum OutputFormat: String, CaseIterable, LowercasedArgument {
  case table, json, csv
}

/// Bold and colour only on a terminal, and never when `NO_COLOR` is set (https://no-color.org).
struct TerminalStyle {
  let enabled: Bool

  static let stdout = TerminalStyle(descriptor: STDOUT_FILENO)
  static let stderr = TerminalStyle(descriptor: STDERR_FILENO)

  init(enabled: Bool) { self.enabled = enabled }

  init(descriptor: Int32) {
    let noColor = environmentValue("NO_COLOR").map { !$0.isEmpty } ?? false
    let dumb = environmentValue("TERM") == "dumb"
    enabled = isatty(descriptor) == 1 && !noColor && !dumb
  }

  func bold(_ text: String) -> String { enabled ? "\u{1B}[1m\(text)\u{1B}[0m" : text }
  func yellow(_ text: String) -> String { enabled ? "\u{1B}[33m\(text)\u{1B}[0m" : text }
}

/// Where data and messages go: data to stdout, everything else to stderr. Messages are escaped by
/// `TerminalText`'s rule (their line breaks kept), so a name or path they quote cannot drive the terminal;
/// data comes escaped from its renderer, and CSV is escaped here when stdout is a terminal.
enum Output {
  /// Writes data to stdout, as is: tables, views and reports are escaped by their renderers, JSON by its
  /// own escapes.
  static func data(_ text: String) {
    StandardStreams.put(text, to: STDOUT_FILENO)
  }

  /// Writes CSV to stdout: verbatim when it goes to a file or a pipe (CSV is a data contract and must
  /// round-trip), escaped by `TerminalText`'s rule when stdout is a terminal, where a person reads it.
  static func csv(_ text: String) {
    data(csv(text, toTerminal: isatty(STDOUT_FILENO) == 1))
  }

  /// `text` as `csv(_:)` writes it.
  static func csv(_ text: String, toTerminal: Bool) -> String {
    toTerminal ? TerminalText.escaped(text, keepingLineBreaks: true) : text
  }

  /// Writes a message line to stderr, unless `quiet`.
  static func message(_ text: String, quiet: Bool) {
    if !quiet {
      StandardStreams.put(TerminalText.escaped(text, keepingLineBreaks: true) + "\n", to: STDERR_FILENO)
    }
  }

  /// Shows a progress line on stderr, overwriting the previous one; nil clears it. Only call this when
  /// stderr is a terminal and --quiet is off.
  static func progress(_ text: String?) {
    let line = text.map { "\r\u{1B}[K" + TerminalText.escaped($0) } ?? "\r\u{1B}[K"
    StandardStreams.put(line, to: STDERR_FILENO)
  }

  /// Writes a warning line to stderr; warnings show even with `--quiet`.
  static func warning(_ text: String) {
    let line = TerminalStyle.stderr.yellow("warning:") + " " + TerminalText.escaped(text, keepingLineBreaks: true)
    StandardStreams.put(line + "\n", to: STDERR_FILENO)
  }

  /// Renders a listing in `format`: every field in JSON and CSV, `columns` in a table.
  static func list(
    _ records: [Record], format: OutputFormat, columns: [TableColumn], fields: [String], noun: String,
    quiet: Bool
  ) {
    switch format {
    case .json: data(JSONRenderer.render(records))
    case .csv: csv(CSVRenderer.render(records, columns: fields))
    case .table:
      if records.isEmpty {
        message("no \(noun) to show", quiet: quiet)
      } else {
        data(TableRenderer.render(records, columns: columns, style: .stdout))
      }
    }
  }

  /// Renders one record in `format`: `label: value` lines in a table.
  static func show(_ record: Record, format: OutputFormat, fields: [String], details: [(String, String)]) {
    switch format {
    case .json: data(JSONRenderer.render(record))
    case .csv: csv(CSVRenderer.render([record], columns: fields))
    case .table: data(TableRenderer.renderDetail(details, style: .stdout))
    }
  }
}
