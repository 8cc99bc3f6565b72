#!/bin/sh
# needled against references measured in the same run (issue #12).
#
#   bench/compare.sh            # full: 10 s per measure, 3 rounds
#   bench/compare.sh --quick    # 3 s per measure, 1 round (< 2 min once seeded)
#   bench/compare.sh --seconds 5 --rounds 2
#   BUILD_DIR=/path/to/build bench/compare.sh     # or NEEDLED=/path/to/needled
#
# Every row of the final table is needled's figure divided by a reference
# taken in the same run, on the same machine, a moment apart:
#
#   cached /next-session      ÷ nginx (one worker) serving the same JSON
#   uncached /next-session?at= ÷ the same nginx (next-at.lua: new `at` each
#                               request, so the answer cache never hits)
#   POST /sessions, 8 clients ÷ fsync_ref: one-row synchronous=FULL WAL
#                               transactions in a C loop, same filesystem
#   start-up, 1,000,000 sessions: exec to first 200 of /health (startup.c)
#   peak RSS: VmHWM of the needled that served all the load above
#   idle syscalls: strace -f -c on that needled, idle, for IDLE_SECONDS
#
# References are interleaved with needled's runs and bracket them (ref,
# needled, ref, needled, ..., ref); each round's ratio uses the mean of the
# references either side, and the table shows the median over rounds.
#
# Environment: BUILD_DIR (default build), NEEDLED (default
# $BUILD_DIR/src/needled), BENCH_SECONDS, ROUNDS, CONNECTIONS (8),
# SESSIONS (100000, the load database), BIG_SESSIONS (1000000, the
# start-up database), STARTUP_RUNS, IDLE_SECONDS (10).  As root it
# installs wrk, nginx and strace with apt-get when they are missing.
# Output: stdout and bench/out/compare.txt; raw outputs in bench/out/run/.
# The start-up database is seeded once and kept in bench/out/cache/, keyed
# by the hash of bench/seed.py and sql/*.sql.
# shellcheck disable=SC2046
set -eu
cd "$(dirname "$0")/.."
top=$(pwd)

quick=0
while [ $# -gt 0 ]; do
	case $1 in
	--quick) quick=1 ;;
	--seconds) BENCH_SECONDS=$2; shift ;;
	--seconds=*) BENCH_SECONDS=${1#*=} ;;
	--rounds) ROUNDS=$2; shift ;;
	--rounds=*) ROUNDS=${1#*=} ;;
	-h|--help) awk 'NR > 1 && !/^#/ { exit } NR > 1 && !/shellcheck/ {
		sub(/^# ?/, ""); print }' "$0"; exit 0 ;;
	*) echo "compare: unknown argument $1 (try --help)" >&2; exit 2 ;;
	esac
	shift
done
if [ $quick -eq 1 ]; then
	BENCH_SECONDS=${BENCH_SECONDS:-3}; ROUNDS=${ROUNDS:-1}
	STARTUP_RUNS=${STARTUP_RUNS:-3}
else
	BENCH_SECONDS=${BENCH_SECONDS:-10}; ROUNDS=${ROUNDS:-3}
	STARTUP_RUNS=${STARTUP_RUNS:-7}
fi
CONNECTIONS=${CONNECTIONS:-8}
SESSIONS=${SESSIONS:-100000}
BIG_SESSIONS=${BIG_SESSIONS:-1000000}
IDLE_SECONDS=${IDLE_SECONDS:-10}
BUILD_DIR=${BUILD_DIR:-$top/build}
NEEDLED=${NEEDLED:-$BUILD_DIR/src/needled}
case $NEEDLED in /*) ;; *) NEEDLED=$(pwd)/$NEEDLED ;; esac
[ -x "$NEEDLED" ] || {
	echo "compare: no needled at $NEEDLED; build it first:" >&2
	echo "  autoreconf -fi && mkdir -p build && cd build && ../configure CFLAGS=-O2 && make" >&2
	exit 1
}

out=$top/bench/out
run=$out/run
cache=$out/cache
ngx=$out/nginx
bin=$out/bin
mkdir -p "$out" "$cache" "$bin"
rm -rf "$run" "$ngx"
mkdir -p "$run" "$ngx"

# --- tools ---------------------------------------------------------------
updated=0
need() {	# need COMMAND DEBIAN-PACKAGE
	command -v "$1" >/dev/null 2>&1 && return 0
	if [ "$(id -u)" -ne 0 ]; then
		echo "compare: needs $1: apt-get install $2" >&2; exit 1
	fi
	echo "compare: installing $2" >&2
	if [ $updated -eq 0 ]; then
		apt-get update -qq >/dev/null 2>&1 || true; updated=1
	fi
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
	command -v "$1" >/dev/null 2>&1 || PATH=$PATH:/usr/sbin:/sbin
	command -v "$1" >/dev/null 2>&1 || { echo "compare: no $1" >&2; exit 1; }
}
PATH=$PATH:/usr/sbin:/sbin
need wrk wrk
need nginx nginx
need strace strace
need python3 python3
need cc gcc

# --- processes and clean-up ----------------------------------------------
npid=		# needled under load
ngx_pid=	# nginx master
spid=		# strace
cleanup() {
	if [ -n "$spid" ]; then kill "$spid" 2>/dev/null || true; wait "$spid" 2>/dev/null || true; fi
	if [ -n "$npid" ]; then kill "$npid" 2>/dev/null || true; wait "$npid" 2>/dev/null || true; fi
	if [ -n "$ngx_pid" ]; then kill "$ngx_pid" 2>/dev/null || true; wait "$ngx_pid" 2>/dev/null || true; fi
	rm -f "$run"/*.db "$run"/*.db-wal "$run"/*.db-shm
}
# A signal stops the run when the command in progress ends (at most
# BENCH_SECONDS), then cleanup runs.
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
# http_get URL FILE: writes the body to FILE, prints the status.
http_get() {
	python3 - "$1" "$2" <<-'EOF'
	import sys, urllib.request, urllib.error
	try:
	    r = urllib.request.urlopen(sys.argv[1], timeout=30)
	    body, status = r.read(), r.status
	except urllib.error.HTTPError as e:
	    body, status = e.read(), e.code
	open(sys.argv[2], "wb").write(body)
	print(status)
	EOF
}
# start_needled DB LOG: sets npid and nport.
start_needled() {
	rm -f "$2"
	"$NEEDLED" -d "$1" -l 127.0.0.1:0 2>"$2" &
	npid=$!
	i=0
	while ! grep -qs 'listening on' "$2"; do
		i=$((i + 1))
		if [ $i -ge 600 ] || ! kill -0 "$npid" 2>/dev/null; then
			cat "$2" >&2; echo "compare: needled did not start" >&2; exit 1
		fi
		sleep 0.05
	done
	nport=$(sed -n 's/.*listening on 127.0.0.1:\([0-9]*\).*/\1/p' "$2")
}
stop_needled() {
	kill "$npid"; wait "$npid" || true; npid=
}
median() {	# median [PRINTF-FORMAT]: of the numbers on stdin, one a line
	sort -g | awk -v f="${1:-%.6g}" '{ a[NR] = $1 } END { if (NR == 0) print "nan";
		else if (NR % 2) printf f "\n", a[(NR + 1) / 2];
		else printf f "\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}
# wrk_run NAME URL [SCRIPT]: prints "rps p50ms p99ms errors".
wrk_run() {
	if [ -n "${3:-}" ]; then s="-s $3"; else s=""; fi
	# shellcheck disable=SC2086
	wrk -t1 -c"$CONNECTIONS" -d"${BENCH_SECONDS}s" --latency $s "$2" \
	    >"$run/$1.txt" 2>&1 || true
	awk '
	function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0;
		if (v ~ /s$/) return v * 1000; return v }
	/Requests\/sec/ { rps = $2 }
	$1 == "50%" { p50 = ms($2) }
	$1 == "99%" { p99 = ms($2) }
	/Non-2xx/ { err += $NF }
	/Socket errors/ { gsub(",", ""); err += $4 + $6 + $8 + $10 }
	END { if (rps == "") rps = 0
		printf "%.0f %.3f %.3f %d\n", rps, p50, p99, err }' "$run/$1.txt"
}

# seed_db N FILE: a fresh database with needled's schema and N sessions.
seed_db() {
	rm -f "$2" "$2-wal" "$2-shm"
	start_needled "$2" "$2.log"; stop_needled	# the schema
	python3 "$top/bench/seed.py" "$2" "$1" 2>>"$2.log"
	[ ! -e "$2-wal" ] || python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1]); c.execute("PRAGMA wal_checkpoint(TRUNCATE)"); c.close()' "$2"
	rm -f "$2-wal" "$2-shm"
}

# --- machine -------------------------------------------------------------
cc -O2 -Wall -o "$bin/fsync_ref" "$top/bench/fsync_ref.c" -lsqlite3
cc -O2 -Wall -o "$bin/startup" "$top/bench/startup.c"
pkgv() { pkg-config --modversion "$1" 2>/dev/null || echo "?"; }
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
fs=$(df -PT "$run" | awk 'NR == 2 { print $2 " on " $1 " (" $7 ")" }')
mode=full; [ $quick -eq 1 ] && mode=quick
{
	echo "needled compare.sh ($mode: ${BENCH_SECONDS} s per measure, $ROUNDS round(s), $CONNECTIONS connections)"
	echo "date        $(date -u +%Y-%m-%dT%H:%M:%SZ)  load average $(cut -d' ' -f1-3 /proc/loadavg)"
	echo "machine     $(nproc) CPU(s), $cpu, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) RAM"
	echo "kernel      $(uname -sr)"
	echo "needled     $("$NEEDLED" --version 2>&1 | head -1) ($NEEDLED)"
	echo "libraries   SQLite $(pkgv sqlite3), libuv $(pkgv libuv), libmicrohttpd $(pkgv libmicrohttpd), jansson $(pkgv jansson)"
	echo "tools       $(nginx -v 2>&1 | sed 's/.*: //'), $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2), $(strace -V | head -1)"
	echo "database fs $fs"
} | tee "$out/compare.txt"
say() { echo "$*" | tee -a "$out/compare.txt" >&2; }

# --- the load database, needled and nginx -------------------------------
say "seeding $SESSIONS sessions"
seed_db "$SESSIONS" "$run/load.db"
start_needled "$run/load.db" "$run/needled.log"
url=http://127.0.0.1:$nport
st=$(http_get "$url/next-session" "$ngx/next-session.json")
[ "$st" = 200 ] || { echo "compare: /next-session answered $st" >&2; exit 1; }
areas=$(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))["areas"]))' "$ngx/next-session.json")
size=$(wc -c <"$ngx/next-session.json")

ngx_port=$(free_port)
mkdir -p "$ngx/tmp"
user=; [ "$(id -u)" -eq 0 ] && user="user root;"
cat >"$ngx/nginx.conf" <<EOF
# generated by bench/compare.sh: one worker, one fixed JSON reply
$user
worker_processes 1;
pid $ngx/nginx.pid;
error_log $ngx/error.log warn;
events { worker_connections 1024; }
http {
	access_log off;
	client_body_temp_path $ngx/tmp/body;
	proxy_temp_path $ngx/tmp/proxy;
	fastcgi_temp_path $ngx/tmp/fastcgi;
	uwsgi_temp_path $ngx/tmp/uwsgi;
	scgi_temp_path $ngx/tmp/scgi;
	keepalive_requests 100000000;
	keepalive_timeout 75s;
	sendfile on;
	tcp_nopush on;
	open_file_cache max=16 inactive=1h;
	open_file_cache_valid 1h;
	types { }
	default_type application/json;
	server {
		listen 127.0.0.1:$ngx_port;
		location = /next-session {
			alias $ngx/next-session.json;
		}
	}
}
EOF
nginx -p "$ngx/" -c "$ngx/nginx.conf" -g 'daemon off;' 2>"$ngx/stderr" &
ngx_pid=$!
i=0
until [ "$(http_get "http://127.0.0.1:$ngx_port/next-session" "$ngx/check.json" 2>/dev/null)" = 200 ]; do
	i=$((i + 1))
	if [ $i -ge 100 ] || ! kill -0 "$ngx_pid" 2>/dev/null; then
		cat "$ngx/stderr" "$ngx/error.log" >&2 2>/dev/null
		echo "compare: nginx did not start" >&2; exit 1
	fi
	sleep 0.05
done
cmp -s "$ngx/check.json" "$ngx/next-session.json" || { echo "compare: nginx serves another body" >&2; exit 1; }
say "load: $SESSIONS sessions, /next-session: $areas areas, $size bytes; nginx on 127.0.0.1:$ngx_port"

# --- reads: nginx, cached, uncached, ..., nginx -------------------------
reads=$run/reads.txt; : >"$reads"
r=0
set -- $(wrk_run "nginx-0" "http://127.0.0.1:$ngx_port/next-session")
ng_prev=$1; echo "nginx 0 $*" >>"$reads"
while [ $r -lt "$ROUNDS" ]; do
	r=$((r + 1))
	set -- $(wrk_run "cached-$r" "$url/next-session")
	echo "cached $r $*" >>"$reads"; c_rps=$1
	set -- $(wrk_run "uncached-$r" "$url/next-session" "$top/bench/next-at.lua")
	echo "uncached $r $*" >>"$reads"; u_rps=$1
	set -- $(wrk_run "nginx-$r" "http://127.0.0.1:$ngx_port/next-session")
	echo "nginx $r $*" >>"$reads"
	ng=$(awk "BEGIN { print ($ng_prev + $1) / 2 }"); ng_prev=$1
	awk "BEGIN { printf \"ratio $r %.4f %.4f\n\", $c_rps / $ng, $u_rps / $ng }" >>"$reads"
	say "round $r/$ROUNDS reads: nginx $ng req/s, cached $c_rps, uncached $u_rps"
done

# --- writes: fsync_ref, POST, ..., fsync_ref ----------------------------
writes=$run/writes.txt; : >"$writes"
fsync_ref() {	# prints tx/s
	"$bin/fsync_ref" "$run/ref.db" "$BENCH_SECONDS" >"$run/fsync_ref-$1.txt"
	rm -f "$run/ref.db" "$run/ref.db-wal" "$run/ref.db-shm"
	awk '{ print $2 }' "$run/fsync_ref-$1.txt"
}
ref_prev=$(fsync_ref 0); echo "fsync_ref 0 $ref_prev" >>"$writes"
r=0
while [ $r -lt "$ROUNDS" ]; do
	r=$((r + 1))
	set -- $(wrk_run "post-$r" "$url/sessions" "$top/bench/post-sessions.lua")
	echo "post $r $*" >>"$writes"; p_rps=$1
	ref=$(fsync_ref "$r"); echo "fsync_ref $r $ref" >>"$writes"
	refm=$(awk "BEGIN { print ($ref_prev + $ref) / 2 }"); ref_prev=$ref
	awk "BEGIN { printf \"ratio $r %.4f\n\", $p_rps / $refm }" >>"$writes"
	say "round $r/$ROUNDS writes: fsync_ref $refm tx/s, POST /sessions $p_rps req/s"
done

# --- memory and idle system calls ----------------------------------------
hwm=$(awk '/^VmHWM/ { print $2 }' "/proc/$npid/status")
rss=$(awk '/^VmRSS/ { print $2 }' "/proc/$npid/status")
sleep 1
idle=n/a
strace -f -c -q -o "$run/idle-strace.txt" -p "$npid" 2>"$run/idle-strace.err" &
spid=$!
sleep "$IDLE_SECONDS" & wait $!	# a signal is handled at once in wait
kill -INT "$spid" 2>/dev/null || true
wait "$spid" 2>/dev/null || true
spid=
# strace -c writes nothing at all when it saw no call.
if [ -s "$run/idle-strace.err" ] || [ ! -e "$run/idle-strace.txt" ]; then
	idle=n/a; cat "$run/idle-strace.err" >&2
else
	idle=$(awk '$NF == "total" { print $4 }' "$run/idle-strace.txt")
	[ -n "$idle" ] || idle=0
fi
stop_needled
kill "$ngx_pid" 2>/dev/null || true; wait "$ngx_pid" 2>/dev/null || true; ngx_pid=

# --- start-up on the big database ----------------------------------------
key=$(cat "$top/bench/seed.py" "$top"/sql/*.sql | sha256sum | cut -c1-16)
big=$cache/seed-$BIG_SESSIONS-$key.db
if [ ! -f "$big" ]; then
	say "seeding $BIG_SESSIONS sessions into $big (once; kept for later runs)"
	rm -f "$cache"/seed-"$BIG_SESSIONS"-*.db "$cache"/seed-"$BIG_SESSIONS"-*.db.log
	seed_db "$BIG_SESSIONS" "$cache/tmp.db"
	mv "$cache/tmp.db.log" "$big.log"
	mv "$cache/tmp.db" "$big"
fi
cp "$big" "$run/big.db"
sync "$run/big.db"	# no write-back of the copy during the runs
bigsize=$(du -m "$run/big.db" | cut -f1)
"$bin/startup" "$STARTUP_RUNS" "$NEEDLED" "$run/big.db" "$run/startup.log" >"$run/startup.txt"
su_med=$(awk '{ print $4 }' "$run/startup.txt" | median)
su_min=$(awk '{ print $4 }' "$run/startup.txt" | sort -g | head -1)
su_hwm=$(awk '{ print $8 }' "$run/startup.txt" | median)
say "start-up: $(awk '{ printf "%s ", $4 }' "$run/startup.txt")ms"
# The floor: exec, bind and the checks on a database with no history.
seed_db 0 "$run/empty.db"
"$bin/startup" "$STARTUP_RUNS" "$NEEDLED" "$run/empty.db" "$run/startup.log" >"$run/startup-empty.txt"
su_empty=$(awk '{ print $4 }' "$run/startup-empty.txt" | median)

# --- the table -----------------------------------------------------------
col() {	# col FILE KIND FIELD [FORMAT]: median of FIELD over the KIND lines
	awk -v k="$2" -v f="$3" '$1 == k && $2 > 0 { print $f }' "$1" | median "${4:-%.6g}"
}
ng_all=$(awk '$1 == "nginx" { print $3 }' "$reads" | median %.0f)
c_med=$(col "$reads" cached 3 %.0f); c_p99=$(col "$reads" cached 5)
u_med=$(col "$reads" uncached 3 %.0f); u_p50=$(col "$reads" uncached 4); u_p99=$(col "$reads" uncached 5)
n_p99=$(awk '$1 == "nginx" { print $5 }' "$reads" | median)
c_ratio=$(col "$reads" ratio 3 %.3f); u_ratio=$(col "$reads" ratio 4 %.3f)
p_med=$(col "$writes" post 3 %.0f); p_p50=$(col "$writes" post 4); p_p99=$(col "$writes" post 5)
ref_all=$(awk '$1 == "fsync_ref" { print $3 }' "$writes" | median %.0f)
p_ratio=$(col "$writes" ratio 3 %.3f)
errors=$(awk '($1 == "cached" || $1 == "uncached" || $1 == "post" || $1 == "nginx") { e += $6 } END { print e + 0 }' "$reads" "$writes")

{
echo
printf '%-52s %12s %22s %7s %8s %s\n' measure needled reference ratio target met
row() {	# row MEASURE NEEDLED REFERENCE RATIO TARGET(op value)
	met=$(awk -v r="$4" -v t="$5" 'BEGIN { split(t, a, " "); if (r == "n/a") { print "?"; exit }
		if (a[1] == ">=") print (r + 0 >= a[2] + 0) ? "yes" : "NO"
		else print (r + 0 <= a[2] + 0) ? "yes" : "NO" }')
	printf '%-52s %12s %22s %7s %8s %s\n' "$1" "$2" "$3" "$4" "$5" "$met"
}
row "cached /next-session ÷ nginx" "$c_med/s" "nginx $ng_all/s" "$c_ratio" ">= 0.9"
row "uncached /next-session?at= ($areas areas) ÷ nginx" "$u_med/s" "nginx $ng_all/s" "$u_ratio" ">= 0.25"
row "POST /sessions, $CONNECTIONS clients ÷ fsync_ref" "$p_med/s" "fsync_ref $ref_all tx/s" "$p_ratio" ">= 1.0"
row "start-up to first /health, $BIG_SESSIONS sessions" "${su_med} ms" "target 50 ms" \
    "$(awk "BEGIN { printf \"%.2f\", $su_med / 50 }")" "<= 1.0"
row "peak RSS (VmHWM) after the load" "${hwm} kB" "target 8192 kB" \
    "$(awk "BEGIN { printf \"%.2f\", $hwm / 8192 }")" "<= 1.0"
if [ "$idle" = n/a ]; then
	row "idle system calls in ${IDLE_SECONDS} s" "n/a" "target 0" "n/a" "<= 0"
else
	row "idle system calls in ${IDLE_SECONDS} s" "$idle" "target 0" "$idle" "<= 0"
fi
echo
echo "ratio: needled ÷ the reference (the mean of the two runs either side of it), median of $ROUNDS round(s);"
echo "for the last three rows, the figure ÷ its target (0 calls for the idle row)."
echo
echo "absolutes (medians):"
echo "  nginx fixed reply ($size bytes)    $ng_all req/s, p99 $n_p99 ms"
echo "  cached /next-session               $c_med req/s, p99 $c_p99 ms"
echo "  uncached /next-session?at=         $u_med req/s, p50 $u_p50 ms, p99 $u_p99 ms ($(awk "BEGIN { printf \"%.3f\", 1000 / $u_med }") ms of server per request)"
echo "  POST /sessions                     $p_med req/s, p50 $p_p50 ms, p99 $p_p99 ms"
echo "  fsync_ref (all runs)               $(awk '$1 == "fsync_ref" { printf "%s ", $3 }' "$writes")tx/s"
echo "  start-up, $BIG_SESSIONS sessions (${bigsize} MB)  median $su_med ms, min $su_min ms over $STARTUP_RUNS runs (warm page cache); VmHWM after it ${su_hwm} kB"
echo "  start-up, empty database (floor)   median $su_empty ms over $STARTUP_RUNS runs"
echo "  needled after the load             VmHWM $hwm kB, VmRSS $rss kB"
echo "  non-2xx answers and socket errors  $errors"
if [ "$idle" != n/a ] && [ "$idle" != 0 ]; then
	echo "  idle system calls:"; sed -n '/^-/,$p' "$run/idle-strace.txt" | sed 's/^/    /'
fi
} | tee -a "$out/compare.txt"
if [ "$errors" -ne 0 ]; then
	echo "compare: $errors failed requests: see $run/*.txt" >&2; exit 1
fi
