import Foundation
import SQLite
import Testing

/// What the hub server refuses, and how it answers when busy: each refusal a 4xx with one sentence and
/// nothing applied.
@Suite(.serialized)
struct HubServerRefusalTests {
  /// A push body as a replica sends it, of one change with `changeset`.
  static func push(base: Int, changeset: Data) -> [UInt8] {
    let body: [String: Any] = [
      "base": base, "origin": "6f1c2d3e-4a5b-4c6d-8e7f-0123456789ab",
      "changes": [
        [
          "change_id": "0a1b2c3d-4e5f-4a6b-8c7d-9e8f7a6b5c4d", "actor": "akinyi", "at": "2026-11-26T10:00:00Z",
          "changeset": changeset.base64EncodedString(),
        ]
      ],
    ]
    return [UInt8](try! JSONSerialization.data(withJSONObject: body))
  }

  static func position(_ hub: String) throws -> Int {
    try Database(path: hub, mode: .readOnly, journalMode: nil).scalar("SELECT coalesce(max(seq), 0) FROM sync_log") ?? 0
  }

  @Test func pushesThatAreNotWhatAReplicaSendsAreRefusedWithNothingApplied() throws {
    let served = try ServedUnit()
    let unit = served.unit
    let port = served.server.port
    let auth = ["Authorization": "Bearer \(served.tokens["akinyi"]!)"]
    let json = auth.merging(["Content-Type": "application/json"]) { $1 }
    let before = try unit.digest(unit.hub)
    let base = try Self.position(unit.hub)
    // A changeset of a table psr does not sync.
    let scratch = try Database()
    try scratch.execute("CREATE TABLE hub_tokens (id TEXT PRIMARY KEY, officer TEXT)")
    let session = try Session(scratch, tables: ["hub_tokens"])
    try scratch.execute("INSERT INTO hub_tokens VALUES ('x', 'intruder')")
    let outside = try session.changeset()
    let refused = try rawHTTP(
      port: port, httpRequest("POST", "/v1/push", headers: json, body: Self.push(base: base, changeset: outside)))
    #expect(refused.status == 400, "\(refused.text)")
    #expect(refused.text.contains("touches hub_tokens, which psr does not sync"), "\(refused.text)")
    // Garbage where a changeset goes, malformed JSON, the wrong type, too large.
    let garbage = try rawHTTP(
      port: port,
      httpRequest("POST", "/v1/push", headers: json, body: Self.push(base: base, changeset: Data([1, 2, 3, 4, 5]))))
    #expect(garbage.status == 400, "\(garbage.text)")
    let malformed = try rawHTTP(
      port: port, httpRequest("POST", "/v1/push", headers: json, body: Array("{\"base\": 1,".utf8)))
    #expect(malformed.status == 400, "\(malformed.text)")
    let wrongType = try rawHTTP(
      port: port,
      httpRequest(
        "POST", "/v1/push", headers: auth.merging(["Content-Type": "text/plain"]) { $1 }, body: Array("hello".utf8)))
    #expect(wrongType.status == 415, "\(wrongType.text)")
    let huge = try rawHTTP(
      port: port, httpRequest("POST", "/v1/push", headers: json, body: [UInt8](repeating: 0x20, count: (32 << 20) + 10))
    )
    #expect(huge.status == 413, "\(huge.text)")
    #expect(huge.text.contains("32 MiB"), "\(huge.text)")
    // Paths and queries that are not the protocol's.
    #expect(try rawHTTP(port: port, httpRequest("GET", "/v1/log?after=-5", headers: auth)).status == 400)
    #expect(try rawHTTP(port: port, httpRequest("GET", "/v1/log?after=0&limit=999999", headers: auth)).status == 400)
    #expect(try rawHTTP(port: port, httpRequest("GET", "/v1/../../etc/passwd", headers: auth)).status == 404)
    #expect(try rawHTTP(port: port, httpRequest("GET", "/v1/health")).status == 200)
    #expect(try unit.digest(unit.hub) == before)
    #expect(try Self.position(unit.hub) == base)
    // The server is still there, and syncs.
    try served.ok(unit.akinyi, ["sync", "--hub", served.server.address])
  }

  @Test func aBusyHubAnswers503AndTheClientRetriesUntilItIsThrough() throws {
    let served = try ServedUnit()
    let unit = served.unit
    try served.ok(unit.akinyi, ["case", "open", "--type", "trade", "--title", "Patient", "--producer", "27651"])
    // Another writer holds the hub's lock for longer than the busy timeout (5 s).
    let holder = try Database(path: unit.hub)
    try holder.execute("BEGIN IMMEDIATE")
    let started = Date()
    nonisolated(unsafe) var result: Run?
    let done = DispatchSemaphore(value: 0)
    nonisolated(unsafe) let syncing = served
    DispatchQueue.global().async {
      result = try? syncing.run(syncing.unit.akinyi, ["sync", "--hub", syncing.server.address])
      done.signal()
    }
    Thread.sleep(forTimeInterval: 6.5)
    try holder.execute("ROLLBACK")
    done.wait()
    let run = try #require(result)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stderr.contains("1 change(s) sent"), "\(run.stderr)")
    #expect(Date().timeIntervalSince(started) > 6)
    #expect(served.server.output.contains("POST /v1/push 503"), "\(served.server.output) \(run.stderr)")
    #expect(try unit.digest(unit.akinyi) == unit.digest(unit.hub))
  }

  @Test func aSyncBetweenSchemaVersionsSaysWhichSideToUpgrade() throws {
    let served = try ServedUnit()
    let unit = served.unit
    try served.ok(unit.akinyi, ["case", "open", "--type", "trade", "--title", "Waiting", "--producer", "27651"])
    let mine = try unit.digest(unit.akinyi)
    // A request first, so that the server holds its connection open from before the change below, and has
    // noted the token's use (a connection it opened after would refuse the database outright).
    try served.ok(unit.akinyi, ["sync", "status"])
    Thread.sleep(forTimeInterval: 0.5)
    let hub = try Database(path: unit.hub)
    // The hub a migration ahead, as if upgraded first (its server would be too: the one here is older).
    try hub.execute("INSERT INTO schema_migrations (name, checksum, applied_at) VALUES ('0099_future', 'x', 'now')")
    let newer = try served.run(unit.akinyi, ["sync", "--hub", served.server.address])
    #expect(newer.status == 65)
    // Said by this psr from the hub's schema, or, when the server had to open another connection to its
    // database (made newer under it), by the server itself: either way refused, nothing exchanged.
    #expect(
      newer.stderr.contains("the hub is newer: upgrade psr on this machine")
        || newer.stderr.contains("the database has migration '0099_future', which this version does not know"),
      "\(newer.stderr)")
    // The hub a migration behind.
    try hub.execute(
      "DELETE FROM schema_migrations WHERE name >= (SELECT max(name) FROM schema_migrations WHERE name < '0099')")
    let older = try served.run(unit.akinyi, ["sync", "--hub", served.server.address])
    #expect(older.status == 65)
    #expect(older.stderr.contains("upgrade psr on the hub"), "\(older.stderr)")
    #expect(try unit.digest(unit.akinyi) == mine)
    #expect(try unit.json(unit.akinyi, ["sync", "status"])["pending_changes"] as? Int == 1)
  }
}
