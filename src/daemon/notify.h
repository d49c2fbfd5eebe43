/*
 * notify: telling systemd how pidsd is (sd_notify(3)).
 *
 * Without $NOTIFY_SOCKET (not started by systemd) every call does nothing.
 */
#ifndef PIDS_NOTIFY_H
#define PIDS_NOTIFY_H

#include <stdint.h>

/* READY=1 with a STATUS= line. */
void notify_ready(const char *status);
/* STATUS= only. */
void notify_status(const char *status);
/* RELOADING=1 (SIGHUP), answered by notify_ready(). */
void notify_reloading(void);
/* STOPPING=1 (SIGTERM). */
void notify_stopping(void);
/* WATCHDOG=1. */
void notify_watchdog(void);
/* How often to send WATCHDOG=1: half of $WATCHDOG_USEC, in milliseconds;
   0 when systemd does not watch us. */
int64_t notify_watchdog_ms(void);

#endif
