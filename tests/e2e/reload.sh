#!/bin/sh
# Reload (pidsctl reload and SIGHUP): config and content switch only when
# all of them load; a bad config or bad content is refused with its reason
# and the displays keep what they showed, without reopening any panel.
. "$(dirname "$0")/lib.inc"
CONTENT=$T/content
cp -R assets/content "$CONTENT"
write_conf
start_pidsd
version=$(sed -n 's/.*"version": *"\([^"]*\)".*/\1/p' "$CONTENT/manifest.json")
opens() { grep -c 'panel [a-z]*: sim ' "$T/pidsd.log"; }
[ "$(opens)" -eq 4 ] || fail "expected 4 panel opens"

ctl reload | grep -q "content $version" || fail "plain reload"
status_has '"reloads": 1' || fail "reload not counted"

# A config change by SIGHUP; the panels are kept open.
sed -i 's/^id = e2e-bus$/id = e2e-bus-2/' "$CONF"
kill -HUP "$PID"
wait_for 5 "reloaded vehicle id" status_has '"vehicle": "e2e-bus-2"'
[ "$(opens)" -eq 4 ] || fail "a reload with the same panels reopened one"

# A broken config: refused, with file:line, nothing changes.
cp "$CONF" "$T/good.conf"
printf 'brightness = 400\n' >>"$CONF"
err=$(ctl reload 2>&1) && fail "a bad config was accepted"
echo "$err" | grep -q "$CONF:[0-9]*: brightness: 400 is above the maximum 100" || fail "bad config: $err"
echo "$err" | grep -q "still showing content $version" || fail "bad config: $err"
status_has '"vehicle": "e2e-bus-2"' && status_has '"reload_failures": 1' || fail "status after a failed reload"
status_has '"reload_error": "' || fail "no reload_error in status"
[ "$(ctl status | grep -c ' ok ')" -eq 4 ] || fail "panels disturbed by a failed reload"
cp "$T/good.conf" "$CONF"

# Broken content: refused naming the file; SIGHUP logs the same.
cp "$CONTENT/routes.json" "$T/routes.json"
echo '{ "routes": [ { "id": ' >"$CONTENT/routes.json"
err=$(ctl reload 2>&1) && fail "broken content was accepted"
echo "$err" | grep -q "routes.json" || fail "broken content: $err"
kill -HUP "$PID"
wait_for 5 "logged failed SIGHUP reload" grep -q "reload failed, still showing content $version" "$T/pidsd.log"
status_has "\"content_version\": \"$version\"" || fail "content version changed"
[ "$(ctl status | grep -c ' ok ')" -eq 4 ] || fail "panels disturbed by bad content"
snap kept
for p in front side rear interior; do
	[ "$("$PNGTOOL" lit "$T/kept/$p.png")" -gt 0 ] || fail "$p went blank"
done

# Good new content: switched.
cp "$T/routes.json" "$CONTENT/routes.json"
sed -i "s/\"version\": *\"[^\"]*\"/\"version\": \"e2e-2\"/" "$CONTENT/manifest.json"
ctl reload | grep -q "content e2e-2" || fail "new content not loaded"
status_has '"content_version": "e2e-2"' || fail "status lacks the new version"
[ "$(opens)" -eq 4 ] || fail "a content reload reopened a panel"

# A different set of panels: rear removed, the others kept open.
sed -i '/^\[panel.rear\]/,/^dot_scale/d' "$CONF"
ctl reload >/dev/null || fail "reload without the rear panel"
status_has '"name": "rear"' && fail "rear panel still there"
[ "$(ctl status | grep -c ' ok ')" -eq 3 ] || fail "not 3 panels ok: $(ctl status)"
[ "$(opens)" -eq 4 ] || fail "kept panels were reopened"
stop_pidsd TERM
echo ok
