/*
 * Tests for daemon/request: splitting request lines into words (quotes,
 * escapes, bounds, malformed input) and checking them against the
 * protocol's commands.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "daemon/request.h"
#include "scene/scene.h"
#include "scene/trip.h"

static struct request req;

static int split(const char *line)
{
	struct errbuf e;

	return request_split(line, strlen(line), &req, &e);
}

static void expect_words(const char *line, const char *const *words)
{
	int i;

	assert_int_equal(split(line), 0);
	for (i = 0; words[i]; i++) {
		assert_true(i < req.argc);
		assert_string_equal(req.argv[i], words[i]);
	}
	assert_int_equal(req.argc, i);
}

static void expect_split_error(const char *line, size_t len, const char *msg)
{
	struct errbuf e;

	assert_int_equal(request_split(line, len, &req, &e), -1);
	assert_string_equal(e.msg, msg);
}

#define W(...) ((const char *const[]){ __VA_ARGS__, NULL })

static void test_split(void **state)
{
	expect_words("status", W("status"));
	expect_words("  trip\tT45  1 3 ", W("trip", "T45", "1", "3"));
	expect_words("message urgent 30s \"Road works ahead\"",
		     W("message", "urgent", "30s", "Road works ahead"));
	expect_words("message info 0 \"前方 施工，请绕行\"",
		     W("message", "info", "0", "前方 施工，请绕行"));
	expect_words("x \"a \\\"quoted\\\" \\\\ word\"",
		     W("x", "a \"quoted\" \\ word"));
	expect_words("x \"\"", W("x", ""));
	expect_words("", (const char *const[]){ NULL });
	expect_words("   \t ", (const char *const[]){ NULL });
}

static void test_split_errors(void **state)
{
	char big[REQUEST_MAX_LINE + 10];

	expect_split_error("x \"open", 7, "unterminated quote");
	expect_split_error("x \"a\\nb\"", 8, "bad escape in quotes (only \\\" and \\\\)");
	expect_split_error("x \"a\\", 5, "bad escape in quotes (only \\\" and \\\\)");
	expect_split_error("x a\"b\"", 6, "quote inside a word");
	expect_split_error("x \"a\"b", 6, "text right after a closing quote");
	expect_split_error("x \x01", 3, "control character 0x01 in request");
	expect_split_error("x \x7f", 3, "control character 0x7f in request");
	expect_split_error("x \n y", 5, "control character 0x0a in request");
	expect_split_error("x \xff\xfe", 4, "request is not UTF-8 text");
	expect_split_error("x \xe5\x8c", 4, "request is not UTF-8 text");
	expect_split_error("x \0y", 4, "request is not UTF-8 text");
	expect_split_error("1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17", 41,
			   "more than 16 words");
	memset(big, 'a', sizeof(big));
	expect_split_error(big, REQUEST_MAX_LINE, "request longer than 4096 bytes");
	/* The longest line that fits is accepted. */
	assert_int_equal(request_split(big, REQUEST_MAX_LINE - 1, &req, NULL), 0);
	assert_int_equal(req.argc, 1);
	assert_int_equal(strlen(req.argv[0]), REQUEST_MAX_LINE - 1);
}

static void test_quote_round_trip(void **state)
{
	static const char *const words[] = {
		"message", "plain", "two words", "\"quoted\"", "back\\slash",
		"", "tab\there", "北关 Beiguan",
	};
	char line[512] = "", small[8] = "";
	size_t i;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		assert_int_equal(request_quote(line, sizeof(line), words[i]), 0);
	assert_int_equal(split(line), 0);
	assert_int_equal(req.argc, (int)(sizeof(words) / sizeof(words[0])));
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		assert_string_equal(req.argv[i], words[i]);
	assert_int_equal(request_quote(small, sizeof(small), "1234567"), 0);
	assert_int_equal(request_quote(small, sizeof(small), "x"), -1);
	small[0] = 0;
	assert_int_equal(request_quote(small, sizeof(small), "a b c d e"), -1);
}

static int parse(const char *line, struct command *c, struct errbuf *e)
{
	assert_int_equal(split(line), 0);
	return request_parse(&req, c, e);
}

static void expect_parse_error(const char *line, const char *msg)
{
	struct command c;
	struct errbuf e;

	assert_int_equal(parse(line, &c, &e), -1);
	assert_string_equal(e.msg, msg);
}

static void test_parse(void **state)
{
	struct command c;

	assert_int_equal(parse("status", &c, NULL), 0);
	assert_int_equal(c.op, CTL_STATUS);
	assert_int_equal(parse("trip T45 1", &c, NULL), 0);
	assert_int_equal(c.op, CTL_TRIP);
	assert_string_equal(c.route, "T45");
	assert_int_equal(c.direction, 1);
	assert_int_equal(c.stop, 0);
	assert_int_equal(parse("trip T6 0 11", &c, NULL), 0);
	assert_int_equal(c.stop, 11);
	assert_int_equal(parse("stop next", &c, NULL), 0);
	assert_int_equal(c.stop_how, STOP_NEXT);
	assert_int_equal(parse("stop prev", &c, NULL), 0);
	assert_int_equal(c.stop_how, STOP_PREV);
	assert_int_equal(parse("stop 7", &c, NULL), 0);
	assert_int_equal(c.stop_how, STOP_ABS);
	assert_int_equal(c.stop, 7);
	assert_int_equal(parse("phase approaching", &c, NULL), 0);
	assert_int_equal(c.phase, TRIP_APPROACHING);
	assert_int_equal(parse("phase at-stop", &c, NULL), 0);
	assert_int_equal(c.phase, TRIP_AT_STOP);
	assert_int_equal(parse("doors open", &c, NULL), 0);
	assert_int_equal(c.op, CTL_DOORS);
	assert_int_equal(c.on, 1);
	assert_int_equal(parse("request off", &c, NULL), 0);
	assert_int_equal(c.op, CTL_REQUEST);
	assert_int_equal(c.on, 0);
	assert_int_equal(parse("message urgent 5min \"Road closed\"", &c, NULL), 0);
	assert_int_equal(c.priority, MSG_URGENT);
	assert_int_equal(c.for_ms, 300000);
	assert_string_equal(c.text, "Road closed");
	assert_int_equal(c.clear, 0);
	assert_int_equal(parse("message clear", &c, NULL), 0);
	assert_int_equal(c.clear, 1);
	assert_int_equal(parse("message info 0 clear", &c, NULL), 0);
	assert_int_equal(c.clear, 0);
	assert_string_equal(c.text, "clear");
	assert_int_equal(c.for_ms, 0);
	assert_int_equal(parse("brightness all 40", &c, NULL), 0);
	assert_string_equal(c.panel, "all");
	assert_int_equal(c.percent, 40);
	assert_int_equal(parse("brightness side auto", &c, NULL), 0);
	assert_string_equal(c.panel, "side");
	assert_int_equal(c.percent, 0);
	assert_int_equal(parse("snapshot /tmp/x", &c, NULL), 0);
	assert_string_equal(c.dir, "/tmp/x");
	assert_int_equal(parse("reload", &c, NULL), 0);
	assert_int_equal(c.op, CTL_RELOAD);
	assert_int_equal(parse("help", &c, NULL), 0);
	assert_int_equal(c.op, CTL_HELP);
}

static void test_parse_errors(void **state)
{
	char text[REQUEST_MAX_TEXT + 40];

	expect_parse_error("", "empty request");
	expect_parse_error("Status", "unknown command 'Status' (try help)");
	expect_parse_error("status now", "status takes no arguments");
	expect_parse_error("reload x", "reload takes no arguments");
	expect_parse_error("trip T45", "usage: trip ROUTE DIR [STOP]");
	expect_parse_error("trip T45 2", "trip: direction '2' is not 0 or 1");
	expect_parse_error("trip T45 0 -1", "trip: '-1' is not a stop number");
	expect_parse_error("trip T45 0 99999", "trip: '99999' is not a stop number");
	expect_parse_error("trip T45-very-long-name 0",
			   "trip: route 'T45-very-long-name' is too long");
	expect_parse_error("stop", "usage: stop next|prev|N");
	expect_parse_error("stop nxt", "stop: 'nxt' is not next, prev or a stop number");
	expect_parse_error("stop 1x", "stop: '1x' is not next, prev or a stop number");
	expect_parse_error("phase moving", "usage: phase at-stop|departed|approaching");
	expect_parse_error("doors ajar", "usage: doors open|closed");
	expect_parse_error("request", "usage: request on|off");
	expect_parse_error("message hello",
			   "usage: message info|urgent DURATION TEXT, or message clear");
	expect_parse_error("message loud 5s hi", "message: 'loud' is not info or urgent");
	expect_parse_error("message info 5 days hi",
			   "usage: message info|urgent DURATION TEXT, or message clear");
	expect_parse_error("message info soon hi",
			   "message: 'soon' is not a duration up to 24h (30s, 5min, 0 = until cleared)");
	expect_parse_error("message info 25h hi",
			   "message: '25h' is not a duration up to 24h (30s, 5min, 0 = until cleared)");
	expect_parse_error("message info 5s \"\"", "message: empty text (use message clear)");
	memset(text, 0, sizeof(text));
	strcpy(text, "message info 5s ");
	memset(text + strlen(text), 'x', REQUEST_MAX_TEXT + 1);
	expect_parse_error(text, "message: text longer than 400 bytes");
	expect_parse_error("brightness front", "usage: brightness PANEL|all PERCENT|auto (1-100)");
	expect_parse_error("brightness front 0", "usage: brightness PANEL|all PERCENT|auto (1-100)");
	expect_parse_error("brightness front 101", "usage: brightness PANEL|all PERCENT|auto (1-100)");
	expect_parse_error("snapshot", "usage: snapshot DIR");
	expect_parse_error("snapshot \"\"", "usage: snapshot DIR");
}

static void test_duration(void **state)
{
	static const struct {
		const char *s;
		int64_t ms;
	} ok[] = { { "0", 0 },	       { "30", 30000 },	   { "30s", 30000 },
		   { "1500ms", 1500 }, { "5min", 300000 }, { "24h", 86400000 },
		   { "86400", 86400000 } };
	static const char *const bad[] = { "", "s", "-5s", "5 s", "5sec",
					   "25h", "86401", "1.5s", "99999999999" };
	int64_t ms;
	size_t i;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		assert_int_equal(request_duration(ok[i].s, &ms), 0);
		assert_int_equal(ms, ok[i].ms);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(request_duration(bad[i], &ms), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_split),
		cmocka_unit_test(test_split_errors),
		cmocka_unit_test(test_quote_round_trip),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_duration),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
