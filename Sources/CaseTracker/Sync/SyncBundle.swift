import SQLite

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

/// One accepted change of the hub's log, or one pending change of a replica (its `seq` then 0).
/// One entry of the hub's ordered log: a change as accepted, at its position.
public struct LogEntry: Equatable, Sendable {
  public var seq: Int
  public var changeID: String
  public var origin: String
  public var actor: String
  public var at: String
  public var changeset: Data

  public init(seq: Int, changeID: String, origin: String, actor: String, at: String, changeset: Data) {
    self.seq = seq
    self.changeID = changeID
    self.origin = origin
    self.actor = actor
    self.at = at
    self.changeset = changeset
  }
}

/// A bundle file: changes carried by hand (a USB stick, an e-mail) between a replica and the hub, for an
/// officer with no connection for weeks (DESIGN.md "Sync"). It is a small SQLite file of its own, written
/// whole under a temporary name and renamed into place; its header and every change are covered by a
/// SHA-256 checksum, so a file damaged or cut short in transit is refused before anything is applied.
struct SyncBundle: Sendable {
  enum Kind: String, Sendable {
    /// A replica's pending changes, for `psr hub import`.
    case changes
    /// The hub's log after a position, for `psr sync import` on an officer's replica.
    case log
  }

  static let format = 1

  var kind: Kind
  var unitID: String
  /// The replica that wrote its changes (changes), or the hub's own id (log).
  var origin: String
  /// Who exported the changes, or whom the hub's log is for.
  var officer: String
  /// Changes: the replica's number for this bundle, from 1; log: 0.
  var number: Int
  /// Changes: the earlier bundle of the same replica that the hub must have imported first, 0 for none.
  var requires: Int
  /// Changes: the hub's log position the replica had applied; log: the position the entries start after.
  var position: Int
  /// Log: the position of its last entry (the same as `position` when it holds none).
  var through: Int
  /// The applied migrations of the database that wrote it.
  var schema: [String]
  var createdAt: String
  var entries: [LogEntry]

  var checksum: String {
    var bytes = Data()
    let header = [
      "psr-bundle", String(Self.format), kind.rawValue, unitID, origin, officer, String(number), String(requires),
      String(position), String(through), schema.joined(separator: ","), createdAt, String(entries.count),
    ]
    bytes.append(contentsOf: Array(header.joined(separator: "\t").utf8) + [0x0a])
    for entry in entries {
      let line = [
        String(entry.seq), entry.changeID, entry.origin, entry.actor, entry.at, String(entry.changeset.count),
      ]
      bytes.append(contentsOf: Array(line.joined(separator: "\t").utf8) + [0x0a])
      bytes.append(entry.changeset)
    }
    return SHA256.hex(bytes)
  }

  /// Writes the bundle to `path`, which must not exist yet (nothing is ever overwritten).
  func write(to path: String) throws {
    try Self.checkNew(path)
    let partial = try PartialFile(for: path) { "cannot write the bundle \(path): \($0); choose another path" }
    partial.closeFile()
    do {
      try writeFile(partial.path)
      try partial.commit()
    } catch {
      partial.discard()
      if let error = error as? SQLiteError, error.isDiskFull {
        throw DomainError(.io, "the disk is full: the bundle \(path) was not written; free some space and try again")
      }
      if let error = error as? POSIXError {
        throw DomainError.file(
          errno: error.code.rawValue,
          "cannot put the bundle at \(path): \(String(cString: strerror(error.code.rawValue))); choose another path")
      }
      throw error
    }
  }

  /// Throws when `path` is taken: a bundle is always written to a new file.
  static func checkNew(_ path: String) throws {
    var info = stat()
    if lstat(path, &info) == 0 {
      throw DomainError.invalid("\(path) exists already; write the bundle to a new file name")
    }
  }

  private func writeFile(_ path: String) throws {
    let db = try Database(path: path, mode: .readWrite, journalMode: "DELETE")
    try db.writeUncaptured {
      try db.execute(
        script: """
          CREATE TABLE psr_bundle (
            id INTEGER PRIMARY KEY CHECK (id = 1), format INTEGER NOT NULL, kind TEXT NOT NULL, unit_id TEXT NOT NULL,
            origin TEXT NOT NULL, officer TEXT NOT NULL, number INTEGER NOT NULL, requires INTEGER NOT NULL,
            position INTEGER NOT NULL, through INTEGER NOT NULL, schema TEXT NOT NULL, created_at TEXT NOT NULL,
            changes INTEGER NOT NULL, checksum TEXT NOT NULL
          ) STRICT;
          CREATE TABLE psr_changes (
            n INTEGER PRIMARY KEY, seq INTEGER NOT NULL, change_id TEXT NOT NULL, origin TEXT NOT NULL,
            actor TEXT NOT NULL, at TEXT NOT NULL, changeset BLOB NOT NULL
          ) STRICT;
          """)
      try db.execute(
        """
        INSERT INTO psr_bundle (id, format, kind, unit_id, origin, officer, number, requires, position, through, schema,
          created_at, changes, checksum)
        VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
        [
          Self.format, kind.rawValue, unitID, origin, officer, number, requires, position, through,
          schema.joined(separator: ","), createdAt, entries.count, checksum,
        ])
      let insert = try db.cachedStatement(
        "INSERT INTO psr_changes (seq, change_id, origin, actor, at, changeset) VALUES (?, ?, ?, ?, ?, ?)")
      for entry in entries {
        try insert.execute([
          entry.seq, entry.changeID, entry.origin, entry.actor, entry.at, [UInt8](entry.changeset),
        ])
      }
    }
  }

  /// Reads and checks the bundle at `path`: a psr bundle of this format, whole (its checksum matches).
  static func read(_ path: String) throws -> SyncBundle {
    var info = stat()
    guard stat(path, &info) == 0 else {
      if errno == ENOENT { throw DomainError.notFound("no bundle at \(path): the file is not there; check the path") }
      throw DomainError.file(errno: errno, "cannot read the bundle \(path): \(String(cString: strerror(errno)))")
    }
    guard (info.st_mode & S_IFMT) == S_IFREG else {
      throw DomainError.invalid(
        "\(path) is not a bundle file (it is a folder or a special file); give a .psrbundle file")
    }
    guard access(path, R_OK) == 0 else {
      throw DomainError(
        .permission, "you may not read the bundle \(path) (permission denied); check the file's permissions")
    }
    let damaged = DomainError.invalid(
      "\(path) is not a psr bundle, or it was damaged or cut short on its way; ask for it to be exported again")
    let bundle: SyncBundle
    do {
      let db = try Database(path: path, mode: .readOnly, journalMode: nil)
      guard let header = try db.row("SELECT * FROM psr_bundle WHERE id = 1") else { throw damaged }
      let format: Int = try header.decode("format")
      guard format == Self.format else {
        throw DomainError.invalid(
          "\(path) is a bundle of format \(format), which this psr does not read; upgrade psr on both sides first")
      }
      guard let kind = Kind(rawValue: try header.decode("kind")) else { throw damaged }
      let entries = try db.rows("SELECT * FROM psr_changes ORDER BY n").map { row in
        LogEntry(
          seq: try row.decode("seq"), changeID: try row.decode("change_id"), origin: try row.decode("origin"),
          actor: try row.decode("actor"), at: try row.decode("at"),
          changeset: Data(try row.decode("changeset") as [UInt8]))
      }
      let schema: String = try header.decode("schema")
      bundle = SyncBundle(
        kind: kind, unitID: try header.decode("unit_id"), origin: try header.decode("origin"),
        officer: try header.decode("officer"), number: try header.decode("number"),
        requires: try header.decode("requires"), position: try header.decode("position"),
        through: try header.decode("through"), schema: schema.split(separator: ",").map(String.init),
        createdAt: try header.decode("created_at"), entries: entries)
      guard try header.decode("changes") as Int == entries.count,
        try header.decode("checksum") as String == bundle.checksum
      else { throw damaged }
    } catch let error as DomainError {
      throw error
    } catch {
      throw damaged
    }
    return bundle
  }
}
