import Foundation
import Testing

@testable import SQLite

@Suite struct ConnectionTests {
  @Test func fileDatabaseIsConfigured() throws {
    let file = TemporaryDatabaseFile()
    defer { file.remove() }
    let db = try Database(path: file.path, mode: .create)
    #expect(db.path == file.path)
    #expect(try db.scalar("PRAGMA journal_mode") == "wal")
    #expect(try db.pragmaInt("synchronous") == 2)
    #expect(try db.pragmaInt("foreign_keys") == 1)
    #expect(try db.pragmaInt("trusted_schema") == 0)
    #expect(try db.pragmaInt("busy_timeout") == Int(Database.busyTimeoutMilliseconds))
    #expect(Database.busyTimeoutMilliseconds == 5_000)
    #expect(try db.userVersion == 0)
  }

  @Test func memoryDatabaseIsConfigured() throws {
    let db = try Database()
    #expect(db.path == ":memory:")
    #expect(try db.scalar("PRAGMA journal_mode") == "memory")
    #expect(try db.pragmaInt("synchronous") == 2)
    #expect(try db.pragmaInt("foreign_keys") == 1)
    #expect(try db.pragmaInt("trusted_schema") == 0)
    #expect(db.isInTransaction == false)
  }

  @Test func defensiveModeProtectsTheSchema() throws {
    let db = try Database()
    try db.execute("CREATE TABLE t (x)")
    try db.execute("PRAGMA writable_schema = ON")
    #expect(try db.pragmaInt("writable_schema") == 1)
    let sql = "UPDATE sqlite_schema SET sql = 'CREATE TABLE t (y)' WHERE name = 't'"
    let error = try #require(throws: SQLiteError.self) { try db.execute(sql) }
    #expect(error.code == .error)
    #expect(error.message == "table sqlite_master may not be modified")
    #expect(error.sql == sql)
    #expect(try db.scalar("SELECT sql FROM sqlite_schema WHERE name = 't'") == "CREATE TABLE t (x)")
    // Defensive mode also refuses to turn the journal off.
    #expect(try db.scalar("PRAGMA journal_mode = OFF") == "memory")
  }

  @Test func defensiveModeKeepsTheWALJournal() throws {
    let file = TemporaryDatabaseFile()
    defer { file.remove() }
    let db = try Database(path: file.path, mode: .create)
    #expect(try db.scalar("PRAGMA journal_mode = OFF") == "wal")
  }

  @Test func openingAMissingFileForReadWriteFails() throws {
    let file = TemporaryDatabaseFile()
    defer { file.remove() }
    let error = try #require(throws: SQLiteError.self) { try Database(path: file.path) }
    #expect(error.code == .cantOpen)
    #expect(error.sql == nil)
    #expect(!FileManager.default.fileExists(atPath: file.path))
  }

  @Test func openingAFileThatIsNotADatabaseFails() throws {
    let file = TemporaryDatabaseFile()
    defer { file.remove() }
    let garbage = Data(repeating: 0x2A, count: 4096)
    #expect(FileManager.default.createFile(atPath: file.path, contents: garbage))
    for _ in 0..<20 {
      let error = try #require(throws: SQLiteError.self) { try Database(path: file.path) }
      #expect(error.code == .notADatabase)
      #expect(error.message == "file is not a database")
    }
    #expect(FileManager.default.contents(atPath: file.path) == garbage)
  }

  @Test func readOnlyConnectionRefusesWrites() throws {
    let file = TemporaryDatabaseFile()
    defer { file.remove() }
    let writer = try Database(path: file.path, mode: .create)
    try writer.execute("CREATE TABLE t (x)")
    try writer.execute("INSERT INTO t VALUES (1)")
    let reader = try Database(path: file.path, mode: .readOnly)
    #expect(try reader.scalar("SELECT x FROM t") == 1)
    let error = try #require(throws: SQLiteError.self) { try reader.execute("INSERT INTO t VALUES (2)") }
    #expect(ResultCode.readOnly ~= error.code)
    #expect(error.sql == "INSERT INTO t VALUES (2)")
    #expect(error.message == "attempt to write a readonly database")
  }

  @Test func secondConnectionSeesCommittedRowsAndCheckpointTruncatesTheWAL() throws {
    let file = TemporaryDatabaseFile()
    defer { file.remove() }
    let first = try Database(path: file.path, mode: .create)
    try first.execute("CREATE TABLE t (x)")
    try first.write { try first.execute("INSERT INTO t VALUES (?)", [1]) }
    let second = try Database(path: file.path)
    #expect(try second.scalar("SELECT x FROM t") == 1)
    let walSize = { (try? FileManager.default.attributesOfItem(atPath: file.path + "-wal")[.size] as? Int) ?? -1 }
    #expect(walSize() > 0)
    try first.checkpoint()
    #expect(walSize() == 0)
    #expect(try second.scalar("SELECT count(*) FROM t") == 1)
  }

  @Test func writeUpgradeOnAStaleSnapshotIsBusy() throws {
    let file = TemporaryDatabaseFile()
    defer { file.remove() }
    let first = try Database(path: file.path, mode: .create)
    try first.execute("CREATE TABLE t (x)")
    let second = try Database(path: file.path)
    let error = try #require(throws: SQLiteError.self) {
      try second.read {
        #expect(try second.scalar("SELECT count(*) FROM t") == 0)
        try first.execute("INSERT INTO t VALUES (1)")
        try second.execute("INSERT INTO t VALUES (2)")
      }
    }
    #expect(error.code == .busySnapshot)
    #expect(ResultCode.busy ~= error.code)
    #expect(error.sql == "INSERT INTO t VALUES (2)")
    #expect(try first.ints("SELECT x FROM t") == [1])
  }
}
