#!/bin/sh
# tests/long/fuzz.sh [seconds]
#
# Fuzz every libFuzzer target (tests/fuzz/) for SECONDS each (default 600)
# with -max_total_time, starting from the seed corpus, and print one line a
# target and the total number of executions:
#
#   fuzz: jsonv: 8000000 runs in 600.1 s (13330/s): ok
#   fuzz: total: 25000000 runs
#
# Builds the targets first (make fuzz) in $BUILD (default build/,
# configured if it is not).  New corpus entries are thrown away; a crash
# is kept in $BUILD/tests/fuzz/bin/artifacts/.  Exit 1 on any finding.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
secs=${1:-600}
build=${BUILD:-$top/build}

case $secs in ''|*[!0-9]*) echo "usage: $0 [seconds]" >&2; exit 2;; esac
if [ ! -f "$build/Makefile" ]; then
	[ -x "$top/configure" ] || (cd "$top" && autoreconf -fi)
	mkdir -p "$build"
	(cd "$build" && "$top/configure" -q)
fi
make -s -C "$build" fuzz
exec "$top/tests/fuzz/run.sh" "$build/tests/fuzz/bin" "$top/tests/fuzz/corpus" \
    -max_total_time="$secs"
