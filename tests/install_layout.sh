#!/bin/sh
# install_layout.sh: "make install DESTDIR=..." from the build tree lays
# out the binary, the three man pages (and man(1) finds needled there),
# the systemd units and the example configuration; "make uninstall" takes
# them away again.
#
# Run by make check: MAKE, abs_top_builddir, bindir, mandir, docdir,
# systemdsystemunitdir.
set -u

builddir=${abs_top_builddir:-$(pwd)}
make=${MAKE:-make}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/needled-install.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM HUP
dest=$tmp/dest

status=0
fail() { echo "FAIL: $*"; status=1; }

# A make of its own: not the jobs or flags of the make check around it.
if ! (cd "$builddir" && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
    $make install DESTDIR="$dest" >"$tmp/install.log" 2>&1); then
	cat "$tmp/install.log"
	echo "FAIL: make install DESTDIR=$dest"
	exit 1
fi
(cd "$dest" && find . -type f | sort)

check() {
	if [ -f "$dest$1" ]; then
		echo "ok: $1"
	else
		fail "$1 was not installed"
	fi
}
check "$bindir/needled"
[ -x "$dest$bindir/needled" ] || fail "$bindir/needled is not executable"
check "$mandir/man8/needled.8"
check "$mandir/man5/needled.conf.5"
check "$mandir/man7/needled-api.7"
check "$docdir/needled.conf.example"
if [ "${systemdsystemunitdir:-no}" = no ]; then
	echo "units: configured --without-systemdsystemunitdir, none expected"
else
	check "$systemdsystemunitdir/needled.service"
	check "$systemdsystemunitdir/needled.socket"
	unit=$dest$systemdsystemunitdir/needled.service
	if [ -f "$unit" ]; then
		grep -qx "ExecStart=$bindir/needled" "$unit" ||
		    fail "the installed needled.service does not run $bindir/needled"
		grep -q '@[a-zA-Z_]*@' "$unit" &&
		    fail "the installed needled.service has an unsubstituted @var@"
	fi
fi

# "man needled" works after install (with man(1) at hand).
if command -v man >/dev/null 2>&1; then
	for page in 8:needled 5:needled.conf 7:needled-api; do
		if MANPATH=$dest$mandir man -w "${page#*:}" 2>/dev/null |
		    grep -q "man${page%%:*}/${page#*:}\.${page%%:*}"; then
			echo "ok: man finds ${page#*:}(${page%%:*})"
		else
			fail "man -w ${page#*:} does not find the installed page"
		fi
	done
else
	echo "man(1) not found: man -w not tried"
fi

# The example configuration is one needled accepts: start the installed
# binary on it (any port), then stop it.
if [ -x "$dest$bindir/needled" ] && command -v python3 >/dev/null 2>&1; then
	sed -e 's/^listen = .*/listen = 127.0.0.1:0/' \
	    "$dest$docdir/needled.conf.example" >"$tmp/needled.conf"
	env -u LISTEN_FDS -u LISTEN_PID -u NOTIFY_SOCKET -u STATE_DIRECTORY \
	    "$dest$bindir/needled" -c "$tmp/needled.conf" \
	    -d "$tmp/needled.db" >"$tmp/run.log" 2>&1 &
	pid=$!
	i=0
	while [ $i -lt 100 ] && ! grep -q 'listening on' "$tmp/run.log"; do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
		i=$((i + 1))
	done
	if grep -q 'listening on' "$tmp/run.log"; then
		echo "ok: needled starts on the example configuration"
	else
		cat "$tmp/run.log"
		fail "needled does not start on the example configuration"
	fi
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
fi

if ! (cd "$builddir" && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
    $make uninstall DESTDIR="$dest" >"$tmp/uninstall.log" 2>&1); then
	cat "$tmp/uninstall.log"
	fail "make uninstall DESTDIR=$dest"
fi
left=$(cd "$dest" && find . -type f)
[ -z "$left" ] || fail "make uninstall left: $left"
exit $status
