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

/// `psr sync`: pull the hub's log after this replica's position, then push the outbox, based on the hub's
/// latest position (DESIGN.md "Sync"). Pulling applies each entry with the hub's value winning a conflict
/// (the local value kept in `sync_conflicts`), drops this replica's own entries from the outbox (a push
/// repeated after a crash is harmless) and rebases what is left on what arrived; pushing applies the outbox
/// on the hub with any conflict aborting it whole, and appends it to the log, in one hub transaction.
extension SyncRepository {
  /// Sends pending changes and receives everyone else's, from the hub at `source` (a hub file or a hub
  /// server's address) or the remembered one; a server's own certificate in `caFile`.
  public func sync(source: String? = nil, caFile: String? = nil) throws -> SyncResult {
    guard let state = try state() else { throw Self.notInAUnit }
    guard state.role == .replica else {
      throw DomainError.invalid("this database is the hub; officers' replicas sync with it, it does not sync itself")
    }
    guard let given = source ?? state.source else {
      throw DomainError.invalid(
        "this replica does not know its hub; give it with psr sync --hub PATH or --hub https://…")
    }
    let ca = (caFile ?? (source == nil || source == state.source ? state.sourceCA : nil))
      .map { URL(fileURLWithPath: $0).standardizedFileURL.path }
    let (hub, location) = try endpoint(given, caFile: ca, unit: state.unitID)
    let hello = try hub.hello()
    if hello.unitID != state.unitID {
      throw DomainError.invalid(
        "\(location) is the hub of another unit (\(hello.unitID.prefix(8))), not of this database's (\(state.unitID.prefix(8))); nothing was exchanged"
      )
    }
    try checkSameSchema(as: hello)
    if hello.position < state.position {
      throw Self.restoredHub(location, hub: "its log ends at position \(hello.position)", mine: state)
    }
    var result = SyncResult()
    // A push is refused while the hub has moved on: others pushed between our pull and push. Each refusal
    // waits a little longer, by a random part, so that officers syncing at the same moment draw apart.
    let started = ContinuousClock.now
    var refusals = 0
    while true {
      let (received, conflicts) = try pull(from: hub)
      result.received += received
      result.conflicts += conflicts
      if let sent = try push(to: hub) {
        result.sent += sent
        // Accepted over changes not pulled yet: pull them, and ours after them.
        if try db.scalar("SELECT count(*) FROM sync_outbox WHERE accepted IS NOT NULL") ?? 0 > 0 {
          let (received, conflicts) = try pull(from: hub)
          result.received += received
          result.conflicts += conflicts
        }
        break
      }
      refusals += 1
      guard refusals < Self.mostRefusals, ContinuousClock.now - started < Self.longestSync else {
        let queued: Int = try db.scalar("SELECT count(*) FROM sync_outbox WHERE accepted IS NULL") ?? 0
        throw DomainError(
          .unavailable,
          "the hub kept moving on: other officers' changes arrived between each pull and push (\(refusals) times); \(result.received) change(s) were received, and your \(queued) change(s) stay queued; sync again in a minute"
        )
      }
      let wait = min(0.05 * Double(1 << min(refusals, 6)), 2.0) * Double.random(in: 0.5...1.5)
      usleep(useconds_t(wait * 1_000_000))
    }
    if location != state.source || ca != state.sourceCA {
      try db.writeUncaptured {
        try db.execute("UPDATE sync_state SET source = ?, source_ca = ? WHERE id = 1", [location, ca])
      }
    }
    result.position = try self.state()?.position ?? 0
    return result
  }

  /// The most pushes a sync tries while the hub moves on, and the longest it keeps trying.
  static let mostRefusals = 40
  static let longestSync = Duration.seconds(90)

  /// The refusal to sync with a hub that no longer holds what this replica had from it: restored from a
  /// backup or a replica older than this replica's last sync.
  static func restoredHub(_ location: String, hub: String, mine state: SyncState) -> DomainError {
    DomainError.invalid(
      "the hub \(location) has lost changes this database had from it (this database is at its log position \(state.position); \(hub)): it was restored from a backup older than this database's last sync (\(state.lastSyncAt ?? "unknown")); nothing was exchanged; keep this file, and see README \"After the hub is restored\" before syncing again"
    )
  }

  /// The hub at `source`, a hub server's address or a hub file (checked to be the hub of `unit`), and
  /// where it is as remembered. A server is asked again while it is busy or restarting, unless `patient`
  /// is false.
  func endpoint(_ source: String, caFile: String?, unit: String, patient: Bool = true) throws -> (
    any HubEndpoint, String
  ) {
    guard HubAddress.isServer(source) else {
      return (FileHub(store: try Self.openHub(source, clock: store.clock, actor: store.actor, unit: unit)), source)
    }
    let address = try HubAddress(source)
    if let caFile, !FileManager.default.isReadableFile(atPath: caFile) {
      throw DomainError.notFound(
        "cannot read the hub's certificate file \(caFile); give the right one with --hub-ca FILE")
    }
    let hub = HTTPHub(
      address: address, token: try HubCredentials.token(for: address), caFile: caFile,
      backoff: patient ? HTTPHub.backoff : [])
    return (hub, address.base)
  }

  /// The hub at `path`, checked to be the hub of `unit`.
  static func openHub(_ path: String, clock: Clock, actor: String, unit: String?) throws -> Store {
    let hub: Store
    do {
      hub = try Store.open(at: path, clock: clock, actor: actor)
    } catch let error as DomainError where error.kind == .notFound {
      throw DomainError.notFound(
        "no hub at \(path): the file is not there; plug in the disk that holds it, or give its path with psr sync --hub PATH"
      )
    } catch let error as DomainError where error.kind == .invalid && error.message.contains("pending migration") {
      throw DomainError.invalid(
        "the hub \(path) is at an older schema version than this psr (\(error.message)): upgrade psr on the hub, then psr --db \(path) init applies the new migrations; nothing was exchanged"
      )
    } catch let error as DomainError where error.kind == .invalid && error.message.contains("migration") {
      throw DomainError.invalid(
        "the hub \(path) is at a schema version this psr does not know (\(error.message)): a newer psr made or upgraded it; upgrade psr on this machine; nothing was exchanged"
      )
    }
    guard let state = try hub.sync.state(), state.role == .hub else {
      throw DomainError.invalid("\(path) is not a unit's hub; the coordinator makes one with psr hub init")
    }
    if let unit, state.unitID != unit {
      throw DomainError.invalid(
        "\(path) is the hub of another unit (\(state.unitID.prefix(8))), not of this database's (\(unit.prefix(8))); nothing was exchanged"
      )
    }
    return hub
  }

  /// Refuses an exchange between different schema versions: a changeset silently skips a table it does
  /// not fit.
  func checkSameSchema(as hub: HubHello) throws {
    try Self.checkSameSchema(hub: hub.schema, mine: try schemaVersion())
  }

  /// Refuses different schema versions, naming the side to upgrade: the one whose migrations are a
  /// beginning of the other's.
  static func checkSameSchema(hub theirs: [String], mine: [String]) throws {
    guard mine != theirs else { return }
    func name(_ version: [String]) -> String {
      "\(version.count) (\(version.last?.prefix(while: { $0 != ":" }) ?? "none"))"
    }
    let which =
      if theirs.starts(with: mine) {
        "the hub is newer: upgrade psr on this machine"
      } else if mine.starts(with: theirs) {
        "this psr is newer than the hub: ask the coordinator to upgrade psr on the hub (then psr --db HUB init applies the new migrations), then sync"
      } else {
        "they have different migrations of the same number: install the same psr release on both sides"
      }
    throw DomainError.invalid(
      "the hub's database is at schema version \(name(theirs)) and this one at \(name(mine)); \(which); nothing was exchanged"
    )
  }

  /// Applies the hub's log after this replica's position, a page of at most `pageSize` entries in each local
  /// transaction. Returns the entries applied and conflicts kept.
  func pull(from hub: any HubEndpoint, pageSize: Int = Self.pageSize) throws -> (received: Int, conflicts: Int) {
    var total = (received: 0, conflicts: 0)
    var first = true
    while true {
      let state = try state()
      let position = state?.position ?? 0
      // The first page starts at the change this replica has at its position, to check that the hub still
      // has it there.
      let known = first && position > 0 ? state?.positionChangeID : nil
      let page = try hub.log(after: known == nil ? position : position - 1, limit: pageSize)
      if let known, let state {
        guard let entry = page.first, entry.seq == position, entry.changeID == known else {
          throw Self.restoredHub(
            state.source ?? "", hub: "it holds another change there, or none", mine: state)
        }
      }
      first = false
      let (received, conflicts) = try apply(log: page, after: position)
      total.received += received
      total.conflicts += conflicts
      if page.count < pageSize { return total }
    }
  }

  /// The most log entries a pull applies in one local transaction.
  public static let pageSize = 5_000

  /// On the hub: its unit, schema version and log position.
  public func hello() throws -> HubHello {
    guard let state = try state(), state.role == .hub else {
      throw DomainError.invalid("this database is not a unit's hub; the coordinator makes one with psr hub init")
    }
    return HubHello(
      unitID: state.unitID, schema: try schemaVersion(),
      position: try db.scalar("SELECT coalesce(max(seq), 0) FROM sync_log") ?? 0)
  }

  /// The hub's log after `position`, in order, at most `limit` entries.
  public func log(after position: Int, limit: Int = Int.max) throws -> [LogEntry] {
    try db.cachedStatement(
      "SELECT seq, change_id, origin, actor, at, changeset FROM sync_log WHERE seq > ? ORDER BY seq LIMIT ?"
    ).rows([position, limit]).map { row in
      LogEntry(
        seq: try row.decode("seq"), changeID: try row.decode("change_id"), origin: try row.decode("origin"),
        actor: try row.decode("actor"), at: try row.decode("at"),
        changeset: Data(try row.decode("changeset") as [UInt8]))
    }
  }

  /// Applies entries of the hub's log that follow `position` (from the hub itself or a bundle of it), in
  /// one local transaction. This replica's own entries still in its outbox are here already: they are only
  /// dropped from it. Returns the entries applied and conflicts kept.
  func apply(log entries: [LogEntry], after position: Int) throws -> (received: Int, conflicts: Int) {
    let entries = entries.filter { $0.seq > position }
    guard !entries.isEmpty else { return (0, 0) }
    return try db.writeUncaptured {
      var outbox = try db.rows("SELECT n, change_id, changeset FROM sync_outbox ORDER BY n").map {
        (
          n: try $0.decode("n") as Int, id: try $0.decode("change_id") as String,
          changeset: Data(try $0.decode("changeset") as [UInt8])
        )
      }
      var received = 0
      var conflicts = 0
      var applied: [Data] = []
      let rebaser = try Rebaser()
      var rebase = false
      var last = position
      for entry in entries {
        last = entry.seq
        let id = entry.changeID
        if let mine = outbox.firstIndex(where: { $0.id == id }) {
          // Our own change, accepted by a push whose answer was lost, or from a bundle: it is here already.
          try db.execute("DELETE FROM sync_outbox WHERE change_id = ?", [id])
          outbox.remove(at: mine)
          continue
        }
        let changeset = entry.changeset
        try Self.checkTables(changeset, from: "the hub's change \(id.prefix(8))")
        var lost: [ChangeConflict] = []
        let buffer = try applyChange(changeset, id: id, from: "the hub", into: "this database") { conflict in
          switch conflict.kind {
          case .data, .conflict:
            lost.append(conflict)
            return .replace
          case .notFound: return .omit
          // A case row merged column by column can break its rules (closed here, reopened there): its
          // events decide it below.
          case .constraint: return SyncTables.derived.contains(conflict.change.table) ? .omit : .abort
          case .foreignKey: return .abort
          }
        }
        applied.append(changeset)
        if !buffer.isEmpty {
          try rebaser.configure(buffer)
          rebase = true
        }
        conflicts += try record(lost, changeID: id)
        received += 1
      }
      if rebase {
        for entry in outbox {
          let rebased = try rebaser.rebase(entry.changeset)
          if try Changeset.changes(in: rebased).isEmpty {
            try db.execute("DELETE FROM sync_outbox WHERE n = ?", [entry.n])
          } else {
            try db.execute("UPDATE sync_outbox SET changeset = ? WHERE n = ?", [[UInt8](rebased), entry.n])
          }
        }
      }
      let touched = try Self.touched(by: applied)
      try derive(cases: touched.cases, producers: touched.producers, corrected: touched.corrected)
      try db.execute(
        "UPDATE sync_state SET position = ?, position_change_id = ?, last_sync_at = ? WHERE id = 1",
        [last, entries.last?.changeID, store.clock.now()])
      return (received, conflicts)
    }
  }

  /// Pushes the outbox, or returns nil when the hub has moved past this replica's position (pull first).
  func push(to hub: any HubEndpoint) throws -> Int? {
    let state = try state()!
    let outbox = try db.rows(
      "SELECT change_id, actor, at, changeset FROM sync_outbox WHERE accepted IS NULL ORDER BY n"
    ).map { row in
      PushedChange(
        changeID: try row.decode("change_id"), actor: try row.decode("actor"), at: try row.decode("at"),
        changeset: Data(try row.decode("changeset") as [UInt8]))
    }
    guard !outbox.isEmpty else {
      try db.writeUncaptured {
        try db.execute("UPDATE sync_state SET last_sync_at = ? WHERE id = 1", [store.clock.now()])
      }
      return 0
    }
    guard
      case .accepted(let accepted) = try hub.push(
        outbox, base: state.position, origin: state.replicaID, officer: store.actor)
    else { return nil }
    guard accepted == state.position + outbox.count else {
      // Accepted over others' changes this replica has not pulled yet: ours come back in the next pull, in
      // their place in the hub's order, and leave the outbox then.
      try db.writeUncaptured {
        for change in outbox {
          try db.execute("UPDATE sync_outbox SET accepted = ? WHERE change_id = ?", [accepted, change.changeID])
        }
      }
      return outbox.count
    }
    try db.writeUncaptured {
      for change in outbox {
        try db.execute("DELETE FROM sync_outbox WHERE change_id = ?", [change.changeID])
      }
      try db.execute(
        "UPDATE sync_state SET position = ?, position_change_id = ?, last_sync_at = ? WHERE id = 1",
        [accepted, outbox.last?.changeID, store.clock.now()])
    }
    return outbox.count
  }

  /// On the hub: applies a replica's pushed changes and appends them to the log, in one transaction. A push
  /// based on the log's latest position (the replica pulled everything first) is refused whole by any
  /// conflict but those of derived rows and links. One based on an earlier position is applied only when it
  /// applies as cleanly over what came since (none of the values it changes was changed since, nothing it
  /// needs was removed): the outcome is then what pulling first would have given; else "pull first".
  public func accept(_ changes: [PushedChange], base: Int, origin: String, officer: String) throws -> PushAnswer {
    struct Stale: Error { var latest: Int }
    do {
      return try db.writeUncaptured {
        let latest: Int = try db.scalar("SELECT coalesce(max(seq), 0) FROM sync_log") ?? 0
        guard base <= latest else { return .pullFirst(position: latest) }
        // A push repeated after its answer was lost (the hub restarted): the replica's next pull brings
        // those changes back and drops them from its outbox.
        let logged = try db.cachedStatement("SELECT 1 FROM sync_log WHERE change_id = ?")
        for change in changes where try logged.rows([change.changeID]).first != nil {
          return .pullFirst(position: latest)
        }
        let log = try db.cachedStatement(
          "INSERT INTO sync_log (change_id, origin, actor, at, changeset, pushed_by) VALUES (?, ?, ?, ?, ?, ?)")
        let columns = try Dictionary(
          uniqueKeysWithValues: SyncTables.derivedColumns.keys.map { ($0, try columnNames($0)) })
        for change in changes {
          try Self.checkTables(change.changeset, from: "change \(change.changeID.prefix(8))")
          let corrected = Dictionary(
            uniqueKeysWithValues: try CorrectionRepository.touched(by: [change.changeset]).map { ($0.rawValue, $1) })
          do {
            try applyChange(change.changeset, id: change.changeID, from: "this database", into: "the hub") {
              base < latest ? Self.onHubOverNewer($0) : Self.onHub($0, columns: columns, corrected: corrected)
            }
          } catch let error as SQLiteError where ResultCode.busy ~= error.code || ResultCode.locked ~= error.code {
            throw error
          } catch  where base < latest {
            throw Stale(latest: latest)
          }
          try log.execute([change.changeID, origin, change.actor, change.at, [UInt8](change.changeset), officer])
        }
        let touched = try Self.touched(by: changes.map(\.changeset))
        try derive(cases: touched.cases, producers: touched.producers, corrected: touched.corrected)
        let accepted: Int = try db.scalar("SELECT max(seq) FROM sync_log") ?? 0
        // A replica accepted over changes it has not pulled has applied the log up to its base only.
        try noteReplica(origin, officer: officer, position: base < latest ? base : accepted)
        return .accepted(position: accepted)
      }
    } catch let stale as Stale {
      return .pullFirst(position: stale.latest)
    }
  }

  /// On the hub: remembers whose replica `id` is and the log position it has applied (or, from a bundle,
  /// had applied when it wrote it), and the last of its bundles imported.
  func noteReplica(_ id: String, officer: String, position: Int, bundle: Int? = nil) throws {
    try db.execute(
      """
      INSERT INTO sync_replicas (replica_id, officer, position, bundle, seen_at) VALUES (?1, ?2, ?3, coalesce(?4, 0), ?5)
      ON CONFLICT (replica_id) DO UPDATE SET officer = ?2, position = max(position, ?3),
        bundle = max(bundle, coalesce(?4, 0)), seen_at = ?5
      """, [id, officer, position, bundle, store.clock.now()])
  }

  /// How the hub answers a conflict of a push. The replica pulled first, so its changes are based on the
  /// hub's latest: what still differs is a derived row (worked out again from its events after), a value
  /// corrections decide (the hub worked it out again from a correction the replica had not seen when it made
  /// its change; the push corrects that record, so it is worked out again after, from all of them) or a link
  /// row both sides added or one removed. Anything else aborts the push whole. `columns` names the columns of
  /// the tables with derived columns; `corrected` holds, by table, the records the change corrects.
  static func onHub(_ conflict: ChangeConflict, columns: [String: [String]], corrected: [String: Set<String>])
    -> ConflictResolution
  {
    let table = conflict.change.table
    switch conflict.kind {
    case .data:
      if SyncTables.derived.contains(table) { return .replace }
      guard case .text(let id)? = conflict.change.old.first, corrected[table]?.contains(id) == true else {
        return .abort
      }
      return differsOnlyInDerivedColumns(conflict, columns: columns[table]) ? .replace : .abort
    case .constraint: return SyncTables.derived.contains(table) ? .omit : .abort
    case .conflict, .notFound: return SyncTables.links.contains(table) ? .omit : .abort
    case .foreignKey: return .abort
    }
  }

  /// True when the target's row differs from the values the change expects, and only in columns worked out
  /// from events or corrections (`SyncTables.derivedColumns`), so nothing but a derived value is
  /// overwritten, and that is worked out again after the apply.
  static func differsOnlyInDerivedColumns(_ conflict: ChangeConflict, columns: [String]?) -> Bool {
    guard let columns, let current = conflict.current, conflict.change.operation == .update,
      let derived = SyncTables.derivedColumns[conflict.change.table], !derived.isEmpty
    else { return false }
    var differs = false
    for (index, expected) in conflict.change.old.enumerated() {
      guard let expected, index < current.count, current[index] != expected else { continue }
      guard index < columns.count, derived.contains(columns[index]) else { return false }
      differs = true
    }
    return differs
  }

  /// How the hub answers a conflict of a push based on an earlier position than its latest: any value
  /// changed since, even of a derived row, means the replica must pull first (the hub's value would win
  /// there); only a link row both sides added, or one removed, is as good as applied.
  static func onHubOverNewer(_ conflict: ChangeConflict) -> ConflictResolution {
    switch conflict.kind {
    case .conflict, .notFound: return SyncTables.links.contains(conflict.change.table) ? .omit : .abort
    case .data, .constraint, .foreignKey: return .abort
    }
  }

  /// Applies one change here, naming it in the error when it cannot be applied.
  @discardableResult
  func applyChange(
    _ changeset: Data, id: String, from origin: String, into target: String,
    onConflict: (ChangeConflict) -> ConflictResolution
  ) throws -> Data {
    var refused: ChangeConflict?
    do {
      return try db.apply(changeset, tables: SyncTables.syncedSet) { conflict in
        let resolution = onConflict(conflict)
        if resolution == .abort { refused = conflict }
        return resolution
      }
    } catch let error as SQLiteError {
      if let refused {
        throw DomainError.invalid(
          "change \(id.prefix(8)) from \(origin) was refused by \(target): \(Self.describe(refused)); nothing was applied; sync again, and if it persists run psr check on both databases"
        )
      }
      throw DomainError.invalid(
        "change \(id.prefix(8)) from \(origin) cannot be applied to \(target): \(error.message); nothing was applied")
    }
  }

  static func describe(_ conflict: ChangeConflict) -> String {
    switch conflict.kind {
    case .foreignKey: "it refers to a record that is not there"
    case .constraint: "it breaks a rule of table \(conflict.change.table)"
    case .data: "a row of \(conflict.change.table) was changed here meanwhile"
    case .notFound: "a row of \(conflict.change.table) is not here"
    case .conflict: "a row of \(conflict.change.table) with the same key is here already"
    }
  }

  /// Refuses a changeset that touches a table outside the synced set.
  static func checkTables(_ changeset: Data, from origin: String) throws {
    let outside = try Changeset.tables(in: changeset).filter { !SyncTables.syncedSet.contains($0) }
    guard outside.isEmpty else {
      throw DomainError.invalid(
        "\(origin) touches \(outside.joined(separator: ", ")), which psr does not sync; nothing was applied")
    }
  }
}
