#!/usr/bin/env python3
"""Faults of the hub server (`psr hub serve`), with the real psr and psr-hub binaries, on loopback only.

1. The hub SIGKILLed in the middle of pushes and restarted on the same address: officers with many unsynced
   writes (notes, and producer imports that make pushes of some size) sync at once while the server is
   killed at random moments, round after round; the coordinator meanwhile runs psr on the hub file, as she
   would (token list). A sync may fail while the hub is down, only with exit 69 and a sentence; one
   laptop syncs with a hub that stays down for all its retries and must end 69 with nothing changed.
   After the last restart everyone syncs until nothing moves, the hub is killed once more, and then: every
   change any laptop queued is in the hub's log exactly once (no more, no less), every note and producer
   a command reported done is on the hub exactly once, every laptop equals the hub, psr check passes.
2. A client killed mid-pull: a laptop cloned at the start is thousands of entries behind (the part 1
   writes, and insights pushed over the protocol by a script acting as a replica, so that the pull spans
   pages of 5,000); its `psr sync` is SIGKILLed five times, at random moments and just after a page is
   applied (the hub gains more when it catches up first); its next sync must end 0 and the laptop equal
   the hub, psr check passing. Then `psr sync clone` is SIGKILLed six times, at random moments and the
   instant its file appears: what it leaves is reported; anything at the target path must be a whole
   replica that syncs (a hub copy there would look usable, and block the next clone), and a clone to the
   same path after them must work, remove the partial files, and equal the hub.
3. 1,000 malformed requests on raw sockets (HTTP/1.1 written by hand), by category: truncated bodies, bad
   base64, garbage changesets, changesets of tables outside the synced set, replays of accepted changes,
   wrong content types, Content-Length and chunked tricks, huge and many headers, path and query tricks,
   bad Authorization, non-JSON, JSON of wrong types, unknown methods, HTTP/0.9, HTTP/2 and other garbage;
   authenticated ones with a real token, while 100 stalled connections stay open. Each must be answered
   with a 4xx status. A 5xx, any other status, no answer, or a connection reset before a status is a
   failure, with exceptions decided here: a request whose body is cut short (Content-Length or chunks
   promise more than is sent before the client half-closes) may also be answered by closing the
   connection without a status, since the request never arrived (a status it does get must still be 4xx),
   and so may a flood of blank lines, which HTTP allows before a request line and which never becomes a
   request. Requests abandoned half-sent (the client closes without reading) have no answer to check; the
   server's request log must show no 5xx for any of them, nor for any other. Pushes that could apply if
   a framing trick were accepted carry a stale base (at most 409); those testing the push's own checks
   carry the hub's position of the moment. After: the hub's synced tables, log, replica list and state
   are unchanged, the server is alive, answers /v1/health, syncs a change that then survives a SIGKILL,
   holds no deleted file of the hub, and its VmRSS grew by less than 64 MiB plus 6 times the largest
   request (what the allocator keeps of one large body), and by less than 64 MiB in the second half.

Throughout, the server's open files are checked: a -wal or -shm of the hub that is deleted while the server
still writes to it means every change accepted from then on is lost at the next crash, and is reported as
such. Exit status 1 on any failure. About 50-70 s on a 2-core machine with a debug build, more when it is
busy (`--notes 200` for heavier pushes; `KEEP=1` keeps the temporary folder).
"""
from __future__ import annotations

import argparse, base64, collections, json, os, random, re, shutil, signal, socket, sqlite3, struct, subprocess
import sys, tempfile, threading, time, uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
SYNCED = ["regions", "countries", "officers", "officer_countries", "producers", "producer_merges", "producer_products",
          "producer_status_changes", "cases", "case_tags", "case_events", "activities", "activity_topics",
          "activity_cases", "insights", "audits", "non_conformities", "case_non_conformities"]
# What the hub keeps of its own that no refused request may change (hub_tokens changes: last use is noted).
HUB_OWN = ["sync_log", "sync_replicas", "sync_state", "sync_conflicts", "sync_outbox"]
TODAY = "2026-11-26"
PAGE = 5000  # the log's page (SyncRepository.pageSize)
SERVED = re.compile(r"psr hub: serving .* at http://127\.0\.0\.1:(\d+)")
LOGLINE = re.compile(r"^\S+ (\S+) (\S+) (.*) (\d{3}) [\d.]+ms$")


# ---------------------------------------------------------------------------------------------- processes

class Processes:
    """Every process this script starts, killed by pid at the end whatever happens."""

    def __init__(self):
        self.started: list[subprocess.Popen] = []

    def popen(self, cmd, **kw) -> subprocess.Popen:
        proc = subprocess.Popen(cmd, **kw)
        self.started.append(proc)
        return proc

    def kill_all(self):
        for proc in self.started:
            if proc.poll() is None:
                try:
                    os.kill(proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                try:
                    proc.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    pass


PROCS = Processes()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`psr hub serve` on 127.0.0.1:port; its request log collected with the time each line arrived."""

    def __init__(self, psr: str, db: Path, port: int):
        self.psr, self.db, self.port = psr, db, port
        self.proc: subprocess.Popen | None = None
        self.lines: list[tuple[float, str]] = []
        self.starts = self.kills = 0

    def start(self):
        for attempt in range(50):
            self.proc = PROCS.popen([self.psr, "--db", str(self.db), "hub", "serve", "--listen",
                                     f"127.0.0.1:{self.port}", "--stop-with-stdin"],
                                    stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            ready = threading.Event()
            threading.Thread(target=self._read, args=(self.proc, ready), daemon=True).start()
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline and not ready.is_set() and self.proc.poll() is None:
                ready.wait(0.01)
            if ready.is_set():
                self.starts += 1
                return
            if self.proc.poll() is None:
                os.kill(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
            time.sleep(0.1)  # the address may not be free again yet
        raise SystemExit(f"the hub server did not start on port {self.port}: {self.tail(5)}")

    def _read(self, proc, ready):
        for raw in proc.stderr:
            line = raw.decode("utf-8", "replace").rstrip("\n")
            self.lines.append((time.monotonic(), line))
            if SERVED.search(line):
                ready.set()

    def kill(self):
        if self.proc and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
            self.kills += 1

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.stdin.close()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()

    def alive(self) -> bool:
        return bool(self.proc) and self.proc.poll() is None

    def rss_kib(self) -> int:
        with open(f"/proc/{self.proc.pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return 0

    def deleted_files(self) -> list[str]:
        """The hub's files the server holds open that are no longer in the folder (a deleted WAL)."""
        found = []
        folder = f"/proc/{self.proc.pid}/fd"
        for fd in os.listdir(folder):
            try:
                target = os.readlink(f"{folder}/{fd}")
            except OSError:
                continue
            if target.startswith(str(self.db)) and target.endswith("(deleted)"):
                found.append(target)
        return sorted(found)

    def mark(self) -> int:
        return len(self.lines)

    def connections(self) -> set[int]:
        """The client ports of the connections established to the server now: requests in flight (psr makes
        one connection per request)."""
        ports = set()
        for table in ("/proc/net/tcp", "/proc/net/tcp6"):
            try:
                lines = Path(table).read_text().splitlines()[1:]
            except OSError:
                continue
            for line in lines:
                fields = line.split()
                if int(fields[1].rsplit(":", 1)[1], 16) == self.port and fields[3] == "01":
                    ports.add(int(fields[2].rsplit(":", 1)[1], 16))
        return ports

    def requests(self, since: int = 0) -> list[tuple[float, str, str, int]]:
        """(time, method, path, status) of each request logged from line `since` (a `mark()`) on."""
        out = []
        for at, line in self.lines[since:]:
            m = LOGLINE.match(line)
            if m:
                out.append((at, m.group(2), m.group(3), int(m.group(4))))
        return out

    def tail(self, n: int) -> str:
        return " | ".join(line for _, line in self.lines[-n:])


# --------------------------------------------------------------------------------------------- databases

def ro(db: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)


def digest(db: Path, tables=SYNCED) -> dict[str, list[tuple]]:
    connection = ro(db)
    try:
        return {t: connection.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in tables}
    finally:
        connection.close()


def scalar(db: Path, sql: str, args=()):
    connection = ro(db)
    try:
        return connection.execute(sql, args).fetchone()[0]
    finally:
        connection.close()


def column(db: Path, sql: str, args=()) -> list:
    connection = ro(db)
    try:
        return [row[0] for row in connection.execute(sql, args)]
    finally:
        connection.close()


def differences(mine: dict, theirs: dict) -> list[str]:
    out = []
    for table in mine:
        if mine[table] != theirs[table]:
            here, there = set(mine[table]) - set(theirs[table]), set(theirs[table]) - set(mine[table])
            out.append(f"{table}: {len(here)} rows only here {sorted(here)[:2]}; {len(there)} only on the hub "
                       f"{sorted(there)[:2]}")
    return out


# ---------------------------------------------------------------------------------------------- changesets

def varint(n: int) -> bytes:
    """SQLite's varint as changesets use it: 7 bits a byte, most significant first."""
    groups = [n & 0x7F]
    n >>= 7
    while n:
        groups.append(n & 0x7F)
        n >>= 7
    groups.reverse()
    return bytes([g | 0x80 for g in groups[:-1]] + [groups[-1]])


def value(v) -> bytes:
    if v is None:
        return b"\x05"
    if isinstance(v, int):
        return b"\x01" + struct.pack(">q", v)
    if isinstance(v, float):
        return b"\x02" + struct.pack(">d", v)
    if isinstance(v, str):
        v = v.encode()
        return b"\x03" + varint(len(v)) + v
    return b"\x04" + varint(len(v)) + v


def table_header(name: str, columns: int, pk: int = 1) -> bytes:
    return b"T" + varint(columns) + bytes([1 if i < pk else 0 for i in range(columns)]) + name.encode() + b"\x00"


def header_end(changeset: bytes) -> int:
    """Where the first table header of `changeset` (of fewer than 128 columns) ends."""
    return changeset.index(b"\x00", 2 + changeset[1]) + 1


def insert(values) -> bytes:
    return b"\x12\x00" + b"".join(value(v) for v in values)


def insight_changeset(officer: str, text: str, at: str) -> bytes:
    """What `psr insight add` records: one row of insights (9 columns, id first)."""
    return table_header("insights", 9) + insert([str(uuid.uuid4()), TODAY, officer, "KE", "tea",
                                                 random.choice(["price", "demand", "supply"]), text, at, officer])


def instant(n: int) -> str:
    return f"2026-11-26T{10 + n // 3_600_000 % 10:02d}:{n // 60000 % 60:02d}:{n // 1000 % 60:02d}.{n % 1000:03d}Z"


# ------------------------------------------------------------------------------------------------- HTTP

def http(port: int, data: bytes, *, timeout: float = 10.0, half_close: bool = True, abandon: bool = False):
    """Sends `data` as it is on a new connection; returns (status or None, outcome, response bytes).
    outcome: 'answered', 'closed' (EOF, no bytes), 'reset' (before any byte), 'timeout', 'abandoned',
    'refused' (nothing listens: the server is gone)."""
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    except ConnectionRefusedError:
        return None, "refused", b""
    try:
        try:
            s.sendall(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server may refuse before reading everything: read what it said
        if abandon:
            return None, "abandoned", b""
        if half_close:
            try:
                s.shutdown(socket.SHUT_WR)
            except OSError:
                pass
        out = b""
        deadline = time.monotonic() + timeout
        try:
            while time.monotonic() < deadline:
                chunk = s.recv(65536)
                if not chunk:
                    break
                out += chunk
                if len(out) > 8 << 20:
                    break
            else:
                return parse_status(out), ("answered" if out else "timeout"), out
        except socket.timeout:
            return parse_status(out), ("answered" if out else "timeout"), out
        except ConnectionResetError:
            return parse_status(out), ("answered" if out else "reset"), out
        return parse_status(out), ("answered" if out else "closed"), out
    finally:
        s.close()


def parse_status(out: bytes) -> int | None:
    m = re.match(rb"HTTP/1\.[01] (\d{3}) ", out)
    return int(m.group(1)) if m else None


def body_of(out: bytes) -> bytes:
    head, _, rest = out.partition(b"\r\n\r\n")
    m = re.search(rb"(?i)\r\ncontent-length: *(\d+)", head)
    return rest[: int(m.group(1))] if m else rest


def request(method: str, path: str, headers: list[tuple[str, str]] = (), body: bytes = b"", *,
            length: bool = True, close: bool = True) -> bytes:
    head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    if close:
        head += "Connection: close\r\n"
    for name, val in headers:
        head += f"{name}: {val}\r\n"
    if length and (body or method in ("POST", "PUT", "PATCH")):
        head += f"Content-Length: {len(body)}\r\n"
    return head.encode("latin-1") + b"\r\n" + body


def api(port: int, token: str, method: str, path: str, doc=None) -> tuple[int | None, object]:
    headers = [("Authorization", f"Bearer {token}")]
    body = b""
    if doc is not None:
        body = json.dumps(doc).encode()
        headers.append(("Content-Type", "application/json"))
    status, _, out = http(port, request(method, path, headers, body), timeout=60)
    try:
        return status, json.loads(body_of(out) or b"null")
    except ValueError:
        return status, None


def hub_position(port: int, token: str) -> int:
    status, hello = api(port, token, "GET", "/v1/hello")
    assert status == 200, f"hello: {status} {hello}"
    return hello["position"]


class CapturingProxy:
    """A relay between a laptop and the hub that keeps the bytes of every POST /v1/push it carries: a
    genuine push, as psr sends it."""

    def __init__(self, upstream: int):
        self.upstream = upstream
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(16)
        self.port = self.listener.getsockname()[1]
        self.pushes: list[bytes] = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._relay, args=(client,), daemon=True).start()

    @staticmethod
    def _message(sock, buffered: bytes) -> tuple[bytes, bytes] | None:
        data = buffered
        while b"\r\n\r\n" not in data:
            chunk = sock.recv(65536)
            if not chunk:
                return None
            data += chunk
        head, _, rest = data.partition(b"\r\n\r\n")
        m = re.search(rb"(?i)\r\ncontent-length: *(\d+)", head)
        need = int(m.group(1)) if m else 0
        while len(rest) < need:
            chunk = sock.recv(65536)
            if not chunk:
                return None
            rest += chunk
        return head + b"\r\n\r\n" + rest[:need], rest[need:]

    def _relay(self, client):
        upstream = socket.create_connection(("127.0.0.1", self.upstream), timeout=60)
        client.settimeout(60)
        pending_client = pending_upstream = b""
        try:
            while True:
                message = self._message(client, pending_client)
                if message is None:
                    return
                req, pending_client = message
                if req.startswith(b"POST /v1/push "):
                    self.pushes.append(req)
                upstream.sendall(req)
                message = self._message(upstream, pending_upstream)
                if message is None:
                    return
                resp, pending_upstream = message
                client.sendall(resp)
        except OSError:
            return
        finally:
            client.close()
            upstream.close()

    def close(self):
        self.listener.close()


# -------------------------------------------------------------------------------------------------- run

class Run:
    def __init__(self, psr: str, work: Path, seed: int, notes: int):
        self.psr, self.work, self.rng, self.notes = psr, work, random.Random(seed), notes
        random.seed(seed)
        self.problems: list[str] = []
        self.tokens: dict[str, str] = {}
        self.hub = work / "hub.sqlite"
        self.port = free_port()
        self.server = Server(psr, self.hub, self.port)
        self.address = f"http://127.0.0.1:{self.port}"
        self.flo = 5_000_000

    def fail(self, message: str):
        self.problems.append(message)
        print("FAIL", message, flush=True)

    def env(self, officer: str | None) -> dict:
        env = {**os.environ, "NO_COLOR": "1", "HOME": str(self.work), "XDG_CONFIG_HOME": str(self.work / "config"),
               "PSR_CREDENTIALS": str(self.work / "credentials")}
        env.pop("PSR_DB", None)
        env.pop("PSR_OFFICER", None)
        if officer and officer in self.tokens:
            env["PSR_HUB_TOKEN"] = self.tokens[officer]
        return env

    def cmd(self, db: Path, args: list[str], officer: str | None) -> list[str]:
        return [self.psr, "--db", str(db)] + (["--as", officer] if officer else []) + ["--today", TODAY] + args

    def run(self, db: Path, args: list[str], officer: str | None = None, stdin: str | None = None,
            timeout: float = 120) -> tuple[int, str, str]:
        done = subprocess.run(self.cmd(db, args, officer), input=stdin, capture_output=True, text=True,
                              env=self.env(officer), timeout=timeout)
        return done.returncode, done.stdout, done.stderr

    def ok(self, db: Path, args: list[str], officer: str | None = None, stdin: str | None = None) -> str:
        code, out, err = self.run(db, args, officer, stdin)
        if code != 0:
            raise SystemExit(f"psr {' '.join(args)} on {db.name} failed ({code}): {err.strip()}")
        return out

    def start(self, db: Path, args: list[str], officer: str | None) -> subprocess.Popen:
        return PROCS.popen(self.cmd(db, args, officer), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                           env=self.env(officer))

    def check_server_files(self, when: str):
        if self.server.alive():
            deleted = self.server.deleted_files()
            if deleted:
                self.fail(f"{when}: the hub server writes to files of the hub that were deleted: {deleted}; every "
                          "change it accepts from now on is invisible to other processes and lost at its next "
                          "crash (another process, closing its connection to the hub, found no lock of the server's "
                          "on the file and removed the WAL the server still writes to)")
                return False
        return True

    def psr_check(self, dbs: list[Path], when: str):
        for db in dbs:
            code, out, err = self.run(db, ["check"])
            if code != 0:
                said = " | ".join(line.strip() for line in (out + err).strip().splitlines() if line.strip())
                self.fail(f"{when}: psr check failed on {db.name} ({code}): {said[:500]}")

    # ------------------------------------------------------------------------------------------- setup

    def setup(self, officers: list[str]):
        self.ok(self.hub, ["init", "-q"])
        for handle in officers:
            self.ok(self.hub, ["officer", "add", handle, "--name", handle.title(), "--email", f"{handle}@example.org",
                               "--base", "KE", "--covers", "KE,UG,ET,PE,GH,CO", "-q"])
        self.ok(self.hub, ["producer", "import", str(ROOT / "Fixtures/producers.csv"), "-q"], officers[0])
        self.ok(self.hub, ["hub", "init", "-q"], officers[0])
        for handle in officers:
            self.tokens[handle] = self.ok(self.hub, ["hub", "token", "issue", handle, "-q"]).strip()
        self.server.start()

    def clone(self, db: Path, officer: str):
        self.ok(db, ["sync", "clone", self.address, "-q"], officer)

    # ------------------------------------------------------------------------------------------- part 1

    def write_batch(self, db: Path, officer: str, cases: list[str], notes: int, producers: int, tag: str,
                    done: dict):
        """One officer's writes, one psr command each: notes on their cases, and one producer import."""
        for n in range(notes):
            text = f"note {tag} {officer} {n} {self.rng.randrange(10 ** 9)}"
            code, _, err = self.run(db, ["case", "note", self.rng.choice(cases), text, "-q"], officer)
            if code == 0:
                done["notes"].append(text)
            else:
                done["refused"].append(err.strip())
        if producers:
            csv = self.work / f"{officer}-{tag}.csv"
            flo_ids = [str(self.flo + i) for i in range(producers)]
            self.flo += producers
            rows = [f"{officer.title()} Growers {tag} {i},KE,spo,{flo},tea,{100 + i}" for i, flo in enumerate(flo_ids)]
            csv.write_text("name,country,type,flo_id,products,members\n" + "\n".join(rows) + "\n")
            code, _, err = self.run(db, ["producer", "import", str(csv), "-q"], officer)
            if code == 0:
                done["flo"].extend(flo_ids)
            else:
                done["refused"].append(err.strip())

    def part1(self, officers: list[str], laptops: dict[str, Path], rounds: int, outage: tuple[Path, str]):
        started = time.monotonic()
        done = {o: {"notes": [], "flo": [], "refused": []} for o in officers}
        queued: set[str] = set()  # every change id any laptop queued
        before = set(column(self.hub, "SELECT change_id FROM sync_log"))
        cases = {}
        for officer in officers:
            db = laptops[officer]
            cases[officer] = [self.ok(db, ["case", "open", "--type", "trade", "--title", f"Case {officer} {i}",
                                           "--producer", "27651", "-q"], officer).strip() for i in range(3)]
        # The laptop whose hub stays down: its sync goes to an address where the hub was killed and not
        # restarted, and must end 69 after its retries, with nothing changed.
        out_db, out_officer = outage
        for i in range(4):
            self.ok(out_db, ["insight", "add", "--country", "KE", "--kind", "price", f"outage insight {i}", "-q"],
                    out_officer)
        out_before, out_pending = digest(out_db), scalar(out_db, "SELECT count(*) FROM sync_outbox")
        # Bound and never listening, kept for the whole part: connections to it are refused, as to a
        # killed server's address, and no other process can take the port meanwhile.
        dead_socket = socket.socket()
        dead_socket.bind(("127.0.0.1", 0))
        dead = dead_socket.getsockname()[1]
        outage_started = time.monotonic()
        outage_sync = self.start(out_db, ["sync", "--hub", f"http://127.0.0.1:{dead}"], out_officer)
        outage_ended: list[float] = []
        threading.Thread(target=lambda: (outage_sync.wait(), outage_ended.append(time.monotonic())),
                         daemon=True).start()
        syncs = collections.Counter()
        kills_during = pushes_before_kill = in_flight = 0
        lost_answers = 0
        for r in range(rounds):
            notes = self.notes if r == 0 else max(1, self.notes // 4)
            threads = [threading.Thread(target=self.write_batch,
                                        args=(laptops[o], o, cases[o], notes, 150 if r == 0 else 60, f"r{r}",
                                              done[o]))
                       for o in officers]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            for officer in officers:
                queued |= set(column(laptops[officer], "SELECT change_id FROM sync_outbox"))
            # The coordinator looks at the hub's tokens while it is served.
            self.ok(self.hub, ["hub", "token", "list"])
            self.check_server_files(f"part 1 round {r}")
            round_start = self.server.mark()
            procs = {o: self.start(laptops[o], ["sync"], o) for o in officers}
            if self.rng.random() < 0.75:
                # Kill within a push: once a request has been in progress for 15 ms (a hello or a page of
                # the log takes a few; a push, its changes applied and logged in one transaction, 50 to
                # 200), at a random point of it.
                deadline = time.monotonic() + 5
                seen: dict[int, float] = {}
                while time.monotonic() < deadline:
                    now, open_now = time.monotonic(), self.server.connections()
                    seen = {port: seen.get(port, now) for port in open_now}
                    if any(now - since >= 0.015 for since in seen.values()):
                        break
                    time.sleep(0.002)
                time.sleep(self.rng.uniform(0.0, 0.05))
            else:
                time.sleep(self.rng.uniform(0.01, 0.5))
            running = sum(1 for p in procs.values() if p.poll() is None)
            in_flight += len(self.server.connections())
            pushes_before_kill += sum(1 for _, m, p, s in self.server.requests(round_start)
                                      if m == "POST" and p == "/v1/push" and s == 200)
            self.server.kill()
            kills_during += running > 0
            # With the server down: changes the hub committed that their laptop still holds queued, pushes
            # whose answer the kill took (the laptop learns at its next pull that they arrived).
            logged = set(column(self.hub, "SELECT change_id FROM sync_log"))
            for officer in officers:
                held = set(column(laptops[officer], "SELECT change_id FROM sync_outbox"))
                lost_answers += bool(held & logged)
            time.sleep(self.rng.uniform(0.1, 1.2))
            self.server.start()
            for officer, proc in procs.items():
                try:
                    out, err = proc.communicate(timeout=90)
                except subprocess.TimeoutExpired:
                    self.fail(f"part 1 round {r}: {officer}'s sync did not end in 90 s")
                    os.kill(proc.pid, signal.SIGKILL)
                    proc.wait()
                    continue
                if proc.returncode == 0:
                    syncs["ok"] += 1
                elif proc.returncode == 69 and ("cannot reach the hub" in err or "stayed busy" in err):
                    syncs["69"] += 1
                else:
                    syncs[str(proc.returncode)] += 1
                    self.fail(f"part 1 round {r}: {officer}'s sync ended {proc.returncode} during the outage: "
                              f"{err.strip()[:300]}")
            syncs["rounds"] += 1
        # The sync whose hub stayed down.
        try:
            out, err = outage_sync.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            self.fail("part 1: the sync with a hub that stays down did not end in 60 s")
            os.kill(outage_sync.pid, signal.SIGKILL)
            outage_sync.wait()
            err = ""
        outage_seconds = (outage_ended[0] if outage_ended else time.monotonic()) - outage_started
        dead_socket.close()
        if outage_sync.returncode != 69 or "cannot reach the hub" not in err or "stay queued" not in err:
            self.fail(f"part 1: a sync with a hub that stays down ended {outage_sync.returncode}, not 69 with "
                      f"a sentence: {err.strip()[:300]}")
        if digest(out_db) != out_before or scalar(out_db, "SELECT count(*) FROM sync_outbox") != out_pending:
            self.fail("part 1: the failed sync changed the laptop or its queue")
        queued |= set(column(out_db, "SELECT change_id FROM sync_outbox"))
        everyone = list(officers) + [out_officer]
        dbs = {**laptops, out_officer: out_db}
        # Everyone syncs until nothing moves.
        passes = 0
        for passes in range(1, 7):
            moved = False
            for officer in everyone:
                args = ["sync"] + (["--hub", self.address] if officer == out_officer else [])
                code, out, err = self.run(dbs[officer], args, officer)
                if code != 0:
                    self.fail(f"part 1: final sync of {officer} ended {code}: {err.strip()[:300]}")
                    continue
                m = re.search(r"synced: (\d+) change\(s\) sent, (\d+) received", err)
                if not m or m.group(1) != "0" or m.group(2) != "0":
                    moved = True
            if not moved:
                break
        else:
            self.fail("part 1: the laptops did not become quiet in 6 passes of syncs")
        self.check_server_files("part 1 after the final syncs")
        # One more crash: what the hub accepted must be on its disk.
        self.server.kill()
        log = column(self.hub, "SELECT change_id FROM sync_log")
        counts = collections.Counter(log)
        twice = [c for c, n in counts.items() if n > 1]
        missing = queued - set(log)
        extra = set(log) - queued - before
        if twice:
            self.fail(f"part 1: changes logged twice on the hub: {twice[:5]}")
        if missing:
            self.fail(f"part 1: {len(missing)} of {len(queued)} changes queued on laptops are not in the hub's "
                      f"log: {sorted(missing)[:3]}")
        if extra:
            self.fail(f"part 1: {len(extra)} changes in the hub's log that no laptop queued: {sorted(extra)[:3]}")
        texts = collections.Counter(column(self.hub, "SELECT text FROM case_events WHERE kind = 'note'"))
        flos = collections.Counter(column(self.hub, "SELECT flo_id FROM producers WHERE flo_id IS NOT NULL"))
        notes_done = [t for o in officers for t in done[o]["notes"]]
        flo_done = [f for o in officers for f in done[o]["flo"]]
        wrong_notes = [(t, texts[t]) for t in notes_done if texts[t] != 1]
        wrong_flo = [(f, flos[f]) for f in flo_done if flos[f] != 1]
        if wrong_notes or wrong_flo:
            self.fail(f"part 1: writes reported done that are not on the hub exactly once (text, count): "
                      f"{len(wrong_notes)} notes {wrong_notes[:3]}, {len(wrong_flo)} producers {wrong_flo[:3]}")
        hub_tables = digest(self.hub)
        for officer in everyone:
            diff = differences(digest(dbs[officer]), hub_tables)
            pending = scalar(dbs[officer], "SELECT count(*) FROM sync_outbox")
            if diff or pending:
                self.fail(f"part 1: {officer}'s laptop differs from the hub ({pending} still queued): {diff[:3]}")
        self.psr_check([self.hub] + [dbs[o] for o in everyone], "part 1")
        refused = sum(len(done[o]["refused"]) for o in officers)
        print(f"part 1: {len(officers)} officers, {rounds} rounds, {len(notes_done)} notes and {len(flo_done)} "
              f"producers (in {rounds * len(officers)} imports) reported done, {refused} refused; "
              f"{len(queued)} changes queued; {sum(v for k, v in syncs.items() if k != 'rounds')} syncs during "
              f"kills: {syncs['ok']} ended 0, {syncs['69']} ended 69; server SIGKILLed {self.server.kills} times "
              f"({kills_during} with syncs running, {in_flight} requests in flight at the kills, "
              f"{pushes_before_kill} pushes answered before the kills, {lost_answers} pushes committed whose "
              f"answer the kill took), restarted "
              f"{self.server.starts - 1} times on port {self.port}; the sync with a hub that stayed down ended "
              f"{outage_sync.returncode} after {outage_seconds:.1f} s; {passes} passes to quiet; hub log "
              f"{len(log)} changes, none twice; {time.monotonic() - started:.1f} s", flush=True)
        self.server.start()

    # ------------------------------------------------------------------------------------------- part 2

    def bulk_push(self, officer: str, total: int) -> int:
        """Insights pushed over the protocol by a script acting as one more replica, until the hub's log
        holds `total` entries. Returns how many it pushed."""
        origin = str(uuid.uuid4())
        token = self.tokens[officer]
        pushed, n = 0, 0
        while True:
            position = hub_position(self.port, token)
            want = min(1000, total - position)
            if want <= 0:
                return pushed
            changes = []
            for _ in range(want):
                n += 1
                text = f"bulk insight {n}: " + " ".join(self.rng.choice(["auction", "prices", "rain", "buyers",
                                                                          "harvest", "volumes", "late", "early"])
                                                        for _ in range(40))
                at = instant(n)
                changes.append({"change_id": str(uuid.uuid4()), "actor": officer, "at": at,
                                "changeset": base64.b64encode(insight_changeset(officer, text, at)).decode()})
            status, answer = api(self.port, token, "POST", "/v1/push",
                                 {"base": position, "origin": origin, "changes": changes})
            if status == 409:
                continue
            if status != 200:
                raise SystemExit(f"part 2: a bulk push was refused: {status} {answer}")
            pushed += want

    def part2(self, behind: Path, officer: str, bulk_officer: str):
        started = time.monotonic()
        for i in range(3):
            self.ok(behind, ["insight", "add", "--country", "UG", "--kind", "supply", f"behind insight {i}", "-q"],
                    officer)
        bulk = self.bulk_push(bulk_officer, total=max(3 * PAGE - 2000, scalar(self.hub, "SELECT count(*) FROM sync_log")
                                                      + 3000))
        start_at = scalar(behind, "SELECT position FROM sync_state")
        kills, progress, finished, grown, attempts = 0, [], 0, 0, 0
        while kills < 5 and attempts < 14:
            attempts += 1
            at = scalar(behind, "SELECT position FROM sync_state")
            if at >= hub_position(self.port, self.tokens[officer]) - 1000:
                # It has caught up: the hub gains more than a page again.
                bulk += self.bulk_push(bulk_officer, total=at + PAGE + 2000)
                grown += 1
            proc = self.start(behind, ["sync"], officer)
            if attempts % 2 == 0:
                # Just after a page is applied, while the next one comes.
                deadline = time.monotonic() + 30
                while proc.poll() is None and time.monotonic() < deadline and \
                        scalar(behind, "SELECT position FROM sync_state") == at:
                    time.sleep(0.01)
                time.sleep(self.rng.uniform(0.0, 0.3))
            else:
                time.sleep(self.rng.uniform(0.05, 0.3) if attempts == 1 else self.rng.uniform(0.1, 1.0))
            if proc.poll() is None:
                os.kill(proc.pid, signal.SIGKILL)
                proc.wait()
                kills += 1
                progress.append(scalar(behind, "SELECT position FROM sync_state"))
            else:
                out, err = proc.communicate()
                if proc.returncode != 0:
                    self.fail(f"part 2: a sync of the laptop behind ended {proc.returncode}: {err.strip()[:300]}")
                finished += 1
        if kills < 5:
            self.fail(f"part 2: only {kills} of {attempts} syncs of the laptop behind were still pulling at their kill")
        position = hub_position(self.port, self.tokens[officer])
        t0 = time.monotonic()
        code, out, err = self.run(behind, ["sync"], officer)
        took = time.monotonic() - t0
        said = err.strip().splitlines()[-1] if err.strip() else ""
        if code != 0:
            self.fail(f"part 2: the next sync after {kills} kills mid-pull ended {code}: {err.strip()[:300]}")
        self.check_server_files("part 2 after the pulls")
        diff = differences(digest(behind), digest(self.hub))
        if diff:
            self.fail(f"part 2: the laptop killed mid-pull differs from the hub after its sync: {diff[:3]}")
        self.psr_check([behind], "part 2")
        print(f"part 2: hub log {position} entries ({bulk} insights pushed over the protocol by a script as a "
              f"replica, {grown} times more as it caught up), laptop behind from position {start_at}; its sync "
              f"SIGKILLed {kills} times mid-pull (position after each kill: {progress}), {finished} syncs ended "
              f"before their kill; the next sync ended {code} in {took:.2f} s: {said}",
              flush=True)
        self.clone_kills(officer)
        print(f"part 2: {time.monotonic() - started:.1f} s", flush=True)

    def clone_kills(self, officer: str):
        reference = self.work / "reference-clone.sqlite"
        t0 = time.monotonic()
        self.clone(reference, officer)
        took = time.monotonic() - t0
        size = reference.stat().st_size
        target = self.work / "clone.sqlite"
        seen = collections.Counter()
        for attempt in range(6):
            proc = self.start(target, ["sync", "clone", self.address, "-q"], officer)
            if attempt < 2:
                # The instant the target appears: between the rename of the download and its becoming a
                # replica.
                deadline = time.monotonic() + took * 3 + 5
                while time.monotonic() < deadline and proc.poll() is None and not target.exists():
                    pass
            else:
                time.sleep(self.rng.uniform(0.01, took * 0.9))
            killed = proc.poll() is None
            if killed:
                os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
            partials = sorted(p.name for p in self.work.glob("clone.sqlite.psr-partial-*"))
            partial_bytes = sum(p.stat().st_size for p in self.work.glob("clone.sqlite.psr-partial-*"))
            if target.exists():
                role = "?"
                try:
                    role = scalar(target, "SELECT role FROM sync_state")
                except sqlite3.Error as error:
                    role = f"unreadable ({error})"
                code, _, err = self.run(target, ["sync"], officer)
                if not killed:
                    seen[f"the clone ended before its kill ({proc.returncode})"] += 1
                elif role == "replica" and code == 0:
                    seen["a whole clone (killed after its work was done)"] += 1
                else:
                    seen[f"a database left at the target, role {role}"] += 1
                    self.fail(f"part 2: a clone killed {'the instant its file appeared' if attempt < 2 else 'mid-way'} "
                              f"left {target.name} ({target.stat().st_size} bytes, sync_state role {role!r}), a "
                              f"database that looks usable, not a replica: psr sync on it ends {code}: "
                              f"{err.strip()[:200]}; a second clone to the path is refused")
                for suffix in ["", "-wal", "-shm", "-journal"]:
                    Path(str(target) + suffix).unlink(missing_ok=True)
            else:
                seen[f"no database, {len(partials)} partial file(s) of {partial_bytes} bytes" if partials
                     else "nothing at all"] += 1
        code, _, err = self.run(target, ["sync", "clone", self.address, "-q"], officer)
        left = sorted(p.name for p in self.work.glob("clone.sqlite.psr-partial-*"))
        if code != 0:
            self.fail(f"part 2: the clone after the killed ones ended {code}: {err.strip()[:300]}")
        else:
            diff = differences(digest(target), digest(self.hub))
            if diff:
                self.fail(f"part 2: the second clone differs from the hub: {diff[:3]}")
            if left:
                self.fail(f"part 2: partial files of killed clones are still there after a clone: {left}")
            self.psr_check([target], "part 2 clone")
        print(f"part 2: clone of {size >> 10} KiB in {took:.2f} s; 6 clones SIGKILLed (2 the instant the target "
              f"appeared, 4 at random) left: {dict(seen)}; the clone after them ended {code}, "
              f"{len(left)} partial files left", flush=True)

    # ------------------------------------------------------------------------------------------- part 3

    def part3(self, laptop: Path, officer: str, count: int):
        started = time.monotonic()
        token = self.tokens[officer]
        # A genuine push, captured between a laptop and the hub.
        proxy = CapturingProxy(self.port)
        self.ok(laptop, ["insight", "add", "--country", "KE", "--kind", "price", "captured insight", "-q"], officer)
        self.ok(laptop, ["sync", "--hub", f"http://127.0.0.1:{proxy.port}", "-q"], officer)
        self.ok(laptop, ["sync", "--hub", self.address, "-q"], officer)
        proxy.close()
        if not proxy.pushes:
            raise SystemExit("part 3: the proxy saw no push")
        captured = json.loads(proxy.pushes[-1].partition(b"\r\n\r\n")[2])
        genuine = base64.b64decode(captured["changes"][0]["changeset"])
        # A revoked token.
        revoked = self.ok(self.hub, ["hub", "token", "issue", officer, "-q"]).strip()
        tokens = json.loads(self.ok(self.hub, ["hub", "token", "list", "--format", "json"]))
        newest = max((t for t in tokens if t["officer"] == officer), key=lambda t: t["created_at"])
        self.ok(self.hub, ["hub", "token", "revoke", newest["id"], "-q"])
        position = hub_position(self.port, token)
        self.check_server_files("part 3 before")
        before = digest(self.hub, SYNCED + HUB_OWN)
        rss_before = self.server.rss_kib()
        # Connections that send half a request and then nothing, held open through the run.
        stalled = []
        for i in range(100):
            s = socket.create_connection(("127.0.0.1", self.port))
            s.sendall([b"GET /v1/health HTTP/1.1\r\nHost: x\r\n",
                       b"POST /v1/push HTTP/1.1\r\nContent-Length: 99\r\n\r\n{", b""][i % 3])
            stalled.append(s)
        malformed = Malformed(self.rng, token, revoked, position, captured, genuine)
        plan = malformed.plan(count)
        since = self.server.mark()
        results = collections.defaultdict(collections.Counter)
        bad: dict[tuple, list] = {}
        largest = 0
        rss_mid = 0
        for n, (category, make) in enumerate(plan):
            if n == count // 2:
                rss_mid = self.server.rss_kib()
            name, data, allow_silent, abandon = make()
            largest = max(largest, len(data))
            status, outcome, out = http(self.port, data, abandon=abandon, timeout=10)
            if abandon:
                results[category]["abandoned"] += 1
                continue
            label = str(status) if status else outcome
            results[category][label] += 1
            good = (status is not None and 400 <= status < 500) or (allow_silent and outcome == "closed"
                                                                    and not out)
            if not good:
                bad.setdefault((category, name, label), []).append((data[:400], out[:400]))
            if not self.server.alive():
                self.fail(f"part 3: the server died on {category}/{name}: {data[:300]!r}; {self.server.tail(3)}")
                break
            if status is None or not 400 <= status < 500 or status == 409:
                # Something was accepted, or the base moved: the next pushes need the hub's position.
                malformed.position = hub_position(self.port, token)
        for s in stalled:
            s.close()
        time.sleep(0.3)
        alive = self.server.alive()
        health = http(self.port, request("GET", "/v1/health"))[0] if alive else None
        rss_after = self.server.rss_kib() if alive else 0
        after = digest(self.hub, SYNCED + HUB_OWN)
        logged = collections.Counter(s for _, _, _, s in self.server.requests(since))
        logged_5xx = [(m, p[:60], s) for _, m, p, s in self.server.requests(since) if s >= 500]
        total = sum(sum(c.values()) for c in results.values())
        print(f"part 3: {total} malformed requests, by category and answer:", flush=True)
        for category, counter in results.items():
            print(f"  {category:<24} {sum(counter.values()):>4}  " +
                  ", ".join(f"{k}: {v}" for k, v in sorted(counter.items())), flush=True)
        print(f"  the server's request log: {dict(sorted(logged.items()))}", flush=True)
        for (category, name, label), seen in bad.items():
            data, out = seen[0]
            self.fail(f"part 3: {category}/{name}: {len(seen)} answered {label}, not 4xx; e.g. request {data!r} -> "
                      f"{out!r}")
        if logged_5xx:
            self.fail(f"part 3: the server logged {len(logged_5xx)} answers of 5xx, e.g. {logged_5xx[:5]}")
        if not alive:
            self.fail("part 3: the server is gone")
        elif health != 200:
            self.fail(f"part 3: /v1/health answered {health} after the malformed requests")
        diff = differences(after, before)
        if diff:
            self.fail(f"part 3: the malformed requests changed the hub: {diff[:4]}")
        # What the largest request needs may stay with the allocator (a plateau, measured: 20 MiB bodies took
        # it up 115 MiB, then no further); growth past that, or growth in the second half, is a leak.
        bound = 64 + 6 * (largest >> 20)
        if alive and ((rss_after - rss_before) >> 10 > bound or (rss_after - rss_mid) >> 10 > 64):
            self.fail(f"part 3: the server's VmRSS grew from {rss_before >> 10} to {rss_mid >> 10} (half-way) and "
                      f"{rss_after >> 10} MiB (allowed: {bound} MiB in all, the largest request being "
                      f"{largest >> 20} MiB, and 64 MiB in the second half)")
        if alive:
            self.check_server_files("part 3 after")
            self.ok(laptop, ["insight", "add", "--country", "KE", "--kind", "price", "after the storm", "-q"], officer)
            code, _, err = self.run(laptop, ["sync"], officer)
            if code != 0:
                self.fail(f"part 3: a sync after the malformed requests ended {code}: {err.strip()[:300]}")
            self.server.kill()
            if scalar(self.hub, "SELECT count(*) FROM insights WHERE text = 'after the storm'") != 1:
                self.fail("part 3: the change synced after the malformed requests is not on the hub after a crash")
        print(f"part 3: server alive {alive}, /v1/health {health}, VmRSS {rss_before >> 10} -> {rss_mid >> 10} -> "
              f"{rss_after >> 10} "
              f"MiB, hub unchanged {not diff}; {time.monotonic() - started:.1f} s", flush=True)


class Malformed:
    """The malformed requests, by category: (category, name, bytes, may close without a status, abandoned)."""

    def __init__(self, rng: random.Random, token: str, revoked: str, position: int, captured: dict,
                 genuine: bytes):
        self.rng, self.token, self.revoked, self.position = rng, token, revoked, position
        self.captured, self.genuine = captured, genuine
        self.auth = ("Authorization", f"Bearer {token}")
        self.json = ("Content-Type", "application/json")

    def change(self, changeset: bytes | str | None = None, **fields) -> dict:
        if changeset is None:
            changeset = insight_changeset("officer1", f"malformed probe {uuid.uuid4()}", instant(1))
        encoded = changeset if isinstance(changeset, str) else base64.b64encode(changeset).decode()
        out = {"change_id": str(uuid.uuid4()), "actor": "officer1", "at": instant(self.rng.randrange(10 ** 6)),
               "changeset": encoded}
        out.update(fields)
        return out

    def push_body(self, changes: list, base: int | None = None, origin: str | None = None) -> bytes:
        return json.dumps({"base": self.position if base is None else base, "origin": origin or str(uuid.uuid4()),
                           "changes": changes}).encode()

    def stale(self) -> bytes:
        """A valid push that cannot apply: its base is past the hub's position (409 if it gets that far; a push
        behind the hub's position is applied when it applies cleanly over what came since)."""
        return self.push_body([self.change()], base=self.position + 1 + self.rng.randrange(50))

    def push(self, body: bytes, headers=None) -> bytes:
        return request("POST", "/v1/push", headers if headers is not None else [self.auth, self.json], body)

    # Each returns (name, bytes, allow_silent, abandon).

    def truncated(self):
        body = self.push_body([self.change()])
        cut = self.rng.randrange(1, len(body))
        extra = self.rng.choice([1, 10, 1000, 100_000])
        variant = self.rng.randrange(4)
        if variant == 0:
            head = request("POST", "/v1/push", [self.auth, self.json, ("Content-Length", str(len(body) + extra))],
                           length=False)
            return "content-length longer than the body", head + body, True, False
        if variant == 1:
            head = request("POST", "/v1/push", [self.auth, self.json, ("Content-Length", str(len(body)))],
                           length=False)
            return "body cut short", head + body[:cut], True, False
        if variant == 2:
            head = request("POST", "/v1/push", [self.auth, self.json, ("Transfer-Encoding", "chunked")], length=False)
            return "chunk cut short", head + f"{len(body) + extra:x}\r\n".encode() + body[:cut], True, False
        head = request("POST", "/v1/push", [self.auth, self.json, ("Content-Length", str(len(body) + extra))],
                       length=False)
        return "abandoned half-sent", head + body[:cut], True, True

    def bad_base64(self):
        text = self.rng.choice(["!!!not base64!!!", "abc", "=", "====", "YWJj=ZGVm", "\u00e9\u00e8", "a b c d",
                                "-_-_", "VGhpcyBpcw\nBiYXNlNjQ=", "%%%%", "Zm9v" * 3 + "!",
                                base64.b64encode(self.genuine).decode()[:-3] + "*=="])
        return "changeset " + repr(text[:12]), self.push(self.push_body([self.change(text)])), False, False

    def garbage_changeset(self):
        g, rng = self.genuine, self.rng
        variants = {
            "random bytes": lambda: bytes(rng.randrange(256) for _ in range(rng.randrange(1, 3000))),
            "genuine cut short": lambda: g[: rng.randrange(1, len(g) - 1)],
            "genuine, unknown operation": lambda: g[:header_end(g)] + b"\x63" + g[header_end(g) + 1:],
            "patchset": lambda: b"P" + g[1:],
            "text length past the end": lambda: table_header("insights", 9) + b"\x12\x00\x03\x8f\xff\xff\xff\x7f"
            + b"x" * 20,
            "no columns": lambda: b"T\x00insights\x00",
            "70000 columns": lambda: b"T" + varint(70000) + b"\x01" * 10,
            "empty table name": lambda: b"T\x09" + b"\x01" + b"\x00" * 8 + b"\x00",
            "change before a header": lambda: insert(["x"]),
            "unknown value type": lambda: table_header("insights", 9) + b"\x12\x00\x09" + b"\x00" * 9,
            "empty changeset": lambda: b"",
            "a header and no change": lambda: table_header("insights", 9),
            "wrong column count": lambda: table_header("insights", 3) + insert([str(uuid.uuid4()), "x", "y"]),
            "a row breaking the table's rules": lambda: table_header("insights", 9) + insert(
                [str(uuid.uuid4()), "not a date", "officer1", "KE", "TEA", "rumour", " ", instant(2), "officer1"]),
            "a row of an unknown officer": lambda: table_header("insights", 9) + insert(
                [str(uuid.uuid4()), TODAY, "nobody", "KE", "tea", "price", "x", instant(2), "nobody"]),
        }
        name = rng.choice(list(variants))
        return name, self.push(self.push_body([self.change(variants[name]())])), False, False

    def outside_table(self):
        tables = {"hub_tokens": 8, "sync_log": 7, "sync_state": 10, "sync_replicas": 5, "sync_outbox": 6,
                  "sync_conflicts": 9, "schema_migrations": 3, "search_docs": 4, "sqlite_master": 5,
                  "sqlite_sequence": 2, "nope": 2, "INSIGHTS": 9, "insights ": 9, "main.insights": 9,
                  "Officers": 8}
        name = self.rng.choice(list(tables))
        columns = tables[name]
        outside = table_header(name, columns) + insert([str(uuid.uuid4())] + ["x"] * (columns - 1))
        if self.rng.random() < 0.4:
            # A synced table first, then the outside one: refused whole.
            mixed = self.push_body([self.change(self.genuine_fresh() + outside)])
            return f"insights then {name}", self.push(mixed), False, False
        return name, self.push(self.push_body([self.change(outside)])), False, False

    def genuine_fresh(self) -> bytes:
        return insight_changeset("officer1", f"mixed probe {uuid.uuid4()}", instant(3))

    def replay(self):
        captured = self.captured
        variant = self.rng.randrange(3)
        if variant == 0:
            body = json.dumps({**captured, "base": self.position}).encode()
            return "genuine push again, current base", self.push(body), False, False
        if variant == 1:
            return "genuine push again, its old base", self.push(json.dumps(captured).encode()), False, False
        change = dict(captured["changes"][0])
        change["changeset"] = ""
        body = json.dumps({"base": self.position, "origin": captured["origin"], "changes": [change]}).encode()
        return "a logged change id with an empty changeset", self.push(body), False, False

    def content_type(self):
        kind = self.rng.choice([None, "", "text/plain", "text/html", "application/xml", "application/octet-stream",
                                "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "json",
                                "APPLICATION/XML", "application/ json", "application/jsonx",
                                "application/json-patch+json", "application/vnd.sqlite3", "*/*"])
        headers = [self.auth] + ([] if kind is None else [("Content-Type", kind)])
        return f"type {kind!r}", self.push(self.stale(), headers), False, False

    def content_length(self):
        # A stale push: a framing the parser accepts after all can at most be answered 409, never apply.
        body = self.stale()
        variants = {
            "missing": [],
            "two that differ": [("Content-Length", str(len(body))), ("Content-Length", str(len(body) - 1))],
            "two the same": [("Content-Length", str(len(body))), ("Content-Length", str(len(body)))],
            "a list": [("Content-Length", f"{len(body)}, {len(body)}")],
            "negative": [("Content-Length", "-1")],
            "not a number": [("Content-Length", "abc")],
            "hexadecimal": [("Content-Length", hex(len(body)))],
            "plus sign": [("Content-Length", f"+{len(body)}")],
            "past 2^64": [("Content-Length", "184467440737095516160")],
            "40 MiB claimed": [("Content-Length", str(40 << 20))],
            "zero, with a body": [("Content-Length", "0")],
            "shorter than the body": [("Content-Length", str(len(body) // 2))],
            "with chunked too": [("Content-Length", str(len(body))), ("Transfer-Encoding", "chunked")],
        }
        name = self.rng.choice(list(variants))
        head = request("POST", "/v1/push", [self.auth, self.json] + variants[name], length=False)
        return name, head + body, name in ("40 MiB claimed",), False

    def chunked(self):
        body = self.stale()
        te = ("Transfer-Encoding", "chunked")
        variants = {
            "size not hexadecimal": b"zz\r\n" + body + b"\r\n0\r\n\r\n",
            "size past 2^64": b"fffffffffffffffffffff\r\n" + body + b"\r\n0\r\n\r\n",
            "size negative": b"-5\r\n" + body + b"\r\n0\r\n\r\n",
            "size larger than sent": f"{len(body) + 4096:x}\r\n".encode() + body + b"\r\n0\r\n\r\n",
            "no CRLF after the data": f"{len(body):x}\r\n".encode() + body + b"XX0\r\n\r\n",
            "no last chunk": f"{len(body):x}\r\n".encode() + body + b"\r\n",
            "huge extension": f"{len(body):x};".encode() + b"x" * 200_000 + b"\r\n" + body + b"\r\n0\r\n\r\n",
            "garbage trailer": f"{len(body):x}\r\n".encode() + body + b"\r\n0\r\nno colon here\r\n\r\n",
        }
        name = self.rng.choice(list(variants) + ["gzip coding", "chunked, then identity"])
        if name == "gzip coding":
            head = request("POST", "/v1/push", [self.auth, self.json, ("Transfer-Encoding", "gzip")], length=False)
            return name, head + body, True, False
        if name == "chunked, then identity":
            head = request("POST", "/v1/push", [self.auth, self.json, ("Transfer-Encoding", "chunked, identity")],
                           length=False)
            return name, head + f"{len(body):x}\r\n".encode() + body + b"\r\n0\r\n\r\n", True, False
        head = request("POST", "/v1/push", [self.auth, self.json, te], length=False)
        return name, head + variants[name], name in ("size larger than sent", "no last chunk"), False

    def headers(self):
        # Not authenticated: a header the server accepts may not lead to an answer but 401 or 400.
        rng = self.rng
        variants = {
            "a 1 MiB header line": lambda: [("X-Big", "a" * (1 << 20))],
            "a 200 KiB header": lambda: [("X-Big", "b" * (200 << 10))],
            "10,000 headers": lambda: [(f"X-H{i}", "v") for i in range(10000)],
            "500 headers of 1 KiB": lambda: [(f"X-H{i}", "c" * 1024) for i in range(500)],
            "a 100 KiB cookie": lambda: [("Cookie", "s=" + "d" * (100 << 10))],
            "a name with a space": lambda: [("X Bad", "v")],
            "no colon": lambda: [("X-No-Colon-Here", None)],
            "a folded line": lambda: [("X-Folded", "one\r\n two")],
            "a NUL in a value": lambda: [("X-Nul", "a\x00b")],
            "a 1 MiB Host": lambda: [("Host", "h" * (1 << 20))],
        }
        name = rng.choice(list(variants))
        head = "GET /v1/hello HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        for key, val in variants[name]():
            head += f"{key}\r\n" if val is None else f"{key}: {val}\r\n"
        return name, head.encode("latin-1") + b"\r\n", False, False

    def paths(self):
        rng = self.rng
        unauthenticated = ["/v1/../v1/hello", "//v1/hello", "/v1//hello", "/v1/hello/", "/%76%31/hello",
                           "/v1/%68ello", "/v1/%2e%2e/v1/hello", "/v1/health/../hello", "/v1/health/../snapshot",
                           "/v1/./snapshot", "/v1/snapshot%00", "/V1/HELLO", "/v1\\hello", "/v1/hello?x=/../..",
                           "/v1/log?after=0", "/v1/snapshot", "http://127.0.0.1/v1/snapshot", "/../../etc/passwd",
                           "/v1/%00", "/v1/hello%2f..%2f..%2fhealth", "/v1/log?after=-1", "/v1/..%2fsnapshot"]
        authenticated = ["/v1/log?after=-1", "/v1/log?after=abc", "/v1/log?after=", "/v1/log", "/v1/log?after=1e3",
                         "/v1/log?after=0x10", "/v1/log?after=0&limit=99999999", "/v1/log?after=0&limit=0",
                         "/v1/log?after=0&limit=-1", "/v1/log?after=99999999999999999999999",
                         "/v1/log?after=0&limit=5001", "/v1/log?after=%00", "/v1/log?after=0&limit=1e2",
                         "/v1/../../etc/passwd", "/v1/nothing", "/v2/hello", "/v1/hello/extra"]
        variant = rng.randrange(6)
        if variant == 0:
            path = rng.choice(unauthenticated)
            return f"GET {path} without a token", request("GET", path), False, False
        if variant == 1:
            path = rng.choice(authenticated)
            return f"GET {path}", request("GET", path, [self.auth]), False, False
        if variant == 2:
            path = rng.choice(["/v1/../v1/push", "//v1/push", "/v1//push", "/v1/push/", "/%76%31/push",
                               "/v1/%2e%2e/v1/push", "/v1/push?base=0", "/v1/push%00", "/V1/PUSH"])
            return f"POST {path}, a stale push", self.push_like(path), False, False
        if variant == 3:
            raw = rng.choice([b"GET /v1/he\x00llo HTTP/1.1", b"GET /v1/hello\x00 HTTP/1.1", b"GET /v1/ hello HTTP/1.1",
                              b"GET /v1/hello\tx HTTP/1.1", b"GET /v1/h\xe9llo HTTP/1.1", b"GET v1/hello HTTP/1.1",
                              b"GET * HTTP/1.1", b"GET  /v1/hello HTTP/1.1", b"GET /v1/hello HTTP/1.1 extra"])
            return f"request line {raw[:24]!r}", raw + b"\r\nHost: x\r\nConnection: close\r\n\r\n", False, False
        if variant == 4:
            length = rng.choice([9000, 70_000, 300_000])
            path = "/v1/log?after=0&pad=" + "a" * length
            return f"a URL of {length} bytes without a token", request("GET", path), False, False
        path = "/v1/" + "/".join("x" * rng.randrange(1, 50) for _ in range(rng.choice([100, 2000])))
        return "a path of many segments", request("GET", path), False, False

    def push_like(self, path: str) -> bytes:
        return request("POST", path, [self.auth, self.json], self.stale())

    def authorization(self):
        rng, token = self.rng, self.token
        variants = {
            "missing": [],
            "empty": [("Authorization", "")],
            "Bearer alone": [("Authorization", "Bearer")],
            "Bearer and a space": [("Authorization", "Bearer ")],
            "another scheme": [("Authorization", "Basic " + base64.b64encode(f"officer1:{token}".encode()).decode())],
            "lower-case scheme": [("Authorization", f"bearer {token}")],
            "one character more": [("Authorization", f"Bearer {token}x")],
            "one character less": [("Authorization", f"Bearer {token[:-1]}")],
            "upper-case token": [("Authorization", f"Bearer {token.upper()}")],
            "revoked": [("Authorization", f"Bearer {self.revoked}")],
            "60 KiB token": [("Authorization", "Bearer psr_" + "f" * (60 << 10))],
            "1 MiB token": [("Authorization", "Bearer psr_" + "e" * (1 << 20))],
            "NUL in the token": [("Authorization", f"Bearer {token[:10]}\x00{token[10:]}")],
            "wrong then right": [("Authorization", "Bearer psr_wrong"), ("Authorization", f"Bearer {token}")],
            "a token in the query": [],
        }
        name = rng.choice(list(variants))
        path = rng.choice(["/v1/hello", "/v1/log?after=0", "/v1/snapshot"])
        if name == "a token in the query":
            path += ("&" if "?" in path else "?") + f"token={token}"
        if rng.random() < 0.25:
            return f"{name}, push", request("POST", "/v1/push", variants[name] + [self.json], self.push_body(
                [self.change()])), False, False
        return f"{name}, {path.split('?')[0]}", request("GET", path, variants[name]), False, False

    def not_json(self):
        rng = self.rng
        variants = {
            "random bytes": lambda: bytes(rng.randrange(256) for _ in range(rng.randrange(1, 5000))),
            "null": lambda: b"null", "an array": lambda: b"[]", "a string": lambda: b'"push"',
            "a number": lambda: b"42",
            "an open brace": lambda: b"{", "XML": lambda: b"<push><base>1</base></push>",
            "form data": lambda: b"base=1&origin=x", "100,000 nested arrays": lambda: b"[" * 100_000 + b"]" * 100_000,
            "100,000 nested objects": lambda: b'{"a":' * 100_000 + b"1" + b"}" * 100_000,
            "invalid UTF-8": lambda: b'{"base": 1, "origin": "\xff\xfe", "changes": []}',
            "a NUL in the middle": lambda: self.stale()[:20] + b"\x00" + self.stale()[20:],
            "two documents": lambda: self.stale() + self.stale(),
            "an 8 MiB string": lambda: b'{"base": 0, "origin": "' + b"a" * (8 << 20) + b'", "changes": []}',
            "JSON cut short": lambda: self.stale()[: rng.randrange(1, 60)],
            "a BOM, then a stale push": lambda: b"\xef\xbb\xbf" + self.stale(),
        }
        name = rng.choice(list(variants))
        return name, self.push(variants[name]()), False, False

    def wrong_json(self):
        rng = self.rng
        good = self.change()
        uid = str(uuid.uuid4())
        variants = {
            "base a string": {"base": str(self.position)},
            "base a fraction": {"base": self.position + 0.5},
            "base negative": {"base": -1},
            "base null": {"base": None},
            "base past Int": {"base": 10 ** 30},
            "base true": {"base": True},
            "origin a number": {"origin": 7},
            "origin not an id": {"origin": "laptop-of-officer1"},
            "origin empty": {"origin": ""},
            "origin 1 KiB": {"origin": "a" * 1024},
            "changes an object": {"changes": good},
            "changes empty": {"changes": []},
            "changes null": {"changes": None},
            "changes of numbers": {"changes": [1, 2, 3]},
            "change id missing": {"changes": [{k: v for k, v in good.items() if k != "change_id"}]},
            "change id not an id": {"changes": [{**good, "change_id": "change-1"}]},
            "change id twice": {"changes": [{**good, "change_id": uid}, {**self.change(), "change_id": uid}]},
            "actor empty": {"changes": [{**good, "actor": ""}]},
            "actor 101 bytes": {"changes": [{**good, "actor": "a" * 101}]},
            "actor a number": {"changes": [{**good, "actor": 5}]},
            "at empty": {"changes": [{**good, "at": ""}]},
            "at 41 bytes": {"changes": [{**good, "at": "2" * 41}]},
            "changeset a number": {"changes": [{**good, "changeset": 12345}]},
            "changeset null": {"changes": [{**good, "changeset": None}]},
            "changeset an array": {"changes": [{**good, "changeset": [84, 1]}]},
            "changeset missing": {"changes": [{k: v for k, v in good.items() if k != "changeset"}]},
            "no base": {"base": "__drop__"},
            "no origin": {"origin": "__drop__"},
            "no changes": {"changes": "__drop__"},
            "a good change, then a bad one": {"changes": [good, {**self.change(), "change_id": "bad"}]},
        }
        name = rng.choice(list(variants))
        doc = {"base": self.position, "origin": str(uuid.uuid4()), "changes": [good]}
        for key, val in variants[name].items():
            if val == "__drop__":
                doc.pop(key)
            else:
                doc[key] = val
        return name, self.push(json.dumps(doc).encode()), False, False

    def methods(self):
        rng = self.rng
        variants = [("BREW", "/v1/hello", True), ("PROPFIND", "/v1/hello", True), ("TRACE", "/v1/hello", True),
                    ("CONNECT", "127.0.0.1:22", False), ("OPTIONS", "/v1/push", True), ("DELETE", "/v1/push", True),
                    ("PUT", "/v1/push", True), ("PATCH", "/v1/log", True), ("GET", "/v1/push", True),
                    ("POST", "/v1/hello", True), ("POST", "/v1/snapshot", True), ("POST", "/v1/log?after=0", True),
                    ("DELETE", "/v1/snapshot", True), ("get", "/v1/hello", True), ("G" * 1000, "/v1/hello", True),
                    ("HEAD", "/v1/push", True), ("PUT", "/v1/hello", False), ("", "/v1/hello", True)]
        method, path, auth = rng.choice(variants)
        body = self.stale() if method in ("PUT", "POST", "PATCH") else b""
        headers = ([self.auth] if auth else []) + ([self.json] if body else [])
        return f"{method[:12]} {path}", request(method, path, headers, body) if method else \
            f" {path} HTTP/1.1\r\nHost: x\r\n\r\n".encode(), False, False

    def protocol(self):
        rng = self.rng
        variants = {
            "HTTP/0.9": b"GET /v1/health\r\n",
            "HTTP/0.9 with a token path": b"GET /v1/snapshot\r\n",
            "HTTP/2 preface": b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" + b"\x00\x00\x12\x04\x00\x00\x00\x00\x00"
            + b"\x00" * 18,
            "HTTP/2.0 request line": b"GET /v1/hello HTTP/2.0\r\nHost: x\r\n\r\n",
            "HTTP/3.0": b"GET /v1/hello HTTP/3.0\r\nHost: x\r\n\r\n",
            "HTTP/1.2": b"GET /v1/hello HTTP/1.2\r\nHost: x\r\nConnection: close\r\n\r\n",
            "HTTP/1.x": b"GET /v1/hello HTTP/1.x\r\nHost: x\r\n\r\n",
            "no version": b"GET /v1/hello\r\nHost: x\r\n\r\n",
            "TLS ClientHello": bytes.fromhex("16030100a5010000a10303") + bytes(rng.randrange(256) for _ in range(160)),
            "SSH banner": b"SSH-2.0-OpenSSH_9.6\r\n",
            "binary": bytes(rng.randrange(256) for _ in range(rng.randrange(1, 4000))),
            "a blank line flood": b"\r\n" * 50_000,
            "LF only line ends, no Host, HTTP/1.1": b"GET /v1/snapshot HTTP/1.1\n\n",
            "lower-case http": b"GET /v1/hello http/1.1\r\nHost: x\r\n\r\n",
        }
        name = rng.choice(list(variants))
        # Blank lines before a request line are allowed (RFC 9112 2.2): a flood of them that ends is no request.
        return name, variants[name], name == "a blank line flood", False

    def plan(self, count: int):
        """`count` (category, maker) pairs in a random order; each maker builds its request when called, with the
        hub's position of that moment."""
        weights = [(self.truncated, "truncated body", 90), (self.bad_base64, "bad base64", 60),
                   (self.garbage_changeset, "garbage changeset", 90), (self.outside_table, "outside synced set", 60),
                   (self.replay, "replay", 30), (self.content_type, "content type", 60),
                   (self.content_length, "content-length", 70), (self.chunked, "chunked", 60),
                   (self.headers, "huge headers", 50), (self.paths, "path and query", 110),
                   (self.authorization, "authorization", 90), (self.not_json, "not JSON", 60),
                   (self.wrong_json, "JSON of wrong types", 90), (self.methods, "method", 40),
                   (self.protocol, "protocol garbage", 40)]
        scale = count / sum(w for _, _, w in weights)
        out = [(category, make) for make, category, weight in weights for _ in range(round(weight * scale))]
        while len(out) < count:
            make, category, _ = self.rng.choice(weights)
            out.append((category, make))
        out = out[:count]
        self.rng.shuffle(out)
        return out


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--psr", default=str(ROOT / ".build/debug/psr"))
    p.add_argument("--seed", type=int, default=int(os.environ.get("SEED", "2026")))
    p.add_argument("--officers", type=int, default=4)
    p.add_argument("--notes", type=int, default=48, help="notes per officer before the first round (a quarter "
                                                          "before each later one)")
    p.add_argument("--rounds", type=int, default=4, help="rounds of syncs with the hub killed")
    p.add_argument("--requests", type=int, default=1000)
    args = p.parse_args()
    psr = str(Path(args.psr).resolve())
    work = Path(tempfile.mkdtemp(prefix="psr-hub-faults-"))
    started = time.monotonic()
    run = None
    try:
        run = Run(psr, work, args.seed, args.notes)
        officers = [f"officer{n}" for n in range(1, args.officers + 1)]
        late, outage = "latecomer", "faraway"
        run.setup(officers + [late, outage])
        laptops = {o: work / f"{o}.sqlite" for o in officers}
        for officer, db in laptops.items():
            run.clone(db, officer)
        behind = work / "latecomer.sqlite"
        run.clone(behind, late)  # at the log's start: thousands behind by part 2
        faraway = work / "faraway.sqlite"
        run.clone(faraway, outage)
        run.part1(officers, laptops, args.rounds, (faraway, outage))
        run.part2(behind, late, officers[0])
        run.part3(laptops[officers[0]], officers[0], args.requests)
        return_code = 1 if run.problems else 0
        print(("ok    " if not run.problems else f"FAIL  {len(run.problems)} problems; ") +
              f"seed {args.seed}; {time.monotonic() - started:.1f} s", flush=True)
        return return_code
    finally:
        PROCS.kill_all()
        if os.environ.get("KEEP") == "1":
            print("kept", work)
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
