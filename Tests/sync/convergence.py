#!/usr/bin/env python3
"""Convergence of officers' databases through the unit's hub, with the real psr binary.

N officer databases are cloned from a hub; each makes random writes through the binary (case open, update,
note, close, reopen; visits; NCs and corrections; producer edits and status changes; the same records edited
on several laptops; the same producer registered on several laptops, merged on one or more, and visited
by laptops that have not heard of the merge), syncing in random order at random moments (now and then by bundles carried by hand:
sync export, hub import, hub export --for, sync import), while some writes and syncs are killed
with SIGKILL part-way. After final syncs, every database's synced tables must equal the hub's, every write
a command reported as done must be on the hub, and `psr check` must pass everywhere.

Reduced counts by default (CI); the full run is `--officers 8 --writes 2000 --kills 30` (docs/RELIABILITY.md).
"""
from __future__ import annotations

import argparse, json, os, random, shutil, signal, sqlite3, subprocess, sys, tempfile, time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
SYNCED = ["regions", "countries", "officers", "officer_countries", "producers", "producer_merges", "producer_products",
          "producer_status_changes", "cases", "case_tags", "case_events", "activities", "activity_topics",
          "activity_cases", "insights", "audits", "non_conformities", "case_non_conformities", "corrections",
          "priority_changes"]
TODAY = "2026-11-26"
FLO_IDS = ["27651", "1503", "34017", "2311", "4120", "19876", "40555", "22015"]
# Producers that several laptops register, each unaware of the others: duplicates to merge.
TWICE = ["990001", "990002", "990003", "990004", "990005", "990006"]


class Run:
    def __init__(self, psr: str, work: Path, seed: int):
        self.psr, self.work, self.random = psr, work, random.Random(seed)
        self.writes = self.done = self.syncs = self.kills = self.refused = 0
        self.carried = self.bundles = 0
        self.queued: dict[str, list[Path]] = {}  # bundles exported and not yet imported on the hub, by officer
        self.imported: list[Path] = []
        self.tokens: list[str] = []  # texts of notes, visits and NCs whose command reported done
        self.visits: list[str] = []  # short ids of visits logged, to correct
        self.merges = 0
        # Kills planned but not done yet: a command that ended before its kill passes it on to the next.
        self.owed = 0
        self.opened: list[str] = []  # ids of cases whose open reported done

    def psr_run(self, db: Path, args: list[str], officer: str, kill_after: float | None = None):
        cmd = [self.psr, "--db", str(db), "--as", officer, "--today", TODAY, "-q"] + args
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                env={**os.environ, "NO_COLOR": "1"})
        if kill_after is not None:
            time.sleep(kill_after)
            if proc.poll() is None:
                proc.send_signal(signal.SIGKILL)
                proc.wait()
                self.kills += 1
                self.owed = max(0, self.owed - 1)
                return None
        out, err = proc.communicate(timeout=120)
        if proc.returncode != 0 and "psr:" not in err:
            raise SystemExit(f"psr crashed or said nothing: {cmd}: {proc.returncode} {err}")
        return proc.returncode, out, err

    def ok(self, db: Path, args: list[str], officer: str) -> str:
        result = self.psr_run(db, args, officer)
        assert result and result[0] == 0, f"{args}: {result}"
        return result[1]

    def known_cases(self, db: Path, officer: str) -> list[str]:
        out = self.ok(db, ["case", "list", "--all", "--format", "json", "--limit", "500"], officer) \
            if self.has_all else self.ok(db, ["case", "list", "--format", "json", "--limit", "500"], officer)
        return [c["id"][:8] for c in json.loads(out)]

    def setup(self, officers: int) -> tuple[Path, list[tuple[Path, str]]]:
        hub = self.work / "hub.sqlite"
        self.ok(hub, ["init"], "psr")
        handles = [f"officer{n}" for n in range(1, officers + 1)]
        for handle in handles:
            self.ok(hub, ["officer", "add", handle, "--name", handle.title(), "--email", f"{handle}@example.org",
                          "--base", "KE", "--covers", "KE,UG,ET,PE,GH,CO"], "psr")
        self.ok(hub, ["producer", "import", str(ROOT / "Fixtures/producers.csv")], handles[0])
        self.ok(hub, ["hub", "init"], handles[0])
        replicas = []
        for handle in handles:
            db = self.work / f"{handle}.sqlite"
            self.ok(db, ["sync", "clone", str(hub)], handle)
            replicas.append((db, handle))
        help_text = subprocess.run([self.psr, "case", "list", "--help"], capture_output=True, text=True).stdout
        self.has_all = "--all" in help_text
        return hub, replicas

    def write(self, db: Path, officer: str, cases: list[str], kill: bool):
        r = self.random
        token = f"t{self.writes}-{r.randrange(10**9)}"
        choice = r.random()
        flo = r.choice(FLO_IDS)
        if choice < 0.18 or not cases:
            args = ["case", "open", "--type", r.choice(["trade", "business", "certification"]), "--title",
                    f"Case {token}", "--producer", flo, "--priority", r.choice(["low", "normal", "high"])]
            kind = "open"
        elif choice < 0.35:
            args, kind = ["case", "note", r.choice(cases), f"Note {token}"], "token"
        elif choice < 0.47:
            args = ["case", "update", r.choice(cases), r.choice(["--priority", "--status"])]
            args.append(r.choice(["low", "normal", "high", "urgent"]) if args[-1] == "--priority"
                        else r.choice(["open", "active", "waiting"]))
            kind = "plain"
        elif choice < 0.55:
            args, kind = ["case", "close", r.choice(cases), "--resolution", f"Closed {token}"], "plain"
        elif choice < 0.60:
            args, kind = ["case", "reopen", r.choice(cases), "--reason", f"Reopened {token}"], "plain"
        elif choice < 0.72:
            args = ["visit", "log", "--kind", r.choice(["field-visit", "remote"]), "--date", TODAY, "--producer", flo,
                    "--summary", f"Visit {token}"]
            if r.random() < 0.3:
                args += ["--case", r.choice(cases)]
            kind = "token"
        elif choice < 0.80:
            args = ["nc", "add", "--producer", flo, "--criterion", f"SPO {r.randint(1, 5)}.{r.randint(1, 9)}",
                    "--type", r.choice(["core", "development", "voluntary"]), "--deadline", "2027-03-31",
                    "--description", f"Finding {token}"]
            kind = "token"
        elif choice < 0.84 and self.visits:
            # The first few visits corrected on every laptop (concurrent corrections of one value), now and
            # then voided.
            visit = r.choice(self.visits[:4])
            if r.random() < 0.1:
                args = ["visit", "void", visit, "--reason", f"Voided {token}"]
            else:
                args = ["visit", "update", visit, "--women", str(r.randint(0, 40)), "--reason", f"Recount {token}"]
            kind = "plain"
        elif choice < 0.86:
            # The same few producers edited on every laptop: concurrent edits of one value.
            args, kind = ["producer", "update", r.choice(FLO_IDS[:3]), "--members", str(r.randint(50, 9000))], "plain"
        elif choice < 0.89:
            args = ["producer", "status", r.choice(FLO_IDS), r.choice(["suspended", "certified"]), "--on", TODAY]
            kind = "plain"
        elif choice < 0.93:
            # A few regions' priority areas changed on every laptop: the same area added on one and removed on
            # another, which the (at, id) order of the changes settles the same way everywhere.
            args = ["region", "priorities", r.choice(["AME-ECA", "AME", "LAC-AND"]), "--year", "2026",
                    r.choice(["--add", "--remove"]), r.choice(["ics", "gender", "climate", "market-access"])]
            kind = "plain"
        else:
            args, kind = self.twice(db, token)
        self.writes += 1
        result = self.psr_run(db, args, officer, kill_after=r.uniform(0.002, 0.05) if kill else None)
        if result is None:
            return
        code, out, err = result
        if code != 0:
            self.refused += 1
            return
        self.done += 1
        if kind == "merge":
            self.merges += 1
        if kind == "open":
            self.opened.append(out.strip())
            cases.append(out.strip())
        elif kind == "token":
            self.tokens.append(token)
            if args[:2] == ["visit", "log"] and out.strip():
                self.visits.append(out.strip())

    def twice(self, db: Path, token: str) -> tuple[list[str], str]:
        """A producer registered here (refused when this laptop has it already), a merge of two registrations
        this laptop knows (the later into the earlier), or a visit to any registration, merged or not."""
        r = self.random
        connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        known = connection.execute(
            f"SELECT flo_id, id, merged_into FROM producers WHERE flo_id IN ({','.join('?' * len(TWICE))}) "
            "ORDER BY flo_id, created_at, id", TWICE).fetchall()
        connection.close()
        pairs = [(a[1], b[1]) for a, b in zip(known, known[1:])
                 if a[0] == b[0] and a[2] is None and b[2] is None]
        draw = r.random()
        if pairs and draw < 0.4:
            kept, duplicate = r.choice(pairs)
            return ["producer", "merge", kept, duplicate], "merge"
        if known and draw < 0.6:
            return ["visit", "log", "--kind", "remote", "--date", TODAY, "--producer", r.choice(known)[1],
                    "--summary", f"Visit {token}"], "token"
        return ["producer", "add", "--name", f"Twice {token}", "--country", "KE", "--type", "spo",
                "--flo-id", r.choice(TWICE)], "plain"

    def sync(self, db: Path, officer: str, kill: bool) -> bool:
        self.syncs += 1
        result = self.psr_run(db, ["sync"], officer, kill_after=self.random.uniform(0.002, 0.08) if kill else None)
        if result is None:
            return False
        code, out, err = result
        if code != 0 and "busy" not in err:
            raise SystemExit(f"sync failed on {db.name}: {err}")
        return code == 0


    def carry(self, hub: Path, db: Path, officer: str, kill: bool) -> bool:
        """A sync by hand: export a bundle, import it (with any earlier ones, in a random order, and now and
        then one imported before) on the hub, export the hub's changes for the officer and import them."""
        self.carried += 1
        kill_at = self.random.randrange(4) if kill else None

        def step(n: int, target: Path, args: list[str]):
            return self.psr_run(target, args, officer if target != hub else "officer1",
                                kill_after=self.random.uniform(0.005, 0.08) if kill_at == n else None)

        self.bundles += 1
        out = self.work / f"{db.stem}-{self.bundles}.psrbundle"
        result = step(0, db, ["sync", "export", str(out)])
        if out.exists():  # a killed export may still have written its file
            self.queued.setdefault(officer, []).append(out)
        if result is not None and result[0] != 0 and "pending change" not in result[2]:
            raise SystemExit(f"sync export failed on {db.name}: {result[2]}")
        bundles = list(self.queued.get(officer, []))
        if bundles:
            self.random.shuffle(bundles)
            again = [self.random.choice(self.imported)] if self.imported and self.random.random() < 0.3 else []
            result = step(1, hub, ["hub", "import"] + [str(b) for b in bundles + again])
            if result is None:
                return False
            if result[0] != 0:
                if "busy" in result[2]:
                    return False
                raise SystemExit(f"hub import failed: {result[2]}")
            self.imported += bundles
            self.queued[officer] = []
        back = self.work / f"for-{db.stem}-{self.bundles}.psrbundle"
        result = step(2, hub, ["hub", "export", "--for", officer, str(back)])
        if result is None or not back.exists():
            return False
        if result[0] != 0:
            raise SystemExit(f"hub export failed: {result[2]}")
        result = step(3, db, ["sync", "import", str(back)])
        if result is None:
            return False
        if result[0] != 0 and "busy" not in result[2]:
            raise SystemExit(f"sync import failed on {db.name}: {result[2]}")
        return result[0] == 0


def digest(db: Path) -> dict[str, list[tuple]]:
    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    tables = {t: connection.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in SYNCED}
    connection.close()
    return tables


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--psr", default=str(ROOT / ".build/debug/psr"))
    p.add_argument("--officers", type=int, default=4)
    p.add_argument("--writes", type=int, default=40, help="writes per officer")
    p.add_argument("--kills", type=int, default=6, help="SIGKILLs of writes and syncs, in all")
    p.add_argument("--seed", type=int, default=int(os.environ.get("SEED", "2026")))
    args = p.parse_args()
    work = Path(tempfile.mkdtemp(prefix="psr-convergence-"))
    started = time.monotonic()
    try:
        run = Run(args.psr, work, args.seed)
        hub, replicas = run.setup(args.officers)
        cases = {db: [] for db, _ in replicas}
        total = args.officers * args.writes
        # Which steps are killed: spread at random over the run, writes and syncs alike.
        killed = set(run.random.sample(range(total + total // 5), min(args.kills, total)))
        step = 0
        remaining = {db: args.writes for db, _ in replicas}
        while any(remaining.values()):
            db, officer = run.random.choice([(d, o) for d, o in replicas if remaining[d] > 0])
            if step in killed:
                run.owed += 1
            kill = run.owed > 0
            draw = run.random.random()
            if draw < 0.05:
                if run.carry(hub, db, officer, kill=kill):
                    cases[db] = run.known_cases(db, officer)
            elif draw < 0.2:
                if run.sync(db, officer, kill=kill):
                    cases[db] = run.known_cases(db, officer)
            else:
                run.write(db, officer, cases[db], kill=kill)
                remaining[db] -= 1
            step += 1
        # Final syncs: twice round, so everyone receives what the last ones sent.
        for _ in range(2):
            for db, officer in replicas:
                assert run.sync(db, officer, kill=False), f"final sync of {db.name} failed"
        hub_tables = digest(hub)
        diverged = [db.name for db, _ in replicas if digest(db) != hub_tables]
        hub_db = sqlite3.connect(f"file:{hub}?mode=ro", uri=True)
        case_ids = {row[0][:8] for row in hub_db.execute("SELECT id FROM cases")}
        texts = "\n".join(str(v) for t in ("case_events", "activities", "non_conformities")
                          for row in hub_db.execute(f"SELECT * FROM {t}") for v in row)
        missing_cases = [c for c in run.opened if c not in case_ids]
        missing_tokens = [t for t in run.tokens if t not in texts]
        conflicts = sum(sqlite3.connect(f"file:{db}?mode=ro", uri=True)
                        .execute("SELECT count(*) FROM sync_conflicts").fetchone()[0] for db, _ in replicas)
        checks = [db.name for db in [hub] + [d for d, _ in replicas]
                  if subprocess.run([args.psr, "--db", str(db), "check"], capture_output=True).returncode != 0]
        print(f"convergence: {args.officers} officers, {run.writes} writes ({run.done} done, {run.refused} refused "
              f"by a rule, {run.kills} killed in all of {args.kills} planned; {run.merges} producer merges), {run.syncs} syncs and {run.carried} by bundle, {conflicts} conflicts kept for review, "
              f"hub log {hub_db.execute('SELECT count(*) FROM sync_log').fetchone()[0]} changes; "
              f"{time.monotonic() - started:.1f} s; seed {args.seed}")
        problems = []
        if diverged:
            problems.append(f"databases that differ from the hub: {diverged}")
            for db, _ in replicas:
                if db.name not in diverged:
                    continue
                mine = digest(db)
                for table in SYNCED:
                    if mine[table] != hub_tables[table]:
                        only_here = set(mine[table]) - set(hub_tables[table])
                        only_hub = set(hub_tables[table]) - set(mine[table])
                        problems.append(f"  {db.name} {table}: here only {sorted(only_here)[:3]}; hub only {sorted(only_hub)[:3]}")
        if missing_cases or missing_tokens:
            problems.append(f"writes reported done but not on the hub: {missing_cases[:5]} {missing_tokens[:5]}")
        if checks:
            problems.append(f"psr check failed on {checks}")
        for problem in problems:
            print("FAIL", problem)
        if not problems:
            print("ok    every database equals the hub, every write reported done is on it, psr check passes")
        return 1 if problems else 0
    finally:
        if os.environ.get("KEEP") != "1":
            shutil.rmtree(work, ignore_errors=True)
        else:
            print("kept", work)


if __name__ == "__main__":
    sys.exit(main())
