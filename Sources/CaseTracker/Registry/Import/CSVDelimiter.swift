/// The separator between a CSV file's fields: a comma, or what spreadsheets write in other locales, a
/// semicolon (Excel in French, Spanish, Portuguese, German…) or a tab ("Text (Tab delimited)").
public enum CSVDelimiter: String, CaseIterable, Sendable {
  case comma, semicolon, tab

  /// The byte between fields.
  public var byte: UInt8 {
    switch self {
    case .comma: 0x2C
    case .semicolon: 0x3B
    case .tab: 0x09
    }
  }

  /// The name a message uses: "comma", "semicolon", "tab".
  public var name: String { rawValue }

  /// The delimiter a user typed: `,`, `;`, `tab` or `\t` (the two characters, or a real tab), or the words
  /// `comma` and `semicolon`; nil for anything else.
  public init?(typed text: String) {
    switch text.lowercased() {
    case ",", "comma": self = .comma
    case ";", "semicolon": self = .semicolon
    case "tab", "\\t", "\t": self = .tab
    default: return nil
    }
  }

  /// The delimiter of a file whose header is `line` (its first line, as `CSVReader.firstLine()` reads it):
  /// the one that splits it into the most fields named in `known` (the columns the file may have), then into
  /// the most fields; comma when none splits it (a one-column file) or the line is not well-formed.
  public static func detect(header line: [UInt8], known: Set<String>) -> CSVDelimiter {
    var best: (delimiter: CSVDelimiter, known: Int, fields: Int) = (.comma, -1, 0)
    for delimiter in allCases {
      var reader = CSVReader(bytes: line)
      reader.use(delimiter)
      guard let record = try? reader.next() else { continue }
      let names = record.fields.map { $0.trimmedSpaces.lowercased() }
      let score = (known: names.filter(known.contains).count, fields: names.count)
      if score.known > best.known || (score.known == best.known && score.fields > best.fields) {
        best = (delimiter, score.known, score.fields)
      }
    }
    return best.delimiter
  }
}
