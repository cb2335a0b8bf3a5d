import Foundation
import Testing

@testable import SQLite

/// What the background connection did, handed back to the test's thread.
private final class Outcome: @unchecked Sendable {
  private let lock = NSLock()
  private var storage: (started: Date, finished: Date, error: (any Error)?)?

  func set(started: Date, finished: Date, error: (any Error)?) {
    lock.withLock { storage = (started, finished, error) }
  }

  var value: (started: Date, finished: Date, error: (any Error)?)? { lock.withLock { storage } }
}

@Suite struct BusyTests {
  @Test func secondConnectionWaitsForTheWriterThenSucceeds() throws {
    let file = TemporaryDatabaseFile()
    defer { file.remove() }
    let path = file.path
    let first = try Database(path: path, mode: .create)
    try first.execute("CREATE TABLE t (name TEXT NOT NULL)")
    try first.execute("BEGIN IMMEDIATE")
    try first.execute("INSERT INTO t (name) VALUES ('first')")

    let ready = DispatchSemaphore(value: 0)
    let done = DispatchSemaphore(value: 0)
    let outcome = Outcome()
    let thread = Thread {
      // The second connection is opened and used on this thread only.
      var error: (any Error)?
      var started = Date()
      do {
        let second = try Database(path: path)
        ready.signal()
        started = Date()
        try second.write { try second.execute("INSERT INTO t (name) VALUES ('second')") }
      } catch let thrown {
        error = thrown
        ready.signal()
      }
      outcome.set(started: started, finished: Date(), error: error)
      done.signal()
    }
    thread.start()

    #expect(ready.wait(timeout: .now() + 10) == .success)
    Thread.sleep(forTimeInterval: 0.3)
    #expect(outcome.value == nil, "the second connection must still be waiting for the lock")
    let committed = Date()
    try first.execute("COMMIT")
    #expect(done.wait(timeout: .now() + 10) == .success)

    let result = try #require(outcome.value)
    #expect(result.error == nil)
    #expect(result.finished >= committed)
    #expect(result.finished.timeIntervalSince(result.started) >= 0.25)
    #expect(
      try first.rows("SELECT name FROM t ORDER BY name").map { try $0.decode("name", as: String.self) } == [
        "first", "second",
      ])
  }

  /// Waits the whole busy timeout (5 s) for a lock that is never released.
  @Test func busyTimeoutExceededIsBusy() throws {
    let file = TemporaryDatabaseFile()
    defer { file.remove() }
    let first = try Database(path: file.path, mode: .create)
    try first.execute("CREATE TABLE t (x)")
    try first.execute("BEGIN IMMEDIATE")
    defer { try? first.execute("ROLLBACK") }

    let second = try Database(path: file.path)
    let start = Date()
    let error = try #require(throws: SQLiteError.self) {
      try second.write { try second.execute("INSERT INTO t VALUES (2)") }
    }
    let elapsed = Date().timeIntervalSince(start)
    #expect(ResultCode.busy ~= error.code)
    #expect(error.code.primary == .busy)
    #expect(error.sql == "BEGIN IMMEDIATE")
    #expect(elapsed >= Double(Database.busyTimeoutMilliseconds) / 1000 - 0.5)
    #expect(second.isInTransaction == false)
    #expect(try second.scalar("SELECT count(*) FROM t") == 0)
  }
}
