/* notify: see notify.h. */
#include "daemon/notify.h"

#include <stddef.h>
#include <systemd/sd-daemon.h>

#include "util/log.h"

static void notify(const char *what, const char *status)
{
	int r;

	if (status)
		r = sd_notifyf(0, "%s%sSTATUS=%s", what, *what ? "\n" : "",
			       status);
	else
		r = sd_notify(0, what);
	if (r < 0)
		log_debug("sd_notify %s failed: error %d", what, -r);
}

void notify_ready(const char *status)
{
	notify("READY=1", status);
}

void notify_status(const char *status)
{
	notify("", status);
}

void notify_reloading(void)
{
	notify("RELOADING=1", NULL);
}

void notify_stopping(void)
{
	notify("STOPPING=1", NULL);
}

void notify_watchdog(void)
{
	notify("WATCHDOG=1", NULL);
}

int64_t notify_watchdog_ms(void)
{
	uint64_t usec = 0;

	if (sd_watchdog_enabled(0, &usec) <= 0 || usec == 0)
		return 0;
	return usec / 2000 ? (int64_t)(usec / 2000) : 1;
}
