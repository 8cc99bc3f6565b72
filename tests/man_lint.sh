#!/bin/sh
# man_lint.sh: every man page is clean under "mandoc -Tlint -W warning".
# SKIP (77) without mandoc.  Run by make check (MAN_PAGES, top_srcdir).
set -u

if ! command -v mandoc >/dev/null 2>&1; then
	echo "SKIP: mandoc not found (apt-get install mandoc)"
	exit 77
fi
srcdir=${top_srcdir:-$(dirname "$0")/..}
pages=${MAN_PAGES:-man/needled.8 man/needled.conf.5 man/needled-api.7}

status=0
n=0
for p in $pages; do
	n=$((n + 1))
	if [ ! -f "$srcdir/$p" ]; then
		echo "FAIL: $p: no such page"
		status=1
		continue
	fi
	if out=$(mandoc -Tlint -W warning "$srcdir/$p" 2>&1) && [ -z "$out" ]; then
		echo "ok: $p"
	else
		printf '%s\n' "$out"
		echo "FAIL: $p: mandoc -Tlint -W warning is not clean"
		status=1
	fi
done
# The three pages must exist and cross-reference each other.
for want in needled.8 needled.conf.5 needled-api.7; do
	case " $pages " in
	*"/$want "*) ;;
	*) echo "FAIL: $want is not among the pages ($pages)"; status=1 ;;
	esac
done
for x in needled.conf needled-api; do
	grep -q "^\.Xr $x " "$srcdir/man/needled.8" ||
	    { echo "FAIL: needled(8) does not refer to $x"; status=1; }
done
echo "$n pages linted"
exit $status
