/// What spreadsheets leave in a CSV file around the data, and how an import reads past it: rows whose
/// every cell is empty (`;;;;` from a row cleared in Excel) are skipped, and the empty cells at the end of
/// the header (columns once used, then cleared) name no column, so the rows' cells under them are dropped
/// when empty. A value under such a blank header is a problem of its row.
struct SpreadsheetRows {
  /// The header without its empty cells at the end.
  let header: CSVRecord
  /// How many fields the header had with them.
  let fullWidth: Int
  let delimiter: CSVDelimiter

  /// `record` without its empty cells at the end.
  static func header(_ record: CSVRecord) -> CSVRecord {
    var fields = record.fields
    while let last = fields.last, last.trimmedSpaces.isEmpty { fields.removeLast() }
    return CSVRecord(line: record.line, fields: fields)
  }

  /// True when every cell of `record` is empty or spaces.
  static func isBlank(_ record: CSVRecord) -> Bool {
    record.fields.allSatisfy { $0.trimmedSpaces.isEmpty }
  }

  /// `record` cut to the header's columns; nil for a blank row, or (after telling `problem` why) for a row
  /// that does not fit the header.
  func fitted(_ record: CSVRecord, problem: (String) -> Void) -> CSVRecord? {
    if Self.isBlank(record) { return nil }
    let width = header.fields.count
    let count = record.fields.count
    if count == width { return record }
    let holds = delimiter == .tab ? "a tab" : "a \(delimiter.name)"
    guard count > width else {
      problem("expected \(width) fields as in the header, found \(count); quote any field that holds \(holds)")
      return nil
    }
    // Empty cells past the header's columns are what a spreadsheet leaves: cut. A value there is not.
    if let index = record.fields[width...].firstIndex(where: { !$0.trimmedSpaces.isEmpty }) {
      if index < fullWidth {
        problem(
          "a value in column \(index + 1), which has no name in the header ('\(Validate.printable(record.fields[index]))'); name the column in the header or clear the cell"
        )
      } else {
        problem("expected \(width) fields as in the header, found \(count); quote any field that holds \(holds)")
      }
      return nil
    }
    return CSVRecord(line: record.line, fields: Array(record.fields[..<width]))
  }
}
