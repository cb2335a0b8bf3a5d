import Foundation
import SQLite
import Testing

/// Bundles carried by hand between an officer's laptop and the hub (DESIGN.md "Sync").
@Suite struct SyncBundleTests {
  private func file(_ unit: Unit, _ name: String) -> String {
    unit.box.folder.appendingPathComponent(name).path
  }

  private func logCount(_ database: String) throws -> Int {
    try Database(path: database, mode: .readOnly, journalMode: nil).scalar("SELECT count(*) FROM sync_log") ?? 0
  }

  @Test func aBundleCarriesChangesBothWaysAndTheHubsValueWins() throws {
    let unit = try Unit()
    // Offline for weeks: akinyi renames the producer and changes its members count; mateo, online, changes
    // the members count too and syncs first.
    try unit.ok(unit.akinyi, ["producer", "update", "27651", "--members", "410", "--name", "Kericho Tea Growers"])
    let opened = try unit.ok(
      unit.akinyi, ["case", "open", "--type", "trade", "--title", "Buyer for the tea", "--producer", "27651"])
    let id = opened.trimmingCharacters(in: .newlines)
    let bundle = file(unit, "akinyi-1.psrbundle")
    let exported = try unit.run(unit.akinyi, ["sync", "export", bundle])
    #expect(exported.status == 0)
    #expect(exported.stderr.contains("wrote bundle 1 to"))
    #expect(exported.stderr.contains("2 change(s)"))
    try unit.ok(unit.mateo, ["producer", "update", "27651", "--members", "395"], as: "mateo")
    try unit.ok(unit.mateo, ["sync"], as: "mateo")

    let imported = try unit.run(unit.hub, ["hub", "import", bundle])
    #expect(imported.status == 0, "\(imported.stderr)")
    #expect(imported.stderr.contains("bundle 1 of akinyi: 2 change(s) applied, 1 value(s) kept the hub's"))
    let hubProducer = try unit.json(unit.hub, ["producer", "show", "27651"])
    #expect(hubProducer["members"] as? Int == 395)
    #expect(hubProducer["name"] as? String == "Kericho Tea Growers")
    #expect(try unit.json(unit.hub, ["case", "show", id])["title"] as? String == "Buyer for the tea")

    // The hub's changes go back by hand too; akinyi's laptop then holds what the hub holds, and keeps her
    // overridden value for review.
    let back = file(unit, "for-akinyi.psrbundle")
    try unit.ok(unit.hub, ["hub", "export", "--for", "akinyi", back])
    let applied = try unit.run(unit.akinyi, ["sync", "import", back])
    #expect(applied.status == 0, "\(applied.stderr)")
    #expect(applied.stderr.contains("1 conflict(s) kept for review"))
    #expect(try unit.json(unit.akinyi, ["producer", "show", "27651"])["members"] as? Int == 395)
    let conflicts = try #require(
      try CaseTrackerCLITests.json(unit.ok(unit.akinyi, ["sync", "conflicts", "--format", "json"])) as? [[String: Any]])
    #expect(conflicts.count == 1)
    #expect(conflicts.first?["mine"] as? String == "[410]")
    #expect(conflicts.first?["theirs"] as? String == "[395]")
    let status = try unit.json(unit.akinyi, ["sync", "status"])
    #expect(status["pending_changes"] as? Int == 0)
    try unit.ok(unit.mateo, ["sync"], as: "mateo")
    #expect(try unit.digest(unit.akinyi) == unit.digest(unit.hub))
    #expect(try unit.digest(unit.mateo) == unit.digest(unit.hub))
    for database in [unit.hub, unit.akinyi, unit.mateo] { try unit.ok(database, ["check"]) }
    // Importing the hub's bundle again applies nothing; so does a sync with the hub after it.
    #expect(try unit.run(unit.akinyi, ["sync", "import", back]).stderr.contains("0 change(s) received"))
    try unit.ok(unit.akinyi, ["sync"])
    #expect(try unit.digest(unit.akinyi) == unit.digest(unit.hub))
  }

  @Test func aBundleImportedTwiceIsAppliedOnce() throws {
    let unit = try Unit()
    try unit.ok(unit.akinyi, ["case", "open", "--type", "trade", "--title", "Once only", "--producer", "27651"])
    let bundle = file(unit, "akinyi-1.psrbundle")
    try unit.ok(unit.akinyi, ["sync", "export", bundle])
    try unit.ok(unit.hub, ["hub", "import", bundle])
    let after = try unit.digest(unit.hub)
    let log = try logCount(unit.hub)
    let again = try unit.run(unit.hub, ["hub", "import", bundle, bundle])
    #expect(again.status == 0)
    #expect(again.stderr.contains("0 change(s) applied, 1 already here"))
    #expect(try unit.digest(unit.hub) == after)
    #expect(try logCount(unit.hub) == log)
    // The officer's own sync after the bundle finds the change accepted: nothing sent twice.
    let synced = try unit.run(unit.akinyi, ["sync"])
    #expect(synced.stderr.contains("synced: 0 change(s) sent"))
    #expect(try logCount(unit.hub) == log)
    #expect(try unit.digest(unit.akinyi) == unit.digest(unit.hub))
    // Nothing new to export is said, and nothing written.
    let empty = try unit.run(unit.akinyi, ["sync", "export", file(unit, "akinyi-2.psrbundle")])
    #expect(empty.status == 65)
    #expect(empty.stderr.contains("no pending changes"))
    #expect(!FileManager.default.fileExists(atPath: file(unit, "akinyi-2.psrbundle")))
  }

  @Test func bundlesAreAppliedInTheirOrderAndAMissingOneIsNamed() throws {
    let unit = try Unit()
    try unit.ok(
      unit.akinyi, ["producer", "add", "--name", "New Coop", "--country", "KE", "--type", "spo", "--flo-id", "90001"])
    let first = file(unit, "b1.psrbundle")
    let second = file(unit, "b2.psrbundle")
    try unit.ok(unit.akinyi, ["sync", "export", first])
    try unit.ok(unit.akinyi, ["case", "open", "--type", "trade", "--title", "For the new coop", "--producer", "90001"])
    let exported = try unit.run(unit.akinyi, ["sync", "export", second])
    #expect(exported.stderr.contains("the hub imports it after bundle 1"))
    let before = try unit.digest(unit.hub)
    let refused = try unit.run(unit.hub, ["hub", "import", second])
    #expect(refused.status == 65)
    #expect(refused.stderr.contains("bundle 1 of akinyi"))
    #expect(refused.stderr.contains("nothing was applied"))
    #expect(try unit.digest(unit.hub) == before)
    // Given together, in any order, they are applied in theirs.
    let both = try unit.run(unit.hub, ["hub", "import", second, first])
    #expect(both.status == 0, "\(both.stderr)")
    #expect(try unit.json(unit.hub, ["producer", "show", "90001"])["name"] as? String == "New Coop")
    try unit.ok(unit.akinyi, ["sync"])
    #expect(try unit.digest(unit.akinyi) == unit.digest(unit.hub))
    try unit.ok(unit.hub, ["check"])
  }

  @Test func aLostBundleIsWrittenAgainWithAll() throws {
    let unit = try Unit()
    try unit.ok(unit.akinyi, ["case", "open", "--type", "trade", "--title", "First", "--producer", "27651"])
    try unit.ok(unit.akinyi, ["sync", "export", file(unit, "lost.psrbundle")])
    try unit.ok(unit.akinyi, ["case", "open", "--type", "trade", "--title", "Second", "--producer", "27651"])
    let again = try unit.run(unit.akinyi, ["sync", "export", "--all", file(unit, "all.psrbundle")])
    #expect(again.stderr.contains("wrote bundle 2"))
    #expect(again.stderr.contains("2 change(s)"))
    #expect(!again.stderr.contains("after bundle"))
    try unit.ok(unit.hub, ["hub", "import", file(unit, "all.psrbundle")])
    // The lost one turns up after all: it holds nothing new.
    #expect(try unit.run(unit.hub, ["hub", "import", file(unit, "lost.psrbundle")]).stderr.contains("1 already here"))
    try unit.ok(unit.akinyi, ["sync"])
    #expect(try unit.digest(unit.akinyi) == unit.digest(unit.hub))
  }

  @Test func aBundleFromAnotherUnitOrDamagedIsRefusedWithNothingChanged() throws {
    let unit = try Unit()
    // Another unit: a second hub made from the same field office, and a laptop of it.
    let otherHub = file(unit, "other-hub.sqlite")
    let stranger = file(unit, "stranger.sqlite")
    try Database(path: unit.hub).backup(to: otherHub)
    try Database(path: otherHub).execute("UPDATE sync_state SET unit_id = '00000000-0000-4000-8000-000000000000'")
    try unit.ok(stranger, ["sync", "clone", otherHub])
    try unit.ok(stranger, ["case", "open", "--type", "trade", "--title", "Elsewhere", "--producer", "27651"])
    let foreign = file(unit, "foreign.psrbundle")
    try unit.ok(stranger, ["sync", "export", foreign])
    let before = try unit.digest(unit.hub)
    let refused = try unit.run(unit.hub, ["hub", "import", foreign])
    #expect(refused.status == 65)
    #expect(refused.stderr.contains("comes from another unit"))
    #expect(try unit.digest(unit.hub) == before)

    // Cut short, or one byte changed on the way: refused before anything is read into the hub.
    try unit.ok(unit.akinyi, ["case", "open", "--type", "trade", "--title", "Carried", "--producer", "27651"])
    let good = file(unit, "good.psrbundle")
    try unit.ok(unit.akinyi, ["sync", "export", good])
    let bytes = try Data(contentsOf: URL(fileURLWithPath: good))
    let cut = file(unit, "cut.psrbundle")
    try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: cut))
    var flipped = bytes
    let changeset = try #require(flipped.range(of: Data("Carried".utf8)))
    flipped[changeset.lowerBound] ^= 0x20
    let changed = file(unit, "changed.psrbundle")
    try flipped.write(to: URL(fileURLWithPath: changed))
    let text = file(unit, "notes.txt")
    try Data("not a bundle\n".utf8).write(to: URL(fileURLWithPath: text))
    for bad in [cut, changed, text] {
      let result = try unit.run(unit.hub, ["hub", "import", good, bad])
      #expect(result.status == 65, "\(bad)")
      #expect(result.stderr.contains("is not a psr bundle, or it was damaged"), "\(bad): \(result.stderr)")
      #expect(try unit.digest(unit.hub) == before)
    }
    let missing = try unit.run(unit.hub, ["hub", "import", file(unit, "nowhere.psrbundle")])
    #expect(missing.status == 66)
    // Each side refuses the other's kind of bundle.
    #expect(try unit.run(unit.akinyi, ["sync", "import", good]).stderr.contains("psr hub import"))
    let back = file(unit, "back.psrbundle")
    try unit.ok(unit.hub, ["hub", "export", "--for", "akinyi", back])
    #expect(try unit.run(unit.hub, ["hub", "import", back]).stderr.contains("psr sync import"))
    #expect(try unit.run(unit.akinyi, ["sync", "export", good]).stderr.contains("exists already"))
    #expect(try unit.digest(unit.hub) == before)
  }

  @Test func aBundleAtAnotherSchemaVersionOrWithAGapIsRefused() throws {
    let unit = try Unit()
    try unit.ok(
      unit.mateo, ["case", "open", "--type", "trade", "--title", "From mateo", "--producer", "27651"], as: "mateo")
    try unit.ok(unit.mateo, ["sync"], as: "mateo")
    try unit.ok(
      unit.mateo, ["case", "open", "--type", "trade", "--title", "Again", "--producer", "27651"], as: "mateo")
    try unit.ok(unit.mateo, ["sync"], as: "mateo")
    // The hub's changes after position 1 cannot be applied to a laptop still at 0.
    let gap = file(unit, "gap.psrbundle")
    try unit.ok(unit.hub, ["hub", "export", "--for", "akinyi", "--after", "1", gap])
    let before = try unit.digest(unit.akinyi)
    let refused = try unit.run(unit.akinyi, ["sync", "import", gap])
    #expect(refused.status == 65)
    #expect(refused.stderr.contains("--after 0"))
    #expect(try unit.digest(unit.akinyi) == before)
    // A bundle written by a psr a migration ahead (its header says so, checksum and all) is refused.
    try unit.ok(unit.akinyi, ["case", "open", "--type", "trade", "--title", "Mine", "--producer", "27651"])
    let mine = file(unit, "mine.psrbundle")
    try unit.ok(unit.akinyi, ["sync", "export", mine])
    try Self.rewriteSchema(of: mine) { $0 + ",0099_future:x" }
    let hubBefore = try unit.digest(unit.hub)
    let newer = try unit.run(unit.hub, ["hub", "import", mine])
    #expect(newer.status == 65)
    #expect(newer.stderr.contains("upgrade psr on both sides first"), "\(newer.stderr)")
    #expect(try unit.digest(unit.hub) == hubBefore)
    let whole = file(unit, "whole.psrbundle")
    try unit.ok(unit.hub, ["hub", "export", "--for", "akinyi", whole])
    try Self.rewriteSchema(of: whole) { $0.components(separatedBy: ",").dropLast().joined(separator: ",") }
    let older = try unit.run(unit.akinyi, ["sync", "import", whole])
    #expect(older.status == 65)
    #expect(older.stderr.contains("upgrade psr on both sides first"), "\(older.stderr)")
    #expect(try unit.run(unit.hub, ["hub", "export", "--for", "nobody", file(unit, "x.psrbundle")]).status == 66)
  }

  /// Changes the schema a bundle's header names, and its checksum with it, as a psr of another version
  /// would have written it. The checksum covers the header's fields and each change, as SyncBundle does.
  static func rewriteSchema(of path: String, _ change: (String) -> String) throws {
    let db = try Database(path: path, journalMode: nil)
    let header = try #require(try db.row("SELECT * FROM psr_bundle"))
    let schema = change(try header.decode("schema") as String)
    func plain(_ value: DatabaseValue) -> String {
      switch value {
      case .integer(let number): String(number)
      case .text(let text): text
      default: value.description
      }
    }
    var bytes = Data()
    let fields = try [
      "psr-bundle", "format", "kind", "unit_id", "origin", "officer", "number", "requires", "position", "through",
    ].map { name -> String in
      name == "psr-bundle" ? name : plain(try header.decode(name) as DatabaseValue)
    }
    let line =
      fields + [schema, try header.decode("created_at") as String, String(try header.decode("changes") as Int)]
    bytes.append(contentsOf: Array(line.joined(separator: "\t").utf8) + [0x0a])
    for row in try db.rows("SELECT * FROM psr_changes ORDER BY n") {
      let changeset = try row.decode("changeset") as [UInt8]
      let entry = try ["seq", "change_id", "origin", "actor", "at"].map { plain(try row.decode($0) as DatabaseValue) }
      bytes.append(contentsOf: Array((entry + [String(changeset.count)]).joined(separator: "\t").utf8) + [0x0a])
      bytes.append(contentsOf: changeset)
    }
    try db.execute("UPDATE psr_bundle SET schema = ?, checksum = ?", [schema, SHA256.hex(bytes)])
  }
}
