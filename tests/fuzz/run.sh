#!/bin/sh
# make fuzz: builds every tests/fuzz/fuzz_<name>.c with clang, libFuzzer,
# ASan and UBSan (linked with an archive of every src/*/*.c except the two
# programs, built with the same instrumentation) and
# runs each for FUZZ_TIME seconds on a scratch copy of its corpus
# tests/fuzz/corpus/<name>/.  The committed corpus changes only when asked:
# FUZZ_MERGE=1 merges the inputs that add coverage back into it.
#
# Environment: BUILD (build directory, default build), FUZZ_TIME (seconds
# per target, default 60), FUZZ_MERGE (1: merge new inputs), FUZZ_JOBS
# (parallel compiles, default 2), FUZZ_ARGS (extra libFuzzer flags),
# FUZZ_ONLY (run just this target name, e.g. png).
# Exit status: 0 when every target ran without a crash, 1 otherwise; crash
# inputs are left in $BUILD/fuzz-clang/ as crash-<name>-*: add them to the
# corpus (they then replay in make check) once fixed.
set -eu
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
FUZZ_TIME=${FUZZ_TIME:-60}
FUZZ_MERGE=${FUZZ_MERGE:-0}
FUZZ_JOBS=${FUZZ_JOBS:-2}
FUZZ_ARGS=${FUZZ_ARGS:-}
FUZZ_ONLY=${FUZZ_ONLY:-}
CC=${FUZZ_CC:-clang}
out="$BUILD/fuzz-clang"
obj="$out/obj"

command -v "$CC" >/dev/null 2>&1 || {
	echo "fuzz: $CC not found; run: sudo apt-get install -y clang libclang-rt-14-dev" >&2
	exit 1
}

PKGS="libgpiod freetype2 libpng libsodium libarchive jansson inih libsystemd"
PKG_CFLAGS=$(pkg-config --cflags $PKGS)
PKG_LIBS=$(pkg-config --libs $PKGS)
SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined"
CFLAGS="-std=gnu11 -g -O1 -fno-omit-frame-pointer $SAN -Isrc \
-DPIDS_DATADIR=\"/usr/share/pids\" -DPIDS_SYSCONFDIR=\"/etc/pids\" \
-DFUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION $PKG_CFLAGS"
export CC CFLAGS obj

mkdir -p "$obj"

# Library objects, rebuilt when their source or any header is newer.
srcs=""
for s in src/*/*.c; do
	case "$s" in src/daemon/pidsd.c | src/ctl/pidsctl.c) ;; *) srcs="$srcs $s" ;; esac
done
newest_h=$(ls -t src/*/*.h | head -n 1)
stale=""
for s in $srcs; do
	o="$obj/$(echo "$s" | tr / _ | sed 's/\.c$/.o/')"
	if [ ! -e "$o" ] || [ "$s" -nt "$o" ] || [ "$newest_h" -nt "$o" ]; then
		stale="$stale $s"
	fi
done
if [ -n "$stale" ]; then
	echo "fuzz: compiling $(echo $stale | wc -w | tr -d ' ') library files with $CC"
	# shellcheck disable=SC2086
	printf '%s\n' $stale | xargs -P "$FUZZ_JOBS" -I{} sh -c \
		'o="$obj/$(echo "{}" | tr / _ | sed "s/\.c$/.o/")"; $CC $CFLAGS -fsanitize=fuzzer-no-link -c -o "$o" "{}" || { rm -f "$o"; exit 255; }'
fi
# An archive, as in the Makefile: a target pulls in only what it uses.
lib="$out/libpids-fuzz.a"
rm -f "$lib"
for s in $srcs; do
	ar rcs "$lib" "$obj/$(echo "$s" | tr / _ | sed 's/\.c$/.o/')"
done

rc=0
ran=0
for t in tests/fuzz/fuzz_*.c; do
	[ -f "$t" ] || continue
	target=$(basename "$t" .c)
	name=${target#fuzz_}
	[ -z "$FUZZ_ONLY" ] || [ "$FUZZ_ONLY" = "$name" ] || continue
	bin="$out/$target"
	# shellcheck disable=SC2086
	$CC $CFLAGS -fsanitize=fuzzer -o "$bin" "$t" "$lib" $PKG_LIBS -lpthread -lm

	corpus="tests/fuzz/corpus/$name"
	work="$out/work-$name"
	rm -rf "$work"
	mkdir -p "$work" "$corpus"
	cp "$corpus"/. "$work"/ -R 2>/dev/null || true
	echo "fuzz: $target for ${FUZZ_TIME}s on $(ls "$work" | wc -l) seeds"
	log="$out/$target.log"
	# shellcheck disable=SC2086
	if "$bin" -max_total_time="$FUZZ_TIME" -timeout=10 -rss_limit_mb=2048 \
		-print_final_stats=1 -artifact_prefix="$out/crash-$name-" \
		$FUZZ_ARGS "$work" >"$log" 2>&1; then
		execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
		cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1)
		echo "ok   $target: ${execs:-?} runs, $cov, corpus $(ls "$work" | wc -l)"
	else
		rc=1
		echo "FAIL $target (log: $log)"
		grep -E 'ERROR|SUMMARY|Test unit written' "$log" | head -n 10 | sed 's/^/    /'
	fi
	ran=$((ran + 1))
	if [ "$FUZZ_MERGE" = 1 ]; then
		before=$(ls "$corpus" | wc -l)
		"$bin" -merge=1 "$corpus" "$work" >"$out/$target.merge.log" 2>&1 ||
			{ echo "FAIL $target merge (log: $out/$target.merge.log)"; rc=1; }
		echo "     merged: $before -> $(ls "$corpus" | wc -l) inputs in $corpus"
	fi
done
[ "$ran" -gt 0 ] || { echo "fuzz: no targets ran" >&2; exit 1; }
exit $rc
