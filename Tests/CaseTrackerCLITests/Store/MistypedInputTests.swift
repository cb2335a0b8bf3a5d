import Foundation
import Testing

/// Dates and numbers a person mistypes, through the binary: refused with the range psr accepts, one
/// sentence on stderr, nothing stored.
@Suite struct MistypedInputTests {
  /// Today in these tests.
  static let today = "2026-12-07"

  /// How many records a listing gives, in JSON.
  func count(_ box: Sandbox, _ list: [String]) throws -> Int {
    try #require(try json(box.ok(list + ["--format", "json", "--today", Self.today])) as? [Any]).count
  }

  @Test func implausibleVisitAuditInsightAndCorrectionDatesAreRefusedWithTheRange() throws {
    let box = try fieldOffice()
    let cases: [([String], String)] = [
      (
        ["visit", "log", "--kind", "field-visit", "--producer", "27651", "--summary", "x", "--date", "1926-03-01"],
        "psr: '1926-03-01' is not a plausible visit date: give a date from 2000-01-01 to 2026-12-07\n"
      ),
      (
        ["visit", "log", "--kind", "field-visit", "--producer", "27651", "--summary", "x", "--date", "1999-12-31"],
        "psr: '1999-12-31' is not a plausible visit date: give a date from 2000-01-01 to 2026-12-07\n"
      ),
      (
        ["visit", "log", "--kind", "field-visit", "--producer", "27651", "--summary", "x", "--date", "2026-12-08"],
        "psr: '2026-12-08' is not a plausible visit date: it is in the future; give a date from 2000-01-01 to 2026-12-07, and log activities after they happen\n"
      ),
      (
        ["audit", "record", "--producer", "27651", "--kind", "renewal", "--date", "1202-10-14"],
        "psr: '1202-10-14' is not a plausible audit date: give a date from 2000-01-01 to 2026-12-07\n"
      ),
      (
        ["audit", "record", "--producer", "27651", "--kind", "renewal", "--date", "2062-10-14"],
        "psr: '2062-10-14' is not a plausible audit date: it is in the future; give a date from 2000-01-01 to 2026-12-07, and record audits after they happen\n"
      ),
      (
        ["insight", "add", "--country", "KE", "--kind", "price", "--date", "1926-01-05", "Prices up"],
        "psr: '1926-01-05' is not a plausible insight date: give a date from 2000-01-01 to 2026-12-07\n"
      ),
    ]
    for (arguments, message) in cases {
      let result = try box.officer(arguments, today: Self.today)
      #expect(result.status == 65, "\(arguments)")
      #expect(result.stderr == message)
      #expect(result.stdout == "")
    }
    #expect(try count(box, ["visit", "list"]) == 0)
    #expect(try count(box, ["audit", "list"]) == 0)
    #expect(try count(box, ["insight", "list"]) == 0)

    // The bounds themselves are accepted.
    for date in ["2000-01-01", Self.today] {
      let logged = try box.officer(
        ["visit", "log", "--kind", "field-visit", "--producer", "27651", "--summary", "x", "--date", date],
        today: Self.today)
      #expect(logged.status == 0, "\(logged.stderr)")
    }
    #expect(try count(box, ["visit", "list"]) == 2)

    // An NC corrected "in 1926" is refused, and stays open.
    let nc = try box.act(
      [
        "nc", "add", "--producer", "27651", "--criterion", "SPO 1.2", "--type", "core", "--deadline", "2027-01-15",
        "--description", "No list",
      ], today: Self.today
    ).stdout.trimmingCharacters(in: .newlines)
    let corrected = try box.officer(["nc", "correct", nc, "--on", "1926-12-01", "--evidence", "x"], today: Self.today)
    #expect(corrected.status == 65)
    #expect(
      corrected.stderr
        == "psr: '1926-12-01' is not a plausible correction date: give a date from 2000-01-01 to 2026-12-07\n")
    #expect(try box.ok(["nc", "list", "--open", "--format", "csv", "--today", Self.today]).contains(nc))
  }

  @Test func dueDatesAndDeadlinesMoreThanTenYearsAheadOrBefore2000AreRefused() throws {
    let box = try fieldOffice()
    let open = ["case", "open", "--type", "trade", "--title", "Buyer", "--producer", "27651"]
    for (due, status) in [("2046-11-01", 65), ("1999-12-31", 65), ("2036-12-08", 65)] {
      let result = try box.officer(open + ["--due", due], today: Self.today)
      #expect(result.status == Int32(status), "\(due)")
      #expect(
        result.stderr
          == "psr: '\(due)' is not a plausible due date: give a date from 2000-01-01 to 2036-12-07 (10 years from today)\n"
      )
      #expect(result.stdout == "")
    }
    #expect(try count(box, ["case", "list"]) == 0)
    // Ten years ahead to the day is accepted, quietly.
    let latest = try box.officer(open + ["--due", "2036-12-07"], today: Self.today)
    #expect(latest.status == 0)
    #expect(!latest.stderr.contains("warning"))
    let id = latest.stdout.trimmingCharacters(in: .newlines)
    let moved = try box.officer(["case", "update", id, "--due", "2040-01-01"], today: Self.today)
    #expect(moved.status == 65)
    #expect(moved.stderr.hasPrefix("psr: '2040-01-01' is not a plausible due date: give a date from 2000-01-01"))
    #expect(try box.caseJSON(id, today: Self.today)["due_date"] as? String == "2036-12-07")

    let nc = [
      "nc", "add", "--producer", "27651", "--criterion", "SPO 1.2", "--type", "core", "--description", "No list",
    ]
    let far = try box.officer(nc + ["--deadline", "2207-01-15"], today: Self.today)
    #expect(far.status == 65)
    #expect(
      far.stderr
        == "psr: '2207-01-15' is not a plausible NC deadline: give a date from 2000-01-01 to 2036-12-07 (10 years from today)\n"
    )
    let early = try box.officer(nc + ["--deadline", "1997-01-15"], today: Self.today)
    #expect(early.status == 65 && early.stderr.contains("'1997-01-15' is not a plausible NC deadline"))
    #expect(try count(box, ["nc", "list"]) == 0)
    // A deadline already past is recorded (an NC may be entered after its audit's deadline ran out).
    #expect(try box.officer(nc + ["--deadline", "2026-11-15"], today: Self.today).status == 0)
  }

  @Test func aDueDateAlreadyPastIsKeptWithAWarning() throws {
    let box = try fieldOffice()
    let opened = try box.officer(
      ["case", "open", "--type", "trade", "--title", "Buyer", "--producer", "27651", "--due", "2026-11-01"],
      today: Self.today)
    #expect(opened.status == 0)
    #expect(opened.stderr.hasPrefix("warning: due date 2026-11-01 is already past\n"))
    let id = opened.stdout.trimmingCharacters(in: .newlines)
    #expect(id.count == 8)
    let shown = try box.caseJSON(id, today: Self.today)
    #expect(shown["due_date"] as? String == "2026-11-01" && shown["overdue"] as? Bool == true)

    let updated = try box.officer(["case", "update", id, "--due", "2026-12-06"], today: Self.today)
    #expect(updated.status == 0)
    #expect(
      updated.stderr == "warning: due date 2026-12-06 is already past\nupdated case \(id): 1 change(s) recorded\n")
    // Today is not past; the same past date again is no news; --quiet keeps the warning.
    let todayDue = try box.officer(["case", "update", id, "--due", Self.today], today: Self.today)
    #expect(!todayDue.stderr.contains("warning"))
    let past = try box.officer(["case", "update", id, "--due", "2026-12-01", "--quiet"], today: Self.today)
    #expect(past.stderr == "warning: due date 2026-12-01 is already past\n")
    let again = try box.officer(["case", "update", id, "--due", "2026-12-01"], today: Self.today)
    #expect(again.stderr == "case \(id) already has these values; nothing was written\n")
  }

  @Test func negativeCountsSayTheyCannotBeNegativeWhicheverWayTheyAreWritten() throws {
    let box = try fieldOffice()
    let log = ["visit", "log", "--kind", "training", "--producer", "27651", "--date", "2026-12-01", "--summary", "x"]
    let cases: [([String], String)] = [
      (["--women", "-3"], "--women <women>"), (["--women=-3"], "--women <women>"), (["--men", "-1"], "--men <men>"),
      (["--other", "-2"], "--other <other>"), (["--hours", "-1"], "--hours <hours>"),
      (["--hours=-0.5"], "--hours <hours>"),
    ]
    for (extra, option) in cases {
      let result = try box.officer(log + extra, today: Self.today)
      #expect(result.status == 64, "\(extra)")
      #expect(
        result.stderr.hasPrefix(
          "psr: The value '\(extra.last!.split(separator: "=").last!)' is invalid for '\(option)': it cannot be negative"
        ), "\(result.stderr)")
      #expect(result.stderr.hasSuffix("; see 'psr visit log --help'\n"))
    }
    #expect(try count(box, ["visit", "list"]) == 0)
    let members = try box.run(["producer", "add", "--name", "X", "--country", "KE", "--type", "spo", "--members", "-3"])
    #expect(members.status == 64 && members.stderr.contains("'--members <members>': it cannot be negative"))
    for list in [
      ["case", "list"], ["visit", "list"], ["nc", "list"], ["readiness", "list"], ["producer", "list"],
      ["search", "tea"],
    ] {
      let result = try box.run(list + ["--limit", "-3"])
      #expect(result.status == 64, "\(list)")
      #expect(result.stderr.contains("is invalid for '--limit <"), "\(list): \(result.stderr)")
      #expect(result.stderr.contains("it cannot be negative"), "\(list): \(result.stderr)")
    }
    let zero = try box.run(["visit", "list", "--limit", "0"])
    #expect(zero.status == 64 && zero.stderr == "psr: --limit must be at least 1; see 'psr visit list --help'\n")
  }

  @Test func aNameOrTitleStartingWithADashIsTakenAsItIs() throws {
    let box = try fieldOffice()
    let added = try box.run(["producer", "add", "--name", "-Kuapa", "--country", "GH", "--type", "spo"])
    #expect(added.status == 0, "\(added.stderr)")
    #expect(added.stderr == "added -Kuapa (GH, spo, prospect)\n")
    let opened = try box.officer(["case", "open", "--type", "liaison", "--title", "-urgent", "--country", "KE"])
    #expect(opened.status == 0, "\(opened.stderr)")
    let id = opened.stdout.trimmingCharacters(in: .newlines)
    #expect(try box.caseJSON(id)["title"] as? String == "-urgent")
    let equals = try box.run(["producer", "add", "--name=-Kuapa Kokoo", "--country", "GH", "--type", "spo"])
    #expect(equals.status == 0)
    #expect(
      try box.ok(["producer", "list", "--name", "-kuapa", "--format", "csv"]).split(separator: "\r\n").count == 3)

    // A word that is one of psr's options is still an option: the value is missing, and the message says how.
    let missing = try box.officer(["case", "open", "--type", "liaison", "--title", "--country", "KE"])
    #expect(missing.status == 64)
    #expect(
      missing.stderr
        == "psr: Missing value for '--title <title>' (a value that starts with '-' is written --title=VALUE); see 'psr case open --help'\n"
    )
    let quiet = try box.run(["producer", "add", "--name", "-q", "--country", "GH", "--type", "spo"])
    #expect(quiet.status == 64)
    #expect(quiet.stderr.contains("(a value that starts with '-' is written --name=-q)"))
    #expect(try count(box, ["case", "list"]) == 1)

    // A text argument that starts with '-' is taken too, alone; with two such words psr cannot guess.
    let noted = try box.officer(["case", "note", id, "-call back first"])
    #expect(noted.status == 0, "\(noted.stderr)")
    let events = try #require(try box.caseJSON(id)["events"] as? [[String: Any]])
    #expect(events.last?["text"] as? String == "-call back first")
    let insight = try box.officer(["insight", "add", "-20% on coffee", "--country", "KE", "--kind", "price"])
    #expect(insight.status == 0, "\(insight.stderr)")
    #expect(try count(box, ["insight", "list"]) == 1)
    #expect(try box.ok(["insight", "list", "--format", "json"]).contains("\"text\": \"-20% on coffee\""))
    // A text whose letters argument-parser would read as flags, -h among them, is a text all the same (not
    // the help, with nothing recorded), as is a bulleted one.
    for text in ["- check with Wanjiru", "-hello", "-shipment delayed"] {
      let run = try box.officer(["case", "note", id, text])
      #expect(run.status == 0, "\(text): \(run.stderr)")
      #expect(
        (try #require(try box.caseJSON(id)["events"] as? [[String: Any]])).last?["text"] as? String == text)
    }
    let shipping = try box.officer(["insight", "add", "-shipping costs up 10%", "--country", "KE", "--kind", "price"])
    #expect(shipping.status == 0, "\(shipping.stderr)")
    #expect(try box.ok(["search", "-shipping", "--format", "csv"]).contains("-[shipping] costs up 10%"))
    // Without the case, it is not taken for the help either.
    let alone = try box.officer(["case", "note", "-hello"])
    #expect(alone.status == 64)
    #expect(alone.stderr.contains("'-hello' starts with '-', so it reads as options"), "\(alone.stderr)")
    let two = try box.officer(["case", "note", "-a", "-b"])
    #expect(two.status == 64)
    #expect(
      two.stderr
        == "psr: Missing expected argument '<ref>' (arguments that start with '-' are written after '--', as in: psr case note REF -- '-text'); see 'psr case note --help'\n"
    )
  }

  @Test func aRangeWhoseFirstDayIsAfterItsLastSaysSo() throws {
    let box = try fieldOffice()
    for (arguments, message) in [
      (["visit", "list", "--from", "2026-10-01", "--to", "2026-09-01"], "--from 2026-10-01 is after --to 2026-09-01"),
      (
        ["case", "list", "--due-from", "2026-12-31", "--due-to", "2026-12-01"],
        "--due-from 2026-12-31 is after --due-to 2026-12-01"
      ),
      (["case", "export", "--from", "2026-10-01", "--to", "2026-09-01"], "--from 2026-10-01 is after --to 2026-09-01"),
    ] {
      let run = try box.officer(arguments)
      #expect(run.status == 65, "\(arguments)")
      #expect(run.stderr.contains(message) && run.stderr.contains("so nothing could match"), "\(run.stderr)")
      #expect(run.stdout.isEmpty)
    }
  }
}
