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

/// A psr database: the connection, the clock, and the repositories over it.
///
/// `Store.create(at:)` makes or upgrades a database (`psr init`); `Store.open(at:)` opens one that must
/// already exist and be fully migrated (every other command).
public final class Store {
  /// The connection. Repositories run their SQL on it.
  public let db: Database
  public let clock: Clock
  /// Who is acting: an officer handle or the login name, recorded on writes.
  public let actor: String
  /// Where the actor came from when the user named it (`--as`, `PSR_OFFICER`); nil for the login name.
  public let actorSource: String?

  /// Every migration compiled into this binary.
  public static let migrator = Migrator(migrations: Embedded.migrations)

  init(db: Database, clock: Clock, actor: String, actorSource: String? = nil) {
    self.db = db
    self.clock = clock
    self.actor = actor
    self.actorSource = actorSource
  }

  /// The acting officer, or nil when the actor is a login name that is no officer's handle. A handle the
  /// user named that is not an officer is an error, never a silent new name.
  public func actingOfficer() throws -> Officer? {
    if let officer = try officers.officer(actor) { return officer }
    if let actorSource {
      throw DomainError.invalid(
        "unknown officer '\(Validate.printable(actor))' given with \(actorSource); see 'psr officer list'")
    }
    return nil
  }

  /// Who to record as the actor of a write: checked by `actingOfficer()` first.
  public func recordedActor() throws -> String {
    _ = try actingOfficer()
    return actor
  }

  /// What `create(at:)` did.
  public struct Setup: Sendable, Equatable {
    /// True when the database was made now, in a new file or a 0-byte one.
    public var created: Bool
    /// The migrations applied now, by name.
    public var appliedMigrations: [String]
    /// Countries and regions loaded now (0 when they were there already).
    public var countriesLoaded: Int
    public var regionsLoaded: Int
  }

  /// Creates the database at `path` (mode 0600, its folder 0700 when created here) or opens the existing
  /// one, applies pending migrations, and loads the reference data a new database lacks.
  ///
  /// What is psr's is decided before a byte is written: a new file, a 0-byte file (made mode 0600), or a
  /// database psr's migrations made. Anything else (another program's SQLite file, one without tables, a
  /// pipe or a device) is refused as it is. A file made here is removed again, with the folders made for
  /// it, when setting it up fails (a full disk), and a 0-byte file is emptied again.
  public static func create(
    at path: String, clock: Clock = Clock(), actor: String = "psr"
  ) throws -> (Store, Setup) {
    var size = try DatabaseFiles.inspect(path)
    var madeFile = false
    var madeFolders: [String] = []
    if size == nil {
      madeFolders = try makeFolder(for: path)
      let descriptor = systemOpen(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
      if descriptor >= 0 {
        fchmod(descriptor, 0o600)
        close(descriptor)
        madeFile = true
        size = 0
      } else if errno == EEXIST {
        // Another psr created it a moment ago; use that one.
        size = try DatabaseFiles.inspect(path)
      } else {
        let reason = errno
        removeFolders(madeFolders)
        throw DomainError.file(
          errno: reason,
          "cannot create the database at \(path): \(String(cString: strerror(reason))); choose another path with --db")
      }
    }
    let wasEmpty = size == 0
    if wasEmpty && !madeFile && chmod(path, 0o600) != 0 {
      throw DomainError.file(
        errno: errno,
        "cannot make \(path) private (mode 0600): \(String(cString: strerror(errno))); choose another path with --db")
    }
    do {
      return try setUp(path, wasEmpty: wasEmpty, madeFile: madeFile, clock: clock, actor: actor)
    } catch {
      // The connection is closed here: what was made for this database goes, nothing else.
      if madeFile {
        DatabaseFiles.remove(path)
        removeFolders(madeFolders)
      } else if wasEmpty, let size = try? DatabaseFiles.inspect(path), size > 0 {
        if truncate(path, 0) == 0 { for suffix in DatabaseFiles.companionSuffixes { unlink(path + suffix) } }
      }
      throw translated(error, path: path)
    }
  }

  /// Migrates and loads the database at `path`, once it is known to be new, empty or psr's.
  private static func setUp(
    _ path: String, wasEmpty: Bool, madeFile: Bool, clock: Clock, actor: String
  ) throws -> (Store, Setup) {
    // The journal mode is set only once the file is known to be psr's: setting WAL writes its header.
    let db = try connect(path, mode: .readWrite, journalMode: nil)
    let applied: [String]
    do {
      if !wasEmpty, try migrator.pendingMigrations(in: db).count == migrator.migrations.count {
        throw notPsrs(path)
      }
      // A new file is migrated in the rollback journal's mode and switched to WAL after: a kill before the
      // first migration commits leaves it 0 bytes long, which the next 'psr init' fills.
      applied = try migrator.migrate(db, now: clock.now)
    } catch let error as MigrationError {
      throw refusal(error, path: path)
    }
    if !db.isReadOnly { try db.setJournalMode("WAL") }
    let store = Store(db: db, clock: clock, actor: actor)
    let (countries, regions) = try ReferenceData.load(into: db)
    if let state = try store.sync.state() { store.sync.installCapture(state) }
    return (
      store,
      Setup(
        created: wasEmpty, appliedMigrations: applied, countriesLoaded: countries, regionsLoaded: regions)
    )
  }

  /// Opens the existing, fully migrated database at `path`. Never creates a file, and writes nothing to a
  /// file that is not psr's.
  public static func open(
    at path: String, clock: Clock = Clock(), actor: String = "psr", actorSource: String? = nil
  ) throws -> Store {
    guard let size = try DatabaseFiles.inspect(path) else {
      throw DomainError.notFound("no psr database at \(path); create one with 'psr init'")
    }
    // An empty file is left untouched: opening it would write a header.
    if size == 0 {
      throw DomainError.invalid("\(path) is an empty file, not a psr database; set it up with 'psr init'")
    }
    do {
      // The file's journal mode is left alone until it is known to be psr's: setting WAL writes to it.
      let db = try connect(path, mode: .readWrite, journalMode: nil)
      let pending: [Migration]
      do {
        pending = try migrator.pendingMigrations(in: db)
      } catch let error as MigrationError {
        throw refusal(error, path: path)
      }
      if pending.count == migrator.migrations.count { throw notPsrs(path) }
      if !pending.isEmpty {
        throw DomainError.invalid(
          "the database at \(path) needs \(pending.count) pending migration(s); run 'psr init' to apply them")
      }
      // psr made it in WAL mode, so this changes nothing; it only fails on a file no one may write.
      try? db.setJournalMode("WAL")
      let store = Store(db: db, clock: clock, actor: actor, actorSource: actorSource)
      if let state = try store.sync.state() { store.sync.installCapture(state) }
      return store
    } catch {
      throw translated(error, path: path)
    }
  }

  private static func connect(_ path: String, mode: Database.Mode, journalMode: String? = "WAL") throws -> Database {
    do {
      return try Database(path: path, mode: mode, journalMode: journalMode)
    } catch let error as SQLiteError where ResultCode.notADatabase ~= error.code {
      throw DomainError.invalid("\(path) is not a psr database (SQLite says: \(error.message))")
    }
  }

  /// An SQLite file without a single migration of psr's: it may hold no table yet, but it is someone's.
  private static func notPsrs(_ path: String) -> DomainError {
    DomainError.invalid(
      "\(path) is an SQLite database that psr did not make; psr sets up only a new or 0-byte file: choose another path with --db"
    )
  }

  /// The error to report for `error` from opening or setting up the database at `path`, worded for the
  /// person: the cause (permission, full disk, damage) and what to do.
  private static func translated(_ error: Error, path: String) -> Error {
    guard let error = error as? SQLiteError else { return error }
    if error.isDiskFull {
      return DomainError(
        .io,
        "the disk is full, so psr could not use the database \(path); nothing was changed; free some space and try again"
      )
    }
    if error.code == .readOnlyRecovery {
      return DomainError(
        .permission,
        "the database \(path) has committed changes in \(path)-wal that you cannot read safely without write access beside it; ask its owner to run any psr command on it (which writes them into the file), then try again"
      )
    }
    if ResultCode.corrupt ~= error.code || ResultCode.notADatabase ~= error.code {
      return DomainError.invalid(
        "\(path) is a damaged database (SQLite says: \(error.message)); restore it from a backup")
    }
    if error.isPermissionDenied {
      return DomainError(
        .permission,
        "you may not open the database \(path) or make files beside it (permission denied); ask its owner for access, or work on a copy you may write"
      )
    }
    if ResultCode.cantOpen ~= error.code {
      return DomainError.notFound("cannot open the database at \(path): \(error.message)")
    }
    if ResultCode.ioError ~= error.code {
      return DomainError(
        .io,
        "psr could not read or write the database \(path) (SQLite says: \(error.message)); check the disk, then run 'psr check'"
      )
    }
    return error
  }

  private static func refusal(_ error: MigrationError, path: String) -> DomainError {
    switch error {
    case .notManaged:
      DomainError.invalid("\(path) is not a psr database: \(error); choose another path with --db")
    default:
      DomainError.invalid("refusing to use \(path): \(error); nothing was changed")
    }
  }

  /// Makes the missing folders above `path`, each with mode 0700; returns them, outermost first.
  static func makeFolder(for path: String) throws -> [String] {
    let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
    var missing: [URL] = []
    var current = folder
    while !FileManager.default.fileExists(atPath: current.path), current.path != "/" {
      missing.append(current)
      current = current.deletingLastPathComponent()
    }
    var made: [String] = []
    for url in missing.reversed() {
      if mkdir(url.path, 0o700) == 0 {
        made.append(url.path)
      } else if errno != EEXIST {
        let reason = errno
        removeFolders(made)
        throw DomainError.file(
          errno: reason,
          "cannot create the folder \(url.path): \(String(cString: strerror(reason))); choose another path with --db")
      }
    }
    return made
  }

  /// Removes folders made by `makeFolder`, innermost first, each only while it is empty.
  static func removeFolders(_ folders: [String]) {
    for folder in folders.reversed() { rmdir(folder) }
  }

  /// Runs `body` in one read transaction, so that what it reads is one consistent snapshot.
  public func read<T>(_ body: () throws -> T) throws -> T { try db.read(body) }

  /// Prints each statement's run time and SQL to standard error (`PSR_PROFILE=1`).
  public func profileStatements() { db.profileStatements() }

  // MARK: Repositories

  public var regions: RegionRepository { RegionRepository(db: db) }
  public var priorities: PriorityRepository { PriorityRepository(store: self) }
  public var countries: CountryRepository { CountryRepository(db: db) }
  public var officers: OfficerRepository { OfficerRepository(db: db, clock: clock) }
  public var producers: ProducerRepository { ProducerRepository(store: self) }
  public var certification: CertificationRepository { CertificationRepository(store: self) }
  public var audits: AuditRepository { AuditRepository(store: self) }
  public var readiness: ReadinessRepository { ReadinessRepository(store: self) }
  public var reports: ReportRepository { ReportRepository(store: self) }
  public var maintenance: MaintenanceRepository { MaintenanceRepository(store: self) }
  public var cases: CaseRepository { CaseRepository(store: self) }
  public var activities: ActivityRepository { ActivityRepository(store: self) }
  public var insights: InsightRepository { InsightRepository(store: self) }
  public var search: SearchRepository { SearchRepository(db: db) }
  public var sync: SyncRepository { SyncRepository(store: self) }
}
