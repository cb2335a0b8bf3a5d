import CaseTracker

/// CSV per RFC 4180: a header of field names, CRLF line ends, fields quoted when they hold a comma,
/// quote, CR or LF (quotes doubled). A text cell that a spreadsheet would run as a formula (starting with
/// `=`, `+`, `-`, `@`, a tab or a carriage return) is written with a leading `'`, as OWASP advises for CSV
/// injection, and so is one whose `'`s before such a character would otherwise be taken for that guard;
/// `psr producer import` removes the added `'` again, so every value imports back exactly (`CSVFormula`).
enum CSVRenderer {
  static func render(_ records: [Record], columns: [String]) -> String {
    var out = line(columns)
    for record in records {
      out += line(columns.map { cell(record[$0]) })
    }
    return out
  }

  /// A field's cell: text neutralised, numbers and lists as they are.
  static func cell(_ field: Field) -> String {
    switch field {
    case .text(let text): neutralised(text)
    case .list(let items): items.map(\.plain).map(neutralised).joined(separator: ",")
    default: field.plain
    }
  }

  /// `text` with a leading `'` when it starts like a formula, after any `'`s.
  static func neutralised(_ text: String) -> String {
    CSVFormula.guarded(text)
  }

  static func line(_ fields: [String]) -> String { line(fields, delimiter: ",") }

  static func line(_ fields: [String], delimiter: Character) -> String {
    fields.map { escape($0, delimiter: delimiter) }.joined(separator: String(delimiter)) + "\r\n"
  }

  /// `field` quoted when it holds the delimiter (an ASCII character), a quote or a line break. Looked for
  /// in the UTF-8 bytes, which a million-row export reads far faster than characters.
  static func escape(_ field: String, delimiter: Character) -> String {
    let separator = delimiter.asciiValue ?? UInt8(ascii: ",")
    guard field.utf8.contains(where: { $0 == separator || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else {
      return field
    }
    return "\"" + field.replacing("\"", with: "\"\"") + "\""
  }
}
