#!/bin/sh
# Operator messages: shown on the signs, in status with priority and time
# left, gone when they expire or are cleared; bad ones refused.
. "$(dirname "$0")/lib.inc"
write_conf
start_pidsd

snap before
ctl message "临时改道 Detour via Xinhua Dajie" --priority urgent --for 4s >/dev/null ||
	fail "message"
status_has '"priority": "urgent"' && status_has '"text": "临时改道 Detour via Xinhua Dajie"' ||
	fail "status: $(ctl status --json)"
ctl status | grep -q '^message  \[urgent\] 临时改道' || fail "human status: $(ctl status)"
snap during
for p in front interior; do
	"$PNGTOOL" same "$T/before/$p.png" "$T/during/$p.png" >/dev/null &&
		fail "$p does not show the message"
done
wait_for 10 "expiry of the message" status_has '"message": null'
snap after
"$PNGTOOL" same "$T/during/interior.png" "$T/after/interior.png" >/dev/null &&
	fail "interior still shows the message after it expired"

ctl message "请勿饮食 No food or drink" >/dev/null || fail "info message"
status_has '"priority": "info"' && status_has '"expires_in_ms": null' || fail "info message status"
ctl message --clear >/dev/null && status_has '"message": null' || fail "message --clear"

long=$(printf '%0401d' 0)
err=$(ctl message "$long" 2>&1) && fail "401-byte message accepted"
echo "$err" | grep -q "longer than 400 bytes" || fail "long message: $err"
err=$(ctl message hi --priority loud 2>&1) && fail "priority loud accepted"
echo "$err" | grep -q "not info or urgent" || fail "priority loud: $err"
err=$(ctl message hi --for 3days 2>&1) && fail "--for 3days accepted"
ctl message >/dev/null 2>&1
[ $? -eq 2 ] || fail "message without text: not a usage error"
status_has '"message": null' || fail "a refused message was shown"
stop_pidsd INT
echo ok
