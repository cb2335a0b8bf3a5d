import CaseTracker

/// Aligned columns for a terminal. Control and bidi characters are shown escaped (`TerminalText`), so a
/// stored string cannot move the cursor, change colours or reorder the line; cells longer than a column's
/// `maxWidth` (`maxCellWidth` unless it says otherwise) are cut with an ellipsis (the JSON and CSV formats
/// always give the whole value). Given a width (`TerminalWidth`), the free-text columns are cut further so
/// that every line fits it (`fittedWidths`).
enum TableRenderer {
  static let maxCellWidth = 48
  /// A free-text column is never cut below this (nor below its heading).
  static let minimumFreeWidth = 8

  static func render(
    _ records: [Record], columns: [TableColumn], style: TerminalStyle, width: Int? = TerminalWidth.stdout
  ) -> String {
    // Each cell's text and width worked out once.
    var rows = records.map { record in
      columns.map { column -> (text: String, width: Int) in
        let text = fit(sanitize(column.cell(record)), width: column.maxWidth)
        return (text, displayWidth(text))
      }
    }
    var headings = columns.map { (text: $0.heading, width: displayWidth($0.heading)) }
    var widths = headings.map(\.width)
    for row in rows {
      for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.width) }
    }
    var columns = columns
    let left = leftOut(
      widths, free: columns.map(\.free), minimums: headings.map(\.width), drop: columns.map(\.drop),
      separator: 2, width: width)
    if !left.isEmpty {
      let kept = columns.indices.filter { !left.contains($0) }
      columns = kept.map { columns[$0] }
      headings = kept.map { headings[$0] }
      widths = kept.map { widths[$0] }
      rows = rows.map { row in kept.map { row[$0] } }
    }
    let fitted = fittedWidths(
      widths, free: columns.map(\.free), minimums: headings.map(\.width), separators: 2 * (columns.count - 1),
      width: width)
    // A wrapping column's cell goes on as many lines as it takes; the row's other cells are on its first.
    var continued: [Int: [(column: Int, lines: [String])]] = [:]
    for (index, target) in fitted.enumerated() where target < widths[index] {
      for row in rows.indices where rows[row][index].width > target {
        if columns[index].wrap {
          let lines = wrapped(rows[row][index].text, width: target)
          rows[row][index] = (lines[0], displayWidth(lines[0]))
          continued[row, default: []].append((index, Array(lines.dropFirst())))
        } else {
          let text = fit(rows[row][index].text, width: target)
          rows[row][index] = (text, displayWidth(text))
        }
      }
    }
    widths = fitted
    var out = style.bold(format(headings, widths: widths)) + "\n"
    out.reserveCapacity(out.utf8.count * (rows.count + 1))
    for (number, row) in rows.enumerated() {
      out += trimmingTrailingSpaces(format(row, widths: widths))
      out += "\n"
      guard let more = continued[number] else { continue }
      for line in 0..<(more.map(\.lines.count).max() ?? 0) {
        var cells = row.map { _ in (text: "", width: 0) }
        for (column, lines) in more where line < lines.count {
          cells[column] = (lines[line], displayWidth(lines[line]))
        }
        out += trimmingTrailingSpaces(format(cells, widths: widths)) + "\n"
      }
    }
    return out
  }

  /// `text` in lines of at most `width` columns, broken at spaces; a word longer than that is cut into
  /// pieces, or with `breakingWords` false has a line of its own.
  static func wrapped(_ text: String, width: Int, breakingWords: Bool = true) -> [String] {
    let width = max(width, 1)
    var lines: [String] = []
    var line = ""
    var used = 0
    for word in text.split(separator: " ", omittingEmptySubsequences: false).map(String.init) {
      var word = word
      var size = displayWidth(word)
      while breakingWords && size > width {
        if used > 0 {
          lines.append(line)
          line = ""
          used = 0
        }
        var piece = ""
        var taken = 0
        for character in word {
          let next = self.width(of: character)
          if taken + next > width { break }
          piece.append(character)
          taken += next
        }
        lines.append(piece)
        word = String(word.dropFirst(piece.count))
        size = displayWidth(word)
      }
      if used == 0 {
        line = word
        used = size
      } else if used + 1 + size <= width {
        line += " " + word
        used += 1 + size
      } else {
        lines.append(line)
        line = word
        used = size
      }
    }
    if used > 0 || lines.isEmpty { lines.append(line) }
    return lines
  }

  /// Column widths for a line of at most `width` columns: the free-text columns are narrowed, the widest
  /// first, down to `minimumFreeWidth` (or their minimum, their heading's width, when it is wider; never
  /// wider than they were); the others keep their widths. `separators` is what the line takes besides
  /// its cells. When even that does not fit, the free columns stay at their minimum and the line is wider
  /// than `width`: codes and numbers are never cut. Without a width, `widths` as they are.
  static func fittedWidths(_ widths: [Int], free: [Bool], minimums: [Int], separators: Int, width: Int?) -> [Int] {
    guard let width else { return widths }
    var widths = widths
    var excess = widths.reduce(separators, +) - width
    let floors = widths.indices.map { min(widths[$0], max(minimumFreeWidth, minimums[$0])) }
    while excess > 0 {
      // The widest free column that can still give a column.
      var widest: Int?
      for index in widths.indices where free[index] && widths[index] > floors[index] {
        if widest.map({ widths[index] > widths[$0] }) ?? true { widest = index }
      }
      guard let index = widest else { break }
      widths[index] -= 1
      excess -= 1
    }
    return widths
  }

  /// The columns to leave out so that a line fits `width`, when narrowing the free text alone cannot: those
  /// with a `drop` rank, the lowest first, only as many as it takes. `separator` is the space between two
  /// cells (and `extra` what the line takes besides).
  static func leftOut(
    _ widths: [Int], free: [Bool], minimums: [Int], drop: [Int?], separator: Int, extra: Int = 0, width: Int?
  ) -> Set<Int> {
    guard let width else { return [] }
    var left = Set<Int>()
    func fits() -> Bool {
      let kept = widths.indices.filter { !left.contains($0) }
      let fitted = fittedWidths(
        kept.map { widths[$0] }, free: kept.map { free[$0] }, minimums: kept.map { minimums[$0] },
        separators: extra + separator * max(kept.count - 1, 0), width: width)
      return fitted.reduce(extra + separator * max(kept.count - 1, 0), +) <= width
    }
    let order = drop.indices.compactMap { index in drop[index].map { (rank: $0, index: index) } }
      .sorted { ($0.rank, $0.index) < ($1.rank, $1.index) }
    for candidate in order {
      if fits() { break }
      left.insert(candidate.index)
    }
    return left
  }

  /// One record as `label: value` lines.
  static func renderDetail(_ pairs: [(String, String)], style: TerminalStyle) -> String {
    let width = pairs.map { displayWidth($0.0) }.max() ?? 0
    return pairs.map { label, value in
      // An empty label continues the line above it.
      let heading = label.isEmpty ? " " : style.bold(label + ":")
      return heading + String(repeating: " ", count: width - displayWidth(label) + (label.isEmpty ? 1 : 1))
        + sanitize(value)
    }.joined(separator: "\n") + "\n"
  }

  private static func format(_ cells: [(text: String, width: Int)], widths: [Int]) -> String {
    var line = ""
    for (index, cell) in cells.enumerated() {
      line += cell.text
      if index < cells.count - 1 {
        line += String(repeating: " ", count: widths[index] - cell.width + 2)
      }
    }
    return line
  }

  private static func trimmingTrailingSpaces(_ line: String) -> String {
    var line = line
    while line.utf8.last == UInt8(ascii: " ") { line.removeLast() }
    return line
  }

  /// A cell or value on one line, escaped by `TerminalText`'s rule (line breaks too, so that a row stays
  /// one line).
  static func sanitize(_ text: String) -> String {
    TerminalText.escaped(text)
  }

  /// `text` cut to at most `maxCellWidth` columns, its last one an ellipsis when it was cut.
  static func fit(_ text: String, width maxCellWidth: Int) -> String {
    guard displayWidth(text) > maxCellWidth else { return text }
    var result = ""
    var used = 0
    for character in text {
      let next = width(of: character)
      if used + next > maxCellWidth - 1 { break }
      result.append(character)
      used += next
    }
    return result + "…"
  }

  static func displayWidth(_ text: String) -> Int {
    if isPlainASCII(text) { return text.utf8.count }
    return text.reduce(0) { $0 + width(of: $1) }
  }

  /// Printable ASCII only: one column a byte, nothing to escape (most cells, checked fast).
  private static func isPlainASCII(_ text: String) -> Bool {
    text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
  }

  /// Terminal columns a character takes: 2 for East Asian wide and emoji, 1 otherwise.
  static func width(of character: Character) -> Int {
    guard let scalar = character.unicodeScalars.first else { return 0 }
    switch scalar.value {
    case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
      0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
      0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
      return 2
    default:
      return 1
    }
  }
}
