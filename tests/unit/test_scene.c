/*
 * test_scene: trip validation, rotation timing, the priority rules
 * (approach interrupts a heritage slide at once, messages override, expiry),
 * next_ms (a static page sleeps), LED alternation and marquee, brightness.
 * Uses tests/data/content-bad/base, whose theme "test" is:
 *   LCD: next-stop 10 s, heritage "square" 5 s, next-stop 10 s, heritage
 *        "wide" 5 s; crossfade 400 ms
 *   LED: scroll 400 ms, pages of 3 s, marquee 40 px/s after 500 ms,
 *        night 22:00-06:00 at 25 %, ornament 2 s
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "content/content.h"
#include "scene/scene.h"
#include "scene/scene_int.h"

/* 2024-05-01 10:00:00 in Asia/Shanghai, at mono_ms 0. */
#define WALL0 ((time_t)1714528800)

enum { FRONT, SIDE, REAR, INTERIOR, NPANELS };

static char fonts[1100], base[1100], bundled[1100];

struct fx {
	struct content *c;
	struct scene *s;
	struct canvas *out[NPANELS];
};

static const struct panel_common panels[NPANELS] = {
	{ .name = "front", .role = PANEL_FRONT, .width = 160, .height = 16,
	  .look = LOOK_LED_MONO, .color = "amber", .brightness = 80 },
	{ .name = "side", .role = PANEL_SIDE, .width = 192, .height = 32,
	  .look = LOOK_LED_RGB, .bits = 4, .brightness = 100 },
	{ .name = "rear", .role = PANEL_REAR, .width = 48, .height = 16,
	  .look = LOOK_LED_MONO, .color = "red", .brightness = 100 },
	{ .name = "interior", .role = PANEL_INTERIOR, .width = 1920,
	  .height = 540, .look = LOOK_LCD, .brightness = 90 },
};

static struct scene_clock clk(int64_t ms)
{
	struct scene_clock c = { ms, WALL0 + (time_t)(ms / 1000) };

	return c;
}

static int setup_dir(void **state, const char *dir)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct errbuf e;
	int i;

	f->c = content_load_fonts(dir, fonts, &e);
	if (!f->c) {
		fprintf(stderr, "%s\n", e.msg);
		return -1;
	}
	f->s = scene_create(f->c, fonts, &e);
	if (!f->s)
		return -1;
	for (i = 0; i < NPANELS; i++) {
		if (scene_add_panel(f->s, &panels[i], &e) != i) {
			fprintf(stderr, "%s\n", e.msg);
			return -1;
		}
		f->out[i] = canvas_create(panels[i].width, panels[i].height,
					  NULL);
	}
	*state = f;
	return 0;
}

static int setup(void **state)
{
	return setup_dir(state, base);
}

static int teardown(void **state)
{
	struct fx *f = *state;
	int i;

	scene_destroy(f->s);
	content_destroy(f->c);
	for (i = 0; i < NPANELS; i++)
		canvas_destroy(f->out[i]);
	free(f);
	return 0;
}

static int render(struct fx *f, int i, int64_t ms, int64_t *next)
{
	struct scene_clock c = clk(ms);
	int64_t n;

	return scene_render(f->s, i, &c, f->out[i], next ? next : &n);
}

static int showing(struct fx *f, int i)
{
	struct scene_showing sh;

	scene_showing(f->s, i, &sh);
	return sh.page;
}

static void trip(struct fx *f, const char *route, int dir, int stop,
		 int phase)
{
	struct trip_state t;
	struct errbuf e;

	memset(&t, 0, sizeof(t));
	snprintf(t.route, sizeof(t.route), "%s", route);
	t.direction = dir;
	t.stop = stop;
	t.phase = phase;
	if (scene_set_trip(f->s, &t, &e) < 0)
		fail_msg("%s", e.msg);
}

static void bad_trip(struct fx *f, struct trip_state t, const char *want)
{
	struct errbuf e;

	assert_int_equal(scene_set_trip(f->s, &t, &e), -1);
	assert_int_equal(errno, EINVAL);
	assert_string_equal(e.msg, want);
}

static void test_trip_validation(void **state)
{
	struct fx *f = *state;
	struct trip_state t = { .route = "T45", .stop = 1,
				.phase = TRIP_DEPARTED };

	trip(f, "T45", 0, 1, TRIP_DEPARTED);
	t.route[1] = '9';
	bad_trip(f, t, "trip: no route \"T95\" in content test-1");
	memcpy(t.route, "T45", 4);
	t.direction = 2;
	bad_trip(f, t, "trip: direction 2: must be 0 or 1");
	t.direction = 1;
	t.stop = 4;
	bad_trip(f, t, "trip: stop 4: route T45 has stops 0..3");
	t.stop = -1;
	bad_trip(f, t, "trip: stop -1: route T45 has stops 0..3");
	t.stop = 3;
	bad_trip(f, t, "trip: stop 3 is the terminus of T45: the bus cannot "
		       "depart from it or approach beyond it");
	t.stop = 1;
	t.phase = 5;
	bad_trip(f, t, "trip: phase 5: must be at-stop (0), departed (1) or "
		       "approaching (2)");
	t.phase = TRIP_AT_STOP;
	t.doors_open = 2;
	bad_trip(f, t, "trip: stop_requested and doors_open must be 0 or 1");
	memset(t.route, 'x', sizeof(t.route));
	bad_trip(f, t, "trip: route name too long");
	/* The old trip stays. */
	assert_string_equal(scene_trip(f->s)->route, "T45");
	assert_int_equal(scene_trip(f->s)->direction, 0);
	assert_int_equal(scene_trip(f->s)->stop, 1);
	assert_int_equal(scene_trip(f->s)->phase, TRIP_DEPARTED);
	memcpy(t.route, "T45", 4);
	t.doors_open = 1;
	t.stop = 3;
	assert_int_equal(scene_set_trip(f->s, &t, NULL), 0);
	assert_int_equal(scene_trip(f->s)->stop, 3);
}

static void test_lcd_rotation(void **state)
{
	struct fx *f = *state;
	struct scene_showing sh;
	int64_t next;

	trip(f, "T45", 0, 1, TRIP_DEPARTED);
	assert_int_equal(render(f, INTERIOR, 0, &next), 1);
	assert_int_equal(showing(f, INTERIOR), SCENE_PAGE_NEXT_STOP);
	assert_int_equal(next, 10000);
	assert_int_equal(render(f, INTERIOR, 0, &next), 0);
	assert_int_equal(render(f, INTERIOR, 9999, &next), 0);
	assert_int_equal(next, 10000);
	/* The transition's first instant shows nothing new. */
	assert_int_equal(render(f, INTERIOR, 10000, &next), 0);
	assert_int_equal(next, 10040);
	assert_int_equal(render(f, INTERIOR, 10040, &next), 1);
	scene_showing(f->s, INTERIOR, &sh);
	assert_int_equal(sh.page, SCENE_PAGE_HERITAGE);
	assert_int_equal(sh.from, SCENE_PAGE_NEXT_STOP);
	assert_int_equal(next, 10080);
	assert_int_equal(render(f, INTERIOR, 10200, &next), 1);
	assert_int_equal(render(f, INTERIOR, 10400, &next), 1);
	scene_showing(f->s, INTERIOR, &sh);
	assert_int_equal(sh.page, SCENE_PAGE_HERITAGE);
	assert_int_equal(sh.from, SCENE_PAGE_NONE);
	assert_string_equal(sh.heritage, "square");
	assert_int_equal(next, 15000);
	assert_int_equal(render(f, INTERIOR, 15400, &next), 1);
	assert_int_equal(showing(f, INTERIOR), SCENE_PAGE_NEXT_STOP);
	assert_int_equal(next, 25000);
	assert_int_equal(render(f, INTERIOR, 25400, &next), 1);
	scene_showing(f->s, INTERIOR, &sh);
	assert_string_equal(sh.heritage, "wide");
	/* The clock's minute wakes the panel even mid-slide. */
	assert_int_equal(render(f, INTERIOR, 59000, &next), 0);
	assert_int_equal(next, 60000);
	assert_int_equal(render(f, INTERIOR, 60000, &next), 1);
	assert_int_equal(next, 60040);
	/* Each artwork was scaled once for this panel's size. */
	assert_int_equal(f->s->nart, 2);
	render(f, INTERIOR, 70400, &next);
	assert_int_equal(f->s->nart, 2);
}

static void test_approach_interrupts_heritage(void **state)
{
	struct fx *f = *state;
	struct scene_showing sh;
	int64_t next;

	trip(f, "T45", 0, 1, TRIP_DEPARTED);
	render(f, INTERIOR, 0, &next);
	assert_int_equal(render(f, INTERIOR, 12000, &next), 1);
	assert_int_equal(showing(f, INTERIOR), SCENE_PAGE_HERITAGE);
	/* Approaching: the next-stop page at once, at the same instant. */
	trip(f, "T45", 0, 1, TRIP_APPROACHING);
	assert_int_equal(render(f, INTERIOR, 12000, &next), 1);
	scene_showing(f->s, INTERIOR, &sh);
	assert_int_equal(sh.page, SCENE_PAGE_NEXT_STOP);
	assert_int_equal(sh.from, SCENE_PAGE_NONE);
	/* It holds: nothing wakes the panel but the clock. */
	assert_int_equal(next, 60000);
	assert_int_equal(render(f, INTERIOR, 40000, &next), 0);
	assert_int_equal(showing(f, INTERIOR), SCENE_PAGE_NEXT_STOP);
	/* At the stop the rotation starts again with the next-stop page and
	   then gives its turn to the heritage slide after the interrupted
	   one. */
	trip(f, "T45", 0, 2, TRIP_AT_STOP);
	assert_int_equal(render(f, INTERIOR, 41000, &next), 1);
	assert_int_equal(showing(f, INTERIOR), SCENE_PAGE_NEXT_STOP);
	assert_int_equal(next, 51000);
	assert_int_equal(render(f, INTERIOR, 51400, &next), 1);
	scene_showing(f->s, INTERIOR, &sh);
	assert_int_equal(sh.page, SCENE_PAGE_HERITAGE);
	assert_string_equal(sh.heritage, "wide");
	/* Departing ends the slide at once too. */
	trip(f, "T45", 0, 2, TRIP_DEPARTED);
	assert_int_equal(render(f, INTERIOR, 52000, &next), 1);
	assert_int_equal(showing(f, INTERIOR), SCENE_PAGE_NEXT_STOP);
	assert_int_equal(next, 60000);
	/* The rotation resumes after the interrupted slide: 10 s of next
	   stop, then "square" again. */
	assert_int_equal(render(f, INTERIOR, 60000, &next), 1);
	assert_int_equal(next, 62000);
	assert_int_equal(render(f, INTERIOR, 62400, &next), 1);
	scene_showing(f->s, INTERIOR, &sh);
	assert_string_equal(sh.heritage, "square");
}

static void test_messages(void **state)
{
	struct fx *f = *state;
	struct errbuf e;
	int64_t next;

	trip(f, "T45", 0, 1, TRIP_DEPARTED);
	render(f, INTERIOR, 0, &next);
	render(f, FRONT, 0, &next);
	render(f, REAR, 0, &next);
	assert_int_equal(scene_message(f->s, "前方施工 请注意", MSG_INFO, 8000,
				       &e), 0);
	assert_int_equal(render(f, INTERIOR, 1000, &next), 1);
	assert_int_equal(showing(f, INTERIOR), SCENE_PAGE_MESSAGE);
	assert_int_equal(next, 8000);
	/* Info messages stay off the outside signs. */
	assert_int_equal(render(f, FRONT, 1000, &next), 0);
	assert_int_equal(showing(f, FRONT), SCENE_PAGE_ROUTE);
	/* Approaching beats an info message... */
	trip(f, "T45", 0, 1, TRIP_APPROACHING);
	assert_int_equal(render(f, INTERIOR, 2000, &next), 1);
	assert_int_equal(showing(f, INTERIOR), SCENE_PAGE_NEXT_STOP);
	assert_int_equal(next, 8000);
	/* ...and an urgent one beats approaching, inside and out. */
	assert_int_equal(scene_message(f->s, "车辆故障 请下车", MSG_URGENT,
				       SCENE_NEVER, &e), 0);
	assert_int_equal(render(f, INTERIOR, 3000, &next), 1);
	assert_int_equal(showing(f, INTERIOR), SCENE_PAGE_MESSAGE);
	assert_int_equal(next, 60000);
	assert_int_equal(render(f, FRONT, 3000, &next), 1);
	assert_int_equal(showing(f, FRONT), SCENE_PAGE_MESSAGE);
	assert_int_equal(render(f, REAR, 3000, &next), 0);
	assert_int_equal(showing(f, REAR), SCENE_PAGE_ROUTE);
	/* Cleared: back to the route. */
	assert_int_equal(scene_message(f->s, "", MSG_INFO, 0, &e), 0);
	assert_int_equal(render(f, FRONT, 4000, &next), 1);
	assert_int_equal(showing(f, FRONT), SCENE_PAGE_ROUTE);

	/* Expiry: the message goes at its deadline, which next_ms names. */
	trip(f, "T45", 0, 1, TRIP_DEPARTED);
	assert_int_equal(scene_message(f->s, "请主动让座", MSG_INFO, 20000, &e),
			 0);
	assert_int_equal(render(f, INTERIOR, 15000, &next), 1);
	assert_int_equal(showing(f, INTERIOR), SCENE_PAGE_MESSAGE);
	assert_int_equal(next, 20000);
	assert_int_equal(render(f, INTERIOR, 19999, &next), 0);
	assert_int_equal(render(f, INTERIOR, 20000, &next), 1);
	assert_int_equal(showing(f, INTERIOR), SCENE_PAGE_NEXT_STOP);
}

static void test_message_validation(void **state)
{
	struct fx *f = *state;
	char big[500];
	struct errbuf e;

	assert_int_equal(scene_message(f->s, "x", 7, 0, &e), -1);
	assert_string_equal(e.msg, "message: priority 7: must be info (0) or "
				   "urgent (1)");
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(scene_message(f->s, big, MSG_INFO, 0, &e), -1);
	assert_string_equal(e.msg, "message: 499 bytes, at most 400");
	assert_int_equal(scene_message(f->s, "a\tb", MSG_INFO, 0, &e), -1);
	assert_string_equal(e.msg, "message: control character 0x09");
	assert_int_equal(scene_message(f->s, "\xff", MSG_INFO, 0, &e), -1);
	assert_string_equal(e.msg, "message: not valid UTF-8");
	assert_int_equal(scene_message(f->s, "车\xF0\x9F\x9A\x8C", MSG_INFO, 0,
				       &e), -1);
	assert_string_equal(e.msg, "message: U+1F68C '\xF0\x9F\x9A\x8C' is not "
				   "in unifont-16.pcf.gz");
	assert_int_equal(errno, EINVAL);
}

/* The LED front sign: Chinese, then English, each 3 s after its 400 ms
   scroll; the English of T4's destination is too long and scrolls once. */
static void test_led_front(void **state)
{
	struct fx *f = *state;
	struct scene_showing sh;
	int64_t next;

	trip(f, "T45", 0, 0, TRIP_AT_STOP);
	assert_int_equal(render(f, FRONT, 0, &next), 1);
	scene_showing(f->s, FRONT, &sh);
	assert_int_equal(sh.page, SCENE_PAGE_ROUTE);
	assert_string_equal(sh.lang, "zh");
	assert_int_equal(next, 3400);
	assert_int_equal(render(f, FRONT, 3400, &next), 0);
	assert_int_equal(next, 3425); /* one row of 16 every 25 ms */
	assert_int_equal(render(f, FRONT, 3425, &next), 1);
	scene_showing(f->s, FRONT, &sh);
	assert_int_equal(sh.from, SCENE_PAGE_ROUTE);
	assert_string_equal(sh.lang, "en");
	assert_int_equal(next, 3450);
	assert_int_equal(render(f, FRONT, 3800, &next), 1);
	scene_showing(f->s, FRONT, &sh);
	assert_int_equal(sh.from, SCENE_PAGE_NONE);
	assert_int_equal(next, 6800);
	assert_int_equal(render(f, FRONT, 7200, &next), 1);
	scene_showing(f->s, FRONT, &sh);
	assert_string_equal(sh.lang, "zh");

	/* A new route starts the sign again, in Chinese. */
	trip(f, "T4", 0, 0, TRIP_AT_STOP);
	assert_int_equal(render(f, FRONT, 10000, &next), 1);
	scene_showing(f->s, FRONT, &sh);
	assert_string_equal(sh.lang, "zh");
	assert_int_equal(next, 13400);
	/* English: 240 px in a 136 px box, scrolling at 40 px/s. */
	assert_int_equal(render(f, FRONT, 13800, &next), 1);
	scene_showing(f->s, FRONT, &sh);
	assert_string_equal(sh.lang, "en");
	assert_int_equal(next, 14325);
	assert_int_equal(render(f, FRONT, 14324, &next), 0);
	assert_int_equal(render(f, FRONT, 14325, &next), 1);
	assert_int_equal(next, 14350);
	/* One pass of 264 px takes 6600 ms, and the page (400 + 500 + 6600
	   ms from 13400) ends with it: the Chinese page scrolls in. */
	assert_int_equal(render(f, FRONT, 14300 + 6599, &next), 1);
	assert_int_equal(next, 14300 + 6600);
	assert_int_equal(render(f, FRONT, 14300 + 6600, &next), 1);
	scene_showing(f->s, FRONT, &sh);
	assert_string_equal(sh.lang, "en");
	assert_int_equal(next, 20900 + 25);
	assert_int_equal(render(f, FRONT, 20925, &next), 1);
	scene_showing(f->s, FRONT, &sh);
	assert_string_equal(sh.lang, "zh");
	assert_int_equal(sh.from, SCENE_PAGE_ROUTE);
}

/* The rear sign never changes on its own; nor does a static theme. */
static void test_static_sleeps(void **state)
{
	struct fx *f = *state;
	int64_t next;

	trip(f, "T45", 0, 1, TRIP_DEPARTED);
	assert_int_equal(render(f, REAR, 0, &next), 1);
	assert_true(next == SCENE_NEVER);
	trip(f, "T45", 0, 2, TRIP_APPROACHING);
	assert_int_equal(render(f, REAR, 5000, &next), 0);
	assert_true(next == SCENE_NEVER);
}

static int setup_static(void **state)
{
	char tmp[] = "/tmp/pids-scene-XXXXXX", cmd[4096];
	int r;

	if (!mkdtemp(tmp))
		return -1;
	/* The base content with the static theme as default. */
	snprintf(cmd, sizeof(cmd),
		 "cp -R '%s/.' '%s' && sed -i 's/\"default\": \"test\"/"
		 "\"default\": \"static\"/' '%s/themes.json'",
		 base, tmp, tmp);
	if (system(cmd) != 0)
		return -1;
	r = setup_dir(state, tmp);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
	if (system(cmd) != 0)
		return -1;
	return r;
}

static void test_static_theme(void **state)
{
	struct fx *f = *state;
	int64_t next;

	trip(f, "T45", 0, 1, TRIP_DEPARTED);
	assert_string_equal(content_theme_select(f->c, "T45", WALL0)->id,
			    "static");
	/* The LCD wakes only for the clock's minute. */
	assert_int_equal(render(f, INTERIOR, 30500, &next), 1);
	assert_int_equal(next, 30500 + 30000);
	assert_int_equal(render(f, INTERIOR, 59999, &next), 0);
	assert_int_equal(render(f, INTERIOR, 60000, &next), 1);
	assert_int_equal(next, 120000);
	assert_int_equal(render(f, REAR, 60000, &next), 1);
	assert_true(next == SCENE_NEVER);
	/* Cut transitions: the front sign flips languages in one step. */
	assert_int_equal(render(f, FRONT, 0, &next), 1);
	assert_int_equal(next, 3000);
	assert_int_equal(render(f, FRONT, 3000, &next), 1);
	assert_int_equal(next, 6000);
}

static void test_side_ornament(void **state)
{
	struct fx *f = *state;
	int64_t t, next;
	int seen = 0;

	/* Between stops the line art has its turn (after zh and en)... */
	trip(f, "T45", 0, 1, TRIP_DEPARTED);
	for (t = 0; t < 12000; t += 100) {
		render(f, SIDE, t, &next);
		assert_true(next > t);
		seen |= showing(f, SIDE) == SCENE_PAGE_ORNAMENT;
	}
	assert_true(seen);
	/* ...never at a stop. */
	trip(f, "T45", 0, 2, TRIP_AT_STOP);
	for (t = 12000; t < 40000; t += 100) {
		render(f, SIDE, t, &next);
		assert_int_not_equal(showing(f, SIDE), SCENE_PAGE_ORNAMENT);
	}
}

/* Leaving or nearing a stop does not restart the side sign's languages;
   nearing a stop ends the ornament at once. */
static void test_side_continuity(void **state)
{
	struct fx *f = *state;
	struct scene_showing sh;
	int64_t t, next;

	trip(f, "T45", 0, 1, TRIP_AT_STOP);
	render(f, SIDE, 0, &next);
	assert_int_equal(render(f, SIDE, 4000, &next), 1);
	scene_showing(f->s, SIDE, &sh);
	assert_string_equal(sh.lang, "en");
	trip(f, "T45", 0, 1, TRIP_DEPARTED);
	assert_int_equal(render(f, SIDE, 4100, &next), 0);
	scene_showing(f->s, SIDE, &sh);
	assert_string_equal(sh.lang, "en");
	for (t = 4100; showing(f, SIDE) != SCENE_PAGE_ORNAMENT; t = next) {
		assert_true(t < 30000);
		render(f, SIDE, t, &next);
	}
	trip(f, "T45", 0, 1, TRIP_APPROACHING);
	assert_int_equal(render(f, SIDE, t, &next), 1);
	scene_showing(f->s, SIDE, &sh);
	assert_int_equal(sh.page, SCENE_PAGE_ROUTE);
	assert_int_equal(sh.from, SCENE_PAGE_NONE);
	assert_string_equal(sh.lang, "zh");
}

static void test_render_errors_and_reload(void **state)
{
	struct fx *f = *state;
	struct canvas *wrong = canvas_create(10, 10, NULL);
	struct scene_clock c = clk(0);
	struct content *b;
	struct errbuf e;
	char line[256];
	int64_t next;

	assert_int_equal(scene_render(f->s, FRONT, &c, wrong, &next), -1);
	assert_int_equal(scene_render(f->s, 99, &c, wrong, &next), -1);
	canvas_destroy(wrong);

	trip(f, "T45", 0, 0, TRIP_DEPARTED);
	scene_describe(f->s, line, sizeof(line));
	assert_string_equal(line, "T45 → 北关, next 土桥 (2/4)");
	trip(f, "T45", 1, 3, TRIP_AT_STOP);
	scene_describe(f->s, line, sizeof(line));
	assert_string_equal(line, "T45 → 张家湾, at 张家湾 (4/4)");

	/* New content: the trip stays where its route still exists... */
	assert_int_equal(render(f, INTERIOR, 0, &next), 1);
	b = content_load_fonts(bundled, fonts, &e);
	assert_non_null(b);
	trip(f, "T45", 0, 2, TRIP_APPROACHING);
	scene_set_content(f->s, b);
	assert_int_equal(scene_trip(f->s)->stop, 2);
	assert_int_equal(scene_trip(f->s)->phase, TRIP_APPROACHING);
	assert_int_equal(render(f, INTERIOR, 0, &next), 1);
	trip(f, "T6", 1, 5, TRIP_DEPARTED);
	/* ...and restarts at the first route where it does not. */
	scene_set_content(f->s, f->c);
	assert_string_equal(scene_trip(f->s)->route, "T45");
	assert_int_equal(scene_trip(f->s)->stop, 0);
	assert_int_equal(scene_trip(f->s)->phase, TRIP_AT_STOP);
	assert_int_equal(render(f, FRONT, 0, &next), 1);
	content_destroy(b);
}

static void test_brightness(void **state)
{
	struct fx *f = *state;
	struct scene_clock c = clk(0);
	int64_t next;

	/* 10:00, day: the panel's own 80 %, until 22:00. */
	assert_int_equal(scene_brightness(f->s, FRONT, &c, &next), 80);
	assert_true(next == (int64_t)12 * 3600 * 1000);
	/* 23:30, night: 25 % of that, until 06:00. */
	c.wall = WALL0 + 13 * 3600 + 1800;
	assert_int_equal(scene_brightness(f->s, FRONT, &c, &next), 20);
	assert_true(next == (int64_t)(6 * 3600 + 1800) * 1000);
	assert_int_equal(scene_brightness(f->s, SIDE, &c, &next), 25);
	/* LCDs keep their own setting. */
	assert_int_equal(scene_brightness(f->s, INTERIOR, &c, &next), 90);
	assert_true(next == SCENE_NEVER);
	assert_int_equal(scene_brightness(f->s, 42, &c, &next), -1);
}

static void test_bad_panels(void **state)
{
	struct fx *f = *state;
	struct panel_common pc = panels[FRONT];
	struct scene *s;
	struct errbuf e;

	snprintf(pc.color, sizeof(pc.color), "mauve");
	assert_int_equal(scene_add_panel(f->s, &pc, &e), -1);
	assert_string_equal(e.msg, "panel front: colour \"mauve\": not a "
				   "colour name or #rrggbb");
	pc = panels[FRONT];
	pc.width = 0;
	assert_int_equal(scene_add_panel(f->s, &pc, &e), -1);
	s = scene_create(f->c, "/nonexistent-fonts", &e);
	assert_non_null(s);
	assert_int_equal(scene_add_panel(s, &panels[REAR], &e), -1);
	assert_string_equal(e.msg, "panel rear: /nonexistent-fonts/"
				   "unifont-16.pcf.gz: No such file or "
				   "directory");
	scene_destroy(s);
	scene_destroy(NULL);
}

int main(void)
{
	const char *src = getenv("PIDS_SRCDIR");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_trip_validation, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_lcd_rotation, setup,
						teardown),
		cmocka_unit_test_setup_teardown(
			test_approach_interrupts_heritage, setup, teardown),
		cmocka_unit_test_setup_teardown(test_messages, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_message_validation, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_led_front, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_static_sleeps, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_static_theme,
						setup_static, teardown),
		cmocka_unit_test_setup_teardown(test_side_ornament, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_side_continuity, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_render_errors_and_reload,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_brightness, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_bad_panels, setup,
						teardown),
	};

	if (!src || !*src)
		src = ".";
	snprintf(fonts, sizeof(fonts), "%s/fonts", src);
	snprintf(base, sizeof(base), "%s/tests/data/content-bad/base", src);
	snprintf(bundled, sizeof(bundled), "%s/assets/content", src);
	setenv("TZ", "Asia/Shanghai", 1);
	tzset();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
