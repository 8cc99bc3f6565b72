#!/bin/sh
# tests/long/valgrind.sh [rounds]
#
# needled under valgrind --error-exitcode=99 --leak-check=full: the
# scenario of tests/e2e/test_valgrind.py (a few requests of every kind,
# errors included) ROUNDS times (default 5) in one process, then SIGTERM.
# Fails on any memcheck error, any definite, indirect or possible leak, or
# an exit status other than 0.  make check runs one round.
#
# needled is $NEEDLED, else build/src/needled, else src/needled (not a
# sanitizer build: valgrind cannot run those; the test then exits 77).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
rounds=${1:-5}

if [ -z "${NEEDLED:-}" ]; then
	for b in "$top/build/src/needled" "$top/src/needled"; do
		[ -x "$b" ] && { NEEDLED=$b; break; }
	done
fi
[ -n "${NEEDLED:-}" ] && [ -x "$NEEDLED" ] || {
	echo "valgrind.sh: no needled binary: build it or set NEEDLED" >&2
	exit 2
}
export NEEDLED
E2E_VERBOSITY=2; export E2E_VERBOSITY
exec timeout -k 10 $((rounds * 30 + 120)) \
    python3 "$top/tests/e2e/test_valgrind.py" --rounds "$rounds"
