import CaseTracker
import Foundation

/// Writes a report document for the terminal (aligned columns) or as Markdown (pipe tables).
enum ReportTextRenderer {
  static func terminal(_ document: ReportDocument, style: TerminalStyle) -> String {
    // Every text is escaped by TableRenderer.sanitize (TerminalText's rule) before it is styled.
    var out =
      style.bold(TableRenderer.sanitize(document.title)) + "\n" + TableRenderer.sanitize(document.subtitle) + "\n"
    for section in document.sections {
      out += "\n" + style.bold(TableRenderer.sanitize(section.title.uppercased())) + "\n"
      for block in section.blocks {
        switch block {
        case .facts(let pairs):
          let width = pairs.map { TableRenderer.displayWidth($0.0) }.max() ?? 0
          for (label, value) in pairs {
            out +=
              "  " + TableRenderer.sanitize(label)
              + String(repeating: " ", count: width - TableRenderer.displayWidth(label) + 2)
              + TableRenderer.sanitize(value) + "\n"
          }
        case .table(let caption, let headers, let rows, let numericFrom):
          if let caption { out += "  " + TableRenderer.sanitize(caption) + "\n" }
          out += aligned(headers: headers, rows: rows, numericFrom: numericFrom, style: style)
        case .note(let text):
          out += "  " + TableRenderer.sanitize(text) + "\n"
        case .chart, .map:
          continue  // pictures are for the HTML page; their numbers are in the tables
        }
      }
    }
    return out
  }

  private static func aligned(headers: [String], rows: [[String]], numericFrom: Int, style: TerminalStyle) -> String {
    let cells = rows.map {
      $0.map { fit(TableRenderer.sanitize($0.split(whereSeparator: \.isNewline).joined(separator: " "))) }
    }
    let headers = headers.map(TableRenderer.sanitize)
    var widths = headers.map(TableRenderer.displayWidth)
    for row in cells {
      for (index, cell) in row.enumerated() { widths[index] = max(widths[index], TableRenderer.displayWidth(cell)) }
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
    var out = style.bold(line(headers)) + "\n"
    for row in cells { out += line(row) + "\n" }
    return out
  }

  private static func fit(_ text: String) -> String {
    text.count > 60 ? String(text.prefix(59)) + "…" : text
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
            out += "| \(escape(label.trimmingCharacters(in: .whitespaces))) | \(escape(value)) |\n"
          }
        case .table(let caption, let headers, let rows, let numericFrom):
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
    for character in text {
      switch character {
      case "|", "\\", "*", "_", "`", "[", "]", "<", ">", "#", "~": out += "\\\(character)"
      case "&": out += "&amp;"
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
