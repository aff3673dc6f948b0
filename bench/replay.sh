#!/usr/bin/env bash
# Replay benchmark: logmon (JVM start included) against GoAccess and `cat` on the same file.
#
#   bench/replay.sh [LINES] [RUNS]        default 2000000 lines, 5 runs
#
# Builds (or reuses) a generated Combined file of LINES lines in ${LOGMON_BENCH_DIR:-/tmp/logmon-bench},
# then runs each contender RUNS times and prints, per contender, the median wall time with its
# min..max spread, lines/s at the median, and the median peak resident memory (/usr/bin/time -v).
# GoAccess runs only when `goaccess` is on the PATH (Debian: apt-get install -y goaccess).
# Extra logmon options can be passed in LOGMON_ARGS (e.g. LOGMON_ARGS="--shards 2").
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
lines="${1:-2000000}"
runs="${2:-5}"
dir="${LOGMON_BENCH_DIR:-/tmp/logmon-bench}"
mkdir -p "$dir"
file="$dir/replay-$lines.log"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (Debian: apt-get install -y time)"; exit 1; }

"$here/logmon-cli" --version >/dev/null   # builds the jar if needed
if [ ! -s "$file" ]; then
  echo "generating $lines Combined lines into $file ..."
  "$here/logmon-cli" generate -d "$file.tmp" -l 0 --count "$lines" --seed 1 --start 2026-01-01T00:00:00Z >/dev/null
  mv "$file.tmp" "$file"
fi
bytes=$(stat -c %s "$file")
echo "file: $file ($lines lines, $((bytes / 1048576)) MiB); $runs runs each; $(nproc) cores; load now: $(cut -d' ' -f1-3 /proc/loadavg)"
cat "$file" > /dev/null   # warm the page cache so every contender reads from memory

# measure NAME CMD...: runs CMD $runs times under /usr/bin/time -v, appends "name secs kb" rows
measure() {
  local name="$1"; shift
  for _ in $(seq 1 "$runs"); do
    /usr/bin/time -v -o "$work/time" "$@" > "$work/out" 2> "$work/err" || { echo "$name failed:"; cat "$work/err"; exit 1; }
    local wall kb
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$work/time")
    kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time")
    echo "$name $wall $kb" >> "$work/rows"
  done
}

measure cat sh -c "cat '$file' > /dev/null"
# shellcheck disable=SC2086
measure logmon "$here/logmon-cli" -s "$file" --from-start --once --sink json ${LOGMON_ARGS:-}
grep -q "\"hits\":$lines," "$work/out" || { echo "logmon did not count $lines hits:"; tail -c 600 "$work/out"; exit 1; }
if command -v goaccess >/dev/null; then
  echo "goaccess: $(goaccess --version 2>/dev/null | head -1 | tr -d '\r')"
  measure goaccess goaccess "$file" --log-format=COMBINED -o "$work/out.json"
  grep -q "\"total_requests\": *$lines," "$work/out.json" || { echo "goaccess did not read $lines requests:"; head -c 400 "$work/out.json"; exit 1; }
else
  echo "GOACCESS IS NOT INSTALLED: no GoAccess column and no ratio (Debian: apt-get install -y goaccess)"
fi

python3 - "$lines" "$work/rows" <<'PY'
import statistics, sys
lines = int(sys.argv[1])
rows = {}
for row in open(sys.argv[2]):
    name, wall, kb = row.split()
    parts = [float(p) for p in wall.split(':')]
    secs = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
    rows.setdefault(name, []).append((secs, int(kb)))
med = {}
print(f"{'':9} {'median s':>9} {'min..max s':>13} {'lines/s':>12} {'peak RSS MB':>12}")
for name, rs in rows.items():
    t = sorted(r[0] for r in rs)
    m = statistics.median(t)
    med[name] = m
    rss = statistics.median(r[1] for r in rs) / 1024
    rate = f"{lines / m:,.0f}" if m > 0 else "-"
    print(f"{name:9} {m:9.2f} {t[0]:6.2f}..{t[-1]:<6.2f} {rate:>12} {rss:12.0f}")
if 'goaccess' in med and med.get('logmon', 0) > 0:
    print(f"GoAccess / logmon wall-time ratio: {med['goaccess'] / med['logmon']:.1f}x")
else:
    print("GoAccess / logmon wall-time ratio: none (GoAccess did not run)")
PY
echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
