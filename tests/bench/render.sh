#!/bin/sh
# render: our renderer (tests/tools/renderbench.c over src/render) against a
# cairo + pango peer (tests/bench/peer_render.c) drawing the same frames:
# the 1920x540 interior frame and the 192x32 LED frame.
#
# For each side and frame, in separate processes:
#   first_ms   the cold first frame: lays out and rasterises every glyph and
#              scales the artwork into its cache (fonts are opened before,
#              reported as setup_ms; PNG decoding is not counted);
#   steady_ms  the median of frames 2..N (median of RUNS processes);
#   instr      instructions per steady frame, callgrind with
#              instrumentation on only around frames 2..NI;
#   peak_rss   getrusage ru_maxrss of the timing process.
# Ratios are peer/ours: above 1 means ours is faster or smaller.
# The final frames are written to $OUT/pids-render-{ours,peer}-{lcd,led}.png.
set -eu
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
N=${RENDER_FRAMES:-300}
NI=${RENDER_CG_FRAMES:-21}
RUNS=${RENDER_RUNS:-3}
OUT=${RENDER_OUT:-/tmp}
ours=$BUILD/tools/renderbench
peer=$BUILD/bench/peer_render
pkgs="pangocairo pangoft2 cairo fontconfig"

if [ ! -x "$ours" ]; then
	echo "# render: $ours is missing (make bench builds it)" >&2
	exit 1
fi
mkdir -p "$BUILD/bench"
if ! flags=$(pkg-config --cflags --libs $pkgs); then
	echo "# render: pkg-config cannot find $pkgs" >&2
	exit 1
fi
# shellcheck disable=SC2086
${CC:-cc} -std=gnu11 -O2 -g -Wall -Wextra -o "$peer" \
	tests/bench/peer_render.c $flags
command -v valgrind >/dev/null || { echo "# render: no valgrind" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# field NAME LINE: the value of NAME=... in a result line.
field() {
	echo "$2" | tr ' ' '\n' | sed -n "s/^$1=//p"
}

# median: of the numbers on stdin.
median() {
	sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

# timing SIDE BIN MODE: RUNS processes; leaves $tmp/SIDE-MODE.{first,steady,rss,last}
timing() {
	i=0
	while [ $i -lt "$RUNS" ]; do
		line=$("$2" "$3" -n "$N" -o "$OUT/pids-render-$1-$3.png")
		field first_ms "$line" >>"$tmp/$1-$3.first"
		field steady_ms "$line" >>"$tmp/$1-$3.steady"
		field rss_kib "$line" >>"$tmp/$1-$3.rss"
		echo "$line" >"$tmp/$1-$3.last"
		i=$((i + 1))
	done
}

# instr SIDE BIN MODE: instructions per steady frame.
instr() {
	cg="$tmp/cg-$1-$3"
	valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$cg" \
		"$2" "$3" -n "$NI" >/dev/null 2>"$cg.log" ||
		{ cat "$cg.log" >&2; return 1; }
	total=$(sed -n 's/^totals: *\([0-9]*\).*/\1/p' "$cg" | tail -n 1)
	echo $((total / (NI - 1)))
}

# bench NAME OURS PEER UNIT [FORMAT]
bench() {
	awk -v n="$1" -v o="$2" -v p="$3" -v u="$4" -v f="${5:-%s}" 'BEGIN {
		printf "BENCH %s " f " %s peer=" f " ratio=%.2f (peer/ours)\n",
			n, o, u, p, (o > 0 ? p / o : 0) }'
}

for mode in lcd led; do
	timing ours "$ours" $mode
	timing peer "$peer" $mode
	oi=$(instr ours "$ours" $mode)
	pi=$(instr peer "$peer" $mode)
	if [ $mode = lcd ]; then name=render_lcd_1920x540; else name=render_led_192x32; fi
	bench ${name}_steady_instr "$oi" "$pi" Ir %d
	bench ${name}_steady_ms "$(median <"$tmp/ours-$mode.steady")" \
		"$(median <"$tmp/peer-$mode.steady")" ms %.5f
	bench ${name}_first_ms "$(median <"$tmp/ours-$mode.first")" \
		"$(median <"$tmp/peer-$mode.first")" ms %.3f
	bench render_${mode}_peak_rss_kib "$(median <"$tmp/ours-$mode.rss")" \
		"$(median <"$tmp/peer-$mode.rss")" KiB %d
	o=$(cat "$tmp/ours-$mode.last")
	p=$(cat "$tmp/peer-$mode.last")
	echo "# $mode setup (fonts opened, not in first_ms): ours $(field setup_ms "$o") ms, peer $(field setup_ms "$p") ms"
	if [ $mode = led ]; then
		ol=$(field lit "$o") pl=$(field lit "$p")
		og=$(field grey "$o") pg=$(field grey "$p")
		if [ "$ol" = "$pl" ] && [ "$og" = 0 ] && [ "$pg" = 0 ]; then
			echo "# led lit pixels: ours $ol, peer $pl, none grey: same"
		else
			echo "# led lit pixels DIFFER: ours $ol ($og grey), peer $pl ($pg grey)"
		fi
	fi
done
echo "# frames: $OUT/pids-render-{ours,peer}-{lcd,led}.png"
