import Foundation
import Testing

/// "Today" is the officer's local date (`TZ`), and instants show in local time with the offset in tables
/// and `show` views, in UTC in JSON and CSV. The instant is fixed with `PSR_NOW`.
@Suite struct LocalTimeCommandTests {
  /// Kiritimati is UTC+14 and Lima UTC-5, on either side of UTC midnight.
  static let kiritimati = "Pacific/Kiritimati"
  static let lima = "America/Lima"

  /// Officer akinyi, covering UG, and the fixture producers (27651 is in UG).
  static func office() throws -> Sandbox {
    let box = try Sandbox()
    try box.initialize()
    try box.ok([
      "--as", "akinyi", "officer", "add", "akinyi", "--name", "Akinyi Odhiambo", "--email", "a@example.org",
      "--base", "KE", "--covers", "KE,UG",
    ])
    try box.ok(["producer", "import", fixtures.appendingPathComponent("producers.csv").path])
    return box
  }

  /// Runs as akinyi in `zone` at the UTC instant `now`.
  static func at(_ now: String, in zone: String, _ box: Sandbox, _ arguments: [String]) throws -> Run {
    try box.run(["--as", "akinyi"] + arguments, environment: ["TZ": zone, "PSR_NOW": now])
  }

  @Test func todayIsTheLocalDateOnBothSidesOfUTCMidnight() throws {
    let box = try Self.office()
    // 2026-11-26T10:30Z is 00:30 on the 27th in Kiritimati, 05:30 on the 26th in Lima.
    // 2026-11-27T04:30Z is 18:30 on the 27th in Kiritimati, 23:30 on the 26th in Lima.
    for (now, zone, today) in [
      ("2026-11-26T10:30:00Z", Self.kiritimati, "2026-11-27"), ("2026-11-26T10:30:00Z", Self.lima, "2026-11-26"),
      ("2026-11-26T10:30:00Z", "UTC", "2026-11-26"), ("2026-11-27T04:30:00Z", Self.kiritimati, "2026-11-27"),
      ("2026-11-27T04:30:00Z", Self.lima, "2026-11-26"), ("2026-11-27T04:30:00Z", "UTC", "2026-11-27"),
    ] {
      // Without --date, a visit is logged on today.
      let visit = try Self.at(
        now, in: zone, box, ["visit", "log", "--kind", "remote", "--producer", "27651", "--summary", "call"])
      #expect(visit.status == 0, "\(zone) \(now): \(visit.stderr)")
      #expect(visit.stderr == "logged remote on \(today) by akinyi\n", "\(zone) \(now)")
      let shown = try Self.at(
        now, in: zone, box, ["visit", "show", visit.stdout.trimmingCharacters(in: .whitespacesAndNewlines)])
      #expect(
        shown.stdout.hasPrefix("Visit:  ") && shown.stdout.contains("\nDate:         \(today)\n"), "\(shown.stdout)")
      // One day later is the future there.
      let tomorrow = try #require(nextDay(today))
      let refused = try Self.at(
        now, in: zone, box,
        ["visit", "log", "--kind", "remote", "--producer", "27651", "--summary", "call", "--date", tomorrow])
      #expect(refused.status == 65)
      #expect(
        refused.stderr
          == "psr: '\(tomorrow)' is not a plausible visit date: it is in the future; give a date from 2000-01-01 to \(today), and log activities after they happen\n"
      )
      #expect(refused.stdout.isEmpty)
    }
    // The audit and insight dates default to today as well.
    let audit = try Self.at(
      "2026-11-26T10:30:00Z", in: Self.kiritimati, box, ["audit", "record", "--producer", "27651", "--kind", "desk"])
    #expect(audit.status == 0, "\(audit.stderr)")
    #expect(audit.stderr.hasSuffix(" on 2026-11-27\n"), "\(audit.stderr)")
    let insight = try Self.at(
      "2026-11-26T10:30:00Z", in: Self.lima, box, ["insight", "add", "--country", "UG", "--kind", "price", "Tea up"])
    #expect(insight.status == 0, "\(insight.stderr)")
    let insights = try #require(try json(try box.ok(["insight", "list", "--format", "json"])) as? [[String: Any]])
    #expect(insights.map { $0["date"] as? String } == ["2026-11-26"])
  }

  @Test func aMorningVisitIsTodayInKiritimatiWhileUTCIsStillOnTheDayBefore() throws {
    let box = try Self.office()
    // 09:00 on the 27th in Kiritimati; 19:00 on the 26th in UTC.
    let log = [
      "visit", "log", "--kind", "field-visit", "--producer", "27651", "--date", "2026-11-27", "--summary", "ok",
    ]
    let morning = try Self.at("2026-11-26T19:00:00Z", in: Self.kiritimati, box, log)
    #expect(morning.status == 0, "\(morning.stderr)")
    #expect(morning.stderr == "logged field-visit on 2026-11-27 by akinyi\n")
    let utc = try Self.at("2026-11-26T19:00:00Z", in: "UTC", box, log)
    #expect(utc.status == 65)
    #expect(
      utc.stderr
        == "psr: '2026-11-27' is not a plausible visit date: it is in the future; give a date from 2000-01-01 to 2026-11-26, and log activities after they happen\n"
    )
    // --today and PSR_TODAY still set the day, whatever the zone.
    let given = try Self.at(
      "2026-11-26T19:00:00Z", in: Self.kiritimati, box,
      ["--today", "2026-11-20", "visit", "log", "--kind", "remote", "--producer", "27651", "--summary", "earlier"])
    #expect(given.stderr == "logged remote on 2026-11-20 by akinyi\n")
    let visits = try #require(try json(try box.ok(["visit", "list", "--format", "json"])) as? [[String: Any]])
    #expect(visits.compactMap { $0["date"] as? String }.sorted() == ["2026-11-20", "2026-11-27"])
  }

  @Test func tablesAndViewsShowLocalTimeWithTheOffsetJSONAndCSVShowUTC() throws {
    let box = try Self.office()
    // A note made at 14:32 in Nairobi is 11:32 UTC.
    let opened = try Self.at(
      "2026-11-26T11:32:00Z", in: "Africa/Nairobi", box,
      ["case", "open", "--type", "certification", "--title", "Audit", "--producer", "27651"])
    #expect(opened.status == 0, "\(opened.stderr)")
    let id = opened.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    #expect(
      try Self.at("2026-11-26T11:40:00Z", in: "Africa/Nairobi", box, ["case", "note", id, "Called the manager"]).status
        == 0)
    for (zone, opening, note) in [
      ("Africa/Nairobi", "2026-11-26 14:32 +03:00", "2026-11-26 14:40 +03:00"),
      (Self.kiritimati, "2026-11-27 01:32 +14:00", "2026-11-27 01:40 +14:00"),
      (Self.lima, "2026-11-26 06:32 -05:00", "2026-11-26 06:40 -05:00"),
      ("Asia/Kathmandu", "2026-11-26 17:17 +05:45", "2026-11-26 17:25 +05:45"),
      ("UTC", "2026-11-26 11:32 +00:00", "2026-11-26 11:40 +00:00"),
    ] {
      let show = try box.run(["case", "show", id, "--today", "2026-11-28"], environment: ["TZ": zone])
      #expect(show.status == 0)
      #expect(show.stdout.contains("Opened:    \(opening) by akinyi\n"), "\(zone): \(show.stdout)")
      #expect(show.stdout.contains("1  \(opening)  akinyi  opened: Audit\n"), "\(zone): \(show.stdout)")
      #expect(show.stdout.contains("2  \(note)  akinyi  note: Called the manager\n"), "\(zone): \(show.stdout)")
      let list = try box.run(["case", "list", "--today", "2026-11-28"], environment: ["TZ": zone])
      let row = try #require(list.stdout.split(separator: "\n").last)
      #expect(row.hasPrefix("\(id)  \(opening.prefix(10))  "), "\(zone): \(list.stdout)")
      // JSON and CSV keep the stored UTC instant, in every zone.
      let document = try #require(
        try json(try box.run(["case", "show", id, "--format", "json"], environment: ["TZ": zone]).stdout)
          as? [String: Any])
      let openedAt = try #require(document["opened_at"] as? String)
      #expect(openedAt.hasPrefix("2026-11-26T11:32:00.") && openedAt.hasSuffix("Z"), "\(openedAt)")
      let events = try #require(document["events"] as? [[String: Any]])
      let times = events.compactMap { $0["at"] as? String }
      #expect(times.map { $0.prefix(16) } == ["2026-11-26T11:32", "2026-11-26T11:40"])
      #expect(times.allSatisfy { $0.hasSuffix("Z") })
      let csv = try box.run(["case", "list", "--format", "csv"], environment: ["TZ": zone]).stdout
      #expect(csv.contains(",2026-11-26T11:32:00."), "\(csv)")
    }
    // Visits, officers and producers show when they were logged and made the same way.
    let visit = try Self.at(
      "2026-11-26T11:50:00Z", in: "Africa/Nairobi", box,
      ["visit", "log", "--kind", "remote", "--producer", "27651", "--summary", "call", "--case", id])
    let shortID = visit.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    let visitShown = try box.run(["visit", "show", shortID], environment: ["TZ": Self.kiritimati]).stdout
    #expect(visitShown.contains("\nLogged:       2026-11-27 01:50 +14:00 by akinyi\n"), "\(visitShown)")
    for view in [["officer", "show", "akinyi"], ["producer", "show", "27651"]] {
      let shown = try box.run(view, environment: ["TZ": Self.lima]).stdout
      for label in ["Created", "Updated"] {
        #expect(
          shown.range(
            of: "\n\(label): +[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2} -05:00\n", options: .regularExpression)
            != nil, "\(shown)")
      }
    }
    // Days open count from the local date of the opening: the 27th in Kiritimati, so one day on the 28th.
    let kiribati = try #require(
      try json(
        try box.run(
          ["case", "list", "--today", "2026-11-28", "--format", "json"], environment: ["TZ": Self.kiritimati]
        )
        .stdout) as? [[String: Any]])
    #expect(kiribati.first?["days_open"] as? Int == 1)
    let lima = try #require(
      try json(
        try box.run(["case", "list", "--today", "2026-11-28", "--format", "json"], environment: ["TZ": Self.lima])
          .stdout) as? [[String: Any]])
    #expect(lima.first?["days_open"] as? Int == 2)
  }

  @Test func theReportsDefaultPeriodIsTheLastQuarterBeforeTheLocalToday() throws {
    let box = try Self.office()
    // 2026-12-31T10:00Z is 00:00 on 2027-01-01 in Kiritimati: 2026-Q4 has ended there, not in UTC.
    for (zone, label) in [(Self.kiritimati, "2026-Q4"), ("UTC", "2026-Q3"), (Self.lima, "2026-Q3")] {
      let run = try Self.at("2026-12-31T10:00:00Z", in: zone, box, ["report", "region", "AME-ECA", "--format", "json"])
      #expect(run.status == 0, "\(run.stderr)")
      let report = try #require(try json(run.stdout) as? [String: Any])
      let period = try #require(report["period"] as? [String: Any])
      #expect(period["label"] as? String == label, "\(zone)")
    }
  }

  @Test func anNCRecordedInTheEveningInLimaCountsThatDay() throws {
    let box = try Self.office()
    // 19:30 on the 26th in Lima is 00:30 on the 27th in UTC.
    let added = try Self.at(
      "2026-11-27T00:30:00Z", in: Self.lima, box,
      [
        "nc", "add", "--producer", "27651", "--criterion", "SPO 4.1.2", "--type", "major", "--deadline", "2027-01-15",
        "--description", "No list of pesticides",
      ])
    #expect(added.status == 0, "\(added.stderr)")
    let shown = try Self.at(
      "2026-11-27T00:31:00Z", in: Self.lima, box, ["readiness", "show", "27651", "--format", "json"])
    #expect(shown.status == 0, "\(shown.stderr)")
    let readiness = try #require(try json(shown.stdout) as? [String: Any])
    #expect(readiness["readiness"] as? String == "not-ready", "\(shown.stdout)")
    let list = try Self.at("2026-11-27T00:31:00Z", in: Self.lima, box, ["readiness", "list", "--format", "json"])
    let rows = try #require(try json(list.stdout) as? [[String: Any]])
    #expect((rows.first { $0["flo_id"] as? String == "27651" }?["open_ncs"] as? [Any])?.count == 1)
  }

  @Test func aMalformedPSRNowIsRefused() throws {
    let box = try Self.office()
    for bad in ["2026-11-26", "2026-11-26T25:00:00Z", "2026-11-26T10:30:00+03:00", "now"] {
      let run = try box.run(["case", "list"], environment: ["PSR_NOW": bad])
      #expect(run.status == 65)
      #expect(
        run.stderr == "psr: PSR_NOW: '\(bad)' is not a UTC instant; write it as 2026-11-26T18:15:00Z, or unset it\n")
      #expect(run.stdout.isEmpty)
    }
  }

  func nextDay(_ date: String) -> String? {
    let parts = date.split(separator: "-").compactMap { Int($0) }
    guard parts.count == 3 else { return nil }
    // Only for the days of November 2026 used above.
    return String(format: "%04d-%02d-%02d", parts[0], parts[1], parts[2] + 1)
  }
}
