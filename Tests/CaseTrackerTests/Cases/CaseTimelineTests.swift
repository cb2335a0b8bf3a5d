import Foundation
import SQLite
import Testing

@testable import CaseTracker

@Suite struct CaseTimelineTests {
  @Test func databaseRefusesToChangeOrDeleteEvents() throws {
    let world = try CaseWorld()
    let original = try world.openCase(.trade, "Export")
    let store = try world.store()
    try store.cases.note(original.id, text: "First call")
    let before = try store.cases.events(of: original.id)
    let statements = [
      ("UPDATE case_events SET text = 'x'", "events cannot be changed"),
      ("UPDATE case_events SET seq = seq + 10 WHERE kind = 'note'", "events cannot be changed"),
      ("DELETE FROM case_events", "events cannot be deleted"),
      ("DELETE FROM case_events WHERE kind = 'note'", "events cannot be deleted"),
    ]
    for (sql, message) in statements {
      let error = #expect(throws: SQLiteError.self, "\(sql)") { try store.db.execute(sql) }
      #expect(error?.code == .constraintTrigger, "\(sql)")
      #expect(error.map { ResultCode.constraint ~= $0.code } == true, "\(sql)")
      #expect(error?.message == "the case timeline is append-only: \(message)", "\(sql)")
    }
    // Through another connection too: the rule lives in the database, not in psr.
    let other = try Database(path: world.test.path)
    let error = #expect(throws: SQLiteError.self) { try other.execute("DELETE FROM case_events") }
    #expect(error?.message.contains("append-only") == true)
    #expect(try store.cases.events(of: original.id) == before)
    #expect(before.count == 2)
  }

  /// Known hole: with recursive_triggers off, REPLACE deletes the conflicting row without firing the delete
  /// trigger, so an event can be rewritten. Closing it needs a BEFORE INSERT trigger in a new migration.
  @Test func replaceCannotRewriteAnEvent() throws {
    let world = try CaseWorld()
    let original = try world.openCase(.trade, "Export")
    let store = try world.store()
    let before = try store.cases.events(of: original.id)
    let event = try #require(before.first)
    let error = #expect(throws: SQLiteError.self) {
      try store.db.execute(
        """
        INSERT OR REPLACE INTO case_events (id, case_id, seq, at, actor, kind, new_value, text)
        VALUES (?, ?, 1, ?, 'forger', 'opened', 'open', 'Rewritten')
        """, [event.id, original.id, event.at])
    }
    #expect(error?.code == .constraintTrigger)
    #expect(error?.message.contains("cannot be replaced") == true)
    #expect(try store.cases.events(of: original.id) == before)
  }

  @Test func eventsComeBackInSequence() throws {
    let world = try CaseWorld()
    let original = try world.openCase(.trade, "Export", due: "2026-12-01")
    let store = try world.store()
    let cases = store.cases
    try cases.note(original.id, text: "Called the manager")
    _ = try cases.update(
      original.id,
      changes {
        $0.status = .active
        $0.priority = .high
      })
    _ = try store.activities.log(
      visit {
        $0.producer = "7"
        $0.cases = [original.id]
      })
    try cases.close(original.id, resolution: "Contract signed", cancelReason: nil, cancel: false)
    try cases.note(original.id, text: "Thank-you letter sent")
    try cases.reopen(original.id, reason: "Buyer backed out")
    let events = try cases.events(of: original.id)
    #expect(events.map(\.sequence) == Array(1...8))
    #expect(
      events.map(\.kind) == [.opened, .note, .changed, .changed, .visit, .closed, .note, .reopened])
    #expect(Set(events.map(\.id)).count == 8 && events.allSatisfy { Identifier.isUUID($0.id) })
    #expect(events.allSatisfy { $0.caseID == original.id && $0.actor == "akinyi" })
    #expect(events.map(\.at) == events.map(\.at).sorted())
  }
}

@Suite struct CaseOverdueTests {
  @Test func overdueOnlyWhileOpenAndPastDue() throws {
    let world = try CaseWorld()
    let overdueOpen = try world.openCase(.trade, "Open, past due", due: "2026-11-01", today: "2026-10-01")
    let overdueActive = try world.openCase(.trade, "Active, past due", due: "2026-11-01", today: "2026-10-02")
    let waiting = try world.openCase(.trade, "Waiting, past due", due: "2026-11-01", today: "2026-10-03")
    let dueToday = try world.openCase(.trade, "Due today", due: "2026-11-26", today: "2026-10-04")
    let closed = try world.openCase(.trade, "Closed, past due", due: "2026-11-01", today: "2026-10-05")
    let noDue = try world.openCase(.trade, "No due date", today: "2026-10-06")
    let early = try world.store(today: "2026-10-10")
    _ = try early.cases.update(overdueActive.id, changes { $0.status = .active })
    _ = try early.cases.update(waiting.id, changes { $0.status = .waiting })
    try world.store(today: "2026-11-01").cases.close(
      closed.id, resolution: "Done late", cancelReason: nil, cancel: false)

    let cases = try world.store(today: "2026-11-26").cases
    let flags = try [overdueOpen, overdueActive, waiting, dueToday, closed, noDue].map {
      try cases.require(id: $0.id).isOverdue
    }
    #expect(flags == [true, true, false, false, false, false])
    var overdueOnly = CaseFilter()
    overdueOnly.overdueOnly = true
    #expect(try cases.list(overdueOnly).map(\.id) == [overdueOpen.id, overdueActive.id])
    // Before the due date nothing is overdue; the day after it, the due-today case is.
    #expect(try world.store(today: "2026-11-01").cases.list(overdueOnly) == [])
    #expect(
      try world.store(today: "2026-11-27").cases.list(overdueOnly).map(\.id) == [
        overdueOpen.id, overdueActive.id, dueToday.id,
      ])
    // Waiting pauses the clock; going back to active restarts it.
    _ = try world.store().cases.update(waiting.id, changes { $0.status = .active })
    #expect(try cases.require(id: waiting.id).isOverdue)
  }

  @Test func daysOpenCountsToTodayOrToClosing() throws {
    let world = try CaseWorld()
    let open = try world.openCase(.trade, "Open", today: "2026-10-01")
    let closed = try world.openCase(.trade, "Closed", today: "2026-10-05")
    try world.store(today: "2026-11-01").cases.close(
      closed.id, resolution: "Done", cancelReason: nil, cancel: false)
    #expect(open.daysOpen == 0)
    let today = try world.store(today: "2026-11-26").cases
    #expect(try today.require(id: open.id).daysOpen == 56)
    #expect(try today.require(id: closed.id).daysOpen == 27)
    let nextYear = try world.store(today: "2027-03-01").cases
    #expect(try nextYear.require(id: open.id).daysOpen == 151)
    #expect(try nextYear.require(id: closed.id).daysOpen == 27)
  }
}

@Suite struct CaseListTests {
  /// Six cases opened on successive days of September 2026:
  /// 1 certification KE akinyi low due 12-10 [audit]; 2 trade PE pedro urgent;
  /// 3 liaison UG akinyi high due 12-01 waiting; 4 business IN unassigned normal due 11-30 [audit, export];
  /// 5 introduction KE resolved; 6 representation KE cancelled.
  private struct Fixture {
    let world: CaseWorld
    let ids: [String]
    let cases: CaseRepository

    init() throws {
      world = try CaseWorld()
      let c1 = try world.openCase(
        .certification, "Renewal", priority: .low, due: "2026-12-10", tags: ["audit"], today: "2026-09-01")
      let c2 = try world.openCase(
        .trade, "Buyers", producer: "8", officer: "pedro", priority: .urgent, today: "2026-09-02")
      let c3 = try world.openCase(
        .liaison, "Ministry", producer: nil, country: "UG", priority: .high, due: "2026-12-01", today: "2026-09-03")
      let c4 = try world.openCase(
        .business, "Bookkeeping", producer: "9", due: "2026-11-30", tags: ["audit", "export"], today: "2026-09-04",
        actor: "tester", actorSource: nil)
      let c5 = try world.openCase(.introduction, "Welcome", today: "2026-09-05")
      let c6 = try world.openCase(.representation, "Fair", producer: nil, country: "KE", today: "2026-09-06")
      let later = try world.store(today: "2026-10-01")
      _ = try later.cases.update(c3.id, changes { $0.status = .waiting })
      try later.cases.close(c5.id, resolution: "Joined", cancelReason: nil, cancel: false)
      try later.cases.close(c6.id, resolution: nil, cancelReason: nil, cancel: true)
      ids = [c1, c2, c3, c4, c5, c6].map(\.id)
      cases = try world.store().cases
    }

    /// The case numbers (1-based) that `filter` lists, in order.
    func list(_ build: (inout CaseFilter) -> Void = { _ in }) throws -> [Int] {
      var filter = CaseFilter()
      build(&filter)
      return try cases.list(filter).map { listed in (ids.firstIndex(of: listed.id) ?? 99) + 1 }
    }
  }

  @Test func defaultListsOpenAndWaitingOldestFirst() throws {
    let fixture = try Fixture()
    #expect(try fixture.list() == [1, 2, 3, 4])
    let listed = try fixture.cases.list(CaseFilter())
    #expect(listed.map(\.status) == [.open, .open, .waiting, .open])
    #expect(listed.map(\.daysOpen) == [86, 85, 84, 83])
    #expect(listed.map(\.officer) == ["akinyi", "pedro", "akinyi", nil])
    #expect(listed[3].tags == ["audit", "export"] && listed[3].openedBy == "tester")
  }

  @Test func filtersByStatus() throws {
    let fixture = try Fixture()
    #expect(try fixture.list { $0.statusClasses = [.closed] } == [5, 6])
    #expect(try fixture.list { $0.statusClasses = [.pending] } == [3])
    #expect(try fixture.list { $0.statusClasses = [.open] } == [1, 2, 4])
    #expect(try fixture.list { $0.statuses = [.waiting] } == [3])
    #expect(try fixture.list { $0.statuses = [.cancelled] } == [6])
    #expect(try fixture.list { $0.statuses = [.open, .resolved] } == [1, 2, 4, 5])
    #expect(
      try fixture.list {
        $0.statuses = [.open, .resolved]
        $0.statusClasses = [.closed]
      } == [5])
    #expect(
      try fixture.list {
        $0.statuses = [.waiting]
        $0.statusClasses = [.closed]
      } == [])
    let closed = try fixture.cases.list(
      {
        var filter = CaseFilter()
        filter.statusClasses = [.closed]
        return filter
      }())
    // Closed cases count their days to the closing day.
    #expect(closed.map(\.daysOpen) == [26, 25])
  }

  @Test func filtersByPlacePeopleTypeAndTag() throws {
    let fixture = try Fixture()
    #expect(try fixture.list { $0.region = "AME" } == [1, 3])
    #expect(try fixture.list { $0.region = "ame-eca" } == [1, 3])
    #expect(try fixture.list { $0.region = "ASP" } == [4])
    #expect(try fixture.list { $0.region = "LAC-AND" } == [2])
    #expect(try fixture.list { $0.region = "AME-WA" } == [])
    #expect(try fixture.list { $0.country = "ke" } == [1])
    #expect(
      try fixture.list {
        $0.country = "KE"
        $0.statusClasses = [.closed]
      } == [5, 6])
    #expect(try fixture.list { $0.officer = "akinyi" } == [1, 3])
    #expect(try fixture.list { $0.officer = "pedro" } == [2])
    #expect(try fixture.list { $0.producer = "7" } == [1])
    #expect(
      try fixture.list {
        $0.producer = fixture.world.kabngetuny.shortID
        $0.statuses = [.resolved]
      } == [5])
    #expect(try fixture.list { $0.type = .liaison } == [3])
    #expect(try fixture.list { $0.type = .introduction } == [])
    #expect(try fixture.list { $0.tag = "AUDIT" } == [1, 4])
    #expect(try fixture.list { $0.tag = "export" } == [4])
    #expect(
      try fixture.list {
        $0.region = "AME"
        $0.tag = "audit"
      } == [1])
  }

  @Test func filtersByOpeningDayInclusive() throws {
    let fixture = try Fixture()
    #expect(
      try fixture.list {
        $0.openedFrom = "2026-09-02"
        $0.openedTo = "2026-09-03"
      } == [2, 3])
    #expect(try fixture.list { $0.openedFrom = "2026-09-04" } == [4])
    #expect(try fixture.list { $0.openedTo = "2026-09-01" } == [1])
    #expect(
      try fixture.list {
        $0.openedFrom = "2026-09-03"
        $0.openedTo = "2026-09-03"
      } == [3])
    #expect(
      try fixture.list {
        $0.openedFrom = "2026-09-05"
        $0.openedTo = "2026-09-06"
        $0.statusClasses = [.closed]
      } == [5, 6])
    expectDomainError(.invalid, "is not a valid --opened-from date") {
      _ = try fixture.list { $0.openedFrom = "2026-9-1" }
    }
  }

  @Test func sortsAndLimits() throws {
    let fixture = try Fixture()
    #expect(try fixture.list { $0.sort = .priority } == [2, 3, 4, 1])
    #expect(try fixture.list { $0.sort = .due } == [4, 3, 1, 2])
    #expect(try fixture.list { $0.sort = .officer } == [1, 3, 2, 4])
    #expect(try fixture.list { $0.sort = .age } == [1, 2, 3, 4])
    #expect(try fixture.list { $0.limit = 2 } == [1, 2])
    #expect(
      try fixture.list {
        $0.sort = .priority
        $0.limit = 1
      } == [2])
  }

  @Test func refusesUnknownFilterValues() throws {
    let fixture = try Fixture()
    #expect(throws: DomainError.invalid("unknown region 'XX'; see 'psr region list'")) {
      _ = try fixture.list { $0.region = "XX" }
    }
    #expect(throws: DomainError.invalid("unknown officer 'nobody'; see 'psr officer list'")) {
      _ = try fixture.list { $0.officer = "nobody" }
    }
    #expect(throws: DomainError.invalid("unknown country code 'ZZ'; see 'psr country list'")) {
      _ = try fixture.list { $0.country = "ZZ" }
    }
  }
}

@Suite struct CasePrefixTests {
  private let first = "abcdef01-0000-4000-8000-000000000001"
  private let second = "abcdef02-0000-4000-8000-000000000002"

  private func insertCases(_ world: CaseWorld) throws {
    for (id, title) in [(first, "Ministry meeting"), (second, "Export fair")] {
      try world.test.store.db.execute(
        """
        INSERT INTO cases (id, type, title, country, status, priority, opened_at, opened_by, updated_at)
        VALUES (?, 'liaison', ?, 'KE', 'open', 'normal', '2026-11-01T10:00:00.000Z', 'tester',
          '2026-11-01T10:00:00.000Z')
        """, [id, title])
    }
  }

  @Test func resolvesUniquePrefixes() throws {
    let world = try CaseWorld()
    try insertCases(world)
    let cases = try world.store().cases
    #expect(try cases.resolve("abcdef01").id == first)
    #expect(try cases.resolve(" ABCDEF02-0000 ").id == second)
    #expect(try cases.resolve(second).title == "Export fair")
  }

  @Test func ambiguousPrefixListsTheCandidates() throws {
    let world = try CaseWorld()
    try insertCases(world)
    let store = try world.store()
    let message =
      "'abcdef' matches 2 cases: abcdef01 Ministry meeting (open); abcdef02 Export fair (open); give more characters of the id"
    #expect(throws: DomainError.invalid(message)) { try store.cases.resolve("abcdef") }
    #expect(throws: DomainError.invalid(message)) { try store.cases.note("ABCDEF", text: "Which one?") }
    #expect(throws: DomainError.invalid(message)) { try store.cases.update("abcdef", changes { $0.title = "X" }) }
    expectDomainError(.invalid, "'abcdef0' matches 2 cases") { _ = try store.cases.resolve("abcdef0") }
    #expect(try world.count("case_events") == 0)
  }

  @Test func unknownPrefixesAreNotFoundAndShortOnesInvalid() throws {
    let world = try CaseWorld()
    try insertCases(world)
    let cases = try world.store().cases
    #expect(throws: DomainError.notFound("no case has an id starting with 'fedcba'; see 'psr case list'")) {
      try cases.resolve("fedcba")
    }
    #expect(
      throws: DomainError.invalid("'abcde' is too short to name a case: give at least 6 characters of its id")
    ) { try cases.resolve("abcde") }
    expectDomainError(.notFound, "no case matches 'not-a-case'") { _ = try cases.resolve("not-a-case") }
    expectDomainError(.invalid, "too short") {
      try cases.close("abc", resolution: "Done", cancelReason: nil, cancel: false)
    }
  }
}

@Suite struct ActingOfficerTests {
  @Test func unknownOfficerGivenWithAsCannotWrite() throws {
    let world = try CaseWorld()
    let original = try world.openCase(.trade, "Export")
    let ghost = try world.store(actor: "ghost", actorSource: "--as")
    let message = "unknown officer 'ghost' given with --as; see 'psr officer list'"
    #expect(throws: DomainError.invalid(message)) {
      try ghost.cases.open(CaseDraft(type: .trade, title: "Export", producer: "7", officer: "akinyi"))
    }
    #expect(throws: DomainError.invalid(message)) { try ghost.cases.note(original.id, text: "Hello") }
    #expect(throws: DomainError.invalid(message)) {
      try ghost.cases.update(original.id, changes { $0.priority = .high })
    }
    #expect(throws: DomainError.invalid(message)) {
      try ghost.cases.close(original.id, resolution: "Done", cancelReason: nil, cancel: false)
    }
    #expect(throws: DomainError.invalid(message)) {
      try ghost.activities.log(
        visit {
          $0.producer = "7"
          $0.officer = "akinyi"
        })
    }
    #expect(throws: DomainError.invalid(message)) {
      try ghost.insights.add(country: "KE", product: nil, kind: .other, text: "x", date: nil, officer: "akinyi")
    }
    let env = try world.store(actor: "ghost", actorSource: "PSR_OFFICER")
    expectDomainError(.invalid, "unknown officer 'ghost' given with PSR_OFFICER") {
      try env.cases.note(original.id, text: "Hello")
    }
    #expect(try world.count("cases") == 1)
    #expect(try world.count("case_events") == 1)
    #expect(try world.count("activities") == 0)
    #expect(try world.count("insights") == 0)
    // Reading needs no officer.
    #expect(try ghost.cases.list(CaseFilter()).map(\.id) == [original.id])
  }

  @Test func loginNameThatIsNoOfficerIsRecordedAsIs() throws {
    let world = try CaseWorld()
    let tester = try world.store(actor: "tester", actorSource: nil)
    let (opened, warnings) = try tester.cases.open(CaseDraft(type: .trade, title: "Export", producer: "7"))
    #expect(warnings.isEmpty)
    #expect(opened.openedBy == "tester" && opened.officer == nil)
    #expect(try tester.cases.events(of: opened.id).map(\.actor) == ["tester"])
    let assigned = try tester.cases.open(CaseDraft(type: .trade, title: "Import", producer: "7", officer: "akinyi"))
    #expect(assigned.case.officer == "akinyi" && assigned.case.openedBy == "tester")
    try tester.cases.note(opened.id, text: "Noted")
    #expect(try tester.cases.events(of: opened.id).last?.actor == "tester")

    #expect(
      throws: DomainError.invalid(
        "who did this? give --officer HANDLE, or act as an officer with --as HANDLE or PSR_OFFICER")
    ) { try tester.activities.log(visit { $0.producer = "7" }) }
    let logged = try tester.activities.log(
      visit {
        $0.producer = "7"
        $0.officer = "akinyi"
      }
    ).activity
    #expect(logged.officer == "akinyi" && logged.createdBy == "tester")
    #expect(
      throws: DomainError.invalid(
        "who gathered this? give --officer HANDLE, or act as an officer with --as HANDLE or PSR_OFFICER")
    ) { try tester.insights.add(country: "KE", product: nil, kind: .other, text: "x", date: nil, officer: nil) }
  }
}
