#!/usr/bin/env bash
# Reliability checks for psr: each tries to break one property and fails when it breaks.
#
#   Tests/reliability/reliability.sh           the reduced counts (what .ci/run runs, about a minute)
#   Tests/reliability/reliability.sh --full    the full counts of docs/RELIABILITY.md (a release build; minutes)
#   ONLY="crash fuzz" Tests/reliability/...     only those checks (concurrent crash disk hostile readonly backup fuzz
#                                               numbers hostiledb)
#
# PSR=path/to/psr picks the binary; otherwise the full run builds a release binary and the reduced run uses
# .build/debug/psr (built by `swift test`). Needs root for the disk-full (tmpfs) and read-only (another
# user) checks; without root those two are reported as skipped.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE=$ROOT/Tests/reliability
FULL=0
[ "${1:-}" = "--full" ] && FULL=1
if [ $FULL = 1 ]; then
  WRITER_CASES=250; CRASH_ROWS=100000; CRASH_RUNS=30; FUZZ_FILES=10000; FLAG_RUNS=10000; BACKUP_WRITES=200
else
  WRITER_CASES=40; CRASH_ROWS=5000; CRASH_RUNS=5; FUZZ_FILES=300; FLAG_RUNS=300; BACKUP_WRITES=40
fi
if [ -z "${PSR:-}" ]; then
  if [ $FULL = 1 ]; then
    (cd "$ROOT" && swift build -c release --static-swift-stdlib --scratch-path .build-release >/dev/null) || exit 1
    PSR=$ROOT/.build-release/release/psr
  else
    PSR=$ROOT/.build/debug/psr
  fi
fi
[ -x "$PSR" ] || { echo "no psr binary at $PSR; build it first (swift build)"; exit 1; }
WORK=$(mktemp -d /tmp/psr-reliability.XXXXXX)
MOUNTED=""
cleanup() {
  [ -n "$MOUNTED" ] && umount "$MOUNTED" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT
export NO_COLOR=1 HOME=$WORK
unset PSR_DB PSR_OFFICER PSR_TODAY
passed=0
failed=0
ok() { echo "ok    $1"; passed=$((passed + 1)); }
bad() { echo "FAIL  $1"; failed=$((failed + 1)); }
psr() { "$PSR" "$@"; }
want() { [ -z "${ONLY:-}" ] || [[ " $ONLY " == *" $1 "* ]]; }
count_producers() { psr --db "$1" producer export | tail -n +2 | wc -l; }
sha() { sha256sum "$1" | cut -d' ' -f1; }
echo "psr reliability checks ($([ $FULL = 1 ] && echo full || echo reduced) counts) with $PSR"

# 1. Concurrent writers: 4 processes each open WRITER_CASES cases at once while a report runs in a loop.
if want concurrent; then
db=$WORK/concurrent.sqlite
psr --db "$db" init -q && psr --db "$db" officer add w --name Writer --email w@example.org --base KE --covers KE -q
(while [ ! -e "$WORK/stop" ]; do psr --db "$db" report region AME-ECA --format json >/dev/null 2>>"$WORK/report.err" || echo x >>"$WORK/report.fail"; done) &
reporter=$!
writers=()
for p in 1 2 3 4; do
  (for i in $(seq "$WRITER_CASES"); do
    psr --db "$db" --as w case open --type liaison --country KE --title "writer $p case $i" >/dev/null 2>>"$WORK/w$p.err" || echo x >>"$WORK/writers.fail"
  done) &
  writers+=($!)
done
wait "${writers[@]}"
touch "$WORK/stop"
wait $reporter
cases=$(psr --db "$db" case list --limit 1000000 --format csv | tail -n +2 | wc -l)
expected=$((4 * WRITER_CASES))
if [ "$cases" = "$expected" ] && [ ! -e "$WORK/writers.fail" ] && [ ! -e "$WORK/report.fail" ] && psr --db "$db" check >/dev/null; then
  ok "concurrent writers: 4 x $WRITER_CASES cases opened at once beside a report loop: $cases present, no error"
else
  bad "concurrent writers: $cases of $expected cases; errors: $(cat "$WORK"/w*.err "$WORK/report.err" 2>/dev/null | sort | uniq -c | head -3)"
fi
rm -f "$WORK/stop"
fi

# 2. Crash safety: an import killed with SIGKILL at a random moment leaves all of it or none, and the rest.
if want crash; then
python3 "$HERE/make_inputs.py" producers "$WORK/crash.csv" "$CRASH_ROWS" 100000
db=$WORK/crash.sqlite
psr --db "$db" init -q && psr --db "$db" producer import "$ROOT/Fixtures/producers.csv" -q
cp "$db" "$WORK/crash-base.sqlite"
base_export=$(psr --db "$db" producer export)
base=$(count_producers "$db")
start=$(date +%s%N)
psr --db "$db" producer import "$WORK/crash.csv" -q
full_time=$(python3 -c "print(round(($(date +%s%N) - $start) / 1e9, 2))")
crash_ok=1
none=0
all=0
for run in $(seq "$CRASH_RUNS"); do
  rm -f "$db" "$db-wal" "$db-shm"
  cp "$WORK/crash-base.sqlite" "$db"
  delay=$(python3 -c "import random; print(round(random.uniform(0.02, $full_time * 1.3), 3))")
  psr --db "$db" producer import "$WORK/crash.csv" -q 2>/dev/null &
  importer=$!
  sleep "$delay"
  kill -9 $importer 2>/dev/null
  wait $importer 2>/dev/null
  n=$(count_producers "$db")
  if ! psr --db "$db" check >/dev/null; then crash_ok=0; echo "  run $run: check failed"; fi
  if [ "$n" = "$base" ]; then none=$((none + 1)); elif [ "$n" = $((base + CRASH_ROWS)) ]; then all=$((all + 1)); else
    crash_ok=0
    echo "  run $run: $n producers, neither $base nor $((base + CRASH_ROWS))"
  fi
  if ! diff <(echo "$base_export") <(psr --db "$db" producer export | grep -v "Reliability Producer") >/dev/null; then
    crash_ok=0
    echo "  run $run: the producers committed before changed"
  fi
done
if [ $crash_ok = 1 ]; then
  ok "crash safety: $CRASH_RUNS imports of $CRASH_ROWS rows killed at random (an import takes ${full_time}s): $none held none, $all held all, every one passed psr check"
else
  bad "crash safety: see the runs above"
fi
fi

# 3. Disk full: an import into a database on a small tmpfs fails clearly; freed, it passes psr check.
if want disk; then
small=$WORK/small
mkdir -p "$small"
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=4m tmpfs "$small" 2>/dev/null; then
  MOUNTED=$small
  db=$small/full.sqlite
  psr --db "$db" init -q && psr --db "$db" producer import "$ROOT/Fixtures/producers.csv" -q
  before=$(psr --db "$db" producer export)
  python3 "$HERE/make_inputs.py" producers "$WORK/full.csv" 30000 300000
  dd if=/dev/zero of="$small/filler" bs=1k count=2200 status=none 2>/dev/null
  out=$(psr --db "$db" producer import "$WORK/full.csv" 2>&1)
  status=$?
  rm -f "$small/filler"
  if [ $status != 0 ] && echo "$out" | grep -q "disk is full" && psr --db "$db" check >/dev/null \
    && [ "$(psr --db "$db" producer export)" = "$before" ]; then
    ok "disk full: the import failed with \"$(echo "$out" | head -1)\" (exit $status); once space was freed psr check passed and the 10 producers were as before"
  else
    bad "disk full: exit $status, \"$out\""
  fi
  umount "$small" && MOUNTED=""
else
  echo "skip  disk full: needs root to mount a tmpfs"
fi
fi

# 4. Hostile files: each refused with its own message and exit 65, and left byte for byte as it was.
if want hostile; then
psr --db "$WORK/good.sqlite" init -q && psr --db "$WORK/good.sqlite" producer import "$ROOT/Fixtures/producers.csv" -q
echo "these are my notes, not a database" >"$WORK/notes.sqlite"
head -c 40000 "$WORK/good.sqlite" >"$WORK/truncated.sqlite"
cp "$WORK/good.sqlite" "$WORK/corrupted.sqlite"
python3 - "$WORK/corrupted.sqlite" <<'PY'
import sqlite3, sys
path = sys.argv[1]
# Overwrite the root page of the producers table with garbage, keeping the file header intact.
page = sqlite3.connect(path).execute("SELECT rootpage FROM sqlite_schema WHERE name = 'producers'").fetchone()[0]
with open(path, "r+b") as f:
    f.seek((page - 1) * 4096 + 8)
    f.write(bytes((i * 37 + 11) % 256 for i in range(3000)))
PY
python3 -c "import sqlite3; c = sqlite3.connect('$WORK/foreign.sqlite'); c.execute('CREATE TABLE notes (t TEXT)'); c.commit()"
cp "$WORK/good.sqlite" "$WORK/newer.sqlite"
python3 -c "import sqlite3; c = sqlite3.connect('$WORK/newer.sqlite'); c.execute(\"INSERT INTO schema_migrations VALUES ('9999_future', 'x', '2030-01-01T00:00:00.000Z')\"); c.commit(); c.close()"
hostile_ok=1
for file in notes:"is not a psr database (SQLite says" truncated:"damaged" corrupted:"damaged" foreign:"is not a psr database: the file holds tables" newer:"which this version does not know"; do
  name=${file%%:*}
  want=${file#*:}
  path=$WORK/$name.sqlite
  before=$(sha "$path")
  out=$(psr --db "$path" producer list 2>&1 >/dev/null)
  status=$?
  after=$(sha "$path")
  if [ $status = 65 ] && echo "$out" | grep -q "$want" && [ "$before" = "$after" ] && [ ! -e "$path-wal" ]; then
    echo "      $name: exit 65, \"$out\""
  else
    hostile_ok=0
    echo "      $name: exit $status, \"$out\", unchanged: $([ "$before" = "$after" ] && echo yes || echo no)"
  fi
done
[ $hostile_ok = 1 ] && ok "hostile files: not SQLite, truncated, corrupted, another program's, newer: each refused, unchanged" || bad "hostile files"
fi

# 5. Read-only: as another user, every read works and a write fails naming the file.
if want readonly; then
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
  ro=$WORK/readonly
  mkdir -p "$ro" && cp "$WORK/good.sqlite" "$ro/unit.sqlite" && cp "$PSR" "$ro/psr"
  chmod 0755 "$WORK" "$ro" "$ro/psr" && chmod 0444 "$ro/unit.sqlite"
  as_other() { setpriv --reuid=nobody --regid=nogroup --clear-groups env HOME=/tmp NO_COLOR=1 "$ro/psr" --db "$ro/unit.sqlite" "$@"; }
  ro_ok=1
  for command in "producer list" "producer show 27651" "country list --region AME" "case list" "search coffee" "readiness list" "report region AME-ECA --format json" "check"; do
    as_other $command >/dev/null 2>"$WORK/ro.err" || { ro_ok=0; echo "      read failed: $command: $(cat "$WORK/ro.err")"; }
  done
  out=$(as_other producer add --name X --country KE --type spo 2>&1 >/dev/null)
  status=$?
  if [ $ro_ok = 1 ] && [ $status != 0 ] && echo "$out" | grep -q "$ro/unit.sqlite is read-only"; then
    ok "read-only: 8 reads as user nobody worked; a write failed (exit $status): \"$out\""
  else
    bad "read-only: write exit $status, \"$out\""
  fi
else
  echo "skip  read-only: needs root to run as another user"
fi
fi

# 6. Backup under load: taken while 2 writers run, it passes psr check and holds every case committed before.
if want backup; then
db=$WORK/backup.sqlite
psr --db "$db" init -q && psr --db "$db" officer add w --name Writer --email w@example.org --base KE --covers KE -q
writers=()
for p in 1 2; do
  (for i in $(seq "$BACKUP_WRITES"); do psr --db "$db" --as w case open --type liaison --country KE --title "backup $p $i" -q >/dev/null || echo x >>"$WORK/backup.fail"; done) &
  writers+=($!)
done
sleep 1
before=$(psr --db "$db" case list --limit 1000000 --format csv | tail -n +2 | wc -l)
psr --db "$db" backup "$WORK/copy.sqlite" -q
status=$?
wait "${writers[@]}"
copied=$(psr --db "$WORK/copy.sqlite" case list --limit 1000000 --format csv | tail -n +2 | wc -l)
mode=$(stat -c %a "$WORK/copy.sqlite")
if [ $status = 0 ] && [ "$copied" -ge "$before" ] && [ "$mode" = 600 ] && psr --db "$WORK/copy.sqlite" check >/dev/null && [ ! -e "$WORK/backup.fail" ]; then
  ok "backup under load: made while 2 writers ran; $before cases committed before it, $copied in it, mode $mode, psr check passed"
else
  bad "backup under load: status $status, before $before, copied $copied, mode $mode"
fi
fi

# 7. Hostile input: generated CSV files and flag values; no crash, no hang, no partial write, clear refusals.
if want fuzz; then
python3 "$HERE/make_inputs.py" fuzz "$WORK/fuzz" "$FUZZ_FILES" 7
db=$WORK/fuzz.sqlite
psr --db "$db" init -q && psr --db "$db" producer import "$ROOT/Fixtures/producers.csv" -q
fuzz_ok=1
accepted=0
refused=0
expected=$(count_producers "$db")
for file in "$WORK"/fuzz/*.csv; do
  out=$(timeout 20 "$PSR" --db "$db" producer import "$file" 2>&1 >/dev/null)
  status=$?
  if [ $status = 0 ]; then
    accepted=$((accepted + 1))
    added=$(echo "$out" | sed -n 's/^imported: \([0-9]*\) added.*/\1/p')
    expected=$((expected + ${added:-0}))
  elif [ $status = 65 ] && [ "${out:0:5}" = "psr: " ]; then
    refused=$((refused + 1))
  else
    fuzz_ok=0
    echo "      $(basename "$file"): exit $status, \"${out:0:200}\""
  fi
done
# A refused import that wrote anything, or an accepted one that wrote more or less than it said, shows here.
actual=$(count_producers "$db")
[ "$actual" = "$expected" ] || { fuzz_ok=0; echo "      $actual producers stored, $expected expected"; }
psr --db "$db" check >/dev/null || { fuzz_ok=0; echo "      psr check failed after the fuzzed imports"; }
python3 - "$PSR" "$WORK/flags.sqlite" "$FLAG_RUNS" >"$WORK/flags.out" <<'PY'
import random, subprocess, sys
psr, db, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
subprocess.run([psr, "--db", db, "init", "-q"], check=True)
rng = random.Random(11)
commands = [["case", "list"], ["case", "open"], ["producer", "add"], ["producer", "list"], ["visit", "log"],
            ["readiness", "list"], ["report", "region"], ["search"], ["officer", "add"], ["nc", "add"]]
flags = ["--type", "--title", "--producer", "--country", "--due", "--limit", "--format", "--status", "--region",
         "--period", "--kind", "--date", "--name", "--email", "--base", "--women", "--deadline", "--flo-id"]
values = ["", "KE", "xx", "-1", "0", "99999999999999999999", "2026-02-30", "2026-Q5", "json", "csv", "spo", "open",
          "\u202e", "\x1b[2J", "a" * 5000, "'; DROP TABLE cases;--", "=cmd|' /C calc'!A0", "\udcff"[:0] + "\ufffd", "☕", "%s%n"]
bad = 0
for run in range(runs):
    args = list(rng.choice(commands))
    for _ in range(rng.randint(0, 6)):
        args.append(rng.choice(flags))
        if rng.random() < 0.9:
            args.append(rng.choice(values))
    try:
        result = subprocess.run([psr, "--db", db] + args, capture_output=True, timeout=20)
    except subprocess.TimeoutExpired:
        print("hang:", args); bad += 1; continue
    err = result.stderr.decode("utf-8", "replace")
    if result.returncode < 0 or result.returncode not in (0, 64, 65, 66):
        print("exit", result.returncode, args, err[:200]); bad += 1
    elif result.returncode != 0 and not err.startswith("psr: "):
        print("unclear:", args, err[:200]); bad += 1
print("flag runs:", runs, "bad:", bad)
PY
flag_summary=$(tail -1 "$WORK/flags.out")
if ! echo "$flag_summary" | grep -q "bad: 0$"; then fuzz_ok=0; head -5 "$WORK/flags.out"; fi
if [ $fuzz_ok = 1 ]; then
  ok "hostile input: $FUZZ_FILES generated CSV files ($accepted imported, $refused refused whole with a message, none partly) and $FLAG_RUNS random flag vectors (no crash, no hang, every refusal a 'psr:' message)"
else
  bad "hostile input: see above"
fi
fi

# 8. Numbers: every numeric option with 0, -1, its bound, the bound + 1, 2^63-1, 1e309 and 0x10. A value within
# the bound is taken, any other refused with a 'psr:' sentence (exit 64 or 65); afterwards every listing and
# report still runs, psr check passes, and an export imports back unchanged.
if want numbers; then
db=$WORK/numbers.sqlite
psr --db "$db" init -q && psr --db "$db" producer import "$ROOT/Fixtures/producers.csv" -q
psr --db "$db" officer add n --name Numbers --email n@example.org --base KE --covers KE -q
numbers_ok=1
tried=0
visit=(--as n visit log --kind workshop --date 2026-01-05 --country KE --summary "numbers")
# option|bound|command words (the value is appended after the option)
for spec in "--women|100000|${visit[*]}" "--men|100000|${visit[*]}" "--other|100000|${visit[*]}" \
  "--hours|200|${visit[*]}" "--members|10000000|producer add --name NumbersCoop --country KE --type spo" \
  "--members|10000000|producer update 27651" "--limit|none|case list" "--limit|none|search coffee" \
  "--cases|10000000|demo --force" "--producers|1000000|demo --force"; do
  IFS='|' read -r option bound words <<<"$spec"
  values=(0 -1 9223372036854775807 1e309 0x10)
  [ "$bound" != none ] && values+=("$bound" $((bound + 1)))
  [ "$bound" = none ] && values+=(1)
  for value in "${values[@]}"; do
    # demo with an accepted count would build a whole database: only its refusals are tried.
    if [[ "$words" == demo* ]]; then
      case "$value" in 0|-1|9223372036854775807|1e309|0x10|10000001|1000001) ;; *) continue ;; esac
      target=(--db "$WORK/numbers-demo.sqlite")
    else
      target=(--db "$db")
    fi
    tried=$((tried + 1))
    # shellcheck disable=SC2086
    out=$(timeout 20 "$PSR" "${target[@]}" $words "$option=$value" 2>&1 >/dev/null)
    status=$?
    within=0
    if [[ "$value" =~ ^[0-9]+$ ]] && [ ${#value} -le 18 ]; then
      if [ "$bound" = none ]; then [ "$value" -ge 1 ] && within=1
      elif [ "$value" -le "$bound" ]; then
        within=1
        [ "$value" = 0 ] && [ "$option" = --hours ] && within=0
      fi
    fi
    [ "$option" = --limit ] && [ "$value" = 9223372036854775807 ] && within=1
    [[ "$words" == demo* ]] && within=0  # only its refusals are tried; 0 is below its lower bound
    if [ $within = 1 ] && [ $status != 0 ]; then numbers_ok=0; echo "      $words $option=$value: refused (exit $status): $out"; fi
    if [ $within = 0 ] && { [ $status != 64 ] && [ $status != 65 ] || [ "${out:0:5}" != "psr: " ]; }; then
      numbers_ok=0; echo "      $words $option=$value: exit $status, \"${out:0:160}\""
    fi
  done
done
for command in "visit list" "visit list --format json" "report region AME-ECA --period 2026-Q1" "report regions --period 2026-Q1" "readiness list" "producer list"; do
  # shellcheck disable=SC2086
  psr --db "$db" $command >/dev/null 2>"$WORK/numbers.err" || { numbers_ok=0; echo "      $command failed: $(head -c 200 "$WORK/numbers.err")"; }
done
psr --db "$db" check >/dev/null || { numbers_ok=0; echo "      psr check failed"; }
psr --db "$db" producer export >"$WORK/numbers-export.csv"
out=$(psr --db "$db" producer import "$WORK/numbers-export.csv" 2>&1)
echo "$out" | grep -q " 0 added, 0 updated," || { numbers_ok=0; echo "      export did not import back unchanged: $out"; }
if [ $numbers_ok = 1 ]; then
  ok "numbers: $tried values across 10 numeric options: each in bounds taken, each outside refused with a 'psr:' sentence; listings, reports and check ran after, and the export imported back unchanged"
else
  bad "numbers: see above"
fi
fi

# 9. Hostile databases: files psr must refuse without changing a byte or leaving anything behind, and a WAL
# with commits that a reader who may not write must not read around.
if want hostiledb; then
h=$WORK/hostiledb
mkdir -p "$h"
hdb_ok=1
python3 - "$h" <<'PY'
import sqlite3, sys
d = sys.argv[1]
def make(name, *sql):
    c = sqlite3.connect(f"{d}/{name}.sqlite")
    for s in sql: c.execute(s)
    c.commit(); c.close()
make("other", "CREATE TABLE notes (t TEXT)", "INSERT INTO notes VALUES ('mine')")
make("sqlite3notes", "CREATE TABLE sqlite3_notes (t TEXT)")
make("rails", "CREATE TABLE schema_migrations (version TEXT PRIMARY KEY)", "INSERT INTO schema_migrations VALUES ('20240101')")
make("notables", "PRAGMA user_version = 7")
PY
for name in other sqlite3notes rails notables; do
  path=$h/$name.sqlite
  before=$(sha "$path")
  for command in init "producer list"; do
    # shellcheck disable=SC2086
    out=$(timeout 20 "$PSR" --db "$path" $command 2>&1 >/dev/null)
    status=$?
    if [ $status != 65 ] || [ "$(sha "$path")" != "$before" ] || [ -e "$path-wal" ] || [ -e "$path-journal" ]; then
      hdb_ok=0; echo "      $name, $command: exit $status, changed: $([ "$(sha "$path")" = "$before" ] && echo no || echo yes), \"$out\""
    fi
  done
done
: >"$h/empty.sqlite" && chmod 0644 "$h/empty.sqlite"
if ! psr --db "$h/empty.sqlite" init -q || [ "$(stat -c %a "$h/empty.sqlite")" != 600 ]; then hdb_ok=0; echo "      a 0-byte file was not set up as a private database"; fi
rm -f /dev/null-journal
out=$(timeout 20 "$PSR" --db /dev/null init 2>&1); status=$?
if [ $status != 65 ] || [ -e /dev/null-journal ] || [ ! -c /dev/null ]; then hdb_ok=0; echo "      /dev/null: exit $status, \"$out\""; fi
mkfifo "$h/fifo.sqlite"
out=$(timeout 20 "$PSR" --db "$h/fifo.sqlite" init 2>&1); status=$?
if [ $status != 65 ] || [ ! -p "$h/fifo.sqlite" ] || [ -e "$h/fifo.sqlite-journal" ]; then hdb_ok=0; echo "      FIFO: exit $status, \"$out\""; fi
# A database with 3 committed cases still in its WAL: a reader holds the WAL open while psr writes, then dies.
wal=$h/wal
mkdir -p "$wal" && db=$wal/unit.sqlite
psr --db "$db" init -q && psr --db "$db" officer add w --name W --email w@example.org --base KE --covers KE -q
python3 -c "import sqlite3, time; c = sqlite3.connect('$db'); c.execute('SELECT count(*) FROM cases').fetchall(); time.sleep(60)" &
holder=$!
sleep 1
for i in 1 2 3; do psr --db "$db" --as w case open --type liaison --country KE --title "in the wal $i" -q >/dev/null; done
kill -9 $holder; wait $holder 2>/dev/null
if [ ! -s "$db-wal" ]; then hdb_ok=0; echo "      could not leave commits in the WAL"; fi
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
  cp "$PSR" "$wal/psr" && chmod 0755 "$WORK" "$h" "$wal" "$wal/psr" && chmod 0444 "$db" "$db-wal" "$db-shm"
  as_nobody() { setpriv --reuid=nobody --regid=nogroup --clear-groups env HOME=/tmp NO_COLOR=1 "$wal/psr" --db "$db" "$@"; }
  seen=$(as_nobody case list --format csv 2>/dev/null | tail -n +2 | wc -l)
  [ "$seen" = 3 ] || { hdb_ok=0; echo "      a reader with the -shm beside it saw $seen of 3 cases"; }
  mv "$db-shm" "$h/shm.aside"
  out=$(as_nobody case list 2>&1 >/dev/null); status=$?
  [ $status = 73 ] && echo "$out" | grep -q "ask its owner" || { hdb_ok=0; echo "      a reader without the -shm: exit $status, \"$out\""; }
  out=$(as_nobody backup "$WORK/nobody-copy.sqlite" 2>&1); status=$?
  [ $status != 0 ] || { hdb_ok=0; echo "      a backup by that reader went ahead: \"$out\""; }
  chmod 0000 "$db"
  out=$(as_nobody case list 2>&1 >/dev/null); status=$?
  [ $status = 73 ] && echo "$out" | grep -qi "permission" || { hdb_ok=0; echo "      an unreadable database: exit $status, \"$out\""; }
  chmod 0600 "$db" "$db-wal"
  mv "$h/shm.aside" "$db-shm" && chmod 0600 "$db-shm"
  reader_note="; as user nobody the 3 commits in the WAL were seen with the -shm beside it, refused (73) without it, and an unreadable file was a permission problem (73)"
else
  reader_note="; the as-another-user part skipped (needs root)"
fi
# The owner's next command folds the WAL into the file; hold it open again so that -wal and -shm stay.
python3 -c "import sqlite3, time; c = sqlite3.connect('$db'); c.execute('SELECT count(*) FROM cases').fetchall(); time.sleep(60)" &
holder=$!
sleep 1
psr --db "$db" --as w case open --type liaison --country KE --title "after" -q >/dev/null
for target in "$db-wal" "$db-shm"; do
  [ -e "$target" ] || { hdb_ok=0; echo "      $(basename "$target") is missing"; }
  out=$(psr --db "$db" backup "$target" --force 2>&1); status=$?
  [ $status = 65 ] || { hdb_ok=0; echo "      backup onto $(basename "$target"): exit $status, \"$out\""; }
done
kill -9 $holder; wait $holder 2>/dev/null
[ "$(psr --db "$db" case list --format csv | tail -n +2 | wc -l)" = 4 ] || { hdb_ok=0; echo "      the owner does not see the 4 cases"; }
if [ $hdb_ok = 1 ]; then
  ok "hostile databases: 4 SQLite files not psr's refused by init and reads, byte for byte; a 0-byte file made 0600; /dev/null and a FIFO refused, nothing left; backup onto -wal and -shm refused$reader_note"
else
  bad "hostile databases: see above"
fi
fi

echo "reliability: $passed passed, $failed failed"
[ $failed = 0 ]
