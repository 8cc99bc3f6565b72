#!/bin/sh
# tests/fuzz/run.sh BINDIR CORPUSDIR LIBFUZZER-OPTION...
#
# First, each target runs the inputs of CORPUSDIR/../regress/<name>/
# once: findings not fixed yet, kept so that they stay visible (a
# failure) without stopping the fuzzing of that target.  Then:
#
# Run every fuzz target in BINDIR on its seed corpus CORPUSDIR/<name>
# (fuzz_timefmt uses CORPUSDIR/timefmt) with the given libFuzzer options,
# e.g. -runs=20000 or -max_total_time=600.  New inputs go to a temporary
# directory, never into the seed corpus; a crashing input is kept as
# BINDIR/artifacts/<target>-crash-... .  One line per target:
#
#   fuzz: timefmt: 20000 runs in 2.0 s (10000/s): ok
#
# (wall clock, start-up and the seed corpus included)
#
# and a total.  Exit 1 if any target found something (or did not run).
set -eu

[ $# -ge 3 ] || { echo "usage: $0 BINDIR CORPUSDIR OPTION..." >&2; exit 2; }
bin=$1; corpus=$2; shift 2
mkdir -p "$bin/artifacts"
work=$(mktemp -d "${TMPDIR:-/tmp}/needled-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

# A wall-clock bound for each target: the -max_total_time asked for (or
# 600 s for a -runs run) plus a minute.
bound=600
for o in "$@"; do
	case $o in -max_total_time=*) bound=${o#-max_total_time=};; esac
done
bound=$((bound + 60))

status=0; total=0
for t in timefmt config jsonv route; do
	exe=$bin/fuzz_$t
	if [ ! -x "$exe" ]; then
		echo "fuzz: $t: $exe missing (make fuzz)"; status=1; continue
	fi
	mkdir -p "$work/$t"
	reg=$corpus/../regress/$t
	if [ -d "$reg" ] && [ -n "$(ls "$reg")" ]; then
		for f in "$reg"/*; do
			if ! "$exe" "$f" >"$work/$t.regress" 2>&1; then
				status=1
				echo "fuzz: $t: known finding $(basename "$f") still fails:"
				grep -E '^fuzz_|runtime error|ERROR: [A-Z]' \
				    "$work/$t.regress" | head -n 5 | sed 's/^/  /'
			fi
		done
	fi
	rc=0
	t0=$(date +%s.%N)
	timeout -k 10 "$bound" "$exe" -print_final_stats=1 -timeout=10 \
	    -rss_limit_mb=2048 -max_len=4096 \
	    -artifact_prefix="$bin/artifacts/$t-" "$@" \
	    "$work/$t" "$corpus/$t" >"$work/$t.log" 2>&1 || rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/$t.log" | tail -n 1)
	runs=${runs:-0}
	t1=$(date +%s.%N)
	secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
	rate=$(awk -v n="$runs" -v a="$t0" -v b="$t1" \
	    'BEGIN { printf "%d", (b > a) ? n / (b - a) : 0 }')
	total=$((total + runs))
	if [ $rc -eq 0 ] && [ "$runs" -gt 0 ]; then
		echo "fuzz: $t: $runs runs in $secs s ($rate/s): ok"
	else
		status=1
		echo "fuzz: $t: FAILED (exit $rc after $runs runs); the log:"
		grep -E 'ERROR|SUMMARY|Test unit written|^fuzz_|runtime error|(src|tests/fuzz)/[a-z_]+\.c' \
		    "$work/$t.log" | head -n 30 | sed 's/^/  /'
		cp "$work/$t.log" "$bin/artifacts/$t.log"
	fi
done
echo "fuzz: total: $total runs"
exit $status
