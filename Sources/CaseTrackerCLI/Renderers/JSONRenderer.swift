import CaseTracker

/// JSON with sorted keys, two-space indentation, `null` for absent values, and strings escaped per
/// RFC 8259: what `TerminalText` counts unsafe (C0 and C1 controls, DEL, bidi and other format
/// characters) as `\uXXXX`, so that JSON on a terminal cannot drive it and parses back to the same text;
/// everything else as UTF-8.
enum JSONRenderer {
  static func render(_ records: [Record]) -> String {
    var out = ""
    write(array: records.map { .object($0) }, indent: 0, into: &out)
    return out + "\n"
  }

  static func render(_ record: Record) -> String {
    var out = ""
    write(.object(record), indent: 0, into: &out)
    return out + "\n"
  }

  /// One record as an element of an array at `indent` levels (its closing brace indented so, no line
  /// break after it): what a streamed export writes between `[` and `]`.
  static func element(_ record: Record, indent: Int) -> String {
    var out = String(repeating: "  ", count: indent)
    write(.object(record), indent: indent, into: &out)
    return out
  }

  private enum Node {
    case field(Field)
    case object(Record)
  }

  private static func write(_ node: Node, indent: Int, into out: inout String) {
    switch node {
    case .object(let record):
      let fields = record.fields.sorted { $0.name < $1.name }
      if fields.isEmpty {
        out += "{}"
        return
      }
      out += "{\n"
      for (index, field) in fields.enumerated() {
        out += String(repeating: "  ", count: indent + 1)
        string(field.name, into: &out)
        out += ": "
        write(.field(field.value), indent: indent + 1, into: &out)
        out += index == fields.count - 1 ? "\n" : ",\n"
      }
      out += String(repeating: "  ", count: indent) + "}"
    case .field(let field):
      switch field {
      case .null: out += "null"
      case .bool(let bool): out += bool ? "true" : "false"
      case .int(let int): out += String(int)
      case .real(let real): out += real.isFinite ? field.plain : "null"
      case .records(let records): write(array: records.map { .object($0) }, indent: indent, into: &out)
      case .object(let record): write(.object(record), indent: indent, into: &out)
      case .text(let text): string(text, into: &out)
      case .list(let items): write(array: items.map { .field($0) }, indent: indent, into: &out)
      }
    }
  }

  private static func write(array: [Node], indent: Int, into out: inout String) {
    if array.isEmpty {
      out += "[]"
      return
    }
    out += "[\n"
    for (index, item) in array.enumerated() {
      out += String(repeating: "  ", count: indent + 1)
      write(item, indent: indent + 1, into: &out)
      out += index == array.count - 1 ? "\n" : ",\n"
    }
    out += String(repeating: "  ", count: indent) + "]"
  }

  private static func string(_ text: String, into out: inout String) {
    out += "\""
    // Most values are printable ASCII with nothing to escape: appended whole, not scalar by scalar (what
    // makes a million-case export twice as fast).
    if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != 0x22 && $0 != 0x5C }) {
      out += text
      out += "\""
      return
    }
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      default:
        if TerminalText.isUnsafe(scalar) {
          // Beyond the BMP (the tag characters) as a UTF-16 surrogate pair, as RFC 8259 section 7 says.
          for unit in String(scalar).utf16 {
            let hex = String(unit, radix: 16)
            out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
          }
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    out += "\""
  }
}
