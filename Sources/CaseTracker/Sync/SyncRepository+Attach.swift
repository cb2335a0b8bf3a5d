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

/// What `psr sync attach` did.
public struct AttachResult: Sendable, Equatable {
  public var state: SyncState
  /// Rows of this database sent to the hub as its first change, by table.
  public var sent: [String: Int]
  /// Producers this database and the hub both had (the same FLO ID): this database's records now point at
  /// the hub's producer.
  public var producersMatched: Int
  /// Rows both had under one key whose values differed: the hub's kept, this database's for review.
  public var conflicts: Int
  /// Where the database was kept as it was before.
  public var backup: String
}

/// `psr sync attach HUB`: an existing database of its own joins the unit. It is rebuilt as a clone of the
/// hub into which its own records are copied, in one captured write, so that they are its first change;
/// the reference data both have (regions, countries, officers by handle, producers by FLO ID) is
/// reconciled: the hub's row is kept, a different local value is listed as a conflict, and local records
/// that pointed at a local producer point at the hub's. The database as it was is kept beside it.
extension SyncRepository {
  public static func attach(
    _ path: String, to source: String, clock: Clock, actor: String
  ) throws -> AttachResult {
    let backup = path + ".before-attach"
    try keepAsItWas(path, in: backup, joining: source, clock: clock, actor: actor)
    let staging = path + ".psr-attach-\(getpid())"
    DatabaseFiles.remove(staging)
    do {
      _ = try clone(from: source, to: staging, clock: clock, actor: actor)
      var result = try Store.open(at: staging, clock: clock, actor: actor).sync.copyRecords(from: backup)
      guard rename(staging, path) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
      result.backup = backup
      return result
    } catch {
      DatabaseFiles.remove(staging)
      DatabaseFiles.remove(backup)
      throw error
    }
  }

  /// Checks that the database at `path` may join the unit of the hub at `source`, and copies it, as it is,
  /// to `backup`; the database is closed again on return, before anything replaces it.
  private static func keepAsItWas(
    _ path: String, in backup: String, joining source: String, clock: Clock, actor: String
  ) throws {
    let local = try Store.open(at: path, clock: clock, actor: actor)
    if let state = try local.sync.state() {
      throw DomainError.invalid(
        state.role == .hub
          ? "\(path) is the hub of unit \(state.unitID.prefix(8)); it cannot join another"
          : "\(path) already belongs to unit \(state.unitID.prefix(8)); it syncs with psr sync")
    }
    let hub = try openHub(source, clock: clock, actor: actor, unit: nil)
    try local.sync.checkSameSchema(as: try hub.sync.hello())
    if FileManager.default.fileExists(atPath: backup) {
      throw DomainError.invalid(
        "\(backup) exists already (an earlier attach's copy); move it away first; nothing was changed")
    }
    try local.maintenance.backup(to: backup, verification: .quick)
  }

  /// Copies the records of the database at `path` that this new replica lacks, in one captured write.
  private func copyRecords(from path: String) throws -> AttachResult {
    try db.execute("ATTACH DATABASE ? AS old", [path])
    defer { try? db.execute("DETACH DATABASE old") }
    return try db.write {
      try db.execute("PRAGMA defer_foreign_keys = ON")
      try db.execute(
        script: """
          CREATE TEMP TABLE attach_producers (old_id TEXT PRIMARY KEY, new_id TEXT NOT NULL);
          INSERT INTO attach_producers
            SELECT o.id, (SELECT m.id FROM main.producers m WHERE m.flo_id = o.flo_id ORDER BY m.created_at, m.id LIMIT 1)
            FROM old.producers o
            WHERE o.flo_id IS NOT NULL AND o.id NOT IN (SELECT id FROM main.producers)
              AND EXISTS (SELECT 1 FROM main.producers m WHERE m.flo_id = o.flo_id);
          """)
      var result = AttachResult(
        state: try state()!, sent: [:], producersMatched: try db.scalar("SELECT count(*) FROM attach_producers") ?? 0,
        conflicts: 0, backup: "")
      for table in SyncTables.synced {
        let info = try db.rows("SELECT name, pk FROM pragma_table_info(?) ORDER BY cid", [table]).map {
          (name: try $0.decode("name") as String, key: try $0.decode("pk") as Int)
        }
        let pointing = Set(
          try db.rows("SELECT \"from\" AS name FROM pragma_foreign_key_list(?) WHERE \"table\" = 'producers'", [table])
            .map { try $0.decode("name") as String })
        // A column pointing at a matched producer points at the hub's.
        func value(_ name: String) -> String {
          let column = "o.\(Database.quoted(name))"
          return pointing.contains(name) || (table == "producers" && name == "id")
            ? "coalesce((SELECT new_id FROM attach_producers WHERE old_id = \(column)), \(column))" : column
        }
        let columns = info.map { Database.quoted($0.name) }.joined(separator: ", ")
        let values = info.map { value($0.name) }.joined(separator: ", ")
        let keyColumns = info.filter { $0.key > 0 }.map(\.name)
        let keyCondition = keyColumns.map { "m.\(Database.quoted($0)) = \(value($0))" }.joined(separator: " AND ")
        // A matched producer's registration is the hub's already.
        let skip =
          table == "producer_status_changes"
          ? "AND NOT (o.from_status IS NULL AND o.producer_id IN (SELECT old_id FROM attach_producers))" : ""
        try result.conflicts += recordDifferences(table, info.map(\.name), keyColumns, value, keyCondition)
        try db.execute(
          """
          INSERT INTO main.\(table) (\(columns)) SELECT \(values) FROM old.\(table) o
          WHERE NOT EXISTS (SELECT 1 FROM main.\(table) m WHERE \(keyCondition)) \(skip)
          """)
        if db.changes > 0 { result.sent[table] = db.changes }
      }
      let cases = try db.rows("SELECT id FROM old.cases").map { try $0.decode("id") as String }
      let producers = try db.rows(
        "SELECT coalesce((SELECT new_id FROM attach_producers WHERE old_id = p.id), p.id) AS id FROM old.producers p"
      ).map { try $0.decode("id") as String }
      var corrected: [CorrectedRecord: Set<String>] = [:]
      for row in try db.rows("SELECT DISTINCT record_table, record_id FROM old.corrections") {
        corrected[try row.decode("record_table"), default: []].insert(try row.decode("record_id"))
      }
      try derive(cases: Set(cases), producers: Set(producers), corrected: corrected)
      try db.execute("DROP TABLE temp.attach_producers")
      return result
    }
  }

  /// Lists the rows this database and the hub both have (by key, a matched producer by its FLO ID) whose
  /// values differ, column by column, as conflicts: the hub's value is kept, this database's for review.
  /// Columns worked out from events are left out: they are worked out again after the copy.
  private func recordDifferences(
    _ table: String, _ names: [String], _ keyColumns: [String], _ value: (String) -> String, _ keyCondition: String
  ) throws -> Int {
    let derived = SyncTables.derivedColumns[table] ?? []
    let compared = names.filter {
      !keyColumns.contains($0) && !derived.contains($0) && !SyncTables.bookkeeping.contains($0)
        && !["created_at", "id"].contains($0)
    }
    guard !compared.isEmpty, !SyncTables.links.contains(table) else { return 0 }
    let selected =
      (keyColumns.map { "m.\(Database.quoted($0)) AS \(Database.quoted("key." + $0))" }
      + compared.flatMap {
        [
          "\(value($0)) AS \(Database.quoted("mine." + $0))",
          "m.\(Database.quoted($0)) AS \(Database.quoted("theirs." + $0))",
        ]
      })
      .joined(separator: ", ")
    let differs = compared.map { "\(value($0)) IS NOT m.\(Database.quoted($0))" }.joined(separator: " OR ")
    var recorded = 0
    for row in try db.rows(
      "SELECT \(selected) FROM old.\(table) o JOIN main.\(table) m ON \(keyCondition) WHERE \(differs)")
    {
      var columns: [DatabaseValue] = []
      var mine: [DatabaseValue] = []
      var theirs: [DatabaseValue] = []
      for name in compared {
        let local: DatabaseValue = try row.decode("mine." + name)
        let hub: DatabaseValue = try row.decode("theirs." + name)
        guard local != hub else { continue }
        columns.append(.text(name))
        mine.append(local)
        theirs.append(hub)
      }
      let key = try keyColumns.map { try row.decode("key." + $0) as DatabaseValue }
      try db.execute(
        """
        INSERT INTO sync_conflicts (id, at, kind, table_name, row_key, columns, mine, theirs, change_id, actor)
        VALUES (?, ?, 'value', ?, ?, ?, ?, ?, NULL, ?)
        """,
        [
          Identifier.make(), store.clock.now(), table, Self.json(key), Self.json(columns), Self.json(mine),
          Self.json(theirs), store.actor,
        ])
      recorded += 1
    }
    return recorded
  }
}
