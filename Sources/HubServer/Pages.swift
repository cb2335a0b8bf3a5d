import CaseTracker
import CaseTrackerCLI

/// The hub's own HTML for coordinators in a browser: sign-in, the region and period picker, the banner
/// above each report, error pages. The reports themselves are `ReportPages`'. No scripts.
enum Pages {
  static func escape(_ text: String) -> String { ReportPages.escape(text) }

  static func error(status: Int, message: String) -> String {
    page(
      title: "psr hub: \(status)",
      body: "<h1>\(status)</h1><p>\(escape(message))</p><p><a href=\"/\">Back to the region reports</a></p>")
  }

  static func signIn(next: String, message: String?, signedOut: Bool) -> String {
    var body = "<h1>psr hub</h1>\n"
    if signedOut { body += "<p class=\"ok\" role=\"status\">You are signed out.</p>\n" }
    if let message { body += "<p class=\"error\" role=\"alert\">\(escape(message))</p>\n" }
    body += """
      <p>Sign in with your officer's token to read the unit's region reports: the <code>psr_…</code> that your \
      coordinator issued with <code>psr hub token issue</code>, the one your <code>psr sync</code> uses.</p>
      <form method="post" action="/sign-in">
      <label for="token">Token</label>
      <input id="token" name="token" type="password" autocomplete="current-password" spellcheck="false" \
      required="required" size="40" autofocus="autofocus" />
      <input type="hidden" name="next" value="\(escape(next))" />
      <button type="submit">Sign in</button>
      </form>
      """
    return page(title: "psr hub: sign in", body: body)
  }

  /// The first page after signing in: the picker, and every region's report for the default period.
  static func index(picker: Picker, officer: String, message: String?) -> String {
    var body = signOut(officer: officer) + "<h1>Region reports</h1>\n"
    if let message { body += "<p class=\"error\" role=\"alert\">\(escape(message))</p>\n" }
    body += """
      <form method="get" action="/report" class="picker">
      <label for="region">Region</label>\(picker.regionSelect(id: "region"))
      <label for="period">Period</label>\(picker.periodSelect(id: "period"))
      <p class="hint">or from <input type="date" name="from" aria-label="from" /> to \
      <input type="date" name="to" aria-label="to" /> (both days included; leave the period as it is)</p>
      <button type="submit">Show the report</button>
      </form>
      <p><a href="/regions?period=\(queryEscaped(picker.period.label))">All regions side by side</a>, \
      \(escape(picker.period.title))</p>
      <h2>Every region, \(escape(picker.period.title))</h2>
      <ul>\n
      """
    for network in picker.regions where network.isTopLevel {
      body += "<li>\(picker.link(network))"
      let subs = picker.regions.filter { $0.parent == network.code }
      if !subs.isEmpty { body += "<ul>" + subs.map { "<li>\(picker.link($0))</li>" }.joined() + "</ul>" }
      body += "</li>\n"
    }
    body += "</ul>\n"
    return page(title: "psr hub: region reports", body: body)
  }

  /// The bar above a report: another region or period, every region, signing out. Not printed.
  static func banner(picker: Picker, officer: String, action: String = "/report") -> String {
    let regionField =
      action == "/report"
      ? "<label>Region \(picker.regionSelect(id: "nav-region"))</label>"
      : "<label>Level <select name=\"level\" id=\"nav-level\">"
        + [("top", "networks"), ("sub", "sub-regions")].map { value, label in
          "<option value=\"\(value)\"\(picker.level == value ? " selected=\"selected\"" : "")>\(label)</option>"
        }.joined() + "</select></label>"
    return """
      <style>
      nav.hub { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 14px; background: #eef3f6; \
      border: 1px solid #dde3e8; padding: 6px 10px; margin: 0 0 12px; font-size: 10pt; }
      nav.hub form { display: flex; flex-wrap: wrap; align-items: center; gap: 6px; margin: 0; }
      nav.hub select, nav.hub button { font: inherit; }
      nav.hub .out { margin-left: auto; }
      @media print { nav.hub { display: none; } }
      </style>
      <nav class="hub" aria-label="psr hub">
      <a href="/">psr hub</a>
      <form method="get" action="\(action)">\(regionField)
      <label>Period \(picker.periodSelect(id: "nav-period"))</label>
      <button type="submit">Show</button></form>
      <a href="/regions?period=\(queryEscaped(picker.period.label))">All regions</a>
      <form method="post" action="/sign-out" class="out"><span>Signed in as \(escape(officer))</span> \
      <button type="submit">Sign out</button></form>
      </nav>

      """
  }

  static func signOut(officer: String) -> String {
    """
    <form method="post" action="/sign-out" class="out"><span>Signed in as \(escape(officer))</span> \
    <button type="submit">Sign out</button></form>

    """
  }

  static func page(title: String, body: String) -> String {
    """
    <!DOCTYPE html>
    <html lang="en"><head><meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>\(escape(title))</title>
    <style>body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
    h1,h2{color:#00466a}input,select,button{font:inherit;padding:.3rem .5rem}label{display:block;margin:.6rem 0 .2rem}
    .hint{font-size:.9rem;color:#55636e}.hint input{padding:.1rem .3rem}.error{color:#a4000f;font-weight:600}
    .ok{color:#1b5e20}form.out{display:flex;gap:.6rem;align-items:center;justify-content:flex-end}
    form.out label{display:inline}code{font-size:.9em}</style>
    </head><body>
    \(body)
    </body></html>
    """
  }

  /// `path` when it is a path on this server (`/…`, not `//host` or `/\host`), for a redirect after sign-in.
  static func localPath(_ path: String) -> String? {
    guard path.hasPrefix("/"), !path.hasPrefix("//"), !path.hasPrefix("/\\"), path.utf8.count <= 2000,
      path.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7f })
    else { return nil }
    return path
  }

  /// Text for a query value.
  static func queryEscaped(_ text: String) -> String {
    let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~".utf8)
    return text.utf8.map { allowed.contains($0) ? String(UnicodeScalar($0)) : String(format: "%%%02X", $0) }.joined()
  }
}

/// What the picker offers: the hub's regions, and periods around today, with the ones asked for chosen.
struct Picker {
  var regions: [Region]
  var region: String?
  var period: ReportPeriod
  var level = "sub"
  var today: String

  func regionSelect(id: String) -> String {
    var out = "<select name=\"region\" id=\"\(id)\">"
    for network in regions where network.isTopLevel {
      out += "<optgroup label=\"\(Pages.escape(network.name))\">"
      for region in [network] + regions.filter({ $0.parent == network.code }) {
        let chosen = region.code == self.region ? " selected=\"selected\"" : ""
        let name = region.isTopLevel ? "\(region.name) (whole network)" : region.name
        out +=
          "<option value=\"\(Pages.escape(region.code))\"\(chosen)>\(Pages.escape("\(region.code) \(name)"))</option>"
      }
      out += "</optgroup>"
    }
    return out + "</select>"
  }

  func periodSelect(id: String) -> String {
    let groups = Self.periods(around: today)
    var out = "<select name=\"period\" id=\"\(id)\">"
    if !groups.contains(where: { $0.1.contains(period.label) }) {
      out +=
        "<option value=\"\(Pages.escape(period.label))\" selected=\"selected\">\(Pages.escape(period.label))</option>"
    }
    for (group, labels) in groups {
      out += "<optgroup label=\"\(group)\">"
      for label in labels {
        let chosen = label == period.label ? " selected=\"selected\"" : ""
        let shown = Self.inProgress(label, today: today) ? "\(label) (so far)" : label
        out += "<option value=\"\(label)\"\(chosen)>\(shown)</option>"
      }
      out += "</optgroup>"
    }
    return out + "</select>"
  }

  func link(_ region: Region) -> String {
    "<a href=\"/report?region=\(Pages.queryEscaped(region.code))&amp;period=\(Pages.queryEscaped(period.label))\">"
      + "\(Pages.escape(region.code))</a> \(Pages.escape(region.name))"
  }

  /// The quarters of this year and the last, the last three years, the last twelve months: newest first.
  static func periods(around today: String) -> [(String, [String])] {
    let year = Int(today.prefix(4)) ?? 2026
    let month = Int(today.dropFirst(5).prefix(2)) ?? 1
    let quarter = (month - 1) / 3 + 1
    var quarters: [String] = []
    var (y, q) = (year, quarter)
    for _ in 0..<8 {
      quarters.append("\(y)-Q\(q)")
      (y, q) = q == 1 ? (y - 1, 4) : (y, q - 1)
    }
    var months: [String] = []
    var (my, m) = (year, month)
    for _ in 0..<12 {
      months.append(String(format: "%04d-%02d", my, m))
      (my, m) = m == 1 ? (my - 1, 12) : (my, m - 1)
    }
    return [("Quarters", quarters), ("Years", (0..<3).map { String(year - $0) }), ("Months", months)]
  }

  static func inProgress(_ label: String, today: String) -> Bool {
    guard let period = try? ReportPeriod.parse(label) else { return false }
    return period.from <= today && period.to >= today
  }
}
