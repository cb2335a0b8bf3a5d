/// The bounds of psr's counts and numbers: the same for every command, the import, and the schema's
/// triggers (`0006_bounds`), so that whatever one accepts the others accept too, and no sum of them can
/// overflow (a million activities of 100,000 participants each add up to 10^11).
public enum Bounds {
  /// Members or workers of a producer organization.
  public static let members = 0...10_000_000
  /// Participants in one activity: each of women, men and other, and the three together.
  public static let participants = 0...100_000
  /// Hours of one activity: more than 0 and at most this.
  public static let hours = 200.0
}

extension Validate {
  /// True when `text` is decimal digits alone: no sign, no `0x`, no exponent, no separators, which
  /// `Int(_:)` alone would let through ("+5").
  public static func isDecimalDigits<Text: StringProtocol>(_ text: Text) -> Bool {
    !text.isEmpty && text.utf8.allSatisfy { (0x30...0x39).contains($0) }
  }

  /// A count already parsed, within `range`.
  public static func count(_ value: Int, field: String, in range: ClosedRange<Int>) throws -> Int {
    guard range.contains(value) else {
      throw DomainError.invalid("\(field) must be from \(range.lowerBound) to \(range.upperBound), not \(value)")
    }
    return value
  }

  /// Hours already parsed: more than 0 and at most `Bounds.hours`.
  public static func hours(_ value: Double) throws -> Double {
    guard value > 0 && value <= Bounds.hours else {
      throw DomainError.invalid("--hours must be more than 0 and at most \(Int(Bounds.hours)), not \(value)")
    }
    return value
  }
}

extension Int {
  /// The sum of `values`, or `Int.max` (`Int.min`) where it would overflow.
  public static func saturatingSum(_ values: Int...) -> Int {
    var sum = 0
    for value in values {
      let (result, overflow) = sum.addingReportingOverflow(value)
      if overflow { return value > 0 ? .max : .min }
      sum = result
    }
    return sum
  }
}
