#!/usr/bin/env python3
"""Benchmarks for psr: whole processes of a release build, each beside the closest thing a user would
run instead (the sqlite3 shell on the same file), measured in the same run. See Benchmarks/README.md."""
from __future__ import annotations

import argparse, concurrent.futures, csv, datetime, json, os, platform, random, shutil, statistics, subprocess, sys, tempfile, time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

ROOT = Path(__file__).resolve().parent.parent
# The figures of `--only startup`: whole-process start-up, one-record reads and the one write.
STARTUP = ("version", "case_show", "region_list", "case_open", "producer_show", "officer_show", "visit_show",
           "readiness_show", "audit_show", "nc_show", "insight_show")
TODAY = "2026-11-26"
SUB, TOP, WORD = "AME-ECA", "AME", "audit"
ENV = {k: v for k, v in os.environ.items() if k not in ("PSR_DB", "PSR_OFFICER", "PSR_TODAY")}
UUID = ("lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))),2)"
        " || '-a' || substr(lower(hex(randomblob(2))),2) || '-' || lower(hex(randomblob(6)))")
NOW = "strftime('%Y-%m-%dT%H:%M:%fZ','now')"
COUNTRIES = {"UG": "coffee", "KE": "tea", "ET": "coffee", "TZ": "coffee", "RW": "coffee", "GH": "cocoa",
             "CI": "cocoa", "PE": "coffee", "CO": "bananas", "IN": "cotton", "VN": "cashew", "EC": "bananas",
             "BO": "coffee", "MX": "honey", "LK": "tea", "ZA": "wine grapes", "DO": "cocoa", "ID": "coffee"}
EXTRAS = ["cocoa", "honey", "vanilla", "sugar", "rice", "spices", "fresh fruit", "coffee", "tea"]
STATUSES = ["certified"] * 6 + ["applicant"] * 2 + ["prospect"] * 2 + ["permitted", "suspended"]
PY_IMPORT = """import csv, sqlite3, sys, uuid, datetime
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("PRAGMA foreign_keys = ON"); db.execute("PRAGMA synchronous = FULL")
now = datetime.datetime.now(datetime.timezone.utc).isoformat()
with open(sys.argv[2], newline="") as f:
    rows = ((str(uuid.uuid4()), r["name"], r["country"], r["type"], r["flo_id"] or None,
             int(r["members"]) if r["members"] else None, r["status"] or "prospect", now, now)
            for r in csv.DictReader(f))
    db.execute("BEGIN")
    db.executemany("INSERT INTO producers (id, name, country, type, flo_id, members, status, created_at,"
                   " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    db.execute("COMMIT")
"""


class BenchError(Exception):
    pass


@dataclass
class Run:
    seconds: float
    max_rss_kib: int


@dataclass
class Side:
    """One command measured in a figure: psr, or a peer. `command(i)` gives argv and a stdin file for run i."""
    key: str
    what: str
    command: Callable[[int], tuple[list[str], Optional[Path]]]
    prepare: Optional[Callable[[], None]] = None
    runs: list[Run] = field(default_factory=list)

    def median_ms(self) -> float:
        return statistics.median(r.seconds for r in self.runs) * 1000


@dataclass
class Figure:
    key: str
    what: str
    psr: Side
    peers: list[Side]
    target: str          # as written in the issue
    limit: float         # the bound on `measure`
    measure: str         # "ms", "ratio" (psr/first peer), "MiB", "s" or "MB" (a file's size, `sizes`)
    rows: int = 0        # rows imported, for rows/s
    also: list[tuple[str, float]] = field(default_factory=list)  # further (measure, limit) the figure must meet
    sizes: list[int] = field(default_factory=list)  # bytes of psr's file, then of each peer's (measure "MB")

    def value(self, measure: Optional[str] = None) -> float:
        measure = measure or self.measure
        if measure == "ratio":
            return self.psr.median_ms() / self.peers[0].median_ms()
        if measure == "MiB":
            return max(r.max_rss_kib for r in self.psr.runs) / 1024
        if measure == "s":
            return self.psr.median_ms() / 1000
        if measure == "MB":
            return self.sizes[0] / 1e6
        return self.psr.median_ms()

    def met(self) -> bool:
        return all(self.value(m) <= limit if m == "ratio" else self.value(m) < limit
                   for m, limit in [(self.measure, self.limit), *self.also])


def progress(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def run_process(argv: list[str], stdin: Optional[Path] = None) -> Run:
    """Runs one whole process: wall time around spawn-to-reap, and its own peak RSS (from wait4)."""
    with open(stdin or os.devnull, "rb") as fin, tempfile.TemporaryFile() as ferr:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdin=fin, stdout=subprocess.DEVNULL, stderr=ferr, env=ENV)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        if code != 0:
            ferr.seek(0)
            raise BenchError(f"{' '.join(argv)} exited with {code}:\n{ferr.read().decode(errors='replace')}")
    return Run(elapsed, usage.ru_maxrss)


def measure(sides: list[Side], runs: int) -> None:
    """One warm-up round, then `runs` rounds; each round runs every side once, in turn (psr, peer, …)."""
    for i in range(runs + 1):
        for side in sides:
            if side.prepare:
                side.prepare()
            run = run_process(*side.command(i))
            if i > 0:
                side.runs.append(run)


def fixed(argv: list[str], stdin: Optional[Path] = None) -> Callable[[int], tuple[list[str], Optional[Path]]]:
    return lambda _i: (argv, stdin)


def sqlite_side(key: str, what: str, db: Path, sql: str, work: Path) -> Side:
    """The sqlite3 shell reading a script on standard input."""
    script = work / f"{key}.sql"
    script.write_text(sql)
    return Side(key, what, fixed(["sqlite3", str(db)], script))


def fresh_copy(template: Path, target: Path) -> Callable[[], None]:
    def prepare() -> None:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
            if Path(f"{template}{suffix}").exists():
                shutil.copyfile(f"{template}{suffix}", f"{target}{suffix}")
    return prepare


def write_csv(path: Path, rows: int) -> None:
    rng = random.Random(2026)
    names = ["Unity", "Hope", "Sunrise", "Highland", "Green Valley", "New Dawn", "Riverside", "Mountain", "Umoja"]
    kinds = ["Cooperative", "Growers", "Union", "Association", "Society", "Estate", "Farmers"]
    countries = list(COUNTRIES)
    with open(path, "w", newline="") as f:
        out = csv.writer(f)
        out.writerow(["name", "country", "type", "flo_id", "products", "members", "status"])
        for i in range(rows):
            country = rng.choice(countries)
            products = [COUNTRIES[country]] + rng.sample(EXTRAS, rng.choice((0, 0, 1, 2)))
            kind = rng.choice(("spo", "spo", "spo", "hlo", "cp"))
            members = "" if rng.random() < 0.05 else str(rng.randint(12, 8000))
            name = f"{rng.choice(names)} {products[0].title()} {rng.choice(kinds)} {i + 1}"
            out.writerow([name, country, kind, str(100000 + i), ",".join(dict.fromkeys(products)), members,
                          rng.choice(STATUSES)])


def psr_side(psr: str, key: str, args: list[str], db: Optional[Path] = None) -> Side:
    common = ["--db", str(db), "--today", TODAY] if db else []
    return Side(key, "psr " + " ".join(args), fixed([psr, *args, *common]))


def import_figures(cfg: argparse.Namespace, work: Path) -> list[Figure]:
    psr = cfg.psr
    template = work / "empty.sqlite"
    run_process([psr, "init", "--db", str(template), "--today", TODAY, "--quiet"])
    small, big = work / "producers-import.csv", work / "producers-memory.csv"
    progress(f"writing {cfg.import_rows:,} and {cfg.memory_rows:,} producer rows of CSV")
    write_csv(small, cfg.import_rows)
    write_csv(big, cfg.memory_rows)
    shell_sql = f"""PRAGMA foreign_keys = ON;
PRAGMA synchronous = FULL;
CREATE TEMP TABLE staging (name TEXT, country TEXT, type TEXT, flo_id TEXT, products TEXT, members TEXT, status TEXT);
.import --csv --skip 1 --schema temp {small} staging
BEGIN;
INSERT INTO producers (id, name, country, type, flo_id, members, status, created_at, updated_at)
SELECT {UUID}, name, country, type, nullif(flo_id, ''), CAST(nullif(members, '') AS INTEGER),
       coalesce(nullif(status, ''), 'prospect'), {NOW}, {NOW} FROM temp.staging;
COMMIT;
"""
    dbs = {k: work / f"import-{k}.sqlite" for k in ("psr", "shell", "python")}
    (work / "py_import.py").write_text(PY_IMPORT)
    psr_import = psr_side(psr, "psr", ["producer", "import", str(small), "--quiet"], dbs["psr"])
    psr_import.prepare = fresh_copy(template, dbs["psr"])
    shell = sqlite_side("sqlite3_import", "sqlite3 shell: .import into a staging table, INSERT … SELECT",
                        dbs["shell"], shell_sql, work)
    shell.prepare = fresh_copy(template, dbs["shell"])
    python = Side("python_executemany", "python3 sqlite3: executemany, one transaction",
                  fixed([sys.executable, str(work / "py_import.py"), str(dbs["python"]), str(small)]),
                  fresh_copy(template, dbs["python"]))
    progress(f"import of {cfg.import_rows:,} rows: psr, sqlite3 shell, python ({cfg.runs} runs + warm-up)")
    measure([psr_import, shell, python], cfg.runs)
    speed = Figure("producer_import", f"producer import, {cfg.import_rows:,} rows", psr_import, [shell, python],
                   "no slower than sqlite3 .import", 1.0, "ratio", cfg.import_rows)
    progress(f"import of {cfg.memory_rows:,} rows for peak memory (one run)")
    memory_side = psr_side(psr, "psr", ["producer", "import", str(big), "--quiet"], dbs["psr"])
    fresh_copy(template, dbs["psr"])()
    memory_side.runs.append(run_process(*memory_side.command(0)))
    memory = Figure("producer_import_memory", f"producer import peak RSS, {cfg.memory_rows:,} rows",
                    memory_side, [], "under 64 MiB", 64, "MiB", cfg.memory_rows)
    return [speed, memory]


def pick(db: Path, sql: str) -> tuple:
    import sqlite3
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        row = conn.execute(sql).fetchone()
    if row is None:
        raise BenchError(f"the demo database has nothing for: {sql}")
    return row


def record_ref(db: Path, table: str = "cases") -> tuple[str, str]:
    """A record from the middle of the table, and the shortest prefix (at least 8) that names only it: what an
    officer types after copying a reference from a list."""
    (record_id,) = pick(db, f"SELECT id FROM {table} WHERE rowid >= (SELECT max(rowid) / 2 FROM {table}) LIMIT 1")
    for n in range(8, 37):
        if pick(db, f"SELECT count(*) FROM {table} WHERE id GLOB '{record_id[:n]}*'")[0] == 1:
            return record_id, record_id[:n]
    return record_id, record_id


def record_show_specs(db: Path) -> list[tuple]:
    """The other one-record reads (`psr NOUN show REF`), each beside the sqlite3 shell reading what the command
    shows: the record and the rows listed under it. The issue: every one under 10 ms."""
    producer, _ = record_ref(db, "producers")
    producer_ref = pick(db, f"SELECT coalesce(flo_id, id) FROM producers WHERE id = '{producer}'")[0]
    (officer,) = pick(db, "SELECT handle FROM officers WHERE active = 1 ORDER BY handle LIMIT 1 OFFSET 3")
    visit, visit_ref = record_ref(db, "activities")
    audit, audit_ref = record_ref(db, "audits")
    nc, nc_ref = record_ref(db, "non_conformities")
    insight, insight_ref = record_ref(db, "insights")
    corrections = "SELECT * FROM corrections WHERE record_id = '{}' ORDER BY field, at;"
    history = f"SELECT * FROM producer_status_changes WHERE producer_id = '{producer}' ORDER BY on_date, at, seq;"
    producer_sql = (
        f"SELECT p.*, k.name FROM producers p JOIN countries k ON k.code = p.country WHERE p.id = '{producer}';\n"
        f"{history}\nSELECT id, opened_at, status, type, title FROM cases WHERE producer_id = '{producer}'"
        " AND status IN ('open', 'active', 'waiting') ORDER BY opened_at;\n"
        f"SELECT id, date, kind, summary FROM activities WHERE producer_id = '{producer}' AND voided_at IS NULL"
        " ORDER BY date DESC LIMIT 5;\n"
        f"SELECT * FROM non_conformities WHERE producer_id = '{producer}' AND status = 'open' ORDER BY deadline;\n"
        f"SELECT * FROM audits WHERE producer_id = '{producer}' ORDER BY date DESC LIMIT 1;")
    under = "under 10 ms"
    return [
        ("producer_show", "producer show", ["producer", "show", producer_ref],
         "sqlite3: the producer, its history, open cases, NCs, last visits and audit", producer_sql, under, 10, []),
        ("officer_show", "officer show", ["officer", "show", officer], "sqlite3: the officer and their countries",
         f"SELECT * FROM officers WHERE handle = '{officer}';\nSELECT c.code, c.name FROM officer_countries o"
         f" JOIN countries c ON c.code = o.country WHERE o.officer = '{officer}';", under, 10, []),
        ("visit_show", "visit show", ["visit", "show", visit_ref],
         "sqlite3: the visit, its topics, cases and corrections",
         f"SELECT a.*, p.name FROM activities a LEFT JOIN producers p ON p.id = a.producer_id WHERE a.id = '{visit}';"
         f"\nSELECT * FROM activity_topics WHERE activity_id = '{visit}';"
         f"\nSELECT * FROM activity_cases WHERE activity_id = '{visit}';\n" + corrections.format(visit),
         under, 10, []),
        ("readiness_show", "readiness show", ["readiness", "show", producer_ref],
         "sqlite3: the producer, its open NCs, last activity and audit",
         f"SELECT * FROM producers WHERE id = '{producer}';\n"
         f"SELECT * FROM non_conformities WHERE producer_id = '{producer}' AND status = 'open';\n"
         f"SELECT * FROM producer_last_activity WHERE producer_id = '{producer}';\n"
         f"SELECT * FROM audits WHERE producer_id = '{producer}' ORDER BY date DESC LIMIT 1;", under, 10, []),
        ("audit_show", "audit show", ["audit", "show", audit_ref], "sqlite3: the audit, its NCs and corrections",
         f"SELECT a.*, p.name FROM audits a JOIN producers p ON p.id = a.producer_id WHERE a.id = '{audit}';\n"
         f"SELECT * FROM non_conformities WHERE audit_id = '{audit}';\n" + corrections.format(audit),
         under, 10, []),
        ("nc_show", "nc show", ["nc", "show", nc_ref], "sqlite3: the NC, its producer and corrections",
         f"SELECT n.*, p.name FROM non_conformities n JOIN producers p ON p.id = n.producer_id WHERE n.id = '{nc}';"
         "\n" + corrections.format(nc), under, 10, []),
        ("insight_show", "insight show", ["insight", "show", insight_ref], "sqlite3: the insight and its corrections",
         f"SELECT * FROM insights WHERE id = '{insight}';\n" + corrections.format(insight), under, 10, []),
    ]


def query_figures(cfg: argparse.Namespace, work: Path, db: Path) -> list[Figure]:
    psr = cfg.psr
    case_id, ref = record_ref(db)
    producer_id, flo_id, country = pick(
        db, "SELECT id, flo_id, country FROM producers WHERE flo_id IS NOT NULL ORDER BY rowid LIMIT 1")
    (officer,) = pick(db, "SELECT handle FROM officers WHERE active = 1 ORDER BY handle LIMIT 1")
    pick(db, f"SELECT rowid FROM search_index WHERE search_index MATCH '{WORD}' LIMIT 1")  # there are hits
    in_sub = f"k.region = '{SUB}'"
    in_top = f"k.region IN (SELECT code FROM regions WHERE parent = '{TOP}')"
    open_case = f"""PRAGMA foreign_keys = ON;
PRAGMA synchronous = FULL;
BEGIN IMMEDIATE;
INSERT INTO cases (id, type, title, producer_id, country, officer, status, priority, opened_at, opened_by, updated_at)
VALUES ({UUID}, 'trade', 'Benchmark peer case', '{producer_id}', '{country}', '{officer}', 'open', 'normal',
        {NOW}, '{officer}', {NOW});
INSERT INTO case_events (id, case_id, seq, at, actor, kind, new_value, text)
SELECT {UUID}, id, 1, opened_at, opened_by, 'opened', 'open', title FROM cases WHERE rowid = last_insert_rowid();
INSERT INTO search_index (rowid, body)
SELECT d.id, d.body FROM search_docs d WHERE d.id IN (SELECT doc_id FROM search_changes);
DELETE FROM search_changes;
COMMIT;
"""
    by_region = "SELECT c.status, c.type, count(*) FROM cases c JOIN countries k ON k.code = c.country WHERE {} GROUP BY 1, 2;"
    # (key, what, psr's arguments, the peer, its SQL, the target, its limit, further (measure, limit) targets)
    specs: list[tuple[str, str, list[str], str, str, str, float, list[tuple[str, float]]]] = [
        ("version", "--version", ["--version"], "sqlite3 --version", "", "at most 2× sqlite3, under 10 ms", 2,
         [("ms", 10)]),
        ("case_show", "case show", ["case", "show", ref],
         "sqlite3: the case, its producer, its events",
         f"SELECT c.*, p.name FROM cases c LEFT JOIN producers p ON p.id = c.producer_id WHERE c.id = '{case_id}';"
         f"\nSELECT * FROM case_events WHERE case_id = '{case_id}' ORDER BY seq;", "at most 2× sqlite3, under 10 ms",
         2, [("ms", 10)]),
        ("region_list", "region list", ["region", "list"], "sqlite3: the same SELECT",
         "SELECT r.code, r.name, r.parent, (SELECT count(*) FROM countries c LEFT JOIN regions s"
         " ON s.code = c.region WHERE c.region = r.code OR s.parent = r.code) AS country_count"
         " FROM regions r ORDER BY coalesce(r.parent, r.code), r.parent IS NOT NULL, r.code;", "under 10 ms", 10, []),
        *record_show_specs(db),
        ("case_list", f"case list --region {SUB} --open --limit 50",
         ["case", "list", "--region", SUB, "--open", "--limit", "50"], "sqlite3: the same SELECT",
         "SELECT c.id, c.opened_at, c.status, c.priority, c.type, p.name, c.country, c.officer, c.due_date, c.title"
         " FROM cases c JOIN countries k ON k.code = c.country LEFT JOIN producers p ON p.id = c.producer_id"
         f" WHERE {in_sub} AND c.status IN ('open', 'active', 'waiting') ORDER BY c.opened_at LIMIT 50;",
         "under 100 ms", 100, []),
        ("search", f"search {WORD} --limit 20", ["search", WORD, "--limit", "20"], "sqlite3: FTS5 MATCH, bm25",
         "SELECT d.kind, d.ref_id, d.date, snippet(search_index, 0, '[', ']', '…', 16), bm25(search_index)"
         " FROM search_index JOIN search_docs d ON d.id = search_index.rowid"
         f" WHERE search_index MATCH '{WORD}' ORDER BY bm25(search_index) LIMIT 20;", "under 100 ms", 100, []),
        ("report_region_sub", f"report region {SUB} --format json",
         ["report", "region", SUB, "--format", "json"], "sqlite3: GROUP BY status, type",
         by_region.format(in_sub), "under 0.5 s", 500, []),
        ("report_region_top", f"report region {TOP} --format json",
         ["report", "region", TOP, "--format", "json"], "sqlite3: GROUP BY status, type",
         by_region.format(in_top), "under 1.5 s", 1500, []),
        ("report_regions", "report regions --format json", ["report", "regions", "--format", "json"],
         "sqlite3: GROUP BY region, status",
         "SELECT k.region, c.status, count(*) FROM cases c JOIN countries k ON k.code = c.country GROUP BY 1, 2;",
         "under 3 s", 3000, []),
        ("readiness_list", f"readiness list --region {TOP}", ["readiness", "list", "--region", TOP],
         "sqlite3: producers by status", "SELECT p.status, count(*) FROM producers p JOIN countries k"
         f" ON k.code = p.country WHERE {in_top} GROUP BY 1;", "under 200 ms", 200, []),
        ("case_open", "case open", [], "sqlite3: INSERT case + event, index it, synchronous FULL",
         open_case, "at most 2× sqlite3, under 30 ms", 2, [("ms", 30)]),
    ]
    if cfg.only == "startup":
        specs = [spec for spec in specs if spec[0] in STARTUP]
    figures = []
    for key, what, args, peer_what, sql, target, limit, also in specs:
        progress(f"{what}: psr and peer, interleaved ({cfg.runs} runs + warm-up)")
        if key == "version":
            mine = Side("psr", "psr --version", fixed([psr, "--version"]))
            peer = Side("sqlite3_version", peer_what, fixed(["sqlite3", "--version"]))
        else:
            mine = psr_side(psr, "psr", args, db)
            peer = sqlite_side(key, peer_what, db, sql, work)
        if key == "case_open":
            mine.what = f"psr case open --type trade --title 'Benchmark case N' --producer {flo_id} --as {officer}"
            mine.command = lambda i: ([psr, "case", "open", "--db", str(db), "--today", TODAY, "--type", "trade",
                                       "--title", f"Benchmark case {i}", "--producer", flo_id,
                                       "--as", officer, "--quiet"], None)
        measure([mine, peer], cfg.runs)
        figures.append(Figure(key, what, mine, [peer], target, limit, "ratio" if also else "ms", also=also))
    return figures


def size_figure(cfg: argparse.Namespace) -> Figure:
    """The binary's size on disk, beside the sqlite3 shell's, alone and with the libsqlite3 it loads (which psr
    loads too). The issue: under 25 MB."""
    shell = os.path.realpath(shutil.which("sqlite3") or "sqlite3")
    loaded = subprocess.run(["ldd", shell], capture_output=True, text=True).stdout
    library = next((line.split("=>")[1].split("(")[0].strip() for line in loaded.splitlines()
                    if "libsqlite3" in line and "=>" in line), None)
    sizes = [os.path.getsize(cfg.psr), os.path.getsize(shell)]
    peers = [Side("sqlite3_binary", f"sqlite3 shell ({shell})", fixed([]))]
    if library:
        sizes.append(sizes[1] + os.path.getsize(os.path.realpath(library)))
        peers.append(Side("sqlite3_with_library", f"sqlite3 shell and {os.path.realpath(library)}", fixed([])))
    return Figure("binary_size", "release binary size", Side("psr", cfg.psr, fixed([])), peers,
                  "under 25 MB", 25, "MB", sizes=sizes)


def sync_figures(cfg: argparse.Namespace, work: Path, db: Path) -> list[Figure]:
    """The unit's hub holding the demo database: a new officer's clone of it (one run: it copies the whole
    file), then a day's work of that officer (50 writes: 25 cases opened, 25 notes, made before each run and
    not timed) sent with `psr sync`. The issue's targets: the clone under 60 s, the sync under 1 s."""
    psr = cfg.psr
    hub, officer = work / "hub.sqlite", work / "officer.sqlite"
    progress("sync: the hub (a copy of the demo database)")
    fresh_copy(db, hub)()
    run_process([psr, "hub", "init", "--db", str(hub), "--today", TODAY, "--quiet"])
    (handle,) = pick(db, "SELECT handle FROM officers WHERE active = 1 ORDER BY handle LIMIT 1")
    (flo,) = pick(db, "SELECT p.flo_id FROM producers p JOIN officer_countries c ON c.country = p.country "
                      f"WHERE c.officer = '{handle}' AND p.flo_id IS NOT NULL LIMIT 1")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{officer}{suffix}").unlink(missing_ok=True)
    progress("sync: a new officer's clone of the hub (timed once)")
    clone = Side("psr", "psr sync clone HUB", fixed(
        [psr, "sync", "clone", str(hub), "--db", str(officer), "--as", handle, "--today", TODAY, "--quiet"]))
    clone.runs.append(run_process(*clone.command(0)))

    def day_of_work() -> None:
        common = ["--db", str(officer), "--as", handle, "--today", TODAY, "--quiet"]
        for n in range(25):
            opened = subprocess.run([psr, "case", "open", "--type", "trade", "--title", f"Buyer visit {n}",
                                     "--producer", str(flo), *common], capture_output=True, text=True, env=ENV)
            if opened.returncode != 0:
                raise BenchError(f"case open failed: {opened.stderr}")
            run_process([psr, "case", "note", opened.stdout.strip(), f"Met the buyer, visit {n}", *common])

    progress("sync: a day's work (50 writes) synced to the hub")
    day = Side("psr", "psr sync (50 pending writes)", fixed(
        [psr, "sync", "--db", str(officer), "--as", handle, "--today", TODAY, "--quiet"]), prepare=day_of_work)
    measure([day], cfg.runs)

    # Weeks offline: the officer's laptop queues cfg.bundle_changes writes (case notes, made through the
    # binary two at a time, not timed), exported as one bundle; each run imports it into a fresh copy of
    # the hub (copied outside the timing), where none of its changes is known yet.
    count = cfg.bundle_changes
    progress(f"sync: {count:,} writes queued on the officer's laptop for one bundle (not timed)")
    common = ["--db", str(officer), "--as", handle, "--today", TODAY, "--quiet"]
    cases = []
    for n in range(20):
        opened = subprocess.run([psr, "case", "open", "--type", "trade", "--title", f"Season {n}", "--producer",
                                 str(flo), *common], capture_output=True, text=True, env=ENV)
        if opened.returncode != 0:
            raise BenchError(f"case open failed: {opened.stderr}")
        cases.append(opened.stdout.strip())
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        list(pool.map(lambda n: run_process([psr, "case", "note", cases[n % len(cases)], f"Field note {n}", *common]),
                      range(count - len(cases))))
    bundle = work / "officer.psrbundle"
    bundle.unlink(missing_ok=True)
    run_process([psr, "sync", "export", str(bundle), *common])
    (queued,) = pick(officer, "SELECT count(*) FROM sync_outbox")
    if queued != count:
        raise BenchError(f"the officer's laptop queued {queued} changes, not {count}")
    target = work / "hub-import.sqlite"
    progress(f"sync: the hub importing one bundle of {count:,} changes")
    carried = Side("psr", f"psr hub import (one bundle, {count:,} changes)", fixed(
        [psr, "hub", "import", str(bundle), "--db", str(target), "--today", TODAY, "--quiet"]),
        prepare=fresh_copy(hub, target))
    measure([carried], cfg.runs)
    (logged,) = pick(target, "SELECT count(*) FROM sync_log")
    (before,) = pick(hub, "SELECT count(*) FROM sync_log")
    if logged - before != count:
        raise BenchError(f"the hub logged {logged - before} of the bundle's {count} changes")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    return [
        Figure("sync_clone", f"sync clone of a {cfg.cases:,}-case hub (1 run)", clone, [], "under 60 s", 60, "s"),
        Figure("sync_day", f"sync, a day's work (50 writes) to a {cfg.cases:,}-case hub", day, [], "under 1 s",
               1000, "ms"),
        Figure("sync_bundle", f"hub import of one bundle, {count:,} changes, to a {cfg.cases:,}-case hub", carried,
               [], "under 10 s", 10, "s"),
    ]


def machine(psr: str) -> dict[str, str]:
    def first(path: str, prefix: str, separator: str = ":") -> str:
        try:
            return next((l.split(separator, 1)[1].strip().strip('"')
                         for l in open(path) if l.startswith(prefix)), "?")
        except OSError:
            return "?"
    output = lambda argv: subprocess.run(argv, capture_output=True, text=True, env=ENV).stdout.strip()
    mem = first("/proc/meminfo", "MemTotal")
    return {"cpu": first("/proc/cpuinfo", "model name"), "cores": str(os.cpu_count()),
            "ram": f"{int(mem.split()[0]) / 1048576:.1f} GiB" if mem != "?" else "?",
            "os": first("/etc/os-release", "PRETTY_NAME=", "=") if Path("/etc/os-release").exists() else platform.platform(),
            "sqlite3": output(["sqlite3", "--version"]).split(" ")[0], "psr": output([psr, "--version"]),
            "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")}


def fmt(value: float, unit: str) -> str:
    return f"{value:.2f}" if unit == "ratio" else f"{value:,.1f} {unit}"


def table(figures: list[Figure]) -> list[str]:
    lines = ["| what | psr median | min–max | peer | peer median | ratio (psr/peer) | target | met? |",
             "|---|---:|---:|---|---:|---:|---|---|"]
    for f in figures:
        if f.measure == "MB":
            met = "yes" if f.met() else "**NO**"
            for n, peer in enumerate(f.peers):
                target, ok = (f.target, met) if n == 0 else ("(for comparison)", "")
                lines.append(f"| {f.what} | {f.sizes[0] / 1e6:,.1f} MB | — | {peer.what} | {f.sizes[n + 1] / 1e6:,.1f} MB"
                             f" | {f.sizes[0] / f.sizes[n + 1]:.1f} | {target} | {ok} |")
            continue
        unit = "MiB" if f.measure == "MiB" else "s" if f.measure == "s" else "ms"
        scale = {"MiB": 1 / 1024, "s": 1.0}.get(unit, 1000.0)
        values = [r.max_rss_kib * scale for r in f.psr.runs] if unit == "MiB" else [r.seconds * scale for r in f.psr.runs]
        mine = fmt(statistics.median(values), unit)
        spread = f"{min(values):,.1f}–{max(values):,.1f}"
        met = "yes" if f.met() else "**NO**"
        for n, peer in enumerate(f.peers or [None]):
            peer_cells = ["—", "—", "—"] if peer is None else [
                peer.what, fmt(peer.median_ms(), "ms"), f"{f.psr.median_ms() / peer.median_ms():.2f}"]
            target, ok = (f.target, met) if n == 0 else ("(for comparison)", "")
            lines.append(f"| {f.what} | {mine} | {spread} | {' | '.join(peer_cells)} | {target} | {ok} |")
        if f.rows and f.measure == "ratio":
            rates = [f"{s.key} {f.rows / (s.median_ms() / 1000):,.0f}" for s in (f.psr, *f.peers)]
            lines.append(f"| ↳ rows/s | {', '.join(rates)} | | | | | | |")
    return lines


def side_json(side: Side, rows: int, size: Optional[int] = None) -> dict:
    if size is not None:
        return {"key": side.key, "what": side.what, "bytes": size}
    data = {"key": side.key, "what": side.what, "runs_ms": [round(r.seconds * 1000, 3) for r in side.runs],
            "median_ms": round(side.median_ms(), 3), "min_ms": round(min(r.seconds for r in side.runs) * 1000, 3),
            "max_ms": round(max(r.seconds for r in side.runs) * 1000, 3),
            "max_rss_kib": [r.max_rss_kib for r in side.runs]}
    if rows:
        data["rows_per_second"] = round(rows / (side.median_ms() / 1000))
    return data


def report(cfg: argparse.Namespace, figures: list[Figure], info: dict[str, str]) -> bool:
    print(f"psr benchmarks: {cfg.cases:,} cases, {cfg.producers:,} producers, import {cfg.import_rows:,} rows,"
          f" memory {cfg.memory_rows:,} rows{' (--quick: targets are for the full sizes)' if cfg.quick else ''}")
    how = (f"whole processes, wall clock from spawn to exit; 1 warm-up run then {cfg.runs} measured runs, median"
           " shown; psr and its peers run interleaved (psr, peer, psr, peer, …) so noise hits both; each import"
           " run starts from a fresh copy of an empty database (copied outside the timing); peak memory is the"
           " process's own max RSS (wait4); the demo database is the setup, timed once")
    print(f"How: {how}.\n")
    print("\n".join(table(figures)))
    print("\nMachine: " + "; ".join(f"{k} {v}" for k, v in info.items()))
    all_met = all(f.met() for f in figures)
    results = {"machine": info, "how": how, "all_met": all_met, "quick": cfg.quick,
               "settings": {k: getattr(cfg, k) for k in ("cases", "producers", "import_rows", "memory_rows", "runs")},
               "figures": [{"key": f.key, "what": f.what, "target": f.target,
                            "limit": {"value": f.limit, "of": f.measure}, "value": round(f.value(), 3),
                            **({"also": [{"limit": {"value": limit, "of": m}, "value": round(f.value(m), 3)}
                                         for m, limit in f.also]} if f.also else {}),
                            "met": f.met(), "psr": side_json(f.psr, f.rows, f.sizes[0] if f.sizes else None),
                            "peers": [side_json(p, f.rows, f.sizes[n + 1] if f.sizes else None)
                                      for n, p in enumerate(f.peers)]} for f in figures]}
    if cfg.only:
        progress(f"--only {cfg.only}: {cfg.json} left as it was")
        return all_met
    Path(cfg.json).parent.mkdir(parents=True, exist_ok=True)
    Path(cfg.json).write_text(json.dumps(results, indent=2) + "\n")
    progress(f"wrote {cfg.json}")
    return all_met


def options() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--psr", default=str(ROOT / ".build-release/release/psr"), help="the psr binary")
    p.add_argument("--cases", type=int, default=1_000_000)
    p.add_argument("--producers", type=int, default=20_000)
    p.add_argument("--import-rows", type=int, default=100_000)
    p.add_argument("--memory-rows", type=int, default=1_000_000)
    p.add_argument("--bundle-changes", type=int, default=10_000, help="changes in the bundle the hub imports")
    p.add_argument("--runs", type=int, default=5, help="measured runs per figure, after one warm-up")
    p.add_argument("--only", choices=["startup", "queries", "sync", "import"],
                   help="only these figures (after the demo database); the results are then not written."
                        " startup: --version, every show command, region list, case open and the binary's size")
    p.add_argument("--demo-db", help="the demo database to use: made there by the first run with these sizes and"
                   " kept, used as it is by later runs (the setup is then not timed; case open adds its cases)")
    p.add_argument("--work", help="folder for the databases and files (default: a temporary one, removed after)")
    p.add_argument("--json", default=str(ROOT / "Benchmarks/results.json"), help="where to write the figures")
    p.add_argument("--quick", action="store_true", help="tiny sizes, a smoke test: only failures fail")
    cfg = p.parse_args()
    if cfg.quick:
        cfg.cases, cfg.producers, cfg.import_rows, cfg.memory_rows, cfg.runs = 300, 60, 300, 1000, 1
        cfg.bundle_changes = 60
    return cfg


def main() -> int:
    cfg = options()
    if not os.access(cfg.psr, os.X_OK) or not shutil.which("sqlite3"):
        print(f"benchmark not run: it needs the sqlite3 shell on PATH and psr at {cfg.psr} (build it with:"
              " swift build -c release --static-swift-stdlib --scratch-path .build-release)", file=sys.stderr)
        return 2
    work = Path(cfg.work or tempfile.mkdtemp(prefix="psr-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        db = Path(cfg.demo_db).resolve() if cfg.demo_db else work / "cases.sqlite"
        figures = []
        if cfg.demo_db and db.exists():
            progress(f"using the demo database {db} as it is (no setup figure)")
        else:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)
            progress(f"psr demo: {cfg.cases:,} cases, {cfg.producers:,} producers (the setup, timed once)")
            demo = Side("psr", f"psr demo --cases {cfg.cases} --producers {cfg.producers}", fixed(
                [cfg.psr, "demo", "--db", str(db), "--cases", str(cfg.cases), "--producers", str(cfg.producers),
                 "--seed", "2026", "--today", TODAY, "--quiet"]))
            demo.runs.append(run_process(*demo.command(0)))
            figures.append(Figure("demo", f"demo, {cfg.cases:,} cases (setup, 1 run)", demo, [], "under 90 s", 90, "s"))
        if cfg.only in (None, "startup"):
            figures.append(size_figure(cfg))
        if cfg.only in (None, "queries", "startup"):
            figures += query_figures(cfg, work, db)
        if cfg.only in (None, "sync"):
            figures += sync_figures(cfg, work, db)
        if cfg.only in (None, "import"):
            figures += import_figures(cfg, work)
        all_met = report(cfg, figures, machine(cfg.psr))
    except BenchError as error:
        print(f"benchmark aborted: {error}", file=sys.stderr)
        return 2
    finally:
        if not cfg.work:
            shutil.rmtree(work, ignore_errors=True)
    return 0 if all_met or cfg.quick else 1


if __name__ == "__main__":
    sys.exit(main())
