import SQLite

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

extension SyncRepository {
  /// Makes a new replica at `path` from the hub at `source`, a hub file or a hub server: a snapshot of the
  /// hub (`snapshot(to:)`), which becomes a replica at the hub's log position of that moment. Returns the
  /// replica's state.
  public static func clone(
    from source: String, to path: String, caFile: String? = nil, clock: Clock, actor: String
  ) throws -> SyncState {
    if FileManager.default.fileExists(atPath: path) {
      throw DomainError.invalid("\(path) already exists; clone into a new file, such as ~/psr-unit.sqlite")
    }
    let server = try HubAddress.isServer(source) ? HubAddress(source) : nil
    // Made whole beside the target and renamed into place only once it is a replica: a clone killed on the
    // way leaves no database at the target, or one that is not yet a replica.
    let folders = try Store.makeFolder(for: path)
    let partial: PartialFile
    do {
      partial = try PartialFile(for: path) { "cannot create \(path): \($0); choose another path" }
    } catch {
      Store.removeFolders(folders)
      throw error
    }
    do {
      let remembered: String
      if let address = server {
        let hub = HTTPHub(address: address, token: try HubCredentials.token(for: address), caFile: caFile)
        try checkSameSchema(hub: try hub.hello().schema, mine: Store.migrator.schemaVersion)
        try hub.downloadSnapshot(into: partial)
        partial.closeFile()
        remembered = address.base
      } else {
        let hub = try openHub(source, clock: clock, actor: actor, unit: nil)
        partial.discard()
        try hub.sync.snapshot(to: partial.path)
        remembered = URL(fileURLWithPath: source).standardizedFileURL.path
      }
      let state = try makeReplica(
        partial.path, source: source, remembered: remembered, caFile: caFile, clock: clock, actor: actor)
      try partial.commit()
      return state
    } catch {
      partial.discard()
      Store.removeFolders(folders)
      throw error
    }
  }

  /// Turns the snapshot at `path` into a new replica of the hub it came from, and closes it.
  private static func makeReplica(
    _ path: String, source: String, remembered: String, caFile: String?, clock: Clock, actor: String
  ) throws -> SyncState {
    let replica = try Store.open(at: path, clock: clock, actor: actor)
    guard let state = try replica.sync.state(), state.role == .hub else {
      throw DomainError.invalid("what \(source) sent is not a snapshot of a unit's hub; check the address")
    }
    try replica.db.writeUncaptured {
      try replica.db.execute(
        """
        UPDATE sync_state SET role = 'replica', replica_id = ?, source = ?, source_ca = ?, last_sync_at = ?,
          created_at = ?
        WHERE id = 1
        """,
        [
          Identifier.make(), remembered, caFile.map { URL(fileURLWithPath: $0).standardizedFileURL.path },
          clock.now(), clock.now(),
        ])
    }
    return try replica.sync.state()!
  }

  /// On the hub: a copy of it for a new replica at `path`, made with the online backup API, which reads one
  /// consistent moment while officers go on syncing. The hub's own tables (log, outbox, conflicts, replicas,
  /// tokens) are emptied in the copy, the tokens' rows overwritten, and the log position of that moment is
  /// kept in its sync state. Returns the position.
  @discardableResult
  public func snapshot(to path: String) throws -> Int {
    _ = try hubState(for: "a snapshot")
    try store.maintenance.backup(to: path, verification: .quick)
    do {
      let copy = try Database(path: path, mode: .readWrite, journalMode: nil)
      return try copy.writeUncaptured {
        let position: Int = try copy.scalar("SELECT coalesce(max(seq), 0) FROM sync_log") ?? 0
        let change: String? = try copy.scalar("SELECT change_id FROM sync_log WHERE seq = ?", [position])
        try copy.execute(
          "UPDATE sync_state SET position = ?, position_change_id = ? WHERE id = 1", [position, change])
        try copy.execute("PRAGMA secure_delete = ON")
        try copy.execute("DELETE FROM hub_tokens")
        try copy.execute("PRAGMA secure_delete = OFF")
        try copy.execute(
          script:
            "DELETE FROM sync_log; DELETE FROM sync_outbox; DELETE FROM sync_conflicts; DELETE FROM sync_replicas;")
        // Litestream's bookkeeping, when it replicates the hub, is the hub's alone.
        for table in MaintenanceRepository.litestreamTables.keys {
          try copy.execute("DROP TABLE IF EXISTS \(table)")
        }
        return position
      }
    } catch {
      DatabaseFiles.remove(path)
      throw error
    }
  }
}
