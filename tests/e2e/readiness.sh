#!/bin/sh
# systemd's side of pidsd, through an emulated NOTIFY_SOCKET: READY=1 only
# once every working panel shows a frame (the snapshots exist when it comes),
# STATUS= with route, stop and content version, WATCHDOG=1 at half of
# WATCHDOG_USEC from the loop, RELOADING=1/READY=1 around SIGHUP,
# STOPPING=1; a failed panel does not hold READY back.
. "$(dirname "$0")/lib.inc"
NOTIFYSOCK=$SRC/$BUILD/tools/notifysock
[ -x "$NOTIFYSOCK" ] || fail "$NOTIFYSOCK not built"
write_conf
version=$(sed -n 's/.*"version": *"\([^"]*\)".*/\1/p' assets/content/manifest.json)

WATCHDOG_USEC=600000 "$NOTIFYSOCK" -l "$T/notify.log" -t 25 \
	-r "test -s $T/sim/front.png -a -s $T/sim/side.png -a -s $T/sim/rear.png -a -s $T/sim/interior.png" \
	-- "$PIDSD" -f "$CONF" >"$T/ns.out" 2>"$T/pidsd.log" &
NS=$!
wait_for 10 "READY=1 and its check" grep -q '^ready_check' "$T/ns.out"
grep -q '^ready_check 0$' "$T/ns.out" || fail "READY=1 came before every panel had a frame"
grep 'READY=1' "$T/notify.log" | head -n 1 | grep -q "STATUS=T45 .*content $version; panels 4/4 ok" ||
	fail "READY without the expected STATUS: $(head -n 2 "$T/notify.log")"
wait_for 5 "3 watchdog pings" sh -c "test \$(grep -c WATCHDOG=1 '$T/notify.log') -ge 3"
ctl trip T6 0 3 >/dev/null || fail "trip"
wait_for 5 "STATUS for T6" grep -q 'STATUS=T6 ' "$T/notify.log"
kill -HUP "$(ps -o pid= --ppid "$NS" | tr -d ' ')"
wait_for 5 "RELOADING=1 then READY=1" sh -c "grep -A1 'RELOADING=1' '$T/notify.log' | tail -n 1 | grep -q 'READY=1'"
kill -TERM "$NS"
wait "$NS"
rc=$?
[ $rc -eq 0 ] || fail "notifysock/pidsd exit $rc: $(cat "$T/ns.out")"
grep -q '^exit 0$' "$T/ns.out" || fail "pidsd did not exit 0"
grep -q 'STOPPING=1' "$T/notify.log" || fail "no STOPPING=1"
# The pings kept coming every 300 ms: between the first and the last, no
# gap of the whole WATCHDOG_USEC (600 ms), after which systemd would kill.
awk '/WATCHDOG=1/ { if (last && $1 - last >= 600) bad = $1 - last; last = $1 } END { exit bad > 0 }' \
	"$T/notify.log" || fail "a watchdog gap above WATCHDOG_USEC"

# A panel that cannot open does not hold READY back.
INTERIOR_DIR=$T/missing/sim write_conf
"$NOTIFYSOCK" -l "$T/notify2.log" -t 20 -k 0.3 -- "$PIDSD" -f "$CONF" >"$T/ns2.out" 2>"$T/pidsd.log" ||
	fail "pidsd with a missing panel: $(cat "$T/ns2.out")"
grep 'READY=1' "$T/notify2.log" | grep -q 'panels 3/4 ok' || fail "READY: $(cat "$T/notify2.log")"
echo ok
