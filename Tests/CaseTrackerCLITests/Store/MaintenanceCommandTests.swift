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
    #expect(lines.count == 9)
    #expect(lines.allSatisfy { $0.hasPrefix("ok  ") })
    #expect(healthy.stdout.contains("timelines: append-only triggers in place; 2 case events"))
    // Someone removes a guard with the sqlite3 shell: check says so.
    let db = try Database(path: box.db)
    try db.execute("DROP TRIGGER case_events_append_only_delete")
    let broken = try box.run(["check"])
    #expect(broken.status == 65)
    #expect(broken.stdout.contains("FAIL  timelines: trigger case_events_append_only_delete is missing"))
    #expect(broken.stdout.contains("FAIL  schema: 1 difference(s) from what psr's migrations create:\n"))
    #expect(broken.stdout.contains("        trigger case_events_append_only_delete is missing\n"))
    #expect(broken.stderr == "psr: 2 check(s) failed: schema, timelines; restore from a backup or ask for help\n")
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

@Suite struct ReportAndBackupSafetyTests {
  @Test func aCaseClosedInThePeriodAndReopenedAfterIsNotOpenAtItsEnd() throws {
    let box = try fieldOffice()
    let id = try box.openCase(
      ["--type", "certification", "--title", "Closed then reopened", "--producer", "27651", "--due", "2026-08-20"],
      today: "2026-08-10")
    try box.act(["case", "close", id, "--resolution", "Done"], today: "2026-08-15")
    try box.act(["case", "reopen", id, "--reason", "Not done"], today: "2026-10-05")
    let report = try #require(
      try json(box.ok(["report", "region", "AME-ECA", "--period", "2026-Q3", "--format", "json"])) as? [String: Any])
    let cases = try #require(report["cases"] as? [String: Any])
    #expect(cases["open_at_end"] as? Int == 0)
    #expect(cases["overdue_at_end"] as? Int == 0)
    #expect((cases["opened_by_type"] as? [String: Int])?["certification"] == 1)
    #expect((cases["closed_by_type"] as? [String: Int])?["certification"] == 0)
    let q4 = try #require(
      try json(box.ok(["report", "region", "AME-ECA", "--period", "2026-Q4", "--format", "json"])) as? [String: Any])
    #expect((q4["cases"] as? [String: Any])?["open_at_end"] as? Int == 1)
  }

  @Test func backupAndOutputNeverWriteOverTheDatabaseOrAFolder() throws {
    let box = try fieldOffice()
    let folder = box.folder.appendingPathComponent("backups").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    try Data("keep".utf8).write(to: URL(fileURLWithPath: folder + "/precious.txt"))
    let intoFolder = try box.run(["backup", folder, "--force"])
    #expect(intoFolder.status == 65)
    #expect(intoFolder.stderr.contains("is a folder"))
    #expect(FileManager.default.fileExists(atPath: folder + "/precious.txt"))
    let ontoItself = try box.run(["backup", box.db, "--force"])
    #expect(ontoItself.status == 65)
    #expect(ontoItself.stderr.contains("is the database itself"))
    let output = try box.run(["report", "region", "AME-ECA", "--format", "csv", "--output", box.db])
    #expect(output.status == 65)
    #expect(output.stderr.contains("is the database"))
    #expect(try box.run(["check"]).status == 0)
    let report = box.folder.appendingPathComponent("eca.csv").path
    #expect(try box.run(["report", "region", "AME-ECA", "--format", "csv", "--output", report]).status == 0)
    #expect((try FileManager.default.attributesOfItem(atPath: report)[.posixPermissions] as? Int) == 0o600)
    let missing = try box.run(["report", "region", "AME-ECA", "--output", box.folder.path + "/nowhere/x.txt"])
    #expect(missing.status == 66)
    #expect(missing.stderr.contains("does not exist"))
  }
}
