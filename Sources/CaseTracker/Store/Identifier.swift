#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Random UUID keys, and the short prefixes users type for them.
public enum Identifier {
  /// The shortest prefix accepted for a record id.
  public static let minimumPrefix = 6

  /// A new random (version 4) UUID in lower case, from the system's generator (getrandom; Foundation's
  /// UUID opened /dev/urandom for each one).
  public static func make() -> String {
    var generator = SystemRandomNumberGenerator()
    var bits = UUIDBits(high: generator.next(), low: generator.next())
    bits.markVersion4()
    return bits.text
  }

  /// True when `text` is a whole UUID in either case.
  public static func isUUID(_ text: String) -> Bool {
    isStoredUUID(text.lowercased())
  }

  /// True for a UUID as psr stores it and the tables' CHECKs want it: 36 characters, lower-case hex digits
  /// with dashes at 9, 14, 19 and 24.
  public static func isStoredUUID(_ text: String) -> Bool {
    var count = 0
    for (offset, byte) in text.utf8.enumerated() {
      count += 1
      let dash = offset == 8 || offset == 13 || offset == 18 || offset == 23
      let hex = (0x30...0x39).contains(byte) || (0x61...0x66).contains(byte)
      guard dash ? byte == UInt8(ascii: "-") : hex else { return false }
    }
    return count == 36
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

/// The 128 bits of a UUID as two big-endian halves, so that their order is the order of the text.
struct UUIDBits: Comparable {
  var high: UInt64
  var low: UInt64

  static func < (left: UUIDBits, right: UUIDBits) -> Bool {
    (left.high, left.low) < (right.high, right.low)
  }

  /// Version 4 in the high nibble of byte 6, variant 10 in the top bits of byte 8 (RFC 9562); the other
  /// 122 bits are left as they are.
  mutating func markVersion4() {
    high = (high & ~0xF000) | 0x4000
    low = (low & ~(0xC000 << 48)) | (0x8000 << 48)
  }

  /// `xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx`, lower-case.
  var text: String {
    let digits: StaticString = "0123456789abcdef"
    return String(unsafeUninitializedCapacity: 36) { output in
      var position = 0
      for nibble in 0..<32 {
        if nibble == 8 || nibble == 12 || nibble == 16 || nibble == 20 {
          output[position] = UInt8(ascii: "-")
          position += 1
        }
        let word = nibble < 16 ? high : low
        let value = Int((word >> UInt64(60 - 4 * (nibble % 16))) & 0xF)
        output[position] = digits.utf8Start[value]
        position += 1
      }
      return position
    }
  }
}
