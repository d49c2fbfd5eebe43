/*
 * log: messages to stderr with sd-daemon "<N>" priority prefixes, so that
 * journald files each line at its level.  No forking, no syslog.
 *
 * Every function keeps errno unchanged.  log_warn() and log_err() append
 * ": strerror(errno)"; the *x variants do not.
 */
#ifndef PIDS_LOG_H
#define PIDS_LOG_H

#include <stdarg.h>

enum log_level {
	LOG_LVL_ERR = 3,
	LOG_LVL_WARNING = 4,
	LOG_LVL_NOTICE = 5,
	LOG_LVL_INFO = 6,
	LOG_LVL_DEBUG = 7,
};

/* Messages above @max (e.g. LOG_LVL_DEBUG with -v) are dropped. */
void log_init(enum log_level max);

void log_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_errx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_notice(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
