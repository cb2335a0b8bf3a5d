import SQLite

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// This database's sync state, the capture of its writes, and `psr hub init`. The exchange with the hub is
/// in `SyncRepository+Exchange.swift`, the clone in `SyncRepository+Clone.swift`.
public struct SyncRepository {
  let store: Store
  var db: Database { store.db }

  /// The sync state, or nil for a database on its own.
  public func state() throws -> SyncState? {
    try db.row("SELECT * FROM sync_state WHERE id = 1").map { row in
      SyncState(
        role: try row.decode("role"), unitID: try row.decode("unit_id"), replicaID: try row.decode("replica_id"),
        position: try row.decode("position"), source: try row.decode("source"),
        lastSyncAt: try row.decode("last_sync_at"), createdAt: try row.decode("created_at"),
        sourceCA: try row.decode("source_ca"), positionChangeID: try row.decode("position_change_id"))
    }
  }

  /// Records every write of the synced tables from now on, in the write's own transaction: into the
  /// outbox on a replica, straight into the log on the hub.
  func installCapture(_ state: SyncState) {
    let db = self.db
    let actor = store.actor
    let clock = store.clock
    let isHub = state.role == .hub
    let origin = state.replicaID
    // Unowned: the connection keeps the closure, and a strong reference back would keep the connection
    // open for ever (a file replaced after, as by psr sync attach, would keep its -wal beside it).
    db.changeCapture = Database.ChangeCapture(tables: SyncTables.synced) { [unowned db] changeset in
      if isHub {
        try db.cachedStatement(
          "INSERT INTO sync_log (change_id, origin, actor, at, changeset, pushed_by) VALUES (?, ?, ?, ?, ?, ?)"
        ).execute([Identifier.make(), origin, actor, clock.now(), [UInt8](changeset), actor])
      } else {
        try db.cachedStatement("INSERT INTO sync_outbox (change_id, actor, at, changeset) VALUES (?, ?, ?, ?)")
          .execute([Identifier.make(), actor, clock.now(), [UInt8](changeset)])
      }
    }
  }

  /// Makes this database the unit's hub: a new unit id, and an empty log whose position 0 is what the
  /// database holds now (the unit's starting point, which every clone copies).
  @discardableResult
  public func initHub() throws -> SyncState {
    let made: SyncState = try db.writeUncaptured {
      if let existing = try self.state() {
        throw DomainError.invalid(
          existing.role == .hub
            ? "this database is already the hub of unit \(existing.unitID.prefix(8)); officers join it with psr sync clone"
            : "this database is a replica of a hub (\(existing.source ?? "unknown")); make the hub from a database of its own, or a new one"
        )
      }
      try db.execute(
        """
        INSERT INTO sync_state (id, role, unit_id, replica_id, position, created_at) VALUES (1, 'hub', ?, ?, 0, ?)
        """, [Identifier.make(), Identifier.make(), store.clock.now()])
      return try self.state()!
    }
    installCapture(made)
    return made
  }

  /// Pending changes, unresolved conflicts and positions, reading the hub too when it can.
  public func status() throws -> SyncStatus {
    guard let state = try state() else { throw Self.notInAUnit }
    let pending: Int = try db.scalar("SELECT count(*) FROM sync_outbox WHERE accepted IS NULL") ?? 0
    let conflicts: Int = try db.scalar("SELECT count(*) FROM sync_conflicts WHERE resolved_at IS NULL") ?? 0
    var status = SyncStatus(state: state, pending: pending, unresolvedConflicts: conflicts)
    if state.role == .hub {
      status.hubPosition = try db.scalar("SELECT coalesce(max(seq), 0) FROM sync_log")
    } else if let source = state.source {
      do {
        status.hubPosition = try endpoint(source, caFile: state.sourceCA, unit: state.unitID, patient: false).0
          .hello().position
      } catch {
        status.hubProblem = "\(error)"
      }
    }
    return status
  }

  static let notInAUnit = DomainError.invalid(
    "this database does not belong to a unit; join one with psr sync clone HUB, or make it the hub with psr hub init")

  /// The applied migrations, for comparing two databases' schemas.
  func schemaVersion() throws -> [String] {
    try db.rows("SELECT name || ':' || checksum AS v FROM schema_migrations ORDER BY name").map { try $0.decode("v") }
  }
}
