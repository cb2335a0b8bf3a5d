import CaseTracker
import Foundation
import Hummingbird
import NIOConcurrencyHelpers
import SQLite

/// A refusal with the sentence the client shows, and any headers (`Retry-After`, `WWW-Authenticate`).
struct HubFailure: Error {
  var status: HTTPResponse.Status
  var message: String
  var headers: HTTPFields = [:]

  /// The answer to any error a route throws: the domain's own sentences keep their meaning, a busy
  /// database asks the client to come back, anything else is the hub's fault and says so.
  init(_ error: any Error) {
    switch error {
    case let failure as HubFailure:
      self = failure
    case let error as DomainError:
      switch error.kind {
      case .invalid, .usage: self.init(status: .badRequest, message: error.message)
      case .notFound: self.init(status: .notFound, message: error.message)
      case .denied: self.init(status: .unauthorized, message: error.message)
      case .busy: self = .busy
      case .permission, .io, .unavailable:
        self.init(status: .internalServerError, message: "the hub cannot use its database: \(error.message)")
      }
    case let error as SQLiteError where ResultCode.busy ~= error.code || ResultCode.locked ~= error.code:
      self = .busy
    case let error as HTTPError:
      self.init(status: error.status, message: error.body ?? error.status.reasonPhrase)
    default:
      self.init(status: .internalServerError, message: "the hub failed: \(error)")
    }
  }

  init(status: HTTPResponse.Status, message: String, headers: HTTPFields = [:]) {
    self.status = status
    self.message = message
    self.headers = headers
  }

  static var busy: HubFailure {
    HubFailure(
      status: .serviceUnavailable,
      message: "the hub is busy: another officer's sync held its database for more than 5 s; try again",
      headers: [.retryAfter: "1"])
  }

  static func unauthorized(_ message: String) -> HubFailure {
    HubFailure(status: .unauthorized, message: message, headers: [.wwwAuthenticate: "Bearer realm=\"psr hub\""])
  }

  func response(json: Bool) -> Response {
    var headers = headers
    let body: String
    if json {
      headers[.contentType] = HubWire.jsonType
      body = String(decoding: (try? JSONEncoder().encode(HubWire.Failure(message))) ?? Data(), as: UTF8.self)
    } else {
      headers[.contentType] = "text/html; charset=utf-8"
      body = Pages.error(status: Int(status.code), message: message)
    }
    return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
  }
}

/// The outermost middleware: turns every error into its answer and writes one line per request to
/// stderr: time, officer, method and path, status, duration. Never a token, a query or a body.
struct RequestLog: RouterMiddleware {
  typealias Context = HubContext

  func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
    -> Response
  {
    let started = ContinuousClock.now
    let response: Response
    do {
      response = try await next(request, context)
    } catch {
      response = HubFailure(error).response(json: request.uri.path.hasPrefix("/v1/"))
    }
    let elapsed = ContinuousClock.now - started
    let milliseconds = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1e3
    let line =
      "\(Self.timestamp()) \(context.identity.officer ?? "-") \(request.method) \(Self.shown(request.uri.path)) \(response.status.code) \(String(format: "%.1f", milliseconds))ms\n"
    FileHandle.standardError.write(Data(line.utf8))
    return response
  }

  static func timestamp() -> String {
    var now = timespec()
    clock_gettime(CLOCK_REALTIME, &now)
    var parts = tm()
    var seconds = now.tv_sec
    gmtime_r(&seconds, &parts)
    return String(
      format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday,
      parts.tm_hour, parts.tm_min, parts.tm_sec, Int(now.tv_nsec / 1_000_000))
  }

  /// A path as logged: at most 100 characters, nothing unprintable.
  static func shown(_ path: String) -> String {
    let printable = String(path.unicodeScalars.map { $0.value >= 0x21 && $0.value < 0x7f ? Character($0) : "?" })
    return printable.count > 100 ? String(printable.prefix(100)) + "…" : printable
  }
}

/// Lets a request of the sync protocol through only with a valid officer's token (`Authorization: Bearer`).
struct TokenAuth: RouterMiddleware {
  typealias Context = HubContext
  let database: HubDatabase
  let tokens: TokenUse

  func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
    -> Response
  {
    guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else {
      throw HubFailure.unauthorized(
        "no token: every request carries an officer's token (Authorization: Bearer psr_…); sign in with psr sync login")
    }
    let secret = String(header.dropFirst("Bearer ".count)).trimmingCharacters(in: .whitespaces)
    guard let token = try await tokens.check(secret, in: database) else {
      throw HubFailure.unauthorized(
        "the token is not valid here: wrong, revoked, or its officer is inactive; ask the coordinator for a new one")
    }
    context.identity.officer = token.officer
    return try await next(request, context)
  }
}

/// Checks tokens, and notes each one's last use at most once a minute (a write per request would make
/// every pull a writer).
final class TokenUse: Sendable {
  private let noted = NIOLockedValueBox<[String: ContinuousClock.Instant]>([:])

  func check(_ secret: String, in database: HubDatabase) async throws -> HubToken? {
    let found = try await database.run { try $0.sync.token(presenting: secret) }
    guard let token = found else { return nil }
    let now = ContinuousClock.now
    let due = noted.withLockedValue { noted in
      guard noted[token.id].map({ now - $0 > .seconds(60) }) ?? true else { return false }
      noted[token.id] = now
      return true
    }
    if due {
      // Off the request's path: a hub whose lock another writer holds delays the note, not the request.
      Task.detached { _ = try? await database.run { try $0.sync.noteUse(of: token) } }
    }
    return token
  }
}
