/// The one rule for text that may reach a person's terminal: stored text and arguments must not be able to
/// move the cursor, overwrite a line, change colours, set the window title or reorder what is shown.
///
/// Unsafe are the C0 controls (ESC, BEL, CR, …), DEL and the C1 controls U+0080–U+009F (U+009B is a
/// one-byte CSI on many terminals), the invisible format characters of Unicode's Cf category, among them
/// the bidi controls U+202A–U+202E, U+2066–U+2069, U+200E, U+200F and U+061C (but not U+200D, the joiner
/// inside emoji), and the line and paragraph separators U+2028 and U+2029. Tables, `show` views, reports,
/// messages and CSV written to a terminal show each as `\u{…}`; JSON writes them as `\uXXXX`.
public enum TerminalText {
  /// True for a scalar that must not reach a terminal as it is.
  public static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
    if scalar.value >= 0x20 && scalar.value < 0x7F { return false }
    switch scalar.properties.generalCategory {
    case .control, .lineSeparator, .paragraphSeparator: return true
    case .format: return scalar != "\u{200D}"
    default: return false
    }
  }

  /// `\u{1b}` for ESC: the scalar's hexadecimal value, as Swift writes it.
  public static func visible(_ scalar: Unicode.Scalar) -> String {
    "\\u{\(String(scalar.value, radix: 16))}"
  }

  /// `text` with every unsafe scalar shown as `\u{…}`. With `keepingLineBreaks`, for multi-line text (a
  /// note in CSV, a message listing problems): line feeds and tabs stay, and so does a CR right before a
  /// line feed (a CSV line end), which cannot overwrite anything; a CR alone is escaped.
  public static func escaped(_ text: String, keepingLineBreaks: Bool = false) -> String {
    if text.utf8.allSatisfy({ ($0 >= 0x20 && $0 < 0x7F) || (keepingLineBreaks && ($0 == 0x0A || $0 == 0x09)) }) {
      return text
    }
    var result = ""
    // A CR is held until the next scalar shows whether it ends a line.
    var heldCR = false
    for scalar in text.unicodeScalars {
      if heldCR {
        result += scalar == "\n" ? "\r" : visible("\r")
        heldCR = false
      }
      if keepingLineBreaks && scalar == "\r" {
        heldCR = true
      } else if isUnsafe(scalar) && !(keepingLineBreaks && (scalar == "\n" || scalar == "\t")) {
        result += visible(scalar)
      } else {
        result.unicodeScalars.append(scalar)
      }
    }
    if heldCR { result += visible("\r") }
    return result
  }
}
