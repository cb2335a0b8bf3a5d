import Foundation
import SQLite
import Testing

/// `psr sync attach`: a database an officer kept on their own joins the unit.
@Suite struct SyncAttachTests {
  @Test func anOfficersOwnDatabaseJoinsWithItsRecordsAndTheSharedDataMatched() throws {
    let unit = try Unit()
    let solo = unit.box.folder.appendingPathComponent("solo.sqlite").path
    try unit.ok(solo, ["init"])
    // The same officer with another e-mail, an officer the hub does not have, the hub's producer 27651
    // registered here too (another id), and a producer of its own.
    try unit.ok(
      solo,
      [
        "officer", "add", "akinyi", "--name", "Akinyi Odhiambo", "--email", "akinyi@home.example", "--base", "KE",
        "--covers", "KE,UG,ET",
      ])
    try unit.ok(solo, ["officer", "add", "wanjiru", "--name", "Wanjiru K", "--email", "w@example.org", "--base", "KE"])
    try unit.ok(
      solo, ["producer", "add", "--name", "Kericho Tea", "--country", "KE", "--type", "spo", "--flo-id", "27651"])
    try unit.ok(
      solo, ["producer", "add", "--name", "Solo Coop", "--country", "KE", "--type", "spo", "--flo-id", "90009"])
    let shared = try unit.ok(solo, ["case", "open", "--type", "trade", "--title", "Kept alone", "--producer", "27651"])
      .trimmingCharacters(in: .newlines)
    try unit.ok(solo, ["case", "note", shared, "Written before the unit had a hub"])
    try unit.ok(solo, ["case", "open", "--type", "business", "--title", "Solo plan", "--producer", "90009"])
    let before = try Database(path: solo, mode: .readOnly, journalMode: nil).scalar("SELECT count(*) FROM cases") ?? 0
    let hubProducers =
      try Database(path: unit.hub, mode: .readOnly, journalMode: nil).scalar("SELECT count(*) FROM producers") ?? 0

    let attached = try unit.run(solo, ["sync", "attach", unit.hub])
    #expect(attached.status == 0, "\(attached.stderr)")
    #expect(attached.stderr.contains("1 producer(s) matched to the hub's by FLO ID"))
    #expect(attached.stderr.contains("synced: 1 change(s) sent"))
    let hub = try Database(path: unit.hub, mode: .readOnly, journalMode: nil)
    // Matched, not copied twice: the case now points at the hub's producer 27651.
    #expect(try hub.scalar("SELECT count(*) FROM producers WHERE flo_id = '27651'", as: Int.self) == 1)
    #expect(try hub.scalar("SELECT count(*) FROM producers", as: Int.self) == hubProducers + 1)
    #expect(
      try hub.scalar(
        "SELECT p.flo_id FROM cases c JOIN producers p ON p.id = c.producer_id WHERE c.id LIKE ? || '%'", [shared],
        as: String.self)
        == "27651")
    #expect(try hub.scalar("SELECT count(*) FROM officers WHERE handle = 'wanjiru'", as: Int.self) == 1)
    #expect(try hub.scalar("SELECT email FROM officers WHERE handle = 'akinyi'", as: String.self) == "a@example.org")
    let events = try unit.json(unit.hub, ["case", "show", shared])["events"] as? [[String: Any]] ?? []
    #expect(events.compactMap { $0["kind"] as? String } == ["opened", "note"])
    // The local e-mail, which the hub's replaced, is listed for review.
    let conflicts = try #require(
      try CaseTrackerCLITests.json(unit.ok(solo, ["sync", "conflicts", "--format", "json"])) as? [[String: Any]])
    #expect(conflicts.contains { ($0["mine"] as? String)?.contains("akinyi@home.example") == true })
    // The hub's records are here too, and everyone converges.
    #expect(try unit.digest(solo) == unit.digest(unit.hub))
    try unit.ok(unit.mateo, ["sync"], as: "mateo")
    #expect(try unit.digest(unit.mateo) == unit.digest(unit.hub))
    #expect(try unit.json(unit.mateo, ["case", "show", shared])["title"] as? String == "Kept alone")
    for database in [unit.hub, solo, unit.mateo] { try unit.ok(database, ["check"]) }
    // The database as it was is kept beside it; the folder holds nothing else of the attach.
    let kept = try Database(path: solo + ".before-attach", mode: .readOnly, journalMode: nil)
    #expect(try kept.scalar("SELECT count(*) FROM cases", as: Int.self) == before)
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: unit.box.folder.path).filter {
      $0.contains("psr-attach")
    }
    #expect(leftovers.isEmpty)

    // Once in a unit, it cannot attach again; a hub cannot attach either.
    let again = try unit.run(solo, ["sync", "attach", unit.hub])
    #expect(again.status == 65)
    #expect(again.stderr.contains("already belongs to unit"))
    #expect(try unit.run(unit.hub, ["sync", "attach", unit.hub]).stderr.contains("is the hub of unit"))
  }
}
