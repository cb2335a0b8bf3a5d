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
  public static func format(_ date: Date) -> String {
    let milliseconds = (date.timeIntervalSince1970 * 1000).rounded(.down)
    let whole = Date(timeIntervalSince1970: (milliseconds / 1000).rounded(.down))
    let components = utcCalendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: whole)
    let fraction = Int(milliseconds.truncatingRemainder(dividingBy: 1000) + 1000) % 1000
    return String(
      format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", components.year!, components.month!, components.day!,
      components.hour!, components.minute!, components.second!, fraction)
  }
}

/// Calendar dates as `YYYY-MM-DD`.
public enum CalendarDate {
  /// Checks that `text` is a real date written `YYYY-MM-DD` and returns it.
  public static func parse(_ text: String, field: String = "date") throws -> String {
    let value = text.trimmedSpaces
    let parts = value.split(separator: "-", omittingEmptySubsequences: false)
    guard value.count == 10, parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
      let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
      (1900...9999).contains(year), (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day)
    else {
      throw DomainError.invalid(
        "'\(Validate.printable(text))' is not a valid \(field); write it as YYYY-MM-DD, such as 2026-11-26")
    }
    return value
  }

  /// Whole days from one date to another (negative when `to` is earlier); nil for malformed dates.
  public static func days(from: String, to: String) -> Int? {
    guard let start = date(from), let end = date(to) else { return nil }
    return Int(((end.timeIntervalSince1970 - start.timeIntervalSince1970) / 86_400).rounded())
  }

  /// The date `days` after `date`.
  public static func adding(_ days: Int, to text: String) -> String? {
    date(text).map { format($0.addingTimeInterval(Double(days) * 86_400)) }
  }

  /// The date `months` calendar months after `date` (the last day of a shorter month when needed).
  public static func adding(months: Int, to text: String) -> String? {
    guard let start = date(text), let end = utcCalendar.date(byAdding: .month, value: months, to: start) else {
      return nil
    }
    return format(end)
  }

  /// Midnight UTC of a `YYYY-MM-DD` date.
  static func date(_ text: String) -> Date? {
    let parts = text.split(separator: "-").compactMap { Int($0) }
    guard parts.count == 3 else { return nil }
    return utcCalendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2]))
  }

  public static func format(_ date: Date) -> String {
    let c = utcCalendar.dateComponents([.year, .month, .day], from: date)
    return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
  }

  static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: 30
    default: 31
    }
  }
}

let utcCalendar: Calendar = {
  var calendar = Calendar(identifier: .gregorian)
  calendar.timeZone = TimeZone(identifier: "UTC")!
  return calendar
}()
