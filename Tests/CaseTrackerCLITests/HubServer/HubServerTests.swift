import Foundation
import SQLite
import Testing

/// A unit whose hub is served by a real `psr hub serve`, with a token for each officer.
struct ServedUnit {
  let unit: Unit
  let server: ServedHub
  let tokens: [String: String]

  init(tls: (cert: String, key: String)? = nil) throws {
    unit = try Unit()
    var tokens: [String: String] = [:]
    for officer in ["akinyi", "mateo"] {
      let issued = try unit.ok(unit.hub, ["hub", "token", "issue", officer])
      tokens[officer] = issued.trimmingCharacters(in: .whitespacesAndNewlines)
    }
    self.tokens = tokens
    server = try ServedHub(database: unit.hub, folder: unit.box.folder, tls: tls)
  }

  /// Runs psr on `database` as `handle`, with that officer's token in PSR_HUB_TOKEN unless `token` says.
  func run(_ database: String, _ arguments: [String], as handle: String = "akinyi", token: String? = nil) throws -> Run
  {
    try unit.box.run(
      ["--db", database, "--as", handle, "--today", "2026-11-26"] + arguments, useDB: false,
      environment: ["PSR_HUB_TOKEN": token ?? tokens[handle] ?? ""])
  }

  @discardableResult
  func ok(
    _ database: String, _ arguments: [String], as handle: String = "akinyi",
    sourceLocation: SourceLocation = #_sourceLocation
  ) throws -> Run {
    let result = try run(database, arguments, as: handle)
    #expect(result.status == 0, "\(arguments): \(result.stderr)", sourceLocation: sourceLocation)
    return result
  }
}

@Suite(.serialized) struct HubServerTests {
  @Test func officersSyncThroughTheServerAndEveryDatabaseConverges() throws {
    let served = try ServedUnit()
    let unit = served.unit
    let hub = served.server.address
    try served.ok(unit.akinyi, ["case", "open", "--type", "trade", "--title", "Over the wire", "--producer", "27651"])
    let first = try served.ok(unit.akinyi, ["sync", "--hub", hub])
    #expect(first.stderr.contains("1 change(s) sent"), "\(first.stderr)")
    try served.ok(unit.mateo, ["sync", "--hub", hub], as: "mateo")
    try served.ok(
      unit.mateo, ["case", "open", "--type", "trade", "--title", "From Peru", "--producer", "27651"], as: "mateo")
    // The address is remembered: no --hub from now on.
    try served.ok(unit.mateo, ["sync"], as: "mateo")
    try served.ok(unit.akinyi, ["sync"])
    #expect(try unit.digest(unit.akinyi) == unit.digest(unit.hub))
    #expect(try unit.digest(unit.mateo) == unit.digest(unit.hub))
    let status = try #require(
      try json(served.ok(unit.akinyi, ["sync", "status", "--format", "json"]).stdout) as? [String: Any])
    #expect(status["hub"] as? String == hub)
    #expect(status["hub_position"] as? Int == status["position"] as? Int, "\(status)")
    #expect(status["hub_problem"] is NSNull, "\(status)")
    // Every accepted change records the officer whose token pushed it.
    let log = try Database(path: unit.hub, mode: .readOnly, journalMode: nil)
    let pushers: [String] = try log.rows(
      "SELECT DISTINCT pushed_by FROM sync_log WHERE origin != (SELECT replica_id FROM sync_state) ORDER BY 1"
    ).map { try $0.decode(at: 0) }
    #expect(pushers == ["akinyi", "mateo"])
    // One line per request, with the officer, and never a token.
    let output = served.server.output
    #expect(output.contains(" akinyi POST /v1/push 200 "), "\(output)")
    #expect(output.contains(" mateo GET /v1/log 200 "), "\(output)")
    #expect(!output.contains("psr_"))
  }

  @Test func aNewOfficerClonesOverHTTPAfterSigningIn() throws {
    let served = try ServedUnit()
    let unit = served.unit
    let hub = served.server.address
    // Sign in with the token on stdin; the credentials file is private.
    let login = try unit.box.run(["sync", "login", "--hub", hub], useDB: false, input: served.tokens["mateo"]! + "\n")
    #expect(login.status == 0, "\(login.stderr)")
    #expect(login.stderr.contains("as mateo"), "\(login.stderr)")
    let credentials = unit.box.folder.appendingPathComponent(".config/psr/credentials").path
    let mode = try FileManager.default.attributesOfItem(atPath: credentials)[.posixPermissions] as? Int
    #expect(mode == 0o600)
    let laptop = unit.box.folder.appendingPathComponent("new-laptop.sqlite").path
    let cloned = try unit.box.run(["--db", laptop, "--as", "mateo", "sync", "clone", hub], useDB: false)
    #expect(cloned.status == 0, "\(cloned.stderr)")
    #expect(try unit.digest(laptop) == unit.digest(unit.hub))
    // The snapshot carries none of the hub's own tables: no tokens, no log.
    let copy = try Database(path: laptop, mode: .readOnly, journalMode: nil)
    #expect(try copy.scalar("SELECT count(*) FROM hub_tokens") == 0)
    #expect(try copy.scalar("SELECT count(*) FROM sync_log") == 0)
    let sent = try unit.box.run(
      [
        "--db", laptop, "--as", "mateo", "--today", "2026-11-26", "case", "open", "--type", "trade", "--title",
        "New laptop",
        "--producer", "27651",
      ], useDB: false)
    #expect(sent.status == 0, "\(sent.stderr)")
    let synced = try unit.box.run(["--db", laptop, "--as", "mateo", "sync"], useDB: false)
    #expect(synced.status == 0, "\(synced.stderr)")
    #expect(try unit.digest(laptop) == unit.digest(unit.hub))
  }

  @Test func aMissingWrongRevokedOrInactiveTokenIsRefusedWithNothingChanged() throws {
    let served = try ServedUnit()
    let unit = served.unit
    let hub = served.server.address
    try served.ok(unit.akinyi, ["case", "open", "--type", "trade", "--title", "Pending", "--producer", "27651"])
    let mine = try unit.digest(unit.akinyi)
    func refused(_ token: String, as handle: String = "akinyi", sourceLocation: SourceLocation = #_sourceLocation)
      throws
    {
      let hubBefore = try unit.digest(unit.hub)
      let result = try served.run(unit.akinyi, ["sync", "--hub", hub], as: handle, token: token)
      #expect(result.status == 77, "\(result.stderr)", sourceLocation: sourceLocation)
      #expect(result.stderr.contains("refused this token"), "\(result.stderr)", sourceLocation: sourceLocation)
      #expect(try unit.digest(unit.akinyi) == mine, sourceLocation: sourceLocation)
      #expect(try unit.digest(unit.hub) == hubBefore, sourceLocation: sourceLocation)
    }
    try refused("psr_" + String(repeating: "0", count: 64))
    try refused("not-a-token")
    // No token at all: the sentence says how to sign in.
    let none = try unit.box.run(["--db", unit.akinyi, "sync", "--hub", hub], useDB: false)
    #expect(none.status == 77)
    #expect(none.stderr.contains("psr sync login --hub \(hub)"), "\(none.stderr)")
    // Revoked.
    let listed = try unit.ok(unit.hub, ["hub", "token", "list", "--format", "json"])
    let ids = try #require(try json(listed) as? [[String: Any]]).compactMap { $0["id"] as? String }
    let akinyis = try #require(try json(listed) as? [[String: Any]]).first { $0["officer"] as? String == "akinyi" }
    try unit.ok(unit.hub, ["hub", "token", "revoke", String((akinyis?["id"] as? String ?? ids[0]).prefix(8))])
    try refused(served.tokens["akinyi"]!)
    // An inactive officer's token.
    try unit.ok(unit.hub, ["officer", "update", "mateo", "--inactive"])
    try refused(served.tokens["mateo"]!, as: "mateo")
    // With a raw request, 401 asks for a bearer token.
    let raw = try rawHTTP(port: served.server.port, httpRequest("GET", "/v1/log?after=0"))
    #expect(raw.status == 401)
    #expect(raw.text.lowercased().contains("www-authenticate: bearer"))
    #expect(!served.server.output.contains("psr_"))
  }

  @Test func plainHTTPIsForLoopbackOnlyAndTLSIsVerified() throws {
    let box = try Sandbox()
    let refused = try box.run(["sync", "--hub", "http://10.20.30.40:8443"], environment: ["PSR_HUB_TOKEN": "x"])
    #expect(refused.status != 0)
    let clone = try box.run(["sync", "clone", "http://hub.example.org"], useDB: false)
    #expect(clone.status == 65)
    #expect(clone.stderr.contains("plain http:// is accepted for this machine's own addresses only"), "\(clone.stderr)")
    #expect(!FileManager.default.fileExists(atPath: box.db))
  }

  @Test func overTLSWithTheHubsOwnCertificate() throws {
    let certificates = try Sandbox()
    let (cert, key) = try makeCertificate(in: certificates.folder)
    let served = try ServedUnit(tls: (cert, key))
    let unit = served.unit
    let hub = served.server.address
    #expect(hub.hasPrefix("https://127.0.0.1:"))
    try served.ok(unit.akinyi, ["case", "open", "--type", "trade", "--title", "Encrypted", "--producer", "27651"])
    // The system's authorities do not know this certificate: refused, nothing sent.
    let untrusted = try served.run(unit.akinyi, ["sync", "--hub", hub])
    #expect(untrusted.status == 69, "\(untrusted.stderr)")
    #expect(untrusted.stderr.contains("cannot reach the hub"), "\(untrusted.stderr)")
    #expect(try unit.json(unit.akinyi, ["sync", "status"])["pending_changes"] as? Int == 1)
    // With --hub-ca it is trusted, and remembered.
    try served.ok(unit.akinyi, ["sync", "--hub", hub, "--hub-ca", cert])
    try served.ok(unit.mateo, ["sync", "--hub", hub, "--hub-ca", cert], as: "mateo")
    try served.ok(unit.akinyi, ["sync"])
    #expect(try unit.digest(unit.mateo) == unit.digest(unit.hub))
    #expect(try unit.json(unit.akinyi, ["sync", "status"])["pending_changes"] as? Int == 0)
  }
}
