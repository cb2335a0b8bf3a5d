import Foundation

/// Random UUID keys, and the short prefixes users type for them.
public enum Identifier {
  /// The shortest prefix accepted for a record id.
  public static let minimumPrefix = 6

  /// A new random (version 4) UUID in lower case.
  public static func make() -> String { UUID().uuidString.lowercased() }

  /// True when `text` is a whole UUID as psr stores it.
  public static func isUUID(_ text: String) -> Bool {
    UUID(uuidString: text) != nil && text.count == 36
  }

  /// Checks `text` as an id prefix and returns it lower-cased: hex digits and dashes, at least six
  /// characters. Nil when it cannot be a prefix.
  public static func prefix(_ text: String) -> String? {
    let lower = text.lowercased()
    guard lower.count >= minimumPrefix, lower.count <= 36,
      lower.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) || ("a"..."f").contains($0) || $0 == "-" })
    else { return nil }
    return lower
  }
}
