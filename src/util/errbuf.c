/* errbuf: see errbuf.h. */
#include "util/errbuf.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void errbuf_set(struct errbuf *e, const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	if (!e)
		return;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	errno = saved;
}

void errbuf_errno(struct errbuf *e, const char *fmt, ...)
{
	int saved = errno;
	va_list ap;
	size_t n;

	if (!e)
		return;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	n = strlen(e->msg);
	snprintf(e->msg + n, sizeof(e->msg) - n, ": %s", strerror(saved));
	errno = saved;
}

void errbuf_prefix(struct errbuf *e, const char *fmt, ...)
{
	int saved = errno;
	char old[ERRBUF_LEN], pre[ERRBUF_LEN];
	size_t n, m;
	va_list ap;

	if (!e)
		return;
	memcpy(old, e->msg, sizeof(old));
	va_start(ap, fmt);
	vsnprintf(pre, sizeof(pre), fmt, ap);
	va_end(ap);
	n = strlen(pre);
	if (n > ERRBUF_LEN - 3)
		n = ERRBUF_LEN - 3;
	m = strlen(old);
	if (m > ERRBUF_LEN - 3 - n)
		m = ERRBUF_LEN - 3 - n;
	memcpy(e->msg, pre, n);
	memcpy(e->msg + n, ": ", 2);
	memcpy(e->msg + n + 2, old, m);
	e->msg[n + 2 + m] = 0;
	errno = saved;
}
