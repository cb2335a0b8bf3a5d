import Foundation
import SQLite
import Testing

@testable import CaseTracker

@Suite struct ActivityLogTests {
  @Test func logsANormalizedActivity() throws {
    let world = try CaseWorld()
    let store = try world.store()
    let (activity, warnings) = try store.activities.log(
      visit(.fieldVisit, on: "2026-11-20", summary: "  Checked the drying beds \n") {
        $0.producer = "7"
        $0.country = "ke"
        $0.hours = 3.5
        $0.women = 12
        $0.men = 9
        $0.other = 1
        $0.topics = ["Soil, COMPOST", "soil", " drying-beds "]
      })
    #expect(warnings == [])
    #expect(Identifier.isUUID(activity.id))
    #expect(activity.createdAt.hasPrefix("2026-11-26T"))
    #expect(
      activity
        == Activity(
          id: activity.id, date: "2026-11-20", officer: "akinyi", kind: .fieldVisit,
          producerID: world.kabngetuny.id, producerName: "Kabngetuny Coop", country: "KE", hours: 3.5, women: 12,
          men: 9, other: 1, topics: ["compost", "drying-beds", "soil"], summary: "Checked the drying beds",
          caseIDs: [], createdAt: activity.createdAt, createdBy: "akinyi"))
    #expect(activity.participants == 22)
    #expect(try store.activities.resolve(activity.shortID) == activity)
    // Today is not the future.
    let today = try store.activities.log(visit(on: "2026-11-26") { $0.producer = "7" }).activity
    #expect(today.date == "2026-11-26" && today.hours == nil && today.topics == [] && today.participants == 0)
  }

  @Test func producerRequiredForVisitsRemoteAndTraining() throws {
    let world = try CaseWorld()
    let activities = try world.store().activities
    for kind in [ActivityKind.fieldVisit, .remote, .training] {
      #expect(
        throws: DomainError.invalid("a \(kind.rawValue) is with a producer; give --producer (FLO ID or id prefix)")
      ) { try activities.log(visit(kind) { $0.country = "KE" }) }
    }
    for kind in [ActivityKind.workshop, .meeting, .event] {
      let logged = try activities.log(visit(kind, summary: "Regional \(kind.rawValue)") { $0.country = "ug" })
      #expect(logged.activity.country == "UG" && logged.activity.producerID == nil && logged.activity.kind == kind)
    }
    #expect(
      throws: DomainError.invalid("give --country (or --producer): where did the meeting take place?")
    ) { try activities.log(visit(.meeting)) }
    #expect(
      throws: DomainError.invalid("Kabngetuny Coop is in KE, not PE; leave out --country")
    ) {
      try activities.log(
        visit {
          $0.producer = "7"
          $0.country = "pe"
        })
    }
    // A workshop may still name a producer, whose country it takes.
    let withProducer = try activities.log(visit(.workshop) { $0.producer = "8" }).activity
    #expect(withProducer.country == "PE" && withProducer.producerName == "Cecovasa")
    #expect(try world.count("activities") == 4)
  }

  @Test func refusesBadValues() throws {
    let world = try CaseWorld()
    let activities = try world.store().activities
    #expect(
      throws: DomainError.invalid(
        "'2026-11-27' is not a plausible visit date: it is in the future; give a date from 2000-01-01 to 2026-11-26, and log activities after they happen"
      )
    ) { try activities.log(visit(on: "2026-11-27") { $0.producer = "7" }) }
    #expect(
      throws: DomainError.invalid(
        "'2026-11-31' is not a valid visit date: November 2026 has 30 days")
    ) { try activities.log(visit(on: "2026-11-31") { $0.producer = "7" }) }
    for (hours, shown) in [(0.0, "0.0"), (201.0, "201.0"), (-1.0, "-1.0"), (200.5, "200.5")] {
      #expect(throws: DomainError.invalid("--hours must be more than 0 and at most 200, not \(shown)")) {
        try activities.log(
          visit {
            $0.producer = "7"
            $0.hours = hours
          })
      }
    }
    #expect(throws: DomainError.invalid("--women must be from 0 to 100000, not -1")) {
      try activities.log(
        visit {
          $0.producer = "7"
          $0.women = -1
        })
    }
    #expect(throws: DomainError.invalid("--men must be from 0 to 100000, not -2")) {
      try activities.log(
        visit {
          $0.producer = "7"
          $0.men = -2
        })
    }
    #expect(throws: DomainError.invalid("--other must be from 0 to 100000, not -3")) {
      try activities.log(
        visit {
          $0.producer = "7"
          $0.other = -3
        })
    }
    #expect(throws: DomainError.invalid("the summary is empty; give a summary")) {
      try activities.log(visit(summary: " \n ") { $0.producer = "7" })
    }
    #expect(throws: DomainError.invalid("unknown officer 'nobody'; see 'psr officer list'")) {
      try activities.log(
        visit {
          $0.producer = "7"
          $0.officer = "nobody"
        })
    }
    expectDomainError(.invalid, "'soil health'") {
      _ = try activities.log(
        visit {
          $0.producer = "7"
          $0.topics = ["soil health"]
        })
    }
    expectDomainError(.notFound, "no case has an id starting with 'ffffff'") {
      _ = try activities.log(
        visit {
          $0.producer = "7"
          $0.cases = ["ffffff"]
        })
    }
    #expect(try world.count("activities") == 0)
    #expect(try world.count("activity_topics") == 0)
    // The edges are accepted.
    let edge = try activities.log(
      visit {
        $0.producer = "7"
        $0.hours = 200
        $0.women = 0
      }
    ).activity
    #expect(edge.hours == 200)
  }

  @Test func linkedCasesEachGetAVisitEvent() throws {
    let world = try CaseWorld()
    let audit = try world.openCase(.certification, "Audit")
    let ministry = try world.openCase(.liaison, "Ministry", producer: nil, country: "KE")
    let buyers = try world.openCase(.trade, "Buyers", producer: "8")
    let store = try world.store()
    let (activity, warnings) = try store.activities.log(
      visit {
        $0.producer = "7"
        $0.cases = [audit.shortID, ministry.id, audit.id.uppercased(), buyers.shortID]
      })
    #expect(activity.caseIDs == [audit.id, ministry.id, buyers.id].sorted())
    #expect(warnings == ["case \(buyers.shortID) is about Cecovasa, not Kabngetuny Coop"])
    for linked in [audit, ministry, buyers] {
      let events = try store.cases.events(of: linked.id)
      let event = try #require(events.last)
      #expect(events.count == 2)
      #expect(
        event
          == CaseEvent(
            id: event.id, caseID: linked.id, sequence: 2, at: activity.createdAt, actor: "akinyi", kind: .visit,
            field: nil, oldValue: nil, newValue: nil, text: "field-visit on 2026-11-20", activityID: activity.id))
      #expect(try store.cases.require(id: linked.id).updatedAt == activity.createdAt)
    }
    #expect(try world.count("activity_cases") == 3)
  }
}

@Suite struct ActivityListTests {
  @Test func filtersNewestFirst() throws {
    let world = try CaseWorld()
    let akinyi = try world.store().activities
    let pedro = try world.store(actor: "pedro").activities
    let a1 = try akinyi.log(visit(.fieldVisit, on: "2026-11-01") { $0.producer = "7" }).activity
    let a2 = try akinyi.log(visit(.workshop, on: "2026-11-10") { $0.country = "UG" }).activity
    let a3 = try pedro.log(visit(.remote, on: "2026-11-15") { $0.producer = "8" }).activity
    let a4 = try pedro.log(visit(.training, on: "2026-11-20") { $0.producer = "9" }).activity
    #expect(a3.officer == "pedro" && a4.officer == "pedro")
    let ids = [a1.id, a2.id, a3.id, a4.id]
    func list(_ build: (inout ActivityFilter) -> Void = { _ in }) throws -> [Int] {
      var filter = ActivityFilter()
      build(&filter)
      return try akinyi.list(filter).map { (ids.firstIndex(of: $0.id) ?? 98) + 1 }
    }
    #expect(try list() == [4, 3, 2, 1])
    #expect(try akinyi.list(ActivityFilter()).first == a4)
    #expect(try list { $0.region = "AME" } == [2, 1])
    #expect(try list { $0.region = "asp-sas" } == [4])
    #expect(try list { $0.region = "LAC" } == [3])
    #expect(try list { $0.country = "ug" } == [2])
    #expect(try list { $0.officer = "pedro" } == [4, 3])
    #expect(try list { $0.producer = "7" } == [1])
    #expect(try list { $0.producer = world.cecovasa.shortID } == [3])
    #expect(try list { $0.kind = .workshop } == [2])
    #expect(try list { $0.kind = .event } == [])
    #expect(
      try list {
        $0.from = "2026-11-10"
        $0.to = "2026-11-15"
      } == [3, 2])
    #expect(try list { $0.from = "2026-11-20" } == [4])
    #expect(try list { $0.to = "2026-11-01" } == [1])
    #expect(
      try list {
        $0.region = "AME"
        $0.officer = "akinyi"
        $0.from = "2026-11-02"
      } == [2])
    #expect(throws: DomainError.invalid("unknown region 'XX'; see 'psr region list'")) {
      _ = try list { $0.region = "XX" }
    }
    expectDomainError(.invalid, "is not a valid --from date") { _ = try list { $0.from = "yesterday" } }
  }
}
