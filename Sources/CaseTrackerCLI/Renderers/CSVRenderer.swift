/// CSV per RFC 4180: a header of field names, CRLF line ends, fields quoted when they hold a comma,
/// quote, CR or LF (quotes doubled). Values are written verbatim, as stored.
enum CSVRenderer {
  static func render(_ records: [Record], columns: [String]) -> String {
    var out = line(columns)
    for record in records {
      out += line(columns.map { record[$0].plain })
    }
    return out
  }

  static func line(_ fields: [String]) -> String {
    fields.map(escape).joined(separator: ",") + "\r\n"
  }

  static func escape(_ field: String) -> String {
    guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
    else { return field }
    return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }
}
