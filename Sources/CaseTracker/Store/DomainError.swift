#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

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
    /// This user may not read or write a file psr needs: a read-only database or folder, an unreadable
    /// file (exit 73, sysexits' EX_CANTCREAT).
    case permission
    /// The disk is full, or reading or writing a file failed (exit 74, EX_IOERR).
    case io
    /// The hub server cannot be reached, or stayed busy after every retry (exit 69, EX_UNAVAILABLE).
    case unavailable
    /// The hub server refused the officer's token (exit 77, EX_NOPERM).
    case denied
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

  /// The error for a failed system call on a file, its kind chosen by `errno`: permission for `EACCES`,
  /// `EPERM` and `EROFS`, I/O for a full disk or `EIO`, invalid otherwise.
  public static func file(errno code: Int32, _ message: String) -> DomainError {
    switch code {
    case EACCES, EPERM, EROFS: DomainError(.permission, message)
    case ENOSPC, EDQUOT, EIO: DomainError(.io, message)
    default: DomainError(.invalid, message)
    }
  }

  public var description: String { message }
}
