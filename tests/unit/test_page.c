/*
 * test_page: golden images of every page, drawn through the scene from the
 * bundled content (assets/content) with the bundled fonts, at 10:00 on
 * 2024-05-01 in Asia/Shanghai.  LED frames must match exactly, LCD frames
 * within a small tolerance.  `make golden` rewrites them: look at them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "content/content.h"
#include "helper_golden.h"
#include "render/page_led.h"
#include "scene/scene.h"

#define WALL0 ((time_t)1714528800)
#define LCD_TOL 24
#define LCD_MAX_BAD 400

enum { FRONT, SIDE, REAR, INTERIOR, NPANELS };

static const struct panel_common panels[NPANELS] = {
	{ .name = "front", .role = PANEL_FRONT, .width = 160, .height = 16,
	  .look = LOOK_LED_MONO, .color = "amber", .brightness = 100 },
	{ .name = "side", .role = PANEL_SIDE, .width = 192, .height = 32,
	  .look = LOOK_LED_RGB, .bits = 4, .brightness = 100 },
	{ .name = "rear", .role = PANEL_REAR, .width = 48, .height = 16,
	  .look = LOOK_LED_MONO, .color = "amber", .brightness = 100 },
	{ .name = "interior", .role = PANEL_INTERIOR, .width = 1920,
	  .height = 540, .look = LOOK_LCD, .brightness = 100 },
};

static char fonts[1100], bundled[1100];

struct fx {
	struct content *c;
	struct scene *s;
	struct canvas *out[NPANELS];
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct errbuf e;
	int i;

	f->c = content_load_fonts(bundled, fonts, &e);
	if (!f->c) {
		fprintf(stderr, "%s\n", e.msg);
		return -1;
	}
	f->s = scene_create(f->c, fonts, &e);
	for (i = 0; i < NPANELS; i++) {
		if (!f->s || scene_add_panel(f->s, &panels[i], &e) != i) {
			fprintf(stderr, "%s\n", e.msg);
			return -1;
		}
		f->out[i] = canvas_create(panels[i].width, panels[i].height,
					  NULL);
	}
	*state = f;
	return 0;
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

static void trip(struct fx *f, const char *route, int dir, int stop,
		 int phase, int requested, int doors)
{
	struct trip_state t;
	struct errbuf e;

	memset(&t, 0, sizeof(t));
	snprintf(t.route, sizeof(t.route), "%s", route);
	t.direction = dir;
	t.stop = stop;
	t.phase = phase;
	t.stop_requested = requested;
	t.doors_open = doors;
	if (scene_set_trip(f->s, &t, &e) < 0)
		fail_msg("%s", e.msg);
}

static void draw(struct fx *f, int i, int64_t ms)
{
	struct scene_clock c = { ms, WALL0 + (time_t)(ms / 1000) };
	int64_t next;

	assert_int_not_equal(scene_render(f->s, i, &c, f->out[i], &next), -1);
}

/* Follows panel @i's deadlines from @ms until it rests on @page (and, for
   heritage, slide @id); returns that moment. */
static int64_t seek(struct fx *f, int i, int64_t ms, int page, const char *id)
{
	struct scene_clock c;
	struct scene_showing sh;
	int64_t next;
	int n;

	for (n = 0; n < 10000; n++) {
		c.mono_ms = ms;
		c.wall = WALL0 + (time_t)(ms / 1000);
		assert_int_not_equal(scene_render(f->s, i, &c, f->out[i],
						  &next), -1);
		scene_showing(f->s, i, &sh);
		if (sh.page == page && sh.from == SCENE_PAGE_NONE &&
		    (!id || (sh.heritage && strcmp(sh.heritage, id) == 0)))
			return ms;
		assert_true(next > ms && next != SCENE_NEVER);
		ms = next;
	}
	fail_msg("panel %d never showed page %d", i, page);
	return -1;
}

static void led(struct fx *f, int i, const char *name)
{
	assert_int_equal(golden_check(f->out[i], name, 0, 0), 0);
}

static void lcd(struct fx *f, const char *name)
{
	assert_int_equal(golden_check(f->out[INTERIOR], name, LCD_TOL,
				      LCD_MAX_BAD), 0);
}

static void test_front(void **state)
{
	struct fx *f = *state;
	struct scene_showing sh;

	trip(f, "T45", 0, 2, TRIP_DEPARTED, 0, 0);
	draw(f, FRONT, 0);
	led(f, FRONT, "page_front_t45");
	draw(f, FRONT, 4800);
	scene_showing(f->s, FRONT, &sh);
	assert_int_equal(sh.from, SCENE_PAGE_NONE);
	assert_string_equal(sh.lang, "en");
	led(f, FRONT, "page_front_t45_en");
	/* Half way through the scroll from English back to Chinese. */
	draw(f, FRONT, 4400 + 4400 + 200);
	scene_showing(f->s, FRONT, &sh);
	assert_int_equal(sh.from, SCENE_PAGE_ROUTE);
	led(f, FRONT, "page_front_t45_scroll");
}

/* A destination too long for the sign, part-way through its marquee. */
static void test_front_marquee(void **state)
{
	struct fx *f = *state;
	struct page_led_fonts lf;
	struct page_led_layout l;
	struct page_led_style st;
	struct font *u;
	const char *files[1];
	char path[1200];
	int off[2] = { 37, 0 };

	(void)f;
	snprintf(path, sizeof(path), "%s/%s", fonts, CONTENT_FONT_LED16);
	files[0] = path;
	u = font_create(files, 1, 16, FONT_MONO, NULL);
	assert_non_null(u);
	memset(&lf, 0, sizeof(lf));
	lf.f16 = u;
	page_led_layout(PANEL_FRONT, 160, 16, &lf, "T4", &l);
	assert_int_equal(page_led_period(&l, 0, "台湖"), 0);
	assert_true(page_led_period(&l, 0, "副中心行政办公区 Fuzhongxin") >
		    l.line[0].w);
	memset(&st, 0, sizeof(st));
	st.fg = st.fg2 = st.route_fg = ARGB(255, 255, 176, 0);
	page_led_draw(f->out[FRONT], &l, &st, "T4", "副中心行政办公区 Fuzhongxin",
		      NULL, off);
	led(f, FRONT, "page_front_marquee");
	font_destroy(u);
}

static void test_side_and_rear(void **state)
{
	struct fx *f = *state;

	trip(f, "T45", 0, 2, TRIP_DEPARTED, 0, 0);
	draw(f, SIDE, 0);
	led(f, SIDE, "page_side_t45");
	draw(f, SIDE, 5000);
	led(f, SIDE, "page_side_t45_en");
	seek(f, SIDE, 5000, SCENE_PAGE_ORNAMENT, NULL);
	led(f, SIDE, "page_side_ornament");
	draw(f, REAR, 0);
	led(f, REAR, "page_rear_t45");
}

static void test_lcd_next_stop(void **state)
{
	struct fx *f = *state;

	trip(f, "T45", 0, 3, TRIP_DEPARTED, 1, 0);
	draw(f, INTERIOR, 0);
	lcd(f, "page_lcd_next_stop");
	trip(f, "T45", 0, 3, TRIP_APPROACHING, 1, 0);
	draw(f, INTERIOR, 1000);
	lcd(f, "page_lcd_arriving");
	trip(f, "T45", 0, 4, TRIP_AT_STOP, 0, 1);
	draw(f, INTERIOR, 2000);
	lcd(f, "page_lcd_at_stop");
	/* Long names: the line's labels take two rows. */
	trip(f, "T4", 0, 1, TRIP_DEPARTED, 0, 0);
	draw(f, INTERIOR, 3000);
	lcd(f, "page_lcd_t4");
}

static void test_lcd_heritage(void **state)
{
	struct fx *f = *state;
	int64_t t;

	trip(f, "T45", 0, 3, TRIP_DEPARTED, 0, 0);
	t = seek(f, INTERIOR, 0, SCENE_PAGE_HERITAGE, "listing");
	lcd(f, "page_lcd_heritage");
	seek(f, INTERIOR, t, SCENE_PAGE_HERITAGE, "tongzhou");
	lcd(f, "page_lcd_heritage_wide");
}

static void test_lcd_message(void **state)
{
	struct fx *f = *state;
	struct errbuf e;

	trip(f, "T45", 0, 3, TRIP_DEPARTED, 0, 0);
	assert_int_equal(scene_message(f->s,
				       "前方道路施工，本车临时绕行。 Road works "
				       "ahead: this bus is diverted.",
				       MSG_URGENT, SCENE_NEVER, &e), 0);
	draw(f, INTERIOR, 0);
	lcd(f, "page_lcd_message_urgent");
	draw(f, FRONT, 0);
	led(f, FRONT, "page_front_message");
}

int main(void)
{
	const char *src = getenv("PIDS_SRCDIR");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_front, setup, teardown),
		cmocka_unit_test_setup_teardown(test_front_marquee, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_side_and_rear, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_lcd_next_stop, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_lcd_heritage, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_lcd_message, setup,
						teardown),
	};

	if (!src || !*src)
		src = ".";
	snprintf(fonts, sizeof(fonts), "%s/fonts", src);
	snprintf(bundled, sizeof(bundled), "%s/assets/content", src);
	setenv("TZ", "Asia/Shanghai", 1);
	tzset();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
