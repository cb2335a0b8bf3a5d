import Foundation
import SQLite
import Testing

@Suite struct SyncCommandTests {
  @Test func casesAndNotesTravelThroughTheHub() throws {
    let unit = try Unit()
    let opened = try unit.ok(
      unit.akinyi, ["case", "open", "--type", "trade", "--title", "Buyer for the tea", "--producer", "27651"])
    let id = opened.trimmingCharacters(in: .newlines)
    let status = try unit.json(unit.akinyi, ["sync", "status"])
    #expect(status["pending_changes"] as? Int == 1)
    try unit.ok(unit.akinyi, ["sync"])
    try unit.ok(unit.mateo, ["sync"], as: "mateo")
    #expect(try unit.json(unit.mateo, ["case", "show", id])["title"] as? String == "Buyer for the tea")
    try unit.ok(unit.mateo, ["case", "note", id, "Met the buyer in Lima"], as: "mateo")
    try unit.ok(unit.mateo, ["sync"], as: "mateo")
    try unit.ok(unit.akinyi, ["sync"])
    let events = try unit.json(unit.akinyi, ["case", "show", id])["events"] as? [[String: Any]] ?? []
    #expect(events.compactMap { $0["kind"] as? String } == ["opened", "note"])
    #expect(try unit.digest(unit.akinyi) == unit.digest(unit.hub))
    #expect(try unit.digest(unit.mateo) == unit.digest(unit.hub))
    let after = try unit.json(unit.akinyi, ["sync", "status"])
    #expect(after["pending_changes"] as? Int == 0)
    #expect(after["position"] as? Int == after["hub_position"] as? Int)
    // The search index is rebuilt from the applied rows, not synced.
    #expect(try unit.ok(unit.akinyi, ["search", "Lima", "--format", "csv"]).contains("Met the buyer in [Lima]"))
    for database in [unit.hub, unit.akinyi, unit.mateo] { try unit.ok(database, ["check"]) }
    #expect(
      try unit.ok(unit.hub, ["check"]).contains("ok    sync: the unit's hub: 2 change(s) in its log, each readable"))
    // A changeset in the outbox that touches a table psr does not sync is found.
    try unit.ok(unit.akinyi, ["case", "note", id, "pending"])
    let db = try Database(path: unit.akinyi)
    try db.execute("CREATE TABLE scratch (id TEXT PRIMARY KEY, v TEXT)")
    let session = try Session(db, tables: ["scratch"])
    try db.execute("INSERT INTO scratch VALUES ('a', 'b')")
    try db.execute("UPDATE sync_outbox SET changeset = ?", [[UInt8](try session.changeset())])
    let broken = try unit.run(unit.akinyi, ["check"])
    #expect(broken.status == 65)
    #expect(broken.stdout.contains("FAIL  sync: change "))
    #expect(broken.stdout.contains("touches scratch"))
  }

  @Test func concurrentCloseAndPriorityChangeBothSurvive() throws {
    let unit = try Unit()
    let id = try unit.ok(unit.akinyi, ["case", "open", "--type", "trade", "--title", "Shared", "--producer", "27651"])
      .trimmingCharacters(in: .newlines)
    try unit.ok(unit.akinyi, ["sync"])
    try unit.ok(unit.mateo, ["sync"], as: "mateo")
    // Offline, on two laptops: one closes, the other raises the priority.
    try unit.ok(unit.akinyi, ["case", "close", id, "--resolution", "Contract signed"])
    try unit.ok(unit.mateo, ["case", "update", id, "--priority", "urgent"], as: "mateo")
    try unit.ok(unit.akinyi, ["sync"])
    try unit.ok(unit.mateo, ["sync"], as: "mateo")
    try unit.ok(unit.akinyi, ["sync"])
    for database in [unit.hub, unit.akinyi, unit.mateo] {
      let shown = try unit.json(database, ["case", "show", id])
      #expect(shown["status"] as? String == "resolved")
      #expect(shown["priority"] as? String == "urgent")
      let kinds = (shown["events"] as? [[String: Any]] ?? []).compactMap { $0["kind"] as? String }
      #expect(kinds.sorted() == ["changed", "closed", "opened"])
      try unit.ok(database, ["check"])
    }
    #expect(try unit.digest(unit.akinyi) == unit.digest(unit.hub))
    #expect(try unit.digest(unit.mateo) == unit.digest(unit.hub))
  }

  @Test func theSameValueEditedTwiceKeepsTheHubsAndRecordsTheOther() throws {
    let unit = try Unit()
    try unit.ok(unit.akinyi, ["producer", "update", "27651", "--members", "410"])
    try unit.ok(unit.mateo, ["producer", "update", "27651", "--members", "395"], as: "mateo")
    try unit.ok(unit.akinyi, ["sync"])
    let second = try unit.run(unit.mateo, ["sync"], as: "mateo")
    #expect(second.status == 0)
    #expect(second.stderr.contains("1 conflict(s) kept for review"))
    for database in [unit.hub, unit.akinyi, unit.mateo] {
      #expect(try unit.json(database, ["producer", "show", "27651"])["members"] as? Int == 410)
    }
    let status = try unit.json(unit.mateo, ["sync", "status"])
    #expect(status["unresolved_conflicts"] as? Int == 1)
    let db = try Database(path: unit.mateo, mode: .readOnly, journalMode: nil)
    let row = try #require(try db.row("SELECT table_name, columns, mine, theirs FROM sync_conflicts"))
    #expect(try row.decode("table_name") as String == "producers")
    #expect(try row.decode("columns") as String == "[\"members\"]")
    #expect(try row.decode("mine") as String == "[395]")
    #expect(try row.decode("theirs") as String == "[410]")
    #expect(try unit.digest(unit.mateo) == unit.digest(unit.hub))
    // Resolved by keeping mine: a new change that reaches everyone; the conflict stays, resolved.
    let listed = try #require(
      try CaseTrackerCLITests.json(unit.ok(unit.mateo, ["sync", "conflicts", "--format", "json"], as: "mateo"))
        as? [[String: Any]])
    let id = try #require(listed.first?["id"] as? String)
    #expect(try unit.run(unit.mateo, ["sync", "conflicts", "resolve", id, "--keep", "ours"], as: "mateo").status == 64)
    try unit.ok(unit.mateo, ["sync", "conflicts", "resolve", String(id.prefix(8)), "--keep", "mine"], as: "mateo")
    #expect(try unit.run(unit.mateo, ["sync", "conflicts", "resolve", id, "--keep", "mine"], as: "mateo").status == 65)
    try unit.ok(unit.mateo, ["sync"], as: "mateo")
    try unit.ok(unit.akinyi, ["sync"])
    for database in [unit.hub, unit.akinyi, unit.mateo] {
      #expect(try unit.json(database, ["producer", "show", "27651"])["members"] as? Int == 395)
    }
    #expect(try unit.json(unit.mateo, ["sync", "status"])["unresolved_conflicts"] as? Int == 0)
    let all = try unit.ok(unit.mateo, ["sync", "conflicts", "--all", "--format", "csv"], as: "mateo")
    #expect(all.split(separator: "\r\n").count == 2)
    #expect(try unit.digest(unit.akinyi) == unit.digest(unit.hub))
  }

  @Test func anotherUnitsHubAndAnotherSchemaAreRefusedWithNothingChanged() throws {
    let unit = try Unit()
    let other = unit.box.folder.appendingPathComponent("other-hub.sqlite").path
    try unit.ok(other, ["init"])
    try unit.ok(other, ["hub", "init"])
    try unit.ok(unit.akinyi, ["case", "open", "--type", "trade", "--title", "Pending", "--producer", "27651"])
    let before = try unit.digest(unit.akinyi)
    let refused = try unit.run(unit.akinyi, ["sync", "--hub", other])
    #expect(refused.status == 65)
    #expect(refused.stderr.contains("is the hub of another unit"))
    #expect(try unit.digest(unit.akinyi) == before)
    #expect(try unit.json(unit.akinyi, ["sync", "status"])["pending_changes"] as? Int == 1)
    // A hub a migration ahead (as if upgraded first) is refused too, both sides unchanged.
    let hub = try Database(path: unit.hub)
    try hub.execute("INSERT INTO schema_migrations (name, checksum, applied_at) VALUES ('0099_future', 'x', 'now')")
    let hubBefore = try unit.digest(unit.hub)
    let newer = try unit.run(unit.akinyi, ["sync"])
    #expect(newer.status == 65)
    #expect(newer.stderr.contains("upgrade psr on this machine"), "\(newer.stderr)")
    #expect(try unit.digest(unit.akinyi) == before)
    #expect(try unit.digest(unit.hub) == hubBefore)
    // A database of no unit says how to join one.
    let alone = try unit.run(unit.box.db.replacingOccurrences(of: "psr.sqlite", with: "other-hub.sqlite"), ["sync"])
    #expect(alone.status == 65)
    #expect(alone.stderr.contains("this database is the hub"))
  }

  @Test func aChangeThatWouldBreakAForeignKeyIsRefusedWhole() throws {
    let unit = try Unit()
    try unit.ok(
      unit.akinyi, ["producer", "add", "--name", "New Coop", "--country", "KE", "--type", "spo", "--flo-id", "90001"])
    try unit.ok(unit.akinyi, ["case", "open", "--type", "trade", "--title", "For the new coop", "--producer", "90001"])
    // The producer's change is lost on the way: the case refers to a producer the hub does not have.
    let db = try Database(path: unit.akinyi)
    try db.execute("DELETE FROM sync_outbox WHERE n = (SELECT min(n) FROM sync_outbox)")
    let hubBefore = try unit.digest(unit.hub)
    let refused = try unit.run(unit.akinyi, ["sync"])
    #expect(refused.status == 65)
    #expect(
      refused.stderr.contains("was refused by the hub: it refers to a record that is not there; nothing was applied"))
    #expect(try unit.digest(unit.hub) == hubBefore)
    #expect(try unit.json(unit.akinyi, ["sync", "status"])["pending_changes"] as? Int == 1)
  }

  @Test func theSameProducerRegisteredOnTwoLaptopsIsKeptTwiceAndListed() throws {
    let unit = try Unit()
    try unit.ok(
      unit.akinyi, ["producer", "add", "--name", "Nandi Tea", "--country", "KE", "--type", "spo", "--flo-id", "90001"])
    try unit.ok(
      unit.mateo,
      ["producer", "add", "--name", "Nandi Tea Growers", "--country", "KE", "--type", "spo", "--flo-id", "90001"],
      as: "mateo")
    try unit.ok(unit.akinyi, ["sync"])
    try unit.ok(unit.mateo, ["sync"], as: "mateo")
    try unit.ok(unit.akinyi, ["sync"])
    for database in [unit.hub, unit.akinyi, unit.mateo] {
      let db = try Database(path: database, mode: .readOnly, journalMode: nil)
      #expect(try db.scalar("SELECT count(*) FROM producers WHERE flo_id = '90001'", as: Int.self) == 2)
      #expect(try db.scalar("SELECT count(*) FROM sync_conflicts WHERE kind = 'duplicate'", as: Int.self) == 1)
      // The FLO ID names both now: commands ask for an id prefix rather than pick one.
      let ambiguous = try unit.run(database, ["producer", "show", "90001"])
      #expect(ambiguous.status == 65)
      #expect(ambiguous.stderr.contains("matches 2 producers"))
      try unit.ok(database, ["check"])
    }
    #expect(try unit.digest(unit.akinyi) == unit.digest(unit.hub))
    #expect(try unit.digest(unit.mateo) == unit.digest(unit.hub))
    // A FLO ID taken here is still refused by psr's own commands.
    let taken = try unit.run(
      unit.akinyi, ["producer", "add", "--name", "Third", "--country", "KE", "--type", "spo", "--flo-id", "90001"])
    #expect(taken.status == 65)
  }

  @Test func twoLaptopsAddingToOneCaseKeepEveryEventInTimeOrder() throws {
    let unit = try Unit()
    let id = try unit.ok(
      unit.akinyi, ["case", "open", "--type", "trade", "--title", "Busy case", "--producer", "27651"]
    )
    .trimmingCharacters(in: .newlines)
    try unit.ok(unit.akinyi, ["sync"])
    try unit.ok(unit.mateo, ["sync"], as: "mateo")
    for n in 1...3 {
      try unit.ok(unit.akinyi, ["case", "note", id, "akinyi \(n)"])
      try unit.ok(unit.mateo, ["case", "note", id, "mateo \(n)"], as: "mateo")
    }
    try unit.ok(unit.akinyi, ["sync"])
    try unit.ok(unit.mateo, ["sync"], as: "mateo")
    try unit.ok(unit.akinyi, ["sync"])
    let texts = { (database: String) throws -> [String] in
      (try unit.json(database, ["case", "show", id])["events"] as? [[String: Any]] ?? []).compactMap {
        $0["text"] as? String
      }
    }
    let order = try texts(unit.hub)
    #expect(order.filter { $0.hasPrefix("akinyi") || $0.hasPrefix("mateo") }.count == 6)
    #expect(try texts(unit.akinyi) == order && texts(unit.mateo) == order)
    for database in [unit.hub, unit.akinyi, unit.mateo] { try unit.ok(database, ["check"]) }
  }
}
