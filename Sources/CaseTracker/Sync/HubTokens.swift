import SQLite

/// An officer's token for the hub server (`hub_tokens`): only its hash is kept.
public struct HubToken: Equatable, Sendable {
  public var id: String
  public var officer: String
  public var createdAt: String
  public var createdBy: String
  public var revokedAt: String?
  public var revokedBy: String?
  public var lastUsedAt: String?

  public var shortID: String { String(id.prefix(8)) }
}

extension SyncRepository {
  /// Issues a new token for `officer` (an active officer of this hub). Returns it with the token itself,
  /// which is shown this once: 256 random bits from the system's generator, as `psr_` and 64 hex digits.
  public func issueToken(for officer: String) throws -> (token: HubToken, secret: String) {
    _ = try hubState(for: "psr hub token issue")
    let handle = try store.officers.require(officer).handle
    let active: Int = try db.scalar("SELECT active FROM officers WHERE handle = ?", [handle]) ?? 0
    guard active == 1 else {
      throw DomainError.invalid(
        "officer \(handle) is inactive; make them active again (psr officer update \(handle) --active) before issuing a token"
      )
    }
    var generator = SystemRandomNumberGenerator()
    let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    let secret = "psr_" + bytes.map { String($0, radix: 16).leftPadded(to: 2) }.joined()
    let id = Identifier.make()
    try db.writeUncaptured {
      try db.execute(
        "INSERT INTO hub_tokens (id, officer, hash, created_at, created_by) VALUES (?, ?, ?, ?, ?)",
        [id, handle, SHA256.hex(Array(secret.utf8)), store.clock.now(), store.actor])
    }
    return (try token(id: id)!, secret)
  }

  /// The tokens issued here, newest first; revoked ones too with `includeRevoked`.
  public func tokens(includeRevoked: Bool = false) throws -> [HubToken] {
    _ = try hubState(for: "psr hub token list")
    return try db.rows(
      "SELECT * FROM hub_tokens WHERE ? OR revoked_at IS NULL ORDER BY created_at DESC, id", [includeRevoked]
    ).map(Self.token)
  }

  /// Revokes the token whose id starts with `reference` (at least 6 characters): requests with it are refused
  /// from now on.
  public func revokeToken(_ reference: String) throws -> HubToken {
    _ = try hubState(for: "psr hub token revoke")
    let prefix = reference.lowercased()
    return try db.writeUncaptured {
      let matches = try tokens(includeRevoked: true).filter { $0.id.hasPrefix(prefix) }
      guard prefix.count >= 6, matches.count == 1, let token = matches.first else {
        throw matches.count > 1
          ? DomainError.invalid("'\(Validate.printable(reference))' names \(matches.count) tokens; give more of its id")
          : DomainError.notFound(
            "no token '\(Validate.printable(reference))'; psr hub token list shows them (give at least 6 characters of an id)"
          )
      }
      guard token.revokedAt == nil else {
        throw DomainError.invalid(
          "token \(token.shortID) of \(token.officer) was revoked already, on \(token.revokedAt!)")
      }
      try db.execute(
        "UPDATE hub_tokens SET revoked_at = ?, revoked_by = ? WHERE id = ?", [store.clock.now(), store.actor, token.id])
      return try self.token(id: token.id)!
    }
  }

  /// The officer whose valid token `secret` is: issued here, not revoked, its officer active. Nil for
  /// anything else.
  public func officer(presenting secret: String) throws -> String? { try token(presenting: secret)?.officer }

  /// The valid token `secret` is: issued here, not revoked, its officer active. Nil for anything else. The
  /// stored hash is compared in constant time.
  public func token(presenting secret: String) throws -> HubToken? {
    guard secret.utf8.count <= 200 else { return nil }
    let hash = SHA256.hex(Array(secret.utf8))
    guard
      let row = try db.cachedStatement(
        """
        SELECT t.* FROM hub_tokens t JOIN officers o ON o.handle = t.officer
        WHERE t.hash = ? AND t.revoked_at IS NULL AND o.active = 1
        """
      ).rows([hash]).first
    else { return nil }
    let stored: String = try row.decode("hash")
    guard Self.constantTimeEqual(Array(stored.utf8), Array(hash.utf8)) else { return nil }
    return try Self.token(row)
  }

  /// The token with this id while it is still valid: not revoked, its officer active (a browser session
  /// signed in with it ends when it is not).
  public func validToken(id: String) throws -> HubToken? {
    try db.cachedStatement(
      """
      SELECT t.* FROM hub_tokens t JOIN officers o ON o.handle = t.officer
      WHERE t.id = ? AND t.revoked_at IS NULL AND o.active = 1
      """
    ).rows([id]).first.map(Self.token)
  }

  /// Notes that `token` was used now (`psr hub token list` shows it).
  public func noteUse(of token: HubToken) throws {
    try db.writeUncaptured {
      try db.execute("UPDATE hub_tokens SET last_used_at = ? WHERE id = ?", [store.clock.now(), token.id])
    }
  }

  /// True when `a` and `b` are equal, in a time that depends on their length only.
  static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    guard a.count == b.count else { return false }
    var difference: UInt8 = 0
    for index in a.indices { difference |= a[index] ^ b[index] }
    return difference == 0
  }

  private func token(id: String) throws -> HubToken? {
    try db.row("SELECT * FROM hub_tokens WHERE id = ?", [id]).map(Self.token)
  }

  private static func token(_ row: Row) throws -> HubToken {
    HubToken(
      id: try row.decode("id"), officer: try row.decode("officer"), createdAt: try row.decode("created_at"),
      createdBy: try row.decode("created_by"), revokedAt: try row.decode("revoked_at"),
      revokedBy: try row.decode("revoked_by"), lastUsedAt: try row.decode("last_used_at"))
  }
}

extension String {
  fileprivate func leftPadded(to width: Int) -> String {
    count >= width ? self : String(repeating: "0", count: width - count) + self
  }
}
