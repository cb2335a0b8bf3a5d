#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// One schema migration: a name that orders it and its SQL.
public struct Migration: Sendable, Equatable {
  /// The file name without extension, such as `0001_registry`; migrations run in name order.
  public let name: String
  /// The SQL script.
  public let sql: String

  /// SHA-256 of the SQL's UTF-8 bytes, recorded when the migration is applied.
  public let checksum: String

  public init(name: String, sql: String) {
    self.init(name: name, sql: sql, checksum: SHA256.hex(sql.utf8))
  }

  /// A migration whose checksum was worked out beforehand: psr's own are hashed at build time (EmbedTool), so
  /// that opening a database hashes nothing. Debug builds check it.
  public init(name: String, sql: String, checksum: String) {
    assert(checksum == SHA256.hex(sql.utf8), "the checksum given for migration \(name) is not its SQL's")
    self.name = name
    self.sql = sql
    self.checksum = checksum
  }
}

/// Why the migrator refused a database. Nothing was changed when it throws one of these.
public enum MigrationError: Error, Equatable, CustomStringConvertible {
  /// The database records a migration this binary does not know: it was made by a newer psr.
  case unknownMigration(name: String)
  /// A recorded migration's checksum differs from the binary's file of the same name.
  case checksumMismatch(name: String, recorded: String, expected: String)
  /// A migration left rows that break a foreign key.
  case foreignKeyViolation(migration: String, table: String, count: Int)
  /// The file holds tables but no migration record: it is not a database this program made.
  case notManaged(tables: [String])

  public var description: String {
    switch self {
    case .unknownMigration(let name):
      "the database has migration '\(name)', which this version does not know; use a newer version"
    case .checksumMismatch(let name, _, _):
      "migration '\(name)' in the database differs from this version's; the database was made by a different build"
    case .foreignKeyViolation(let migration, let table, let count):
      "migration '\(migration)' left \(count) row(s) in '\(table)' that break a foreign key"
    case .notManaged(let tables):
      "the file holds tables (\(tables.prefix(5).joined(separator: ", "))) but no migration record"
    }
  }
}

/// Applies ordered migrations, each in its own transaction, and records them by name, checksum and time.
public struct Migrator: Sendable {
  /// The table where applied migrations are recorded.
  public static let table = "schema_migrations"
  /// Every migration this binary knows, in order.
  public let migrations: [Migration]

  public init(migrations: [Migration]) {
    self.migrations = migrations.sorted { $0.name < $1.name }
  }

  /// This binary's schema version: its migrations as `name:checksum`, in order.
  public var schemaVersion: [String] { migrations.map { "\($0.name):\($0.checksum)" } }

  /// The applied migrations' names, after checking every one against this binary's; throws
  /// `MigrationError` when the database is not one this binary can safely use. Reads only.
  public func appliedMigrations(in db: Database) throws -> [String] {
    try db.read {
      // SQLite reserves only names that begin with "sqlite_"; in LIKE an unescaped _ matches any character,
      // which would hide a table named sqlite3_notes.
      let tables: [String] = try db.rows(
        #"""
        SELECT name FROM sqlite_schema WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\_%' ESCAPE '\'
        ORDER BY name
        """#
      ).map { try $0.decode("name") }
      guard tables.contains(Self.table) else {
        if !tables.isEmpty { throw MigrationError.notManaged(tables: tables) }
        return []
      }
      // Other tools keep a schema_migrations table of their own (Rails: one `version` column).
      let columns = Set(
        try db.rows("SELECT name FROM pragma_table_info(?)", [Self.table]).map { try $0.decode("name") as String })
      guard columns.isSuperset(of: ["name", "checksum", "applied_at"]) else {
        throw MigrationError.notManaged(tables: tables)
      }
      let known = Dictionary(uniqueKeysWithValues: migrations.map { ($0.name, $0) })
      var names: [String] = []
      for row in try db.rows("SELECT name, checksum FROM \(Self.table) ORDER BY name") {
        let name: String = try row.decode("name")
        let checksum: String = try row.decode("checksum")
        guard let migration = known[name] else { throw MigrationError.unknownMigration(name: name) }
        guard migration.checksum == checksum else {
          throw MigrationError.checksumMismatch(name: name, recorded: checksum, expected: migration.checksum)
        }
        names.append(name)
      }
      // An empty record beside other tables: those tables are not ours.
      if names.isEmpty && tables != [Self.table] {
        throw MigrationError.notManaged(tables: tables.filter { $0 != Self.table })
      }
      return names
    }
  }

  /// The migrations not yet applied, in order.
  public func pendingMigrations(in db: Database) throws -> [Migration] {
    let applied = Set(try appliedMigrations(in: db))
    return migrations.filter { !applied.contains($0.name) }
  }

  /// Applies every pending migration, each in its own IMMEDIATE transaction with a foreign-key check
  /// before commit. Returns the names applied. A failing migration rolls back whole and stops the run;
  /// those before it stay applied.
  /// The first line of a migration that must run with foreign keys off.
  public static let foreignKeysOffMarker = "-- psr: foreign keys off while this migration runs"

  @discardableResult
  public func migrate(_ db: Database, now: () -> String) throws -> [String] {
    var applied: [String] = []
    for migration in try pendingMigrations(in: db) {
      // A migration that rebuilds tables others reference (SQLite's twelve steps) runs with foreign keys off;
      // the check before commit still finds any row it left broken.
      let rebuilds = migration.sql.hasPrefix(Self.foreignKeysOffMarker)
      if rebuilds { try db.execute(script: "PRAGMA foreign_keys = OFF") }
      defer { if rebuilds { try? db.execute(script: "PRAGMA foreign_keys = ON") } }
      try db.write {
        // Checked again inside the lock: another process may have migrated meanwhile.
        guard try pendingMigrations(in: db).contains(migration) else { return }
        try db.execute(
          script: """
            CREATE TABLE IF NOT EXISTS \(Self.table) (
              name TEXT PRIMARY KEY,
              checksum TEXT NOT NULL,
              applied_at TEXT NOT NULL
            ) STRICT;
            """)
        try db.execute(script: migration.sql)
        let violations = try db.rows("PRAGMA foreign_key_check")
        if let first = violations.first {
          let table: String = try first.decode(at: 0)
          throw MigrationError.foreignKeyViolation(
            migration: migration.name, table: table, count: violations.count)
        }
        try db.execute(
          "INSERT INTO \(Self.table) (name, checksum, applied_at) VALUES (?, ?, ?)",
          [migration.name, migration.checksum, now()])
        applied.append(migration.name)
      }
    }
    return applied
  }
}
