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

/// One thing `psr check` looked at.
public struct CheckResult: Equatable, Sendable {
  /// What a check found: nothing wrong, something to fix that breaks no rule, or a broken rule.
  public enum Outcome: String, Sendable {
    case ok
    /// Worth fixing, but the database is sound: `psr check` still exits 0.
    case warning
    case failed
  }

  public var name: String
  public var outcome: Outcome
  /// What was found: "no problem", or the problems.
  public var detail: String
  /// Problems to show one a line under the check (each difference `schema` found); empty for the others,
  /// whose problems are in `detail`.
  public var lines: [String] = []

  /// False only for a failed check; a warning passes.
  public var passed: Bool { outcome != .failed }
}

/// Backups and integrity checks.
public struct MaintenanceRepository {
  let store: Store
  var db: Database { store.db }

  /// Refreshes the query planner's statistics after a bulk load, reading at most about 1,000 rows of each
  /// index (https://www.sqlite.org/lang_analyze.html#approx): seconds saved on a big file, plans unchanged.
  public func analyze() throws {
    try db.execute("PRAGMA analysis_limit = 1000")
    try db.execute("ANALYZE")
  }

  /// Writes a consistent copy of the database to `path` (mode 0600) with SQLite's backup API while other
  /// processes may write, then checks the copy's integrity before reporting it done. A copy that fails the
  /// check is removed. Returns the size in bytes.
  /// `verification` is the check run on the copy: the full integrity check for a backup, or SQLite's
  /// quick check (every page and row read, the indexes not compared with their tables) where the copy
  /// is of a database checked at the other end, as a clone of the hub is.
  @discardableResult
  public func backup(
    to path: String, replace: Bool = false, verification: BackupVerification = .integrity,
    progress: ((_ copied: Int, _ total: Int) -> Void)? = nil
  ) throws -> Int {
    if let isFolder = DatabaseFiles.isFolder(path) {
      if isFolder {
        throw DomainError.invalid("\(path) is a folder; give the backup a file name, such as \(path)/psr-backup.sqlite")
      }
    }
    // The database's -wal or -shm replaced by a backup loses or corrupts what it holds.
    try DatabaseFiles.checkTarget(path, database: db.path, purpose: "the backup")
    if FileManager.default.fileExists(atPath: path), !replace {
      throw DomainError.invalid("\(path) already exists; give --force to replace it, or another file name")
    }
    // Written beside the target under a temporary name and renamed into place once checked, so that a
    // failed backup leaves any earlier one as it was.
    let partial = try PartialFile(for: path) { "cannot create the backup \(path): \($0); choose another path" }
    partial.closeFile()
    do {
      try db.backup(to: partial.path, progress: progress)
      // Read-write, so that closing it removes the -wal and -shm it makes: the copy is one file.
      let result: String =
        try Database(path: partial.path, mode: .readWrite, journalMode: nil).scalar(
          verification == .integrity ? "PRAGMA integrity_check" : "PRAGMA quick_check") ?? "no result"
      guard result == "ok" else {
        throw DomainError(.invalid, "the backup \(path) failed its integrity check (\(result)); it was not made")
      }
      try partial.commit()
    } catch {
      partial.discard()
      if let error = error as? SQLiteError, error.isDiskFull {
        throw DomainError(
          .io,
          "the disk is full: the backup \(path) was not made (any earlier one is untouched); free some space and try again"
        )
      }
      if let error = error as? POSIXError {
        throw DomainError.file(
          errno: error.code.rawValue,
          "cannot put the backup at \(path): \(String(cString: strerror(error.code.rawValue))); any earlier one is untouched"
        )
      }
      throw error
    }
    return DatabaseFiles.size(path)
  }

  /// Checks the database: SQLite's integrity check, foreign keys, migrations, that every table, index,
  /// trigger and view is exactly what the migrations create (and nothing else is there), that the
  /// append-only timelines are whole (sequences without gaps, every case opened first), and that the
  /// search index matches its documents; and warns of countries of no region that hold records.
  public func check() throws -> [CheckResult] {
    var results: [CheckResult] = []
    func record(_ name: String, _ problems: [String], ok: String) {
      results.append(
        CheckResult(
          name: name, outcome: problems.isEmpty ? .ok : .failed,
          detail: problems.isEmpty
            ? ok
            : problems.prefix(10).joined(separator: "; ")
              + (problems.count > 10 ? "; and \(problems.count - 10) more" : "")))
    }
    try db.read {
      let integrity: [String] = try db.rows("PRAGMA integrity_check").map { try $0.decode(at: 0) }
      record("integrity", integrity == ["ok"] ? [] : integrity, ok: "SQLite's integrity check found no problem")
      let foreignKeys = try db.rows("PRAGMA foreign_key_check").map { row -> String in
        let table: String = try row.decode(at: 0)
        let parent: String = try row.decode(at: 2)
        return "a row of \(table) points at a missing \(parent)"
      }
      record("foreign keys", foreignKeys, ok: "every reference points at a row")
      var migrationProblems: [String] = []
      do {
        let pending = try Store.migrator.pendingMigrations(in: db)
        if !pending.isEmpty {
          migrationProblems.append(
            "\(pending.count) pending: \(pending.map(\.name).joined(separator: ", ")); run 'psr init'")
        }
      } catch let error as MigrationError {
        migrationProblems.append("\(error)")
      }
      record(
        "migrations", migrationProblems,
        ok: "all \(Store.migrator.migrations.count) applied, each matching this version's checksum")
      if migrationProblems.isEmpty {
        let differences = try schemaProblems()
        results.append(
          CheckResult(
            name: "schema", outcome: differences.isEmpty ? .ok : .failed,
            detail: differences.isEmpty
              ? "every table, index, trigger and view is as the migrations create it, and there is nothing else"
              : "\(differences.count) difference(s) from what psr's migrations create:",
            lines: Array(differences.prefix(50))
              + (differences.count > 50 ? ["and \(differences.count - 50) more"] : [])))
      } else {
        record("schema", ["not compared until the migrations are in order"], ok: "")
      }
      // Rows stored before 0006_bounds may hold counts a command would refuse today.
      var bounds = try db.rows(
        "SELECT id, women, men, other FROM activities WHERE women > ? OR men > ? OR other > ? OR women + men + other > ? LIMIT 20",
        Array(repeating: Bounds.participants.upperBound, count: 4)
      ).map { row in
        "activity \((try row.decode("id") as String).prefix(8)) has \(try row.decode("women") as Int) women, \(try row.decode("men") as Int) men and \(try row.decode("other") as Int) other participants, over \(Bounds.participants.upperBound) in all"
      }
      bounds += try db.rows(
        "SELECT id, members FROM producers WHERE members > ? LIMIT 20", [Bounds.members.upperBound]
      ).map { row in
        "producer \((try row.decode("id") as String).prefix(8)) has \(try row.decode("members") as Int) members, over \(Bounds.members.upperBound)"
      }
      record("bounds", bounds, ok: "every count is within psr's bounds")
      let triggers = Set(
        try db.rows("SELECT name FROM sqlite_schema WHERE type = 'trigger'").map { try $0.decode("name") as String })
      let needed = [
        "case_events_append_only_update", "case_events_append_only_delete", "case_events_no_replace",
        "producer_status_changes_append_only_update", "producer_status_changes_append_only_delete",
        "producer_status_changes_no_replace",
      ]
      var timeline = needed.filter { !triggers.contains($0) }.map { "trigger \($0) is missing" }
      // Timelines are ordered by instant (DESIGN.md "Sync"): each case's first event is its opening, and
      // each producer's status is the last of its history.
      timeline += try db.rows(
        """
        SELECT c.id FROM cases c WHERE (
          SELECT e.kind FROM case_events e WHERE e.case_id = c.id ORDER BY e.at, e.seq, e.id LIMIT 1
        ) IS NOT 'opened' LIMIT 20
        """
      ).map { "case \((try $0.decode("id") as String).prefix(8)) does not start with its opening" }
      timeline += try db.rows(
        """
        SELECT p.id FROM producers p WHERE p.status IS NOT (
          SELECT s.to_status FROM producer_status_changes s WHERE s.producer_id = p.id
          ORDER BY s.on_date DESC, s.at DESC, s.seq DESC, s.id DESC LIMIT 1)
        LIMIT 20
        """
      ).map { "producer \((try $0.decode("id") as String).prefix(8)) has a status its history does not end with" }
      let events: Int = try db.scalar("SELECT count(*) FROM case_events") ?? 0
      let changes: Int = try db.scalar("SELECT count(*) FROM producer_status_changes") ?? 0
      record(
        "timelines", timeline,
        ok: "append-only triggers in place; \(events) case events and \(changes) status changes, each case opened first"
      )
    }
    // After the read transaction: the index's own check is a write (rolled back), which must take the
    // write lock first rather than upgrade a read snapshot another process may have moved past.
    let (searchProblems, readOnly) = try searchIndexProblems()
    let documents: Int = try db.scalar("SELECT count(*) FROM search_docs") ?? 0
    record(
      "search index", searchProblems,
      ok: readOnly
        ? "all \(documents) documents indexed (the file is read-only for you, so FTS5's own check did not run)"
        : "FTS5's integrity check found the index matching its \(documents) documents")
    results.append(try syncCheck())
    results.append(try placesCheck())
    return results
  }
}

/// How a backup's copy is checked before it is reported done.
public enum BackupVerification: Sendable {
  /// `PRAGMA integrity_check`: every page, row and index entry.
  case integrity
  /// `PRAGMA quick_check`: every page and row, without comparing the indexes with their tables.
  case quick
}

/// A file's device and inode, to tell whether two paths (links included) are the same file.
public struct FileIdentity: Equatable {
  let device: UInt64
  let inode: UInt64

  /// Nil when the path does not exist.
  public init?(_ path: String) {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    device = UInt64(info.st_dev)
    inode = UInt64(info.st_ino)
  }
}
