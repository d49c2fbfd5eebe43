/* request: see request.h. */
#include "daemon/request.h"

#include <string.h>

#include "scene/scene.h"
#include "scene/trip.h"
#include "util/utf8.h"

const char request_help[] =
	"status | trip ROUTE DIR [STOP] | stop next|prev|N | "
	"phase at-stop|departed|approaching | doors open|closed | "
	"request on|off | message info|urgent DURATION TEXT | message clear | "
	"brightness PANEL|all PERCENT|auto | reload | snapshot DIR | help";

int request_split(const char *line, size_t len, struct request *req,
		  struct errbuf *e)
{
	const char *s = line, *end = line + len;
	char *o = req->buf;
	size_t i;

	req->argc = 0;
	if (len >= sizeof(req->buf)) {
		errbuf_set(e, "request longer than %d bytes", REQUEST_MAX_LINE);
		return -1;
	}
	if (!utf8_valid(line, len)) {
		errbuf_set(e, "request is not UTF-8 text");
		return -1;
	}
	for (i = 0; i < len; i++) {
		if ((unsigned char)line[i] < 0x20 && line[i] != '\t') {
			errbuf_set(e, "control character 0x%02x in request",
				   (unsigned char)line[i]);
			return -1;
		}
		if (line[i] == 0x7f) {
			errbuf_set(e, "control character 0x7f in request");
			return -1;
		}
	}
	for (;;) {
		while (s < end && (*s == ' ' || *s == '\t'))
			s++;
		if (s == end)
			return 0;
		if (req->argc == REQUEST_MAX_ARGS) {
			errbuf_set(e, "more than %d words", REQUEST_MAX_ARGS);
			return -1;
		}
		req->argv[req->argc++] = o;
		if (*s != '"') {
			while (s < end && *s != ' ' && *s != '\t') {
				if (*s == '"') {
					errbuf_set(e, "quote inside a word");
					return -1;
				}
				*o++ = *s++;
			}
			*o++ = 0;
			continue;
		}
		for (s++;; s++) {
			if (s == end) {
				errbuf_set(e, "unterminated quote");
				return -1;
			}
			if (*s == '"')
				break;
			if (*s == '\\') {
				if (s + 1 == end || (s[1] != '"' && s[1] != '\\')) {
					errbuf_set(e, "bad escape in quotes (only \\\" and \\\\)");
					return -1;
				}
				s++;
			}
			*o++ = *s;
		}
		*o++ = 0;
		s++;
		if (s < end && *s != ' ' && *s != '\t') {
			errbuf_set(e, "text right after a closing quote");
			return -1;
		}
	}
}

int request_quote(char *out, size_t len, const char *word)
{
	size_t n = strlen(out);
	int plain = *word != 0;
	const char *s;

	for (s = word; *s; s++)
		if (*s == ' ' || *s == '\t' || *s == '"' || *s == '\\')
			plain = 0;
	if (n && n + 1 < len)
		out[n++] = ' ';
	if (plain) {
		if (n + strlen(word) + 1 > len)
			return -1;
		strcpy(out + n, word);
		return 0;
	}
	if (n + 1 >= len)
		return -1;
	out[n++] = '"';
	for (s = word; *s; s++) {
		if (n + 3 >= len)
			return -1;
		if (*s == '"' || *s == '\\')
			out[n++] = '\\';
		out[n++] = *s;
	}
	if (n + 2 > len)
		return -1;
	out[n++] = '"';
	out[n] = 0;
	return 0;
}

/* A whole number in @lo..@hi, digits only. */
static int parse_int(const char *s, int lo, int hi, int *out)
{
	long v = 0;

	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s - '0');
		if (v > hi)
			return -1;
	}
	if (v < lo)
		return -1;
	*out = v;
	return 0;
}

int request_duration(const char *s, int64_t *ms)
{
	static const struct {
		const char *unit;
		int64_t mul;
	} units[] = { { "", 1000 },	  { "ms", 1 }, { "s", 1000 },
		      { "min", 60000 }, { "h", 3600000 } };
	int64_t v = 0;
	const char *p = s;
	size_t i;

	if (*p < '0' || *p > '9')
		return -1;
	for (; *p >= '0' && *p <= '9'; p++) {
		v = v * 10 + (*p - '0');
		if (v > 86400000)
			return -1;
	}
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (strcmp(p, units[i].unit) == 0) {
			if (v * units[i].mul > 86400000)
				return -1;
			*ms = v * units[i].mul;
			return 0;
		}
	}
	return -1;
}

static int word_index(const char *w, const char *const *words)
{
	int i;

	for (i = 0; words[i]; i++)
		if (strcmp(w, words[i]) == 0)
			return i;
	return -1;
}

const char *const request_phase_words[] = { "at-stop", "departed",
					    "approaching", NULL };
static const char *const priority_words[] = { "info", "urgent", NULL };

static int parse_message(const struct request *r, struct command *c,
			 struct errbuf *e)
{
	if (r->argc == 2 && strcmp(r->argv[1], "clear") == 0) {
		c->clear = 1;
		return 0;
	}
	if (r->argc != 4) {
		errbuf_set(e, "usage: message info|urgent DURATION TEXT, or message clear");
		return -1;
	}
	c->priority = word_index(r->argv[1], priority_words);
	if (c->priority < 0) {
		errbuf_set(e, "message: '%s' is not info or urgent", r->argv[1]);
		return -1;
	}
	if (request_duration(r->argv[2], &c->for_ms) < 0) {
		errbuf_set(e, "message: '%s' is not a duration up to 24h (30s, 5min, 0 = until cleared)",
			   r->argv[2]);
		return -1;
	}
	c->text = r->argv[3];
	if (!*c->text) {
		errbuf_set(e, "message: empty text (use message clear)");
		return -1;
	}
	if (strlen(c->text) > REQUEST_MAX_TEXT) {
		errbuf_set(e, "message: text longer than %d bytes",
			   REQUEST_MAX_TEXT);
		return -1;
	}
	return 0;
}

static int parse_trip(const struct request *r, struct command *c,
		      struct errbuf *e)
{
	if (r->argc < 3 || r->argc > 4) {
		errbuf_set(e, "usage: trip ROUTE DIR [STOP]");
		return -1;
	}
	c->route = r->argv[1];
	if (strlen(c->route) >= sizeof(((struct trip_state *)0)->route)) {
		errbuf_set(e, "trip: route '%.20s' is too long", c->route);
		return -1;
	}
	if (parse_int(r->argv[2], 0, 1, &c->direction) < 0) {
		errbuf_set(e, "trip: direction '%s' is not 0 or 1", r->argv[2]);
		return -1;
	}
	if (r->argc == 4 && parse_int(r->argv[3], 0, 9999, &c->stop) < 0) {
		errbuf_set(e, "trip: '%s' is not a stop number", r->argv[3]);
		return -1;
	}
	return 0;
}

/* Commands with one word argument from a list. */
static int parse_choice(const struct request *r, const char *const *w,
			int *out, const char *usage, struct errbuf *e)
{
	if (r->argc != 2 || (*out = word_index(r->argv[1], w)) < 0) {
		errbuf_set(e, "usage: %s", usage);
		return -1;
	}
	return 0;
}

static int parse_args(const struct request *r, struct command *c,
		      struct errbuf *e)
{
	static const char *const doors[] = { "closed", "open", NULL };
	static const char *const onoff[] = { "off", "on", NULL };
	static const char *const stops[] = { "", "next", "prev", NULL };

	switch (c->op) {
	case CTL_TRIP:
		return parse_trip(r, c, e);
	case CTL_STOP:
		if (r->argc != 2) {
			errbuf_set(e, "usage: stop next|prev|N");
			return -1;
		}
		c->stop_how = word_index(r->argv[1], stops);
		if (c->stop_how > 0)
			return 0;
		c->stop_how = STOP_ABS;
		if (parse_int(r->argv[1], 0, 9999, &c->stop) < 0) {
			errbuf_set(e, "stop: '%s' is not next, prev or a stop number",
				   r->argv[1]);
			return -1;
		}
		return 0;
	case CTL_PHASE:
		return parse_choice(r, request_phase_words, &c->phase,
				    "phase at-stop|departed|approaching", e);
	case CTL_DOORS:
		return parse_choice(r, doors, &c->on, "doors open|closed", e);
	case CTL_REQUEST:
		return parse_choice(r, onoff, &c->on, "request on|off", e);
	case CTL_MESSAGE:
		return parse_message(r, c, e);
	case CTL_BRIGHTNESS:
		if (r->argc != 3 ||
		    (strcmp(r->argv[2], "auto") != 0 &&
		     parse_int(r->argv[2], 1, 100, &c->percent) < 0)) {
			errbuf_set(e, "usage: brightness PANEL|all PERCENT|auto (1-100)");
			return -1;
		}
		c->panel = r->argv[1];
		return 0;
	case CTL_SNAPSHOT:
		if (r->argc != 2 || !*r->argv[1]) {
			errbuf_set(e, "usage: snapshot DIR");
			return -1;
		}
		c->dir = r->argv[1];
		return 0;
	default:
		if (r->argc != 1) {
			errbuf_set(e, "%s takes no arguments", r->argv[0]);
			return -1;
		}
		return 0;
	}
}

int request_parse(const struct request *r, struct command *c,
		  struct errbuf *e)
{
	static const char *const ops[] = {
		[CTL_STATUS] = "status",	 [CTL_TRIP] = "trip",
		[CTL_STOP] = "stop",		 [CTL_PHASE] = "phase",
		[CTL_DOORS] = "doors",		 [CTL_REQUEST] = "request",
		[CTL_MESSAGE] = "message",	 [CTL_BRIGHTNESS] = "brightness",
		[CTL_RELOAD] = "reload",	 [CTL_SNAPSHOT] = "snapshot",
		[CTL_HELP] = "help",		 NULL,
	};
	int op;

	memset(c, 0, sizeof(*c));
	if (r->argc < 1) {
		errbuf_set(e, "empty request");
		return -1;
	}
	op = word_index(r->argv[0], ops);
	if (op < 0) {
		errbuf_set(e, "unknown command '%.40s' (try help)", r->argv[0]);
		return -1;
	}
	c->op = op;
	return parse_args(r, c, e);
}

