#!/bin/sh
# A panel whose device is missing is reported (naming it) and retried with
# back-off while the others run; it comes up when the device appears, and a
# device failing later is closed and reopened the same way.
. "$(dirname "$0")/lib.inc"
INTERIOR_DIR=$T/missing/sim write_conf
start_pidsd
ctl status >"$T/st.txt"
grep -q '^  interior .*FAILED .*sim interior: snapshot_dir .*/missing/sim: No such file or directory' "$T/st.txt" ||
	fail "status: $(cat "$T/st.txt")"
[ "$(grep -c ' ok ' "$T/st.txt")" -eq 3 ] || fail "the other panels are not ok: $(cat "$T/st.txt")"
grep -q "panel interior: sim interior: snapshot_dir $T/missing/sim: No such file or directory; retrying in 0.2 s" \
	"$T/pidsd.log" || fail "log does not name the device"
wait_for 5 "a second failed attempt" grep -q "panel interior: still failing" "$T/pidsd.log"
[ -e "$T/sim/interior.png" ] && fail "interior wrote somewhere else"

mkdir "$T/missing"
wait_for 5 "interior recovering" sh -c "'$PIDSCTL' -s '$SOCK' status | grep -q '^  interior .* ok '"
grep -q "panel interior: working again" "$T/pidsd.log" || fail "no recovery logged"
[ -s "$T/missing/sim/interior.png" ] || fail "no interior snapshot after recovery"

# The device goes away while running: the next frame fails, the panel is
# closed and retried, the others do not notice.
rm -rf "$T/missing"
ctl trip T6 0 1 >/dev/null || fail "trip"
wait_for 5 "interior failing" sh -c "'$PIDSCTL' -s '$SOCK' status | grep -q '^  interior .*FAILED'"
[ "$(ctl status | grep -c ' ok ')" -eq 3 ] || fail "other panels disturbed"
mkdir -p "$T/missing"
wait_for 5 "interior back" sh -c "'$PIDSCTL' -s '$SOCK' status | grep -q '^  interior .* ok '"
stop_pidsd TERM
echo ok
