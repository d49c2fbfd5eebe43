#!/bin/sh
# pidsd -n, start-up failures, one pidsd per socket, SIGINT and SIGTERM
# exit 0 and remove the socket, a socket left by a killed pidsd is reused.
. "$(dirname "$0")/lib.inc"

# -n: the check mode.
"$PIDSD" -n -f tests/data/dev.conf 2>"$T/n.txt" || fail "dev.conf: $(cat "$T/n.txt")"
grep -q "configuration OK" "$T/n.txt" || fail "-n said: $(cat "$T/n.txt")"
"$PIDSD" -n -v -f tests/data/dev.conf >"$T/norm.conf" || fail "-n -v"
"$PIDSD" -n -v -f "$T/norm.conf" >"$T/norm2.conf" || fail "-n -v output does not parse"
cmp -s "$T/norm.conf" "$T/norm2.conf" || fail "-n -v output does not re-parse to itself"
printf '[vehicle]\ndirection = 9\n[panel.x]\nrole = front\ntype = sim\n' >"$T/bad.conf"
"$PIDSD" -n -f "$T/bad.conf" 2>"$T/n.txt" && fail "a bad config passed -n"
grep -qx "$T/bad.conf:2: direction: 9 is above the maximum 1" "$T/n.txt" || fail "-n: $(cat "$T/n.txt")"
grep -qx "$T/bad.conf:3: \[panel.x\]: a sim panel needs width and height" "$T/n.txt" ||
	fail "-n did not report every error: $(cat "$T/n.txt")"
"$PIDSD" -n -f "$T/none.conf" 2>/dev/null && fail "a missing config passed -n"
"$PIDSD" --bogus 2>/dev/null
[ $? -eq 2 ] || fail "bad option: not exit 2"
"$PIDSD" --simulate-trip=fast -f tests/data/dev.conf 2>/dev/null
[ $? -eq 2 ] || fail "bad speed: not exit 2"

# Content that does not load: no start, and the reason names it.
CONTENT=$T/no-content write_conf
"$PIDSD" -f "$CONF" 2>"$T/start.txt" && fail "started without content"
grep -q "cannot start: $T/no-content" "$T/start.txt" || fail "no content: $(cat "$T/start.txt")"
[ ! -e "$SOCK" ] || fail "a failed start left the socket"

write_conf
start_pidsd
first=$PID
# A second pidsd on the same socket refuses to start; the first carries on.
"$PIDSD" -f "$CONF" 2>"$T/second.txt" && fail "a second pidsd started"
grep -q "another pidsd is listening" "$T/second.txt" || fail "second: $(cat "$T/second.txt")"
status_has '"ready": true' || fail "the first pidsd was disturbed"
[ "$(stat -c %a "$SOCK")" = 660 ] || fail "socket mode $(stat -c %a "$SOCK")"
stop_pidsd INT
[ ! -e "$SOCK" ] || fail "socket left after SIGINT"
grep -q "SIGINT: stopping" "$T/pidsd.log" || fail "no stop message"

# A pidsd killed outright leaves its socket; the next start takes it over.
start_pidsd
kill -KILL "$PID"
wait "$PID" 2>/dev/null
PID=
[ -S "$SOCK" ] || fail "expected a stale socket"
start_pidsd
[ "$PID" != "$first" ] || fail "same pid?"
stop_pidsd TERM
echo ok
