import Foundation
import SQLite
import Testing

@testable import CaseTracker

/// A fresh database with two officers and three producers, for case, visit, insight and search tests.
///
/// Officers: `akinyi` (based in KE, covers KE UG TZ) and `pedro` (based in PE, covers PE CO).
/// Producers: Kabngetuny Coop (KE, FLO ID 7), Cecovasa (PE, FLO ID 8), Nilgiri Tea Estate (IN, FLO ID 9).
final class CaseWorld {
  let test: TestStore
  let kabngetuny: Producer
  let cecovasa: Producer
  let nilgiri: Producer

  init() throws {
    test = try TestStore()
    let officers = test.store.officers
    try officers.add(
      handle: "akinyi", name: "Akinyi Odhiambo", email: "akinyi@example.org", base: "KE", covers: ["KE", "UG", "TZ"])
    try officers.add(
      handle: "pedro", name: "Pedro Quispe", email: "pedro@example.org", base: "PE", covers: ["PE", "CO"])
    let producers = test.store.producers
    kabngetuny = try producers.add(ProducerDraft(name: "Kabngetuny Coop", country: "KE", type: .spo, floID: "7"))
      .producer
    cecovasa = try producers.add(ProducerDraft(name: "Cecovasa", country: "PE", type: .spo, floID: "8")).producer
    nilgiri = try producers.add(ProducerDraft(name: "Nilgiri Tea Estate", country: "IN", type: .hlo, floID: "9"))
      .producer
  }

  /// The database opened on `today`, acting as `actor` named with `actorSource` (nil: the login name).
  func store(today: String = "2026-11-26", actor: String = "akinyi", actorSource: String? = "--as") throws -> Store {
    try Store.open(at: test.path, clock: Clock(today: today), actor: actor, actorSource: actorSource)
  }

  /// Opens a case on `today` (as akinyi unless told) and returns it.
  @discardableResult
  func openCase(
    _ type: CaseType = .certification, _ title: String, producer: String? = "7", country: String? = nil,
    officer: String? = nil, priority: CasePriority = .normal, due: String? = nil, tags: [String] = [],
    today: String = "2026-11-26", actor: String = "akinyi", actorSource: String? = "--as"
  ) throws -> Case {
    try store(today: today, actor: actor, actorSource: actorSource).cases.open(
      CaseDraft(
        type: type, title: title, producer: producer, country: country, officer: officer, priority: priority,
        dueDate: due, tags: tags)
    ).case
  }

  /// How many rows `table` holds.
  func count(_ table: String) throws -> Int {
    try test.store.db.scalar("SELECT count(*) FROM \(table)") ?? -1
  }
}

/// Case changes built in one expression.
func changes(_ build: (inout CaseChanges) -> Void) -> CaseChanges {
  var changes = CaseChanges()
  build(&changes)
  return changes
}

/// A draft of an activity built in one expression.
func visit(
  _ kind: ActivityKind = .fieldVisit, on date: String = "2026-11-20", summary: String = "Visited the coop",
  _ build: (inout ActivityDraft) -> Void = { _ in }
) -> ActivityDraft {
  var draft = ActivityDraft(kind: kind, date: date, summary: summary)
  build(&draft)
  return draft
}
