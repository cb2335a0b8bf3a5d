import CaseTracker

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Writes a report document for the terminal (aligned columns) or as Markdown (pipe tables).
enum ReportTextRenderer {
  /// The report for a terminal. Given a `width` (`TerminalWidth`), its tables' free-text columns are cut
  /// to fit it and its sentences are wrapped at spaces; without one (a pipe, a file) lines are as long
  /// as their text.
  static func terminal(_ document: ReportDocument, style: TerminalStyle, width: Int? = TerminalWidth.stdout)
    -> String
  {
    // Every text is escaped by TableRenderer.sanitize (TerminalText's rule) before it is styled.
    var out =
      style.bold(wrapped(TableRenderer.sanitize(document.title), indent: "", width: width)) + "\n"
      + wrapped(TableRenderer.sanitize(document.subtitle), indent: "", width: width) + "\n"
    for section in document.sections {
      out += "\n" + style.bold(wrapped(TableRenderer.sanitize(section.title.uppercased()), indent: "", width: width))
      out += "\n"
      for block in section.blocks {
        switch block {
        case .facts(let pairs):
          let labelWidth = pairs.map { TableRenderer.displayWidth($0.0) }.max() ?? 0
          for (label, value) in pairs {
            out +=
              "  " + TableRenderer.sanitize(label)
              + String(repeating: " ", count: labelWidth - TableRenderer.displayWidth(label) + 2)
              + TableRenderer.sanitize(value) + "\n"
          }
        case .table(let caption, let headers, let rows, let numericFrom, let free, let drop):
          if let caption { out += wrapped(TableRenderer.sanitize(caption), indent: "  ", width: width) + "\n" }
          let kept = keptColumns(headers: headers, rows: rows, free: free, drop: drop, width: width)
          out += aligned(
            headers: kept.map { headers[$0] }, rows: rows.map { row in kept.map { row[$0] } },
            numericFrom: kept.filter { $0 < numericFrom }.count,
            free: Set(kept.indices.filter { free.contains(kept[$0]) }), style: style, width: width)
        case .note(let text):
          out += wrapped(TableRenderer.sanitize(text), indent: "  ", width: width) + "\n"
        case .chart, .map:
          continue  // pictures are for the HTML page; their numbers are in the tables
        }
      }
    }
    return out
  }

  /// Cells longer than this are cut, whatever the width.
  static let maxCellWidth = 60

  /// The columns a table keeps at `width`: all, unless even its free text at the minimum and its headings on
  /// two lines cannot fit, when those with a `drop` rank are left out, the lowest first, until it fits.
  private static func keptColumns(
    headers: [String], rows: [[String]], free: Set<Int>, drop: [Int: Int], width: Int?
  ) -> [Int] {
    guard !drop.isEmpty else { return Array(headers.indices) }
    let widths = headers.indices.map { index in
      rows.map {
        TableRenderer.displayWidth(TableRenderer.fit(TableRenderer.sanitize($0[index]), width: maxCellWidth))
      }.max() ?? 0
    }
    let minimums = headers.map { twoLines(TableRenderer.sanitize($0)).map(TableRenderer.displayWidth).max() ?? 0 }
    let left = TableRenderer.leftOut(
      headers.indices.map { max(widths[$0], minimums[$0]) }, free: headers.indices.map(free.contains),
      minimums: minimums, drop: headers.indices.map { drop[$0] }, separator: 2, extra: 2, width: width)
    return headers.indices.filter { !left.contains($0) }
  }

  private static func aligned(
    headers: [String], rows: [[String]], numericFrom: Int, free: Set<Int>, style: TerminalStyle, width: Int?
  ) -> String {
    var cells = rows.map {
      $0.map {
        TableRenderer.fit(
          TableRenderer.sanitize($0.split(whereSeparator: \.isNewline).joined(separator: " ")), width: maxCellWidth)
      }
    }
    let cellWidths = headers.indices.map { index in
      cells.map { TableRenderer.displayWidth($0[index]) }.max() ?? 0
    }
    // The line is indented by 2 and its cells are 2 apart.
    func layout(_ headings: [[String]]) -> (natural: [Int], fitted: [Int]) {
      let minimums = headings.map { $0.map(TableRenderer.displayWidth).max() ?? 0 }
      let natural = headings.indices.map { max(minimums[$0], cellWidths[$0]) }
      let fitted = TableRenderer.fittedWidths(
        natural, free: natural.indices.map(free.contains), minimums: minimums, separators: 2 * natural.count,
        width: width)
      return (natural, fitted)
    }
    let oneLine = headers.map { [TableRenderer.sanitize($0)] }
    var headings = oneLine
    var (natural, widths) = layout(headings)
    // A table still too wide puts its headings of several words on two lines ("Overdue" over "at end").
    if let width, widths.reduce(2 * widths.count, +) > width {
      headings = oneLine.map { twoLines($0[0]) }
      (natural, widths) = layout(headings)
    }
    for (index, target) in widths.enumerated() where target < natural[index] {
      for row in cells.indices { cells[row][index] = TableRenderer.fit(cells[row][index], width: target) }
    }
    func line(_ row: [String]) -> String {
      var text = "  "
      for (index, cell) in row.enumerated() {
        let pad = String(repeating: " ", count: widths[index] - TableRenderer.displayWidth(cell))
        text += index >= numericFrom ? pad + cell : cell + (index == row.count - 1 ? "" : pad)
        if index < row.count - 1 { text += "  " }
      }
      return text
    }
    var out = ""
    let depth = headings.map(\.count).max() ?? 1
    for level in 0..<depth {
      // Headings of fewer lines sit on the last ones, next to their column's cells.
      let row = headings.map { level >= depth - $0.count ? $0[level - (depth - $0.count)] : "" }
      out += style.bold(trimmingTrailingSpaces(line(row))) + "\n"
    }
    for row in cells { out += line(row) + "\n" }
    return out
  }

  /// A heading of several words as two lines, broken at the space that makes the wider line narrowest.
  private static func twoLines(_ heading: String) -> [String] {
    let words = heading.split(separator: " ").map(String.init)
    guard words.count > 1 else { return [heading] }
    let best = (1..<words.count).min { a, b in
      func wider(_ at: Int) -> Int {
        max(
          TableRenderer.displayWidth(words[..<at].joined(separator: " ")),
          TableRenderer.displayWidth(words[at...].joined(separator: " ")))
      }
      return wider(a) < wider(b)
    }!
    return [words[..<best].joined(separator: " "), words[best...].joined(separator: " ")]
  }

  private static func trimmingTrailingSpaces(_ line: String) -> String {
    var line = line
    while line.utf8.last == UInt8(ascii: " ") { line.removeLast() }
    return line
  }

  /// `text` after `indent`, broken at spaces into lines of at most `width` columns (a word longer than
  /// that keeps its own line whole), each line after the first indented as the first; one line without
  /// a width.
  static func wrapped(_ text: String, indent: String, width: Int?) -> String {
    guard let width, TableRenderer.displayWidth(indent + text) > width else { return indent + text }
    let words = text.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    return TableRenderer.wrapped(words, width: width - TableRenderer.displayWidth(indent), breakingWords: false)
      .map { indent + $0 }.joined(separator: "\n")
  }

  static func markdown(_ document: ReportDocument) -> String {
    var out = "# \(escape(document.title))\n\n\(escape(document.subtitle))\n"
    for section in document.sections {
      out += "\n## \(escape(section.title))\n"
      for block in section.blocks {
        switch block {
        case .facts(let pairs):
          out += "\n| | |\n| --- | ---: |\n"
          for (label, value) in pairs {
            out += "| \(escape(label.trimmingScalars(isSpace))) | \(escape(value)) |\n"
          }
        case .table(let caption, let headers, let rows, let numericFrom, _, _):
          if let caption { out += "\n\(escape(caption)):\n" }
          out += "\n| " + headers.map(escape).joined(separator: " | ") + " |\n"
          out += "| " + headers.indices.map { $0 >= numericFrom ? "---:" : "---" }.joined(separator: " | ") + " |\n"
          for row in rows { out += "| " + row.map(escape).joined(separator: " | ") + " |\n" }
        case .note(let text):
          out += "\n\(escape(text))\n"
        case .chart, .map:
          continue
        }
      }
    }
    return out
  }

  /// Text made safe in a Markdown table cell: pipes, backslashes and markup characters escaped, line
  /// breaks as spaces, and what `TerminalText` counts unsafe (controls, bidi characters) shown as `\u{…}`
  /// (a backslash before a letter is no Markdown escape, so it shows as written).
  static func escape(_ text: String) -> String {
    var out = ""
    var rest = Substring(text)
    while let character = rest.popFirst() {
      switch character {
      case "|", "\\", "*", "_", "`", "[", "]", "<", ">", "#", "~": out += "\\\(character)"
      // "Eastern & Central Africa" reads as written; only an "&" that could start a character reference
      // ("&amp;", "&#39;") is escaped.
      case "&": out += rest.first.map { $0.isLetter || $0.isNumber || $0 == "#" } == true ? "\\&" : "&"
      case "\n", "\r", "\r\n": out += " "
      default:
        for scalar in character.unicodeScalars {
          if TerminalText.isUnsafe(scalar) {
            out += TerminalText.visible(scalar)
          } else {
            out.unicodeScalars.append(scalar)
          }
        }
      }
    }
    return out
  }
}
