import Testing

@testable import CaseTracker

/// The ranges of plausible dates, at their edges.
@Suite struct PlausibleDateTests {
  @Test func pastDatesRunFrom2000ToToday() throws {
    #expect(try PlausibleDate.past("2000-01-01", field: "visit date", today: "2026-12-07") == "2000-01-01")
    #expect(try PlausibleDate.past(" 2026-12-07 ", field: "visit date", today: "2026-12-07") == "2026-12-07")
    expectDomainError(.invalid, "'1999-12-31' is not a plausible visit date: give a date from 2000-01-01 to 2026-12-07")
    {
      _ = try PlausibleDate.past("1999-12-31", field: "visit date", today: "2026-12-07")
    }
    // Years before 1900 are real dates too, and get the range rather than "write it as YYYY-MM-DD".
    expectDomainError(.invalid, "'0206-03-01' is not a plausible audit date") {
      _ = try PlausibleDate.past("0206-03-01", field: "audit date", today: "2026-12-07")
    }
    expectDomainError(.invalid, "'2026-12-08' is not a plausible visit date: it is in the future; give", ", and log") {
      _ = try PlausibleDate.past("2026-12-08", field: "visit date", today: "2026-12-07", advice: "log")
    }
    expectDomainError(.invalid, "'2026-02-29' is not a valid visit date: February 2026 has 28 days") {
      _ = try PlausibleDate.past("2026-02-29", field: "visit date", today: "2026-12-07")
    }
  }

  @Test func dueDatesRunFrom2000ToTenYearsAheadAndWarnWhenPast() throws {
    #expect(try PlausibleDate.due("2036-12-07", field: "due date", today: "2026-12-07") == ("2036-12-07", nil))
    #expect(try PlausibleDate.due("2026-12-07", field: "due date", today: "2026-12-07") == ("2026-12-07", nil))
    #expect(
      try PlausibleDate.due("2026-12-06", field: "due date", today: "2026-12-07")
        == ("2026-12-06", "due date 2026-12-06 is already past"))
    expectDomainError(.invalid, "give a date from 2000-01-01 to 2036-12-07 (10 years from today)") {
      _ = try PlausibleDate.due("2036-12-08", field: "due date", today: "2026-12-07")
    }
    // Ten years after a 29 February is the 28th.
    #expect(PlausibleDate.latestDue(today: "2028-02-29") == "2038-02-28")
    expectDomainError(.invalid, "'1999-12-31' is not a plausible NC deadline") {
      _ = try PlausibleDate.due("1999-12-31", field: "NC deadline", today: "2026-12-07")
    }
  }
}
