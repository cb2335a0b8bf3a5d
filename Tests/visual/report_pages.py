#!/usr/bin/env python3
"""The HTML region reports as a reader sees them: laid out by headless Chromium on screen and on A4 paper.

A database made with `psr demo` (today 2026-11-26) gives the pages `psr report region … --format html`
writes for the three networks (AME, ASP, LAC), three sub-regions (AME-ECA, LAC-CAR, ASP-PAC) and every
region side by side (`psr report regions`), all for 2026-Q3, and two hostile pages the report must also
survive: AME-ECA over a custom period of almost two years (23 months of bars), and AME-ECA 2026-Q3 with an
insight holding a 300-character word (recorded with `psr insight add` in a copy of the database). Each file
is opened (file://) in Debian's `chromium`, driven over the Chrome DevTools Protocol (Tests/cdp.py: Python's
standard library only), and the browser itself measures it:

- on A4: with print media emulated at the width of A4 inside the page's @page margins (210 mm less the left
  and right margins, at 96 px to the inch: 687 px for 14 mm margins), nothing is wider than that width (a
  page wider than the paper is what makes Chrome shrink every page to fit); the failure names the outermost
  element too wide, how far it reaches, and the innermost element widening it, with its text;
- printed to PDF (Page.printToPDF, A4, the page's own @page size preferred): every page of the PDF is A4,
  595 x 842 pt within 1 pt (its /MediaBox);
- at 1280 px on screen: no horizontal scrolling (the same naming of what is too wide);
- no clipped text, on screen and on A4: no element that hides or scrolls its overflow (overflow hidden, clip,
  auto or scroll; text-overflow ellipsis) holds more than it shows, no table cell's content spills out of
  it, and every SVG <text> lies inside its <svg>'s viewport and inside the clip-path of any group around it
  (compared as the browser draws them, getBoundingClientRect against the box of the viewport or of the
  clip-path's shapes through getScreenCTM); a chart label the renderer shortened with "…" is a failure too;
- nothing is loaded from outside: every request the page makes is a file: or data: URL (anything else is
  blocked and reported), and the browser logs no error or warning (console, exceptions, CSP).

Every failure is one sentence naming the page, the layout (A4 or 1280 px), the element and its text; all of
them are listed, not just the first. A full-page screenshot at 1280 px of each page goes to --screenshots
DIR (default a new temporary folder, printed); --readme-image PATH also writes the top of the AME-ECA page
(the report's column at 1280 px) as the README's picture. Exits 0 when every check passes, 1 with the
failures otherwise; prints one line and exits 0 when chromium is not installed. Every wait is bounded;
chromium is stopped on exit.
"""
from __future__ import annotations

import argparse, base64, os, re, shutil, signal, sqlite3, subprocess, sys, tempfile, time
from pathlib import Path

sys.dont_write_bytecode = True  # no __pycache__ beside the shared module
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from cdp import Chromium, Deadline, Failed  # noqa: E402  (Tests/cdp.py)

ROOT = Path(__file__).resolve().parent.parent.parent
TODAY = "2026-11-26"  # 2026-Q3 is the last complete quarter
WIDTH, HEIGHT = 1280, 800  # the screen
A4_MM = (210.0, 297.0)
A4_PT = (595.28, 841.89)
PX_PER_MM = 96 / 25.4
README_PAGE = "AME-ECA 2026-Q3"
README_HEIGHT = 1600
LONG_WORD = ("Kericho" + "TeaAuctionPricesFellAgainInOctober" * 9)[:300]

# The pages: a name (used in failures and as the screenshot's file name), the database, psr's arguments.
PAGES = [
    *[(f"{code} 2026-Q3", "demo", ["report", "region", code, "--period", "2026-Q3"])
      for code in ("AME", "ASP", "LAC", "AME-ECA", "LAC-CAR", "ASP-PAC")],
    ("all regions 2026-Q3", "demo", ["report", "regions", "--period", "2026-Q3"]),
    ("AME-ECA 2025-01-01 to 2026-11-26 (two years)", "demo",
     ["report", "region", "AME-ECA", "--from", "2025-01-01", "--to", "2026-11-26"]),
    ("AME-ECA 2026-Q3 with a 300-character word in an insight", "long-word",
     ["report", "region", "AME-ECA", "--period", "2026-Q3"]),
    ("AME-ECA outcomes 2024 to 2026", "demo", ["report", "outcomes", "AME-ECA", "--from", "2024", "--to", "2026"]),
    ("AME outcomes 2023 to 2026", "demo", ["report", "outcomes", "AME", "--from", "2023", "--to", "2026"]),
]

# The check's own test: small pages each broken in one known way (and one clean page), with what the check must
# say about each; run before the report pages, so a check that stopped seeing a failure fails itself.
SELF_TEST_STYLE = "@page { size: A4; margin: 14mm; } body { font: 10pt sans-serif; margin: 0; padding: 8px; }"
SELF_TEST = [
    ("clean", "<h1>Fine</h1><p>Short words wrap: " + "fine words " * 80 + "</p>"
     '<svg width="200" height="80" viewBox="0 0 200 80"><text x="4" y="20">inside</text>'
     '<text x="60" y="40" text-anchor="end" transform="rotate(-35 60 40)">2026-07</text>'
     '<text x="100" y="40">one</text><text x="100" y="60">two</text></svg>', []),
    ("a long word", "<table><tr><td>" + "x" * 300 + "</td></tr></table>",
     ["at 1280 px: the page is", "a line of text in td", "on A4 (687 px): the page is", "more than A4's 687 px"]),
    ("a wide picture", '<svg width="900" height="40" viewBox="0 0 900 40"><rect width="900" height="40"/></svg>',
     ["on A4 (687 px): the page is 908 px wide", "widened by svg, 900 px wide"]),
    ("clipped text", '<div style="width: 100px; overflow: hidden; white-space: nowrap">certification representation</div>'
     '<div style="width: 90px; overflow: hidden; white-space: nowrap; text-overflow: ellipsis">introduction liaison</div>'
     '<div style="width: 400px; overflow-x: auto"><table style="width: 900px"><tr><td>wide</td></tr></table></div>',
     ["text is clipped: div", "certification representation", "overflow hidden/hidden/ellipsis",
      "content scrolls: div", "inside div (overflow-x auto)"]),
    ("a spilling cell", '<table style="table-layout: fixed; width: 300px"><tr><td style="width: 100px">'
     + "y" * 60 + "</td><td>b</td></tr></table>", ["text spills out of its table cell: td"]),
    ("cut labels", '<figure><figcaption>Cut</figcaption><svg width="200" height="100" viewBox="0 0 200 100">'
     '<text x="160" y="20">certification</text><text x="10" y="90" text-anchor="end" transform="rotate(-35 10 90)">'
     'representation</text><text x="60" y="95">certificati…</text>'
     '<clipPath id="f"><rect width="50" height="100"/></clipPath><g clip-path="url(#f)"><text x="30" y="60">clipped'
     '</text></g><text x="100" y="40">12</text><text x="104" y="42">34</text></svg></figure>',
     ['cut by the viewport of the chart "Cut"', '"certification" (right', '"representation" (left',
      'cut by the clip-path #f of the chart "Cut"', '"clipped"', 'labels shortened with … in the chart "Cut"',
      'drawn over each other in the chart "Cut" (svg 1): "34" on "12"']),
    ("outside loads", '<img src="http://psr.invalid/logo.png" alt=""><script>console.error("boom")</script>',
     ["the page loads from outside: http://psr.invalid/logo.png", "the browser logged:", "boom"]),
    ("letter paper", "<style>@page { size: letter; margin: 14mm; }</style><p>Letter</p>",
     ["printed to PDF, not every page is A4", "612.0 x 792.0 pt"]),
]


# What the browser measures in the page, for one layout (screen or print, already emulated) of `width` px.
MEASURE = r"""
(width) => {
  const clean = s => (s || '').replace(/\s+/g, ' ').trim();
  const cut = (s, n = 60) => { s = clean(s); return s.length > n ? s.slice(0, n - 1) + '…' : s; };
  const visibleText = e => { const c = e.cloneNode(true); c.querySelectorAll('title, desc').forEach(t => t.remove());
                             return clean(c.textContent); };
  const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
      (e.classList && e.classList.length ? '.' + [...e.classList].join('.') : '');
  const where = e => {
    const f = e.closest('figure'), fc = f && f.querySelector('figcaption');
    if (fc) return `the chart "${cut(fc.textContent, 50)}"`;
    const t = e.closest('table');
    if (t && t.caption) return `the table "${cut(t.caption.textContent, 50)}"`;
    const s = e.closest('section'), h = s && s.querySelector('h2');
    if (h) return `the section "${cut(h.textContent, 50)}"`;
    return e.closest('header') ? 'the header' : 'the page';
  };
  const textOf = e => clean(e.innerText !== undefined ? e.innerText : e.textContent);
  const about = e => `${name(e)} in ${where(e)}` + (textOf(e) ? ` ("${cut(textOf(e))}")` : '');
  const px = v => Math.round(v);
  const out = {scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth,
               wide: [], clipped: [], spills: [], svgText: [], shortened: [], overlaps: []};

  // Too wide: the outermost elements reaching past the layout's width, each with what widens it: the widest
  // line of text in it (a long unbroken word, a line that does not wrap) or the widest picture (svg, img…).
  const html = [...document.body.querySelectorAll('*')].filter(e => !(e.closest('svg') && e.tagName.toLowerCase() !== 'svg'));
  const tooWide = new Set(html.filter(e => { const r = e.getBoundingClientRect();
    return (r.width > 0 || r.height > 0) && (r.right > width + 1 || r.left < -1); }));
  const widest = e => {
    let best = null;
    const walker = document.createTreeWalker(e, NodeFilter.SHOW_TEXT);
    for (let node; (node = walker.nextNode());) {
      if (!clean(node.textContent) || node.parentElement.closest('svg')) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const line of range.getClientRects())
        if (!best || line.width > best.width)
          best = {width: line.width, right: line.right, what: `a line of text in ${name(node.parentElement)}`,
                  text: node.textContent};
    }
    const pictures = 'svg, img, canvas, video, iframe, object, embed, input, textarea, select';
    for (const picture of [...(e.matches(pictures) ? [e] : []), ...e.querySelectorAll(pictures)]) {
      const r = picture.getBoundingClientRect();
      if (!best || r.width > best.width)
        best = {width: r.width, right: r.right, what: name(picture),
                text: picture.getAttribute('aria-label') || picture.getAttribute('alt') || ''};
    }
    return best;
  };
  for (const e of tooWide) {
    if (tooWide.has(e.parentElement)) continue;
    const r = e.getBoundingClientRect(), cause = widest(e);
    let scroller = null;
    for (let a = e.parentElement; a && a !== document.body && !scroller; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (s.overflowX !== 'visible') scroller = `${name(a)} (overflow-x ${s.overflowX})`;
    }
    out.wide.push({outer: about(e), left: px(r.left), right: px(r.right), scroller,
                   cause: cause && (cause.right > width + 1 || cause.width > width)
                     ? `${cause.what}, ${px(cause.width)} px wide` + (cause.text ? ` ("${cut(cause.text, 40)}")` : '')
                     : null});
  }

  // Clipped or scrolled away: an element that does not show all it holds.
  for (const e of html) {
    if (e.tagName.toLowerCase() === 'svg') continue;
    const s = getComputedStyle(e);
    if (s.display === 'none' || s.visibility === 'hidden') continue;
    const x = s.overflowX !== 'visible' && e.scrollWidth > e.clientWidth + 1;
    const y = s.overflowY !== 'visible' && e.scrollHeight > e.clientHeight + 1;
    const ellipsis = s.textOverflow === 'ellipsis' && e.scrollWidth > e.clientWidth + 1;
    if (x || y || ellipsis) {
      out.clipped.push({what: about(e), how: [s.overflowX, s.overflowY, s.textOverflow].join('/'),
                        shows: `${e.clientWidth}x${e.clientHeight}`, holds: `${e.scrollWidth}x${e.scrollHeight}`});
    } else if ((e.tagName === 'TD' || e.tagName === 'TH') && e.scrollWidth > e.clientWidth + 1) {
      out.spills.push({what: about(e), shows: e.clientWidth, holds: e.scrollWidth});
    }
  }

  // SVG text: its ink inside its viewport and its clip-paths, as drawn; not shortened with an ellipsis. The
  // ink of each character is its glyph's bounding box (canvas measureText in the character's own font) at the
  // character's position, through the text's transform (a rotated axis label); without it, the glyph's cell.
  const boxOf = r => ({left: r.left, top: r.top, right: r.right, bottom: r.bottom});
  const grow = (box, p) => box ? {left: Math.min(box.left, p.x), top: Math.min(box.top, p.y),
                                  right: Math.max(box.right, p.x), bottom: Math.max(box.bottom, p.y)}
                               : {left: p.x, top: p.y, right: p.x, bottom: p.y};
  const corners = (m, x0, y0, x1, y1) => [[x0, y0], [x1, y0], [x0, y1], [x1, y1]]
    .map(([x, y]) => new DOMPoint(x, y).matrixTransform(m));
  const clipBox = (g, id) => {
    const clip = document.getElementById(id);
    if (!clip || clip.getAttribute('clipPathUnits') === 'objectBoundingBox') return null;
    let box = null;
    for (const shape of clip.children) {
      if (typeof shape.getBBox !== 'function') continue;
      const b = shape.getBBox();
      for (const p of corners(g.getScreenCTM(), b.x, b.y, b.x + b.width, b.y + b.height)) box = grow(box, p);
    }
    return box;
  };
  const canvas = document.createElement('canvas').getContext('2d');
  const ink = t => {
    // The characters as rendered: the text nodes outside title/desc, white space collapsed and trimmed.
    const chars = [];
    const walker = document.createTreeWalker(t, NodeFilter.SHOW_TEXT);
    for (let node; (node = walker.nextNode());) {
      if (node.parentElement.closest('title, desc')) continue;
      for (const c of node.textContent.replace(/[\n\r\t]/g, ' '))
        if (!(c === ' ' && (!chars.length || chars[chars.length - 1][0] === ' '))) chars.push([c, node.parentElement]);
    }
    while (chars.length && chars[chars.length - 1][0] === ' ') chars.pop();
    const n = t.getNumberOfChars(), m = t.getScreenCTM();
    let box = null;
    const glyphs = [];
    for (let i = 0; i < n; i++) {
      let x0, y0, x1, y1;
      if (chars.length === n) {
        const [c, owner] = chars[i];
        if (c.trim() === '') continue;
        const s = getComputedStyle(owner), p = t.getStartPositionOfChar(i);
        canvas.font = `${s.fontStyle} ${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
        const g = canvas.measureText(c);
        [x0, y0, x1, y1] = [p.x - g.actualBoundingBoxLeft, p.y - g.actualBoundingBoxAscent,
                            p.x + g.actualBoundingBoxRight, p.y + g.actualBoundingBoxDescent];
      } else {
        const e = t.getExtentOfChar(i);
        [x0, y0, x1, y1] = [e.x, e.y, e.x + e.width, e.y + e.height];
      }
      let glyph = null;
      for (const p of corners(m, x0, y0, x1, y1)) glyph = grow(glyph, p);
      glyphs.push(glyph);
      box = grow(grow(box, {x: glyph.left, y: glyph.top}), {x: glyph.right, y: glyph.bottom});
    }
    return box && {box, glyphs};
  };
  const overlap = (a, b) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1 &&
                            Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1;
  const svgs = [...document.querySelectorAll('svg')], drawn = new Map();
  for (const t of document.querySelectorAll('svg text')) {
    if (t.closest('defs, clipPath, mask, pattern, symbol, marker')) continue;
    const s = getComputedStyle(t);
    if (s.display === 'none' || s.visibility === 'hidden') continue;
    const text = visibleText(t), found = text ? ink(t) : null;
    if (!found) continue;
    const r = found.box, svg = t.ownerSVGElement, chart = `${where(t)} (svg ${svgs.indexOf(t.closest('svg')) + 1})`;
    // Labels drawn over each other: a glyph of this text on a glyph of an earlier one in the same svg.
    const earlier = drawn.get(t.closest('svg')) || [];
    for (const other of earlier)
      if (overlap(other.box, r) && other.glyphs.some(g => found.glyphs.some(h => overlap(g, h))))
        out.overlaps.push({text, other: other.text, chart});
    earlier.push({text, box: r, glyphs: found.glyphs});
    drawn.set(t.closest('svg'), earlier);
    if (text.endsWith('…')) out.shortened.push({text, chart});
    const limits = [['viewport', boxOf(svg.getBoundingClientRect())]];
    for (let a = t.parentElement; a && a !== svg.parentElement; a = a.parentElement) {
      const found = /url\(["']?#([^"')]+)["']?\)/.exec(getComputedStyle(a).clipPath || '');
      const box = found && clipBox(a, found[1]);
      if (box) limits.push([`clip-path #${found[1]}`, box]);
    }
    for (const [what, b] of limits) {
      const by = {left: b.left - r.left, top: b.top - r.top, right: r.right - b.right, bottom: r.bottom - b.bottom};
      const sides = Object.entries(by).filter(([, d]) => d > 0.5).map(([side, d]) => `${side} ${d.toFixed(1)} px`);
      if (sides.length) { out.svgText.push({text, chart, what, sides: sides.join(', ')}); break; }
    }
  }
  return out;
}
"""


def page_margins(browser: Chromium) -> tuple[float, float, str]:
    """The page's @page left and right margins in mm (Chrome's default 0.4 in without one), and what they are."""
    found = browser.cdp.evaluate("""[...document.styleSheets].flatMap(s => [...s.cssRules])
        .filter(r => r instanceof CSSPageRule).map(r => [r.style.marginLeft, r.style.marginRight])""") or []
    left, right = "0.4in", "0.4in"
    for l, r in found:
        left, right = l or left, r or right
    return to_mm(left), to_mm(right), f"@page margins {left} and {right}" if found else "no @page margin"


def to_mm(length: str) -> float:
    found = re.fullmatch(r"\s*([0-9.]+)\s*(mm|cm|in|pt|px|q)?\s*", length or "")
    if not found:
        raise Failed(f"the page's @page margin {length!r} is not a length this check reads (mm, cm, in, pt, px)")
    value, unit = float(found.group(1)), found.group(2) or "px"
    return value * {"mm": 1, "cm": 10, "in": 25.4, "pt": 25.4 / 72, "px": 25.4 / 96, "q": 0.25}[unit]


def pdf_pages(pdf: bytes) -> list[tuple[float, float]]:
    """Each page's /MediaBox width and height in pt, from Chrome's PDF (its page objects are not compressed)."""
    sizes = []
    for box in re.findall(rb"/MediaBox\s*\[\s*([-0-9.\s]+)\]", pdf):
        x0, y0, x1, y1 = (float(v) for v in box.split())
        sizes.append((x1 - x0, y1 - y0))
    kids = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))
    if kids != len(sizes):
        raise Failed(f"the PDF has {kids} page objects but {len(sizes)} /MediaBox entries: this check cannot read it")
    return sizes


class Check:
    def __init__(self, browser: Chromium, log):
        self.b, self.log = browser, log
        self.failures: list[str] = []

    def fail(self, sentence: str):
        self.failures.append(sentence)

    def load(self, url: str, what: str):
        cdp = self.b.cdp
        cdp.events.clear()
        logged = len(cdp.logs)
        cdp.call("Page.navigate", {"url": url})
        cdp.wait_event(lambda e: e["method"] == "Page.loadEventFired", 20, f"{what}: the page did not load")
        cdp.evaluate("document.fonts.ready.then(() => new Promise(r => requestAnimationFrame(() => r(true))))")
        cdp.call("Runtime.evaluate", {"expression": "1"})  # take the events that came with the load
        outside = sorted({e["params"]["request"]["url"] for e in cdp.events
                          if e["method"] == "Network.requestWillBeSent"
                          and not re.match(r"(file|data):", e["params"]["request"]["url"])})
        if outside:
            self.fail(f"{what}: the page loads from outside: {', '.join(u[:100] for u in outside)}")
        if len(cdp.logs) > logged:
            self.fail(f"{what}: the browser logged: {' | '.join(cdp.logs[logged:])[:600]}")

    def layout(self, what: str, width: int) -> dict:
        measured = self.b.cdp.evaluate(f"({MEASURE})({width})")
        found = {}
        parts = []
        for w in measured["wide"][:4]:
            part = f"{w['outer']} reaches {w['left']}..{w['right']} px"
            if w["scroller"]:
                part += f" inside {w['scroller']}"
            part += f", widened by {w['cause']}" if w["cause"] else \
                ", its columns adding up to that width" if w["outer"].startswith("table") else ", by its own width"
            parts.append(part)
        if measured["scrollWidth"] > measured["clientWidth"] + 1:
            found["wide"] = f"the page is {measured['scrollWidth']} px wide, more than {width} px" + \
                (f": {'; '.join(parts)}" if parts else "")
        elif parts:
            found["wide"] = f"wider than {width} px (scrolled or clipped away): {'; '.join(parts)}"
        for c in measured["clipped"]:
            scrolls = "auto" in c["how"] or "scroll" in c["how"]
            found[f"clipped {c['what']}"] = (f"{'content scrolls' if scrolls else 'text is clipped'}: {c['what']} "
                                             f"shows {c['shows']} px of {c['holds']} px (overflow {c['how']}"
                                             f"{'; print cuts what is scrolled away' if scrolls else ''})")
        for c in measured["spills"]:
            found[f"spills {c['what']}"] = (f"text spills out of its table cell: {c['what']} is {c['shows']} px "
                                            f"wide, its content {c['holds']} px")
        by_chart: dict[tuple, list] = {}
        for t in measured["svgText"]:
            by_chart.setdefault((t["chart"], t["what"]), []).append(f"\"{t['text'][:40]}\" ({t['sides']} out)")
        for (chart, limit), texts in by_chart.items():
            more = f" and {len(texts) - 8} more" if len(texts) > 8 else ""
            found[f"svg {chart} {limit}"] = (f"{len(texts)} SVG text{'s' if len(texts) > 1 else ''} cut by the "
                                             f"{limit} of {chart}: {', '.join(texts[:8])}{more}")
        shortened: dict[str, list] = {}
        for t in measured["shortened"]:
            shortened.setdefault(t["chart"], []).append(f"\"{t['text']}\"")
        for chart, texts in shortened.items():
            found[f"short {chart}"] = f"labels shortened with … in {chart}: {', '.join(texts[:8])}"
        overlaps: dict[str, list] = {}
        for t in measured["overlaps"]:
            overlaps.setdefault(t["chart"], []).append(f"\"{t['text'][:30]}\" on \"{t['other'][:30]}\"")
        for chart, pairs in overlaps.items():
            more = f" and {len(pairs) - 8} more" if len(pairs) > 8 else ""
            found[f"overlap {chart}"] = f"SVG texts drawn over each other in {chart}: {', '.join(pairs[:8])}{more}"
        return found

    def page(self, name: str, html: Path, shots: Path | None, readme: Path | None, quiet: bool = False):
        started = time.monotonic()
        cdp = self.b.cdp
        self.load(html.as_uri(), name)

        # 1280 px on screen.
        at = {}
        for key, sentence in self.layout(name, WIDTH).items():
            at[key] = [sentence, ["at 1280 px"]]
        if shots is not None:
            png, width, height = self.b.full_page_png()
            shot = shots / (re.sub(r"[^A-Za-z0-9-]+", "-", name).strip("-") + ".png")
            shot.write_bytes(png)
        if readme is not None and name == README_PAGE:
            self.readme_image(readme)

        # A4: print media, the width inside the @page margins.
        left, right, margins = page_margins(self.b)
        a4 = int((A4_MM[0] - left - right) * PX_PER_MM)
        a4_height = int((A4_MM[1] - left - right) * PX_PER_MM)  # about (the top and bottom margins do not matter)
        cdp.call("Emulation.setEmulatedMedia", {"media": "print"})
        cdp.call("Emulation.setDeviceMetricsOverride", {"width": a4, "height": a4_height, "deviceScaleFactor": 1,
                                                        "mobile": False})
        try:
            for key, sentence in self.layout(name, a4).items():
                if key == "wide":
                    sentence = sentence.replace(f"more than {a4} px", f"more than A4's {a4} px (210 mm less the {margins})")
                if key in at and key != "wide":
                    at[key][1].append("on A4")
                else:
                    at[key + " print"] = [sentence, [f"on A4 ({a4} px)"]]
        finally:
            cdp.call("Emulation.setEmulatedMedia", {"media": ""})
            cdp.call("Emulation.setDeviceMetricsOverride", {"width": WIDTH, "height": HEIGHT, "deviceScaleFactor": 1,
                                                            "mobile": False})
        for sentence, where in at.values():
            self.fail(f"{name}, {' and '.join(where)}: {sentence}")

        # The PDF: every page A4.
        pdf = base64.b64decode(cdp.call("Page.printToPDF", {
            "paperWidth": 8.27, "paperHeight": 11.69, "preferCSSPageSize": True, "printBackground": True},
            timeout=60)["data"])
        sizes = pdf_pages(pdf)
        wrong = [f"page {i + 1} is {w:.1f} x {h:.1f} pt" for i, (w, h) in enumerate(sizes)
                 if abs(w - A4_PT[0]) > 1 or abs(h - A4_PT[1]) > 1]
        if not sizes:
            self.fail(f"{name}: printed to PDF, it has no page")
        elif wrong:
            self.fail(f"{name}: printed to PDF, not every page is A4 (595 x 842 pt): {', '.join(wrong[:5])}")
        if not quiet:
            self.log(f"  {name}: {html.stat().st_size:,} bytes, {len(sizes)} PDF pages, screenshot {shot.name} "
                     f"({width}x{height}), {time.monotonic() - started:.1f} s")

    def readme_image(self, path: Path):
        """The top of the page at 1280 px, cropped to the report's column (the body) with a little margin."""
        box = self.b.cdp.evaluate("""(() => { const r = document.body.getBoundingClientRect();
            return {left: r.left, right: r.right, height: document.documentElement.scrollHeight}; })()""")
        left = max(0, int(box["left"]) - 24)
        right = min(WIDTH, int(box["right"] + 0.5) + 24)
        height = min(README_HEIGHT, int(box["height"]))
        shot = self.b.cdp.call("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True, "fromSurface": True,
            "clip": {"x": left, "y": 0, "width": right - left, "height": height, "scale": 1}}, timeout=60)
        self.b.cdp.evaluate("window.scrollTo(0, 0)")
        png = base64.b64decode(shot["data"])
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(png)
        self.log(f"  README image: {path} ({right - left}x{height}, {len(png) // 1024} KB)")


def self_test(browser: Chromium, work: Path, log) -> list[str]:
    """The check on SELF_TEST's pages: what it missed or said wrongly, as sentences (empty when it works)."""
    started = time.monotonic()
    missed = []
    for number, (name, body, expected) in enumerate(SELF_TEST):
        html = work / f"self-test-{number + 1}.html"
        html.write_text(f"<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>{name}</title>"
                        f"<style>{SELF_TEST_STYLE}</style></head><body>{body}</body></html>")
        check = Check(browser, log)
        check.page(f"self-test {name}", html, None, None, quiet=True)
        said = "\n".join(check.failures)
        if not expected and said:
            missed.append(f"the clean page was failed: {said}")
        for part in expected:
            if part not in said:
                missed.append(f"on the page with {name}, the check did not say {part!r}; it said: {said or 'nothing'}")
    log(f"the check's own test: {len(SELF_TEST)} small pages, {sum(len(e) for _, _, e in SELF_TEST)} expected "
        f"findings{' all found' if not missed else f', {len(missed)} missed'}, {time.monotonic() - started:.1f} s")
    return missed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--psr", default=str(ROOT / ".build/debug/psr"), help="the psr binary (default .build/debug/psr)")
    parser.add_argument("--chromium", default=shutil.which("chromium"), help="the chromium binary")
    parser.add_argument("--screenshots", help="the folder for the screenshots (default a new temporary folder)")
    parser.add_argument("--readme-image", type=Path, help="also write the top of the AME-ECA page here as a PNG "
                        "(docs/report-page.png)")
    parser.add_argument("--timeout", type=float, default=240, help="seconds for the whole test")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (the database, the HTML pages)")
    args = parser.parse_args()
    if not args.chromium or not Path(args.chromium).exists():
        print("skipped: chromium is not installed (apt-get install -y chromium)")
        return 0
    if not Path(args.psr).exists():
        print(f"report_pages.py: no psr binary at {args.psr}: build it (swift build) or give --psr", file=sys.stderr)
        return 1
    deadline = Deadline(args.timeout)
    work = Path(tempfile.mkdtemp(prefix="psr-visual-"))
    shots = Path(args.screenshots) if args.screenshots else Path(tempfile.mkdtemp(prefix="psr-report-pages-"))
    shots.mkdir(parents=True, exist_ok=True)
    readme = args.readme_image.resolve() if args.readme_image else None
    started = time.monotonic()

    def log(line):
        print(line, flush=True)

    browser = None

    def on_signal(number, _frame):
        if browser:
            browser.stop()
        raise SystemExit(128 + number)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    try:
        env = {**os.environ, "PSR_TODAY": TODAY, "NO_COLOR": "1"}
        for name in ("PSR_DB", "PSR_OFFICER"):
            env.pop(name, None)

        def psr(db: Path, *more) -> str:
            done = subprocess.run([args.psr, "--db", str(db), *more], capture_output=True, text=True, env=env,
                                  timeout=deadline.left(120))
            if done.returncode != 0:
                raise Failed(f"psr {' '.join(more)} failed ({done.returncode}): {done.stderr.strip()}")
            return done.stdout

        dbs = {"demo": work / "demo.sqlite", "long-word": work / "long-word.sqlite"}
        psr(dbs["demo"], "demo", "-q")
        source, copy = sqlite3.connect(dbs["demo"]), sqlite3.connect(dbs["long-word"])
        source.backup(copy)
        source.close(), copy.close()
        psr(dbs["long-word"], "--as", "lucia", "insight", "add", "--country", "KE", "--product", "tea", "--kind",
            "price", "--date", "2026-08-20", f"Auction prices at {LONG_WORD} fell again")
        log(f"demo database {dbs['demo']} (today {TODAY}); screenshots: {shots}")
        pages = []
        for number, (name, db, more) in enumerate(PAGES):
            html = work / f"page-{number + 1}.html"
            psr(dbs[db], *more, "--format", "html", "--output", str(html))
            pages.append((name, html))
        if readme is not None and README_PAGE not in {name for name, _ in pages}:
            raise Failed(f"no {README_PAGE} page for the README image")
        browser = Chromium(args.chromium, work, deadline, WIDTH, HEIGHT)
        log(f"{browser.cdp.call('Browser.getVersion')['product']}")
        browser.cdp.call("Network.setBlockedURLs", {"urls": ["http://*", "https://*", "ws://*", "wss://*", "ftp://*"]})
        missed = self_test(browser, work, log)
        if missed:
            print("FAILED: the check does not see what it must (its own test, on small broken pages):", file=sys.stderr)
            for sentence in missed:
                print(f"- {sentence}", file=sys.stderr)
            args.keep = True
            return 1
        check = Check(browser, log)
        for name, html in pages:
            check.page(name, html, shots, readme)
        browser.stop()
        browser = None
        elapsed = time.monotonic() - started
        if check.failures:
            print(f"FAILED: {len(check.failures)} check(s) of {len(pages)} report pages ({elapsed:.1f} s; "
                  f"screenshots in {shots}; the pages in {work}):", file=sys.stderr)
            for sentence in check.failures:
                print(f"- {sentence}", file=sys.stderr)
            args.keep = True
            return 1
        log(f"passed: {len(pages)} report pages fit A4 and 1280 px with no clipped text, in {elapsed:.1f} s; "
            f"screenshots in {shots}")
        return 0
    except Failed as failure:
        print(f"FAILED: {failure}", file=sys.stderr)
        if browser and browser.cdp.logs:
            print("the browser's log:\n" + "\n".join(browser.cdp.logs[-10:]), file=sys.stderr)
        print(f"work folder kept: {work}; screenshots so far: {shots}", file=sys.stderr)
        args.keep = True
        return 1
    finally:
        if browser:
            browser.stop()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
