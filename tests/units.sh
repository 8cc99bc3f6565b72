#!/bin/sh
# units.sh: the systemd units as make builds them pass
# "systemd-analyze verify" without a word, and needled.service rates 1.5
# or lower under "systemd-analyze security --offline=true".  When needled
# is built with libsystemd, it also serves on a socket handed over by
# systemd-socket-activate.  SKIP (77) without systemd-analyze.
#
# Run by make check: abs_top_builddir, top_srcdir, bindir, NEEDLED.
set -u

MAX_EXPOSURE=1.5

if ! command -v systemd-analyze >/dev/null 2>&1; then
	echo "SKIP: systemd-analyze not found (apt-get install systemd)"
	exit 77
fi
srcdir=${top_srcdir:-$(dirname "$0")/..}
builddir=${abs_top_builddir:-$(pwd)}
needled=${NEEDLED:-$builddir/src/needled}
service=$builddir/systemd/needled.service
socket=$srcdir/systemd/needled.socket

tmp=$(mktemp -d "${TMPDIR:-/tmp}/needled-units.XXXXXX") || exit 99
pid=""
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

status=0
fail() { echo "FAIL: $*"; status=1; }

for f in "$service" "$socket" "$needled"; do
	[ -f "$f" ] || { echo "FAIL: $f: missing (run make first)"; exit 1; }
done

# The unit make generated, its ExecStart pointed at the binary just built.
sed -e "s|^ExecStart=${bindir:-/usr/local/bin}/needled\$|ExecStart=$needled|" \
    "$service" >"$tmp/needled.service"
grep -qx "ExecStart=$needled" "$tmp/needled.service" ||
    fail "ExecStart of $service is not ${bindir:-/usr/local/bin}/needled"
cp "$socket" "$tmp/needled.socket"

# What the unit must say.
for want in 'Type=\(notify\|simple\)' 'ExecReload=/bin/kill -HUP \$MAINPID' \
    'DynamicUser=yes' 'StateDirectory=needled' 'ProtectSystem=strict' \
    'IPAddressDeny=any' 'IPAddressAllow=localhost' 'CapabilityBoundingSet='; do
	grep -qx "$want" "$tmp/needled.service" ||
	    fail "needled.service lacks $want"
done
grep -qx 'ListenStream=127.0.0.1:8420' "$tmp/needled.socket" ||
    fail "needled.socket does not listen on 127.0.0.1:8420"

# verify: errors and warnings alike.  With man(1) at hand, Documentation=
# is checked against the pages in the source tree; else --man=no.
man_opt=--man=no
if command -v man >/dev/null 2>&1; then
	for s in 5 7 8; do
		mkdir -p "$tmp/man/man$s"
		for p in "$srcdir"/man/*."$s"; do
			[ -f "$p" ] && cp "$p" "$tmp/man/man$s/"
		done
	done
	man_opt=--man=yes
fi
echo "systemd-analyze verify $man_opt needled.service needled.socket"
MANPATH=$tmp/man SYSTEMD_LOG_COLOR=0 systemd-analyze verify $man_opt \
    "$tmp/needled.service" "$tmp/needled.socket" >"$tmp/verify.out" 2>&1
rc=$?
cat "$tmp/verify.out"
if [ $rc -ne 0 ] || grep -q needled "$tmp/verify.out"; then
	[ -x /bin/kill ] ||
	    echo "note: no /bin/kill, which ExecReload= runs (apt-get install procps)"
	fail "systemd-analyze verify (exit $rc) is not clean"
else
	echo "ok: systemd-analyze verify printed nothing about needled"
fi

# security: the overall exposure, 0.0 (safe) to 10.0 (exposed).
systemd-analyze security --offline=true --no-pager \
    "$tmp/needled.service" >"$tmp/security.out" 2>&1
grep '✗' "$tmp/security.out"
score=$(sed -n 's/.*Overall exposure level for needled.service: \([0-9.]*\).*/\1/p' \
    "$tmp/security.out")
if [ -z "$score" ]; then
	cat "$tmp/security.out"
	fail "no exposure level from systemd-analyze security --offline=true"
elif awk -v s="$score" -v m="$MAX_EXPOSURE" 'BEGIN { exit !(s > m) }'; then
	fail "exposure $score is above $MAX_EXPOSURE"
else
	echo "ok: exposure $score (at most $MAX_EXPOSURE)"
fi

# Socket activation: needled takes the socket systemd passes, whatever
# its listen setting says.
if ! grep -qx 'Type=notify' "$tmp/needled.service"; then
	echo "socket activation: not built with libsystemd, not tried"
elif ! command -v systemd-socket-activate >/dev/null 2>&1 ||
    ! command -v python3 >/dev/null 2>&1; then
	echo "socket activation: no systemd-socket-activate or python3, not tried"
else
	port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	env -u NOTIFY_SOCKET -u STATE_DIRECTORY XDG_DATA_HOME="$tmp/data" \
	    systemd-socket-activate -l "127.0.0.1:$port" \
	    "$needled" -d "$tmp/needled.db" -l 192.0.2.1:8420 \
	    >"$tmp/activate.log" 2>&1 &
	pid=$!
	if python3 - "$port" <<'PY'
import json, sys, time, urllib.request
url = "http://127.0.0.1:%s/health" % sys.argv[1]
for _ in range(100):
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            sys.exit(0 if json.load(r)["status"] == "ok" else 1)
    except OSError:
        time.sleep(0.1)
sys.exit(1)
PY
	then
		echo "ok: /health answered on a socket from systemd-socket-activate"
	else
		cat "$tmp/activate.log"
		fail "no answer on a socket from systemd-socket-activate"
	fi
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	pid=""
	grep -q "listening on 127.0.0.1:$port" "$tmp/activate.log" ||
	    fail "needled did not log the socket it was handed"
fi
exit $status
