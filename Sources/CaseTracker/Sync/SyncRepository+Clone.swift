import Foundation
import SQLite

extension SyncRepository {
  /// Makes a new replica at `path` from the hub at `source`: a consistent copy of the hub made with the
  /// online backup API, which becomes a replica at the hub's log position of that copy (its log, outbox
  /// and conflicts are the hub's, so they are emptied here). Returns the replica's state.
  public static func clone(
    from source: String, to path: String, clock: Clock, actor: String
  ) throws -> SyncState {
    if FileManager.default.fileExists(atPath: path) {
      throw DomainError.invalid("\(path) already exists; clone into a new file, such as ~/psr-unit.sqlite")
    }
    let hub = try openHub(source, clock: clock, actor: actor, unit: nil)
    try hub.maintenance.backup(to: path, verification: .quick)
    do {
      let replica = try Store.open(at: path, clock: clock, actor: actor)
      let hubPath = URL(fileURLWithPath: source).standardizedFileURL.path
      try replica.db.writeUncaptured {
        let position: Int = try replica.db.scalar("SELECT coalesce(max(seq), 0) FROM sync_log") ?? 0
        try replica.db.execute(
          """
          UPDATE sync_state SET role = 'replica', replica_id = ?, position = ?, source = ?, last_sync_at = ?,
            created_at = ?
          WHERE id = 1
          """, [Identifier.make(), position, hubPath, clock.now(), clock.now()])
        try replica.db.execute(
          script:
            "DELETE FROM sync_log; DELETE FROM sync_outbox; DELETE FROM sync_conflicts; DELETE FROM sync_replicas; DELETE FROM hub_tokens;"
        )
      }
      return try replica.sync.state()!
    } catch {
      DatabaseFiles.remove(path)
      throw error
    }
  }
}
