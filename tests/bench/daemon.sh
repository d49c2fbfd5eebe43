#!/bin/sh
# pidsd figures (make bench):
#   daemon_ready_ms        exec -> READY=1 with the four sim panels of
#                          tests/data/dev.conf (median of 5 starts)
#   daemon_peak_rss        peak RSS over a start and the static minute
#   daemon_static_cpu      CPU over BENCH_SECONDS (60) of a static page:
#                          one next-stop slide, LED pages every 60 s (the
#                          longest the content format allows: the signs
#                          alternate Chinese and English), no trip changes;
#                          goal < 0.5 % of one core; with the sim's PNG
#                          snapshots and without them
#   daemon_trip_cpu        CPU seconds per minute of a rotating T45 trip
#                          (bundled content, --simulate-trip at real time),
#                          with the sim's PNG snapshots and without them
# The sim panels stand in for the hardware; their snapshots (PNG encoding
# and fsync of every changed frame) are a cost real panels do not have,
# hence the second trip figure.  No peer: nothing else drives these signs.
set -u
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
SECS=${BENCH_SECONDS:-60}
PIDSD=$PWD/$BUILD/pidsd
NS=$PWD/$BUILD/tools/notifysock
for f in "$PIDSD" "$NS"; do
	[ -x "$f" ] || { echo "# $f not built"; exit 1; }
done
T=$(mktemp -d /tmp/pids-bench.XXXXXX)
trap 'rm -rf "$T"' EXIT
HZ=$(getconf CLK_TCK)

# conf FILE CONTENT_DIR SNAPSHOT_DIR
conf() {
	sed -e "s|^content_dir = .*|content_dir = $2|" \
	    -e "s|^fonts_dir = .*|fonts_dir = $PWD/fonts|" \
	    -e "s|^snapshot_dir = .*|snapshot_dir = $3|" \
	    -e "s|^control_socket = .*|control_socket = $T/sock|" \
	    tests/data/dev.conf >"$1"
}

# cpu_ticks PID: user + system clock ticks so far.
cpu_ticks() {
	awk '{ print $14 + $15 }' "/proc/$1/stat"
}

# measure CONF [ARGS]: runs pidsd under notifysock, waits for READY=1 and
# 2 s more, then counts CPU over $SECS s; sets CPU_S and RSS_KB.
measure() {
	_conf=$1
	shift
	rm -f "$T/ns.out"
	"$NS" -t $((SECS + 60)) -- "$PIDSD" -f "$_conf" "$@" >"$T/ns.out" 2>"$T/pidsd.log" &
	_ns=$!
	_n=0
	until grep -q '^ready_ms' "$T/ns.out" 2>/dev/null; do
		_n=$((_n + 1))
		[ $_n -lt 200 ] || { echo "# pidsd not ready"; cat "$T/pidsd.log"; exit 1; }
		sleep 0.05
	done
	_pid=$(ps -o pid= --ppid "$_ns" | tr -d ' ')
	[ -n "$_pid" ] && [ -r "/proc/$_pid/stat" ] || { echo "# no pidsd under notifysock"; exit 1; }
	sleep 2
	_a=$(cpu_ticks "$_pid")
	sleep "$SECS"
	_b=$(cpu_ticks "$_pid")
	kill -TERM "$_ns"
	wait "$_ns"
	CPU_S=$(echo "$_a $_b $HZ" | awk '{ printf "%.2f", ($2 - $1) / $3 }')
	RSS_KB=$(sed -n 's/^maxrss_kb //p' "$T/ns.out")
}

# Start-up: 5 starts, median time to READY=1.
conf "$T/dev.conf" "$PWD/assets/content" "$T/sim"
for i in 1 2 3 4 5; do
	rm -rf "$T/sim"
	"$NS" -k 0 -t 30 -- "$PIDSD" -f "$T/dev.conf" >"$T/start.out" 2>/dev/null ||
		{ echo "# start $i failed"; exit 1; }
	sed -n 's/^ready_ms //p' "$T/start.out"
done | sort -n | sed -n 3p >"$T/ready"
echo "BENCH daemon_ready_ms $(cat "$T/ready") ms"

# A static page: the bundled content with a one-slide theme.
cp -R assets/content "$T/static"
cat >"$T/static/themes.json" <<'JSON'
{
	"default": "still",
	"themes": [
		{
			"id": "still",
			"name": { "zh": "静止", "en": "Still" },
			"lcd": {
				"transition": "cut",
				"transition_ms": 0,
				"slides": [ { "page": "next-stop", "ms": 60000 } ]
			},
			"led": {
				"transition": "cut",
				"transition_ms": 0,
				"page_ms": 60000,
				"marquee_px_per_s": 32,
				"marquee_hold_ms": 1000
			}
		}
	]
}
JSON
conf "$T/static.conf" "$T/static" "$T/sim"
measure "$T/static.conf"
echo "$CPU_S $SECS" | awk '{ printf "BENCH daemon_static_cpu %.3f %% (%.2f s in %d s; goal < 0.5 %%)\n", $1 / $2 * 100, $1, $2 }'
echo "BENCH daemon_peak_rss $(echo "$RSS_KB" | awk '{ printf "%.1f", $1 / 1024 }') MB (goal <= 32)"
conf "$T/static2.conf" "$T/static" ""
measure "$T/static2.conf"
echo "$CPU_S $SECS" | awk '{ printf "BENCH daemon_static_cpu_nosnap %.3f %% (%.2f s in %d s, no snapshots)\n", $1 / $2 * 100, $1, $2 }'

conf "$T/trip.conf" "$PWD/assets/content" "$T/sim"
measure "$T/trip.conf" --simulate-trip
echo "$CPU_S $SECS" | awk '{ printf "BENCH daemon_trip_cpu %.2f s/min (T45 trip, sim snapshots on; %.1f %% of a core)\n", $1 * 60 / $2, $1 / $2 * 100 }'
echo "BENCH daemon_trip_peak_rss $(echo "$RSS_KB" | awk '{ printf "%.1f", $1 / 1024 }') MB"
conf "$T/trip2.conf" "$PWD/assets/content" ""
measure "$T/trip2.conf" --simulate-trip
echo "$CPU_S $SECS" | awk '{ printf "BENCH daemon_trip_cpu_nosnap %.2f s/min (T45 trip, no snapshots; %.1f %% of a core)\n", $1 * 60 / $2, $1 / $2 * 100 }'
