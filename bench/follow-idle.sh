#!/usr/bin/env bash
# Cost of following many idle files: N files of one line each are followed (--from-start, --sink json,
# a snapshot every 10 s), either one -s per file or one pattern for all; once every source is
# following (and LOGMON_IDLE_WARMUP seconds more, default 10, for the JIT), RSS, threads and CPU
# (utime+stime from /proc: all threads, and those following files) are measured over SECONDS of idleness.
# Usage: bench/follow-idle.sh [N] [files|pattern] [SECONDS]   (default 1000 files, pattern, 10 s)
# The fd limit is raised to N + 1000 when the shell may (root); extra java options via LOGMON_JAVA_OPTS;
# LOGMON_CLI (default ./logmon-cli) runs another build, e.g. LOGMON_CLI='java -Xmx256m -jar /tmp/old.jar'.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
n="${1:-1000}"; mode="${2:-pattern}"; secs="${3:-10}"
ulimit -n $((n + 1000)) 2>/dev/null || echo "(fd limit stays $(ulimit -n))"
work="$(mktemp -d)"
trap 'kill $pid 2>/dev/null || true; rm -rf "$work"' EXIT
"$here/logmon-cli" --version >/dev/null   # builds the jar if needed
line='10.0.0.1 - - [10/Oct/2026:13:55:36 +0000] "GET /a/b HTTP/1.1" 200 5 "-" "idle/1.0"'
args=()
for i in $(seq 1 "$n"); do
  echo "$line" > "$work/f$i.access.log"
  [ "$mode" = files ] && args+=(-s "$work/f$i.access.log")
done
[ "$mode" = pattern ] && args+=(-s "$work/*.access.log")
${LOGMON_CLI:-"$here/logmon-cli"} "${args[@]}" --from-start --sink json --every 10 > "$work/out.jsonl" 2>"$work/err" &
pid=$!
start=$(date +%s)
until grep -q "\"read\":$n," "$work/out.jsonl" 2>/dev/null; do
  sleep 1
  kill -0 $pid 2>/dev/null || { echo "logmon exited early"; grep -m3 -i "error\|exception" "$work/err"; tail -3 "$work/err"; exit 1; }
  [ $(( $(date +%s) - start )) -gt 300 ] && { echo "not every line read after 300 s"; tail -3 "$work/err"; exit 1; }
done
ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
# CPU of the threads that follow files (pool or one per source), apart from the rest of the process
follow_ticks() { local sum=0 t; for t in /proc/$pid/task/*; do
  case "$(cat "$t/comm" 2>/dev/null)" in logmon-follow*|logmon-source*) sum=$((sum + $(awk '{print $14 + $15}' "$t/stat" 2>/dev/null || echo 0)));; esac
  done; echo "$sum"; }
sleep "${LOGMON_IDLE_WARMUP:-10}"   # let the JIT finish compiling the start-up work first
t0=$(ticks); f0=$(follow_ticks); sleep "$secs"; t1=$(ticks); f1=$(follow_ticks)
hz=$(getconf CLK_TCK)
rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status"); hwm=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
threads=$(awk '/Threads/ {print $2}' "/proc/$pid/status")
python3 -c "print(f'$n idle files ($mode): RSS {$rss/1024:.0f} MB (peak {$hwm/1024:.0f} MB), $threads threads, idle CPU {100*($t1-$t0)/$hz/$secs:.1f}% of a core over $secs s (threads following files {100*($f1-$f0)/$hz/$secs:.1f}%); stderr lines: $(wc -l < "$work/err")')"
