import SQLite

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// What `psr sync export` wrote.
public struct BundleExport: Sendable, Equatable {
  public var number: Int
  public var changes: Int
  /// The earlier bundle the hub must have imported first, 0 for none.
  public var requires: Int
  public var bytes: Int
}

/// What `psr hub import` did with one bundle.
public struct BundleImport: Sendable, Equatable {
  public var path: String
  public var officer: String
  public var origin: String
  public var number: Int
  /// Changes applied now.
  public var applied: Int
  /// Changes the hub had already (from an earlier import of this bundle, or a sync).
  public var known: Int
  /// Values of the bundle that the hub's kept instead (its value wins; the officer's side keeps theirs for
  /// review when the hub's changes reach it).
  public var overridden: Int
}

/// What `psr hub export --for` wrote.
public struct LogExport: Sendable, Equatable {
  public var after: Int
  public var through: Int
  public var changes: Int
  /// False when the hub has not heard from the officer yet: the export then holds the whole log.
  public var positionKnown: Bool
  public var bytes: Int
}

/// Bundles carried by hand (DESIGN.md "Sync"): `psr sync export` writes a replica's pending changes not in
/// an earlier bundle; `psr hub import` applies bundles on the hub's current state (a bundle cannot pull
/// first), the hub's value winning a conflict, in each replica's order and once; `psr hub export --for`
/// writes the hub's log after where that officer's replica stands, which `psr sync import` applies like a
/// pull.
extension SyncRepository {
  /// Writes the pending changes that no earlier bundle holds (every pending change with `all`, for a
  /// bundle that was lost) to a new bundle file at `path`.
  public func exportBundle(to path: String, all: Bool = false) throws -> BundleExport {
    let state = try replicaState(for: "psr sync export")
    try SyncBundle.checkNew(path)
    let pending = try db.rows(
      "SELECT change_id, actor, at, changeset FROM sync_outbox WHERE accepted IS NULL AND (? OR bundle IS NULL) ORDER BY n",
      [all])
    guard !pending.isEmpty else {
      let waiting: Int = try db.scalar("SELECT count(*) FROM sync_outbox") ?? 0
      throw DomainError.invalid(
        waiting == 0
          ? "there are no pending changes to export; nothing was written"
          : "the \(waiting) pending change(s) are all in bundle(s) exported before; to write them again (a bundle was lost), add --all; nothing was written"
      )
    }
    let number = (try db.scalar("SELECT bundles FROM sync_state WHERE id = 1") ?? 0) + 1
    let requires: Int = all ? 0 : try db.scalar("SELECT coalesce(max(bundle), 0) FROM sync_outbox") ?? 0
    let bundle = SyncBundle(
      kind: .changes, unitID: state.unitID, origin: state.replicaID, officer: store.actor, number: number,
      requires: requires, position: state.position, through: state.position, schema: try schemaVersion(),
      createdAt: store.clock.now(),
      entries: try pending.map { row in
        LogEntry(
          seq: 0, changeID: try row.decode("change_id"), origin: state.replicaID, actor: try row.decode("actor"),
          at: try row.decode("at"), changeset: Data(try row.decode("changeset") as [UInt8]))
      })
    // The file first: numbered and whole before the database says it was written. A kill between the two
    // leaves a bundle whose number the next export takes again with more in it; the hub applies each
    // change once, whichever of the two it gets.
    try bundle.write(to: path)
    try db.writeUncaptured {
      try db.execute("UPDATE sync_outbox SET bundle = ? WHERE ? OR bundle IS NULL", [number, all])
      try db.execute("UPDATE sync_state SET bundles = ? WHERE id = 1", [number])
    }
    return BundleExport(number: number, changes: pending.count, requires: requires, bytes: Self.size(of: path))
  }

  /// On the hub: applies the bundles at `paths`, all in one transaction (a refusal applies none of them).
  public func importBundles(_ paths: [String]) throws -> [BundleImport] {
    let state = try hubState(for: "psr hub import")
    let schema = try schemaVersion()
    var bundles: [(path: String, bundle: SyncBundle)] = []
    for path in paths {
      let bundle = try SyncBundle.read(path)
      guard bundle.kind == .changes else {
        throw DomainError.invalid(
          "\(path) is the hub's export for \(bundle.officer), not an officer's changes; the officer imports it with psr sync import; nothing was applied"
        )
      }
      try check(bundle, path: path, unit: state.unitID, schema: schema)
      bundles.append((path, bundle))
    }
    bundles.sort { ($0.bundle.origin, $0.bundle.number) < ($1.bundle.origin, $1.bundle.number) }
    return try db.writeUncaptured {
      var results: [BundleImport] = []
      var applied: [Data] = []
      for (path, bundle) in bundles {
        let imported: Int =
          try db.scalar("SELECT bundle FROM sync_replicas WHERE replica_id = ?", [bundle.origin]) ?? 0
        if bundle.number > imported, bundle.requires > imported {
          let missing = imported + 1
          throw DomainError.invalid(
            "bundle \(missing) of \(bundle.officer) (replica \(bundle.origin.prefix(8))) has not been imported here, and bundle \(bundle.number) (\(path)) follows it: import bundle \(missing) first, or with it in one psr hub import; nothing was applied"
          )
        }
        var result = BundleImport(
          path: path, officer: bundle.officer, origin: bundle.origin, number: bundle.number, applied: 0, known: 0,
          overridden: 0)
        let origin = "\(bundle.officer)'s bundle \(bundle.number)"
        let isLogged = try db.cachedStatement("SELECT count(*) FROM sync_log WHERE change_id = ?")
        let fresh = try bundle.entries.filter { entry in
          let logged: Int = try isLogged.rows([entry.changeID]).first?.decode(at: 0) ?? 0
          return logged == 0
        }
        result.known = bundle.entries.count - fresh.count
        for entry in fresh {
          try Self.checkTables(entry.changeset, from: "change \(entry.changeID.prefix(8)) of \(origin)")
        }
        let log = try db.cachedStatement(
          "INSERT INTO sync_log (change_id, origin, actor, at, changeset, pushed_by) VALUES (?, ?, ?, ?, ?, ?)")
        for start in stride(from: 0, to: fresh.count, by: Self.changesAtOnce) {
          let group = fresh[start..<min(start + Self.changesAtOnce, fresh.count)]
          let atOnce = try applyAtOnce(Array(group))
          for entry in group {
            let (effective, overridden) = atOnce ? (entry.changeset, 0) : try applyOnHub(entry, from: origin)
            try log.execute([
              entry.changeID, bundle.origin, entry.actor, entry.at, [UInt8](effective), bundle.officer,
            ])
            applied.append(effective)
            result.applied += 1
            result.overridden += overridden
          }
        }
        try noteReplica(bundle.origin, officer: bundle.officer, position: bundle.position, bundle: bundle.number)
        results.append(result)
      }
      let touched = try Self.touched(by: applied)
      try derive(cases: touched.cases, producers: touched.producers, corrected: touched.corrected)
      return results
    }
  }

  /// The common case, where every change of a bundle applies as it is (no row it changes was changed here
  /// since): all of them applied in one go, combined into one changeset, so each then takes effect exactly
  /// as it came. Any conflict or error undoes it all and returns false, for the change-by-change way, which
  /// settles each conflict and says which change a refusal is about.
  ///
  /// In groups of `changesAtOnce`: the apply is one savepoint, whose sub-journal every statement inside it
  /// walks to its end when it finishes (SQLite's in-memory journal is a list of chunks), so one savepoint
  /// for 10,000 changes cost 4 ms per statement, four times the change-by-change way.
  static let changesAtOnce = 200

  private func applyAtOnce(_ entries: [LogEntry]) throws -> Bool {
    guard entries.count > 1 else { return false }
    let combined = try Changeset.combine(entries.map(\.changeset))
    var clean = true
    do {
      try db.savepoint {
        _ = try db.apply(combined, tables: SyncTables.syncedSet) { _ in
          clean = false
          return .abort
        }
      }
    } catch {
      return false
    }
    return clean
  }

  /// Applies one change of a bundle on the hub's current state: the hub's value wins every column the
  /// bundle's change found changed here since (its old value is not the hub's). Returns the change as it
  /// took effect here, recorded by a session, which is what the log carries to everyone, and how many of
  /// the bundle's values the hub kept its own instead of.
  private func applyOnHub(_ entry: LogEntry, from origin: String) throws -> (Data, Int) {
    try Self.checkTables(entry.changeset, from: "change \(entry.changeID.prefix(8)) of \(origin)")
    let session = try Session(db, tables: SyncTables.synced)
    var kept: [(table: String, key: [(Int, DatabaseValue)], columns: [(Int, DatabaseValue)])] = []
    try applyChange(entry.changeset, id: entry.changeID, from: origin, into: "the hub") { conflict in
      switch conflict.kind {
      case .data:
        let change = conflict.change
        if change.operation == .update, let current = conflict.current {
          var key: [(Int, DatabaseValue)] = []
          var columns: [(Int, DatabaseValue)] = []
          for index in 0..<min(change.old.count, current.count) {
            if change.primaryKeyColumns[index] {
              key.append((index, current[index]))
            } else if let old = change.old[index], old != current[index] {
              columns.append((index, current[index]))
            }
          }
          if !columns.isEmpty { kept.append((change.table, key, columns)) }
        }
        return .replace
      case .conflict, .notFound: return .omit
      case .constraint: return SyncTables.derived.contains(conflict.change.table) ? .omit : .abort
      case .foreignKey: return .abort
      }
    }
    var overridden = 0
    for var row in kept {
      let names = try columnNames(row.table)
      // A column worked out from events is worked out again after; setting it back alone could break the
      // row's rules (a status without its closing instant).
      let derived = SyncTables.derivedColumns[row.table] ?? []
      row.columns.removeAll { derived.contains(names[$0.0]) }
      guard !row.columns.isEmpty else { continue }
      let assignments = row.columns.map { "\(Database.quoted(names[$0.0])) = ?" }.joined(separator: ", ")
      let keyCondition = row.key.map { "\(Database.quoted(names[$0.0])) = ?" }.joined(separator: " AND ")
      let table = row.table
      try db.execute(
        "UPDATE \(table) SET \(assignments) WHERE \(keyCondition)", row.columns.map(\.1) + row.key.map(\.1))
      overridden += row.columns.filter { !SyncTables.bookkeeping.contains(names[$0.0]) }.count
    }
    return (try session.changeset(), overridden)
  }

  /// On the hub: writes its log after where `officer`'s replica stands (the oldest position of theirs it
  /// knows, from their last push or bundle; or `after`) to a new bundle file at `path`.
  public func exportLog(for officer: String, after: Int? = nil, to path: String) throws -> LogExport {
    let state = try hubState(for: "psr hub export")
    try SyncBundle.checkNew(path)
    let known: Int? = try db.row(
      "SELECT min(position) AS position FROM sync_replicas WHERE officer = ?", [officer])?.decode("position")
    if known == nil, after == nil {
      let exists: Int = try db.scalar("SELECT count(*) FROM officers WHERE handle = ?", [officer]) ?? 0
      guard exists > 0 else {
        throw DomainError.notFound(
          "no officer '\(Validate.printable(officer))' here; psr officer list shows the handles; nothing was written")
      }
    }
    let position = after ?? known ?? 0
    let entries = try log(after: position)
    let through = entries.last?.seq ?? position
    let bundle = SyncBundle(
      kind: .log, unitID: state.unitID, origin: state.replicaID, officer: officer, number: 0, requires: 0,
      position: position, through: through, schema: try schemaVersion(), createdAt: store.clock.now(),
      entries: entries)
    try bundle.write(to: path)
    return LogExport(
      after: position, through: through, changes: entries.count, positionKnown: after != nil || known != nil,
      bytes: Self.size(of: path))
  }

  /// On a replica: applies the hub's log carried in the bundle at `path`, as a pull would.
  public func importLog(_ path: String) throws -> SyncResult {
    let state = try replicaState(for: "psr sync import")
    let bundle = try SyncBundle.read(path)
    guard bundle.kind == .log else {
      throw DomainError.invalid(
        "\(path) is an officer's bundle of changes (\(bundle.officer)'s bundle \(bundle.number)); the coordinator imports it on the hub with psr hub import; nothing was applied"
      )
    }
    try check(bundle, path: path, unit: state.unitID, schema: try schemaVersion())
    guard bundle.position <= state.position else {
      throw DomainError.invalid(
        "\(path) holds the hub's changes after position \(bundle.position), but this database has applied them only up to \(state.position): ask the coordinator for psr hub export --for \(store.actor) --after \(state.position) FILE; nothing was applied"
      )
    }
    let (received, conflicts) = try apply(log: bundle.entries, after: state.position)
    return SyncResult(
      sent: 0, received: received, conflicts: conflicts, position: try self.state()?.position ?? state.position)
  }

  /// Refuses a bundle of another unit, or from a database at another schema version.
  private func check(_ bundle: SyncBundle, path: String, unit: String, schema: [String]) throws {
    guard bundle.unitID == unit else {
      throw DomainError.invalid(
        "\(path) comes from another unit (\(bundle.unitID.prefix(8))), not this database's (\(unit.prefix(8))); nothing was applied"
      )
    }
    guard bundle.schema == schema else {
      throw DomainError.invalid(
        "\(path) was written by a database at schema version \(bundle.schema.count) and this one is at \(schema.count); upgrade psr on both sides first (psr init applies the migrations); nothing was applied"
      )
    }
  }

  private func replicaState(for command: String) throws -> SyncState {
    guard let state = try state() else { throw Self.notInAUnit }
    guard state.role == .replica else {
      throw DomainError.invalid(
        "this database is the hub; \(command) is for an officer's replica (the hub uses psr hub import and psr hub export)"
      )
    }
    return state
  }

  func hubState(for command: String) throws -> SyncState {
    guard let state = try state() else { throw Self.notInAUnit }
    guard state.role == .hub else {
      throw DomainError.invalid(
        "this database is an officer's replica; \(command) runs on the unit's hub (an officer uses psr sync export and psr sync import)"
      )
    }
    return state
  }

  static func size(of path: String) -> Int {
    DatabaseFiles.size(path)
  }
}
