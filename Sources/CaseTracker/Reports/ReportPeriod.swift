/// The dates a report covers, both included, and the day it is evaluated on: its last day, or today for a
/// period still in progress (DESIGN.md "Certification readiness": a period that has not ended is evaluated
/// on today, and says so).
public struct ReportPeriod: Equatable, Sendable {
  /// `2026-Q3`, `2026-07`, `2026`, or `FROM..TO`.
  public var label: String
  public var from: String
  public var to: String
  /// The day "at the period's end" means: `to`, or today while the period is in progress.
  public private(set) var asOf: String
  /// The period's last day is today or later: its figures are those so far.
  public private(set) var inProgress = false

  public init(label: String, from: String, to: String) {
    self.label = label
    self.from = from
    self.to = to
    self.asOf = to
  }

  /// The period as evaluated on `today`: a period in progress is evaluated on today; one that has not
  /// begun is refused.
  public func evaluated(on today: String) throws -> ReportPeriod {
    guard from <= today else {
      throw DomainError.invalid(
        "\(label) starts on \(from), after today (\(today)): there is nothing to report yet; "
          + "choose a period that has begun, such as \(Self.quarter(containing: today).label)")
    }
    var period = self
    period.asOf = min(to, today)
    period.inProgress = to >= today
    return period
  }

  /// "2026-Q4 so far, as of 2026-12-02" for a period in progress, else the label.
  public var title: String { inProgress ? "\(label) so far, as of \(asOf)" : label }

  /// The title with the dates it covers, for a heading: "2026-Q3: 2026-07-01 to 2026-09-30". A period given by
  /// its dates is not named twice: "2010-01-01 to 2010-03-31" (", so far, as of …" while in progress).
  public var heading: String {
    let dates = "\(from) to \(to)"
    guard label == "\(from)..\(to)" else { return "\(title): \(dates)" }
    return inProgress ? "\(dates), so far, as of \(asOf)" : dates
  }

  /// The day after `asOf`: instants before it count.
  public var end: String { CalendarDate.adding(1, to: asOf) ?? asOf }

  /// Parses `2026-Q3` (a quarter), `2026-07` (a month) or `2026` (a year).
  public static func parse(_ text: String) throws -> ReportPeriod {
    let value = text.trimmedSpaces.uppercased()
    let parts = value.split(separator: "-", omittingEmptySubsequences: false)
    let invalid = DomainError.invalid(
      "'\(Validate.printable(text))' is not a period; write a quarter (2026-Q3), a month (2026-07) or a year (2026)")
    guard let first = parts.first, first.count == 4, let year = Int(first), (1900...9999).contains(year) else {
      throw invalid
    }
    if parts.count == 1 {
      return ReportPeriod(label: String(year), from: "\(year)-01-01", to: "\(year)-12-31")
    }
    guard parts.count == 2 else { throw invalid }
    let second = parts[1]
    if second.count == 2, second.first == "Q", let quarter = Int(second.dropFirst()), (1...4).contains(quarter) {
      return quarterPeriod(year: year, quarter: quarter)
    }
    if second.count == 2, let month = Int(second), (1...12).contains(month) {
      let start = zeroPadded(year, 4) + "-" + zeroPadded(month, 2) + "-01"
      let last = CalendarDate.adding(-1, to: CalendarDate.adding(months: 1, to: start) ?? start) ?? start
      return ReportPeriod(label: zeroPadded(year, 4) + "-" + zeroPadded(month, 2), from: start, to: last)
    }
    throw invalid
  }

  /// From and to dates given directly.
  public static func range(from: String, to: String) throws -> ReportPeriod {
    let from = try CalendarDate.parse(from, field: "--from date")
    let to = try CalendarDate.parse(to, field: "--to date")
    guard from <= to else {
      throw DomainError.invalid("--from \(from) is after --to \(to); give the earlier date first")
    }
    return ReportPeriod(label: "\(from)..\(to)", from: from, to: to)
  }

  /// The period asked for by a quarter, month or year (`period`), or by dates (`from` and `to`), or by
  /// neither (the last complete quarter), evaluated on `today`: what `psr report` and the hub's pages take.
  public static func asked(period: String?, from: String?, to: String?, today: String) throws -> ReportPeriod {
    let asked: ReportPeriod
    switch (period, from, to) {
    case (let period?, nil, nil): asked = try parse(period)
    case (nil, let from?, let to?): asked = try range(from: from, to: to)
    case (nil, nil, nil): asked = lastCompleteQuarter(before: today)
    case (_?, _, _): throw DomainError.usage("give a period or a from and to date, not both")
    default: throw DomainError.usage("give both a from and a to date")
    }
    return try asked.evaluated(on: today)
  }

  /// The last quarter that ended before `today`.
  public static func lastCompleteQuarter(before today: String) -> ReportPeriod {
    let year = Int(today.prefix(4)) ?? 2000
    let month = Int(today.dropFirst(5).prefix(2)) ?? 1
    let current = (month - 1) / 3 + 1
    return current == 1 ? quarterPeriod(year: year - 1, quarter: 4) : quarterPeriod(year: year, quarter: current - 1)
  }

  /// The quarter `today` falls in.
  public static func quarter(containing today: String) -> ReportPeriod {
    let year = Int(today.prefix(4)) ?? 2000
    let month = Int(today.dropFirst(5).prefix(2)) ?? 1
    return quarterPeriod(year: year, quarter: (month - 1) / 3 + 1)
  }

  static func quarterPeriod(year: Int, quarter: Int) -> ReportPeriod {
    let startMonth = (quarter - 1) * 3 + 1
    let start = zeroPadded(year, 4) + "-" + zeroPadded(startMonth, 2) + "-01"
    let last = CalendarDate.adding(-1, to: CalendarDate.adding(months: 3, to: start) ?? start) ?? start
    return ReportPeriod(label: "\(year)-Q\(quarter)", from: start, to: last)
  }

  /// The months the period touches up to `asOf`, `YYYY-MM`, in order.
  public var months: [String] {
    var months: [String] = []
    var cursor = String(from.prefix(7)) + "-01"
    while cursor <= asOf {
      months.append(String(cursor.prefix(7)))
      guard let next = CalendarDate.adding(months: 1, to: cursor) else { break }
      cursor = next
    }
    return months
  }
}
