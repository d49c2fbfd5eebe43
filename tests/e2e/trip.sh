#!/bin/sh
# Trip changes through pidsctl: status follows, the signs change (the rear
# sign against goldens, raw and as the sim's LED dots), bad requests are
# refused with a reason and leave the display alone.
. "$(dirname "$0")/lib.inc"
write_conf
start_pidsd
# LED signs dim at night (theme): hold them at full so goldens do not
# depend on the time of day.
ctl brightness all 100 | grep -q '^4 panels at 100%$' || fail "brightness all 100"

version=$(sed -n 's/.*"version": *"\([^"]*\)".*/\1/p' assets/content/manifest.json)
ctl status >"$T/status.txt" || fail "pidsctl status"
grep -q '^trip     T45 direction 0 to 北关 (Beiguan)$' "$T/status.txt" || fail "status: $(cat "$T/status.txt")"
grep -q "content $version," "$T/status.txt" || fail "status lacks content $version"
[ "$(grep -c '^  [a-z]* *sim .* ok ' "$T/status.txt")" -eq 4 ] || fail "not 4 panels ok: $(cat "$T/status.txt")"
status_has '"stop_name": "张家湾古城"' || fail "status --json lacks the stop name"

snap t45
"$PNGTOOL" golden "$T/t45/rear.png" tests/golden/e2e/rear_t45.png || fail "rear sign (T45) differs from its golden"

out=$(ctl trip T6 1 2) || fail "trip T6 1 2"
echo "$out" | grep -q T6 || fail "trip reply: $out"
status_has '"route": "T6"' && status_has '"direction": 1' && status_has '"stop": 2' ||
	fail "status after trip: $(ctl status)"
snap t6
"$PNGTOOL" golden "$T/t6/rear.png" tests/golden/e2e/rear_t6.png || fail "rear sign (T6) differs from its golden"
"$PNGTOOL" same "$T/t45/side.png" "$T/t6/side.png" >/dev/null && fail "side sign did not change for T6"
# The sim panel's own snapshot: the same frame drawn as LED dots.
wait_for 5 "dotted rear sign" "$PNGTOOL" golden "$T/sim/rear.png" tests/golden/e2e/rear_t6_dots.png
ctl brightness rear 30 >/dev/null || fail "brightness rear 30"
wait_for 5 "dimmed rear sign" sh -c "! '$PNGTOOL' same '$T/sim/rear.png' tests/golden/e2e/rear_t6_dots.png"
ctl brightness rear 100 >/dev/null || fail "brightness rear 100"
wait_for 5 "rear sign at full" "$PNGTOOL" same "$T/sim/rear.png" tests/golden/e2e/rear_t6_dots.png
err=$(ctl brightness roof 50 2>&1) && fail "brightness of a panel that does not exist"
echo "$err" | grep -q "no panel named 'roof'" || fail "brightness roof: $err"

ctl stop next >/dev/null && status_has '"stop": 3' || fail "stop next"
ctl stop prev >/dev/null && status_has '"stop": 2' || fail "stop prev"
ctl stop 0 >/dev/null && status_has '"stop": 0' || fail "stop 0"
err=$(ctl stop 99 2>&1) && fail "stop 99 accepted"
echo "$err" | grep -q 'has stops 0 to' || fail "stop 99: $err"
ctl stop prev 2>/dev/null && fail "stop prev before the first stop accepted"

snap atstop
ctl phase approaching >/dev/null && status_has '"phase": "approaching"' || fail "phase approaching"
snap approaching
"$PNGTOOL" same "$T/atstop/interior.png" "$T/approaching/interior.png" >/dev/null &&
	fail "interior did not change when approaching"
ctl doors open >/dev/null && status_has '"doors_open": true' || fail "doors open"
ctl request on >/dev/null && status_has '"stop_requested": true' || fail "request on"

# Refused requests: exit 1 with the daemon's reason.
for bad in "trip T99 0:T99" "trip T45 5:direction" "bogus:unknown command" \
	"status extra:takes no arguments" "phase flying:usage: phase"; do
	req=${bad%%:*} want=${bad#*:}
	# shellcheck disable=SC2086
	err=$(ctl $req 2>&1) && fail "'$req' accepted"
	echo "$err" | grep -q "$want" || fail "'$req' said: $err"
done
status_has '"route": "T6"' || fail "a refused request changed the trip"
[ "$(ctl status | grep -c ' ok ')" -eq 4 ] || fail "panels disturbed: $(ctl status)"

# No daemon on a socket: a clear error, exit 2.
err=$("$PIDSCTL" -s "$T/none" status 2>&1)
[ $? -eq 2 ] || fail "pidsctl on a missing socket did not exit 2"
echo "$err" | grep -q "pidsd is not running" || fail "missing socket: $err"

stop_pidsd TERM
[ ! -e "$SOCK" ] || fail "control socket left behind"
echo ok
