/// Cells a spreadsheet would run as a formula, and how psr's CSV exports neutralise them so that every value
/// still comes back exactly.
///
/// A value whose first character after any leading `'`s is a formula trigger is exported with one more `'`
/// in front, and the import removes one `'` from such a cell. So `=1+2` goes out as `'=1+2` and `'=x` as
/// `''=x`, and both come back as they were; `'Ohana` (a `'` before an ordinary letter) is left as it is both
/// ways.
public enum CSVFormula {
  /// First characters that make a spreadsheet read a cell as a formula.
  public static let triggers: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]

  /// True when `text` is exported with a leading `'`: its first character after any `'`s is a trigger.
  public static func needsGuard(_ text: String) -> Bool {
    guard let first = text.unicodeScalars.first(where: { $0 != "'" }) else { return false }
    return triggers.contains(first)
  }

  /// A value as exported: with a leading `'` when `needsGuard`.
  public static func guarded(_ text: String) -> String {
    needsGuard(text) ? "'" + text : text
  }

  /// A cell as exported, back to its value: a cell that starts with `'` and `needsGuard` loses one `'`.
  public static func restored(_ cell: String) -> String {
    guard cell.utf8.first == UInt8(ascii: "'"), needsGuard(cell) else { return cell }
    return String(cell.unicodeScalars.dropFirst())
  }
}
