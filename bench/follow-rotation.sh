#!/usr/bin/env bash
# Rename rotations under a steady writer, through the real jar: logmon follows an empty file
# (--sink json), a writer appends Combined lines at a given rate (flushing every 500 lines) and
# rotates logrotate-style ("create": rename to .1, .2, ..., then reopen the path) at the given
# line numbers or every given number of seconds. Prints lines written, lines counted by the last
# snapshot, and the rotations logmon reported against the renames made.
#
# Usage: bench/follow-rotation.sh LINES RATE ROTATE [extra logmon options...]
#   LINES   lines to write in all
#   RATE    lines per second
#   ROTATE  comma-separated line numbers to rotate at (7000,21000), or "every:SECONDS" (every:0.7)
# LOGMON_CLI (default ./logmon-cli) runs another build, e.g. LOGMON_CLI='java -jar /tmp/old.jar'.
# Examples (the two scenarios of issue 14):
#   bench/follow-rotation.sh 30000 20000 7000,21000
#   bench/follow-rotation.sh 400000 20000 every:0.7
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
lines="${1:?LINES}"; rate="${2:?RATE}"; rotate="${3:?ROTATE}"; shift 3
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cli="${LOGMON_CLI:-$here/logmon-cli}"   # LOGMON_CLI="java -jar old.jar" compares another build
$cli --version >/dev/null   # builds the jar if needed
log="$work/access.log"; out="$work/out.jsonl"
: > "$log"
$cli -s "$log" --sink json --every 1 "$@" > "$out" 2>"$work/err" &   # execs java: $! is its pid
pid=$!
for _ in $(seq 1 400); do grep -q '"state":"following"' "$out" 2>/dev/null && break; sleep 0.05; done
renames=$(python3 - "$log" "$lines" "$rate" "$rotate" <<'PY'
import os, sys, time
log, total, rate, rotate = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
at = set() if rotate.startswith("every:") else {int(x) for x in rotate.split(",") if x}
every = float(rotate[6:]) if rotate.startswith("every:") else None
def line(n):
    return ('10.0.%d.%d - - [10/Oct/2026:13:55:36 +0000] "GET /s%d/item%d HTTP/1.1" 200 %d "-" "rot/1.0"\n'
            % (n // 250 % 250, n % 250, n % 7, n, 100 + n % 900))
f = open(log, "a", buffering=1 << 20)
renames = 0
start = time.monotonic(); last_rot = start
def rename():
    global f, renames
    f.flush()
    # like logrotate with "rotate N": shift .k to .k+1, the live file to .1; the writer's handle
    # still points at .1 (it is flushed and reopened right after, as a server does on its signal)
    k = renames
    while k >= 1:
        src = "%s.%d" % (log, k)
        if os.path.exists(src):
            os.rename(src, "%s.%d" % (log, k + 1))
        k -= 1
    os.rename(log, log + ".1")
    f.close()
    f = open(log, "a", buffering=1 << 20)
    renames += 1
for n in range(total):
    if n in at:
        rename()
    f.write(line(n))
    if (n + 1) % 500 == 0:
        f.flush()
        ahead = start + (n + 1) / rate - time.monotonic()
        if ahead > 0:
            time.sleep(ahead)
        if every is not None and time.monotonic() - last_rot >= every:
            rename(); last_rot = time.monotonic()
f.close()
print(renames)
PY
)
# let logmon finish the last file (--rotate-wait, default 1 s) and print a snapshot, then stop it
sleep 3
kill -TERM $pid; wait $pid 2>/dev/null || true
python3 - "$out" "$lines" "$renames" <<'PY'
import json, sys
last = None
for l in open(sys.argv[1]):
    try:
        o = json.loads(l)
    except ValueError:
        continue
    if o.get("type") == "snapshot":
        last = o
src = last["sources"][0]
print(f"written {int(sys.argv[2]):,} counted {last['lines']['read']:,} (parsed {last['lines']['parsed']:,}) "
      f"renames {sys.argv[3]} rotations {src['rotations']} state {src['state']}")
PY
grep -c . "$work/err" | xargs -I{} echo "stderr lines: {}"
