import CaseTracker
import Foundation
import Hummingbird
import NIOConcurrencyHelpers
import SQLite

/// Coordinators' browser sessions: a random id in a cookie (HttpOnly, SameSite=Strict, Secure over TLS),
/// kept in memory by its hash, tied to the token it was signed in with. A session ends when it is signed
/// out, after 12 hours, when its token is revoked or its officer made inactive, or when the hub restarts.
final class Sessions: Sendable {
  struct Session: Sendable {
    var officer: String
    var tokenID: String
    var expires: ContinuousClock.Instant
  }

  static let cookieName = "psr_session"
  static let lifetime = Duration.seconds(12 * 3600)
  /// The most sessions kept; signing in beyond it ends the oldest.
  static let most = 10_000

  private let sessions = NIOLockedValueBox<[String: Session]>([:])
  /// The hub is served over TLS: its cookies are Secure.
  let secure: Bool

  init(secure: Bool) {
    self.secure = secure
  }

  /// Starts a session for `token`; returns the cookie that carries it.
  func start(for token: HubToken, secure: Bool) -> Cookie {
    var generator = SystemRandomNumberGenerator()
    let id = (0..<32).map { _ in String(format: "%02x", UInt8.random(in: .min ... .max, using: &generator)) }.joined()
    let now = ContinuousClock.now
    sessions.withLockedValue { sessions in
      sessions = sessions.filter { $0.value.expires > now }
      if sessions.count >= Self.most, let oldest = sessions.min(by: { $0.value.expires < $1.value.expires }) {
        sessions[oldest.key] = nil
      }
      sessions[Self.key(id)] = Session(officer: token.officer, tokenID: token.id, expires: now + Self.lifetime)
    }
    return Cookie(
      name: Self.cookieName, value: id, maxAge: Int(Self.lifetime.components.seconds), path: "/", secure: secure,
      httpOnly: true, sameSite: .strict)
  }

  /// The session a request's cookie names, while it lasts and its token is still valid.
  func live(_ request: Request, in database: HubDatabase) async throws -> Session? {
    guard let session = session(of: request),
      try await database.run({ try $0.sync.validToken(id: session.tokenID) }) != nil
    else { return nil }
    return session
  }

  /// The session a request's cookie names, while it lasts.
  private func session(of request: Request) -> Session? {
    guard let id = request.cookies[Self.cookieName]?.value, id.utf8.count == 64 else { return nil }
    let now = ContinuousClock.now
    return sessions.withLockedValue { sessions in
      guard let session = sessions[Self.key(id)], session.expires > now else { return nil }
      return session
    }
  }

  func end(_ request: Request) {
    guard let id = request.cookies[Self.cookieName]?.value else { return }
    _ = sessions.withLockedValue { $0.removeValue(forKey: Self.key(id)) }
  }

  /// The cookie that makes a browser forget its session.
  func ended(secure: Bool) -> Cookie {
    Cookie(name: Self.cookieName, value: "", maxAge: 0, path: "/", secure: secure, httpOnly: true, sameSite: .strict)
  }

  /// Sessions are kept by the hash of their id, so that a lookup's timing says nothing of the ids.
  private static func key(_ id: String) -> String { SHA256.hex(Array(id.utf8)) }
}

/// Lets a page request through only with a live session; a browser without one is sent to sign in.
struct SessionAuth: RouterMiddleware {
  typealias Context = HubContext
  let database: HubDatabase
  let sessions: Sessions

  func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
    -> Response
  {
    guard let session = try await sessions.live(request, in: database) else {
      sessions.end(request)
      guard request.method == .get || request.method == .head else {
        throw HubFailure(status: .unauthorized, message: "sign in first: your session has ended")
      }
      let next = Pages.localPath(request.uri.description) ?? "/"
      var response = Response(
        status: .seeOther, headers: [.location: "/sign-in?next=\(Pages.queryEscaped(next))", .cacheControl: "no-store"])
      if request.cookies[Sessions.cookieName] != nil {
        response.setCookie(sessions.ended(secure: PageRoutes.isSecure(request, tls: sessions.secure)))
      }
      return response
    }
    context.identity.officer = session.officer
    return try await next(request, context)
  }
}
