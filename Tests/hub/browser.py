#!/usr/bin/env python3
"""The hub's pages in headless Chromium, as a coordinator uses them: sign in, pick a region, read, sign out.

A hub made with `psr demo` is served by the real `psr hub serve` on 127.0.0.1 (plain HTTP, and over TLS with
a self-signed certificate made with openssl), and Debian's `chromium` is driven over the Chrome DevTools
Protocol (a minimal client in Tests/cdp.py: Python's standard library only). Each run, in a fresh profile:

- the report's address without a session lands on the sign-in page, with nothing of the report on it;
- a wrong token: the page says it is not valid (401), sets no cookie, does not echo the token back;
- the right token (typed, Enter): the browser is sent on (303) to the report it asked for; the session
  cookie is HttpOnly, SameSite=Strict, Path=/, 12 hours, Secure over TLS and only there; `document.cookie`
  is empty in the page;
- the picker (/): region AME-WA and period 2026-Q2 chosen, "Show the report" pressed: the report names West
  Africa and 2026-Q2, and its headline numbers are those of `psr report regions --format json`;
- "All regions": every sub-region's code in the table with the same numbers; the banner's Level set to
  networks: every network's code;
- "Sign out": /sign-in?out=1 says "You are signed out", the cookie is gone, the report's address and the
  browser's Back land on the sign-in page, and the old cookie put back by hand is refused by the hub;
- every page: the CSP header, no console errors or CSP reports, no horizontal overflow at 1280 px, the banner
  above the heading without overlapping it; the hub's log holds neither the token nor the session id.

Two switches are for diagnosing a regression, to see the rest of the flow past it: --patch-referrer-policy
rewrites the pages' Referrer-Policy to same-origin in the browser (with no-referrer, which the hub once sent,
Chromium posts the sign-in form with Origin: null and the hub refuses it, 403), --lenient-layout prints a page
wider than the 1280 px window, or a banner overlapping the report, as a warning.

Screenshots (1280 px wide, full page) of each page go to --screenshots DIR (default a new temporary folder,
printed). Exits 0 when every check passes, 1 with the failed check's sentence otherwise; prints one line and
exits 0 when chromium is not installed. Every wait is bounded; chromium and the hub are stopped on exit.
"""
from __future__ import annotations

import argparse, json, os, re, secrets, shutil, signal, sqlite3, subprocess, sys, tempfile, threading, time
import urllib.parse
from pathlib import Path

sys.dont_write_bytecode = True  # no __pycache__ beside the shared module
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from cdp import Chromium, Deadline, Failed, die_with_parent  # noqa: E402  (Tests/cdp.py)

ROOT = Path(__file__).resolve().parent.parent.parent
TODAY = "2026-11-26"  # the hub's and the CLI's today: 2026-Q3 is the last complete quarter, 2026-Q2 is offered
ASKED = "/report?region=AME-ECA&period=2026-Q3"
WIDTH, HEIGHT = 1280, 800


# --- The browser, as a coordinator would use it ---------------------------------------------------------------

class Browser(Chromium):
    def __init__(self, chromium: str, work: Path, tls: bool, deadline: Deadline, log, patch_referrer: bool = False):
        self.log = log
        # --ignore-certificate-errors: the hub's self-signed certificate, for this test only
        super().__init__(chromium, work, deadline, WIDTH, HEIGHT,
                         ("--ignore-certificate-errors",) if tls else ())
        self.patched = 0
        if patch_referrer:
            # Diagnosis only: the hub's pages as if they said Referrer-Policy: same-origin (not no-referrer),
            # with which a browser sends the page's own Origin on the sign-in form's POST, not "null".
            def paused(params):
                headers = params.get("responseHeaders") or []
                if any(h["name"].lower() == "referrer-policy" for h in headers):
                    self.patched += 1
                    headers = [h if h["name"].lower() != "referrer-policy" else {"name": h["name"], "value": "same-origin"}
                               for h in headers]
                    self.cdp.send("Fetch.continueResponse", {"requestId": params["requestId"], "responseHeaders": headers,
                                                            "responseCode": params["responseStatusCode"]})
                else:
                    self.cdp.send("Fetch.continueRequest", {"requestId": params["requestId"]})
            self.cdp.on_paused = paused
            self.cdp.call("Fetch.enable", {"patterns": [{"urlPattern": "http*://127.0.0.1:*", "requestStage": "Response"}]})

    # Navigation: run `trigger`, then wait for the main frame's new document to load.
    def navigation(self, trigger, what: str) -> dict:
        self.cdp.events.clear()
        trigger()
        frame = self.frame
        self.cdp.wait_event(lambda e: e["method"] == "Page.frameNavigated" and e["params"]["frame"]["id"] == frame
                            and not e["params"]["frame"].get("parentId"), 20, f"{what}: no navigation")
        self.cdp.wait_event(lambda e: e["method"] == "Page.loadEventFired", 20, f"{what}: the page did not load")
        hops, final, sent, requests = [], None, {}, []
        for event in self.cdp.events:
            params = event["params"]
            if event["method"] == "Network.requestWillBeSentExtraInfo":
                sent.setdefault(params["requestId"], []).append(
                    {k.lower(): v for k, v in params.get("headers", {}).items()})
            if event["method"] == "Network.requestWillBeSent" and params.get("type") == "Document" \
                    and params.get("frameId") == frame:
                if "redirectResponse" in params:
                    hops.append((params["redirectResponse"]["status"], params["redirectResponse"]["url"]))
                hops.append(("request", params["request"]["method"], params["request"]["url"]))
                requests.append(params["requestId"])
            if event["method"] == "Network.responseReceived" and params.get("type") == "Document" \
                    and params.get("frameId") == frame:
                final = params["response"]
        state = self.cdp.evaluate("JSON.stringify({url: location.href, ready: document.readyState})")
        page = json.loads(state)
        page["status"] = final["status"] if final else None
        page["headers"] = {k.lower(): v for k, v in (final or {}).get("headers", {}).items()}
        page["hops"] = hops
        # What the browser sent (Origin, Sec-Fetch-Site, Cookie…) with the navigation's first request (a form's
        # POST, before any redirect): redirects keep the request's id, their headers come after.
        page["sent"] = (sent.get(requests[0]) or [{}])[0] if requests else {}
        self.log(f"    {what}: {page['status']} {page['url']}")
        return page

    def go(self, url: str, what: str) -> dict:
        return self.navigation(lambda: self.cdp.call("Page.navigate", {"url": url}), what)

    def click(self, selector: str, what: str) -> dict:
        """A real mouse click on the element's middle; returns the navigation it starts."""
        box = self.cdp.evaluate(f"""(() => {{ const e = document.querySelector({json.dumps(selector)});
            if (!e) return null; e.scrollIntoView({{block: 'center'}}); const r = e.getBoundingClientRect();
            return {{x: r.left + r.width / 2, y: r.top + r.height / 2, w: r.width, h: r.height}}; }})()""")
        if not box or box["w"] <= 0 or box["h"] <= 0:
            raise Failed(f"{what}: no visible {selector} on the page to click")

        def press():
            for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
                self.cdp.call("Input.dispatchMouseEvent", {"type": kind, "x": box["x"], "y": box["y"],
                                                          "button": "left", "clickCount": 1})
        return self.navigation(press, what)

    def type_into(self, selector: str, text: str):
        focused = self.cdp.evaluate(f"""(() => {{ const e = document.querySelector({json.dumps(selector)});
            if (!e) return false; e.value = ''; e.focus(); return document.activeElement === e; }})()""")
        if not focused:
            raise Failed(f"no {selector} to type into")
        self.cdp.call("Input.insertText", {"text": text})

    def press_enter(self, what: str) -> dict:
        def enter():
            for kind in ("rawKeyDown", "char", "keyUp"):
                params = {"type": kind, "key": "Enter", "code": "Enter", "windowsVirtualKeyCode": 13,
                          "nativeVirtualKeyCode": 13}
                if kind == "char":
                    params["text"] = "\r"
                self.cdp.call("Input.dispatchKeyEvent", params)
        return self.navigation(enter, what)

    def choose(self, selector: str, value: str):
        """Picks an option of a select, as the user's choice would (input and change events)."""
        done = self.cdp.evaluate(f"""(() => {{ const s = document.querySelector({json.dumps(selector)});
            if (!s) return 'no select';
            const o = [...s.options].find(o => o.value === {json.dumps(value)});
            if (!o) return 'no option ' + {json.dumps(value)} + ' among ' + [...s.options].map(o => o.value).join(' ');
            s.value = o.value; s.dispatchEvent(new Event('input', {{bubbles: true}}));
            s.dispatchEvent(new Event('change', {{bubbles: true}})); return 'ok'; }})()""")
        if done != "ok":
            raise Failed(f"choosing {value} in {selector}: {done}")

    def text(self, selector: str = "body") -> str:
        return self.cdp.evaluate(f"(document.querySelector({json.dumps(selector)}) || {{innerText: ''}}).innerText")

    def cookies(self) -> list[dict]:
        try:
            found = self.cdp.call("Storage.getCookies")["cookies"]
        except Failed:
            found = self.cdp.call("Network.getAllCookies")["cookies"]
        return [c for c in found if c["name"] == "psr_session"]

    def screenshot(self, path: Path):
        png, width, height = self.full_page_png()
        path.write_bytes(png)
        self.log(f"    screenshot {path} ({width}x{height})")


# --- The hub -------------------------------------------------------------------------------------------------

class Hub:
    def __init__(self, psr: str, db: Path, tls: tuple[Path, Path] | None, env: dict, deadline: Deadline):
        args = [psr, "--db", str(db), "hub", "serve", "--listen", "127.0.0.1:0", "--stop-with-stdin"]
        if tls:
            args += ["--tls-cert", str(tls[0]), "--tls-key", str(tls[1])]
        self.process = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.PIPE, env=env, preexec_fn=die_with_parent)
        self.lines: list[str] = []
        self.served = threading.Event()
        self.url = None
        threading.Thread(target=self._read, daemon=True).start()
        if not self.served.wait(deadline.left(30)) or self.url is None:
            self.stop()
            raise Failed(f"psr hub serve did not say where it serves within 30 s: {self.log()[-2000:]}")

    def _read(self):
        for raw in self.process.stderr:
            line = raw.decode(errors="replace").rstrip("\n")
            self.lines.append(line)
            found = re.search(r"psr hub: serving .* at (https?://127\.0\.0\.1:\d+)", line)
            if found and self.url is None:
                self.url = found.group(1)
                self.served.set()
        self.served.set()

    def log(self) -> str:
        return "\n".join(self.lines)

    def stop(self):
        if self.process.poll() is None:
            try:
                self.process.stdin.close()  # --stop-with-stdin
                self.process.wait(timeout=10)
            except (OSError, subprocess.TimeoutExpired):
                self.process.terminate()
                try:
                    self.process.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait(timeout=5)


# --- The checks ----------------------------------------------------------------------------------------------

class Run:
    def __init__(self, name: str, base: str, browser: Browser, expected: dict, shots: Path, log):
        self.name, self.base, self.b, self.expected, self.shots, self.log = name, base, browser, expected, shots, log
        self.checks = 0
        self.layout_notes: list[str] = []
        self.lenient = False

    def check(self, condition, sentence: str):
        if not condition:
            raise Failed(f"[{self.name}] {sentence}")
        self.checks += 1

    def layout(self, condition, sentence: str):
        """A check of how a page looks at 1280 px: a failure, or with --lenient-layout a warning."""
        if not condition and self.lenient:
            self.layout_notes.append(sentence)
            self.log(f"    LAYOUT: {sentence}")
            return
        self.check(condition, sentence)

    def page_checks(self, page: dict, what: str, report: bool = False):
        """What every page answer must be: the CSP, and a layout that fits 1280 px."""
        csp = page["headers"].get("content-security-policy", "")
        self.check("default-src 'none'" in csp and "script-src" not in csp,
                   f"{what}: the page's Content-Security-Policy is {csp!r}, not default-src 'none' with no scripts")
        self.check(page["headers"].get("cache-control") == "no-store",
                   f"{what}: Cache-Control is {page['headers'].get('cache-control')!r}, not no-store")
        layout = self.b.cdp.evaluate("""(() => {
            const d = document.documentElement, nav = document.querySelector('nav.hub'), h1 = document.querySelector('h1');
            const box = e => e ? e.getBoundingClientRect().toJSON() : null;
            const wide = [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > innerWidth + 1)
                .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : ''));
            const navItems = nav ? [...nav.children].map(e => box(e)) : [];
            return {scrollWidth: d.scrollWidth, clientWidth: d.clientWidth, nav: box(nav), h1: box(h1), wide,
                    navItems, fontSize: getComputedStyle(document.body).fontSize}; })()""")
        self.layout(layout["scrollWidth"] <= layout["clientWidth"] + 1,
                   f"{what}: the page is {layout['scrollWidth']} px wide in a {layout['clientWidth']} px window "
                   f"(horizontal scrolling; too wide: {layout['wide']})")
        if report:
            nav, h1 = layout["nav"], layout["h1"]
            self.check(nav and nav["height"] > 0, f"{what}: no visible nav.hub banner")
            self.layout(h1 and nav["bottom"] <= h1["top"] + 0.5,
                       f"{what}: the banner (bottom {nav and nav['bottom']}) overlaps the heading (top {h1 and h1['top']})")
            for item in layout["navItems"]:
                self.layout(item["right"] <= nav["right"] + 0.5 and item["left"] >= nav["left"] - 0.5,
                           f"{what}: an item of the banner sticks out of it: {item} in {nav}")
            self.layout(nav["height"] < 120, f"{what}: the banner is {nav['height']:.0f} px high (wrapped badly?)")

    def no_report_served(self, page: dict, what: str):
        body = self.b.text()
        self.check(urllib.parse.urlsplit(page["url"]).path == "/sign-in",
                   f"{what}: landed on {page['url']}, not the sign-in page")
        self.check(self.b.cdp.evaluate("document.querySelector('nav.hub, table, svg') === null"),
                   f"{what}: the sign-in page holds report content (nav.hub, a table or a chart)")
        for name in ("Eastern & Central Africa", "West Africa", "Field visits", "Signed in as"):
            self.check(name not in body, f"{what}: the sign-in page says {name!r}: {body[:300]!r}")

    def run(self, token: str):
        b, base = self.b, self.base
        started = time.monotonic()

        # 1. The report's address without a session: the sign-in page, nothing of the report.
        page = b.go(base + ASKED, "report without a session")
        self.check(page["status"] == 200, f"the sign-in page answered {page['status']}")
        self.check(page["hops"][:2] == [("request", "GET", base + ASKED), (303, base + ASKED)],
                   f"the report without a session was not a 303 to sign in: {page['hops']}")
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(page["url"]).query)
        self.check(query.get("next") == [ASKED], f"the sign-in page's address does not keep next={ASKED}: {page['url']}")
        self.no_report_served(page, "the report without a session")
        form = b.cdp.evaluate("""(() => { const f = document.querySelector('form[action="/sign-in"]');
            const t = document.querySelector('#token'), n = document.querySelector('input[name=next]');
            return {form: !!f, method: f && f.method, type: t && t.type, next: n && n.value,
                    focused: document.activeElement === t}; })()""")
        self.check(form["form"] and form["method"] == "post" and form["type"] == "password",
                   f"the sign-in form is not a POST with a password field #token: {form}")
        self.check(form["next"] == ASKED, f"the sign-in form's hidden next is {form['next']!r}, not {ASKED!r}")
        self.check(b.cookies() == [], f"a session cookie before signing in: {b.cookies()}")
        self.page_checks(page, "the sign-in page")
        b.screenshot(self.shots / f"{self.name}-1-sign-in.png")

        # 2. A wrong token: 401, the page says it is not valid, no cookie, the token not echoed.
        wrong = "psr_" + secrets.token_hex(32)
        b.type_into("#token", wrong)
        page = b.click('form[action="/sign-in"] button[type=submit]', "a wrong token")
        self.check(page["status"] == 401, f"a wrong token answered {page['status']}, not 401 (the browser sent "
                   f"Origin: {page['sent'].get('origin')!r}, Sec-Fetch-Site: {page['sent'].get('sec-fetch-site')!r}; "
                   f"the page says {b.text()[:200]!r})")
        self.check(urllib.parse.urlsplit(page["url"]).path == "/sign-in", f"a wrong token landed on {page['url']}")
        text = b.text()
        self.check("not valid" in text, f"the page after a wrong token does not say it is not valid: {text[:400]!r}")
        self.check(b.cookies() == [], f"a wrong token set a cookie: {b.cookies()}")
        html = b.cdp.evaluate("document.documentElement.outerHTML")
        self.check(wrong not in html and wrong[4:20] not in html, "the page after a wrong token shows the token")
        self.check(b.cdp.evaluate("document.querySelector('input[name=next]').value") == ASKED,
                   "after a wrong token the form no longer carries next (a retry would not land on the report)")
        self.no_report_served(page, "the page after a wrong token")
        b.screenshot(self.shots / f"{self.name}-2-wrong-token.png")

        # 3. The right token, typed, Enter: sent on to the report asked for; the session cookie.
        b.type_into("#token", token)
        signed_in_at = time.time()
        page = b.press_enter("the right token")
        self.check(page["status"] == 200 and page["url"] == base + ASKED,
                   f"signing in landed on {page['status']} {page['url']}, not the report asked for {base + ASKED}")
        self.check(("request", "POST", base + "/sign-in") in page["hops"] and (303, base + "/sign-in") in page["hops"],
                   f"signing in was not a POST /sign-in answered 303: {page['hops']}")
        self.log(f"    the sign-in POST carried Origin: {page['sent'].get('origin')!r}, "
                 f"Sec-Fetch-Site: {page['sent'].get('sec-fetch-site')!r}")
        self.check(page["sent"].get("origin") in (base, "null"),
                   f"the sign-in POST carried Origin {page['sent'].get('origin')!r}, neither the hub's nor null")
        cookies = b.cookies()
        self.check(len(cookies) == 1, f"after signing in the browser holds {len(cookies)} psr_session cookies")
        cookie = cookies[0]
        secure = base.startswith("https:")
        self.check(cookie["httpOnly"] is True, f"the session cookie is not HttpOnly: {cookie}")
        self.check(cookie.get("sameSite") == "Strict", f"the session cookie is not SameSite=Strict: {cookie}")
        self.check(cookie["secure"] is secure, f"the session cookie's Secure is {cookie['secure']} over "
                   f"{'TLS' if secure else 'plain HTTP'}: {cookie}")
        self.check(cookie["path"] == "/" and cookie["domain"] == "127.0.0.1" and not cookie.get("session"),
                   f"the session cookie's path, domain or lifetime is not /, 127.0.0.1, persistent: {cookie}")
        self.check(abs(cookie["expires"] - (signed_in_at + 12 * 3600)) < 120,
                   f"the session cookie expires at {cookie['expires']}, not 12 hours after signing in")
        self.check(re.fullmatch(r"[0-9a-f]{64}", cookie["value"]), f"the session id is not 64 hex digits")
        old_cookie = cookie
        self.check(b.cdp.evaluate("document.cookie") == "", "document.cookie is not empty in the page (not HttpOnly?)")
        self.check("Eastern & Central Africa" in b.text("h1") and "2026-Q3" in b.text("p.sub"),
                   f"the report asked for is not AME-ECA 2026-Q3: {b.text('h1')!r} {b.text('p.sub')!r}")
        banner = b.text("nav.hub")
        self.check("Signed in as akinyi" in banner and "Sign out" in banner and "All regions" in banner,
                   f"the banner does not say who is signed in, All regions, Sign out: {banner!r}")
        chosen = b.cdp.evaluate("[document.querySelector('#nav-region').value, document.querySelector('#nav-period').value]")
        self.check(chosen == ["AME-ECA", "2026-Q3"], f"the banner's picker shows {chosen}, not AME-ECA 2026-Q3")
        self.page_checks(page, "the AME-ECA report", report=True)
        b.screenshot(self.shots / f"{self.name}-3-report-AME-ECA.png")

        # 4. The picker: AME-WA, 2026-Q2, "Show the report".
        page = b.click('nav.hub a[href="/"]', "the picker")
        self.check(page["status"] == 200 and page["url"] == base + "/", f"the picker is {page['status']} {page['url']}")
        picker = b.cdp.evaluate("""(() => ({
            regions: [...document.querySelectorAll('select#region option')].map(o => o.value),
            periods: [...document.querySelectorAll('select#period option')].map(o => o.value),
            period: document.querySelector('select#period') && document.querySelector('select#period').value,
            dates: [...document.querySelectorAll('form.picker input[type=date]')].map(i => i.name),
            button: [...document.querySelectorAll('form.picker button')].map(b => b.innerText),
            h1: document.querySelector('h1') && document.querySelector('h1').innerText,
            links: [...document.querySelectorAll('ul a')].map(a => a.getAttribute('href')) }))()""")
        codes = self.expected["codes"]
        self.check(sorted(picker["regions"]) == sorted(codes),
                   f"the picker's regions {picker['regions']} are not the hub's {codes}")
        self.check("2026-Q2" in picker["periods"] and picker["period"] == "2026-Q3",
                   f"the picker's periods do not offer 2026-Q2 with 2026-Q3 (the last complete quarter) chosen: {picker}")
        self.check(picker["dates"] == ["from", "to"] and picker["button"] == ["Show the report"],
                   f"the picker has no from/to dates or no 'Show the report' button: {picker}")
        self.check(len(picker["links"]) == len(codes), f"the picker links {len(picker['links'])} regions, not {len(codes)}")
        self.check("Signed in as akinyi" in b.text(), "the picker does not say who is signed in")
        self.page_checks(page, "the picker")
        b.screenshot(self.shots / f"{self.name}-4-picker.png")
        b.choose("select#region", "AME-WA")
        b.choose("select#period", "2026-Q2")
        page = b.click('form.picker button[type=submit]', "Show the report")
        parts = urllib.parse.urlsplit(page["url"])
        query = urllib.parse.parse_qs(parts.query)
        self.check(page["status"] == 200 and parts.path == "/report" and query.get("region") == ["AME-WA"]
                   and query.get("period") == ["2026-Q2"], f"Show the report landed on {page['status']} {page['url']}")
        h1, sub = b.text("h1"), b.text("p.sub")
        self.check("West Africa" in h1, f"the report's heading does not name West Africa: {h1!r}")
        self.check("2026-Q2" in sub and "2026-04-01" in sub and "2026-06-30" in sub,
                   f"the report's subtitle does not say 2026-Q2, 2026-04-01 to 2026-06-30: {sub!r}")
        facts = b.cdp.evaluate("""Object.fromEntries([...document.querySelectorAll('table.facts tr')]
            .map(r => [r.querySelector('th').innerText.trim(), r.querySelector('td').innerText.trim()]))""")
        wa = self.expected["AME-WA"]
        for label, field in (("Producer organizations covered", "producers_covered"), ("Field visits", "field_visits"),
                             ("All activities", "activities"), ("Cases opened", "cases_opened"),
                             ("Cases closed", "cases_closed")):
            shown = facts.get(label, "").replace(",", "").replace("\u202f", "").replace(" ", "")
            self.check(shown == str(wa[field]), f"the AME-WA report shows {label} {facts.get(label)!r}, "
                       f"psr report regions says {wa[field]}")
        tables = b.cdp.evaluate("""[...document.querySelectorAll('table')].map(t => ({
            caption: t.caption ? t.caption.innerText : null, rows: t.rows.length,
            numbers: [...t.querySelectorAll('td')].filter(d => /^-?[0-9][0-9,.]*$/.test(d.innerText.trim())).length }))""")
        self.check(len(tables) >= 5 and sum(t["numbers"] for t in tables) >= 30,
                   f"the AME-WA report's tables hold few numbers: {tables}")
        self.check(b.cdp.evaluate("document.querySelectorAll('svg').length") >= 1, "the AME-WA report has no chart")
        chosen = b.cdp.evaluate("[document.querySelector('#nav-region').value, document.querySelector('#nav-period').value]")
        self.check(chosen == ["AME-WA", "2026-Q2"], f"the banner's picker shows {chosen}, not AME-WA 2026-Q2")
        self.page_checks(page, "the AME-WA report", report=True)
        b.screenshot(self.shots / f"{self.name}-5-report-AME-WA.png")
        self.log(f"    AME-WA 2026-Q2: {', '.join(f'{k} {v}' for k, v in list(facts.items())[:6])}; "
                 f"{len(tables)} tables, {sum(t['numbers'] for t in tables)} numeric cells")

        # 5. All regions: every sub-region, then every network.
        page = b.click('nav.hub a[href^="/regions"]', "All regions")
        self.check(page["status"] == 200 and page["url"] == base + "/regions?period=2026-Q2",
                   f"All regions landed on {page['status']} {page['url']}")
        rows = self.region_rows()
        subs = [c for c in codes if self.expected["parent"][c]]
        self.check(sorted(r for r in rows if r != "(outside)") == sorted(subs),
                   f"the regions table lists {sorted(rows)}, not every sub-region {sorted(subs)}")
        self.check(rows["AME-WA"]["VISITS"] == str(wa["field_visits"]) and rows["AME-WA"]["OPENED"] == str(wa["cases_opened"]),
                   f"the regions table's AME-WA row {rows['AME-WA']} differs from its report")
        links = b.cdp.evaluate("[...document.querySelectorAll('tbody th a')].map(a => a.getAttribute('href'))")
        self.check("/report?region=AME-WA&period=2026-Q2" in links, f"the regions table does not link AME-WA's report: {links}")
        self.check("2026-Q2" in b.text("h1"), f"the regions page's heading does not say 2026-Q2: {b.text('h1')!r}")
        self.page_checks(page, "the regions page", report=True)
        b.screenshot(self.shots / f"{self.name}-6-regions.png")
        b.choose("#nav-level", "top")
        page = b.click('nav.hub form[action="/regions"] button[type=submit]', "Level: networks")
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(page["url"]).query)
        self.check(page["status"] == 200 and query.get("level") == ["top"] and query.get("period") == ["2026-Q2"],
                   f"the networks page is {page['status']} {page['url']}")
        rows = self.region_rows()
        networks = [c for c in codes if not self.expected["parent"][c]]
        self.check(sorted(r for r in rows if r != "(outside)") == sorted(networks),
                   f"the networks table lists {sorted(rows)}, not every network {sorted(networks)}")
        self.page_checks(page, "the networks page", report=True)
        b.screenshot(self.shots / f"{self.name}-7-regions-networks.png")

        # 6. Sign out: the cookie gone, nothing served after, the old session refused by the hub.
        page = b.click('nav.hub form[action="/sign-out"] button[type=submit]', "Sign out")
        self.check(page["url"] == base + "/sign-in?out=1" and page["status"] == 200,
                   f"signing out landed on {page['status']} {page['url']}, not /sign-in?out=1")
        self.check(("request", "POST", base + "/sign-out") in page["hops"] and (303, base + "/sign-out") in page["hops"],
                   f"signing out was not a POST /sign-out answered 303: {page['hops']}")
        self.check("You are signed out" in b.text(), f"the page after signing out does not say so: {b.text()[:300]!r}")
        self.check(b.cookies() == [], f"the session cookie is still there after signing out: {b.cookies()}")
        self.no_report_served(page, "the page after signing out")
        b.screenshot(self.shots / f"{self.name}-8-signed-out.png")
        page = b.go(base + ASKED, "the report after signing out")
        self.no_report_served(page, "the report after signing out")
        history = b.cdp.call("Page.getNavigationHistory")
        entries = history["entries"]
        back = next((e for e in reversed(entries[:history["currentIndex"]]) if "/report?" in e["url"]
                     and "AME-WA" in e["url"]), None)
        self.check(back is not None, f"no AME-WA report in the browser's history: {[e['url'] for e in entries]}")
        page = b.navigation(lambda: b.cdp.call("Page.navigateToHistoryEntry", {"entryId": back["id"]}),
                            "Back to the AME-WA report")
        self.no_report_served(page, "Back to the AME-WA report after signing out")
        b.cdp.call("Network.setCookie", {"name": "psr_session", "value": old_cookie["value"], "domain": "127.0.0.1",
                                         "path": "/", "httpOnly": True, "secure": secure, "sameSite": "Strict"})
        page = b.go(base + ASKED, "the report with the signed-out session's cookie put back")
        self.no_report_served(page, "the signed-out session's cookie put back")
        self.check(b.cookies() == [], f"the hub did not clear a dead session's cookie: {b.cookies()}")
        logged = [line for line in b.cdp.logs
                  if not re.fullmatch(r"network: Failed to load resource: the server responded with a status of 401 "
                                      r"\(Unauthorized\) " + re.escape(base) + "/sign-in", line)]
        self.check(not logged, f"the browser logged errors or CSP reports: {logged}")
        self.log(f"    {self.checks} checks passed in {time.monotonic() - started:.1f} s")
        return old_cookie["value"]

    def region_rows(self) -> dict:
        return self.b.cdp.evaluate("""(() => {
            // Headings as the terminal table names them (the page writes them in sentence case, wrapped).
            const heads = [...document.querySelectorAll('table thead th')]
                .map(h => h.textContent.trim().replace(/\s+/g, ' ').toUpperCase());
            return Object.fromEntries([...document.querySelectorAll('table tbody tr')].map(r => {
                const cells = [...r.children].map(c => c.innerText.trim());
                return [cells[0], Object.fromEntries(heads.map((h, i) => [h, cells[i]]))]; })); })()""")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--psr", default=str(ROOT / ".build/debug/psr"), help="the psr binary (psr-hub beside it)")
    parser.add_argument("--chromium", default=shutil.which("chromium"), help="the chromium binary")
    parser.add_argument("--screenshots", help="the folder for the screenshots (default a new temporary folder)")
    parser.add_argument("--tls", action="store_true", help="only the run over TLS")
    parser.add_argument("--plain", action="store_true", help="only the run over plain HTTP")
    parser.add_argument("--timeout", type=float, default=240, help="seconds for the whole test")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (the hub, logs, profiles)")
    parser.add_argument("--lenient-layout", action="store_true",
                        help="a page too wide for 1280 px, or a banner overlapping the report, is a warning, not a failure")
    parser.add_argument("--patch-referrer-policy", action="store_true",
                        help="diagnosis only: rewrite the hub's Referrer-Policy: no-referrer to same-origin in the "
                             "browser (with no-referrer, Chromium posts the sign-in form with Origin: null)")
    args = parser.parse_args()
    if not args.chromium or not Path(args.chromium).exists():
        print("skipped: chromium is not installed (apt-get install -y chromium)")
        return 0
    if not Path(args.psr).exists():
        print(f"browser.py: no psr binary at {args.psr}: build it (swift build) or give --psr", file=sys.stderr)
        return 1
    modes = ["tls"] if args.tls and not args.plain else ["plain"] if args.plain and not args.tls else ["plain", "tls"]
    if "tls" in modes and not shutil.which("openssl"):
        print("browser.py: the TLS run needs openssl on PATH to make a certificate", file=sys.stderr)
        return 1
    deadline = Deadline(args.timeout)
    work = Path(tempfile.mkdtemp(prefix="psr-browser-"))
    shots = Path(args.screenshots) if args.screenshots else Path(tempfile.mkdtemp(prefix="psr-screens-"))
    shots.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()

    def log(line):
        print(line, flush=True)

    running: list = []

    def stop_all(*_):
        for thing in reversed(running):
            try:
                thing.stop()
            except Exception:
                pass
        running.clear()

    def on_signal(number, _frame):
        stop_all()
        raise SystemExit(128 + number)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    hub_logs: list[str] = []
    try:
        env = {**os.environ, "PSR_TODAY": TODAY, "NO_COLOR": "1"}
        env.pop("PSR_DB", None)
        db = work / "hub.sqlite"

        def psr(*more) -> str:
            done = subprocess.run([args.psr, "--db", str(db), *more], capture_output=True, text=True, env=env,
                                  timeout=deadline.left(120))
            if done.returncode != 0:
                raise Failed(f"psr {' '.join(more)} failed ({done.returncode}): {done.stderr.strip()}")
            return done.stdout

        psr("demo", "--cases", "5000", "-q")
        psr("hub", "init", "-q")
        token = psr("hub", "token", "issue", "akinyi").strip().splitlines()[0].strip()
        if not re.fullmatch(r"psr_[0-9a-f]{64}", token):
            raise Failed(f"psr hub token issue printed {token!r}, not a psr_… token")
        summaries = json.loads(psr("report", "regions", "--period", "2026-Q2", "--format", "json"))
        connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        regions = connection.execute("SELECT code, parent FROM regions").fetchall()
        connection.close()
        expected = {"codes": [code for code, _ in regions], "parent": dict(regions),
                    "AME-WA": next(s for s in summaries if s["region"] == "AME-WA")}
        log(f"hub: {db} (demo, 5000 cases; {len(regions)} regions; today {TODAY}); screenshots: {shots}")
        total = 0
        for mode in modes:
            run_started = time.monotonic()
            folder = work / mode
            folder.mkdir()
            cert = None
            if mode == "tls":
                cert = (folder / "cert.pem", folder / "key.pem")
                subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(cert[1]),
                                "-out", str(cert[0]), "-days", "1", "-subj", "/CN=127.0.0.1",
                                "-addext", "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True,
                               timeout=deadline.left(60))
            hub = Hub(args.psr, db, cert, env, deadline)
            running.append(hub)
            log(f"{mode}: hub at {hub.url}")
            browser = Browser(args.chromium, folder, mode == "tls", deadline, log, args.patch_referrer_policy)
            running.append(browser)
            version = browser.cdp.call("Browser.getVersion")["product"]
            log(f"{mode}: {version}")
            run = Run(mode, hub.url, browser, expected, shots, log)
            run.lenient = args.lenient_layout
            session = run.run(token)
            stop_all()
            hub_log = hub.log()
            hub_logs.append(hub_log)
            if token in hub_log or token[4:20] in hub_log or session in hub_log:
                raise Failed(f"[{mode}] the hub's log holds the token or the session id")
            requests = [line for line in hub.lines if re.match(r"\d{4}-\d\d-\d\dT", line)]
            failures = [line for line in requests if re.search(r" 5\d\d \d", line)]
            if failures:
                raise Failed(f"[{mode}] the hub answered 5xx: {failures}")
            run.checks += 2
            total += run.checks
            if args.patch_referrer_policy:
                log(f"{mode}: NOTE: {browser.patched} answers had their Referrer-Policy rewritten (--patch-referrer-policy)")
            if run.layout_notes:
                log(f"{mode}: {len(run.layout_notes)} layout warning(s) (--lenient-layout)")
            log(f"{mode}: passed, {run.checks} checks, {len(requests)} requests to the hub, "
                f"{time.monotonic() - run_started:.1f} s")
        log(f"passed: {total} checks in {time.monotonic() - started:.1f} s; screenshots in {shots}")
        return 0
    except Failed as failure:
        print(f"FAILED: {failure}", file=sys.stderr)
        for thing in running:
            if isinstance(thing, Browser) and thing.cdp.logs:
                print("the browser's log:\n" + "\n".join(thing.cdp.logs[-10:]), file=sys.stderr)
        for thing in running:
            if isinstance(thing, Hub):
                print("the hub's log, last lines:\n" + "\n".join(thing.lines[-15:]), file=sys.stderr)
        print(f"work folder kept: {work}; screenshots so far: {shots}", file=sys.stderr)
        args.keep = True
        return 1
    finally:
        stop_all()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
