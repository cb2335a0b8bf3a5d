import Foundation
import SQLite
import Testing

/// `psr producer merge`: the same producer registered on two laptops, made one again, everywhere.
@Suite struct SyncMergeTests {
  /// Akinyi and Mateo register Nandi Tea (FLO 90001) each, with records on both; after a sync the later is
  /// listed as a duplicate. Returns the unit and the two ids, the earlier (kept) first.
  func registeredTwice() throws -> (unit: Unit, kept: String, duplicate: String) {
    let unit = try Unit()
    func add(_ database: String, _ name: String, as handle: String) throws -> String {
      try unit.ok(
        database, ["producer", "add", "--name", name, "--country", "KE", "--type", "spo", "--flo-id", "90001"],
        as: handle
      )
      .trimmingCharacters(in: .whitespacesAndNewlines)
    }
    let kept = try add(unit.akinyi, "Nandi Tea", as: "akinyi")
    let duplicate = try add(unit.mateo, "Nandi Tea Growers", as: "mateo")
    try unit.ok(
      unit.akinyi, ["case", "open", "--type", "certification", "--title", "ICS set-up", "--producer", kept])
    try unit.ok(
      unit.mateo, ["case", "open", "--type", "trade", "--title", "Buyer for green leaf", "--producer", duplicate],
      as: "mateo")
    try unit.ok(
      unit.mateo,
      [
        "visit", "log", "--kind", "field-visit", "--date", "2026-11-24", "--producer", duplicate, "--summary",
        "Met the board",
      ], as: "mateo")
    try unit.ok(unit.mateo, ["producer", "status", duplicate, "applicant", "--on", "2026-11-26"], as: "mateo")
    let audit = try unit.ok(
      unit.mateo, ["audit", "record", "--producer", duplicate, "--kind", "initial", "--date", "2026-11-25"],
      as: "mateo"
    )
    .trimmingCharacters(in: .whitespacesAndNewlines)
    try unit.ok(
      unit.mateo,
      [
        "nc", "add", "--producer", duplicate, "--audit", audit, "--criterion", "SPO 4.1.2", "--type", "major",
        "--deadline", "2027-01-31", "--description", "No ICS records",
      ], as: "mateo")
    try unit.ok(unit.akinyi, ["sync"])
    try unit.ok(unit.mateo, ["sync"], as: "mateo")
    try unit.ok(unit.akinyi, ["sync"])
    let first = try Database(path: unit.hub, mode: .readOnly, journalMode: nil)
    let ids: [String] = try first.rows("SELECT id FROM producers WHERE flo_id = '90001' ORDER BY created_at, id")
      .map { try $0.decode("id") }
    #expect(ids.count == 2)
    return (unit, ids[0], ids[1])
  }

  @Test func aDuplicateMergedOnOneLaptopIsOneProducerEverywhere() throws {
    let (unit, kept, duplicate) = try registeredTwice()
    // Mateo merges his registration into Akinyi's; Akinyi, not synced yet, logs one more visit on his.
    let merged = try unit.run(
      unit.mateo, ["producer", "merge", String(kept.prefix(8)), String(duplicate.prefix(8))], as: "mateo")
    #expect(merged.status == 0, "\(merged.stderr)")
    #expect(
      merged.stderr.contains("moved 1 case, 1 activity, 1 audit, 1 NC, 1 status entry, 0 products"), "\(merged.stderr)")
    #expect(merged.stderr.contains("1 duplicate listing resolved"), "\(merged.stderr)")
    #expect(merged.stderr.contains("(now applicant)"), "\(merged.stderr)")
    try unit.ok(
      unit.akinyi,
      [
        "visit", "log", "--kind", "remote", "--date", "2026-11-26", "--producer", String(duplicate.prefix(8)),
        "--summary", "Phone call",
      ])
    try unit.ok(unit.mateo, ["sync"], as: "mateo")
    try unit.ok(unit.akinyi, ["sync"])
    try unit.ok(unit.mateo, ["sync"], as: "mateo")
    let hub = try unit.digest(unit.hub)
    #expect(try unit.digest(unit.akinyi) == hub)
    #expect(try unit.digest(unit.mateo) == hub)
    for database in [unit.hub, unit.akinyi, unit.mateo] {
      let db = try Database(path: database, mode: .readOnly, journalMode: nil)
      // Everything of the duplicate, and the visit logged on it after the merge, is the kept producer's.
      for table in ["cases", "activities", "audits", "non_conformities"] {
        #expect(
          try db.scalar("SELECT count(*) FROM \(table) WHERE producer_id = ?", [duplicate], as: Int.self) == 0,
          "\(database) \(table)")
      }
      // Its registration stays its own; it is kept's history that goes on.
      #expect(
        try db.scalar(
          "SELECT count(*) FROM producer_status_changes WHERE producer_id = ? AND from_status IS NOT NULL",
          [duplicate], as: Int.self) == 0)
      #expect(try db.scalar("SELECT count(*) FROM cases WHERE producer_id = ?", [kept], as: Int.self) == 2)
      #expect(try db.scalar("SELECT count(*) FROM activities WHERE producer_id = ?", [kept], as: Int.self) == 2)
      #expect(
        try db.scalar(
          "SELECT count(*) FROM sync_conflicts WHERE kind = 'duplicate' AND resolved_at IS NULL", as: Int.self) == 0)
      // The FLO ID names one producer again; lists and readiness show it once.
      let shown = try unit.json(database, ["producer", "show", "90001"])
      #expect(shown["id"] as? String == kept)
      let merges = shown["merges"] as? [[String: Any]] ?? []
      #expect(merges.count == 1 && merges.first?["merged_id"] as? String == duplicate)
      let listed = try #require(
        try CaseTrackerCLITests.json(unit.ok(database, ["producer", "list", "--country", "KE", "--format", "json"]))
          as? [[String: Any]])
      #expect(listed.filter { $0["flo_id"] as? String == "90001" }.count == 1)
      let readiness = try unit.ok(database, ["readiness", "list", "--country", "KE", "--format", "csv"])
      #expect(!readiness.contains(duplicate))
      // The duplicate is still there, and says where it went.
      let gone = try unit.json(database, ["producer", "show", String(duplicate.prefix(8))])
      #expect(gone["merged_into"] as? String == kept)
      #expect((gone["merges"] as? [[String: Any]])?.count == 1)
      try unit.ok(database, ["check"])
    }
    // The moved case's timeline says so.
    let caseID: String = try Database(path: unit.hub, mode: .readOnly, journalMode: nil).scalar(
      "SELECT id FROM cases WHERE title = 'Buyer for green leaf'")!
    let timeline = try unit.ok(unit.akinyi, ["case", "show", caseID])
    #expect(timeline.contains("producer \(duplicate.prefix(8)) → \(kept.prefix(8))"), "\(timeline)")
    // Merging it again is refused, changing nothing.
    let again = try unit.run(unit.akinyi, ["producer", "merge", String(kept.prefix(8)), String(duplicate.prefix(8))])
    #expect(again.status == 65)
    #expect(again.stderr.contains("was merged into \(kept.prefix(8)) already"))
    #expect(try unit.digest(unit.akinyi) == hub)
  }

  @Test func mergesThatCannotBeRightAreRefusedChangingNothing() throws {
    let (unit, kept, duplicate) = try registeredTwice()
    let other = try unit.ok(
      unit.akinyi,
      ["producer", "add", "--name", "Kericho Estate", "--country", "KE", "--type", "hlo", "--flo-id", "90002"]
    )
    .trimmingCharacters(in: .whitespacesAndNewlines)
    let before = try unit.digest(unit.akinyi)
    let outbox = try unit.json(unit.akinyi, ["sync", "status"])["pending_changes"] as? Int
    let cases: [([String], String)] = [
      ([String(kept.prefix(8)), String(kept.prefix(8))], "both names are the same producer"),
      ([String(kept.prefix(8)), String(other.prefix(8))], "have different FLO IDs"),
      (["90001", String(duplicate.prefix(8))], "matches 2 producers"),
      ([String(kept.prefix(8)), "ffffffff"], "no producer"),
    ]
    for (arguments, message) in cases {
      let refused = try unit.run(unit.akinyi, ["producer", "merge"] + arguments)
      #expect(refused.status != 0, "\(arguments)")
      #expect(refused.stderr.contains(message), "\(arguments): \(refused.stderr)")
      #expect(refused.stderr.split(separator: "\n").count == 1, "\(refused.stderr)")
    }
    #expect(try unit.digest(unit.akinyi) == before)
    #expect(try unit.json(unit.akinyi, ["sync", "status"])["pending_changes"] as? Int == outbox)
    // A duplicate listing cannot be "resolved" by keeping a value: the message names the merge.
    let listing: String = try Database(path: unit.akinyi, mode: .readOnly, journalMode: nil).scalar(
      "SELECT id FROM sync_conflicts WHERE kind = 'duplicate'")!
    let mine = try unit.run(unit.akinyi, ["sync", "conflicts", "resolve", String(listing.prefix(8)), "--keep", "mine"])
    #expect(mine.status == 65)
    #expect(mine.stderr.contains("psr producer merge \(kept.prefix(8)) \(duplicate.prefix(8))"), "\(mine.stderr)")
  }
}
