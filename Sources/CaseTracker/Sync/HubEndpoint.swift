#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// One pending change a replica sends to its hub.
public struct PushedChange: Equatable, Sendable {
  public var changeID: String
  public var actor: String
  public var at: String
  public var changeset: Data

  public init(changeID: String, actor: String, at: String, changeset: Data) {
    self.changeID = changeID
    self.actor = actor
    self.at = at
    self.changeset = changeset
  }
}

/// The hub's answer to a push (DESIGN.md "Sync": a push is accepted only when based on the hub's latest).
public enum PushAnswer: Equatable, Sendable {
  /// Applied and logged; the hub's log now ends at `position`.
  case accepted(position: Int)
  /// The hub has moved past the push's base, to `position`: pull first.
  case pullFirst(position: Int)
}

/// What a hub says of itself before an exchange.
public struct HubHello: Equatable, Sendable {
  public var unitID: String
  /// The applied migrations, `name:checksum`, in order: a replica at another version must not exchange.
  public var schema: [String]
  /// The last position of its log.
  public var position: Int

  public init(unitID: String, schema: [String], position: Int) {
    self.unitID = unitID
    self.schema = schema
    self.position = position
  }
}

/// What a replica asks of its hub: the same three requests whatever carries them, a hub database reached as
/// a file here or, later, a hub server. The hub's side is `SyncRepository`'s `hello`, `log(after:limit:)` and
/// `accept(_:base:origin:officer:)`.
public protocol HubEndpoint {
  func hello() throws -> HubHello
  /// The hub's log after `position`, oldest first, at most `limit` entries.
  func log(after position: Int, limit: Int) throws -> [LogEntry]
  func push(_ changes: [PushedChange], base: Int, origin: String, officer: String) throws -> PushAnswer
}

/// A hub database reached as a file.
struct FileHub: HubEndpoint {
  let store: Store

  func hello() throws -> HubHello { try store.sync.hello() }

  func log(after position: Int, limit: Int) throws -> [LogEntry] {
    try store.sync.log(after: position, limit: limit)
  }

  func push(_ changes: [PushedChange], base: Int, origin: String, officer: String) throws -> PushAnswer {
    try store.sync.accept(changes, base: base, origin: origin, officer: officer)
  }
}
