#!/bin/sh
# --simulate-trip: the bus runs the route, announces stops, turns round at
# the terminal; the operator can still set the trip.
. "$(dirname "$0")/lib.inc"
write_conf
# At 20x a stop takes 1.9 s, of which 0.4 s approaching.
start_pidsd --simulate-trip=20
status_has '"simulate": 20.0' || fail "status lacks the speed"
wait_for 5 "departure" status_has '"phase": "departed"'
wait_for 5 "approaching phase" status_has '"phase": "approaching"'
wait_for 5 "arrival at stop 1" sh -c "'$PIDSCTL' -s '$SOCK' status --json | grep -q '\"stop\": 1,'"
# Two stops before the terminal: the bus runs on and turns round.
ctl trip T45 0 9 >/dev/null || fail "trip T45 0 9"
wait_for 10 "the turn at the terminal" status_has '"direction": 1'
status_has '"stop": 0,' || fail "did not turn round at stop 0"
ctl trip T4 0 0 >/dev/null || fail "trip during the simulation"
status_has '"route": "T4"' || fail "trip not taken"
wait_for 10 "T4 moving on" sh -c "'$PIDSCTL' -s '$SOCK' status --json | grep -q '\"stop\": [1-9]'"
status_has '"route": "T4"' || fail "the simulation left T4"
[ "$(ctl status | grep -c ' ok ')" -eq 4 ] || fail "panels not ok"
stop_pidsd TERM
echo ok
