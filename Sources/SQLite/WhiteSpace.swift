extension StringProtocol {
  /// Without leading and trailing white space and line breaks: what Foundation's
  /// `trimmingCharacters(in: .whitespacesAndNewlines)` does (Unicode's White_Space scalars), without Foundation.
  var trimmingWhiteSpace: String {
    let scalars = unicodeScalars
    guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
      let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
    else { return "" }
    var kept = String.UnicodeScalarView()
    kept.append(contentsOf: scalars[first...last])
    return String(kept)
  }
}
