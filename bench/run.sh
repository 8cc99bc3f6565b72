#!/bin/sh
# needled benchmark: /next-session against /health in the same run, over
# histories of growing size.  Rerun with:
#
#   bench/run.sh                      # sizes 1000 10000 100000 1000000
#   SIZES="1000 100000" bench/run.sh  # a subset
#   DURATION=10 CONNECTIONS=16 bench/run.sh
#
# Needs a built needled (./quickstart run or make), python3 and wrk (as
# root it installs wrk).  Results go to stdout and bench/out/.
set -eu
cd "$(dirname "$0")/.."
top=$(pwd)
SIZES=${SIZES:-"1000 10000 100000 1000000"}
DURATION=${DURATION:-5}
CONNECTIONS=${CONNECTIONS:-8}
NEEDLED=${NEEDLED:-}
if [ -z "$NEEDLED" ]; then
	for c in "$top/build/src/needled" "$top/src/needled"; do
		[ -x "$c" ] && NEEDLED=$c && break
	done
fi
[ -n "$NEEDLED" ] || { echo "bench: build needled first (./quickstart run)" >&2; exit 1; }
if ! command -v wrk >/dev/null; then
	if [ "$(id -u)" -eq 0 ]; then
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
	else
		echo "bench: needs wrk: apt-get install wrk" >&2; exit 1
	fi
fi
out=$top/bench/out
mkdir -p "$out"
tmp=$(mktemp -d)
pid=
trap 'test -n "$pid" && kill $pid 2>/dev/null; rm -rf "$tmp"' EXIT INT TERM

start() {
	"$NEEDLED" -d "$1" -l 127.0.0.1:0 2>"$tmp/log" &
	pid=$!
	i=0
	while ! grep -q 'listening on' "$tmp/log"; do
		i=$((i + 1)); [ $i -lt 100 ] || { cat "$tmp/log"; exit 1; }
		sleep 0.1
	done
	port=$(sed -n 's/.*listening on 127.0.0.1:\([0-9]*\).*/\1/p' "$tmp/log")
}
stop() { kill "$pid"; wait "$pid" || true; pid=; }

# wrk_run NAME URL [SCRIPT]: prints "rps p50 p99" (latencies in ms).
wrk_run() {
	if [ -n "${3:-}" ]; then s="-s $3"; else s=""; fi
	# shellcheck disable=SC2086
	wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --latency $s "$2" >"$out/$1.txt" 2>&1
	awk '
	function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0;
		if (v ~ /s$/) return v * 1000; return v }
	/Requests\/sec/ { rps = $2 }
	$1 == "50%" { p50 = ms($2) }
	$1 == "99%" { p99 = ms($2) }
	END { printf "%.0f %.3f %.3f\n", rps, p50, p99 }' "$out/$1.txt"
}

printf '%-9s %10s %10s %7s %10s %9s %9s %9s %9s\n' sessions health/s next/s ratio \
    uncached/s h.p99ms n.p99ms u.p50ms u.p99ms
for n in $SIZES; do
	db=$tmp/bench-$n.db
	start "$db"; stop	# create the schema
	python3 "$top/bench/seed.py" "$db" "$n" 2>"$out/seed-$n.txt"
	start "$db"
	url=http://127.0.0.1:$port
	curl -sf "$url/next-session" >"$out/next-$n.json" 2>/dev/null ||
	    python3 -c "import urllib.request,sys;sys.stdout.write(urllib.request.urlopen('$url/next-session').read().decode())" >"$out/next-$n.json"
	set -- $(wrk_run "health-$n" "$url/health")
	h_rps=$1; h_p99=$3
	set -- $(wrk_run "next-$n" "$url/next-session")
	n_rps=$1; n_p99=$3
	set -- $(wrk_run "uncached-$n" "$url/next-session" "$top/bench/next-at.lua")
	u_rps=$1; u_p50=$2; u_p99=$3
	stop
	ratio=$(awk "BEGIN { printf \"%.2f\", $n_rps / $h_rps }")
	printf '%-9s %10s %10s %7s %10s %9s %9s %9s %9s\n' "$n" "$h_rps" "$n_rps" \
	    "$ratio" "$u_rps" "$h_p99" "$n_p99" "$u_p50" "$u_p99" | tee -a "$out/summary.txt"
	rm -f "$db" "$db-wal" "$db-shm"
done
