#!/bin/sh
# make bench: runs every tests/bench/*.sh (except this one) in name order.
# Each prints lines "BENCH <name> <value> <unit> [peer=<v> ratio=<r> (<how>)]".
set -u
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
export BUILD PIDS_SRCDIR="$PWD"
rc=0
for b in tests/bench/*.sh; do
	[ "$(basename "$b")" = run.sh ] && continue
	echo "# $(basename "$b" .sh)"
	sh "$b" || { echo "# $(basename "$b") failed"; rc=1; }
done
exit $rc
