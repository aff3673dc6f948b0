#!/usr/bin/env bash
# Soak of following: runs the seeded random stress of FollowStressIT (rename-create, copytruncate,
# delete-recreate, truncate, move away and back, symlink re-point at random moments under fast
# writers; exact counts per file and in all) for as long as asked.
# Usage: bench/follow-soak.sh [SECONDS] [MAX_FILES] [SEED] [MAX_TOTAL_RATE]
#   (default 600 s, up to 50 files a round, a new seed, 300000 lines/s for all writers of a round)
# A failure prints the seed and the round seed; run again with that SEED to repeat it (with
# LOGMON_TRACE=1 the failing file's notices then trace every read, open, rotation and truncation).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds="${1:-600}"; files="${2:-50}"; seed="${3:-}"; rate="${4:-300000}"
args=(-B -q -pl core -am test -Dtest=FollowStressIT -Dsurefire.failIfNoSpecifiedTests=false
      "-Dlogmon.stress.seconds=$seconds" "-Dlogmon.stress.maxFiles=$files" "-Dlogmon.stress.maxRate=$rate" ${LOGMON_TRACE:+-Dlogmon.trace.follow=true})
[ -n "$seed" ] && args+=("-Dlogmon.stress.seed=$seed")
cd "$here" && exec mvn "${args[@]}"
