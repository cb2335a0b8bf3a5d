import Foundation
import Testing

/// An HTTP answer, split into its status, headers and body.
struct Answer {
  var status: Int
  var headers: [(String, String)]
  var body: String

  init(_ raw: (status: Int, text: String)) {
    status = raw.status
    let parts = raw.text.components(separatedBy: "\r\n\r\n")
    body = parts.dropFirst().joined(separator: "\r\n\r\n")
    headers = (parts.first ?? "").components(separatedBy: "\r\n").dropFirst().compactMap { line in
      guard let colon = line.firstIndex(of: ":") else { return nil }
      return (line[..<colon].lowercased(), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
    }
  }

  func header(_ name: String) -> String? { headers.first { $0.0 == name.lowercased() }?.1 }

  /// The session cookie's value, from a Set-Cookie of the answer.
  var session: String? {
    guard let cookie = header("set-cookie"), cookie.hasPrefix("psr_session=") else { return nil }
    return String(cookie.dropFirst("psr_session=".count).prefix { $0 != ";" })
  }
}

/// Coordinators' pages on a real `psr hub serve`: nothing without signing in with a valid token, a cookie
/// a script cannot read, the same report as `psr report region --format html`, signing out.
@Suite(.serialized) struct HubPagesTests {
  func get(_ served: ServedUnit, _ path: String, session: String? = nil) throws -> Answer {
    let headers = session.map { ["Cookie": "psr_session=\($0)"] } ?? [:]
    return Answer(try rawHTTP(port: served.server.port, httpRequest("GET", path, headers: headers)))
  }

  func signIn(_ served: ServedUnit, token: String, next: String = "/", headers: [String: String] = [:]) throws -> Answer
  {
    let form = "token=\(token)&next=\(next.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")"
    return Answer(
      try rawHTTP(
        port: served.server.port,
        httpRequest(
          "POST", "/sign-in",
          headers: headers.merging(["Content-Type": "application/x-www-form-urlencoded"]) { a, _ in a },
          body: Array(form.utf8))))
  }

  /// HEAD answers as GET does, with no body: a monitor checking the hub, a link checker on a page.
  @Test func headAnswersAsGetDoesWithNoBody() throws {
    let served = try ServedUnit()
    func head(_ path: String, session: String? = nil) throws -> Answer {
      let headers = session.map { ["Cookie": "psr_session=\($0)"] } ?? [:]
      return Answer(try rawHTTP(port: served.server.port, httpRequest("HEAD", path, headers: headers)))
    }
    let health = try head("/v1/health")
    #expect(health.status == 200 && health.body.isEmpty, "\(health.status) \(health.body)")
    let form = try head("/sign-in")
    #expect(form.status == 200 && form.body.isEmpty && form.header("content-type")?.hasPrefix("text/html") == true)
    let report = "/report?region=AME-ECA&period=2026-Q3"
    let outside = try head(report)
    #expect(outside.status == 303 && outside.header("location")?.hasPrefix("/sign-in?next=") == true)
    let session = try #require(try signIn(served, token: served.tokens["mateo"]!).session)
    for path in ["/", report, "/regions?period=2026-Q3"] {
      let page = try head(path, session: session)
      #expect(page.status == 200 && page.body.isEmpty, "\(path): \(page.status)")
      #expect(page.header("content-type")?.hasPrefix("text/html") == true, "\(path)")
    }
    #expect(try head("/report?region=NOWHERE&period=2026-Q3", session: session).body.isEmpty)
  }

  @Test func nothingIsServedWithoutSigningInAndSigningOutEndsTheSession() throws {
    let served = try ServedUnit()
    for path in ["/", "/report?region=AME-ECA&period=2026-Q3", "/regions?period=2026"] {
      let answer = try get(served, path)
      #expect(answer.status == 303, "\(path): \(answer.status)")
      #expect(answer.header("location")?.hasPrefix("/sign-in?next=%2F") == true, "\(answer.headers)")
      #expect(answer.body.isEmpty)
    }
    let form = try get(served, "/sign-in?next=%2Freport")
    #expect(form.status == 200 && form.body.contains("type=\"password\""))
    #expect(form.header("content-security-policy")?.contains("default-src 'none'") == true)

    let wrong = try signIn(served, token: "psr_" + String(repeating: "0", count: 64))
    #expect(wrong.status == 401 && wrong.session == nil && wrong.body.contains("not valid here"))

    let next = "/report?region=AME-ECA&period=2026-Q3"
    let signedIn = try signIn(served, token: served.tokens["mateo"]!, next: next)
    #expect(signedIn.status == 303)
    #expect(signedIn.header("location") == next)
    let cookie = try #require(signedIn.header("set-cookie"))
    #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Path=/"))
    #expect(!cookie.contains("Secure"), "plain HTTP on loopback: \(cookie)")
    let session = try #require(signedIn.session)
    #expect(session.count == 64)

    let index = try get(served, "/", session: session)
    #expect(index.status == 200 && index.body.contains("Signed in as mateo"), "\(index.status)")
    #expect(index.body.contains("<select name=\"region\"") && index.body.contains("value=\"2026-Q3\" selected"))
    let regions = try get(served, "/regions?period=2026-Q3&level=sub", session: session)
    #expect(regions.status == 200)
    #expect(regions.body.contains("<a href=\"/report?region=AME-ECA&amp;period=2026-Q3\">AME-ECA</a>"))

    // Signing out forgets the session on the hub, not only in the browser.
    let out = Answer(
      try rawHTTP(
        port: served.server.port, httpRequest("POST", "/sign-out", headers: ["Cookie": "psr_session=\(session)"])))
    #expect(out.status == 303 && out.header("location") == "/sign-in?out=1")
    #expect(out.header("set-cookie")?.contains("Max-Age=0") == true)
    let after = try get(served, "/", session: session)
    #expect(after.status == 303 && after.header("location")?.hasPrefix("/sign-in") == true)
    #expect(try get(served, "/sign-in?out=1").body.contains("You are signed out"))

    // The log names the officer, never a token or a session.
    let log = served.server.output
    #expect(log.contains("mateo GET /report 200") || log.contains("mateo GET / 200"), "\(log)")
    #expect(!log.contains(served.tokens["mateo"]!) && !log.contains(session))
  }

  @Test func theReportPageIsTheSameHTMLAsTheCommandWithTheHubsBanner() throws {
    let served = try ServedUnit()
    let session = try #require(try signIn(served, token: served.tokens["akinyi"]!).session)
    for (region, period) in [("AME-ECA", "2026-Q3"), ("AME", "2026"), ("LAC", "2026-11")] {
      let page = try get(served, "/report?region=\(region)&period=\(period)", session: session)
      #expect(page.status == 200)
      let command = try served.ok(
        served.unit.hub, ["report", "region", region, "--period", period, "--format", "html"]
      ).stdout
      let start = try #require(page.body.range(of: "<style>\nnav.hub"))
      let end = try #require(page.body.range(of: "</nav>\n"))
      #expect(page.body[start.upperBound...].contains("Signed in as akinyi"))
      var withoutBanner = page.body
      withoutBanner.removeSubrange(start.lowerBound..<end.upperBound)
      #expect(withoutBanner == command, "\(region) \(period)")
    }
    // A range as the pages write it, and as the picker's dates.
    let range = try get(served, "/report?region=AME-ECA&period=2026-01-01..2026-06-30", session: session)
    #expect(range.status == 200 && range.body.contains("2026-01-01 to 2026-06-30"))
    let dates = try get(served, "/report?region=AME-ECA&period=2026-Q3&from=2026-02-01&to=2026-02-28", session: session)
    #expect(dates.status == 200 && dates.body.contains("2026-02-01 to 2026-02-28"))
    let regions = try get(served, "/regions?period=2026-Q3&level=top", session: session)
    let command = try served.ok(
      served.unit.hub, ["report", "regions", "--period", "2026-Q3", "--level", "top", "--format", "html"]
    ).stdout
    for code in ["AME", "ASP", "LAC", "(outside)"] {
      #expect(regions.body.contains(">\(code)<") && command.contains(">\(code)<"), "\(code)")
    }
  }

  @Test func badChoicesAreSaidOnThePickerAndNothingLeavesTheSite() throws {
    let served = try ServedUnit()
    let session = try #require(try signIn(served, token: served.tokens["akinyi"]!).session)
    let unknown = try get(served, "/report?region=NOPE&period=2026-Q3", session: session)
    #expect(unknown.status == 404 && unknown.body.contains("NOPE") && unknown.body.contains("<select"))
    let badPeriod = try get(
      served, "/report?region=AME&period=" + String(repeating: "9", count: 5000), session: session)
    #expect(badPeriod.status == 400 && badPeriod.body.contains("is not a period"))
    let future = try get(served, "/report?region=AME&period=2031", session: session)
    #expect(future.status == 400 && future.body.contains("nothing to report yet"))
    let hostile = try get(served, "/report?region=%3Cscript%3Ealert(1)%3C/script%3E", session: session)
    #expect(!hostile.body.contains("<script>"))
    // After signing in, a browser is sent to this site's own pages only.
    for next in ["//evil.example/", "https://evil.example/", "/\\evil.example"] {
      let answer = try signIn(served, token: served.tokens["akinyi"]!, next: next)
      #expect(answer.status == 303 && answer.header("location") == "/", "\(next): \(answer.headers)")
    }
    // A sign-in form posted from another site's page is refused.
    let forged = try signIn(served, token: served.tokens["akinyi"]!, headers: ["Origin": "http://evil.example"])
    #expect(forged.status == 403 && forged.session == nil)
    for headers in [["Origin": "null"], ["Sec-Fetch-Site": "cross-site"]] {
      #expect(try signIn(served, token: served.tokens["akinyi"]!, headers: headers).status == 403, "\(headers)")
    }
    // The hub's own page, as a browser posts it: its Origin is sent (the pages' Referrer-Policy is
    // same-origin; with no-referrer a browser sends Origin: null).
    let own = try signIn(
      served, token: served.tokens["akinyi"]!,
      headers: ["Origin": "http://127.0.0.1:\(served.server.port)", "Sec-Fetch-Site": "same-origin"])
    #expect(own.status == 303 && own.session != nil)
    #expect(own.header("referrer-policy") == "same-origin")
    // A session whose token is revoked ends with it.
    let mateo = try #require(try signIn(served, token: served.tokens["mateo"]!).session)
    #expect(try get(served, "/", session: mateo).status == 200)
    let listed = try served.ok(served.unit.hub, ["hub", "token", "list", "--format", "json"]).stdout
    let tokens = try #require(try json(listed) as? [[String: Any]])
    let id = try #require(tokens.first { $0["officer"] as? String == "mateo" }?["id"] as? String)
    try served.ok(served.unit.hub, ["hub", "token", "revoke", id])
    #expect(try get(served, "/", session: mateo).status == 303)
    #expect(try get(served, "/", session: session).status == 200)
  }

  @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/curl")))
  func overTLSTheCookieIsSecure() throws {
    let certificates = try Sandbox()
    let (cert, key) = try makeCertificate(in: certificates.folder)
    let served = try ServedUnit(tls: (cert, key))
    let curl = Process()
    curl.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
    curl.arguments = [
      "-s", "-i", "--cacert", cert, "-d", "token=\(served.tokens["akinyi"]!)", "\(served.server.address)/sign-in",
    ]
    let output = Pipe()
    curl.standardOutput = output
    try curl.run()
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    curl.waitUntilExit()
    let answer = Answer((Int(text.split(separator: " ").dropFirst().first ?? "") ?? 0, text))
    #expect(answer.status == 303, "\(text)")
    let cookie = try #require(answer.header("set-cookie"))
    #expect(cookie.contains("Secure") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"))
  }
}
