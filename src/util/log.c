/* log: see log.h. */
#include "util/log.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

static enum log_level log_max = LOG_LVL_INFO;

void log_init(enum log_level max)
{
	log_max = max;
}

static void log_vemit(enum log_level lvl, int with_errno, const char *fmt,
		      va_list ap)
{
	int saved = errno;
	char msg[1024];

	if (lvl > log_max)
		return;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (with_errno)
		fprintf(stderr, "<%d>%s: %s\n", lvl, msg, strerror(saved));
	else
		fprintf(stderr, "<%d>%s\n", lvl, msg);
	errno = saved;
}

#define LOG_FN(name, lvl, with_errno)                    \
	void name(const char *fmt, ...)                  \
	{                                                \
		va_list ap;                              \
		va_start(ap, fmt);                       \
		log_vemit(lvl, with_errno, fmt, ap);     \
		va_end(ap);                              \
	}

LOG_FN(log_err, LOG_LVL_ERR, 1)
LOG_FN(log_errx, LOG_LVL_ERR, 0)
LOG_FN(log_warn, LOG_LVL_WARNING, 1)
LOG_FN(log_warnx, LOG_LVL_WARNING, 0)
LOG_FN(log_notice, LOG_LVL_NOTICE, 0)
LOG_FN(log_info, LOG_LVL_INFO, 0)
LOG_FN(log_debug, LOG_LVL_DEBUG, 0)
