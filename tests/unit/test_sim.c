/*
 * Tests for panel/sim: keys and validation, the snapshot directory as the
 * "device" (missing, not a directory, unwritable), atomic snapshots of
 * changed frames, the LED look (round dots at dot_scale pitch, the sign's
 * levels and colour, brightness) against a golden image, LCD frames as
 * they are, status, and the terminal preview's cells (braille dots on a
 * ground, two colours per cell on RGB signs, half blocks) and redraws.
 */
#define _GNU_SOURCE /* memmem */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "helper_golden.h"
#include "panel/sim.h"
#include "panel/simterm.h"
#include "render/pngio.h"

static char dir[] = "/tmp/test_sim.XXXXXX";

static void settings(struct sim_settings *s, const char *snapdir, int scale)
{
	struct errbuf e;

	memset(s, 0, sizeof(*s));
	assert_int_equal(cfgtab_defaults(sim_keys, s, &e), 0);
	snprintf(s->snapshot_dir, sizeof(s->snapshot_dir), "%s", snapdir);
	s->dot_scale = scale;
	s->preview = 0;
}

static struct panel_common common(const char *name, int w, int h, int look)
{
	struct panel_common c;
	struct errbuf e;

	memset(&c, 0, sizeof(c));
	assert_int_equal(cfgtab_defaults(panel_common_keys, &c, &e), 0);
	snprintf(c.name, sizeof(c.name), "%s", name);
	c.width = w;
	c.height = h;
	c.look = look;
	return c;
}

static struct canvas *load(const char *name)
{
	char p[128];
	struct canvas *c;

	snprintf(p, sizeof(p), "%s/%s.png", dir, name);
	c = pngio_load(p, NULL, NULL);
	assert_non_null(c);
	return c;
}

static void test_validate(void **state)
{
	struct panel_common c = common("x", 0, 16, LOOK_LED_MONO);
	struct sim_settings s;
	struct errbuf e;

	settings(&s, "", 6);
	assert_int_equal(panel_sim_ops.validate(&c, &s, &e), -1);
	assert_string_equal(e.msg, "a sim panel needs width and height");
	c.width = 3000;
	s.dot_scale = 6;
	assert_int_equal(panel_sim_ops.validate(&c, &s, &e), -1);
	assert_string_equal(e.msg, "3000x16 at dot_scale 6 is larger than 16384 pixels");
	c.look = LOOK_LCD; /* LCDs are not scaled */
	assert_int_equal(panel_sim_ops.validate(&c, &s, &e), 0);
}

static void test_missing_device(void **state)
{
	struct panel_common c = common("front", 16, 8, LOOK_LED_MONO);
	struct sim_settings s;
	struct errbuf e;
	char p[128];

	snprintf(p, sizeof(p), "%s/no/such", dir);
	settings(&s, p, 2);
	assert_null(panel_sim_ops.open(&c, &s, &e));
	assert_non_null(strstr(e.msg, "sim front: snapshot_dir "));
	assert_non_null(strstr(e.msg, "/no/such: No such file or directory"));
	snprintf(p, sizeof(p), "%s/file", dir);
	fclose(fopen(p, "w"));
	settings(&s, p, 2);
	assert_null(panel_sim_ops.open(&c, &s, &e));
	assert_non_null(strstr(e.msg, "/file: Not a directory"));
	unlink(p);
	/* The last component is made. */
	snprintf(p, sizeof(p), "%s/made", dir);
	settings(&s, p, 2);
	panel_sim_ops.close(panel_sim_ops.open(&c, &s, &e));
	assert_int_equal(access(p, W_OK), 0);
	rmdir(p);
}

/* A 6x3 amber sign: a lit pixel, a half-lit one, a blue one (mono signs
   light by the brightest channel), and dark ones. */
static void test_led_look(void **state)
{
	struct panel_common c = common("mono", 6, 3, LOOK_LED_MONO);
	struct rect all = { 0, 0, 6, 3 };
	struct sim_settings s;
	struct canvas *f, *png;
	struct panel_status st;
	struct errbuf e;
	void *sim;

	c.bits = 2;
	settings(&s, dir, 8);
	sim = panel_sim_ops.open(&c, &s, &e);
	assert_non_null(sim);
	f = canvas_create(6, 3, &e);
	canvas_clear(f, ARGB(255, 0, 0, 0));
	canvas_pixels(f)[0] = ARGB(255, 255, 176, 0);
	/* 218 is 2/3 of full light after CIE lightness: level 2 of 3 */
	canvas_pixels(f)[1 + canvas_stride(f)] = ARGB(255, 218, 150, 0);
	canvas_pixels(f)[5 + 2 * canvas_stride(f)] = ARGB(255, 0, 0, 255);
	assert_int_equal(panel_sim_ops.show(sim, f, all, &e), 0);
	png = load("mono");
	assert_int_equal(canvas_width(png), 48);
	assert_int_equal(canvas_height(png), 24);
	/* Dot centres: full amber, then dimmer, and blue lights it fully. */
	assert_int_equal(canvas_pixels(png)[4 + 4 * canvas_stride(png)],
			 ARGB(255, 255, 176, 0));
	assert_true(ARGB_R(canvas_pixels(png)[12 + 12 * canvas_stride(png)]) < 255);
	assert_true(ARGB_R(canvas_pixels(png)[12 + 12 * canvas_stride(png)]) > 150);
	assert_int_equal(canvas_pixels(png)[44 + 20 * canvas_stride(png)],
			 ARGB(255, 255, 176, 0));
	/* Between dots: black; an unlit LED: a faint amber disc. */
	assert_int_equal(canvas_pixels(png)[0] & 0xffffff, 0);
	assert_int_equal(canvas_pixels(png)[20 + 4 * canvas_stride(png)],
			 ARGB(255, 25, 17, 0));
	assert_int_equal(golden_check(png, "sim/led_mono_dots", 0, 0), 0);
	canvas_destroy(png);

	/* Brightness dims the next frame, whatever its damage. */
	assert_int_equal(panel_sim_ops.set_brightness(sim, 50), 0);
	assert_int_equal(panel_sim_ops.show(sim, f, (struct rect){ 0, 0, 1, 1 }, &e), 0);
	png = load("mono");
	assert_true(ARGB_R(canvas_pixels(png)[4 + 4 * canvas_stride(png)]) < 255);
	assert_true(ARGB_R(canvas_pixels(png)[44 + 20 * canvas_stride(png)]) < 255);
	canvas_destroy(png);
	assert_int_equal(panel_sim_ops.set_brightness(sim, 0), -1);

	panel_sim_ops.status(sim, &st);
	assert_int_equal(st.ok, 1);
	assert_int_equal(st.frames, 2);
	assert_non_null(strstr(st.detail, "mono.png"));
	canvas_destroy(f);
	panel_sim_ops.close(sim);
}

static void test_rgb_and_lcd(void **state)
{
	struct panel_common rgb = common("rgb", 4, 2, LOOK_LED_RGB);
	struct panel_common lcd = common("lcd", 5, 3, LOOK_LCD);
	struct sim_settings s;
	struct canvas *f, *png;
	struct errbuf e;
	void *a, *b;

	rgb.bits = 4;
	settings(&s, dir, 4);
	a = panel_sim_ops.open(&rgb, &s, &e);
	b = panel_sim_ops.open(&lcd, &s, &e);
	assert_non_null(a);
	assert_non_null(b);
	f = canvas_create(4, 2, &e);
	canvas_clear(f, ARGB(255, 255, 0, 0));
	canvas_pixels(f)[3] = ARGB(255, 0, 255, 0);
	assert_int_equal(panel_sim_ops.show(a, f, (struct rect){ 0, 0, 4, 2 }, &e), 0);
	png = load("rgb");
	assert_int_equal(canvas_width(png), 16);
	assert_int_equal(canvas_pixels(png)[2 + 2 * canvas_stride(png)],
			 ARGB(255, 255, 0, 0));
	assert_int_equal(canvas_pixels(png)[14 + 2 * canvas_stride(png)],
			 ARGB(255, 0, 255, 0));
	canvas_destroy(png);
	/* A frame of the wrong size is refused. */
	assert_int_equal(panel_sim_ops.show(b, f, (struct rect){ 0, 0, 4, 2 }, &e), -1);
	assert_string_equal(e.msg, "sim lcd: frame is 4x2, panel is 5x3");
	canvas_destroy(f);
	/* LCD: the frame as it is. */
	f = canvas_create(5, 3, &e);
	canvas_clear(f, ARGB(255, 10, 20, 30));
	assert_int_equal(panel_sim_ops.show(b, f, (struct rect){ 0, 0, 5, 3 }, &e), 0);
	png = load("lcd");
	assert_int_equal(canvas_width(png), 5);
	assert_int_equal(canvas_pixels(png)[7], ARGB(255, 10, 20, 30));
	canvas_destroy(png);
	canvas_destroy(f);
	panel_sim_ops.close(a);
	panel_sim_ops.close(b);
	panel_sim_ops.close(NULL);
}

static void test_write_failure(void **state)
{
	struct panel_common c = common("gone", 4, 4, LOOK_LCD);
	struct sim_settings s;
	struct canvas *f;
	struct errbuf e;
	char p[128], png[160];
	void *sim;

	snprintf(p, sizeof(p), "%s/gone", dir);
	settings(&s, p, 1);
	sim = panel_sim_ops.open(&c, &s, &e);
	assert_non_null(sim);
	f = canvas_create(4, 4, &e);
	assert_int_equal(panel_sim_ops.show(sim, f, (struct rect){ 0, 0, 4, 4 }, &e), 0);
	snprintf(png, sizeof(png), "%s/gone.png", p);
	unlink(png);
	rmdir(p);
	/* The "device" went away: show fails naming it. */
	assert_int_equal(panel_sim_ops.show(sim, f, (struct rect){ 0, 0, 4, 4 }, &e), -1);
	assert_non_null(strstr(e.msg, "sim gone: "));
	assert_non_null(strstr(e.msg, "gone.png"));
	canvas_destroy(f);
	panel_sim_ops.close(sim);
}

static void test_no_snapshots(void **state)
{
	struct panel_common c = common("quiet", 4, 4, LOOK_LED_MONO);
	struct sim_settings s;
	struct panel_status st;
	struct canvas *f;
	struct errbuf e;
	void *sim;

	settings(&s, "", 6);
	sim = panel_sim_ops.open(&c, &s, &e);
	assert_non_null(sim);
	f = canvas_create(4, 4, &e);
	assert_int_equal(panel_sim_ops.show(sim, f, (struct rect){ 0, 0, 4, 4 }, &e), 0);
	panel_sim_ops.status(sim, &st);
	assert_string_equal(st.detail, "no snapshots");
	assert_int_equal(st.frames, 1);
	canvas_destroy(f);
	panel_sim_ops.close(sim);
}

static const struct simcell *cell(const struct sim *s, int cx, int cy)
{
	return &s->cells[cy * s->tcols + cx];
}

/* A mono sign: one dot per lit LED, in the sign's colour, on the ground. */
static void test_preview_mono(void **state)
{
	struct panel_common c = common("mono", 4, 4, LOOK_LED_MONO);
	struct sim_settings set;
	struct canvas *f;
	struct errbuf e;
	struct sim *s;

	c.bits = 1;
	settings(&set, "", 1);
	s = panel_sim_ops.open(&c, &set, &e);
	assert_non_null(s);
	f = canvas_create(4, 4, &e);
	canvas_clear(f, ARGB(255, 0, 0, 0));
	canvas_pixels(f)[0] = ARGB(255, 255, 255, 255);
	canvas_pixels(f)[1 + 3 * canvas_stride(f)] = ARGB(255, 255, 255, 255);
	assert_int_equal(panel_sim_ops.show(s, f, (struct rect){ 0, 0, 4, 4 }, &e), 0);
	assert_int_equal(simterm_plan(s, 1, 80, 20), 0);
	assert_int_equal(s->tmode, SIMTERM_BRAILLE);
	assert_int_equal(s->tcols, 2);
	assert_int_equal(s->trows, 1);
	assert_true(simterm_render(s, f, (struct rect){ 0, 0, 4, 4 }) > 0);
	assert_int_equal(cell(s, 0, 0)->glyph, 0x2800 + 0x01 + 0x80);
	assert_int_equal(cell(s, 0, 0)->fg, sim_led_color(s, 0, 0));
	assert_int_equal(cell(s, 0, 0)->bg, SIMTERM_GROUND);
	assert_int_equal(cell(s, 1, 0)->glyph, ' ');
	assert_int_equal(cell(s, 1, 0)->bg, SIMTERM_GROUND);
	canvas_destroy(f);
	panel_sim_ops.close(s);
}

/* The route badge of an RGB sign: white digits on a red block, every LED
   lit.  Cells (2x4 LEDs): (0,0) the top bar and right stroke of a digit,
   (1,0) red only, (0,1) white only, (1,1) red only. */
static struct canvas *badge(void)
{
	static const char *rows[8] = { "WWRR", "RWRR", "RWRR", "RWRR",
				       "WWRR", "WWRR", "WWRR", "WWRR" };
	struct canvas *f = canvas_create(4, 8, NULL);
	int x, y;

	assert_non_null(f);
	for (y = 0; y < 8; y++)
		for (x = 0; x < 4; x++)
			canvas_pixels(f)[y * canvas_stride(f) + x] =
				rows[y][x] == 'W' ? ARGB(255, 255, 255, 255)
						  : ARGB(255, 255, 0, 0);
	return f;
}

static void test_preview_rgb_braille(void **state)
{
	struct panel_common c = common("badge", 4, 8, LOOK_LED_RGB);
	struct rect all = { 0, 0, 4, 8 };
	struct sim_settings set;
	uint32_t white, red;
	struct canvas *f = badge();
	struct errbuf e;
	struct sim *s;
	size_t n;

	c.bits = 4;
	settings(&set, "", 1);
	s = panel_sim_ops.open(&c, &set, &e);
	assert_non_null(s);
	assert_int_equal(panel_sim_ops.show(s, f, all, &e), 0);
	white = sim_led_color(s, 0, 0);
	red = sim_led_color(s, 3, 0);
	assert_int_not_equal(white, red);
	assert_int_equal(ARGB_G(red), 0);
	assert_true(ARGB_R(red) > 200 && ARGB_G(white) > 200);
	/* Too narrow for half blocks: braille, two colours per cell. */
	assert_int_equal(simterm_plan(s, 1, 3, 20), 0);
	assert_int_equal(s->tmode, SIMTERM_BRAILLE2);
	assert_int_equal(s->tcols, 2);
	assert_int_equal(s->trows, 2);
	n = simterm_render(s, f, all);
	assert_true(n > 0);
	/* The digit's LEDs are white dots on red, not a block of dots. */
	assert_int_equal(cell(s, 0, 0)->glyph, 0x2800 + 0x01 + 0x08 + 0x10 +
					       0x20 + 0x80);
	assert_int_equal(cell(s, 0, 0)->fg, white);
	assert_int_equal(cell(s, 0, 0)->bg, red);
	/* Red only: the block itself; white only: all dots, on red. */
	assert_int_equal(cell(s, 1, 0)->glyph, ' ');
	assert_int_equal(cell(s, 1, 0)->bg, red);
	assert_int_equal(cell(s, 0, 1)->glyph, 0x28ff);
	assert_int_equal(cell(s, 0, 1)->fg, white);
	assert_int_equal(cell(s, 0, 1)->bg, red);
	/* The escape sequences: both colours, then U+28B9. */
	assert_non_null(memmem(s->tbuf, n,
			       "\033[38;2;255;255;255;48;2;255;0;0m\xe2\xa2\xb9",
			       strlen("\033[38;2;255;255;255;48;2;255;0;0m"
				      "\xe2\xa2\xb9")));

	/* Nothing changed: nothing to write. */
	assert_int_equal(panel_sim_ops.show(s, f, all, &e), 0);
	assert_int_equal(simterm_render(s, f, all), 0);
	/* One LED changed: only its cell, (1,1) = row 3, column 2. */
	canvas_pixels(f)[3 + 7 * canvas_stride(f)] = ARGB(255, 255, 255, 255);
	assert_int_equal(panel_sim_ops.show(s, f, (struct rect){ 3, 7, 1, 1 },
					    &e), 0);
	n = simterm_render(s, f, (struct rect){ 3, 7, 1, 1 });
	assert_true(n > 0);
	assert_int_equal(cell(s, 1, 1)->glyph, 0x2880);
	assert_non_null(memmem(s->tbuf, n, "\033[3;2H", 6));
	assert_null(memmem(s->tbuf, n, "\xe2\xa2\xb9", 3));
	assert_null(memmem(s->tbuf, n, "\xe2\xa3\xbf", 3));
	assert_int_equal(memcmp(s->tbuf, "\0337", 2), 0);
	assert_int_equal(memcmp(s->tbuf + n - 2, "\0338", 2), 0);
	canvas_destroy(f);
	panel_sim_ops.close(s);
}

/* Wide enough: one half block per 1x2 LEDs, top LED fg, bottom LED bg. */
static void test_preview_rgb_half(void **state)
{
	struct panel_common c = common("badge", 4, 8, LOOK_LED_RGB);
	struct rect all = { 0, 0, 4, 8 };
	struct sim_settings set;
	struct canvas *f = badge();
	struct errbuf e;
	struct sim *s;

	c.bits = 4;
	settings(&set, "", 1);
	s = panel_sim_ops.open(&c, &set, &e);
	assert_non_null(s);
	assert_int_equal(panel_sim_ops.show(s, f, all, &e), 0);
	/* Half blocks would take more than half of the rows left: braille. */
	assert_int_equal(simterm_plan(s, 1, 80, 7), 0);
	assert_int_equal(s->tmode, SIMTERM_BRAILLE2);
	simterm_detach(s);
	assert_int_equal(simterm_plan(s, 1, 80, 8), 0);
	assert_int_equal(s->tmode, SIMTERM_HALF);
	assert_int_equal(s->tcols, 4);
	assert_int_equal(s->trows, 4);
	assert_true(simterm_render(s, f, all) > 0);
	assert_int_equal(cell(s, 0, 0)->glyph, 0x2580);
	assert_int_equal(cell(s, 0, 0)->fg, sim_led_color(s, 0, 0));
	assert_int_equal(cell(s, 0, 0)->bg, sim_led_color(s, 0, 1));
	assert_int_not_equal(cell(s, 0, 0)->fg, cell(s, 0, 0)->bg);
	assert_int_equal(cell(s, 1, 0)->fg, cell(s, 1, 0)->bg);
	assert_int_equal(simterm_render(s, f, all), 0);
	canvas_destroy(f);
	panel_sim_ops.close(s);
}

static int setup(void **state)
{
	const char *src = getenv("PIDS_SRCDIR");

	if (src && chdir(src) < 0)
		return -1;
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[64];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_validate),
		cmocka_unit_test(test_missing_device),
		cmocka_unit_test(test_led_look),
		cmocka_unit_test(test_rgb_and_lcd),
		cmocka_unit_test(test_write_failure),
		cmocka_unit_test(test_no_snapshots),
		cmocka_unit_test(test_preview_mono),
		cmocka_unit_test(test_preview_rgb_braille),
		cmocka_unit_test(test_preview_rgb_half),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
