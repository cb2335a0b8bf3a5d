#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// A database's place in the unit (DESIGN.md "Sync"): the hub, which orders every accepted change, or a
/// replica of it on an officer's laptop. A database with no sync state is on its own.
public enum SyncRole: String, Sendable, Equatable {
  case hub, replica
}

/// This database's sync state (`sync_state`).
public struct SyncState: Sendable, Equatable {
  public var role: SyncRole
  /// The unit's id: shared by the hub and every replica made from it.
  public var unitID: String
  /// This database's own id, the origin of the changes it sends.
  public var replicaID: String
  /// A replica: the last position of the hub's log it has applied.
  public var position: Int
  /// A replica: where its hub is, a file path or a hub server's address (`https://…`).
  public var source: String?
  public var lastSyncAt: String?
  public var createdAt: String
  /// A replica of a hub server with its own certificate: the certificate file it trusts.
  public var sourceCA: String? = nil
  /// A replica: the id of the change at `position` in the hub's log, to tell a restored hub by.
  public var positionChangeID: String? = nil
}

/// What `psr sync status` shows.
public struct SyncStatus: Sendable, Equatable {
  public var state: SyncState
  /// Changes made here and not yet accepted by the hub (a hub: none, its own are logged at once).
  public var pending: Int
  /// Conflicts recorded here and not resolved.
  public var unresolvedConflicts: Int
  /// The hub's log position: its own for a hub; for a replica, read from the hub when it can be reached.
  public var hubPosition: Int?
  /// Why the hub could not be read, when it could not.
  public var hubProblem: String?
}

/// What one `psr sync` did.
public struct SyncResult: Sendable, Equatable {
  /// Changes of this database the hub accepted now.
  public var sent = 0
  /// Changes of others applied here now.
  public var received = 0
  /// Conflicts recorded now (the hub's value kept, this database's kept for review).
  public var conflicts = 0
  /// The hub's log position this database has now applied.
  public var position = 0
}

/// The tables whose rows sync. Everything else is either sync's own bookkeeping or derived (the search
/// documents and index, the latest activity per producer), which triggers rebuild in each database as the
/// changes are applied: never synced (DESIGN.md "Sync").
enum SyncTables {
  static let synced = [
    "regions", "countries", "officers", "officer_countries", "producers", "producer_merges", "producer_products",
    "producer_status_changes", "cases", "case_tags", "case_events", "activities", "activity_topics",
    "activity_cases", "insights", "audits", "non_conformities", "case_non_conformities", "corrections",
    "priority_changes",
  ]
  static let syncedSet = Set(synced)
  /// Tables whose rows are worked out again from their events after changes are applied.
  static let derived: Set<String> = ["cases", "producers"]
  /// The columns of those tables that are worked out from events (see `derive`).
  static let derivedColumns: [String: Set<String>] = CorrectedRecord.derivedColumns.merging([
    "cases": ["status", "closed_at", "resolution", "title", "type", "priority", "due_date", "officer", "updated_at"],
    "producers": ["status"],
  ]) { $1 }
  /// Tables of links, keyed by what they link: the same row may be added on two laptops, or removed on one.
  static let links: Set<String> = [
    "officer_countries", "producer_products", "case_tags", "activity_topics", "activity_cases",
    "case_non_conformities",
  ]
  /// The tables of a producer's own records, which a merge moves onto the producer kept, each with the
  /// condition on the rows that move: a status history's registration entry stays its duplicate's own (in
  /// the kept producer's history it would break the state machine).
  static let producerRecords: [(table: String, condition: String)] = [
    ("cases", ""), ("activities", ""), ("audits", ""), ("non_conformities", ""),
    ("producer_status_changes", " AND from_status IS NOT NULL"),
  ]
  /// Columns that every edit touches: a difference in them alone is no conflict worth reviewing.
  static let bookkeeping: Set<String> = ["updated_at"]
}
