import Foundation

/// The time source of a command: the current instant, and "today", which `--today` or `PSR_TODAY` can
/// fix so that reports and tests are reproducible.
public struct Clock: Sendable {
  /// The calendar date taken as today, `YYYY-MM-DD`.
  public let today: String
  private let instant: @Sendable () -> Date

  /// With `today` given, instants keep the real time of day but fall on that date, so that a record
  /// made "on" a past day with `--today` carries that day's date and its order among others.
  public init(today: String? = nil, now: @escaping @Sendable () -> Date = { Date() }) {
    let realToday = CalendarDate.format(now())
    if let today, today != realToday, let shift = CalendarDate.days(from: realToday, to: today) {
      self.instant = { now().addingTimeInterval(Double(shift) * 86_400) }
    } else {
      self.instant = now
    }
    self.today = today ?? realToday
  }

  /// The current instant as UTC ISO-8601 text with milliseconds: `2026-11-26T18:15:50.123Z`.
  public func now() -> String { Timestamp.format(instant()) }
}

/// Instants as UTC ISO-8601 text with milliseconds.
public enum Timestamp {
  /// By arithmetic on the milliseconds since 1970, without a calendar object (which takes milliseconds
  /// to set up, at every start of psr).
  public static func format(_ date: Date) -> String {
    let milliseconds = Int((date.timeIntervalSince1970 * 1000).rounded(.down))
    let (days, rest) = milliseconds.quotientAndRemainder(dividingBy: 86_400_000)
    let (day, inDay) = rest < 0 ? (days - 1, rest + 86_400_000) : (days, rest)
    return CalendarDate.text(dayNumber: day) + "T" + zeroPadded(inDay / 3_600_000, 2) + ":"
      + zeroPadded(inDay / 60_000 % 60, 2) + ":" + zeroPadded(inDay / 1_000 % 60, 2) + "."
      + zeroPadded(inDay % 1_000, 3) + "Z"
  }
}

/// Calendar dates as `YYYY-MM-DD`.
public enum CalendarDate {
  /// Checks that `text` is a real date written `YYYY-MM-DD` and returns it.
  public static func parse(_ text: String, field: String = "date") throws -> String {
    let value = text.trimmedSpaces
    guard let (year, _, _) = components(value), (1900...9999).contains(year) else {
      // Written right, but a day the calendar does not have: say which.
      let parts = value.split(separator: "-", omittingEmptySubsequences: false)
      if value.utf8.count == 10, parts.count == 3, parts.map(\.count) == [4, 2, 2],
        let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]), day >= 1
      {
        let shown = "'\(Validate.printable(text))' is not a valid \(field)"
        guard (1...12).contains(month) else {
          throw DomainError.invalid("\(shown): there is no month \(month); the months are 01 to 12")
        }
        if day > daysIn(month: month, year: year) {
          throw DomainError.invalid(
            "\(shown): \(monthNames[month - 1]) \(year) has \(daysIn(month: month, year: year)) days")
        }
      }
      throw DomainError.invalid(
        "'\(Validate.printable(text))' is not a valid \(field); write it as YYYY-MM-DD, such as 2026-11-26")
    }
    return value
  }

  static let monthNames = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
    "December",
  ]

  /// Whole days from one date to another (negative when `to` is earlier); nil for malformed dates.
  public static func days(from: String, to: String) -> Int? {
    guard let start = dayNumber(from), let end = dayNumber(to) else { return nil }
    return end - start
  }

  /// The date `days` after `date`.
  public static func adding(_ days: Int, to text: String) -> String? {
    dayNumber(text).map { self.text(dayNumber: $0 + days) }
  }

  /// Days from 1970-01-01 to a `YYYY-MM-DD` date of the proleptic Gregorian calendar, by arithmetic
  /// (https://howardhinnant.github.io/date_algorithms.html#days_from_civil); nil for malformed text.
  static func dayNumber(_ text: String) -> Int? {
    guard let (year, month, day) = components(text) else { return nil }
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yearOfEra = y - era * 400
    let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
  }

  /// Year, month and day of a real `YYYY-MM-DD` date; nil for anything else.
  static func components(_ text: String) -> (year: Int, month: Int, day: Int)? {
    var utf8 = text.utf8.makeIterator()
    var fields = [0, 0, 0]
    for position in 0..<10 {
      guard let byte = utf8.next() else { return nil }
      if position == 4 || position == 7 {
        guard byte == UInt8(ascii: "-") else { return nil }
        continue
      }
      guard byte >= 48, byte <= 57 else { return nil }
      let field = position < 4 ? 0 : position < 7 ? 1 : 2
      fields[field] = fields[field] * 10 + Int(byte - 48)
    }
    guard utf8.next() == nil, (1...12).contains(fields[1]),
      (1...daysIn(month: fields[1], year: fields[0])).contains(fields[2])
    else { return nil }
    return (fields[0], fields[1], fields[2])
  }

  /// The `YYYY-MM-DD` text of a day number (see `dayNumber`).
  static func text(dayNumber: Int) -> String {
    let z = dayNumber + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let dayOfEra = z - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let monthIndex = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
    let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
    return text(year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month: month, day: day)
  }

  /// `YYYY-MM-DD`, zero-padded.
  static func text(year: Int, month: Int, day: Int) -> String {
    zeroPadded(year, 4) + "-" + zeroPadded(month, 2) + "-" + zeroPadded(day, 2)
  }

  /// The date `months` calendar months after `date` (the last day of a shorter month when needed).
  public static func adding(months: Int, to text: String) -> String? {
    guard let (startYear, startMonth, startDay) = components(text) else { return nil }
    let index = startYear * 12 + (startMonth - 1) + months
    let (year, month) = (index / 12, index % 12 + 1)
    guard (0...9999).contains(year) else { return nil }
    return Self.text(year: year, month: month, day: min(startDay, daysIn(month: month, year: year)))
  }

  public static func format(_ date: Date) -> String {
    String(Timestamp.format(date).prefix(10))
  }

  static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: 30
    default: 31
    }
  }
}

/// `value` in decimal, zero-padded on the left to `width` digits.
func zeroPadded(_ value: Int, _ width: Int) -> String {
  let digits = String(value)
  return String(repeating: "0", count: max(0, width - digits.count)) + digits
}
