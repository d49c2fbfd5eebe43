#!/bin/sh
# Runs every test: one cmocka program per module, fuzz corpora replays and
# end-to-end scripts.  Ends with one line: "N passed, N failed".
# Environment: BUILD (build directory), PIDS_GOLDEN_UPDATE=1 rewrites goldens.
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
export PIDS_SRCDIR="$PWD" BUILD
out="$BUILD/test-logs"
rm -rf "$out"
mkdir -p "$out"
passed=0
failed=0
failures=""

note_fail() {
	failed=$((failed + $2))
	failures="$failures $1"
}

for t in "$BUILD"/tests/test_*; do
	[ -x "$t" ] || continue
	name=$(basename "$t")
	"$t" >"$out/$name.log" 2>&1
	rc=$?
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$out/$name.log" | awk '{s+=$1} END {print s+0}')
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$out/$name.log" | awk '{s+=$1} END {print s+0}')
	passed=$((passed + p))
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
	if [ "$f" -gt 0 ]; then
		note_fail "$name" "$f"
		echo "FAIL $name ($f)"; sed 's/^/    /' "$out/$name.log" | tail -n 40
	else
		echo "ok   $name ($p)"
	fi
done

for r in "$BUILD"/fuzz/*-replay; do
	[ -x "$r" ] || continue
	name=$(basename "$r" -replay)
	corpus="tests/fuzz/corpus/${name#fuzz_}"
	[ -d "$corpus" ] || continue
	if "$r" "$corpus" >"$out/$name.log" 2>&1; then
		passed=$((passed + 1)); echo "ok   $name corpus ($(tail -n 1 "$out/$name.log"))"
	else
		note_fail "$name" 1; echo "FAIL $name corpus"; tail -n 40 "$out/$name.log"
	fi
done

for s in tests/e2e/*.sh; do
	[ -f "$s" ] || continue
	name=$(basename "$s" .sh)
	if sh "$s" >"$out/e2e_$name.log" 2>&1; then
		passed=$((passed + 1)); echo "ok   e2e $name"
	else
		note_fail "e2e_$name" 1; echo "FAIL e2e $name"; tail -n 40 "$out/e2e_$name.log" | sed 's/^/    /'
	fi
done

[ -n "$failures" ] && echo "failed:$failures"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
