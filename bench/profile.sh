#!/bin/sh
# Where the time goes: per-request SQL statements, system calls and CPU
# profile of needled for the uncached /next-session?at= and for
# POST /sessions, plus the parts of start-up.
#
#   bench/profile.sh            # 2000 requests per count, 10 s of perf
#   N=500 PERF_SECONDS=5 bench/profile.sh
#
# For each kind (nextat, post), on a fresh copy of a 100,000-session
# database each time:
#   - statements: needled under LD_PRELOAD=sqlcount.so, run once with no
#     request and once with N (drive.py, one keep-alive client), the
#     difference ÷ N per SQL text (execs, steps, transactions begun);
#   - system calls: strace -f -c attached after 20 warm-up requests, for
#     exactly N requests, ÷ N;
#   - CPU: perf record (cpu-clock, DWARF call graphs) while wrk drives it
#     (8 connections) for PERF_SECONDS; top functions, self and inclusive.
# Then start-up: PRAGMA quick_check and the header check alone on the
# cached 1,000,000-session database (made by compare.sh), timed.
# Needs perf (linux-perf), strace, wrk, python3.  Output: stdout and
# bench/out/profile/.
set -eu
cd "$(dirname "$0")/.."
top=$(pwd)
N=${N:-2000}
PERF_SECONDS=${PERF_SECONDS:-10}
SESSIONS=${SESSIONS:-100000}
BUILD_DIR=${BUILD_DIR:-$top/build}
NEEDLED=${NEEDLED:-$BUILD_DIR/src/needled}
[ -x "$NEEDLED" ] || { echo "profile: no needled at $NEEDLED" >&2; exit 1; }
for c in perf strace wrk python3 cc; do
	command -v $c >/dev/null || { echo "profile: needs $c" >&2; exit 1; }
done
out=$top/bench/out/profile
bin=$top/bench/out/bin
rm -rf "$out"; mkdir -p "$out" "$bin"
cc -O2 -Wall -shared -fPIC -o "$bin/sqlcount.so" "$top/bench/sqlcount.c" -ldl

npid=
cleanup() {
	if [ -n "$npid" ]; then kill "$npid" 2>/dev/null || true; wait "$npid" 2>/dev/null || true; fi
	rm -f "$out"/*.db "$out"/*.db-wal "$out"/*.db-shm
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

start() {	# start DB [ENV=VALUE ...]: sets npid, port
	db=$1; shift
	rm -f "$db.log"
	env "$@" "$NEEDLED" -d "$db" -l 127.0.0.1:0 2>"$db.log" &
	npid=$!
	i=0
	while ! grep -qs 'listening on' "$db.log"; do
		i=$((i + 1))
		if [ $i -ge 600 ] || ! kill -0 "$npid" 2>/dev/null; then
			cat "$db.log" >&2; exit 1
		fi
		sleep 0.05
	done
	port=$(sed -n 's/.*listening on 127.0.0.1:\([0-9]*\).*/\1/p' "$db.log")
}
stop() { kill "$npid"; wait "$npid" || true; npid=; }
fresh() { rm -f "$out/w.db-wal" "$out/w.db-shm"; cp "$out/load.db" "$out/w.db"; }

echo "seeding $SESSIONS sessions" >&2
rm -f "$out/load.db"
start "$out/load.db"; stop
python3 "$top/bench/seed.py" "$out/load.db" "$SESSIONS" 2>/dev/null

for kind in ${KINDS:-nextat post}; do
	case $kind in
	nextat) title="GET /next-session?at= (uncached, 10 areas)"
		lua=$top/bench/next-at.lua; path=/next-session ;;
	post) title="POST /sessions (one treatment)"
		lua=$top/bench/post-sessions.lua; path=/sessions ;;
	esac
	echo; echo "=== $title ==="

	# Statements.
	fresh; start "$out/w.db" LD_PRELOAD="$bin/sqlcount.so" SQLCOUNT_OUT="$out/sql-$kind-0.txt"; stop
	fresh; start "$out/w.db" LD_PRELOAD="$bin/sqlcount.so" SQLCOUNT_OUT="$out/sql-$kind-n.txt"
	python3 "$top/bench/drive.py" "$port" "$kind" "$N" >/dev/null
	stop
	echo "SQL per request (execs, steps, transactions begun; $N requests, start-up subtracted):"
	awk -v n="$N" '
	/^#/ { next }
	{ sql = $0; sub(/^[0-9]+ [0-9]+ [0-9]+ [0-9]+ /, "", sql) }
	FILENAME == ARGV[1] { e0[sql] = $1; s0[sql] = $2; t0[sql] = $3; next }
	{ e = ($1 - e0[sql]) / n; s = ($2 - s0[sql]) / n; t = ($3 - t0[sql]) / n
	  if (e == 0 && s == 0) next
	  te += e; ts += s; tt += t
	  printf "%8.2f %8.2f %6.2f  %.110s\n", e, s, t, sql }
	END { printf "%8.2f %8.2f %6.2f  total\n", te, ts, tt }' \
	    "$out/sql-$kind-0.txt" "$out/sql-$kind-n.txt" | sort -k1,1gr -k2,2gr >"$out/sql-$kind.txt"
	printf '%8s %8s %6s  %s\n' execs steps txns sql
	cat "$out/sql-$kind.txt"
	grep '^#' "$out/sql-$kind-n.txt" | sed 's/^# /SQLite heap after the requests: /'

	# System calls.
	fresh; start "$out/w.db"
	python3 "$top/bench/drive.py" "$port" "$kind" 20 >/dev/null
	strace -f -c -q -o "$out/strace-$kind.txt" -p "$npid" &
	spid=$!
	sleep 1
	python3 "$top/bench/drive.py" "$port" "$kind" "$N" >/dev/null
	kill -INT "$spid"; wait "$spid" || true
	echo "VmHWM after: $(awk '/^VmHWM/ { print $2 " " $3 }' "/proc/$npid/status")"
	stop
	echo "system calls per request (strace -c, $N requests):"
	awk -v n="$N" '$NF ~ /^[a-z_0-9]+$/ && $4 ~ /^[0-9]+$/ && $NF != "total" {
		printf "  %-16s %8.2f\n", $NF, $4 / n }
		$NF == "total" { printf "  %-16s %8.2f\n", "total", $4 / n }' \
	    "$out/strace-$kind.txt" | sort -k2,2gr

	# CPU.
	fresh; start "$out/w.db"
	perf record -q -e cpu-clock -F 1999 --call-graph dwarf,16384 \
	    -o "$out/perf-$kind.data" -p "$npid" 2>"$out/perf-$kind.err" &
	ppid=$!
	sleep 0.5
	wrk -t1 -c8 -d"${PERF_SECONDS}s" -s "$lua" "http://127.0.0.1:$port$path" >"$out/wrk-$kind.txt"
	kill -INT "$ppid"; wait "$ppid" || true
	stop
	echo "wrk under perf: $(awk '/Requests\/sec/ { print $2 }' "$out/wrk-$kind.txt") req/s"
	perf report -i "$out/perf-$kind.data" --stdio --no-children -g none \
	    --percent-limit 1 --sort dso,symbol 2>/dev/null | grep -v '^#' | grep -v '^$' | sed 's/[ -]*$//' \
	    >"$out/perf-$kind-self.txt" || true
	perf report -i "$out/perf-$kind.data" --stdio --children -g none \
	    --percent-limit 3 --sort symbol 2>/dev/null | grep -v '^#' | grep -v '^$' | sed 's/[ -]*$//' \
	    >"$out/perf-$kind-children.txt" || true
	echo "top functions, self time (perf, cpu-clock):"
	head -25 "$out/perf-$kind-self.txt"
	echo "inclusive time (children), >= 3 %:"
	head -40 "$out/perf-$kind-children.txt"
done

# Start-up parts on the big database, if compare.sh made it.
big=$(find "$top/bench/out/cache" -name 'seed-1000000-*.db' 2>/dev/null | head -1)
if [ -n "$big" ]; then
	echo; echo "=== start-up parts, $(basename "$big") ($(du -m "$big" | cut -f1) MB) ==="
	python3 - "$big" <<-'EOF'
	import sqlite3, sys, time
	def timed(sql):
	    c = sqlite3.connect("file:%s?mode=ro" % sys.argv[1], uri=True)
	    t = time.monotonic()
	    r = c.execute(sql).fetchall()
	    ms = (time.monotonic() - t) * 1000
	    c.close()
	    return ms, r
	for sql in ["PRAGMA application_id", "PRAGMA user_version",
	            "SELECT count(*) FROM sqlite_schema", "PRAGMA quick_check"]:
	    best = min(timed(sql)[0] for _ in range(3))
	    print("  %-36s best of 3: %9.2f ms" % (sql, best))
	EOF
fi
