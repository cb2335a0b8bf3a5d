import Foundation
import SQLite

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
    /// True when the file was made now.
    public var created: Bool
    /// The migrations applied now, by name.
    public var appliedMigrations: [String]
    /// Countries and regions loaded now (0 when they were there already).
    public var countriesLoaded: Int
    public var regionsLoaded: Int
  }

  /// Creates the database at `path` (mode 0600, its folder 0700 when created here) or opens the existing
  /// one, applies pending migrations, and loads the reference data a new database lacks.
  public static func create(
    at path: String, clock: Clock = Clock(), actor: String = "psr"
  ) throws -> (Store, Setup) {
    var created = false
    if !FileManager.default.fileExists(atPath: path) {
      try makeFolder(for: path)
      let descriptor = Foundation.open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
      // EEXIST: another psr created it a moment ago; use that one.
      if descriptor < 0 && errno == EEXIST {
        created = false
      } else if descriptor < 0 {
        throw DomainError.invalid(
          "cannot create the database at \(path): \(String(cString: strerror(errno))); choose another path with --db")
      } else {
        fchmod(descriptor, 0o600)
        close(descriptor)
        created = true
      }
    }
    let db = try connect(path, mode: .readWrite)
    let applied: [String]
    do {
      applied = try migrator.migrate(db, now: clock.now)
    } catch let error as MigrationError {
      throw refusal(error, path: path)
    }
    let store = Store(db: db, clock: clock, actor: actor)
    let (countries, regions) = try ReferenceData.load(into: db)
    return (
      store,
      Setup(created: created, appliedMigrations: applied, countriesLoaded: countries, regionsLoaded: regions)
    )
  }

  /// Opens the existing, fully migrated database at `path`. Never creates a file.
  public static func open(
    at path: String, clock: Clock = Clock(), actor: String = "psr", actorSource: String? = nil
  ) throws -> Store {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw DomainError.notFound("no psr database at \(path); create one with 'psr init'")
    }
    if isDirectory.boolValue {
      throw DomainError.invalid("\(path) is a folder, not a psr database; give the database file with --db")
    }
    // An empty file is left untouched: opening it would write a header.
    if let size = try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int, size == 0 {
      throw DomainError.invalid("\(path) is an empty file, not a psr database; set it up with 'psr init'")
    }
    // The file's journal mode is left alone until it is known to be psr's: setting WAL writes to it.
    let db = try connect(path, mode: .readWrite, journalMode: nil)
    let pending: [Migration]
    do {
      pending = try migrator.pendingMigrations(in: db)
    } catch let error as MigrationError {
      throw refusal(error, path: path)
    } catch let error as SQLiteError where error.code ~= .corrupt || error.code ~= .notADatabase {
      throw DomainError.invalid(
        "\(path) is a damaged database (SQLite says: \(error.message)); restore it from a backup")
    }
    if pending.count == migrator.migrations.count {
      throw DomainError.invalid("\(path) is an empty database; set it up with 'psr init'")
    }
    if !pending.isEmpty {
      throw DomainError.invalid(
        "the database at \(path) needs \(pending.count) pending migration(s); run 'psr init' to apply them")
    }
    // psr made it in WAL mode, so this changes nothing; it only fails on a file no one may write.
    try? db.setJournalMode("WAL")
    return Store(db: db, clock: clock, actor: actor, actorSource: actorSource)
  }

  private static func connect(_ path: String, mode: Database.Mode, journalMode: String? = "WAL") throws -> Database {
    do {
      return try Database(path: path, mode: mode, journalMode: journalMode)
    } catch let error as SQLiteError where error.code ~= .notADatabase {
      throw DomainError.invalid("\(path) is not a psr database (SQLite says: \(error.message))")
    } catch let error as SQLiteError where error.code ~= .corrupt {
      throw DomainError.invalid(
        "\(path) is a damaged database (SQLite says: \(error.message)); restore it from a backup")
    } catch let error as SQLiteError where error.code ~= .cantOpen {
      throw DomainError.notFound("cannot open the database at \(path): \(error.message)")
    }
  }

  private static func refusal(_ error: MigrationError, path: String) -> DomainError {
    switch error {
    case .notManaged:
      DomainError.invalid("\(path) is not a psr database: \(error); choose another path with --db")
    default:
      DomainError.invalid("refusing to use \(path): \(error); nothing was changed")
    }
  }

  /// Makes the missing folders above `path`, each with mode 0700.
  private static func makeFolder(for path: String) throws {
    let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
    var missing: [URL] = []
    var current = folder
    while !FileManager.default.fileExists(atPath: current.path), current.path != "/" {
      missing.append(current)
      current = current.deletingLastPathComponent()
    }
    for url in missing.reversed() {
      guard mkdir(url.path, 0o700) == 0 || errno == EEXIST else {
        throw DomainError.invalid(
          "cannot create the folder \(url.path): \(String(cString: strerror(errno))); choose another path with --db")
      }
    }
  }

  /// Runs `body` in one read transaction, so that what it reads is one consistent snapshot.
  public func read<T>(_ body: () throws -> T) throws -> T { try db.read(body) }

  /// Prints each statement's run time and SQL to standard error (`PSR_PROFILE=1`).
  public func profileStatements() { db.profileStatements() }

  // MARK: Repositories

  public var regions: RegionRepository { RegionRepository(db: db) }
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
}
