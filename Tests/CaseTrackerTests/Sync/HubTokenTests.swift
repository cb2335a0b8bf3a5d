import Foundation
import SQLite
import Testing

@testable import CaseTracker

/// Officers' tokens for the hub server: shown once, kept as a hash, refused once revoked or inactive.
@Suite struct HubTokenTests {
  @Test func aTokenNamesItsOfficerUntilRevokedOrTheOfficerIsInactive() throws {
    let world = try CaseWorld()
    let store = try world.store()
    _ = try store.sync.initHub()
    let (token, secret) = try store.sync.issueToken(for: "akinyi")
    #expect(secret.hasPrefix("psr_") && secret.count == 68)
    #expect(secret.dropFirst(4).allSatisfy { $0.isHexDigit && !$0.isUppercase })
    #expect(try store.sync.officer(presenting: secret) == "akinyi")
    // Only the hash is kept.
    let stored: [String] = try store.db.rows("SELECT * FROM hub_tokens").flatMap { row in
      row.values.map(\.description)
    }
    #expect(!stored.contains { $0.contains(secret.dropFirst(4)) })
    // Nothing else passes: another token, one character off, empty, huge.
    let (_, other) = try store.sync.issueToken(for: "pedro")
    #expect(other != secret)
    #expect(try store.sync.officer(presenting: other) == "pedro")
    var offByOne = Array(secret)
    offByOne[10] = offByOne[10] == "0" ? "1" : "0"
    for wrong in [String(offByOne), "", "psr_", secret + "0", String(repeating: "a", count: 100_000)] {
      #expect(try store.sync.officer(presenting: wrong) == nil)
    }
    _ = try store.officers.update(handle: "pedro", active: false)
    #expect(try store.sync.officer(presenting: other) == nil)
    let revoked = try store.sync.revokeToken(token.shortID)
    #expect(revoked.revokedAt != nil && revoked.revokedBy == "akinyi")
    #expect(try store.sync.officer(presenting: secret) == nil)
    expectDomainError(.invalid, "revoked already") { _ = try store.sync.revokeToken(token.shortID) }
    expectDomainError(.invalid, "inactive") { _ = try store.sync.issueToken(for: "pedro") }
    expectDomainError(.notFound, "unknown officer") { _ = try store.sync.issueToken(for: "nobody") }
    #expect(try store.sync.tokens().count == 1)
    #expect(try store.sync.tokens(includeRevoked: true).count == 2)
  }

  @Test func tokensAreTheHubsOwnNeitherSyncedNorCloned() throws {
    let world = try CaseWorld()
    let store = try world.store()
    expectDomainError(.invalid, "does not belong to a unit") { _ = try store.sync.issueToken(for: "akinyi") }
    _ = try store.sync.initHub()
    let (_, secret) = try store.sync.issueToken(for: "akinyi")
    #expect(!SyncTables.syncedSet.contains("hub_tokens"))
    let replicaPath = world.test.folder.appendingPathComponent("replica.db").path
    _ = try SyncRepository.clone(
      from: world.test.path, to: replicaPath, clock: Clock(today: "2026-11-26"), actor: "akinyi")
    let replica = try Store.open(at: replicaPath, clock: Clock(today: "2026-11-26"), actor: "akinyi")
    #expect(try replica.db.scalar("SELECT count(*) FROM hub_tokens", as: Int.self) == 0)
    #expect(try replica.db.scalar("SELECT count(*) FROM sync_replicas", as: Int.self) == 0)
    expectDomainError(.invalid, "runs on the unit's hub") { _ = try replica.sync.issueToken(for: "akinyi") }
    #expect(try store.sync.officer(presenting: secret) == "akinyi")
  }

  @Test func comparisonIsByteForByte() {
    #expect(SyncRepository.constantTimeEqual(Array("abc".utf8), Array("abc".utf8)))
    #expect(!SyncRepository.constantTimeEqual(Array("abc".utf8), Array("abd".utf8)))
    #expect(!SyncRepository.constantTimeEqual(Array("abc".utf8), Array("abcd".utf8)))
  }
}

/// The exchange through `HubEndpoint`, the requests a hub server will answer too.
@Suite struct HubEndpointTests {
  @Test func aPullReadsTheLogPageByPageAndAPushIsBasedOnTheLatest() throws {
    let world = try CaseWorld()
    let hubStore = try world.store()
    _ = try hubStore.sync.initHub()
    let replicaPath = world.test.folder.appendingPathComponent("replica.db").path
    _ = try SyncRepository.clone(
      from: world.test.path, to: replicaPath, clock: Clock(today: "2026-11-26"), actor: "pedro")
    let replica = try Store.open(at: replicaPath, clock: Clock(today: "2026-11-26"), actor: "pedro")
    let hub = FileHub(store: hubStore)
    for n in 1...5 { try world.openCase(.trade, "Case \(n) on the hub") }
    #expect(try hub.hello().position == 5)
    #expect(try hub.log(after: 1, limit: 2).map(\.seq) == [2, 3])
    // A change made here meanwhile touches nothing the hub's five changed: it is accepted over them, and comes
    // back in the next pull, after them, in the hub's order.
    let laptopCase = try replica.cases.open(CaseDraft(type: .trade, title: "From the laptop", producer: "8")).case
    #expect(try replica.sync.push(to: hub) == 1)
    #expect(try hub.hello().position == 6)
    #expect(try replica.sync.state()?.position == 0)
    #expect(try replica.sync.status().pending == 0)
    #expect(try replica.sync.push(to: hub) == 0)
    let pulled = try replica.sync.pull(from: hub, pageSize: 2)
    #expect(pulled.received == 5)
    #expect(try replica.sync.state()?.position == 6)
    #expect(try replica.db.scalar("SELECT count(*) FROM sync_outbox", as: Int.self) == 0)
    #expect(try hubStore.db.scalar("SELECT count(*) FROM cases WHERE title = 'From the laptop'", as: Int.self) == 1)
    #expect(try replica.db.scalar("SELECT count(*) FROM cases", as: Int.self) == 6)
    // One that changes what the hub changed since is refused until this replica has pulled it.
    var hubTitle = CaseChanges()
    hubTitle.title = "Renamed on the hub"
    _ = try hubStore.cases.update(laptopCase.id, hubTitle)
    var mine = CaseChanges()
    mine.title = "Renamed on the laptop"
    _ = try replica.cases.update(laptopCase.id, mine)
    #expect(try replica.sync.push(to: hub) == nil)
    #expect(try hub.hello().position == 7)
    let refused = try replica.sync.pull(from: hub)
    // A case's title is its events' latest on every database: the hub's rename is nothing lost for review.
    #expect(refused.received == 1 && refused.conflicts == 0)
    #expect(try replica.sync.push(to: hub) != nil)
    // The title is its events' latest: the laptop's rename, made after the hub's.
    let settled = try hubStore.cases.require(id: laptopCase.id).title
    #expect(settled == "Renamed on the laptop", "\(settled)")
    #expect(try replica.sync.pull(from: hub).received == 0)
    #expect(try replica.cases.require(id: laptopCase.id).title == settled)
    // A base past the hub's log (a hub restored from an older copy) is never accepted.
    let latest = try hub.hello().position
    #expect(
      try hub.push([], base: latest + 5, origin: Identifier.make(), officer: "pedro") == .pullFirst(position: latest))
  }
}
