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

/// A file written beside its target under a temporary name and renamed over the target once whole, so that
/// a failure or a kill leaves any earlier target as it was.
///
/// The temporary name is `TARGET.psr-partial-PID`, the writer's process id. A writer killed before it
/// renames leaves its partial file behind; the next writer to the same target removes every such file
/// whose process has ended (with its -journal, -wal and -shm), and leaves alone those of writers still
/// running, so two runs to one target never remove each other's file (the last rename wins, whole). A
/// leftover whose process id was taken by a new process stays until that process ends.
public final class PartialFile {
  /// The temporary file's path.
  public let path: String
  /// The file it becomes.
  public let target: String
  private var descriptor: Int32

  /// Removes stale partial files of `target`, then creates this process's one, empty and mode 0600.
  /// `failure` words the error from the system's reason, such as "Permission denied".
  public init(for target: String, failure: (String) -> String) throws {
    self.target = target
    Self.removeStale(for: target)
    path = target + Self.marker + String(getpid())
    // A file of this name was left by an ended process that had this process's id.
    DatabaseFiles.remove(path)
    descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
    guard descriptor >= 0 else {
      throw DomainError.file(errno: errno, failure(String(cString: strerror(errno))))
    }
    fchmod(descriptor, 0o600)
  }

  deinit { closeFile() }

  static let marker = ".psr-partial-"

  /// Closes this process's descriptor, for a file SQLite then opens and writes itself: closing a second
  /// descriptor while SQLite holds the file would drop SQLite's POSIX locks on it.
  public func closeFile() {
    if descriptor >= 0 { close(descriptor) }
    descriptor = -1
  }

  /// Writes all of `data`; throws the system's `errno` (`ENOSPC` on a full disk) as a POSIX error.
  public func write(_ data: Data) throws {
    try data.withUnsafeBytes { buffer in
      var offset = 0
      while offset < buffer.count {
        let written = systemWrite(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
        if written < 0 && errno == EINTR { continue }
        guard written > 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        offset += written
      }
    }
  }

  /// Syncs the file to disk and renames it over the target.
  public func commit() throws {
    let descriptor = descriptor >= 0 ? descriptor : open(path, O_RDONLY | O_CLOEXEC)
    if descriptor >= 0 {
      let synced = fsync(descriptor)
      let reason = errno
      close(descriptor)
      self.descriptor = -1
      guard synced == 0 else { throw POSIXError(POSIXErrorCode(rawValue: reason) ?? .EIO) }
    }
    guard rename(path, target) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
  }

  /// Closes and removes the partial file and any companion file SQLite made beside it.
  public func discard() {
    closeFile()
    DatabaseFiles.remove(path)
  }

  /// Removes the partial files of `target` (and their companions) whose writer has ended.
  static func removeStale(for target: String) {
    let url = URL(fileURLWithPath: target)
    let folder = url.deletingLastPathComponent().path
    let prefix = url.lastPathComponent + marker
    guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
    for entry in entries where entry.hasPrefix(prefix) {
      let rest = entry.utf8.dropFirst(prefix.utf8.count)
      let digits = rest.prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
      let suffix = String(decoding: rest.dropFirst(digits.count), as: UTF8.self)
      guard let pid = Int32(String(decoding: digits, as: UTF8.self)), pid > 0,
        suffix.isEmpty || DatabaseFiles.companionSuffixes.contains(suffix)
      else { continue }
      // kill with signal 0 only asks whether the process exists; EPERM means it does, as another user's.
      guard kill(pid_t(pid), 0) != 0 && errno == ESRCH else { continue }
      unlink(folder + "/" + entry)
    }
  }
}
