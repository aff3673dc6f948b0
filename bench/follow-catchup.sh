#!/usr/bin/env bash
# Follow catch-up: logmon follows an empty file (--sink json, a snapshot every second), then
# N generated lines are appended at once; reports how long until the lifetime hit count reaches N.
# Usage: bench/follow-catchup.sh [LINES] [RUNS]     (default 2000000 lines, 3 runs; prints the median)
# Also prints the CPU time logmon used meanwhile (all its threads, from /proc): on a loaded machine
# the wall time says little, the CPU time per line still compares two builds.
# With THREADS=1 it also prints that CPU time per thread (grouped by name: the shards and the combiner
# are "logmon-analyzer", the reading thread "logmon-follow"), read from /proc/PID/task/*/stat.
# Each run also prints a steady rate read from the snapshots themselves: the hits counted in each whole
# second of the catch-up (not its first or last), which the 1 s grain of the wall figure does not blur;
# with 2 M lines there may be none, so use 8000000 lines for a steady figure.
# That steady rate also counts seconds while the append still runs: then logmon may only be keeping
# up with the writer (`cat` takes a core, and on a loaded machine it is the slower of the two), so
# each run also prints the rate of the whole seconds that began after the append had ended (not the
# last), which is logmon's own. 8 M lines leave 0 to 2 such seconds a run: use 16000000 (3 GiB in
# /tmp while it runs) or more runs. The last line gives the medians over all runs' seconds.
# LOGMON_CLI (default ./logmon-cli) runs another build, e.g. LOGMON_CLI='java -jar /tmp/old.jar'.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
lines="${1:-2000000}"
runs="${2:-3}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$here/logmon-cli" --version >/dev/null   # builds the jar if needed
jar="$here/cli/target/logmon-cli.jar"
batch="$work/batch.log"
java -jar "$jar" generate -d "$batch" -l 0 --count "$lines" --seed 1 >/dev/null
results=()
# tasks: "tid name utime stime" per thread of $pid
tasks() {
  for t in /proc/"$1"/task/*; do
    local s; s=$(cat "$t/stat" 2>/dev/null) || continue
    local name=${s#*(}; name=${name%)*}; local rest=${s##*) }
    # shellcheck disable=SC2086
    set -- $rest
    echo "${t##*/} ${name// /_} ${12} ${13}"
  done | sort
}
for run in $(seq 1 "$runs"); do
  log="$work/follow.log"; out="$work/out.jsonl"
  : > "$log"
  ${LOGMON_CLI:-"$here/logmon-cli"} -s "$log" --sink json --every 1 > "$out" 2>"$work/err" &   # execs java: $! is its pid
  pid=$!
  # wait until the follower reports its source as following
  for _ in $(seq 1 200); do grep -q '"state":"following"' "$out" 2>/dev/null && break; sleep 0.05; done
  cpu0=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  tasks "$pid" > "$work/tasks0"
  start=$(date +%s.%N)
  cat "$batch" >> "$log"
  appended=$(date +%s.%N)
  while ! grep -q "\"lifetime\":{\"seconds\":[0-9]*,\"hits\":$lines," "$out"; do
    sleep 0.01
    kill -0 $pid 2>/dev/null || { echo "logmon exited early"; cat "$work/err"; exit 1; }
  done
  done_at=$(date +%s.%N)
  cpu1=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  tasks "$pid" > "$work/tasks1"
  kill -TERM $pid; wait $pid 2>/dev/null || true
  # the steady catch-up rate, free of the 1 s snapshot grain: in arrival time a line counts in the
  # second it was read, so each whole second strictly between the first and the last second with
  # hits is a full second of catch-up; their hit counts are lines read per second
  steady=$(python3 - "$out" "$appended" "$work/seconds" <<'PY'
import json, math, sys, datetime
points = []
for line in open(sys.argv[1]):
    try:
        d = json.loads(line)
    except ValueError:
        continue
    if d.get("type") != "snapshot":
        continue
    t = int(datetime.datetime.fromisoformat(d["time"].replace("Z", "+00:00")).timestamp())
    points.append((t, d["windows"]["lifetime"]["hits"]))
per_second = []   # (second, hits counted in it), only where the snapshot before was the second before
for (t0, h0), (t1, h1) in zip(points, points[1:]):
    if t1 == t0 + 1 and h1 > h0:
        per_second.append((t1, h1 - h0))
if len(per_second) >= 3:
    inner = sorted(h for _, h in per_second[1:-1])
    print(f"{len(inner)} whole second(s) of catch-up: median {inner[len(inner) // 2]:,} lines/s, max {inner[-1]:,}")
else:
    inner = []
    print("no whole second of catch-up between the first and the last (append more lines for a steady rate)")
# whole seconds that began once the append had ended, the last (partial) one left out
after = [h for t, h in per_second[:-1] if t >= math.ceil(float(sys.argv[2]))]
with open(sys.argv[3], "a") as f:
    f.write("inner " + " ".join(map(str, inner)) + "\n")
    f.write("after " + " ".join(map(str, after)) + "\n")
print("  after the append: " + (f"{len(after)} whole second(s): " + ", ".join(f"{h:,}" for h in after) + " lines/s"
      if after else "no whole second (append more lines)"))
PY
)
  secs=$(python3 -c "print(f'{$done_at-$start:.2f}')")
  rate=$(python3 -c "print(f'{$lines/($done_at-$start):,.0f}')")
  echo "run $run: $lines lines caught up in ${secs}s (${rate} lines/s; append itself took $(python3 -c "print(f'{$appended-$start:.2f}')")s; CPU $(python3 -c "print(f'{($cpu1-$cpu0)/$(getconf CLK_TCK):.2f}')") s of all logmon threads)"
  echo "  steady rate: $steady"
  if [ "${THREADS:-0}" = 1 ]; then
    # threads alive at both reads (a JIT thread that came or went in between is left out)
    join "$work/tasks0" "$work/tasks1" | awk -v tck="$(getconf CLK_TCK)" '
      { n = $2; sub(/-?[0-9]+$/, "", n); cpu[n] += ($6 + $7 - $3 - $4) / tck }
      END { for (n in cpu) if (cpu[n] >= 0.01) printf "  %-22s %.2f s\n", n, cpu[n] }' | sort -k2 -nr
  fi
  results+=("$secs")
done
python3 - "$lines" "${results[@]}" <<'PY'
import statistics, sys
n = int(sys.argv[1]); t = sorted(map(float, sys.argv[2:]))
m = statistics.median(t)
print(f"median {m:.2f}s -> {n/m:,.0f} lines/s (min {t[0]:.2f}s, max {t[-1]:.2f}s; snapshots are 1 s apart, so this is an upper bound)")
PY
python3 - "$work/seconds" <<'PY'
import statistics, sys
got = {"inner": [], "after": []}
for line in open(sys.argv[1]):
    kind, *values = line.split()
    got[kind] += map(int, values)
def say(values):
    return f"median {statistics.median(values):,.0f} lines/s of {len(values)} second(s)" if values else "no whole second"
print(f"all runs: steady rate {say(got['inner'])}; after the append {say(got['after'])}")
PY
