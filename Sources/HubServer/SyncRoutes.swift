import CaseTracker
import Foundation
import Hummingbird
import NIOCore
import SQLite

/// The sync protocol over HTTP (docs/SYNC-PROTOCOL.md "Over HTTPS"): health without a token; hello, log,
/// push and snapshot with an officer's.
struct SyncRoutes {
  let database: HubDatabase
  let tokens: TokenUse

  func add(to router: Router<HubContext>) {
    let health: @Sendable (Request, HubContext) async throws -> Response = { _, _ in
      _ = try await database.run { try $0.sync.hello() }
      return Self.json(Health(status: "ok"))
    }
    router.get("v1/health", use: health)
    // A monitor's HEAD: the same check, no body.
    router.head("v1/health") { request, context in try await health(request, context).createHeadResponse() }
    let v1 = router.group("v1").add(middleware: TokenAuth(database: database, tokens: tokens))
    v1.get("hello") { _, context in
      let hello = try await database.run { try $0.sync.hello() }
      return Self.json(HubWire.Hello(hello, officer: context.officer))
    }
    v1.get("log") { request, _ in try await log(request) }
    v1.post("push") { request, context in try await push(request, officer: context.officer) }
    v1.get("snapshot") { _, _ in try await snapshot() }
  }

  struct Health: Encodable {
    var status: String
  }

  static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
    let data = (try? JSONEncoder().encode(value)) ?? Data()
    return Response(
      status: status, headers: [.contentType: HubWire.jsonType],
      body: .init(byteBuffer: ByteBuffer(bytes: data)))
  }

  private func log(_ request: Request) async throws -> Response {
    let query = request.uri.queryParameters
    guard let after = query.get("after", as: Int.self), after >= 0 else {
      throw HubFailure(status: .badRequest, message: "give the log position to read after as ?after=N (0 or more)")
    }
    let limit = query.get("limit").map { Int(String($0)) ?? 0 } ?? Self.pageLimit
    guard (1...Self.pageLimit).contains(limit) else {
      throw HubFailure(
        status: .badRequest, message: "a page of the log holds 1 to \(Self.pageLimit) entries (?limit=N)")
    }
    let entries = try await database.run { try $0.sync.log(after: after, limit: limit) }
    return Self.json(HubWire.Log(entries: entries.map(HubWire.Entry.init)))
  }

  /// The most entries one page of the log holds: what a replica asks for.
  static let pageLimit = SyncRepository.pageSize

  private func push(_ request: Request, officer: String) async throws -> Response {
    // The media type itself, parameters (charset) aside: application/jsonx is not JSON.
    let mediaType = request.headers[.contentType].map {
      $0.split(separator: ";", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
    }
    guard mediaType == HubWire.jsonType else {
      throw HubFailure(
        status: .unsupportedMediaType, message: "a push is JSON: send it with Content-Type: application/json")
    }
    let tooLarge = HubFailure(
      status: .contentTooLarge,
      message:
        "the push is larger than the \(HubWire.maxPushBytes >> 20) MiB the hub takes at once; nothing was applied; carry the changes as a bundle (psr sync export FILE, psr hub import FILE)"
    )
    if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > HubWire.maxPushBytes {
      throw tooLarge
    }
    let buffer: ByteBuffer
    do {
      buffer = try await request.body.collect(upTo: HubWire.maxPushBytes)
    } catch is NIOTooManyBytesError {
      throw tooLarge
    } catch let error as HTTPError where error.status == .contentTooLarge {
      throw tooLarge
    } catch {
      // Cut short, or chunks that lie about their size: the HTTP parser's complaint.
      throw HubFailure(
        status: .badRequest, message: "the push did not arrive whole (\(error)); nothing was applied; sync again")
    }
    let push: HubWire.Push
    do {
      push = try JSONDecoder().decode(HubWire.Push.self, from: Data(buffer.readableBytesView))
    } catch {
      throw HubFailure(status: .badRequest, message: "the push is not a psr push (malformed JSON); nothing was applied")
    }
    try Self.check(push)
    let answer = try await database.run { store in
      try store.sync.accept(push.changes.map(\.change), base: push.base, origin: push.origin, officer: officer)
    }
    let wire = HubWire.PushAnswer(answer)
    return Self.json(wire, status: wire.accepted ? .ok : .conflict)
  }

  /// Refuses a push whose parts are not what a replica sends, before the database sees it.
  static func check(_ push: HubWire.Push) throws {
    func refuse(_ message: String) -> HubFailure {
      HubFailure(status: .badRequest, message: "\(message); nothing was applied")
    }
    guard push.base >= 0 else { throw refuse("the push's base position is negative") }
    guard Identifier.isStoredUUID(push.origin) else { throw refuse("the push's origin is not a replica id") }
    guard !push.changes.isEmpty else { throw refuse("the push holds no changes") }
    var seen = Set<String>()
    for change in push.changes {
      guard Identifier.isStoredUUID(change.changeID), seen.insert(change.changeID).inserted else {
        throw refuse("a change of the push has no valid id, or one repeated")
      }
      guard !change.actor.isEmpty, change.actor.utf8.count <= 100, !change.at.isEmpty, change.at.utf8.count <= 40
      else { throw refuse("change \(change.changeID.prefix(8)) has no valid actor or time") }
      let tables: [String]
      do {
        tables = try Changeset.tables(in: change.changeset)
      } catch {
        throw refuse("change \(change.changeID.prefix(8)) is not a changeset SQLite can read")
      }
      guard !tables.isEmpty else { throw refuse("change \(change.changeID.prefix(8)) changes nothing") }
    }
  }

  /// The database for a new replica: a snapshot made for this request (the online backup API), streamed
  /// from a file that is removed as soon as it is open.
  private func snapshot() async throws -> Response {
    let folder = URL(fileURLWithPath: database.path).deletingLastPathComponent().path
    let path = "\(folder)/.psr-snapshot-\(Identifier.make()).sqlite"
    try await database.run { try $0.sync.snapshot(to: path) }
    guard let handle = FileHandle(forReadingAtPath: path) else {
      DatabaseFiles.remove(path)
      throw HubFailure(status: .internalServerError, message: "the hub could not read back its snapshot")
    }
    let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    DatabaseFiles.remove(path)
    let file = SendableHandle(handle: handle)
    return Response(
      status: .ok, headers: [.contentType: "application/vnd.sqlite3", .contentLength: String(size)],
      body: ResponseBody(contentLength: size) { writer in
        defer { try? file.handle.close() }
        while let chunk = try file.handle.read(upToCount: 1 << 20), !chunk.isEmpty {
          try await writer.write(ByteBuffer(bytes: chunk))
        }
        try await writer.finish(nil)
      })
  }
}

private struct SendableHandle: @unchecked Sendable {
  let handle: FileHandle
}
