/// SplitMix64: a small, fast generator whose sequence depends only on its seed, so demo data is the same
/// on every machine.
struct DemoRandom: RandomNumberGenerator {
  private var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A whole number in `range`.
  mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }

  /// True with probability `p`.
  mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &self) < p }

  mutating func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &self)] }

  /// One of `items` by relative weight.
  mutating func weighted<T>(_ items: [(T, Double)]) -> T {
    let total = items.reduce(0) { $0 + $1.1 }
    var roll = Double.random(in: 0..<total, using: &self)
    for (item, weight) in items {
      if roll < weight { return item }
      roll -= weight
    }
    return items[items.count - 1].0
  }

  /// A version 4 UUID from this generator, lower-case.
  mutating func uuid() -> String {
    format(high: next(), low: next())
  }

  /// A version 7 UUID (RFC 9562): `milliseconds` since 1970 in its first 48 bits, random bits after.
  /// Ids made with rising milliseconds sort in the order they were made, so rows keyed by them go in at
  /// the end of their indexes.
  mutating func uuid(milliseconds: UInt64) -> String {
    // Bytes 0 to 5 are the milliseconds, most significant first; 6 and 7 random (less the version).
    var high = next() & (0xFFFF << 48)
    for index in 0..<6 { high |= ((milliseconds >> (8 * (5 - index))) & 0xFF) << (8 * index) }
    return format(high: high, low: next(), version: 7)
  }

  /// The text form of 16 bytes, `high`'s low byte first, then `low`'s, with the version and the RFC 9562
  /// variant set.
  private func format(high: UInt64, low: UInt64, version: UInt8 = 4) -> String {
    var text = [UInt8]()
    text.reserveCapacity(36)
    let digits: StaticString = "0123456789abcdef"
    for index in 0..<16 {
      var byte = UInt8(truncatingIfNeeded: (index < 8 ? high : low) >> (8 * (index % 8)))
      if index == 6 { byte = (byte & 0x0F) | (version << 4) }
      if index == 8 { byte = (byte & 0x3F) | 0x80 }
      if index == 4 || index == 6 || index == 8 || index == 10 { text.append(UInt8(ascii: "-")) }
      digits.withUTF8Buffer { hex in
        text.append(hex[Int(byte >> 4)])
        text.append(hex[Int(byte & 0x0F)])
      }
    }
    return String(decoding: text, as: UTF8.self)
  }
}
