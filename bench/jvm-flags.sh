#!/usr/bin/env bash
# JVM flags compared on the replay: rounds of every variant interleaved, CPU time (user + sys) and
# peak RSS from /usr/bin/time, medians per variant. On a shared machine the CPU time is the figure
# to read; wall time is printed for completeness.
#
#   bench/jvm-flags.sh [LINES] [ROUNDS]      default 2000000 lines, 3 rounds
#
# Uses the file bench/replay.sh generates (run it once first) and the launcher's JIT hint.
# VARIANTS (space-separated names below) picks a subset, e.g. VARIANTS="parallel serial". These are
# the rows of README, Performance, "JVM flags" but the AppCDS one (an archive made by hand first).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
lines="${1:-2000000}"
rounds="${2:-3}"
file="${LOGMON_BENCH_DIR:-/tmp/logmon-bench}/replay-$lines.log"
[ -s "$file" ] || { echo "no $file: run bench/replay.sh $lines 1 first"; exit 1; }
"$here/logmon-cli" --version >/dev/null   # builds the jar if needed
jar="$here/cli/target/logmon-cli.jar"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
jit="-XX:CompileCommand=quiet -XX:CompileCommand=dontinline,dev.logmon.core.source.LinePublisher::publishLine"
declare -A flags=(
  [parallel]="-XX:+UseParallelGC -Xms64m"
  [serial]="-XX:+UseSerialGC -Xms64m"
  [g1]="-XX:+UseG1GC -Xms64m"
  [parallel-c1]="-XX:+UseParallelGC -Xms64m -XX:TieredStopAtLevel=1"
  [serial-c1]="-XX:+UseSerialGC -Xms64m -XX:TieredStopAtLevel=1"   # not in the default set
)
for _ in $(seq 1 "$rounds"); do
  for v in ${VARIANTS:-parallel serial g1 parallel-c1}; do
    # shellcheck disable=SC2086
    /usr/bin/time -f "$v %U %S %e %M" -o "$work/one" java ${flags[$v]} $jit -jar "$jar" \
        -s "$file" --from-start --once --sink json > "$work/out" 2>/dev/null
    grep -q "\"hits\":$lines," "$work/out" || { echo "$v did not count $lines hits"; exit 1; }
    cat "$work/one" >> "$work/rows"
  done
done
python3 - "$work/rows" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    v, u, s, w, kb = line.split()
    rows.setdefault(v, []).append((float(u) + float(s), float(w), int(kb) / 1024))
for v, r in rows.items():
    cpu = [x[0] for x in r]
    print(f"{v:10s} runs {len(r)}  CPU median {statistics.median(cpu):.2f} s ({min(cpu):.2f}..{max(cpu):.2f})"
          f"  wall median {statistics.median(x[1] for x in r):.2f} s  peak RSS median {statistics.median(x[2] for x in r):.0f} MB")
PY
