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

/// The time source of a command: the current instant, and "today", which `--today` or `PSR_TODAY` can
/// fix so that reports and tests are reproducible.
public struct Clock: Sendable {
  /// The calendar date taken as today, `YYYY-MM-DD`: the officer's local date (`LocalTime`), so that an
  /// officer in Samoa logs her morning visit on her own date.
  public let today: String
  private let instant: @Sendable () -> Date

  /// With `today` given, instants keep the real time of day but fall on that date, so that a record
  /// made "on" a past day with `--today` carries that day's date and its order among others.
  public init(today: String? = nil, now: @escaping @Sendable () -> Date = { Date() }) {
    let realToday = LocalTime.date(of: now())
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

/// The local time zone as every Unix tool reads it: `TZ`, else the system's `/etc/localtime`, through the
/// C library (`tzset`, `localtime_r`). Foundation's `TimeZone` and `Calendar` would do the same but cost
/// milliseconds at every start of psr.
public enum LocalTime {
  /// `tzset` once per process, before the first `localtime_r` (POSIX does not promise that
  /// `localtime_r` reads `TZ` itself).
  private static let zoneRead: Bool = {
    tzset()
    return true
  }()

  /// The local zone's offset from UTC, in seconds east, at `seconds` since 1970 (0 when the C library
  /// cannot tell).
  public static func offset(atSecondsSince1970 seconds: Int) -> Int {
    _ = zoneRead
    var time = time_t(seconds)
    var parts = tm()
    guard localtime_r(&time, &parts) != nil else { return 0 }
    return Int(parts.tm_gmtoff)
  }

  /// The local calendar date at `date`, `YYYY-MM-DD`.
  public static func date(of date: Date) -> String {
    let seconds = Int(date.timeIntervalSince1970.rounded(.down))
    let local = seconds + offset(atSecondsSince1970: seconds)
    return CalendarDate.text(dayNumber: local >= 0 ? local / 86_400 : (local - 86_399) / 86_400)
  }

  /// The local reading of a stored UTC instant (`2026-11-26T11:32:05.123Z`): its date, `HH:MM` and the
  /// offset (`+03:00`, `-05:00`, `+05:45`); nil for text that is not such an instant.
  public static func reading(of instant: String) -> (date: String, time: String, offset: String)? {
    guard let utc = Timestamp.secondsSince1970(instant) else { return nil }
    let offset = offset(atSecondsSince1970: utc)
    let local = utc + offset
    let (days, rest) = local.quotientAndRemainder(dividingBy: 86_400)
    let (day, inDay) = rest < 0 ? (days - 1, rest + 86_400) : (days, rest)
    let sign = offset < 0 ? "-" : "+"
    let minutes = abs(offset) / 60
    return (
      CalendarDate.text(dayNumber: day), zeroPadded(inDay / 3_600, 2) + ":" + zeroPadded(inDay / 60 % 60, 2),
      sign + zeroPadded(minutes / 60, 2) + ":" + zeroPadded(minutes % 60, 2)
    )
  }
}

/// Instants as UTC ISO-8601 text with milliseconds.
public enum Timestamp {
  /// Seconds since 1970 of UTC ISO-8601 text such as `2026-11-26T18:15:50.123Z` or `2026-11-26T18:15Z`
  /// (seconds and their fraction optional, fractions cut); nil for anything else.
  public static func secondsSince1970(_ text: String) -> Int? {
    let bytes = Array(text.utf8)
    guard bytes.count >= 17, bytes.last == UInt8(ascii: "Z"), bytes[10] == UInt8(ascii: "T"),
      let day = CalendarDate.dayNumber(String(decoding: bytes[0..<10], as: UTF8.self))
    else { return nil }
    func number(_ range: Range<Int>) -> Int? {
      guard range.upperBound <= bytes.count else { return nil }
      var value = 0
      for byte in bytes[range] {
        guard byte >= 48, byte <= 57 else { return nil }
        value = value * 10 + Int(byte - 48)
      }
      return value
    }
    guard let hour = number(11..<13), hour < 24, bytes[13] == UInt8(ascii: ":"), let minute = number(14..<16),
      minute < 60
    else { return nil }
    var second = 0
    if bytes.count > 17 {
      guard bytes[16] == UInt8(ascii: ":"), let value = number(17..<19), value < 60 else { return nil }
      second = value
      let rest = bytes[19..<(bytes.count - 1)]
      guard rest.isEmpty || (rest.first == UInt8(ascii: ".") && rest.count > 1 && number(20..<(bytes.count - 1)) != nil)
      else { return nil }
    } else if bytes[16] != UInt8(ascii: "Z") {
      return nil
    }
    return day * 86_400 + hour * 3_600 + minute * 60 + second
  }

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

  /// The UTC calendar date of an instant (the local one, which "today" is: `LocalTime.date(of:)`).
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
