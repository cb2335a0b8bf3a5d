import Foundation
import Testing

@testable import SQLite

/// An error thrown from inside transaction bodies, compared by value to prove it is rethrown unchanged.
enum TestError: Error, Equatable {
  case boom(Int)
}

/// A database file path under the temporary directory with a fresh UUID name; `remove()` deletes the file
/// and its -wal, -shm and -journal companions.
struct TemporaryDatabaseFile {
  let path: String

  init() {
    path =
      FileManager.default.temporaryDirectory
      .appendingPathComponent("psr-sqlitetests-\(UUID().uuidString).sqlite").path
  }

  func remove() {
    for suffix in ["", "-wal", "-shm", "-journal"] {
      try? FileManager.default.removeItem(atPath: path + suffix)
    }
  }
}

extension Database {
  /// The integer value of `PRAGMA name`.
  func pragmaInt(_ name: String) throws -> Int? {
    try scalar("PRAGMA \(name)")
  }

  /// The first column of every row of `sql`, as integers.
  func ints(_ sql: String) throws -> [Int] {
    try rows(sql).map { try $0.decode(at: 0) }
  }

  /// The names of the tables, in name order.
  func tableNames() throws -> [String] {
    try rows("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").map { try $0.decode(at: 0) }
  }
}

/// The error `body` throws, or nil. For use inside transaction closures, where `#expect(throws:)` crashes
/// the Swift 6.3 compiler's region analysis.
func thrownError(_ body: () throws -> Void) -> (any Error)? {
  do {
    try body()
    return nil
  } catch {
    return error
  }
}
