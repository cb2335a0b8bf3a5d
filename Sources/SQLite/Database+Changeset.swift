import CSQLite

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// What the C callbacks of `sqlite3changeset_apply_v2` reach through their context pointer.
private final class ApplyContext {
  let tables: Set<String>?
  let onConflict: (ChangeConflict) -> ConflictResolution
  var failure: Error?

  init(tables: Set<String>?, onConflict: @escaping (ChangeConflict) -> ConflictResolution) {
    self.tables = tables
    self.onConflict = onConflict
  }
}

extension Database {
  /// Applies `changeset` with sqlite3changeset_apply_v2, inside its own savepoint: an abort or a failure
  /// leaves nothing of it applied. Changes to tables outside `tables` (when given) are skipped; callers
  /// refuse such a changeset first. `onConflict` decides each conflict (answer `.foreignKey` with `.abort`:
  /// `.omit` commits the orphans). Returns the rebase buffer, for `Rebaser`.
  @discardableResult
  public func apply(
    _ changeset: Data, tables: Set<String>? = nil, onConflict: (ChangeConflict) -> ConflictResolution
  ) throws -> Data {
    guard !changeset.isEmpty else { return Data() }
    try changeset.withUnsafeBytes { try ChangesetFormat.check($0, "changeset") }
    return try withoutActuallyEscaping(onConflict) { onConflict in
      let context = ApplyContext(tables: tables, onConflict: onConflict)
      let pointer = Unmanaged.passUnretained(context).toOpaque()
      var copy = changeset
      var rebaseSize: Int32 = 0
      var rebase: UnsafeMutableRawPointer?
      let code = copy.withUnsafeMutableBytes { bytes in
        sqlite3changeset_apply_v2(
          handle, Int32(bytes.count), bytes.baseAddress,
          { context, table in
            guard let context, let table else { return 1 }
            let apply = Unmanaged<ApplyContext>.fromOpaque(context).takeUnretainedValue()
            guard let tables = apply.tables else { return 1 }
            return tables.contains(String(cString: table)) ? 1 : 0
          },
          { context, kind, iterator in
            guard let context, let iterator else { return SQLITE_CHANGESET_ABORT }
            let apply = Unmanaged<ApplyContext>.fromOpaque(context).takeUnretainedValue()
            do {
              let conflict = try Database.conflict(kind, iterator)
              switch apply.onConflict(conflict) {
              case .omit: return SQLITE_CHANGESET_OMIT
              case .replace:
                return kind == SQLITE_CHANGESET_DATA || kind == SQLITE_CHANGESET_CONFLICT
                  ? SQLITE_CHANGESET_REPLACE : SQLITE_CHANGESET_ABORT
              case .abort: return SQLITE_CHANGESET_ABORT
              }
            } catch {
              apply.failure = error
              return SQLITE_CHANGESET_ABORT
            }
          }, pointer, &rebase, &rebaseSize, 0)
      }
      defer { sqlite3_free(rebase) }
      if let failure = context.failure { throw failure }
      guard code == SQLITE_OK else {
        throw SQLiteError(connection: handle, code: code, sql: "sqlite3changeset_apply_v2")
      }
      return Changeset.data(rebase, rebaseSize)
    }
  }

  /// The conflict the handler is told about, read from the iterator.
  fileprivate static func conflict(_ kind: Int32, _ iterator: OpaquePointer) throws -> ChangeConflict {
    // A foreign key conflict is about the whole changeset: its iterator is at no change (reading one is
    // SQLITE_MISUSE), only the count of violations.
    if kind == SQLITE_CHANGESET_FOREIGN_KEY {
      var violations: Int32 = 0
      _ = sqlite3changeset_fk_conflicts(iterator, &violations)
      return ChangeConflict(
        kind: .foreignKey,
        change: Change(
          table: "", operation: .insert, indirect: false, columnCount: 0, primaryKeyColumns: [], old: [], new: []),
        current: nil, foreignKeyViolations: Int(violations))
    }
    let change = try Changeset.change(at: iterator)
    var current: [DatabaseValue]?
    if kind == SQLITE_CHANGESET_DATA || kind == SQLITE_CHANGESET_CONFLICT {
      current = try (0..<Int32(change.columnCount)).map { column in
        var value: OpaquePointer?
        try Changeset.check(sqlite3changeset_conflict(iterator, column, &value), "cannot read a conflicting row")
        return value.map(DatabaseValue.init(sqliteValue:)) ?? .null
      }
    }
    let conflictKind: ConflictKind =
      switch kind {
      case SQLITE_CHANGESET_DATA: .data
      case SQLITE_CHANGESET_NOTFOUND: .notFound
      case SQLITE_CHANGESET_CONFLICT: .conflict
      case SQLITE_CHANGESET_CONSTRAINT: .constraint
      default: .constraint
      }
    return ChangeConflict(kind: conflictKind, change: change, current: current, foreignKeyViolations: 0)
  }
}

/// Rewrites changesets not yet sent after remote changes were applied with conflicts resolved, so that
/// the receiver does not meet the same conflict again (sqlite3rebaser, experimental in SQLite).
public final class Rebaser {
  let handle: OpaquePointer

  public init() throws {
    var rebaser: OpaquePointer?
    try Changeset.check(sqlite3rebaser_create(&rebaser), "cannot create a rebaser")
    guard let rebaser else { throw SQLiteError(code: .error, message: "cannot create a rebaser") }
    handle = rebaser
  }

  deinit { sqlite3rebaser_delete(handle) }

  /// Adds a rebase buffer that `Database.apply` returned.
  public func configure(_ rebaseBuffer: Data) throws {
    guard !rebaseBuffer.isEmpty else { return }
    try rebaseBuffer.withUnsafeBytes { bytes in
      try ChangesetFormat.check(bytes, "rebase buffer")
      try Changeset.check(
        sqlite3rebaser_configure(handle, Int32(bytes.count), bytes.baseAddress), "cannot read a rebase buffer")
    }
  }

  /// `changeset` rebased on what was configured.
  public func rebase(_ changeset: Data) throws -> Data {
    guard !changeset.isEmpty else { return Data() }
    var size: Int32 = 0
    var buffer: UnsafeMutableRawPointer?
    try changeset.withUnsafeBytes { bytes in
      try ChangesetFormat.check(bytes, "changeset")
      try Changeset.check(
        sqlite3rebaser_rebase(handle, Int32(bytes.count), bytes.baseAddress, &size, &buffer), "cannot rebase")
    }
    defer { sqlite3_free(buffer) }
    return Changeset.data(buffer, size)
  }
}
