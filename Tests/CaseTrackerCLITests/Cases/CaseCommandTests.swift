import Foundation
import SQLite
import Testing

/// A sandbox with the sample producers and two officers, acting as akinyi.
func fieldOffice() throws -> Sandbox {
  let box = try Sandbox()
  try box.initialize()
  try box.ok(["producer", "import", fixtures.appendingPathComponent("producers.csv").path])
  try box.ok([
    "officer", "add", "akinyi", "--name", "Akinyi Odhiambo", "--email", "a@example.org", "--base", "KE", "--covers",
    "KE,UG,ET",
  ])
  try box.ok([
    "officer", "add", "mateo", "--name", "Mateo Quispe", "--email", "m@example.org", "--base", "PE", "--covers",
    "PE,BO",
  ])
  return box
}

extension Sandbox {
  /// Runs as officer akinyi on `today`.
  func officer(_ arguments: [String], today: String = "2026-11-26", as handle: String = "akinyi") throws -> Run {
    try run(["--as", handle, "--today", today] + arguments)
  }

  /// Runs as officer akinyi and expects success.
  @discardableResult
  func act(
    _ arguments: [String], today: String = "2026-11-26", sourceLocation: SourceLocation = #_sourceLocation
  ) throws -> Run {
    let result = try officer(arguments, today: today)
    #expect(result.status == 0, "\(arguments): \(result.stderr)", sourceLocation: sourceLocation)
    return result
  }

  func openCase(_ arguments: [String], today: String = "2026-11-26") throws -> String {
    let result = try officer(["case", "open"] + arguments, today: today)
    #expect(result.status == 0, "\(result.stderr)")
    return result.stdout.trimmingCharacters(in: .newlines)
  }

  func caseJSON(_ id: String, today: String = "2026-11-26") throws -> [String: Any] {
    try #require(try json(ok(["case", "show", id, "--format", "json", "--today", today])) as? [String: Any])
  }
}

@Suite struct CaseCommandTests {
  @Test func openPrintsShortIDAndShowGivesEveryFieldAndTheTimeline() throws {
    let box = try fieldOffice()
    let opened = try box.officer([
      "case", "open", "--type", "certification", "--title", "Prepare initial audit", "--producer", "27651",
      "--due", "2026-12-15", "--tag", "audit", "--priority", "high",
    ])
    #expect(opened.status == 0)
    let id = opened.stdout.trimmingCharacters(in: .newlines)
    #expect(id.count == 8)
    #expect(
      opened.stderr.contains(
        "opened certification case \(id) for Kabarole Tea Growers Cooperative Union, assigned to akinyi"))
    let shown = try box.caseJSON(id)
    #expect(shown["country"] as? String == "UG")
    #expect(shown["officer"] as? String == "akinyi")
    #expect(shown["status"] as? String == "open")
    #expect(shown["priority"] as? String == "high")
    #expect(shown["due_date"] as? String == "2026-12-15")
    #expect(shown["tags"] as? [String] == ["audit"])
    #expect(shown["resolution"] is NSNull)
    let events = try #require(shown["events"] as? [[String: Any]])
    #expect(events.count == 1)
    #expect(events[0]["kind"] as? String == "opened")
    #expect(events[0]["actor"] as? String == "akinyi")
  }

  @Test func lifecycleWritesOneEventPerChangeAndRefusesChangesWhenClosed() throws {
    let box = try fieldOffice()
    let id = try box.openCase(
      ["--type", "trade", "--title", "Find a buyer", "--producer", "1503"], today: "2026-10-01")
    let update = try box.officer([
      "case", "update", id, "--status", "waiting", "--priority", "urgent", "--tag", "+buyer", "--officer", "mateo",
    ])
    #expect(update.status == 0)
    #expect(update.stderr.contains("4 change(s) recorded"))
    #expect(update.stderr.contains("warning: mateo does not cover ET"))
    let noop = try box.officer(["case", "update", id, "--status", "waiting"])
    #expect(noop.status == 0)
    #expect(noop.stderr.contains("nothing was written"))
    #expect(try box.officer(["case", "note", id, "Sent samples to two buyers"]).status == 0)
    #expect(try box.officer(["case", "close", id, "--resolution", "Contract signed for 2 containers"]).status == 0)
    let refused = try box.officer(["case", "update", id, "--priority", "low"])
    #expect(refused.status == 65)
    #expect(
      refused.stderr.contains("is resolved: a closed case accepts notes but cannot be changed until it is reopened"))
    #expect(try box.officer(["case", "close", id, "--cancel"]).status == 65)
    #expect(try box.officer(["case", "note", id, "Invoice paid"]).status == 0)
    let reopenNeedsReason = try box.officer(["case", "reopen", id])
    #expect(reopenNeedsReason.status == 64)
    #expect(try box.officer(["case", "reopen", id, "--reason", "Buyer withdrew"]).status == 0)
    #expect(try box.officer(["case", "reopen", id, "--reason", "again"]).status == 65)
    #expect(try box.officer(["case", "close", id, "--cancel", "--reason", "Producer lost interest"]).status == 0)

    let shown = try box.caseJSON(id)
    #expect(shown["status"] as? String == "cancelled")
    #expect(shown["resolution"] as? String == "Producer lost interest")
    let events = try #require(shown["events"] as? [[String: Any]])
    let summary = events.map { event -> String in
      let parts = ["kind", "field", "old_value", "new_value"].map { (event[$0] as? String) ?? "-" }
      return parts.joined(separator: ":")
    }
    #expect(
      summary == [
        "opened:-:-:open", "changed:status:open:waiting", "changed:priority:normal:urgent",
        "changed:officer:akinyi:mateo", "changed:tags:-:buyer", "note:-:-:-", "closed:status:waiting:resolved",
        "note:-:-:-", "reopened:status:resolved:active", "closed:status:active:cancelled",
      ])
    #expect(events.map { $0["seq"] as? Int } == Array(1...10).map { Optional($0) })
    let csv = try box.ok(["case", "show", id, "--format", "csv"])
    #expect(csv.hasPrefix("case_id,seq,at,actor,kind,field,old_value,new_value,text,activity_id\r\n"))
    #expect(csv.split(separator: "\r\n").count == 11)
    let table = try box.ok(["case", "show", id])
    #expect(table.contains("priority: normal → urgent"))
    #expect(table.contains("reopened (was resolved): Buyer withdrew"))
  }

  @Test func overdueDependsOnTodayAndWaitingPausesIt() throws {
    let box = try fieldOffice()
    let late = try box.openCase(
      ["--type", "business", "--title", "Business plan", "--producer", "2311", "--due", "2026-11-01"],
      today: "2026-10-01")
    let paused = try box.openCase(
      ["--type", "business", "--title", "Loan application", "--producer", "2311", "--due", "2026-11-01"],
      today: "2026-10-02")
    let future = try box.openCase(
      ["--type", "business", "--title", "Cash flow", "--producer", "2311", "--due", "2026-12-01"], today: "2026-10-03")
    try box.act(["case", "update", paused, "--status", "waiting"])
    func overdue(_ today: String) throws -> [String] {
      let rows = try #require(
        try json(box.ok(["case", "list", "--overdue", "--format", "json", "--today", today])) as? [[String: Any]])
      return rows.compactMap { ($0["id"] as? String).map { String($0.prefix(8)) } }
    }
    #expect(try overdue("2026-11-01") == [])
    #expect(try overdue("2026-11-02") == [late])
    #expect(try overdue("2026-12-02") == [late, future])
    let all = try #require(
      try json(box.ok(["case", "list", "--format", "json", "--today", "2026-11-02"])) as? [[String: Any]])
    #expect(all.map { ($0["id"] as? String).map { String($0.prefix(8)) } } == [late, paused, future])
    #expect(all.map { $0["days_open"] as? Int } == [32, 31, 30])
    #expect(all.map { $0["overdue"] as? Bool } == [true, false, false])
    let table = try box.ok(["case", "list", "--today", "2026-11-02"])
    #expect(table.split(separator: "\n").filter { $0.contains("OVERDUE") && !$0.hasPrefix("ID") }.count == 1)
  }

  @Test func listFiltersSortsAndLimits() throws {
    let box = try fieldOffice()
    let a = try box.openCase(
      ["--type", "certification", "--title", "A", "--producer", "27651", "--tag", "audit"], today: "2026-09-01")
    let b = try box.openCase(
      ["--type", "trade", "--title", "B", "--producer", "22015", "--officer", "mateo", "--priority", "urgent"],
      today: "2026-09-15")
    let c = try box.openCase(
      ["--type", "representation", "--title", "C", "--country", "KE", "--due", "2026-12-01"], today: "2026-10-01")
    try box.act(["case", "close", c, "--resolution", "Done"])
    func ids(_ arguments: [String]) throws -> [String] {
      let rows = try #require(try json(box.ok(["case", "list", "--format", "json"] + arguments)) as? [[String: Any]])
      return rows.compactMap { ($0["id"] as? String).map { String($0.prefix(8)) } }
    }
    #expect(try ids([]) == [a, b])
    #expect(try ids(["--closed"]) == [c])
    #expect(try ids(["--status", "resolved", "--status", "open"]) == [a, b, c])
    #expect(try ids(["--region", "AME"]) == [a])
    #expect(try ids(["--region", "LAC-AND"]) == [b])
    #expect(try ids(["--country", "bo"]) == [b])
    #expect(try ids(["--officer", "mateo"]) == [b])
    #expect(try ids(["--producer", "27651"]) == [a])
    #expect(try ids(["--type", "trade"]) == [b])
    #expect(try ids(["--tag", "audit"]) == [a])
    #expect(try ids(["--opened-from", "2026-09-15", "--status", "open", "--status", "resolved"]) == [b, c])
    #expect(try ids(["--opened-to", "2026-09-15"]) == [a, b])
    #expect(try ids(["--sort", "priority"]) == [b, a])
    #expect(try ids(["--limit", "1"]) == [a])
    #expect(try box.run(["case", "list", "--sort", "colour"]).status == 64)
    #expect(try box.run(["case", "list", "--officer", "nobody"]).status == 65)
  }

  @Test func referencesAndActorsAreChecked() throws {
    let box = try fieldOffice()
    let id = try box.openCase(["--type", "introduction", "--title", "Meet the board", "--producer", "4120"])
    let ghost = try box.officer(["case", "note", id, "hello"], as: "ghost")
    #expect(ghost.status == 65)
    #expect(ghost.stderr == "psr: unknown officer 'ghost' given with --as; see 'psr officer list'\n")
    let viaEnvironment = try box.run(["case", "note", id, "hello"], environment: ["PSR_OFFICER": "ghost"])
    #expect(viaEnvironment.status == 65)
    #expect(viaEnvironment.stderr.contains("given with PSR_OFFICER"))
    // The login name need not be an officer: it is recorded as the actor.
    #expect(try box.run(["case", "note", id, "from the login"]).status == 0)
    #expect((try box.caseJSON(id)["events"] as? [[String: Any]])?.last?["actor"] as? String == "tester")

    let db = try Database(path: box.db)
    for suffix in ["1", "2"] {
      try db.execute(
        """
        INSERT INTO cases (id, type, title, country, status, priority, opened_at, opened_by, updated_at)
        VALUES (?, 'liaison', 'Twin ' || ?, 'KE', 'open', 'normal', '2026-11-01T00:00:00.000Z', 'x', '2026-11-01T00:00:00.000Z')
        """, ["abcdef0\(suffix)-0000-4000-8000-00000000000\(suffix)", suffix])
    }
    let ambiguous = try box.run(["case", "show", "abcdef"])
    #expect(ambiguous.status == 65)
    #expect(ambiguous.stderr.contains("matches 2 cases"))
    #expect(ambiguous.stderr.contains("abcdef01 Twin 1 (open)"))
    #expect(ambiguous.stderr.contains("abcdef02 Twin 2 (open)"))
    #expect(try box.run(["case", "show", "abcdef02"]).status == 0)
    #expect(try box.run(["case", "show", "ffffff"]).status == 66)
    let short = try box.run(["case", "show", "abc"])
    #expect(short.status == 65)
    #expect(short.stderr == "psr: 'abc' is too short to name a case: give at least 6 characters of its id\n")
    let noProducer = try box.officer(["case", "open", "--type", "certification", "--title", "X", "--country", "KE"])
    #expect(noProducer.status == 65)
    #expect(noProducer.stderr.contains("give --producer"))
    #expect(try box.officer(["case", "open", "--type", "trade", "--title", "X", "--producer", "999"]).status == 66)
    #expect(
      try box.officer(["case", "open", "--type", "trade", "--title", "X", "--producer", "1503", "--due", "2026-13-01"])
        .status == 65)
  }

  @Test func timelineRefusesUpdateAndDeleteInTheDatabase() throws {
    let box = try fieldOffice()
    let id = try box.openCase(["--type", "trade", "--title", "Append only", "--producer", "1503"])
    try box.act(["case", "note", id, "first note"])
    let db = try Database(path: box.db)
    for sql in ["UPDATE case_events SET text = 'rewritten'", "DELETE FROM case_events"] {
      do {
        try db.execute(sql)
        Issue.record("\(sql) succeeded")
      } catch let error as SQLiteError {
        #expect(error.code == .constraintTrigger)
        #expect(error.message.contains("append-only"))
      }
    }
    let events = try #require(try box.caseJSON(id)["events"] as? [[String: Any]])
    #expect(events.map { $0["text"] as? String } == ["Append only", "first note"])
  }

  @Test func noteReadsStandardInputAndHostileTextIsVerbatim() throws {
    let box = try fieldOffice()
    let id = try box.openCase(["--type", "trade", "--title", "Robert'); DROP TABLE cases;--", "--producer", "1503"])
    let note = "\"=cmd|' /C calc'!A0\"\nsecond line, with comma"
    let result = try box.run(["--as", "akinyi", "case", "note", id, "-"], input: note + "\n")
    #expect(result.status == 0)
    let shown = try box.caseJSON(id)
    #expect(shown["title"] as? String == "Robert'); DROP TABLE cases;--")
    #expect((shown["events"] as? [[String: Any]])?.last?["text"] as? String == note)
    let csv = try box.ok(["case", "list", "--format", "csv"])
    #expect(csv.contains(",Robert'); DROP TABLE cases;--,"))
  }
}

@Suite struct CaseDatingTests {
  @Test func nothingIsRecordedBeforeTheTimelineAndDaysOpenNeverGoNegative() throws {
    let box = try fieldOffice()
    let id = try box.openCase(["--type", "trade", "--title", "Dated", "--producer", "1503"], today: "2026-10-01")
    let early = try box.officer(["case", "note", id, "too early"], today: "2026-09-01")
    #expect(early.status == 65)
    #expect(early.stderr.contains("has events up to 2026-10-01"))
    #expect(try box.officer(["case", "close", id, "--resolution", "x"], today: "2020-01-01").status == 65)
    let listed = try #require(
      try json(box.ok(["case", "list", "--format", "json", "--today", "2026-09-01"])) as? [[String: Any]])
    #expect(listed.first?["days_open"] as? Int == 0)
    let both = try box.officer(["case", "update", id, "--tag", "+x", "--tag=-x"])
    #expect(both.status == 64)
    #expect(both.stderr.contains("'x' is both added and removed"))
  }

  @Test func anEmptyFileIsLeftUntouched() throws {
    let box = try Sandbox()
    let path = try box.file("empty.sqlite", "")
    let result = try box.run(["region", "list", "--db", path], useDB: false)
    #expect(result.status == 65)
    #expect(result.stderr.contains("is an empty file"))
    #expect((try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) == 0)
  }
}
