import Foundation
import SQLite
import Testing

/// A hub put back from a backup older than an officer's last sync no longer holds what that officer had
/// from it. Syncing on would skip or lose changes without a word; psr refuses, changing nothing, whether the
/// hub is simply behind or others have pushed past the officer's position since the restore.
@Suite struct SyncRestoredHubTests {
  @Test func aHubRestoredFromAnOlderBackupIsRefusedAndNothingChanges() throws {
    let unit = try Unit()
    let backup = unit.box.folder.appendingPathComponent("hub-backup.sqlite").path
    try unit.ok(
      unit.akinyi, ["case", "open", "--type", "trade", "--title", "Before the backup", "--producer", "27651"])
    try unit.ok(unit.akinyi, ["sync"])
    try unit.ok(unit.hub, ["backup", backup])
    for title in ["After the backup", "Also after"] {
      try unit.ok(unit.akinyi, ["case", "open", "--type", "trade", "--title", title, "--producer", "27651"])
    }
    try unit.ok(unit.akinyi, ["sync"])
    // The hub's disk is lost; the coordinator puts the backup back.
    try Self.restore(backup, over: unit.hub)
    let before = try unit.digest(unit.akinyi)
    let behind = try unit.run(unit.akinyi, ["sync"])
    #expect(behind.status == 65, "\(behind.stderr)")
    #expect(behind.stderr.contains("has lost changes this database had from it"), "\(behind.stderr)")
    #expect(behind.stderr.contains("nothing was exchanged"))
    #expect(try unit.digest(unit.akinyi) == before)
    let status = try unit.ok(unit.akinyi, ["sync", "status"])
    #expect(status.contains("behind this database"), "\(status)")

    // Mateo, who last synced before the backup, pushes past Akinyi's position: the positions no longer
    // tell, the change at her position does.
    try unit.ok(unit.mateo, ["sync"], as: "mateo")
    for index in 1...4 {
      try unit.ok(
        unit.mateo, ["case", "open", "--type", "trade", "--title", "Mateo \(index)", "--producer", "27651"],
        as: "mateo")
      try unit.ok(unit.mateo, ["sync"], as: "mateo")
    }
    let hub = try Database(path: unit.hub, mode: .readOnly, journalMode: nil)
    let mine = try Database(path: unit.akinyi, mode: .readOnly, journalMode: nil)
    let hubPosition: Int = try hub.scalar("SELECT max(seq) FROM sync_log") ?? 0
    let myPosition: Int = try mine.scalar("SELECT position FROM sync_state") ?? 0
    #expect(hubPosition >= myPosition)
    let past = try unit.run(unit.akinyi, ["sync"])
    #expect(past.status == 65, "\(past.stderr)")
    #expect(past.stderr.contains("it holds another change there"), "\(past.stderr)")
    #expect(try unit.digest(unit.akinyi) == before)
  }

  @Test func litestreamsOwnTablesAreNotPsrsToCheckAndStayOnTheHub() throws {
    let unit = try Unit()
    let hub = try Database(path: unit.hub)
    try hub.execute(
      script: """
        CREATE TABLE _litestream_seq (id INTEGER PRIMARY KEY, seq INTEGER);
        CREATE TABLE _litestream_lock (id INTEGER);
        """)
    try unit.ok(unit.hub, ["check"])
    let clone = unit.box.folder.appendingPathComponent("new.sqlite").path
    try unit.ok(clone, ["sync", "clone", unit.hub])
    let copy = try Database(path: clone, mode: .readOnly, journalMode: nil)
    let tables: Int =
      try copy.scalar("SELECT count(*) FROM sqlite_schema WHERE name LIKE '\\_litestream%' ESCAPE '\\'") ?? -1
    #expect(tables == 0)
    // A table of the same name made some other way is not Litestream's.
    try hub.execute("DROP TABLE _litestream_lock")
    try hub.execute("CREATE TABLE _litestream_lock (id INTEGER, note TEXT)")
    let check = try unit.run(unit.hub, ["check"])
    #expect(check.status == 65, "\(check.stdout)")
  }

  static func restore(_ backup: String, over hub: String) throws {
    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: hub + suffix) }
    try FileManager.default.copyItem(atPath: backup, toPath: hub)
  }
}
