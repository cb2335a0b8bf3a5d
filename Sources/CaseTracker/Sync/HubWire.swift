#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// The sync protocol's messages over HTTP (docs/SYNC-PROTOCOL.md), as JSON: the hub server encodes what the
/// client decodes, from these same types. Changesets travel as base64.
public enum HubWire {
  public static let jsonType = "application/json"
  /// The largest push body the hub takes; a larger one is refused (413) with nothing applied.
  public static let maxPushBytes = 32 << 20

  public struct Hello: Codable, Equatable, Sendable {
    public var unitID: String
    public var schema: [String]
    public var position: Int
    /// The officer whose token asked.
    public var officer: String

    public init(_ hello: HubHello, officer: String) {
      unitID = hello.unitID
      schema = hello.schema
      position = hello.position
      self.officer = officer
    }

    public var hello: HubHello { HubHello(unitID: unitID, schema: schema, position: position) }

    enum CodingKeys: String, CodingKey {
      case unitID = "unit_id"
      case schema, position, officer
    }
  }

  public struct Entry: Codable, Equatable, Sendable {
    public var seq: Int
    public var changeID: String
    public var origin: String
    public var actor: String
    public var at: String
    public var changeset: Data

    public init(_ entry: LogEntry) {
      seq = entry.seq
      changeID = entry.changeID
      origin = entry.origin
      actor = entry.actor
      at = entry.at
      changeset = entry.changeset
    }

    public var entry: LogEntry {
      LogEntry(seq: seq, changeID: changeID, origin: origin, actor: actor, at: at, changeset: changeset)
    }

    enum CodingKeys: String, CodingKey {
      case changeID = "change_id"
      case seq, origin, actor, at, changeset
    }
  }

  public struct Log: Codable, Equatable, Sendable {
    public var entries: [Entry]
    public init(entries: [Entry]) { self.entries = entries }
  }

  public struct Change: Codable, Equatable, Sendable {
    public var changeID: String
    public var actor: String
    public var at: String
    public var changeset: Data

    public init(_ change: PushedChange) {
      changeID = change.changeID
      actor = change.actor
      at = change.at
      changeset = change.changeset
    }

    public var change: PushedChange {
      PushedChange(changeID: changeID, actor: actor, at: at, changeset: changeset)
    }

    enum CodingKeys: String, CodingKey {
      case changeID = "change_id"
      case actor, at, changeset
    }
  }

  public struct Push: Codable, Equatable, Sendable {
    public var base: Int
    public var origin: String
    public var changes: [Change]

    public init(base: Int, origin: String, changes: [Change]) {
      self.base = base
      self.origin = origin
      self.changes = changes
    }
  }

  /// 200 with `accepted` true, or 409 with it false: pull first.
  public struct PushAnswer: Codable, Equatable, Sendable {
    public var accepted: Bool
    public var position: Int

    public init(_ answer: CaseTracker.PushAnswer) {
      switch answer {
      case .accepted(let position): (accepted, self.position) = (true, position)
      case .pullFirst(let position): (accepted, self.position) = (false, position)
      }
    }

    public var answer: CaseTracker.PushAnswer {
      accepted ? .accepted(position: position) : .pullFirst(position: position)
    }
  }

  /// The body of every refusal: one sentence.
  public struct Failure: Codable, Equatable, Sendable {
    public var error: String
    public init(_ error: String) { self.error = error }
  }
}
