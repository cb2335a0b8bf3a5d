import CaseTracker
import Dispatch
import Foundation
import NIOConcurrencyHelpers

/// The hub database as the server uses it: a few connections, each used by one request at a time, on
/// threads of their own (SQLite blocks; the server's event loops must not). Readers run side by side in
/// WAL mode; writers are serialised by SQLite's lock, and one that waits past the busy timeout is answered
/// 503 (`HubFailure`).
final class HubDatabase: @unchecked Sendable {
  let path: String
  private let idle = NIOLockedValueBox<[Store]>([])
  private let queue = DispatchQueue(label: "psr-hub.database", attributes: .concurrent)
  /// Connections kept open between requests.
  static let keep = 8

  let clock: Clock

  init(path: String, clock: Clock) throws {
    self.path = path
    self.clock = clock
    let store = try Self.open(path, clock: clock)
    guard let state = try store.sync.state(), state.role == .hub else {
      throw DomainError.invalid(
        "\(path) is not a unit's hub; make it one with psr --db \(path) hub init, or give the hub's file with --db")
    }
    idle.withLockedValue { $0.append(store) }
  }

  private static func open(_ path: String, clock: Clock) throws -> Store {
    try Store.open(at: path, clock: clock, actor: "hub")
  }

  /// Runs `body` with a connection of its own, off the event loops.
  func run<T: Sendable>(_ body: @escaping @Sendable (Store) throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
      queue.async {
        continuation.resume(with: Result { try self.withStore(body) })
      }
    }
  }

  private func withStore<T>(_ body: (Store) throws -> T) throws -> T {
    let store = try idle.withLockedValue { $0.popLast() } ?? Self.open(path, clock: clock)
    defer {
      idle.withLockedValue { stores in
        if stores.count < Self.keep { stores.append(store) }
      }
    }
    return try body(store)
  }
}
