#!/usr/bin/env python3
"""Load test of the hub server: many officers' laptops writing and syncing against one `psr hub serve`.

The hub is a demo database (`psr demo`: 1,500 producers, 4,500 cases, 40 officers) made a hub; officers are
added to reach --officers, each covering a few countries, each with a token. Every officer's laptop is cloned
from the served hub over HTTP on 127.0.0.1 (a bounded pool, timed). Then, for --seconds, every officer runs a
loop of whole psr processes: random writes (case open, note, update, close; visit log), spread over an interval
of about --sync-every seconds (with jitter), then `psr sync`, timed as a whole process. Afterwards every
officer syncs twice more (so that everyone has everyone's changes) and the run checks that every sync
succeeded (after the client's own retries) and left nothing queued, that every write a command reported done
is on the hub, that the hub's log gained exactly the changes the writes queued, that every laptop's synced
tables equal the hub's, and that `psr check` passes on the hub and on every laptop. It prints syncs per second, sync latency percentiles, the
hub's peak memory (VmHWM of the psr-hub process) and CPU time, and the 503s in the hub's request log.

Loopback only, bounded in time: setup and checks take a few minutes at 70 officers besides --seconds.
Exit status: 0 when every check passes, 1 when any fails, 2 when the run could not be set up.
See Benchmarks/README.md.
"""
from __future__ import annotations

import argparse, collections, concurrent.futures, json, os, platform, random, re, resource, shutil, sqlite3
import statistics, subprocess, sys, tempfile, threading, time
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parent.parent
TODAY = "2026-11-26"
# The tables a sync carries (as Tests/sync/convergence.py compares them).
SYNCED = ["regions", "countries", "officers", "officer_countries", "producers", "producer_merges", "producer_products",
          "producer_status_changes", "cases", "case_tags", "case_events", "activities", "activity_topics",
          "activity_cases", "insights", "audits", "non_conformities", "case_non_conformities"]
TOKEN = re.compile(r"hl\d{3}n\d{6}z")
SYNCED_LINE = re.compile(r"synced: (\d+) change\(s\) sent, (\d+) received")
LOG_LINE = re.compile(r"^(\S+) (\S+) ([A-Z]+) (\S+) (\d{3}) ([0-9.]+)ms$")


class SetupError(Exception):
    pass


def progress(message: str) -> None:
    print(f"[hub_load {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def percentile(values: list[float], p: float) -> float:
    """Nearest rank: the smallest value with at least p% of the values at or below it."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * p // 100))  # ceil
    return ordered[int(rank) - 1]


class Proc:
    """Whole psr processes with a clean environment of the run's own (no credentials file, no PSR_* leaking in)."""

    def __init__(self, psr: str, work: Path):
        self.psr = psr
        home = work / "home"
        home.mkdir(exist_ok=True)
        base = {k: v for k, v in os.environ.items()
                if not k.startswith("PSR_") and k not in ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME")}
        self.env = {**base, "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"),
                    "XDG_DATA_HOME": str(home / ".local/share"), "PSR_CREDENTIALS": str(home / "credentials"),
                    "NO_COLOR": "1"}

    def run(self, db: Path, args: list[str], officer: Optional[str] = None, token: Optional[str] = None,
            quiet: bool = True, timeout: float = 300) -> tuple[int, str, str, float]:
        argv = [self.psr, "--db", str(db), "--today", TODAY] + (["--as", officer] if officer else []) \
            + (["-q"] if quiet else []) + args
        env = {**self.env, "PSR_HUB_TOKEN": token} if token else self.env
        started = time.perf_counter()
        try:
            done = subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True, text=True, env=env,
                                  timeout=timeout)
        except subprocess.TimeoutExpired as timed_out:
            return -1, "", f"timed out after {timeout:.0f} s: {timed_out.stderr or ''}", time.perf_counter() - started
        return done.returncode, done.stdout, done.stderr, time.perf_counter() - started

    def ok(self, db: Path, args: list[str], officer: Optional[str] = None, token: Optional[str] = None) -> str:
        code, out, err, _ = self.run(db, args, officer, token)
        if code != 0:
            raise SetupError(f"psr {' '.join(args)} on {db.name} exited with {code}: {err.strip()}")
        return out


def read(db: Path, sql: str, params: tuple = ()) -> list[tuple]:
    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
    try:
        return connection.execute(sql, params).fetchall()
    finally:
        connection.close()


# MARK: - The hub and its server


class Hub:
    """`psr hub serve` on 127.0.0.1, a port the system picks; its request log collected from stderr; its memory
    and CPU time sampled from /proc (psr hub serve execs psr-hub, so the PID is the server's)."""

    def __init__(self, proc: Proc, db: Path, log_path: Path):
        self.log_path = log_path
        self.lines: list[str] = []
        self.lock = threading.Lock()
        self.process = subprocess.Popen(
            [proc.psr, "--db", str(db), "hub", "serve", "--listen", "127.0.0.1:0", "--stop-with-stdin"],
            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=proc.env)
        self.address: Optional[str] = None
        self.ready = threading.Event()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        if not self.ready.wait(30) or self.address is None:
            self.stop()
            raise SetupError(f"the hub server did not start: {''.join(self.lines)}")
        self.rss_samples: list[tuple[float, int]] = []
        self.sampling = threading.Event()
        self.sampler: Optional[threading.Thread] = None

    def _read(self) -> None:
        with open(self.log_path, "w") as out:
            for line in self.process.stderr:
                out.write(line)
                with self.lock:
                    self.lines.append(line)
                if self.address is None:
                    found = re.search(r" at (https?://\S+)", line)
                    if found:
                        self.address = found.group(1)
                        self.ready.set()
        self.ready.set()

    def status(self) -> dict[str, int]:
        """VmRSS, VmHWM, … in KiB; empty where /proc is not there (not Linux) or the server is gone."""
        try:
            with open(f"/proc/{self.process.pid}/status") as f:
                return {k: int(v.split()[0]) for k, v in (l.split(":", 1) for l in f) if v.strip().endswith("kB")}
        except OSError:
            return {}

    def cpu_seconds(self) -> Optional[float]:
        try:
            with open(f"/proc/{self.process.pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, ValueError, IndexError):
            return None

    def threads(self) -> Optional[int]:
        try:
            return len(os.listdir(f"/proc/{self.process.pid}/task"))
        except OSError:
            return None

    def reset_peak(self) -> bool:
        """Resets VmHWM to the current RSS (Linux: 5 written to /proc/PID/clear_refs), so that the peak read
        later is the peak since now; False where that cannot be done."""
        try:
            with open(f"/proc/{self.process.pid}/clear_refs", "w") as f:
                f.write("5")
            return True
        except OSError:
            return False

    def executable(self) -> str:
        try:
            return os.readlink(f"/proc/{self.process.pid}/exe")
        except OSError:
            return "?"

    def start_sampling(self, every: float = 0.5) -> None:
        def sample() -> None:
            while not self.sampling.wait(every):
                rss = self.status().get("VmRSS")
                if rss is not None:
                    self.rss_samples.append((time.monotonic(), rss))
        self.sampler = threading.Thread(target=sample, daemon=True)
        self.sampler.start()

    def log(self) -> list[str]:
        with self.lock:
            return list(self.lines)

    def stop(self) -> Optional[int]:
        self.sampling.set()
        if self.process.poll() is None:
            try:
                self.process.stdin.close()  # --stop-with-stdin
            except OSError:
                pass
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.terminate()
                try:
                    self.process.wait(15)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait()
        self.reader.join(5)
        return self.process.returncode


# MARK: - An officer's day


class Officer:
    def __init__(self, index: int, handle: str, token: str, laptop: Path, seed: int):
        self.index, self.handle, self.token, self.laptop = index, handle, token, laptop
        self.random = random.Random(seed * 1000 + index)
        self.producers: list[str] = []     # ids of producers in the countries the officer covers
        self.cases: list[str] = []         # ids of cases in those countries (any officer's): notes go there too
        self.mine_open: list[str] = []     # ids of this officer's open cases, which it updates and closes
        self.count = 0
        self.syncs: list[tuple[float, float]] = []  # (start on the monotonic clock, seconds)
        self.sent = self.received = 0
        self.failures: list[str] = []      # syncs that exited non-zero, with what they said
        self.write_failures: list[str] = []
        self.writes: collections.Counter = collections.Counter()
        self.tokens: list[str] = []        # texts written by writes that reported done
        self.opened: list[str] = []        # short ids printed by case opens that reported done
        self.write_seconds: list[float] = []
        self.queued = 0                    # changes the writes queued (the laptop's outbox, before and after)
        self.left_queued: list[str] = []   # syncs that exited 0 with changes still queued

    def learn(self) -> None:
        covered = [c for (c,) in read(self.laptop, "SELECT country FROM officer_countries WHERE officer = ?",
                                      (self.handle,))]
        marks = ",".join("?" * len(covered))
        self.producers = [p for (p,) in read(
            self.laptop, f"SELECT id FROM producers WHERE country IN ({marks}) AND merged_into IS NULL ORDER BY id",
            tuple(covered))]
        self.cases = [c for (c,) in read(
            self.laptop, f"SELECT id FROM cases WHERE country IN ({marks}) ORDER BY id", tuple(covered))]
        self.mine_open = [c for (c,) in read(
            self.laptop, "SELECT id FROM cases WHERE officer = ? AND status IN ('open', 'active', 'waiting')"
                         " AND producer_id IS NOT NULL ORDER BY id", (self.handle,))]
        if not self.producers:
            raise SetupError(f"{self.handle} covers no country with producers ({covered})")

    def write(self, proc: Proc) -> None:
        r = self.random
        self.count += 1
        token = f"hl{self.index:03d}n{self.count:06d}z"
        draw = r.random()
        mine = bool(self.mine_open)
        if draw < 0.25 or (draw >= 0.80 and not mine):
            kind = "open"
            args = ["case", "open", "--type", r.choice(["trade", "business", "certification"]), "--title",
                    f"Load case {token}", "--producer", r.choice(self.producers), "--priority",
                    r.choice(["low", "normal", "high"])]
        elif draw < 0.60:
            kind = "note"
            pool = self.mine_open if mine and r.random() < 0.5 else self.cases or self.mine_open
            args = ["case", "note", r.choice(pool), f"Note {token}: called the manager about the audit"]
        elif draw < 0.80:
            kind = "visit"
            args = ["visit", "log", "--kind", r.choice(["field-visit", "remote", "training"]), "--date", TODAY,
                    "--producer", r.choice(self.producers), "--hours", str(r.randint(1, 8)), "--women",
                    str(r.randint(0, 20)), "--men", str(r.randint(0, 20)), "--summary", f"Visit {token}"]
            if mine and r.random() < 0.3:
                args += ["--case", r.choice(self.mine_open)]
        elif draw < 0.90:
            kind = "update"
            ref = r.choice(self.mine_open)
            args = ["case", "update", ref] + (["--status", r.choice(["active", "waiting"])] if r.random() < 0.5
                                              else ["--priority", r.choice(["low", "normal", "high", "urgent"])])
        else:
            kind = "close"
            ref = self.mine_open.pop(r.randrange(len(self.mine_open)))
            args = ["case", "close", ref, "--resolution", f"Resolved {token}"]
        before = self.outbox()
        code, out, err, seconds = proc.run(self.laptop, args, self.handle)
        self.write_seconds.append(seconds)
        self.queued += self.outbox() - before
        if code != 0:
            self.write_failures.append(f"{self.handle}: psr {' '.join(args)}: exit {code}: {err.strip()}")
            return
        self.writes[kind] += 1
        if kind in ("note", "visit", "close"):
            self.tokens.append(token)
        elif kind == "open":
            short = out.strip()
            self.opened.append(short)
            self.tokens.append(token)
            found = read(self.laptop, "SELECT id FROM cases WHERE substr(id, 1, 8) = ?", (short,))
            if len(found) != 1:
                self.write_failures.append(f"{self.handle}: case open printed {short!r}, found {found}")
                return
            self.mine_open.append(found[0][0])
            self.cases.append(found[0][0])

    def outbox(self) -> int:
        return read(self.laptop, "SELECT count(*) FROM sync_outbox")[0][0]

    def sync(self, proc: Proc) -> Optional[float]:
        started = time.monotonic()
        code, out, err, seconds = proc.run(self.laptop, ["sync"], self.handle, self.token, quiet=False)
        if code != 0:
            self.failures.append(f"{self.handle}: psr sync exit {code} after {seconds:.1f} s: {err.strip()}")
            return None
        said = SYNCED_LINE.search(err + out)
        if said:
            self.sent += int(said.group(1))
            self.received += int(said.group(2))
        self.syncs.append((started, seconds))
        # Nothing else writes this laptop meanwhile: a sync that succeeded has sent everything queued.
        left = self.outbox()
        if left:
            self.left_queued.append(f"{self.handle}: psr sync exited 0 after {seconds:.1f} s with {left} change(s)"
                                    f" still queued; it said: {(err + out).strip()}")
        return seconds

    def day(self, proc: Proc, start: float, deadline: float, every: float, writes: int) -> None:
        """Until the deadline: about `writes` writes (0 to 2x) spread over an interval of about `every` seconds
        (0.5x to 1.5x), then a sync; the next interval starts when the sync ends. The first interval is
        shorter, at random, so that officers do not sync in step. No write or sync starts after the deadline."""
        r = self.random
        interval_start = start
        sync_at = start + every * r.uniform(0.1, 1.0)
        while sync_at <= deadline:
            for at in sorted(r.uniform(interval_start, sync_at) for _ in range(r.randint(0, 2 * writes))):
                pause = at - time.monotonic()
                if pause > 0:
                    time.sleep(pause)
                self.write(proc)
            pause = sync_at - time.monotonic()
            if pause > 0:
                time.sleep(pause)
            self.sync(proc)
            interval_start = max(time.monotonic(), sync_at)
            sync_at = interval_start + every * r.uniform(0.5, 1.5)


# MARK: - Setup


def setup(cfg: argparse.Namespace, proc: Proc, work: Path) -> tuple[Path, list[tuple[str, str]], dict[str, float]]:
    timings: dict[str, float] = {}
    hub = work / "hub.sqlite"
    started = time.perf_counter()
    proc.ok(hub, ["demo", "--seed", str(cfg.seed)])
    timings["demo"] = time.perf_counter() - started
    existing = [h for (h,) in read(hub, "SELECT handle FROM officers WHERE active = 1 ORDER BY rowid")]
    handles = existing[:cfg.officers]
    # More officers than the demo has: each based in a country with producers and covering two or three.
    countries = [c for (c,) in read(hub, "SELECT DISTINCT country FROM producers ORDER BY country")]
    r = random.Random(cfg.seed)
    started = time.perf_counter()
    for n in range(len(handles), cfg.officers):
        handle = f"load{n + 1:03d}"
        covers = r.sample(countries, 3 if r.random() < 0.5 else 2)
        proc.ok(hub, ["officer", "add", handle, "--name", f"Load Officer {n + 1}", "--email",
                      f"{handle}@example.org", "--base", covers[0], "--covers", ",".join(covers)])
        handles.append(handle)
    timings["officers"] = time.perf_counter() - started
    timings["added"] = cfg.officers - len(existing[:cfg.officers])
    started = time.perf_counter()
    proc.ok(hub, ["hub", "init"])
    timings["hub_init"] = time.perf_counter() - started
    started = time.perf_counter()
    officers = []
    for handle in handles:
        token = proc.ok(hub, ["hub", "token", "issue", handle]).strip()
        if not token.startswith("psr_"):
            raise SetupError(f"hub token issue {handle} printed {token!r}")
        officers.append((handle, token))
    timings["tokens"] = time.perf_counter() - started
    return hub, officers, timings


def clone_all(cfg: argparse.Namespace, proc: Proc, address: str, officers: list[Officer]) -> list[float]:
    def clone(officer: Officer) -> float:
        code, _, err, seconds = proc.run(officer.laptop, ["sync", "clone", address], officer.handle, officer.token)
        if code != 0:
            raise SetupError(f"clone for {officer.handle} exited with {code}: {err.strip()}")
        officer.learn()
        return seconds
    with concurrent.futures.ThreadPoolExecutor(max_workers=cfg.clone_jobs) as pool:
        return list(pool.map(clone, officers))


# MARK: - Checks


def digest(db: Path) -> dict[str, list[tuple]]:
    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
    try:
        return {t: connection.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in SYNCED}
    finally:
        connection.close()


def cpu_busy() -> Optional[tuple[float, float]]:
    """(busy, total) CPU seconds of the whole machine, from /proc/stat."""
    try:
        with open("/proc/stat") as f:
            values = [int(v) for v in f.readline().split()[1:]]
        tick = os.sysconf("SC_CLK_TCK")
        idle = values[3] + (values[4] if len(values) > 4 else 0)
        return (sum(values) - idle) / tick, sum(values) / tick
    except (OSError, ValueError):
        return None


def build_kind(psr: str, told: Optional[str]) -> str:
    if told:
        return told
    parts = Path(psr).resolve().parts
    for kind in ("release", "debug"):
        if kind in parts:
            return kind
    return "unknown (say it with --build)"


def machine() -> dict[str, str]:
    def first(path: str, prefix: str) -> str:
        try:
            return next((l.split(":", 1)[1].strip() for l in open(path) if l.startswith(prefix)), "?")
        except OSError:
            return "?"
    mem = first("/proc/meminfo", "MemTotal")
    return {"cpu": first("/proc/cpuinfo", "model name"), "cores": str(os.cpu_count()),
            "ram": f"{int(mem.split()[0]) / 1048576:.1f} GiB" if mem != "?" else "?", "os": platform.platform()}


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--psr", default=str(ROOT / ".build-release/release/psr"),
                   help="the psr binary, with psr-hub beside it (default: .build-release/release/psr)")
    p.add_argument("--build", help="the build kind to print (default: release or debug from the binary's path)")
    p.add_argument("--officers", type=int, default=70)
    p.add_argument("--seconds", type=float, default=120, help="how long the officers write and sync")
    p.add_argument("--sync-every", type=float, default=5,
                   help="seconds between an officer's syncs, on average (each interval 0.5× to 1.5× of it)")
    p.add_argument("--writes", type=int, default=2,
                   help="writes between two syncs of an officer, on average (0 to 2× of it)")
    p.add_argument("--clone-jobs", type=int, default=4, help="clones (and final syncs) run at once")
    p.add_argument("--check-jobs", type=int, default=os.cpu_count() or 2, help="psr check runs at once")
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument("--work", help="folder for the databases and the hub's log (default: a temporary one, removed)")
    p.add_argument("--json", help="also write the figures and checks to this file")
    cfg = p.parse_args()
    psr = str(Path(cfg.psr).resolve()) if os.path.exists(cfg.psr) else cfg.psr
    if not os.access(psr, os.X_OK) or not os.access(Path(psr).with_name("psr-hub"), os.X_OK):
        print(f"load test not run: it needs psr at {cfg.psr} and psr-hub beside it (build them with: swift build"
              " -c release --static-swift-stdlib --scratch-path .build-release)", file=sys.stderr)
        return 2
    if cfg.officers < 1 or cfg.seconds <= 0 or cfg.sync_every <= 0:
        print("load test not run: --officers, --seconds and --sync-every must be positive", file=sys.stderr)
        return 2
    work = Path(cfg.work or tempfile.mkdtemp(prefix="psr-hub-load-"))
    work.mkdir(parents=True, exist_ok=True)
    for old in list(work.glob("*.sqlite*")) + list(work.glob(".psr-snapshot-*")):
        old.unlink()
    proc = Proc(psr, work)
    try:
        return run(cfg, psr, proc, work)
    except SetupError as error:
        print(f"load test aborted: {error}", file=sys.stderr)
        return 2
    finally:
        if not cfg.work:
            shutil.rmtree(work, ignore_errors=True)


def run(cfg: argparse.Namespace, psr: str, proc: Proc, work: Path) -> int:
    load_before = os.getloadavg() if hasattr(os, "getloadavg") else None
    setup_started = time.perf_counter()
    progress(f"setup: the hub (psr demo, seed {cfg.seed}), {cfg.officers} officers and their tokens")
    hub_db, handles, timings = setup(cfg, proc, work)
    (cases_before,) = read(hub_db, "SELECT count(*) FROM cases")[0]
    (position_before,) = read(hub_db, "SELECT coalesce(max(seq), 0) FROM sync_log")[0]
    hub = Hub(proc, hub_db, work / "hub.log")
    checks: list[tuple[str, bool, str]] = []
    try:
        progress(f"the hub serves at {hub.address} (pid {hub.process.pid}, {hub.executable()})")
        officers = [Officer(i, h, t, work / f"laptop-{h}.sqlite", cfg.seed) for i, (h, t) in enumerate(handles)]
        progress(f"setup: {len(officers)} clones of the served hub, {cfg.clone_jobs} at a time")
        started = time.perf_counter()
        clone_seconds = clone_all(cfg, proc, hub.address, officers)
        timings["clones"] = time.perf_counter() - started
        timings["setup"] = time.perf_counter() - setup_started
        hub_size = os.path.getsize(hub_db)
        after_clones = hub.status()
        reset = hub.reset_peak()
        log_from = len(hub.log())

        # The load.
        progress(f"load: {len(officers)} officers writing and syncing for {cfg.seconds:g} s")
        hub.start_sampling()
        cpu_before, busy_before = hub.cpu_seconds(), cpu_busy()
        children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.monotonic()
        deadline = start + cfg.seconds
        workers = [threading.Thread(target=o.day, args=(proc, start, deadline, cfg.sync_every, cfg.writes),
                                    name=o.handle) for o in officers]
        peak_load = 0.0

        def watch_load() -> None:
            nonlocal peak_load
            while any(w.is_alive() for w in workers):
                peak_load = max(peak_load, os.getloadavg()[0])
                time.sleep(1)
        for worker in workers:
            worker.start()
        watcher = threading.Thread(target=watch_load, daemon=True)
        watcher.start()
        for worker in workers:
            worker.join()
        ended = time.monotonic()
        log_to = len(hub.log())
        window = ended - start
        load_at_end = os.getloadavg()
        cpu_after, busy_after = hub.cpu_seconds(), cpu_busy()
        children_after = resource.getrusage(resource.RUSAGE_CHILDREN)
        after_load = hub.status()
        threads_after_load = hub.threads()
        hub_alive_after_load = hub.process.poll() is None

        # Final syncs, twice round: the first sends everyone's last writes, the second brings them to all.
        progress("final syncs: every officer twice")
        final_seconds: list[float] = []
        final_failures: list[str] = []
        for round_ in (1, 2):
            def final(officer: Officer) -> Optional[float]:
                code, out, err, seconds = proc.run(officer.laptop, ["sync"], officer.handle, officer.token,
                                                   quiet=False)
                if code != 0:
                    final_failures.append(f"{officer.handle} (final round {round_}): exit {code}: {err.strip()}")
                return seconds
            with concurrent.futures.ThreadPoolExecutor(max_workers=cfg.clone_jobs) as pool:
                final_seconds += list(pool.map(final, officers))
        at_end = hub.status()
        cpu_end = hub.cpu_seconds()
        hub_alive = hub.process.poll() is None
    finally:
        exit_code = hub.stop()
    progress(f"the hub server stopped (exit {exit_code}); checking")

    # What the hub's log says.
    statuses: collections.Counter = collections.Counter()
    server_ms: dict[str, list[float]] = collections.defaultdict(list)
    odd_lines = []
    for n, line in enumerate(hub.log()[1:], start=1):
        found = LOG_LINE.match(line.strip())
        if not found:
            odd_lines.append(line.strip())
            continue
        _, _, method, path, status, ms = found.groups()
        route = f"{method} {path.split('?')[0]}"
        statuses[(route, status)] += 1
        if log_from <= n < log_to:  # the hub's own time per request, during the load only
            server_ms[route].append(float(ms))
    busy_answers = sum(n for (_, s), n in statuses.items() if s == "503")
    # Pushes refused because the hub had moved on (409): how many in a row one officer met before one went in.
    in_a_row: dict[str, int] = collections.defaultdict(int)
    longest_409 = 0
    for line in hub.log()[1:]:
        found = LOG_LINE.match(line.strip())
        if found and found.group(3) == "POST" and found.group(4) == "/v1/push":
            officer_seen, status = found.group(2), found.group(5)
            in_a_row[officer_seen] = in_a_row[officer_seen] + 1 if status == "409" else 0
            longest_409 = max(longest_409, in_a_row[officer_seen])
    errors = {k: n for k, n in statuses.items() if k[1] not in ("200", "409", "503")}

    # The checks.
    sync_failures = [f for o in officers for f in o.failures]
    write_failures = [f for o in officers for f in o.write_failures]
    checks.append(("every sync during the load succeeded (after the client's retries)", not sync_failures,
                   f"{len(sync_failures)} failed" + "".join(f"\n    {f}" for f in sync_failures[:10])))
    left_queued = [f for o in officers for f in o.left_queued]
    checks.append(("every sync that exited 0 sent every change queued before it", not left_queued,
                   f"{len(left_queued)} of {sum(len(o.syncs) for o in officers)} left changes queued"
                   + "".join(f"\n    {f}" for f in left_queued[:10])))
    checks.append(("every final sync succeeded", not final_failures,
                   f"{len(final_failures)} failed" + "".join(f"\n    {f}" for f in final_failures[:10])))
    checks.append(("every write succeeded", not write_failures,
                   f"{len(write_failures)} failed" + "".join(f"\n    {f}" for f in write_failures[:10])))
    checks.append(("the hub server ran through the load and the final syncs", hub_alive_after_load and hub_alive,
                   f"alive after the load: {hub_alive_after_load}, after the final syncs: {hub_alive}"))
    checks.append(("the hub server stopped cleanly when asked", exit_code == 0, f"exit {exit_code}"))
    checks.append(("the hub answered every request 200, 409 (push behind) or 503 (busy)", not errors and not odd_lines,
                   f"{errors} {odd_lines[:5]}"))
    hub_texts = set()
    for sql in ("SELECT title FROM cases", "SELECT resolution FROM cases WHERE resolution IS NOT NULL",
                "SELECT text FROM case_events WHERE text IS NOT NULL", "SELECT summary FROM activities"):
        for (text,) in read(hub_db, sql):
            hub_texts.update(TOKEN.findall(text))
    hub_short_ids = {c[:8] for (c,) in read(hub_db, "SELECT id FROM cases")}
    tokens = [t for o in officers for t in o.tokens]
    opened = [c for o in officers for c in o.opened]
    missing = [t for t in tokens if t not in hub_texts] + [c for c in opened if c not in hub_short_ids]
    checks.append(("every write reported done is on the hub", not missing,
                   f"{len(tokens)} texts and {len(opened)} opened cases looked for; missing {len(missing)}: {missing[:10]}"))
    writes_done = sum(sum(o.writes.values()) for o in officers)
    (position_after,) = read(hub_db, "SELECT coalesce(max(seq), 0) FROM sync_log")[0]
    (log_rows,) = read(hub_db, "SELECT count(*) FROM sync_log WHERE seq > ?", (position_before,))[0]
    queued = sum(o.queued for o in officers)
    checks.append(("the hub's log gained every change the writes queued, once", log_rows == queued,
                   f"{log_rows} changes logged, {queued} queued by {writes_done} writes"))
    progress("comparing every laptop's synced tables with the hub's")
    hub_tables = digest(hub_db)
    diverged, pending = [], []
    for officer in officers:
        mine = digest(officer.laptop)
        if mine != hub_tables:
            tables = [t for t in SYNCED if mine[t] != hub_tables[t]]
            detail = "; ".join(
                f"{t}: here only {len(set(mine[t]) - set(hub_tables[t]))}, hub only "
                f"{len(set(hub_tables[t]) - set(mine[t]))}" for t in tables)
            diverged.append(f"{officer.laptop.name}: {detail}")
        (left,) = read(officer.laptop, "SELECT count(*) FROM sync_outbox")[0]
        if left:
            pending.append(f"{officer.laptop.name}: {left}")
    checks.append(("every laptop's synced tables equal the hub's", not diverged,
                   f"{len(diverged)} of {len(officers)} differ" + "".join(f"\n    {d}" for d in diverged[:10])))
    checks.append(("no change left queued on any laptop", not pending, f"{pending[:10]}"))
    conflicts = sum(read(o.laptop, "SELECT count(*) FROM sync_conflicts")[0][0] for o in officers)
    progress(f"psr check on the hub and the {len(officers)} laptops, {cfg.check_jobs} at a time")

    def check(db: Path) -> Optional[str]:
        code, out, err, _ = proc.run(db, ["check"], quiet=False, timeout=600)
        said = [l for l in (out + err).splitlines() if not l.startswith("ok ")]
        return None if code == 0 else f"{db.name}: exit {code}: {' / '.join(said)[:2000]}"
    with concurrent.futures.ThreadPoolExecutor(max_workers=cfg.check_jobs) as pool:
        failed_checks = [f for f in pool.map(check, [hub_db] + [o.laptop for o in officers]) if f]
    checks.append((f"psr check passes on the hub and all {len(officers)} laptops", not failed_checks,
                   f"{len(failed_checks)} failed" + "".join(f"\n    {f}" for f in failed_checks[:5])))

    # The figures.
    latencies = [s * 1000 for o in officers for _, s in o.syncs]
    syncs = len(latencies)
    kinds = collections.Counter()
    for o in officers:
        kinds.update(o.writes)
    write_ms = [s * 1000 for o in officers for s in o.write_seconds]
    peak_rss = max([r for _, r in hub.rss_samples] + [after_load.get("VmRSS", 0)])
    busy = (busy_after[0] - busy_before[0]) if busy_before and busy_after else None
    hub_cpu = (cpu_after - cpu_before) if cpu_before is not None and cpu_after is not None else None
    clients_cpu = (children_after.ru_utime + children_after.ru_stime
                   - children_before.ru_utime - children_before.ru_stime)
    kib = lambda s, k: f"{s[k] / 1024:.1f} MiB" if k in s else "? (no /proc)"
    figures = {
        "syncs": syncs, "syncs_per_second": syncs / window, "window_s": window,
        "sync_ms": {"p50": percentile(latencies, 50), "p95": percentile(latencies, 95),
                    "p99": percentile(latencies, 99), "max": max(latencies, default=float("nan")),
                    "mean": statistics.fmean(latencies) if latencies else float("nan")},
        "syncs_over_1s": sum(1 for l in latencies if l > 1000),
        "writes_done": writes_done, "writes": dict(kinds), "changes_queued": queued,
        "syncs_leaving_changes_queued": len(left_queued),
        "write_ms": {"p50": percentile(write_ms, 50), "p99": percentile(write_ms, 99)},
        "changes_sent": sum(o.sent for o in officers), "changes_received": sum(o.received for o in officers),
        "hub_503": busy_answers, "push_409_longest_run": longest_409, "hub_requests": sum(statuses.values()),
        "hub_vmhwm_mib_after_clones": after_clones.get("VmHWM", 0) / 1024,
        "hub_vmhwm_reset_before_load": reset,
        "hub_vmhwm_mib_after_load": after_load.get("VmHWM", 0) / 1024,
        "hub_vmhwm_mib_at_end": at_end.get("VmHWM", 0) / 1024,
        "hub_rss_mib_peak_sampled_during_load": peak_rss / 1024,
        "hub_rss_mib_after_clones": after_clones.get("VmRSS", 0) / 1024,
        "hub_rss_mib_after_load": after_load.get("VmRSS", 0) / 1024,
        "hub_cpu_s_load": hub_cpu, "hub_threads_after_load": threads_after_load,
        "clients_cpu_s_load": clients_cpu, "machine_busy_cpu_s_load": busy,
        "final_sync_ms": {"p50": percentile([s * 1000 for s in final_seconds], 50),
                          "max": max(final_seconds, default=0) * 1000},
        "conflicts_kept": conflicts,
        "setup_s": timings, "clone_s": {"p50": percentile(clone_seconds, 50), "max": max(clone_seconds)},
        "hub_file_mib": hub_size / 1048576,
        "hub_cases_before": cases_before, "hub_log_after": position_after,
        "load_average": {"before": load_before, "peak_1min_during": peak_load, "at_end": load_at_end},
    }
    info = machine()
    build = build_kind(psr, cfg.build)
    version = subprocess.run([psr, "--version"], capture_output=True, text=True).stdout.strip()
    print(f"psr hub load test: {len(officers)} officers, {cfg.seconds:g} s, a sync every {cfg.sync_every:g} s"
          f" (0.5-1.5x) with {cfg.writes} writes between (0-2x) on average; seed {cfg.seed}")
    print(f"How: psr {version} at {psr} ({build} build); one `psr hub serve` (psr-hub) on {hub.address}, plain HTTP"
          f" on loopback; each officer a thread running whole psr processes on its own laptop database; each"
          f" sync timed as the whole `psr sync` process (spawn to exit, with the client's retries); the hub's"
          f" peak memory is VmHWM of its process (/proc), its CPU time from /proc/PID/stat.")
    print(f"Machine: {info['cpu']}; {info['cores']} cores; {info['ram']}; {info['os']}")
    la = figures["load_average"]
    print(f"Load average (1, 5, 15 min): before setup {tuple(round(x, 2) for x in la['before'] or ())},"
          f" peak 1-min during the load {la['peak_1min_during']:.2f}, at its end"
          f" {tuple(round(x, 2) for x in la['at_end'])}")
    print(f"Setup {timings['setup']:.1f} s: demo hub {timings['demo']:.1f} s ({cases_before:,} cases,"
          f" {hub_size / 1048576:.1f} MiB), {timings['added']:g} officers added"
          f" {timings['officers']:.1f} s, hub init {timings['hub_init']:.1f} s, {len(officers)} tokens"
          f" {timings['tokens']:.1f} s, {len(officers)} clones over HTTP {timings['clones']:.1f} s"
          f" ({cfg.clone_jobs} at a time; each p50 {figures['clone_s']['p50']:.2f} s, max"
          f" {figures['clone_s']['max']:.2f} s)")
    s = figures["sync_ms"]
    print()
    print(f"  syncs                  {syncs:,} in {window:.1f} s: {figures['syncs_per_second']:.2f} syncs/s")
    print(f"  sync latency           p50 {s['p50']:,.0f} ms, p95 {s['p95']:,.0f} ms, p99 {s['p99']:,.0f} ms,"
          f" max {s['max']:,.0f} ms (mean {s['mean']:,.0f}); {figures['syncs_over_1s']} over 1 s")
    print(f"  writes done            {writes_done:,} ({', '.join(f'{k} {v:,}' for k, v in sorted(kinds.items()))});"
          f" each p50 {figures['write_ms']['p50']:,.0f} ms, p99 {figures['write_ms']['p99']:,.0f} ms")
    print(f"  changes                {queued:,} queued by the writes; {figures['changes_sent']:,} sent and"
          f" {figures['changes_received']:,} received by the syncs during the load; the hub's log at"
          f" {position_after:,} after the final syncs; {conflicts} conflicts kept for review")
    print(f"  syncs that exited 0 with changes still queued: {len(left_queued)}")
    print(f"  hub requests           {figures['hub_requests']:,}; 503 (busy): {busy_answers}; by route and status: "
          + ", ".join(f"{r} {st} {n:,}" for (r, st), n in sorted(statuses.items())))
    pushes = {st: n for (r, st), n in statuses.items() if r == "POST /v1/push"}
    print(f"  pushes                 {sum(pushes.values()):,}: {pushes.get('200', 0):,} accepted,"
          f" {pushes.get('409', 0):,} refused as behind the hub (409: pull again, push again); at most"
          f" {longest_409} refused in a row for one officer")
    for route in sorted(server_ms):
        if route.startswith(("GET /v1/hello", "GET /v1/log", "POST /v1/push")):
            ms = server_ms[route]
            print(f"    in the hub, during the load: {route:16} p50 {percentile(ms, 50):.1f} ms, p99 {percentile(ms, 99):.1f} ms,"
                  f" max {max(ms):.1f} ms")
    during = "during the load (reset after the clones)" if reset else "since it started (could not reset it)"
    print(f"  hub peak memory        VmHWM {kib(after_load, 'VmHWM')} {during}; {kib(after_clones, 'VmHWM')}"
          f" through setup and the clones; {kib(at_end, 'VmHWM')} at the end of the final syncs")
    print(f"  hub RSS                {kib(after_clones, 'VmRSS')} before the load, peak sampled (every 0.5 s) during"
          f" it {peak_rss / 1024:.1f} MiB, {kib(after_load, 'VmRSS')} after it, {kib(at_end, 'VmRSS')} at the end;"
          f" {threads_after_load} threads")
    if hub_cpu is not None and busy is not None:
        print(f"  CPU during the load    hub {hub_cpu:.1f} s, psr clients {clients_cpu:.1f} s, whole machine"
              f" {busy:.1f} s of {window * (os.cpu_count() or 1):.1f} s ({busy / window:.2f} cores busy; the rest"
              f" is this script and anything else running)")
    print(f"  final syncs            2 x {len(officers)}, p50 {figures['final_sync_ms']['p50']:,.0f} ms,"
          f" max {figures['final_sync_ms']['max']:,.0f} ms")
    print()
    for what, ok, detail in checks:
        print(f"{'ok  ' if ok else 'FAIL'}  {what}" + ("" if ok else f": {detail}"))
    passed = all(ok for _, ok, _ in checks)
    if cfg.json:
        Path(cfg.json).write_text(json.dumps({
            "machine": info, "psr": psr, "version": version, "build": build,
            "settings": {k: getattr(cfg, k) for k in ("officers", "seconds", "sync_every", "writes", "clone_jobs",
                                                        "seed")},
            "figures": figures, "checks": [{"what": w, "ok": ok, "detail": d} for w, ok, d in checks],
            "passed": passed}, indent=2, default=str) + "\n")
    if cfg.work:
        print(f"kept {work} (the hub's request log is hub.log)")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
