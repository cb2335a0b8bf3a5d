import CaseTracker
import CaseTrackerCLI
import Foundation
import Hummingbird
import NIOCore

/// The coordinators' pages: sign in with an officer's token, pick a region and a period, read its report
/// (the same HTML as `psr report region --format html`) or every region side by side, sign out.
struct PageRoutes {
  let database: HubDatabase
  let sessions: Sessions

  func add(to router: Router<HubContext>) {
    let open = router.group().add(middleware: PageHeaders())
    // Each page answers HEAD too (a link checker, a monitor): the GET's status and headers, no body.
    open.get("sign-in") { request, _ in try await signInPage(request) }
    open.head("sign-in") { request, _ in try await signInPage(request).createHeadResponse() }
    open.post("sign-in") { request, context in try await signIn(request, context: context) }
    open.post("sign-out") { request, _ in signOut(request) }
    let signedIn = open.add(middleware: SessionAuth(database: database, sessions: sessions))
    let pages: [(path: RouterPath, page: @Sendable (Request, String) async throws -> Response)] = [
      ("/", { try await index($0, officer: $1) }), ("report", { try await report($0, officer: $1) }),
      ("regions", { try await regions($0, officer: $1) }),
    ]
    for (path, page) in pages {
      signedIn.get(path) { request, context in try await page(request, context.officer) }
      signedIn.head(path) { request, context in try await page(request, context.officer).createHeadResponse() }
    }
  }

  /// Over TLS, or behind a reverse proxy on this machine that says it received HTTPS: cookies are Secure.
  static func isSecure(_ request: Request, tls: Bool) -> Bool {
    tls || request.headers[.init("X-Forwarded-Proto")!]?.lowercased() == "https"
  }

  private func signInPage(_ request: Request) async throws -> Response {
    let query = request.uri.queryParameters
    let next = query.get("next").flatMap { Pages.localPath(String($0)) } ?? "/"
    if try await sessions.live(request, in: database) != nil { return Self.redirect(to: next) }
    return Self.html(Pages.signIn(next: next, message: nil, signedOut: query.get("out") == "1"))
  }

  private func signIn(_ request: Request, context: HubContext) async throws -> Response {
    try Self.checkOrigin(request)
    let form = try await Self.form(request)
    let next = form["next"].flatMap(Pages.localPath) ?? "/"
    let secret = (form["token"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    guard !secret.isEmpty, let token = try await database.run({ try $0.sync.token(presenting: secret) }) else {
      let message =
        secret.isEmpty
        ? "Give your token: the psr_… your coordinator issued for you."
        : "That token is not valid here: wrong, revoked, or its officer is inactive. Ask the coordinator for a new one."
      return Self.html(Pages.signIn(next: next, message: message, signedOut: false), status: .unauthorized)
    }
    context.identity.officer = token.officer
    var response = Self.redirect(to: next)
    response.setCookie(sessions.start(for: token, secure: Self.isSecure(request, tls: sessions.secure)))
    return response
  }

  private func signOut(_ request: Request) -> Response {
    sessions.end(request)
    var response = Self.redirect(to: "/sign-in?out=1")
    response.setCookie(sessions.ended(secure: Self.isSecure(request, tls: sessions.secure)))
    return response
  }

  private func index(_ request: Request, officer: String) async throws -> Response {
    return Self.html(try await database.run { try Self.picker(store: $0, officer: officer, message: nil) })
  }

  private func report(_ request: Request, officer: String) async throws -> Response {
    let query = request.uri.queryParameters
    guard let code = query.get("region").map { String($0) }, !code.isEmpty else { return Self.redirect(to: "/") }
    let asked = Self.periodAsked(query)
    let (page, status) = try await database.run { store -> (String, HTTPResponse.Status) in
      let today = store.clock.today
      let regions = try store.regions.all()
      do {
        let period = try ReportPeriod.asked(period: asked.period, from: asked.from, to: asked.to, today: today)
        let report = try store.reports.report(region: code, period: period)
        let picker = Picker(regions: regions, region: report.region.code, period: period, today: today)
        return (ReportPages.region(report, banner: Pages.banner(picker: picker, officer: officer)), .ok)
      } catch let error as DomainError where error.kind != .busy {
        return (
          try Self.picker(store: store, officer: officer, message: error.message),
          error.kind == .notFound ? .notFound : .badRequest
        )
      }
    }
    return Self.html(page, status: status)
  }

  private func regions(_ request: Request, officer: String) async throws -> Response {
    let query = request.uri.queryParameters
    let asked = Self.periodAsked(query)
    let levelText = query.get("level").map { String($0) } ?? "sub"
    let (page, status) = try await database.run { store -> (String, HTTPResponse.Status) in
      let today = store.clock.today
      do {
        guard let level = ReportRepository.RegionLevel(rawValue: levelText) else {
          throw DomainError.invalid("the level is top (the networks) or sub (their sub-regions)")
        }
        let period = try ReportPeriod.asked(period: asked.period, from: asked.from, to: asked.to, today: today)
        let summaries = try store.reports.summaries(level: level, period: period)
        let picker = Picker(
          regions: try store.regions.all(), region: nil, period: period, level: level.rawValue, today: today)
        let banner = Pages.banner(picker: picker, officer: officer, action: "/regions")
        let page = ReportPages.regions(
          summaries, period: period, countries: try store.countries.list(), banner: banner
        ) { code in
          "/report?region=\(Pages.queryEscaped(code))&period=\(Pages.queryEscaped(period.label))"
        }
        return (page, .ok)
      } catch let error as DomainError where error.kind != .busy {
        return (try Self.picker(store: store, officer: officer, message: error.message), .badRequest)
      }
    }
    return Self.html(page, status: status)
  }

  /// The first page: the picker on the last complete quarter, with `message` when a choice was refused.
  static func picker(store: Store, officer: String, message: String?) throws -> String {
    let today = store.clock.today
    let picker = Picker(
      regions: try store.regions.all(), region: nil, period: ReportPeriod.lastCompleteQuarter(before: today),
      today: today)
    return Pages.index(picker: picker, officer: officer, message: message)
  }

  /// The period of a page's query: `period` (a quarter, month, year, or FROM..TO as the pages write a range),
  /// or `from` and `to` dates, which win when both are given (the picker's dates).
  static func periodAsked(_ query: Parameters) -> (period: String?, from: String?, to: String?) {
    func value(_ name: String) -> String? {
      query.get(name).map { String($0) }.flatMap { $0.isEmpty ? nil : $0 }
    }
    if let from = value("from"), let to = value("to") { return (nil, from, to) }
    if let period = value("period"), let range = period.range(of: "..") {
      return (nil, String(period[..<range.lowerBound]), String(period[range.upperBound...]))
    }
    return (value("period"), nil, nil)
  }

  /// A form post's fields (application/x-www-form-urlencoded, at most 8 KiB).
  static func form(_ request: Request) async throws -> [String: String] {
    guard request.headers[.contentType]?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true else {
      throw HubFailure(status: .unsupportedMediaType, message: "sign in with the form on /sign-in")
    }
    let body: ByteBuffer
    do {
      body = try await request.body.collect(upTo: 8192)
    } catch {
      throw HubFailure(status: .contentTooLarge, message: "the form is larger than a sign-in can be")
    }
    var fields: [String: String] = [:]
    for pair in String(decoding: body.readableBytesView, as: UTF8.self).split(separator: "&") {
      let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
      func decoded(_ text: Substring) -> String {
        String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
      }
      if let name = parts.first { fields[decoded(name)] = parts.count > 1 ? decoded(parts[1]) : "" }
    }
    return fields
  }

  /// A form posted from another site's page is refused (the browser says where it came from: Origin, or
  /// Sec-Fetch-Site; "Origin: null" is a page that would not say, and refused).
  static func checkOrigin(_ request: Request) throws {
    if let site = request.headers[.init("Sec-Fetch-Site")!]?.lowercased(), site != "same-origin", site != "none" {
      throw HubFailure(
        status: .forbidden, message: "a sign-in comes from the hub's own page; open it and sign in there")
    }
    guard let origin = request.headers[.origin] else { return }
    let host = request.head.authority ?? ""
    guard let url = URL(string: origin), let originHost = url.host,
      host.lowercased() == (url.port.map { "\(originHost):\($0)" } ?? originHost).lowercased()
        || host.lowercased() == originHost.lowercased()
    else {
      throw HubFailure(
        status: .forbidden, message: "a sign-in comes from the hub's own page; open it and sign in there")
    }
  }

  static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
    Response(
      status: status, headers: [.contentType: "text/html; charset=utf-8"],
      body: .init(byteBuffer: ByteBuffer(string: text)))
  }

  static func redirect(to path: String) -> Response {
    Response(status: .seeOther, headers: [.location: path])
  }
}

/// What every page answer carries: no scripts, no framing, nothing cached or sent on as a referrer.
struct PageHeaders: RouterMiddleware {
  typealias Context = HubContext

  func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
    -> Response
  {
    var response: Response
    do {
      response = try await next(request, context)
    } catch {
      response = HubFailure(error).response(json: false)
    }
    response.headers[.contentSecurityPolicy] =
      "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    response.headers[.xContentTypeOptions] = "nosniff"
    // Not no-referrer: with it, browsers send "Origin: null" on the hub's own forms (Fetch's rule), which
    // the sign-in refuses as from another site.
    response.headers[.init("Referrer-Policy")!] = "same-origin"
    response.headers[.cacheControl] = "no-store"
    return response
  }
}
