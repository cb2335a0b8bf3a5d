import Foundation
import SQLite
import Testing

@testable import CaseTracker

@Suite struct CaseOpenTests {
  @Test func opensWithTheOpenedEvent() throws {
    let world = try CaseWorld()
    let store = try world.store()
    let (opened, warnings) = try store.cases.open(
      CaseDraft(
        type: .certification, title: "  Prepare the renewal audit ", producer: "7", priority: .high,
        dueDate: "2026-12-15", tags: ["Audit, renewal", "audit"]))
    #expect(warnings.isEmpty)
    #expect(Identifier.isUUID(opened.id))
    #expect(opened.openedAt.hasPrefix("2026-11-26T") && opened.openedAt.hasSuffix("Z"))
    #expect(
      opened
        == Case(
          id: opened.id, type: .certification, title: "Prepare the renewal audit", producerID: world.kabngetuny.id,
          producerName: "Kabngetuny Coop", country: "KE", officer: "akinyi", status: .open, priority: .high,
          dueDate: "2026-12-15", tags: ["audit", "renewal"], resolution: nil, openedAt: opened.openedAt,
          openedBy: "akinyi", closedAt: nil, updatedAt: opened.openedAt, daysOpen: 0, isOverdue: false))
    #expect(try store.cases.require(id: opened.id) == opened)
    let events = try store.cases.events(of: opened.id)
    let first = try #require(events.first)
    #expect(
      events == [
        CaseEvent(
          id: first.id, caseID: opened.id, sequence: 1, at: opened.openedAt, actor: "akinyi", kind: .opened,
          field: nil, oldValue: nil, newValue: "open", text: "Prepare the renewal audit", activityID: nil)
      ])
  }

  @Test func officerDefaultsToTheActingOfficerOnly() throws {
    let world = try CaseWorld()
    // The login name "akinyi" is an officer's handle: she is the acting officer.
    let login = try world.store(actor: "akinyi", actorSource: nil)
    #expect(try login.cases.open(CaseDraft(type: .trade, title: "Export", producer: "7")).case.officer == "akinyi")
    // "psr" is no officer: the case is unassigned, and opened by that name.
    let anonymous = try world.test.store.cases.open(CaseDraft(type: .trade, title: "Export", producer: "7")).case
    #expect(anonymous.officer == nil && anonymous.openedBy == "psr")
    // --officer wins over the acting officer.
    let given = try world.store().cases.open(CaseDraft(type: .trade, title: "Export", producer: "8", officer: "pedro"))
    #expect(given.case.officer == "pedro" && given.case.openedBy == "akinyi" && given.warnings.isEmpty)
  }

  @Test func countryComesFromTheProducer() throws {
    let world = try CaseWorld()
    let cases = try world.store().cases
    let same = try cases.open(CaseDraft(type: .trade, title: "Export", producer: "8", country: "pe")).case
    #expect(same.country == "PE" && same.producerName == "Cecovasa")
    #expect(
      throws: DomainError.invalid(
        "Kabngetuny Coop is in KE, not PE; leave out --country for a producer's case")
    ) { try cases.open(CaseDraft(type: .trade, title: "Export", producer: "7", country: "pe")) }
    #expect(try world.count("cases") == 1)
  }

  @Test func countryCasesOnlyForLiaisonAndRepresentation() throws {
    let world = try CaseWorld()
    let cases = try world.store().cases
    for type in [CaseType.certification, .trade, .business, .introduction] {
      #expect(
        throws: DomainError.invalid(
          "a \(type.rawValue) case is about a producer; give --producer (only liaison and representation cases may name just a --country)"
        )
      ) { try cases.open(CaseDraft(type: type, title: "About Kenya", country: "KE")) }
    }
    let liaison = try cases.open(CaseDraft(type: .liaison, title: "Ministry of Agriculture", country: "ug")).case
    #expect(liaison.country == "UG" && liaison.producerID == nil && liaison.producerName == nil)
    let representation = try cases.open(CaseDraft(type: .representation, title: "Coffee week", country: "KE"))
    #expect(representation.case.country == "KE" && representation.case.producerID == nil)
    #expect(
      throws: DomainError.invalid("give --producer or --country: a case is about a producer or a country")
    ) { try cases.open(CaseDraft(type: .liaison, title: "Nowhere")) }
    #expect(throws: DomainError.invalid("unknown country code 'ZZ'; see 'psr country list'")) {
      try cases.open(CaseDraft(type: .liaison, title: "Nowhere", country: "zz"))
    }
    #expect(try world.count("cases") == 2)
    #expect(try world.count("case_events") == 2)
  }

  @Test func refusesUnknownProducersAndOfficers() throws {
    let world = try CaseWorld()
    let cases = try world.store().cases
    #expect(
      throws: DomainError.notFound(
        "no producer matches '123456789'; give a FLO ID or an id prefix of at least 6 characters (see 'psr producer list')"
      )
    ) { try cases.open(CaseDraft(type: .trade, title: "Export", producer: "123456789")) }
    expectDomainError(.notFound, "no producer has FLO ID '99'") {
      _ = try cases.open(CaseDraft(type: .trade, title: "Export", producer: "99"))
    }
    #expect(throws: DomainError.invalid("unknown officer 'nobody'; see 'psr officer list'")) {
      try cases.open(CaseDraft(type: .trade, title: "Export", producer: "7", officer: "nobody"))
    }
    #expect(throws: DomainError.invalid("the title is empty; give a title")) {
      try cases.open(CaseDraft(type: .trade, title: "  ", producer: "7"))
    }
    expectDomainError(.invalid, "is not a valid due date") {
      _ = try cases.open(CaseDraft(type: .trade, title: "Export", producer: "7", dueDate: "2026-02-30"))
    }
    #expect(try world.count("cases") == 0)
    #expect(try world.count("case_events") == 0)
  }

  @Test func officerNotCoveringTheCountryIsAWarning() throws {
    let world = try CaseWorld()
    let (opened, warnings) = try world.store().cases.open(
      CaseDraft(type: .trade, title: "Export", producer: "7", officer: "pedro"))
    #expect(
      warnings == [
        "pedro does not cover KE; the case is assigned anyway (add the country with 'psr officer cover pedro --add KE')"
      ])
    #expect(opened.officer == "pedro" && opened.status == .open)
    #expect(try world.count("cases") == 1)
  }
}

@Suite struct CaseUpdateTests {
  @Test func writesOneChangedEventPerField() throws {
    let world = try CaseWorld()
    let original = try world.openCase(.certification, "Old title", due: "2026-12-01", tags: ["audit"])
    let store = try world.store()
    let (updated, events, warnings) = try store.cases.update(
      original.shortID,
      changes {
        $0.title = " New title "
        $0.type = .trade
        $0.status = .active
        $0.priority = .urgent
        $0.dueDate = .some("2026-12-24")
        $0.officer = .some("pedro")
        $0.addTags = ["Export"]
        $0.removeTags = ["audit"]
      })
    #expect(
      warnings == [
        "pedro does not cover KE; the case is assigned anyway (add the country with 'psr officer cover pedro --add KE')"
      ])
    let changed = events.map {
      [String(describing: $0.sequence), $0.kind.rawValue, $0.field, $0.oldValue, $0.newValue]
    }
    #expect(
      changed == [
        ["2", "changed", "title", "Old title", "New title"],
        ["3", "changed", "type", "certification", "trade"],
        ["4", "changed", "status", "open", "active"],
        ["5", "changed", "priority", "normal", "urgent"],
        ["6", "changed", "due_date", "2026-12-01", "2026-12-24"],
        ["7", "changed", "officer", "akinyi", "pedro"],
        ["8", "changed", "tags", nil, "export"],
        ["9", "changed", "tags", "audit", nil],
      ])
    #expect(events.allSatisfy { $0.actor == "akinyi" && $0.text == nil && $0.activityID == nil })
    #expect(events.allSatisfy { $0.at == updated.updatedAt })
    #expect(try store.cases.events(of: original.id).dropFirst() == events[...])
    var expected = original
    expected.title = "New title"
    expected.type = .trade
    expected.status = .active
    expected.priority = .urgent
    expected.dueDate = "2026-12-24"
    expected.officer = "pedro"
    expected.tags = ["export"]
    expected.updatedAt = updated.updatedAt
    #expect(updated == expected)
    #expect(updated.updatedAt >= original.updatedAt)

    let (cleared, removals, noWarning) = try store.cases.update(
      original.id,
      changes {
        $0.dueDate = .some(nil)
        $0.officer = .some(nil)
      })
    #expect(noWarning.isEmpty)
    #expect(cleared.dueDate == nil && cleared.officer == nil)
    #expect(
      removals.map { [$0.field, $0.oldValue, $0.newValue] } == [
        ["due_date", "2026-12-24", nil], ["officer", "pedro", nil],
      ])
    #expect(removals.map(\.sequence) == [10, 11])
  }

  @Test func noOpUpdateWritesNothing() throws {
    let world = try CaseWorld()
    let original = try world.openCase(.trade, "Export", officer: "akinyi", due: "2026-12-01", tags: ["audit"])
    // A day later: any write would move updated_at.
    let later = try world.store(today: "2026-11-27")
    let (same, events, warnings) = try later.cases.update(
      original.id,
      changes {
        $0.title = "Export "
        $0.type = .trade
        $0.status = .open
        $0.priority = .normal
        $0.dueDate = .some("2026-12-01")
        $0.officer = .some("akinyi")
        $0.addTags = ["AUDIT"]
        $0.removeTags = ["missing"]
      })
    #expect(events == [])
    #expect(warnings.isEmpty)
    #expect(same.updatedAt == original.updatedAt)
    #expect(try later.cases.events(of: original.id).count == 1)
    // A real change made that day does move it.
    let (changed, _, _) = try later.cases.update(original.id, changes { $0.priority = .high })
    #expect(changed.updatedAt.hasPrefix("2026-11-27T"))
  }

  @Test func closingThroughUpdateIsRefused() throws {
    let world = try CaseWorld()
    let original = try world.openCase(.trade, "Export")
    let cases = try world.store().cases
    for status in [CaseStatus.resolved, .cancelled] {
      #expect(
        throws: DomainError.usage(
          "close a case with 'psr case close', not by setting its status to \(status.rawValue)")
      ) { try cases.update(original.id, changes { $0.status = status }) }
    }
    let liaison = try world.openCase(.liaison, "Ministry", producer: nil, country: "KE")
    #expect(
      throws: DomainError.invalid("a certification case is about a producer, and this case has none")
    ) { try cases.update(liaison.id, changes { $0.type = .certification }) }
    #expect(throws: DomainError.invalid("unknown officer 'nobody'; see 'psr officer list'")) {
      try cases.update(liaison.id, changes { $0.officer = .some("nobody") })
    }
    #expect(try cases.require(id: original.id) == original)
    #expect(try world.count("case_events") == 2)
  }
}

@Suite struct CaseCloseTests {
  @Test func resolveStoresTheResolution() throws {
    let world = try CaseWorld()
    let original = try world.openCase(.certification, "Audit", today: "2026-10-01")
    let closer = try world.store(today: "2026-11-01")
    let closed = try closer.cases.close(
      original.shortID, resolution: " Audit passed \n", cancelReason: nil, cancel: false)
    #expect(closed.status == .resolved && closed.resolution == "Audit passed")
    let closedAt = try #require(closed.closedAt)
    #expect(closedAt.hasPrefix("2026-11-01T") && closed.updatedAt == closedAt)
    #expect(closed.daysOpen == 31)
    #expect(try world.store().cases.require(id: original.id).daysOpen == 31)
    let event = try #require(try closer.cases.events(of: original.id).last)
    #expect(
      event
        == CaseEvent(
          id: event.id, caseID: original.id, sequence: 2, at: closedAt, actor: "akinyi", kind: .closed,
          field: "status", oldValue: "open", newValue: "resolved", text: "Audit passed", activityID: nil))
  }

  @Test func resolutionIsRequiredUnlessCancelling() throws {
    let world = try CaseWorld()
    let original = try world.openCase(.certification, "Audit")
    let cases = try world.store().cases
    #expect(throws: DomainError.usage("give --resolution TEXT to resolve the case, or --cancel to cancel it")) {
      try cases.close(original.id, resolution: nil, cancelReason: nil, cancel: false)
    }
    #expect(throws: DomainError.invalid("the resolution is empty; give a resolution")) {
      try cases.close(original.id, resolution: " \n ", cancelReason: nil, cancel: false)
    }
    #expect(try cases.require(id: original.id) == original)
  }

  @Test func cancelWithAndWithoutReason() throws {
    let world = try CaseWorld()
    let cases = try world.store().cases
    let first = try world.openCase(.trade, "Export")
    _ = try cases.update(first.id, changes { $0.status = .waiting })
    let withReason = try cases.close(first.id, resolution: nil, cancelReason: "Producer withdrew", cancel: true)
    #expect(withReason.status == .cancelled && withReason.resolution == "Producer withdrew")
    #expect(withReason.closedAt != nil)
    let event = try #require(try cases.events(of: first.id).last)
    #expect(event.kind == .closed && event.sequence == 3)
    #expect(
      [event.field, event.oldValue, event.newValue, event.text] == [
        "status", "waiting", "cancelled", "Producer withdrew",
      ])

    let second = try world.openCase(.trade, "Import")
    let bare = try cases.close(second.id, resolution: nil, cancelReason: nil, cancel: true)
    #expect(bare.status == .cancelled && bare.resolution == nil && bare.closedAt != nil)
    let bareEvent = try #require(try cases.events(of: second.id).last)
    #expect(
      [bareEvent.field, bareEvent.oldValue, bareEvent.newValue, bareEvent.text] == ["status", "open", "cancelled", nil])
  }

  @Test func closedCaseAcceptsOnlyNotesAndReopening() throws {
    let world = try CaseWorld()
    let original = try world.openCase(.certification, "Audit")
    let cases = try world.store().cases
    let closed = try cases.close(original.id, resolution: "Audit passed", cancelReason: nil, cancel: false)
    let short = original.shortID
    #expect(
      throws: DomainError.invalid(
        "case \(short) is already resolved; reopen it with 'psr case reopen \(short) --reason TEXT' first")
    ) { try cases.close(original.id, resolution: "Again", cancelReason: nil, cancel: false) }
    expectDomainError(.invalid, "already resolved", "reopen") {
      try cases.close(original.id, resolution: nil, cancelReason: nil, cancel: true)
    }
    for change in [
      changes { $0.title = "Other" }, changes { $0.priority = .urgent }, changes { $0.status = .active },
      changes { $0.addTags = ["late"] }, changes { $0.title = "Audit" },
    ] {
      #expect(
        throws: DomainError.invalid(
          "case \(short) is resolved: a closed case accepts notes but cannot be changed until it is reopened ('psr case reopen \(short) --reason TEXT')"
        )
      ) { try cases.update(short, change) }
    }
    #expect(try cases.require(id: original.id) == closed)
    #expect(try cases.events(of: original.id).count == 2)

    let noted = try cases.note(short, text: "Certificate sent by courier")
    #expect(noted.status == .resolved && noted.resolution == "Audit passed")
    let note = try #require(try cases.events(of: original.id).last)
    #expect(note.kind == .note && note.sequence == 3 && note.text == "Certificate sent by courier")
    #expect(note.actor == "akinyi" && note.field == nil)
  }

  @Test func reopenReturnsToActive() throws {
    let world = try CaseWorld()
    let original = try world.openCase(.certification, "Audit")
    let cases = try world.store().cases
    #expect(
      throws: DomainError.invalid(
        "case \(original.shortID) is open, not closed; only a resolved or cancelled case can be reopened")
    ) { try cases.reopen(original.id, reason: "Why") }
    try cases.close(original.id, resolution: "Audit passed", cancelReason: nil, cancel: false)
    #expect(throws: DomainError.invalid("the reason is empty; give a reason")) {
      try cases.reopen(original.id, reason: " ")
    }
    let reopened = try cases.reopen(original.id, reason: "The auditor found a major NC")
    #expect(reopened.status == .active && reopened.resolution == nil && reopened.closedAt == nil)
    let event = try #require(try cases.events(of: original.id).last)
    #expect(
      event
        == CaseEvent(
          id: event.id, caseID: original.id, sequence: 3, at: reopened.updatedAt, actor: "akinyi", kind: .reopened,
          field: "status", oldValue: "resolved", newValue: "active", text: "The auditor found a major NC",
          activityID: nil))
    #expect(
      throws: DomainError.invalid(
        "case \(original.shortID) is active, not closed; only a resolved or cancelled case can be reopened")
    ) { try cases.reopen(original.id, reason: "Again") }
    // Open again: it can be changed and closed again.
    let (updated, events, _) = try cases.update(original.id, changes { $0.priority = .high })
    #expect(updated.priority == .high && events.count == 1)
    let cancelled = try cases.close(original.id, resolution: nil, cancelReason: nil, cancel: true)
    #expect(cancelled.status == .cancelled)
    let reopenedFromCancelled = try cases.reopen(original.id, reason: "Producer came back")
    #expect(reopenedFromCancelled.status == .active)
    #expect(try cases.events(of: original.id).last?.oldValue == "cancelled")
  }

  @Test func closedCaseCannotBeLinkedToAVisit() throws {
    let world = try CaseWorld()
    let original = try world.openCase(.certification, "Audit")
    let store = try world.store()
    try store.cases.close(original.id, resolution: nil, cancelReason: "Dropped", cancel: true)
    let short = original.shortID
    #expect(
      throws: DomainError.invalid(
        "case \(short) is cancelled: a closed case accepts notes but cannot be linked to a visit until it is reopened ('psr case reopen \(short) --reason TEXT')"
      )
    ) {
      _ = try store.activities.log(
        visit {
          $0.producer = "7"
          $0.cases = [short]
        })
    }
    #expect(try world.count("activities") == 0)
    #expect(try world.count("activity_cases") == 0)
    #expect(try store.cases.events(of: original.id).count == 2)
  }
}
