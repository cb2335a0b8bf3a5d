import CaseTracker

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

/// `--output FILE` of reports and exports: written beside the target and renamed over it once whole (mode
/// 0600, like the database it comes from), never into a folder, a pipe or a device, nor over the database
/// and the files beside it.
enum OutputFile {
  /// Checks `path` and creates its partial file.
  static func open(_ path: String, global: GlobalOptions) throws -> PartialFile {
    if DatabaseFiles.isFolder(path) == true {
      throw DomainError.invalid("\(path) is a folder; give --output a file name")
    }
    try DatabaseFiles.checkTarget(path, database: global.databasePath, purpose: "--output")
    let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
    guard DatabaseFiles.isFolder(folder) == true else {
      throw DomainError.notFound("the folder \(folder) does not exist; create it or choose another --output path")
    }
    return try PartialFile(for: path) { "cannot write \(path): \($0); choose another --output path" }
  }

  /// The error for a write to `path` that failed with `error`: a full disk, or the system's reason.
  static func failure(_ error: POSIXError, path: String) -> DomainError {
    let code = error.code.rawValue
    if code == ENOSPC || code == EDQUOT {
      return DomainError(.io, "the disk is full: \(path) was not written; free some space and try again")
    }
    return DomainError.file(
      errno: code,
      "cannot write \(path): \(String(cString: strerror(code))); nothing was written; choose another --output path")
  }
}
