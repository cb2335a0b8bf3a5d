/// The dates a person plausibly means: a typo in the year (`1926` for `2026`, `2062` for `2026`) is
/// refused with the range psr accepts, rather than stored as a visit of last century or a deadline of the
/// next one.
public enum PlausibleDate {
  /// The earliest date of anything recorded in psr: nothing psr tracks happened before it.
  public static let earliest = "2000-01-01"
  /// How far ahead a due date or deadline may lie.
  public static let yearsAhead = 10

  /// A date something happened on (a visit, an audit, an insight, a correction): a real date from
  /// `earliest` to `today`. `field` names it in the message ("visit date"); `advice` ends a refusal of a
  /// date after today ("log activities after they happen").
  public static func past(_ text: String, field: String, today: String, advice: String? = nil) throws -> String {
    let date = try real(text, field: field)
    if date < earliest || date > today {
      let future = date > today ? "it is in the future; " : ""
      throw DomainError.invalid(
        "'\(date)' is not a plausible \(field): \(future)give a date from \(earliest) to \(today)"
          + (date > today ? advice.map { ", and \($0)" } ?? "" : ""))
    }
    return date
  }

  /// A date something is due by (a case's due date, an NC's deadline): a real date from `earliest` to
  /// `yearsAhead` years after `today`. Returns it with a warning when it is already past (accepted: a
  /// matter may be recorded late), nil otherwise.
  public static func due(_ text: String, field: String, today: String) throws -> (date: String, warning: String?) {
    let date = try real(text, field: field)
    let latest = latestDue(today: today)
    guard date >= earliest, date <= latest else {
      throw DomainError.invalid(
        "'\(date)' is not a plausible \(field): give a date from \(earliest) to \(latest) (\(yearsAhead) years from today)"
      )
    }
    return (date, date < today ? "\(field) \(date) is already past" : nil)
  }

  /// The last due date accepted on `today`.
  public static func latestDue(today: String) -> String {
    CalendarDate.adding(months: 12 * yearsAhead, to: today) ?? "9999-12-31"
  }

  /// A real `YYYY-MM-DD` date of any year (`CalendarDate.parse` refuses years before 1900 as malformed,
  /// where this range's message says more).
  private static func real(_ text: String, field: String) throws -> String {
    let value = text.trimmedSpaces
    return CalendarDate.components(value) != nil ? value : try CalendarDate.parse(text, field: field)
  }
}
