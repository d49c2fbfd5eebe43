/*
 * fuzz_request: control requests, as a client could send them.
 *
 * The input is cut into lines as the control socket cuts them (at '\n',
 * one '\r' before it dropped); each line goes through request_split() and
 * request_parse().  Beyond crashes it checks:
 *
 *  - a line that splits has words without blanks unless they were quoted,
 *    and quoting them back with request_quote() and splitting again gives
 *    the same words;
 *  - a refusal has a one-line reason;
 *  - a parsed command keeps to the grammar of request.h (direction 0 or
 *    1, stop 0..9999, percent 1..100 or auto, a message of 1..REQUEST_MAX_TEXT
 *    bytes for at most 24 h...);
 *  - request_duration() accepts only what it promises.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon/request.h"
#include "scene/trip.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(x)                                                           \
	do {                                                               \
		if (!(x)) {                                                \
			fprintf(stderr, "fuzz_request: %s:%d: %s\n",       \
				__FILE__, __LINE__, #x);                   \
			abort();                                           \
		}                                                          \
	} while (0)

static void check_reason(const struct errbuf *e)
{
	CHECK(e->msg[0] != 0);
	CHECK(!strpbrk(e->msg, "\n\r"));
}

static void check_duration(const char *w)
{
	int64_t ms = -1;

	if (request_duration(w, &ms) < 0)
		return;
	CHECK(ms >= 0 && ms <= 86400000);
	CHECK(w[0] >= '0' && w[0] <= '9');
}

static void round_trip(const struct request *r)
{
	static struct request again;
	static char line[2 * REQUEST_MAX_LINE + 64];
	struct errbuf e;
	int i;

	line[0] = 0;
	for (i = 0; i < r->argc; i++)
		if (request_quote(line, sizeof(line), r->argv[i]) < 0)
			return; /* quoting may grow past any limit */
	if (strlen(line) >= REQUEST_MAX_LINE)
		return;
	if (request_split(line, strlen(line), &again, &e) < 0) {
		fprintf(stderr, "fuzz_request: '%s': %s\n", line, e.msg);
		abort();
	}
	CHECK(again.argc == r->argc);
	for (i = 0; i < r->argc; i++)
		CHECK(strcmp(again.argv[i], r->argv[i]) == 0);
}

static void check_command(const struct request *r, const struct command *c)
{
	switch (c->op) {
	case CTL_TRIP:
		CHECK(c->route && *c->route);
		CHECK(strlen(c->route) <
		      sizeof(((struct trip_state *)0)->route));
		CHECK(c->direction == 0 || c->direction == 1);
		CHECK(c->stop >= 0 && c->stop <= 9999);
		break;
	case CTL_STOP:
		CHECK(c->stop_how == STOP_ABS || c->stop_how == STOP_NEXT ||
		      c->stop_how == STOP_PREV);
		CHECK(c->stop >= 0 && c->stop <= 9999);
		break;
	case CTL_PHASE:
		CHECK(c->phase >= 0 && c->phase <= 2);
		break;
	case CTL_DOORS:
	case CTL_REQUEST:
		CHECK(c->on == 0 || c->on == 1);
		break;
	case CTL_MESSAGE:
		if (c->clear)
			break;
		CHECK(c->priority == 0 || c->priority == 1);
		CHECK(c->text && *c->text &&
		      strlen(c->text) <= REQUEST_MAX_TEXT);
		CHECK(c->for_ms >= 0 && c->for_ms <= 86400000);
		break;
	case CTL_BRIGHTNESS:
		/* 0 = auto (the scene's day and night levels) */
		CHECK(c->panel && c->percent >= 0 && c->percent <= 100);
		CHECK((c->percent == 0) == (strcmp(r->argv[2], "auto") == 0));
		break;
	case CTL_SNAPSHOT:
		CHECK(c->dir && *c->dir);
		break;
	case CTL_STATUS:
	case CTL_RELOAD:
	case CTL_HELP:
		CHECK(r->argc == 1);
		break;
	default:
		CHECK(!"unknown op");
	}
}

static void one_line(const char *s, size_t len)
{
	static struct request req;
	struct command cmd;
	struct errbuf e;
	int i;

	if (request_split(s, len, &req, &e) < 0) {
		check_reason(&e);
		return;
	}
	CHECK(req.argc >= 0 && req.argc <= REQUEST_MAX_ARGS);
	for (i = 0; i < req.argc; i++) {
		CHECK(req.argv[i] >= req.buf &&
		      req.argv[i] < req.buf + sizeof(req.buf));
		check_duration(req.argv[i]);
	}
	round_trip(&req);
	if (req.argc == 0)
		return;
	if (request_parse(&req, &cmd, &e) < 0) {
		check_reason(&e);
		return;
	}
	check_command(&req, &cmd);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data, *end = s + size, *nl;
	size_t len;

	/* The whole input as one line (newlines are control characters). */
	one_line(s, size);
	while (s < end) {
		nl = memchr(s, '\n', (size_t)(end - s));
		if (!nl)
			nl = end;
		len = (size_t)(nl - s);
		if (len && s[len - 1] == '\r')
			len--;
		one_line(s, len);
		s = nl + 1;
	}
	return 0;
}
