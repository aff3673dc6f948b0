#!/usr/bin/env bash
# CPU time per thread of one run, in seconds (user + sys), from /proc/PID/task/*/stat polled every
# 20 ms until the process exits; threads are grouped by name (numbers dropped: the shards and the
# combiner are "logmon-analyzer", the JIT's are "C1/C2 CompilerThre").
#
#   bench/thread-cpu.sh java FLAGS -jar cli/target/logmon-cli.jar -s FILE --from-start --once --sink json
#
# A thread that ends between two polls loses its last 20 ms (the JIT's threads come and go).
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: bench/thread-cpu.sh COMMAND..."; exit 1; }
"$@" > /dev/null 2>&1 &
pid=$!
declare -A last
while kill -0 "$pid" 2>/dev/null; do
  for t in /proc/"$pid"/task/*; do
    s=$(cat "$t/stat" 2>/dev/null) || continue
    name=${s#*(}; name=${name%)*}; rest=${s##*) }
    # shellcheck disable=SC2086
    set -- $rest
    last[${t##*/}]="${name// /_} ${12} ${13}"
  done
  sleep 0.02
done
wait "$pid" || true
for k in "${!last[@]}"; do echo "${last[$k]}"; done | awk -v tck="$(getconf CLK_TCK)" '
  { n = $1; sub(/-?[0-9]+$/, "", n); cpu[n] += ($2 + $3) / tck; total += ($2 + $3) / tck }
  END { for (n in cpu) if (cpu[n] >= 0.01) printf "%-24s %6.2f\n", n, cpu[n]; printf "%-24s %6.2f\n", "TOTAL", total }' | sort -k2 -nr
