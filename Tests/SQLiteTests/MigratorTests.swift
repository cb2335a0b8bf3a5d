import Testing

@testable import SQLite

@Suite struct MigratorTests {
  private static let now = "2024-05-06T07:08:09Z"

  private let parent = Migration(name: "0001_parent", sql: "CREATE TABLE parent (id INTEGER PRIMARY KEY);")
  private let child = Migration(
    name: "0002_child",
    sql: """
      ALTER TABLE parent ADD COLUMN label TEXT;
      CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES parent(id));
      """)

  /// Every schema object and every migration record, to show a refused migrate changed nothing.
  private func snapshot(_ db: Database) throws -> [[DatabaseValue]] {
    let schema = try db.rows("SELECT type, name, sql FROM sqlite_schema ORDER BY type, name").map(\.values)
    let records = try db.rows("SELECT name, checksum, applied_at FROM schema_migrations ORDER BY name").map(\.values)
    return schema + [[.text("--")]] + records
  }

  private func migrated(with migrations: [Migration]) throws -> Database {
    let db = try Database()
    try Migrator(migrations: migrations).migrate(db, now: { Self.now })
    return db
  }

  @Test func appliesMigrationsInNameOrderAndRecordsThem() throws {
    let db = try Database()
    let migrator = Migrator(migrations: [child, parent])
    #expect(migrator.migrations.map(\.name) == ["0001_parent", "0002_child"])
    #expect(try migrator.appliedMigrations(in: db) == [])
    #expect(try migrator.pendingMigrations(in: db) == [parent, child])

    let applied = try migrator.migrate(db, now: { Self.now })
    #expect(applied == ["0001_parent", "0002_child"])
    #expect(try db.tableNames() == ["child", "parent", "schema_migrations"])
    #expect(try migrator.appliedMigrations(in: db) == ["0001_parent", "0002_child"])
    #expect(try migrator.pendingMigrations(in: db) == [])

    let records = try db.rows("SELECT name, checksum, applied_at FROM schema_migrations ORDER BY rowid")
    #expect(try records.map { try $0.decode("name", as: String.self) } == ["0001_parent", "0002_child"])
    for (record, migration) in zip(records, [parent, child]) {
      let checksum: String = try record.decode("checksum")
      #expect(checksum.count == 64)
      #expect(checksum.allSatisfy { "0123456789abcdef".contains($0) })
      #expect(checksum == SHA256.hex(migration.sql.utf8))
      #expect(try record.decode("applied_at", as: String.self) == Self.now)
    }
    #expect(
      try records[0].decode("checksum", as: String.self)
        == "5b0807496cc09fb66455325c6bfdd3cdc90079be7c83a827d495f86ed5002892")
  }

  @Test func secondMigrateAppliesNothing() throws {
    let db = try migrated(with: [parent, child])
    let before = try snapshot(db)
    let again = try Migrator(migrations: [parent, child]).migrate(db, now: { "later" })
    #expect(again == [])
    #expect(try snapshot(db) == before)
  }

  @Test func laterMigrationIsAppliedAlone() throws {
    let db = try migrated(with: [parent])
    let applied = try Migrator(migrations: [parent, child]).migrate(db, now: { "later" })
    #expect(applied == ["0002_child"])
    #expect(try db.scalar("SELECT applied_at FROM schema_migrations WHERE name = '0001_parent'") == Self.now)
    #expect(try db.scalar("SELECT applied_at FROM schema_migrations WHERE name = '0002_child'") == "later")
  }

  @Test func changedMigrationIsRefused() throws {
    let db = try migrated(with: [parent])
    let before = try snapshot(db)
    let changed = Migration(name: parent.name, sql: "CREATE TABLE parent (id INTEGER PRIMARY KEY, x TEXT);")
    let migrator = Migrator(migrations: [changed, child])
    let expected = MigrationError.checksumMismatch(
      name: "0001_parent", recorded: parent.checksum, expected: changed.checksum)
    #expect(throws: expected) { try migrator.migrate(db, now: { "later" }) }
    #expect(throws: expected) { try migrator.appliedMigrations(in: db) }
    #expect(try snapshot(db) == before)
    #expect(db.isInTransaction == false)
  }

  @Test func unknownMigrationIsRefused() throws {
    let db = try migrated(with: [parent, child])
    let before = try snapshot(db)
    let migrator = Migrator(migrations: [parent])
    #expect(throws: MigrationError.unknownMigration(name: "0002_child")) { try migrator.migrate(db, now: { "later" }) }
    #expect(throws: MigrationError.unknownMigration(name: "0002_child")) { try migrator.pendingMigrations(in: db) }
    #expect(try snapshot(db) == before)
  }

  @Test func failingMigrationRollsBackWhole() throws {
    let db = try Database()
    let broken = Migration(
      name: "0002_broken",
      sql: """
        CREATE TABLE broken (id INTEGER PRIMARY KEY);
        INSERT INTO broken (id) VALUES (1);
        INSERT INTO parent (id VALUES (1);
        """)
    let third = Migration(name: "0003_third", sql: "CREATE TABLE third (id INTEGER PRIMARY KEY);")
    let migrator = Migrator(migrations: [third, broken, parent])
    let error = try #require(throws: SQLiteError.self) { try migrator.migrate(db, now: { Self.now }) }
    #expect(error.code == .error)
    #expect(error.message == #"near "VALUES": syntax error"#)
    #expect(db.isInTransaction == false)
    #expect(try db.tableNames() == ["parent", "schema_migrations"])
    #expect(try migrator.appliedMigrations(in: db) == ["0001_parent"])
    #expect(try migrator.pendingMigrations(in: db).map(\.name) == ["0002_broken", "0003_third"])
  }

  @Test func migrationBreakingAConstraintRollsBack() throws {
    let db = try migrated(with: [parent])
    let duplicate = Migration(
      name: "0002_duplicate",
      sql: """
        CREATE TABLE extra (id INTEGER PRIMARY KEY);
        INSERT INTO parent (id) VALUES (1), (1);
        """)
    let error = try #require(throws: SQLiteError.self) {
      try Migrator(migrations: [parent, duplicate]).migrate(db, now: { Self.now })
    }
    #expect(error.code == .constraintPrimaryKey)
    #expect(error.sql == "INSERT INTO parent (id) VALUES (1), (1);")
    #expect(try db.tableNames() == ["parent", "schema_migrations"])
    #expect(try db.scalar("SELECT count(*) FROM parent") == 0)
    #expect(try Migrator(migrations: [parent, duplicate]).appliedMigrations(in: db) == ["0001_parent"])
  }

  @Test func migrationLeavingAForeignKeyViolationRollsBack() throws {
    let db = try migrated(with: [parent])
    let orphans = Migration(
      name: "0002_orphans",
      sql: """
        PRAGMA defer_foreign_keys = ON;
        CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES parent(id));
        INSERT INTO parent (id) VALUES (1);
        INSERT INTO child (id, parent_id) VALUES (1, 1), (2, 98), (3, 99);
        """)
    let migrator = Migrator(migrations: [parent, orphans])
    #expect(throws: MigrationError.foreignKeyViolation(migration: "0002_orphans", table: "child", count: 2)) {
      try migrator.migrate(db, now: { Self.now })
    }
    #expect(db.isInTransaction == false)
    #expect(try db.tableNames() == ["parent", "schema_migrations"])
    #expect(try db.scalar("SELECT count(*) FROM parent") == 0)
    #expect(try migrator.appliedMigrations(in: db) == ["0001_parent"])
    // defer_foreign_keys ends with the transaction.
    #expect(try db.pragmaInt("defer_foreign_keys") == 0)
  }

  @Test func databaseWithoutMigrationRecordIsNotManaged() throws {
    let db = try Database()
    try db.execute(script: "CREATE TABLE zebra (x); CREATE TABLE apple (y);")
    let migrator = Migrator(migrations: [parent])
    #expect(throws: MigrationError.notManaged(tables: ["apple", "zebra"])) { try migrator.appliedMigrations(in: db) }
    #expect(throws: MigrationError.notManaged(tables: ["apple", "zebra"])) {
      try migrator.migrate(db, now: { Self.now })
    }
    #expect(try db.tableNames() == ["apple", "zebra"])
  }

  @Test func errorDescriptionsNameTheMigration() {
    #expect(MigrationError.unknownMigration(name: "0009_x").description.contains("'0009_x'"))
    #expect(
      MigrationError.foreignKeyViolation(migration: "0002_y", table: "child", count: 3).description
        == "migration '0002_y' left 3 row(s) in 'child' that break a foreign key")
  }
}
