#!/bin/sh
# tests/fuzz/build.sh SRCDIR BUILDDIR OUTDIR
# tests/fuzz/build.sh --check
#
# Build the libFuzzer targets (tests/fuzz/fuzz_*.c) into OUTDIR with
# clang -fsanitize=fuzzer,address,undefined, whatever compiler the main
# build uses.  BUILDDIR is a configured build tree (for buildconf.h).
# The compiler is $FUZZ_CC, else clang, else clang-14.
#
# --check: exit 0 if the compiler and the libFuzzer runtime work, else
# print why on one line and exit 1.
set -eu

pick_cc() {
	if [ -n "${FUZZ_CC:-}" ] && [ "$FUZZ_CC" != no ]; then
		echo "$FUZZ_CC"; return
	fi
	for c in clang clang-14; do
		command -v "$c" >/dev/null 2>&1 && { echo "$c"; return; }
	done
	echo ""
}

FLAGS="-g -O1 -std=c11 -Wall -Wextra -fno-omit-frame-pointer
-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all"

check() {
	cc=$(pick_cc)
	if [ -z "$cc" ]; then
		echo "no clang (set FUZZ_CC or install clang)"; return 1
	fi
	t=$(mktemp -d "${TMPDIR:-/tmp}/needled-fuzzcheck.XXXXXX")
	cat >"$t/f.c" <<'EOC'
#include <stddef.h>
#include <stdint.h>
int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);
int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }
EOC
	# shellcheck disable=SC2086
	if ! "$cc" $FLAGS -o "$t/f" "$t/f.c" >"$t/log" 2>&1; then
		echo "$cc cannot link -fsanitize=fuzzer (install libclang-rt-14-dev): $(head -n 1 "$t/log")"
		rm -rf "$t"; return 1
	fi
	rm -rf "$t"
	return 0
}

if [ "${1:-}" = --check ]; then
	why=$(check) && exit 0
	echo "$why"; exit 1
fi
[ $# -eq 3 ] || { echo "usage: $0 SRCDIR BUILDDIR OUTDIR | --check" >&2; exit 2; }
src=$1/src; fz=$1/tests/fuzz; build=$2; out=$3

if ! why=$(check); then
	echo "fuzz: $why" >&2; exit 1
fi
cc=$(pick_cc)
[ -f "$build/buildconf.h" ] || { echo "fuzz: $build/buildconf.h missing: configure first" >&2; exit 1; }
JANSSON=$(pkg-config --cflags --libs jansson)
mkdir -p "$out"
INC="-I$build -I$src"

build_one() {
	name=$1; shift
	echo "fuzz: building $name with $cc" >&2
	# shellcheck disable=SC2086
	"$cc" $FLAGS $INC -o "$out/$name" "$fz/$name.c" "$@" $JANSSON -lm
}
build_one fuzz_timefmt "$src/timefmt.c"
build_one fuzz_config "$src/config.c" "$src/log.c"

# The route table and every resource behind it (not main, http or loop):
# fuzz_jsonv checks the real body schemas, fuzz_route the real routes.
API_LIBS=$(pkg-config --cflags --libs sqlite3 libical)
API_SRC=$(for f in "$src"/*.c; do
	case ${f##*/} in main.c|http.c|loop.c) ;; *) echo "$f";; esac
done)
for f in sql_migrations.c openapi_json.c; do
	[ -f "$build/src/$f" ] || { echo "fuzz: $build/src/$f missing: run make first" >&2; exit 1; }
done
# shellcheck disable=SC2086
build_one fuzz_jsonv $API_SRC "$build/src/sql_migrations.c" \
    "$build/src/openapi_json.c" $API_LIBS
# shellcheck disable=SC2086
build_one fuzz_route $API_SRC "$build/src/sql_migrations.c" \
    "$build/src/openapi_json.c" $API_LIBS
