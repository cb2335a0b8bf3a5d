import Foundation
import Testing

@testable import SQLite

/// The immutable read a user falls back to when they may read a database but not write beside it: it
/// ignores the WAL, so it is only taken when the WAL holds nothing.
@Suite struct ReadOnlyFallbackTests {
  private func walSize(_ path: String) -> Int {
    (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? -1
  }

  @Test func aWALHoldingCommitsIsNeverReadAround() throws {
    let file = TemporaryDatabaseFile()
    defer { file.remove() }
    let writer = try Database(path: file.path, mode: .create)
    try writer.execute("PRAGMA wal_autocheckpoint = 0")
    try writer.execute("CREATE TABLE t (x)")
    for value in 1...3 { try writer.execute("INSERT INTO t VALUES (?)", [value]) }
    #expect(walSize(file.path) > 0)
    let error = try #require(throws: SQLiteError.self) { try Database.readOnlyFallbackURI(for: file.path) }
    #expect(error.code == .readOnlyRecovery)
    #expect(error.message.contains("-wal holds committed changes"))

    // The WAL beside the file a link points at counts, as SQLite follows the link to name it.
    let link = FileManager.default.temporaryDirectory.appendingPathComponent("psr-link-\(UUID().uuidString)").path
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: file.path)
    defer { try? FileManager.default.removeItem(atPath: link) }
    #expect(throws: SQLiteError.self) { try Database.readOnlyFallbackURI(for: link) }

    // Checkpointed, the WAL is empty and the file alone holds everything: an immutable read is whole.
    try writer.checkpoint()
    #expect(walSize(file.path) == 0)
    #expect(try Database.readOnlyFallbackURI(for: file.path).hasSuffix("?mode=ro&immutable=1"))
  }

  @Test func noWALAtAllIsReadImmutably() throws {
    let file = TemporaryDatabaseFile()
    defer { file.remove() }
    do {
      let writer = try Database(path: file.path, mode: .create)
      try writer.execute("CREATE TABLE t (x)")
    }
    #expect(walSize(file.path) == -1)
    #expect(try Database.readOnlyFallbackURI(for: file.path) == "file:\(file.path)?mode=ro&immutable=1")
  }
}
