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

/// What psr checks about a path before SQLite touches it, and the files SQLite keeps beside a database.
public enum DatabaseFiles {
  /// The files SQLite keeps beside a database, by suffix: its write-ahead log, the log's index and the
  /// rollback journal (https://www.sqlite.org/tempfiles.html).
  public static let companionSuffixes = ["-wal", "-shm", "-journal"]

  /// The size of the regular file at `path`, or nil when nothing is there. Throws, before any file is
  /// opened for writing, when the path is a folder or anything else that is not a regular file (a named
  /// pipe, a device such as /dev/null), or when this user may not read it.
  static func inspect(_ path: String) throws -> Int? {
    var info = stat()
    guard stat(path, &info) == 0 else {
      if errno == ENOENT { return nil }
      throw DomainError.file(
        errno: errno,
        "cannot reach the database \(path): \(String(cString: strerror(errno))); ask the owner of its folder for access, or give --db another path"
      )
    }
    if (info.st_mode & S_IFMT) == S_IFDIR {
      throw DomainError.invalid("\(path) is a folder, not a psr database; give the database file with --db")
    }
    if let kind = kind(of: info) {
      throw DomainError.invalid(
        "\(path) is not a regular file (it is a \(kind)); give --db the path of a psr database file")
    }
    // access(2), not open(2) and close(2): closing any descriptor of a file drops every POSIX lock this
    // process holds on it, SQLite's too, so a server opening one more connection would let another process
    // think itself the last, checkpoint, and delete the WAL the server still writes to.
    guard access(path, R_OK) == 0 else {
      if errno == EACCES || errno == EPERM {
        throw DomainError(
          .permission,
          "you may not read the database \(path) (permission denied); ask its owner for access, or give --db a database you may read"
        )
      }
      throw DomainError.file(
        errno: errno, "cannot open the database \(path): \(String(cString: strerror(errno))); check the file")
    }
    return Int(info.st_size)
  }

  /// What a path that is not a regular file or a folder is, in words; nil for a regular file or a folder.
  static func kind(of info: stat) -> String? {
    switch info.st_mode & S_IFMT {
    case S_IFREG, S_IFDIR: nil
    case S_IFIFO: "named pipe"
    case S_IFCHR: "character device"
    case S_IFBLK: "block device"
    case S_IFSOCK: "socket"
    default: "special file"
    }
  }

  /// Throws when `path` may not be replaced by a file psr writes for `purpose` ("the backup", "--output"):
  /// a named pipe, device or socket (a rename would put a file in its place), the database `database`
  /// itself, or one of its companion files. Compared by device and inode where the file exists and by the
  /// path with every link resolved, so that a link or a linked folder does not hide the database's files,
  /// even those SQLite has not made yet (a -journal).
  public static func checkTarget(_ path: String, database: String, purpose: String) throws {
    var info = stat()
    if stat(path, &info) == 0, let kind = kind(of: info) {
      throw DomainError.invalid("\(path) is not a regular file (it is a \(kind)); give \(purpose) a file name")
    }
    let target = FileIdentity(path)
    let resolvedTarget = resolved(path)
    for base in Set([database, resolved(database)]) {
      for suffix in [""] + companionSuffixes {
        let own = base + suffix
        guard (target != nil && FileIdentity(own) == target) || resolved(own) == resolvedTarget else { continue }
        let what = suffix.isEmpty ? "the database itself" : "one of the database's own files"
        throw DomainError.invalid("\(path) is \(what); give \(purpose) another file name")
      }
    }
  }

  /// `path` absolute, with every link resolved; for a file that does not exist, its folder's resolved path
  /// and its name.
  static func resolved(_ path: String) -> String {
    if let full = realPath(path) { return full }
    let url = URL(fileURLWithPath: path)
    let folder = realPath(url.deletingLastPathComponent().path) ?? url.deletingLastPathComponent().path
    return (folder == "/" ? "" : folder) + "/" + url.lastPathComponent
  }

  private static func realPath(_ path: String) -> String? {
    guard let pointer = realpath(path, nil) else { return nil }
    defer { free(pointer) }
    return String(cString: pointer)
  }

  /// Whether what is at `path`, links followed, is a folder: FileManager's `fileExists(atPath:isDirectory:)`,
  /// whose flag is an `ObjCBool` in Foundation and a `Bool` in FoundationEssentials; nil when nothing is there.
  public static func isFolder(_ path: String) -> Bool? {
    #if canImport(FoundationEssentials)
      var isDirectory = false
      guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return nil }
      return isDirectory
    #else
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return nil }
      return isDirectory.boolValue
    #endif
  }

  /// The size in bytes of what is at `path`, a link itself rather than what it points at (as FileManager's
  /// `attributesOfItem(atPath:)` gives it); 0 when nothing is there.
  public static func size(_ path: String) -> Int {
    var info = stat()
    guard lstat(path, &info) == 0 else { return 0 }
    return Int(info.st_size)
  }

  /// Removes `path` and its companion files, ignoring those that are not there.
  public static func remove(_ path: String) {
    for suffix in [""] + companionSuffixes { unlink(path + suffix) }
  }
}
