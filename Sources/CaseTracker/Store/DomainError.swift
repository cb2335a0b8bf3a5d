/// An error worded for the person at the keyboard: one sentence saying what was wrong and how to fix it.
public struct DomainError: Error, Equatable, CustomStringConvertible, Sendable {
  /// What kind of failure, which decides the exit code.
  public enum Kind: Sendable, Equatable {
    /// The input is wrong: a bad value, a broken rule, a duplicate (exit 65).
    case invalid
    /// A named record or file does not exist (exit 66).
    case notFound
    /// The command was used wrongly (exit 64).
    case usage
    /// The database is locked by another writer for longer than the busy timeout (exit 75).
    case busy
  }

  public let kind: Kind
  public let message: String

  public init(_ kind: Kind, _ message: String) {
    self.kind = kind
    self.message = message
  }

  public static func invalid(_ message: String) -> DomainError { DomainError(.invalid, message) }
  public static func notFound(_ message: String) -> DomainError { DomainError(.notFound, message) }
  public static func usage(_ message: String) -> DomainError { DomainError(.usage, message) }

  public var description: String { message }
}
