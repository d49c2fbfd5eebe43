#!/bin/sh
# Installs the systemd unit, sysusers.d, tmpfiles.d and udev files of pids.
# Called by `make install` as: sh systemd/install.sh "$(DESTDIR)" "$(PREFIX)"
# Nothing is started: a package's postinst (or the commands printed at the
# end) does that on the target.
set -eu
DESTDIR=${1-}
PREFIX=${2:-/usr}
here=$(dirname "$0")
lib="$DESTDIR$PREFIX/lib"

install -d "$lib/systemd/system" "$lib/sysusers.d" "$lib/tmpfiles.d" \
	"$lib/udev/rules.d" "$DESTDIR$PREFIX/share/doc/pids"
# The unit names the binary by its installed path.
sed "s|/usr/sbin/pidsd|$PREFIX/sbin/pidsd|; s|/usr/share/doc/pids|$PREFIX/share/doc/pids|" \
	"$here/pidsd.service" >"$lib/systemd/system/pidsd.service"
chmod 644 "$lib/systemd/system/pidsd.service"
install -m 644 "$here/pids.sysusers.conf" "$lib/sysusers.d/pids.conf"
install -m 644 "$here/pids.tmpfiles.conf" "$lib/tmpfiles.d/pids.conf"
install -m 644 "$here/90-pids.rules" "$lib/udev/rules.d/90-pids.rules"
install -m 644 "$here/../README.md" "$DESTDIR$PREFIX/share/doc/pids/README.md"

if [ -z "$DESTDIR" ]; then
	cat <<MSG
pids: installed.  To start it on this machine:
  systemd-sysusers pids.conf && systemd-tmpfiles --create pids.conf
  udevadm control --reload && udevadm trigger --subsystem-match=gpio --subsystem-match=spidev
  systemctl daemon-reload && systemctl enable --now pidsd
MSG
fi
