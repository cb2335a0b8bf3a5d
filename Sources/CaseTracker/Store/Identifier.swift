import Foundation

/// Random UUID keys, and the short prefixes users type for them.
public enum Identifier {
  /// The shortest prefix accepted for a record id.
  public static let minimumPrefix = 6

  /// A new random (version 4) UUID in lower case, from the system's generator (getrandom; Foundation's
  /// UUID opened /dev/urandom for each one).
  public static func make() -> String {
    var generator = SystemRandomNumberGenerator()
    let high = generator.next()
    let low = generator.next()
    var bytes =
      (0..<8).map { UInt8(truncatingIfNeeded: high >> (8 * $0)) }
      + (0..<8).map { UInt8(truncatingIfNeeded: low >> (8 * $0)) }
    bytes[6] = (bytes[6] & 0x0F) | 0x40
    bytes[8] = (bytes[8] & 0x3F) | 0x80
    let digits = Array("0123456789abcdef".utf8)
    var text = [UInt8]()
    text.reserveCapacity(36)
    for (index, byte) in bytes.enumerated() {
      if index == 4 || index == 6 || index == 8 || index == 10 { text.append(UInt8(ascii: "-")) }
      text.append(digits[Int(byte >> 4)])
      text.append(digits[Int(byte & 0x0F)])
    }
    return String(decoding: text, as: UTF8.self)
  }

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

  /// The least text above every id that starts with `prefix` (a value of `prefix(_:)`): ids hold only
  /// hex digits and dashes, which all sort before "g", so `id >= prefix AND id < bound` is the prefix
  /// match as a key range.
  static func prefixUpperBound(_ prefix: String) -> String { prefix + "g" }
}
