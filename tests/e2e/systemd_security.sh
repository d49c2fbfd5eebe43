#!/bin/sh
# systemd/pidsd.service: `systemd-analyze security --offline=true` must
# score it at most 1.0, no Exec line may use the unsandboxed + or ! prefix,
# and `systemd-analyze verify` must accept the unit (on a copy pointing at
# the build's pidsd) where it can run.  The sysusers.d and tmpfiles.d files
# are applied to a scratch root.
set -u
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
unit=systemd/pidsd.service
max=1.0
fail() { echo "FAIL: $*"; exit 1; }

command -v systemd-analyze >/dev/null || fail "systemd-analyze missing (Debian package systemd)"
out=$(systemd-analyze security --offline=true --no-pager "$unit" 2>&1)
score=$(printf '%s\n' "$out" | sed -n 's/.*Overall exposure level for [^:]*: \([0-9][0-9.]*\).*/\1/p')
[ -n "$score" ] || { printf '%s\n' "$out"; fail "no exposure level in the output"; }
printf '%s\n' "$out" | grep '✗' || true
echo "exposure $score (at most $max)"
awk -v s="$score" -v m="$max" 'BEGIN { exit !(s + 0 <= m + 0) }' ||
	fail "exposure $score is above $max"
# The same threshold through systemd-analyze itself (0-100 scale).
systemd-analyze security --offline=true --no-pager --threshold=10 "$unit" >/dev/null 2>&1 ||
	fail "systemd-analyze --threshold=10 refuses the unit"

# The score ignores + and ! (full privileges): forbid them outright.
if grep -E '^Exec[A-Za-z]*=[-@:]*[+!]' "$unit"; then
	fail "an Exec line runs outside the sandbox"
fi
for k in Type=notify WatchdogSec= Restart=always StartLimitIntervalSec=0 \
	DevicePolicy=closed 'DeviceAllow=char-fb' 'DeviceAllow=char-gpiochip'; do
	grep -q "^$k" "$unit" || fail "$unit lacks $k"
done
grep -q '^PrivateDevices=yes' "$unit" && fail "PrivateDevices=yes hides /dev/fb* and /dev/gpiochip*"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [ -x "$BUILD/pidsd" ]; then
	sed "s|/usr/sbin/pidsd|$PWD/$BUILD/pidsd|" "$unit" >"$tmp/pidsd.service"
	if v=$(systemd-analyze verify "$tmp/pidsd.service" 2>&1); then
		[ -z "$v" ] || { printf '%s\n' "$v"; fail "verify printed warnings"; }
		echo "verify: ok"
	elif printf '%s\n' "$v" | grep -qiE 'not been booted with systemd|Failed to connect|Operation not permitted|No such file or directory.*bus'; then
		echo "SKIP verify: cannot run here: $(printf '%s' "$v" | head -n 1)"
	else
		printf '%s\n' "$v"; fail "systemd-analyze verify"
	fi
else
	echo "SKIP verify: $BUILD/pidsd not built"
fi

# sysusers.d and tmpfiles.d on a scratch root.
mkdir -p "$tmp/root/etc"
for f in passwd group shadow gshadow; do
	[ -f /etc/$f ] && cp /etc/$f "$tmp/root/etc/"
done
systemd-sysusers --root="$tmp/root" "$PWD/systemd/pids.sysusers.conf" >/dev/null 2>&1 ||
	fail "systemd-sysusers refuses systemd/pids.sysusers.conf"
grep -q '^pids:' "$tmp/root/etc/passwd" || fail "no user pids created"
for g in video gpio; do
	grep "^$g:" "$tmp/root/etc/group" | grep -q pids || fail "pids is not in group $g"
done
systemd-tmpfiles --root="$tmp/root" --create "$PWD/systemd/pids.tmpfiles.conf" >/dev/null 2>&1 ||
	fail "systemd-tmpfiles refuses systemd/pids.tmpfiles.conf"
[ -d "$tmp/root/var/lib/pids/snapshots" ] || fail "tmpfiles made no snapshot directory"
grep -q 'KERNEL=="gpiochip\*", GROUP="gpio"' systemd/90-pids.rules || fail "no gpiochip udev rule"
echo "ok"
