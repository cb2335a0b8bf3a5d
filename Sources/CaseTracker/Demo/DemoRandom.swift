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

  /// A version 4 UUID whose first 64 bits are `key`, most significant first, less the 4 version bits
  /// (which lie below its top 48): ids made with rising keys sort in the order they were made.
  mutating func uuid(key: UInt64) -> String {
    format(high: key.byteSwapped, low: next())
  }

  /// The text form of 16 bytes, `high`'s low byte first, then `low`'s, with the version (4) and the RFC
  /// 9562 variant set.
  private func format(high: UInt64, low: UInt64) -> String {
    var text = [UInt8]()
    text.reserveCapacity(36)
    let digits: StaticString = "0123456789abcdef"
    for index in 0..<16 {
      var byte = UInt8(truncatingIfNeeded: (index < 8 ? high : low) >> (8 * (index % 8)))
      if index == 6 { byte = (byte & 0x0F) | 0x40 }
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
