/*
 * Tests for daemon/output with a scripted backend and a scripted scene
 * (this file defines the scene_* functions output.c calls, so the real
 * scene is not linked in): damage rectangles, no show when nothing
 * changed, retry with a doubling back-off, a failing show closing the
 * device and the reopen showing the last frame at once, readiness, the
 * frame-rate guard and snapshots.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "daemon/output.h"
#include "render/pngio.h"

/* ---- the scripted scene ---- */

static struct {
	int panels;
	int changed;       /* next render returns 1 */
	int fail;          /* next render returns -1 */
	int64_t next;      /* next_ms it reports */
	uint32_t color;    /* the frame: all this colour... */
	struct rect spot;  /* ...with this rectangle white */
	int renders;
	int bright;        /* scene_brightness() */
	int64_t bright_next;
} sc;

int scene_brightness(const struct scene *s, int i,
		     const struct scene_clock *clk, int64_t *next_ms)
{
	(void)s;
	(void)i;
	(void)clk;
	*next_ms = sc.bright_next;
	return sc.bright;
}

int scene_add_panel(struct scene *s, const struct panel_common *p,
		    struct errbuf *e)
{
	(void)s;
	(void)p;
	(void)e;
	return sc.panels++;
}

int scene_render(struct scene *s, int i, const struct scene_clock *clk,
		 struct canvas *out, int64_t *next_ms)
{
	(void)s;
	(void)i;
	(void)clk;
	sc.renders++;
	*next_ms = sc.next;
	if (sc.fail)
		return -1;
	if (!sc.changed)
		return 0;
	sc.changed = 0;
	canvas_clear(out, sc.color);
	canvas_fill(out, sc.spot, ARGB(255, 255, 255, 255));
	return 1;
}

/* ---- the scripted backend ---- */

static struct {
	int open_fail, show_fail;
	int opens, shows, closes, brightness;
	struct rect damage;
	uint32_t first_pixel;
} be;

static void *fake_open(struct panel_common *c, const void *s, struct errbuf *e)
{
	(void)s;
	if (be.open_fail) {
		errbuf_set(e, "fake %s: no such device", c->name);
		return NULL;
	}
	be.opens++;
	return &be;
}

static int fake_show(void *st, const struct canvas *f, struct rect d,
		     struct errbuf *e)
{
	(void)st;
	if (be.show_fail) {
		errbuf_set(e, "fake: I/O error");
		return -1;
	}
	be.shows++;
	be.damage = d;
	be.first_pixel = canvas_pixels_const(f)[0];
	return 0;
}

static int fake_brightness(void *st, int percent)
{
	(void)st;
	be.brightness = percent;
	return 0;
}

static void fake_status(void *st, struct panel_status *s)
{
	(void)st;
	memset(s, 0, sizeof(*s));
	s->ok = 1;
	snprintf(s->detail, sizeof(s->detail), "fake");
}

static void fake_close(void *st)
{
	if (st)
		be.closes++;
}

static const struct cfg_key no_keys[] = { { .name = NULL } };
static const struct panel_ops fake_ops = {
	.type = "fake",
	.keys = no_keys,
	.open = fake_open,
	.show = fake_show,
	.set_brightness = fake_brightness,
	.status = fake_status,
	.close = fake_close,
};

static struct panel_conf pc = {
	.common = { .name = "front", .width = 16, .height = 8 },
	.ops = &fake_ops,
};

static struct scene_clock at(int64_t ms)
{
	return (struct scene_clock){ .mono_ms = ms, .wall = 0 };
}

static int reset(void **state)
{
	memset(&sc, 0, sizeof(sc));
	memset(&be, 0, sizeof(be));
	sc.next = SCENE_NEVER;
	sc.color = ARGB(255, 0, 0, 0);
	sc.bright = 100;
	sc.bright_next = SCENE_NEVER;
	return 0;
}

static void test_damage(void **state)
{
	struct output *o = output_create(&pc);
	struct scene_clock clk = at(100);

	assert_non_null(o);
	assert_int_equal(output_open(o, NULL, 100, 1000, 8000), 0);
	assert_int_equal(o->scene_index, 0);
	assert_false(output_settled(o));
	/* The first frame goes out whole. */
	sc.changed = 1;
	sc.spot = (struct rect){ 2, 2, 1, 1 };
	assert_int_equal(output_update(o, NULL, &clk, 1000, 8000), 1);
	assert_int_equal(be.damage.w, 16);
	assert_int_equal(be.damage.h, 8);
	assert_true(output_settled(o));
	/* Not due (SCENE_NEVER): nothing is rendered. */
	clk = at(5000);
	assert_int_equal(output_update(o, NULL, &clk, 1000, 8000), 0);
	assert_int_equal(sc.renders, 1);
	/* Poked: rendered, unchanged, not shown. */
	output_poke(o, 5000);
	assert_int_equal(output_update(o, NULL, &clk, 1000, 8000), 0);
	assert_int_equal(sc.renders, 2);
	assert_int_equal(be.shows, 1);
	/* A moved spot: damage covers the old and the new place. */
	output_poke(o, 5000);
	sc.changed = 1;
	sc.spot = (struct rect){ 9, 5, 2, 1 };
	assert_int_equal(output_update(o, NULL, &clk, 1000, 8000), 1);
	assert_int_equal(be.damage.x, 2);
	assert_int_equal(be.damage.y, 2);
	assert_int_equal(be.damage.w, 9);
	assert_int_equal(be.damage.h, 4);
	/* The scene says "changed" but the pixels are the same: no show. */
	output_poke(o, 5000);
	sc.changed = 1;
	assert_int_equal(output_update(o, NULL, &clk, 1000, 8000), 0);
	assert_int_equal(be.shows, 2);
	assert_int_equal(o->frames, 2);
	output_destroy(o);
	assert_int_equal(be.closes, 1);
}

/* An LCD-sized panel: damage from tile hashes, in whole tiles. */
static void test_tile_damage(void **state)
{
	struct panel_conf big = pc;
	struct output *o;
	struct scene_clock clk = at(0);

	big.common.width = 512;
	big.common.height = 200; /* > OUTPUT_COPY_MAX pixels; last tile row 8 high */
	o = output_create(&big);
	output_open(o, NULL, 0, 1000, 8000);
	assert_null(o->shown);
	assert_non_null(o->tiles);
	sc.changed = 1;
	sc.spot = (struct rect){ 40, 40, 1, 1 };
	assert_int_equal(output_update(o, NULL, &clk, 1000, 8000), 1);
	assert_int_equal(be.damage.w, 512);
	/* The spot moves: its old and new tiles. */
	sc.changed = 1;
	sc.spot = (struct rect){ 100, 195, 1, 1 };
	output_poke(o, 0);
	assert_int_equal(output_update(o, NULL, &clk, 1000, 8000), 1);
	assert_int_equal(be.damage.x, 32);
	assert_int_equal(be.damage.y, 32);
	assert_int_equal(be.damage.w, 128 - 32);
	assert_int_equal(be.damage.h, 200 - 32);
	/* Same pixels again: nothing shown. */
	sc.changed = 1;
	output_poke(o, 0);
	assert_int_equal(output_update(o, NULL, &clk, 1000, 8000), 0);
	/* A failed show keeps the old hashes: the next show still covers
	   the change (here in full: the device was reopened). */
	sc.changed = 1;
	sc.spot = (struct rect){ 500, 0, 1, 1 };
	be.show_fail = 1;
	output_poke(o, 0);
	assert_int_equal(output_update(o, NULL, &clk, 1000, 8000), 0);
	be.show_fail = 0;
	clk = at(1000);
	assert_int_equal(output_update(o, NULL, &clk, 1000, 8000), 1);
	assert_int_equal(be.damage.w, 512);
	sc.changed = 1;
	sc.spot = (struct rect){ 100, 195, 1, 1 };
	output_poke(o, 1000);
	assert_int_equal(output_update(o, NULL, &clk, 1000, 8000), 1);
	assert_int_equal(be.damage.x, 96);
	assert_int_equal(be.damage.w, 512 - 96);
	output_destroy(o);
}

static void test_retry(void **state)
{
	struct output *o = output_create(&pc);
	struct scene_clock clk;
	static const int waits[] = { 1000, 2000, 4000, 8000, 8000 };
	int64_t now = 0;
	size_t i;

	be.open_fail = 1;
	assert_int_equal(output_open(o, NULL, now, 1000, 8000), -1);
	assert_string_equal(o->error, "fake front: no such device");
	assert_true(output_settled(o)); /* a dead panel does not hold READY */
	for (i = 0; i < sizeof(waits) / sizeof(waits[0]); i++) {
		assert_int_equal(output_next(o), now + waits[i]);
		clk = at(now + waits[i] - 1);
		output_update(o, NULL, &clk, 1000, 8000); /* too early */
		assert_int_equal(o->failures, i + 1);
		now += waits[i];
		clk = at(now);
		output_update(o, NULL, &clk, 1000, 8000);
		assert_int_equal(o->failures, i + 2);
	}
	/* The device comes back: opened, drawn and shown in one update. */
	be.open_fail = 0;
	sc.changed = 1;
	now = output_next(o);
	clk = at(now);
	assert_int_equal(output_update(o, NULL, &clk, 1000, 8000), 1);
	assert_int_equal(be.opens, 1);
	assert_string_equal(o->error, "");
	assert_int_equal(o->retry_ms, 0);
	output_destroy(o);
}

static void test_show_failure(void **state)
{
	struct output *o = output_create(&pc);
	struct scene_clock clk = at(0);
	struct panel_status st;

	output_open(o, NULL, 0, 500, 8000);
	sc.changed = 1;
	sc.color = ARGB(255, 10, 20, 30);
	assert_int_equal(output_update(o, NULL, &clk, 500, 8000), 1);
	/* The device fails on the next frame: closed, retried later. */
	be.show_fail = 1;
	sc.changed = 1;
	sc.color = ARGB(255, 40, 50, 60);
	output_poke(o, 0);
	assert_int_equal(output_update(o, NULL, &clk, 500, 8000), 0);
	assert_null(o->state);
	assert_int_equal(be.closes, 1);
	assert_int_equal(output_next(o), 500);
	output_status(o, &st);
	assert_int_equal(st.ok, 0);
	assert_string_equal(st.detail, "fake: I/O error");
	/* Back again: the last drawn frame is shown at once and whole, even
	   though the scene has nothing new. */
	be.show_fail = 0;
	clk = at(500);
	assert_int_equal(output_update(o, NULL, &clk, 500, 8000), 1);
	assert_int_equal(be.first_pixel, ARGB(255, 40, 50, 60));
	assert_int_equal(be.damage.w, 16);
	assert_int_equal(o->scene_index, 0); /* same size: same scene panel */
	assert_int_equal(sc.panels, 1);
	output_status(o, &st);
	assert_int_equal(st.ok, 1);
	assert_int_equal(st.frames, 2);
	output_destroy(o);
}

static void test_scene_error_and_rate(void **state)
{
	struct output *o = output_create(&pc);
	struct scene_clock clk = at(1000);

	output_open(o, NULL, 1000, 500, 8000);
	sc.fail = 1;
	assert_int_equal(output_update(o, NULL, &clk, 500, 8000), 0);
	assert_int_equal(output_next(o), 2000); /* tries again in 1 s */
	sc.fail = 0;
	/* A scene asking for a frame right now is held to 100 Hz. */
	sc.next = 1000;
	sc.changed = 1;
	clk = at(2000);
	output_update(o, NULL, &clk, 500, 8000);
	assert_int_equal(output_next(o), 2000 + OUTPUT_MIN_FRAME_MS);
	output_destroy(o);
}

static void test_brightness_and_snapshot(void **state)
{
	struct output *o = output_create(&pc);
	struct scene_clock clk = at(0);
	char dir[] = "/tmp/test_output.XXXXXX", path[64];
	struct canvas *png;
	struct errbuf e;

	assert_non_null(mkdtemp(dir));
	output_open(o, NULL, 0, 500, 8000);
	assert_int_equal(output_snapshot(o, dir, &e), -1);
	assert_string_equal(e.msg, "panel front: shows nothing (no frame yet)");
	sc.changed = 1;
	sc.color = ARGB(255, 0, 128, 255);
	output_update(o, NULL, &clk, 500, 8000);
	assert_int_equal(output_snapshot(o, dir, &e), 0);
	snprintf(path, sizeof(path), "%s/front.png", dir);
	png = pngio_load(path, NULL, &e);
	assert_non_null(png);
	assert_int_equal(canvas_width(png), 16);
	assert_int_equal(canvas_pixels(png)[0], ARGB(255, 0, 128, 255));
	canvas_destroy(png);
	unlink(path);
	rmdir(dir);
	output_destroy(o);
}

static void test_brightness(void **state)
{
	struct panel_conf lit = pc;
	struct output *o;
	struct scene_clock clk = at(0);
	struct errbuf e;

	lit.common.brightness = 90;
	o = output_create(&lit);
	output_open(o, NULL, 0, 500, 8000);
	/* The scene's level (night dimming) is applied, and followed. */
	sc.bright = 36;
	sc.bright_next = 60000;
	sc.changed = 1;
	output_update(o, NULL, &clk, 500, 8000);
	assert_int_equal(be.brightness, 36);
	assert_int_equal(output_next(o), 60000);
	sc.bright = 90;
	clk = at(60000);
	output_update(o, NULL, &clk, 500, 8000);
	assert_int_equal(be.brightness, 90);
	/* The operator's level wins, also after a reopen. */
	assert_int_equal(output_brightness(o, 30, &e), 0);
	output_update(o, NULL, &clk, 500, 8000);
	assert_int_equal(be.brightness, 30);
	assert_int_equal(be.shows, 3); /* each change shown again */
	output_close(o);
	be.brightness = 0;
	clk = at(61000);
	output_update(o, NULL, &clk, 500, 8000);
	assert_non_null(o->state);
	assert_int_equal(be.brightness, 30);
	/* auto: back to the scene. */
	assert_int_equal(output_brightness(o, 0, &e), 0);
	output_update(o, NULL, &clk, 500, 8000);
	assert_int_equal(be.brightness, 90);
	output_destroy(o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_damage, reset),
		cmocka_unit_test_setup(test_tile_damage, reset),
		cmocka_unit_test_setup(test_retry, reset),
		cmocka_unit_test_setup(test_show_failure, reset),
		cmocka_unit_test_setup(test_scene_error_and_rate, reset),
		cmocka_unit_test_setup(test_brightness_and_snapshot, reset),
		cmocka_unit_test_setup(test_brightness, reset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
