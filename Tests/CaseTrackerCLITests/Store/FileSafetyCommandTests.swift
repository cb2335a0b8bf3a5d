import Foundation
import SQLite
import Testing

@Suite struct FileSafetyCommandTests {
  private func bytes(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

  private func mode(_ path: String) throws -> Int {
    try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
  }

  private func caseTitles(_ box: Sandbox) throws -> [Substring] {
    try box.ok(["case", "list", "--format", "csv"]).split(separator: "\r\n").dropFirst().map { $0 }
  }

  @Test func backupAndOutputRefuseTheDatabasesOwnFilesByResolvedPath() throws {
    let box = try fieldOffice()
    for number in 1...3 {
      _ = try box.openCase(["--type", "trade", "--title", "Kept \(number)", "--producer", "1503"])
    }
    let cases = try caseTitles(box)
    #expect(cases.count == 3)
    // The same folder through a link: the names resolve to the database's own files.
    let alias = box.folder.appendingPathComponent("alias").path
    try FileManager.default.createSymbolicLink(atPath: alias, withDestinationPath: box.folder.path)
    let name = URL(fileURLWithPath: box.db).lastPathComponent
    let targets = [
      (box.db + "-wal", "one of the database's own files"), (box.db + "-shm", "one of the database's own files"),
      (box.db + "-journal", "one of the database's own files"),
      ("\(alias)/\(name)-wal", "one of the database's own files"),
      ("\(alias)/\(name)-journal", "one of the database's own files"), ("\(alias)/\(name)", "the database itself"),
    ]
    for (target, what) in targets {
      let backup = try box.run(["backup", target, "--force"])
      #expect(backup.status == 65, "backup \(target): \(backup.stderr)")
      #expect(backup.stderr == "psr: \(target) is \(what); give the backup another file name\n")
      let output = try box.run(["report", "region", "AME-ECA", "--format", "csv", "--output", target])
      #expect(output.status == 65, "--output \(target): \(output.stderr)")
      #expect(output.stderr == "psr: \(target) is \(what); give --output another file name\n")
    }
    #expect(!FileManager.default.fileExists(atPath: box.db + "-journal"))
    #expect(try box.run(["check"]).status == 0)
    #expect(try caseTitles(box) == cases)
  }

  @Test func initLeavesFilesThatAreNotPsrsByteForByte() throws {
    let box = try Sandbox()
    func make(_ name: String, _ sql: String) throws -> String {
      let path = box.folder.appendingPathComponent(name).path
      let db = try Database(path: path, mode: .create, journalMode: "DELETE")
      try db.execute(script: sql)
      return path
    }
    let files = [
      (try make("other.sqlite", "CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('mine');"), "notes"),
      (try make("notes.sqlite", "CREATE TABLE sqlite3_notes (body TEXT);"), "sqlite3_notes"),
      (
        try make(
          "rails.sqlite",
          "CREATE TABLE schema_migrations (version TEXT PRIMARY KEY); INSERT INTO schema_migrations VALUES ('2024');"),
        "schema_migrations"
      ),
    ]
    for (path, table) in files {
      let before = bytes(path)
      for arguments in [["init"], ["case", "list"]] {
        let result = try box.run(["--db", path] + arguments, useDB: false)
        #expect(result.status == 65, "\(path) \(arguments): \(result.stderr)")
        #expect(
          result.stderr
            == "psr: \(path) is not a psr database: the file holds tables (\(table)) but no migration record; choose another path with --db\n"
        )
      }
      #expect(bytes(path) == before, "\(path) changed")
      #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
    }
    // An SQLite file without tables is someone's too; only a 0-byte file is psr's to fill.
    let blank = try make("blank.sqlite", "PRAGMA user_version = 7")
    let blankBytes = bytes(blank)
    let refused = try box.run(["--db", blank, "init"], useDB: false)
    #expect(refused.status == 65)
    #expect(
      refused.stderr
        == "psr: \(blank) is an SQLite database that psr did not make; psr sets up only a new or 0-byte file: choose another path with --db\n"
    )
    #expect(bytes(blank) == blankBytes)
    let zero = box.folder.appendingPathComponent("zero.sqlite").path
    #expect(FileManager.default.createFile(atPath: zero, contents: nil, attributes: [.posixPermissions: 0o644]))
    #expect(try box.run(["--db", zero, "init"], useDB: false).status == 0)
    #expect(try mode(zero) == 0o600)
    #expect(try box.run(["--db", zero, "check"], useDB: false).status == 0)
  }

  @Test func pathsThatAreNotRegularFilesAreRefusedAndNothingIsLeftBehind() throws {
    let box = try fieldOffice()
    let fifo = box.folder.appendingPathComponent("pipe").path
    #expect(mkfifo(fifo, 0o600) == 0)
    for arguments in [["init"], ["case", "list"]] {
      let result = try box.run(["--db", fifo] + arguments, useDB: false)
      #expect(result.status == 65, "\(arguments): \(result.stderr)")
      #expect(
        result.stderr
          == "psr: \(fifo) is not a regular file (it is a named pipe); give --db the path of a psr database file\n")
    }
    let backup = try box.run(["backup", fifo, "--force"])
    #expect(backup.status == 65)
    #expect(backup.stderr == "psr: \(fifo) is not a regular file (it is a named pipe); give the backup a file name\n")
    let output = try box.run(["report", "region", "AME-ECA", "--output", fifo])
    #expect(output.status == 65)
    #expect(output.stderr == "psr: \(fifo) is not a regular file (it is a named pipe); give --output a file name\n")
    let entries = try FileManager.default.contentsOfDirectory(atPath: box.folder.path).sorted()
    #expect(entries == ["pipe", "psr.sqlite"])
    var info = stat()
    #expect(lstat(fifo, &info) == 0 && (info.st_mode & S_IFMT) == S_IFIFO)

    let journalExisted = FileManager.default.fileExists(atPath: "/dev/null-journal")
    let null = try box.run(["--db", "/dev/null", "init"], useDB: false)
    if !journalExisted, FileManager.default.fileExists(atPath: "/dev/null-journal") {
      try? FileManager.default.removeItem(atPath: "/dev/null-journal")
      Issue.record("psr init --db /dev/null left /dev/null-journal")
    }
    #expect(null.status == 65)
    #expect(
      null.stderr
        == "psr: /dev/null is not a regular file (it is a character device); give --db the path of a psr database file\n"
    )
  }

  /// The id of a process that has ended.
  private func endedProcessID() throws -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", "exit 0"]
    try process.run()
    process.waitUntilExit()
    return process.processIdentifier
  }

  @Test func theNextRunToATargetRemovesThePartialFilesOfKilledRuns() throws {
    let box = try fieldOffice()
    let ended = try endedProcessID()
    let running = ProcessInfo.processInfo.processIdentifier
    for (target, arguments) in [
      ("copy.sqlite", ["backup"]), ("eca.csv", ["report", "region", "AME-ECA", "--format", "csv", "--output"]),
    ] {
      let path = box.folder.appendingPathComponent(target).path
      let stale = ["\(path).psr-partial-\(ended)", "\(path).psr-partial-\(ended)-journal"]
      // A run still going (this test process stands for it) and another target's leftover are not touched.
      let kept = ["\(path).psr-partial-\(running)", "\(path)-other.psr-partial-\(ended)"]
      for file in stale + kept { #expect(FileManager.default.createFile(atPath: file, contents: Data("x".utf8))) }
      let result = try box.run(arguments + [path])
      #expect(result.status == 0, "\(result.stderr)")
      for file in stale { #expect(!FileManager.default.fileExists(atPath: file), "\(file) was left") }
      for file in kept { #expect(FileManager.default.fileExists(atPath: file), "\(file) was removed") }
      for file in kept { try FileManager.default.removeItem(atPath: file) }
    }
    let entries = try FileManager.default.contentsOfDirectory(atPath: box.folder.path).sorted()
    #expect(entries == ["copy.sqlite", "eca.csv", "psr.sqlite"])
  }
}
