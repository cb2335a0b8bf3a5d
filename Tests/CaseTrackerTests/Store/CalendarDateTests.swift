import Foundation
import Testing

@testable import CaseTracker

/// The day arithmetic against Foundation's Gregorian calendar.
@Suite struct CalendarDateTests {
  @Test func dayNumbersMatchFoundationForEveryDayFrom1900To2100() throws {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    var date = calendar.date(from: DateComponents(year: 1900, month: 1, day: 1))!
    let end = calendar.date(from: DateComponents(year: 2100, month: 12, day: 31))!
    while date <= end {
      let c = calendar.dateComponents([.year, .month, .day], from: date)
      let text = CalendarDate.text(year: c.year!, month: c.month!, day: c.day!)
      let expected = Int((date.timeIntervalSince1970 / 86_400).rounded())
      #expect(CalendarDate.dayNumber(text) == expected, "\(text)")
      #expect(CalendarDate.text(dayNumber: expected) == text)
      date = calendar.date(byAdding: .day, value: 1, to: date)!
    }
  }

  @Test func instantsAreFormattedAsFoundationFormatsThem() {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    formatter.timeZone = TimeZone(identifier: "UTC")
    var state: UInt64 = 42
    for _ in 0..<2_000 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      let date = Date(timeIntervalSince1970: Double(state % 4_102_444_800))  // whole seconds, 1970 to 2100
      #expect(Timestamp.format(date) == formatter.string(from: date))
    }
    #expect(Timestamp.format(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
    #expect(Timestamp.format(Date(timeIntervalSince1970: 1_795_737_599.5)) == "2026-11-26T23:59:59.500Z")
    #expect(CalendarDate.format(Date(timeIntervalSince1970: 1_795_737_599.5)) == "2026-11-26")
  }

  @Test func storedInstantsAreReadBackToTheirSeconds() {
    var state: UInt64 = 7
    for _ in 0..<2_000 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      let seconds = Int(state % 4_102_444_800)
      let date = Date(timeIntervalSince1970: Double(seconds) + 0.25)
      #expect(Timestamp.secondsSince1970(Timestamp.format(date)) == seconds)
    }
    #expect(Timestamp.secondsSince1970("2026-11-26T18:15Z") == 1_795_716_900)
    #expect(Timestamp.secondsSince1970("2026-11-26T18:15:07Z") == 1_795_716_907)
    for bad in [
      "2026-11-26", "2026-11-26T18:15", "2026-11-26T24:00Z", "2026-11-26T18:60Z", "2026-02-30T10:00Z",
      "2026-11-26T18:15:07.Z", "2026-11-26T18:15:07+03:00", "2026-11-26 18:15Z", "2026-11-26T18:15:7Z",
    ] {
      #expect(Timestamp.secondsSince1970(bad) == nil, "\(bad)")
    }
  }

  /// The C library's reading of the process's zone agrees with Foundation's, whatever zone the tests run
  /// in (the command tests try named zones through the binary).
  @Test func localReadingsAgreeWithFoundationInThisProcesssZone() {
    let zone = TimeZone.current
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = zone
    for seconds in stride(from: 1_767_225_600, to: 1_798_761_600, by: 86_400 * 7 + 3_671) {
      let date = Date(timeIntervalSince1970: Double(seconds))
      let offset = zone.secondsFromGMT(for: date)
      #expect(LocalTime.offset(atSecondsSince1970: seconds) == offset)
      let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
      let reading = LocalTime.reading(of: Timestamp.format(date))
      #expect(reading?.date == CalendarDate.text(year: c.year!, month: c.month!, day: c.day!))
      #expect(reading?.time == String(format: "%02d:%02d", c.hour!, c.minute!))
      #expect(LocalTime.date(of: date) == reading?.date)
    }
    #expect(LocalTime.reading(of: "not an instant") == nil)
  }

  @Test func addingMonthsKeepsTheDayOrTakesTheMonthsLast() {
    #expect(CalendarDate.adding(months: 1, to: "2026-01-31") == "2026-02-28")
    #expect(CalendarDate.adding(months: 1, to: "2024-01-31") == "2024-02-29")
    #expect(CalendarDate.adding(months: 12, to: "2024-02-29") == "2025-02-28")
    #expect(CalendarDate.adding(months: -6, to: "2026-03-15") == "2025-09-15")
    #expect(CalendarDate.adding(months: 36, to: "2026-11-26") == "2029-11-26")
    #expect(CalendarDate.adding(months: -84, to: "2026-11-26") == "2019-11-26")
  }

  @Test func parseTakesOnlyDigitsInTheirPlaces() throws {
    #expect(try CalendarDate.parse(" 2026-11-26 ") == "2026-11-26")
    for text in ["2026-+1-01", "2026-1-01", "+026-11-26", "2026-11-2 ", "1899-12-31", "2026-02-29", "2026/11/26"] {
      #expect(throws: DomainError.self, "\(text)") { try CalendarDate.parse(text) }
    }
  }

  @Test func malformedDatesHaveNoDayNumber() {
    for text in ["2026-02-30", "2026-13-01", "2026-1-01", "20260101", "2026-00-10", "abcd-ef-gh", ""] {
      #expect(CalendarDate.dayNumber(text) == nil, "\(text)")
      #expect(CalendarDate.adding(1, to: text) == nil)
    }
    #expect(CalendarDate.days(from: "2026-01-01", to: "2026-12-31") == 364)
    #expect(CalendarDate.adding(-1, to: "2024-03-01") == "2024-02-29")
  }
}
