/*
 * errbuf: the human reason a call failed.
 *
 * Functions that can fail take a `struct errbuf *` (which may be NULL when the
 * caller does not care), return -1 or NULL, set errno, and write one line
 * naming the thing that failed: "fonts/unifont.pcf.gz: no such file",
 * "gpiochip9: no such chip".  The message never ends with a newline.
 */
#ifndef PIDS_ERRBUF_H
#define PIDS_ERRBUF_H

#define ERRBUF_LEN 256

struct errbuf {
	char msg[ERRBUF_LEN];
};

/* Sets the message; keeps errno unchanged.  @e may be NULL. */
void errbuf_set(struct errbuf *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Like errbuf_set() with ": strerror(errno)" appended. */
void errbuf_errno(struct errbuf *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Prefixes the current message with "prefix: " (for adding context). */
void errbuf_prefix(struct errbuf *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
