import Foundation
import SQLite
import Testing

@testable import CaseTracker

@Suite struct StateMachineTests {
  /// Every (from, to) pair: allowed ones move and are recorded; every other is refused with the allowed
  /// ones listed, and nothing is written.
  @Test(arguments: CertificationStatus.allCases)
  func everyTransitionFrom(_ from: CertificationStatus) throws {
    let world = try CaseWorld()
    let store = try world.store()
    for to in CertificationStatus.allCases {
      let producer = try store.producers.add(
        ProducerDraft(name: "\(from.rawValue) to \(to.rawValue)", country: "KE", type: .spo, status: from),
        id: Identifier.make()
      ).producer
      let before = try store.certification.history(of: producer.id)
      if from.canMove(to: to) {
        let (change, _) = try store.certification.changeStatus(producer.id, to: to, on: "2026-11-26", note: nil)
        #expect(change.from == from && change.to == to && change.sequence == 2)
        #expect(try store.producers.require(id: producer.id).status == to)
      } else {
        let allowed = from.allowedNext.map(\.rawValue).joined(separator: ", ")
        let expected =
          allowed.isEmpty
          ? "\(from.rawValue) is final: no change is allowed"
          : "from \(from.rawValue) it can move to \(allowed)"
        expectDomainError(.invalid, "cannot move from \(from.rawValue) to \(to.rawValue)", expected) {
          _ = try store.certification.changeStatus(producer.id, to: to, on: "2026-11-26", note: nil)
        }
        #expect(try store.certification.history(of: producer.id) == before)
        #expect(try store.producers.require(id: producer.id).status == from)
      }
    }
  }

  @Test func theMachineIsDesignMD() {
    let allowed = Dictionary(uniqueKeysWithValues: CertificationStatus.allCases.map { ($0, $0.allowedNext) })
    #expect(allowed[.prospect] == [.applicant, .withdrawn])
    #expect(allowed[.applicant] == [.permitted, .withdrawn])
    #expect(allowed[.permitted] == [.certified, .withdrawn])
    #expect(allowed[.certified] == [.certified, .suspended, .withdrawn])
    #expect(allowed[.suspended] == [.certified, .decertified, .withdrawn])
    #expect(allowed[.decertified] == [.withdrawn])
    #expect(allowed[.withdrawn] == [])
  }

  @Test func historyIsAppendOnlyInTheDatabase() throws {
    let world = try CaseWorld()
    let store = try world.store()
    for sql in ["UPDATE producer_status_changes SET note = 'x'", "DELETE FROM producer_status_changes"] {
      let error = #expect(throws: SQLiteError.self) { try store.db.execute(sql) }
      #expect(error?.code == .constraintTrigger)
    }
  }
}

@Suite struct ReadinessRulesTests {
  func facts(
    _ status: CertificationStatus, since: String? = "2024-06-01", certified: String? = nil, ncs: [NonConformity] = [],
    activity: String? = "2026-11-01", registered: String? = nil
  ) -> ReadinessFacts {
    ReadinessFacts(
      producerID: "p", producerName: "P", country: "KE", floID: nil, status: status, statusSince: since,
      cycleStart: certified ?? (status == .certified ? since : nil), openNCs: ncs, lastActivity: activity,
      registeredOn: registered)
  }

  func nc(_ type: CriterionType, deadline: String) -> NonConformity {
    NonConformity(
      id: "abcdef12-0000-4000-8000-000000000000", producerID: "p", producerName: "P", auditID: nil,
      criterion: "SPO 1", criterionType: type, description: "d", measure: nil, deadline: deadline, status: .open,
      correctedOn: nil, evidence: nil, createdAt: "", createdBy: "", isOverdue: false)
  }

  func codes(_ facts: ReadinessFacts) -> (Readiness, [String]) {
    let result = ReadinessRules.assess(facts, today: "2026-11-26")
    return (result.readiness, result.reasons.map(\.code))
  }

  @Test func boundaries() {
    #expect(codes(facts(.certified)) == (.ready, []))
    #expect(codes(facts(.certified, ncs: [nc(.core, deadline: "2026-12-26")])) == (.atRisk, ["nc-deadline-near"]))
    #expect(codes(facts(.certified, ncs: [nc(.core, deadline: "2026-12-27")])) == (.ready, []))
    #expect(codes(facts(.certified, ncs: [nc(.core, deadline: "2026-11-26")])) == (.atRisk, ["nc-deadline-near"]))
    #expect(codes(facts(.certified, ncs: [nc(.core, deadline: "2026-11-25")])) == (.notReady, ["nc-overdue"]))
    #expect(codes(facts(.certified, ncs: [nc(.major, deadline: "2027-06-01")])) == (.notReady, ["major-nc"]))
    let renewal90 = facts(.certified, since: "2024-02-24", ncs: [nc(.voluntary, deadline: "2027-06-01")])
    #expect(codes(renewal90) == (.atRisk, ["renewal-due-with-open-nc"]))
    #expect(codes(facts(.certified, since: "2024-02-24")) == (.ready, []))
    let renewal91 = facts(.certified, since: "2024-02-25", ncs: [nc(.voluntary, deadline: "2027-06-01")])
    #expect(codes(renewal91) == (.ready, []))
    #expect(codes(facts(.suspended, since: "2026-07-25")) == (.atRisk, ["suspended"]))
    #expect(codes(facts(.suspended, since: "2026-07-24")) == (.notReady, ["suspension-ending"]))
    #expect(codes(facts(.suspended, since: "2026-05-25")) == (.notReady, ["suspension-expired"]))
    #expect(codes(facts(.certified, since: "2023-11-26")) == (.ready, []))
    #expect(codes(facts(.certified, since: "2023-11-25")) == (.notReady, ["renewal-overdue"]))
    let overdueWithNC = facts(.certified, since: "2023-11-25", ncs: [nc(.voluntary, deadline: "2027-06-01")])
    #expect(codes(overdueWithNC) == (.notReady, ["renewal-overdue"]))
    #expect(codes(facts(.decertified)) == (.notReady, ["decertified"]))
    #expect(codes(facts(.applicant, activity: "2025-11-26")) == (.ready, []))
    #expect(codes(facts(.applicant, activity: "2025-11-25")) == (.atRisk, ["no-recent-activity"]))
    #expect(codes(facts(.permitted, activity: nil)) == (.atRisk, ["no-recent-activity"]))
    #expect(
      codes(facts(.suspended, since: "2026-10-01", activity: nil)) == (.atRisk, ["suspended", "no-recent-activity"]))
    #expect(codes(facts(.applicant, activity: nil, registered: "2025-11-26")) == (.ready, []))
    #expect(codes(facts(.applicant, activity: nil, registered: "2025-11-25")) == (.atRisk, ["no-recent-activity"]))
    #expect(codes(facts(.applicant, activity: "2020-01-01", registered: "2026-01-01")) == (.ready, []))
    #expect(codes(facts(.prospect, activity: nil)) == (.ready, []))
    let several = facts(.certified, ncs: [nc(.major, deadline: "2026-12-01")], activity: nil)
    #expect(codes(several) == (.notReady, ["major-nc", "no-recent-activity"]))
  }

  @Test func datesAreReported() {
    let suspended = ReadinessRules.assess(
      facts(.suspended, since: "2026-08-31", certified: "2025-03-01"), today: "2026-11-26")
    #expect(suspended.suspensionLiftBy == "2027-02-28")
    #expect(suspended.renewalDue == "2028-03-01")
    let leap = ReadinessRules.assess(facts(.certified, since: "2024-02-29"), today: "2026-11-26")
    #expect(leap.renewalDue == "2027-02-28")
  }
}

/// The latest activity a readiness assessment sees: kept by the database as activities are logged, and
/// looked up in full when it lies after the day assessed.
@Suite struct LastActivityTests {
  @Test func anAssessmentOnAPastDaySeesTheLatestActivityUpToThatDay() throws {
    let world = try CaseWorld()
    let store = try world.store()
    var draft = ProducerDraft(name: "Meru Tea Farmers", country: "KE", type: .spo, floID: "70")
    draft.status = .applicant
    draft.statusSince = "2025-12-01"
    _ = try store.producers.add(draft)
    _ = try store.activities.log(visit(on: "2026-01-10") { $0.producer = "70" })
    _ = try store.activities.log(visit(on: "2026-06-01") { $0.producer = "70" })
    _ = try store.activities.log(visit(on: "2026-03-05") { $0.producer = "70" })
    #expect(try store.db.scalar("SELECT date FROM producer_last_activity") == "2026-06-01")
    let now = try store.readiness.list()
    #expect(now.map(\.lastActivity) == ["2026-06-01"])
    let then = try store.readiness.list(on: "2026-04-01")
    #expect(then.map(\.lastActivity) == ["2026-03-05"])
    let before = try store.readiness.list(on: "2026-01-01")
    #expect(before.map(\.lastActivity) == [nil])
  }
}
