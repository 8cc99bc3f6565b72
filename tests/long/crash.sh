#!/bin/sh
# tests/long/crash.sh [kills] [extra arguments for test_crash.py]
#
# The long crash test: clients write as fast as they can while needled is
# SIGKILLed at random moments, KILLS times (default 100); after each kill
# the database must hold every acknowledged write and nothing
# half-written.  The same code as the make check test
# (tests/e2e/test_crash.py, 10 kills), run with --kills.  The last line is
# the summary:
#
#   crash: kills=100 acknowledged=N lost=0 problems=0 (...)
#
# needled is $NEEDLED, else build/src/needled, else src/needled.  Exit 0
# when nothing was lost and every check passed.  CRASH_SEED=N (or
# --seed N) repeats a run's random choices (the thread timing differs).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
kills=${1:-100}
[ $# -gt 0 ] && shift

if [ -z "${NEEDLED:-}" ]; then
	for b in "$top/build/src/needled" "$top/src/needled"; do
		[ -x "$b" ] && { NEEDLED=$b; break; }
	done
fi
[ -n "${NEEDLED:-}" ] && [ -x "$NEEDLED" ] || {
	echo "crash.sh: no needled binary: build it or set NEEDLED" >&2
	exit 2
}
export NEEDLED

# A bound for the whole run: about 1 s a kill, ten times over.
exec timeout -k 10 $((kills * 10 + 60)) \
    python3 "$top/tests/e2e/test_crash.py" --kills "$kills" "$@"
