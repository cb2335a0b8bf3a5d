import Foundation
import Testing

/// A period that has not ended is evaluated on today, and every format says so; one that has not begun is
/// refused. Today is 2026-12-02, in 2026-Q4.
extension Sandbox {
  /// Runs as officer mateo on `today` and expects success.
  @discardableResult
  fileprivate func mateo(_ arguments: [String], today: String, sourceLocation: SourceLocation = #_sourceLocation) throws
    -> Run
  {
    let result = try officer(arguments, today: today, as: "mateo")
    #expect(result.status == 0, "\(arguments): \(result.stderr)", sourceLocation: sourceLocation)
    return result
  }
}

@Suite struct ReportInProgressTests {
  static let today = "2026-12-02"

  /// A producer in PE (LAC-AND) with three cases due before, on and after today, and an NC due in 8 days.
  static func andes() throws -> Sandbox {
    let box = try Sandbox()
    try box.initialize()
    try box.mateo(
      ["officer", "add", "mateo", "--name", "Mateo", "--email", "m@example.org", "--base", "PE", "--covers", "PE"],
      today: "2026-01-05")
    try box.mateo(
      [
        "producer", "import",
        try box.file(
          "p.csv", "name,country,type,flo_id,status,status_since\nCusco Coffee,PE,spo,801,certified,2025-03-01\n"),
      ], today: "2026-01-05")
    for (title, due) in [
      ("due yesterday", "2026-12-01"), ("due today", "2026-12-02"), ("due 2026-12-20", "2026-12-20"),
    ] {
      try box.mateo(
        ["case", "open", "--type", "certification", "--title", title, "--producer", "801", "--due", due],
        today: "2026-10-15")
    }
    try box.mateo(
      ["visit", "log", "--kind", "field-visit", "--date", "2026-11-10", "--producer", "801", "--summary", "visit"],
      today: "2026-11-10")
    try box.mateo(
      [
        "nc", "add", "--producer", "801", "--criterion", "SPO 3.1", "--type", "core", "--deadline", "2026-12-10",
        "--description", "finding",
      ], today: "2026-11-10")
    return box
  }

  @Test func currentQuarterIsJudgedOnToday() throws {
    let box = try Self.andes()
    let run = try box.mateo(
      ["report", "region", "LAC-AND", "--period", "2026-Q4", "--format", "json"], today: Self.today)
    #expect(run.status == 0)
    #expect(run.stderr.contains("2026-Q4 ends on 2026-12-31 and has not ended: it is reported as of today, 2026-12-02"))
    let report = try #require(try json(run.stdout) as? [String: Any])
    let period = try #require(report["period"] as? [String: Any])
    #expect(period["as_of"] as? String == "2026-12-02")
    #expect(period["in_progress"] as? Bool == true)
    #expect(period["title"] as? String == "2026-Q4 so far, as of 2026-12-02")
    let cases = try #require(report["cases"] as? [String: Any])
    #expect(cases["open_at_end"] as? Int == 3)
    // Due yesterday: 1 day overdue. Due today and on 2026-12-20: not overdue (at the quarter's last day both
    // would have been).
    #expect(cases["overdue_at_end"] as? Int == 1)
    let overdue = try #require(cases["oldest_overdue"] as? [[String: Any]])
    #expect(overdue.map { $0["title"] as? String } == ["due yesterday"])
    #expect(overdue.first?["days_overdue"] as? Int == 1)
    let readiness = try #require(report["readiness"] as? [String: Any])
    // The NC due 2026-12-10 is 8 days away today (at risk); on 2026-12-31 it would be overdue (not ready).
    #expect(NSObject.equal(readiness["counts"], ["ready": 0, "at-risk": 1, "not-ready": 0]))
    let table = try box.mateo(["report", "region", "LAC-AND", "--period", "2026-Q4"], today: Self.today).stdout
    #expect(table.contains("2026-Q4 so far, as of 2026-12-02"))
    #expect(table.contains("Overdue on 2026-12-02, so far"))
    #expect(!table.contains("period's end"))
    let markdown = try box.officer(
      ["report", "region", "LAC-AND", "--period", "2026-Q4", "--format", "markdown"], today: Self.today
    ).stdout
    #expect(markdown.contains("2026-Q4 so far, as of 2026-12-02"))
    let csv = try box.mateo(
      ["report", "region", "LAC-AND", "--period", "2026-Q4", "--format", "csv"], today: Self.today
    )
    .stdout
    #expect(csv.contains("period,,as_of,2026-12-02") && csv.contains("period,,in_progress,true"))
    let html = try box.mateo(
      ["report", "region", "LAC-AND", "--period", "2026-Q4", "--format", "html"], today: Self.today
    )
    .stdout
    #expect(html.contains("2026-Q4 so far, as of 2026-12-02"))
    let regions = try #require(
      try json(
        box.officer(["report", "regions", "--period", "2026-Q4", "--format", "json"], today: Self.today).stdout)
        as? [[String: Any]])
    let andes = try #require(regions.first { $0["region"] as? String == "LAC-AND" })
    #expect(andes["cases_overdue_at_end"] as? Int == 1 && andes["as_of"] as? String == "2026-12-02")
    // The same quarter judged after it ended: every case overdue, the NC overdue.
    let later = try #require(
      try json(
        box.officer(["report", "region", "LAC-AND", "--period", "2026-Q4", "--format", "json"], today: "2027-01-05")
          .stdout) as? [String: Any])
    #expect((later["cases"] as? [String: Any])?["overdue_at_end"] as? Int == 3)
    #expect(
      NSObject.equal((later["readiness"] as? [String: Any])?["counts"], ["ready": 0, "at-risk": 0, "not-ready": 1]))
    #expect((later["period"] as? [String: Any])?["in_progress"] as? Bool == false)
  }

  @Test func aPeriodNotBegunIsRefused() throws {
    let box = try Self.andes()
    let refused = try box.officer(["report", "region", "LAC-AND", "--period", "2027-Q1"], today: Self.today)
    #expect(refused.status == 65)
    #expect(
      refused.stderr
        == "psr: 2027-Q1 starts on 2027-01-01, after today (2026-12-02): there is nothing to report yet; choose a period that has begun, such as 2026-Q4\n"
    )
    #expect(
      try box.officer(["report", "regions", "--from", "2026-12-03", "--to", "2027-01-31"], today: Self.today).status
        == 65)
    let range = try #require(
      try json(
        box.officer(
          ["report", "region", "LAC-AND", "--from", "2026-11-01", "--to", "2027-01-31", "--format", "json"],
          today: Self.today
        ).stdout) as? [String: Any])
    #expect(
      (range["period"] as? [String: Any])?["title"] as? String == "2026-11-01..2027-01-31 so far, as of 2026-12-02")
    #expect((range["activities_by_month"] as? [[String: Any]])?.count == 2)
  }

  /// A period given by its dates is named by them once in the headings, not as "FROM..TO: FROM to TO".
  @Test func aPeriodGivenByItsDatesIsNamedOnce() throws {
    let box = try Self.andes()
    let ended = ["--from", "2026-10-01", "--to", "2026-11-30"]
    let markdown = try box.mateo(["report", "region", "LAC-AND", "--format", "markdown"] + ended, today: Self.today)
    #expect(markdown.stdout.contains("2026-10-01 to 2026-11-30"))
    #expect(!markdown.stdout.contains("2026-10-01..2026-11-30"))
    let regions = try box.mateo(["report", "regions", "--format", "markdown"] + ended, today: Self.today)
    #expect(regions.stdout.hasPrefix("# Regions, 2026-10-01 to 2026-11-30\n"))
    let table = try box.mateo(["report", "regions"] + ended, today: Self.today)
    #expect(table.stdout.hasPrefix("Regions side by side, 2026-10-01 to 2026-11-30\n"), "\(table.stdout.prefix(80))")
    let running = try box.mateo(
      ["report", "region", "LAC-AND", "--from", "2026-11-01", "--to", "2027-01-31"], today: Self.today)
    #expect(running.stdout.contains("2026-11-01 to 2027-01-31, so far, as of 2026-12-02"))
    // A quarter keeps its name beside its dates.
    let quarter = try box.mateo(
      ["report", "regions", "--period", "2026-Q3", "--format", "markdown"], today: Self.today)
    #expect(quarter.stdout.hasPrefix("# Regions, 2026-Q3: 2026-07-01 to 2026-09-30\n"))
  }
}
