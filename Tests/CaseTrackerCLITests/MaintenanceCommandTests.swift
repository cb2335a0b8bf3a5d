import Foundation
import SQLite
import Testing

@Suite struct MaintenanceCommandTests {
  @Test func checkPassesAHealthyDatabaseAndFailsABrokenOne() throws {
    let box = try fieldOffice()
    let id = try box.openCase(["--type", "trade", "--title", "Checked", "--producer", "1503"])
    try box.act(["case", "note", id, "a note"])
    let healthy = try box.run(["check"])
    #expect(healthy.status == 0)
    let lines = healthy.stdout.split(separator: "\n")
    #expect(lines.count == 4)
    #expect(lines.allSatisfy { $0.hasPrefix("ok  ") })
    #expect(healthy.stdout.contains("timelines: append-only triggers in place; 2 case events"))
    // Someone removes a guard with the sqlite3 shell: check says so.
    let db = try Database(path: box.db)
    try db.execute("DROP TRIGGER case_events_append_only_delete")
    let broken = try box.run(["check"])
    #expect(broken.status == 65)
    #expect(broken.stdout.contains("FAIL  timelines: trigger case_events_append_only_delete is missing"))
    #expect(broken.stderr == "psr: 1 check(s) failed: timelines; restore from a backup or ask for help\n")
  }

  @Test func backupMakesAPrivateVerifiedCopyAndRefusesToOverwrite() throws {
    let box = try fieldOffice()
    try box.openCase(["--type", "trade", "--title", "Backed up", "--producer", "1503"])
    let path = box.folder.appendingPathComponent("copy.sqlite").path
    let made = try box.run(["backup", path])
    #expect(made.status == 0)
    #expect(made.stderr.contains("integrity check ok"))
    #expect((try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) == 0o600)
    #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
    let copy = try box.run(["case", "list", "--format", "csv", "--db", path], useDB: false)
    #expect(copy.stdout.contains("Backed up"))
    #expect(try box.run(["check", "--db", path], useDB: false).status == 0)
    let again = try box.run(["backup", path])
    #expect(again.status == 65)
    #expect(again.stderr.contains("already exists; give --force"))
    #expect(try box.run(["backup", path, "--force"]).status == 0)
  }
}
