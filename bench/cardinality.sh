#!/usr/bin/env bash
# Cardinality attack: LINES Combined lines whose hosts and paths are all distinct, piped into
# logmon on stdin under a small heap. Checks that it completes, that the top lists stay bounded and
# the totals exact, and reports peak RSS and the heap after each GC (flat = memory does not grow).
#
#   bench/cardinality.sh [LINES] [HEAP] [LINES_PER_SECOND] [WRAP_EVERY]
#       default 10000000 lines, -Xmx256m, 50000 lines a second of log time, no wrap
#   bench/cardinality.sh 3000000 256m 10 864000   the timestamps go back one day every 864,000
#       lines (one day at 10 lines/s): the late path must stay as bounded as the windowed one
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
lines="${1:-10000000}"
heap="${2:-256m}"
per_second="${3:-50000}"
wrap="${4:-}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$here/logmon-cli" --version >/dev/null   # builds the cli jar if needed
[ -f "$here/bench/target/benchmarks.jar" ] || (cd "$here" && mvn -B -q -pl bench -am package -DskipTests)
java -cp "$here/bench/target/benchmarks.jar" dev.logmon.bench.DistinctLines "$lines" "$per_second" $wrap \
  | LOGMON_JAVA_OPTS="-Xmx$heap -Xlog:gc:file=$work/gc.log" /usr/bin/time -v -o "$work/time" \
      "$here/logmon-cli" -s - --once --sink json > "$work/out.jsonl"
python3 - "$lines" "$work/out.jsonl" "$work/time" "$work/gc.log" <<'PY'
import json, re, sys
lines, out, timef, gcf = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
snaps = [json.loads(l) for l in open(out) if l.startswith('{')]
final = snaps[-1]
life = final['windows']['lifetime']
print(f"snapshots: {len(snaps)}; final lifetime hits {life['hits']} (expected {lines}):",
      "EXACT" if life['hits'] == lines else "WRONG")
print(f"  late {final['lines']['late']}, future {final['lines']['future']}")
for w in ('10s', '2m', 'lifetime'):
    v = final['windows'][w]
    print(f"  {w:8} hits {v['hits']:>10}  top hosts {len(v['hosts'])}  top sections {len(v['sections'])}"
          f"  errorBound {v.get('topErrorBound', v.get('errorBound', '?'))}")
t = open(timef).read()
rss = int(re.search(r'Maximum resident set size \(kbytes\): (\d+)', t).group(1))
wall = re.search(r'Elapsed \(wall clock\) time.*: (\S+)', t).group(1)
print(f"wall {wall}; peak RSS {rss / 1024:.0f} MB")
after = [int(m.group(1)) for m in re.finditer(r'->(\d+)M', open(gcf).read())]
if after:
    q = max(1, len(after) // 4)
    print(f"heap after GC (MB): {len(after)} GCs; first quarter max {max(after[:q])}, last quarter max {max(after[-q:])}, overall max {max(after)}")
PY
