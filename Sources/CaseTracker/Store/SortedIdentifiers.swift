#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Random version 4 UUIDs for many new records at once, drawn in blocks and handed out in ascending order.
///
/// Each id is as random as `Identifier.make()`'s (122 random bits from the system's generator); only the
/// order in which a block's ids are handed out is not. Records made in that order reach every index keyed
/// by their id as appends instead of inserts at random places, which keeps the pages a large import touches
/// few. The bytes come from `getentropy`, 256 at a time, instead of one system call per 8 bytes.
struct SortedIdentifiers {
  /// The first blocks hold few ids, so that a small import draws little; the next ones hold 131,072
  /// (2 MiB), so that the new rows of an import of up to about that many take appends throughout.
  private static let blocks = [1_024, 16_384, 131_072]
  private var drawn = 0

  private var ids: [UUIDBits] = []
  private var next = 0

  /// The next id, lower-case, as psr stores it.
  mutating func make() -> String {
    if next == ids.count {
      ids = Self.sortedBlock(count: Self.blocks[min(drawn, Self.blocks.count - 1)])
      drawn += 1
      next = 0
    }
    defer { next += 1 }
    return ids[next].text
  }

  private static func sortedBlock(count: Int) -> [UUIDBits] {
    var ids = [UUIDBits](repeating: UUIDBits(high: 0, low: 0), count: count)
    ids.withUnsafeMutableBytes { fillRandom($0) }
    for index in ids.indices { ids[index].markVersion4() }
    ids.sort()
    return ids
  }

  /// Fills `buffer` from the operating system's generator (getentropy gives at most 256 bytes a call).
  private static func fillRandom(_ buffer: UnsafeMutableRawBufferPointer) {
    var offset = 0
    while offset < buffer.count {
      let count = min(256, buffer.count - offset)
      if getentropy(buffer.baseAddress! + offset, count) != 0 {
        // No entropy source: the system generator, 8 bytes a call.
        var generator = SystemRandomNumberGenerator()
        for index in offset..<buffer.count { buffer[index] = UInt8(truncatingIfNeeded: generator.next()) }
        return
      }
      offset += count
    }
  }
}
