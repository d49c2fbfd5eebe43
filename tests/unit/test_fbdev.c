/* Tests for panel/fbdev (with panel/rotate and panel/fbio): a scripted
   framebuffer with a file-backed mapping.  Every pixel format, stride
   padding, each rotation, panning on and off, damage-only copies, vanished
   devices, vsync and blanking, the backlight and the config keys.  Expected
   bytes come from a slow reference that packs bit by bit from the screen
   info, and from a few hand-written golden bytes in tests/data/fb/. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "fakefb.h"
#include "panel/fbdev.h"
#include "panel/rotate.h"
#include "render/canvas.h"
#include "util/log.h"

#define DEV "/dev/fb1"

/* {offset, length} of red, green, blue, transparency. */
static const int F_RGB565[8] = {11, 5, 5, 6, 0, 5, 0, 0};
static const int F_BGR565[8] = {0, 5, 5, 6, 11, 5, 0, 0};
static const int F_RGB555[8] = {10, 5, 5, 5, 0, 5, 0, 0};
static const int F_ARGB1555[8] = {10, 5, 5, 5, 0, 5, 15, 1};
static const int F_RGB888[8] = {16, 8, 8, 8, 0, 8, 0, 0};
static const int F_BGR888[8] = {0, 8, 8, 8, 16, 8, 0, 0};
static const int F_XRGB8888[8] = {16, 8, 8, 8, 0, 8, 0, 0};
static const int F_XBGR8888[8] = {0, 8, 8, 8, 16, 8, 0, 0};
static const int F_ARGB8888[8] = {16, 8, 8, 8, 0, 8, 24, 8};
static const int F_RGBA8888[8] = {24, 8, 16, 8, 8, 8, 0, 8};

/* ---- the slow reference ---- */

/* The pixel value for @argb: composited on black (round(c * a / 255)),
   each channel's top bits placed bit by bit, all other bits set. */
static uint32_t ref_value(const struct fakefb *f, uint32_t argb)
{
	const struct fb_bitfield *bf[3] = {&f->var.red, &f->var.green,
					   &f->var.blue};
	unsigned int a = argb >> 24, bpp = f->var.bits_per_pixel;
	uint32_t v = 0, used = 0;
	unsigned int i, k;

	for (i = 0; i < 3; i++) {
		unsigned int c = (argb >> (16 - 8 * i)) & 0xff;

		c = (c * a + 127) / 255;
		for (k = 0; k < bf[i]->length; k++) {
			uint32_t bit =
				1u << (bf[i]->offset + bf[i]->length - 1 - k);

			used |= bit;
			if (c & (0x80 >> k))
				v |= bit;
		}
	}
	for (k = 0; k < bpp; k++)
		if (!(used & 1u << k))
			v |= 1u << k;
	return v;
}

/* Where logical (x, y) of a @w x @h frame lands, as rotate.h documents. */
static void ref_place(int deg, int w, int h, int x, int y, int *px, int *py)
{
	*px = deg == 90	   ? h - 1 - y
	      : deg == 180 ? w - 1 - x
	      : deg == 270 ? y
			   : x;
	*py = deg == 90	   ? x
	      : deg == 180 ? h - 1 - y
	      : deg == 270 ? w - 1 - x
			   : y;
}

/*
 * Checks the screen at byte @base of @mem: every pixel of @frame turned by
 * @deg, and the stride padding after each row still 0xA5.  Returns the
 * number of wrong bytes (and prints the first).
 */
static int check_screen(const struct fakefb *f, const uint8_t *mem, size_t base,
			const struct canvas *frame, int deg)
{
	int w = canvas_width(frame), h = canvas_height(frame);
	const uint32_t *s = canvas_pixels_const(frame);
	int ss = canvas_stride(frame), bypp = f->var.bits_per_pixel / 8;
	size_t line = f->fix.line_length, rowb = f->var.xres * bypp;
	int x, y, px, py, k, bad = 0;

	for (y = 0; y < h; y++) {
		for (x = 0; x < w; x++) {
			uint32_t v = ref_value(f, s[y * ss + x]);
			const uint8_t *p;

			ref_place(deg, w, h, x, y, &px, &py);
			p = mem + base + py * line + px * bypp;
			for (k = 0; k < bypp; k++) {
				if (p[k] == (uint8_t)(v >> 8 * k))
					continue;
				if (!bad++)
					print_error(
						"pixel (%d,%d) -> (%d,%d) "
						"byte %d: %02x, want %02x\n",
						x, y, px, py, k, p[k],
						(uint8_t)(v >> 8 * k));
			}
		}
	}
	for (py = 0; py < (int)f->var.yres; py++)
		for (k = rowb; k < (int)line; k++)
			if (mem[base + py * line + k] != 0xA5 && !bad++)
				print_error("padding of row %d touched\n", py);
	return bad;
}

/* ---- frames ---- */

static uint32_t rnd_state = 12345;

static uint32_t rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 17;
	rnd_state ^= rnd_state << 5;
	return rnd_state;
}

/* Random pixels; opaque unless @translucent (then some alpha 0..254). */
static struct canvas *random_frame(int w, int h, int translucent)
{
	struct canvas *c = canvas_create(w, h, NULL);
	uint32_t *p;
	int x, y;

	assert_non_null(c);
	p = canvas_pixels(c);
	for (y = 0; y < h; y++)
		for (x = 0; x < w; x++) {
			uint32_t v = rnd() | 0xff000000u;

			if (translucent && (x + y) % 3 == 0)
				v = (v & 0xffffff) | (rnd() % 255) << 24;
			p[y * canvas_stride(c) + x] = v;
		}
	canvas_set_opaque(c, !translucent);
	return c;
}

/* Repaints @r of @c with new random opaque pixels. */
static void scribble(struct canvas *c, struct rect r)
{
	uint32_t *p = canvas_pixels(c);
	int x, y;

	for (y = r.y; y < r.y + r.h; y++)
		for (x = r.x; x < r.x + r.w; x++)
			p[y * canvas_stride(c) + x] = rnd() | 0xff000000u;
	canvas_set_opaque(c, 1);
}

/* ---- the rig: a fake device, settings and an open backend ---- */

struct rig {
	struct fakefb fk;
	struct panel_common common;
	struct fbdev_settings set;
	struct errbuf e;
	void *st;
	int bypp;
};

static void rig_init(struct rig *r, int xres, int yres, int yvirt, int pad,
		     int bpp, const int fields[8])
{
	memset(r, 0, sizeof(*r));
	r->bypp = bpp / 8;
	assert_int_equal(fakefb_init(&r->fk, DEV, xres, yres, yvirt,
				     xres * r->bypp + pad, bpp, fields),
			 0);
	assert_int_equal(cfgtab_defaults(fbdev_keys, &r->set, &r->e), 0);
	strcpy(r->set.device, DEV);
	r->common.brightness = 100;
	r->common.look = LOOK_LCD;
}

static void *rig_open(struct rig *r)
{
	r->st = panel_fbdev_ops.open(&r->common, &r->set, &r->e);
	if (!r->st)
		print_error("open: %s\n", r->e.msg);
	return r->st;
}

static void rig_fini(struct rig *r)
{
	panel_fbdev_ops.close(r->st);
	r->st = NULL;
	assert_int_equal(r->fk.open_fds, 0);
	assert_int_equal(r->fk.maps, 0);
	fakefb_fini(&r->fk);
}

static int rig_show(struct rig *r, const struct canvas *c, struct rect d)
{
	int rc = panel_fbdev_ops.show(r->st, c, d, &r->e);

	if (rc < 0)
		print_error("show: %s\n", r->e.msg);
	return rc;
}

static struct rect full(const struct canvas *c)
{
	return (struct rect){0, 0, canvas_width(c), canvas_height(c)};
}

/* Byte offset of screen buffer @i (0 = top, 1 = second page). */
static size_t page(const struct rig *r, int i)
{
	return (size_t)i * r->fk.var.yres * r->fk.fix.line_length;
}

/* Opens a 70x45 screen (crosses 32-pixel tiles) in @fields at @deg with
   @pad bytes of stride padding, shows a frame, checks every byte. */
static void format_case(int bpp, const int fields[8], int deg, int pad,
			int translucent)
{
	struct rig r;
	struct canvas *c;
	uint8_t *mem;

	rig_init(&r, 70, 45, 45, pad, bpp, fields);
	r.set.rotate = deg / 90;
	assert_non_null(rig_open(&r));
	assert_int_equal(r.common.width, deg % 180 ? 45 : 70);
	assert_int_equal(r.common.height, deg % 180 ? 70 : 45);
	c = random_frame(r.common.width, r.common.height, translucent);
	assert_int_equal(rig_show(&r, c, full(c)), 0);
	mem = fakefb_mem(&r.fk);
	assert_non_null(mem);
	assert_int_equal(check_screen(&r.fk, mem, 0, c, deg), 0);
	free(mem);
	canvas_destroy(c);
	rig_fini(&r);
}

static void test_every_format(void **state)
{
	static const struct {
		int bpp;
		const int *f;
	} fmts[] = {
		{16, F_RGB565},	  {16, F_BGR565},   {16, F_RGB555},
		{16, F_ARGB1555}, {24, F_RGB888},   {24, F_BGR888},
		{32, F_XRGB8888}, {32, F_XBGR8888}, {32, F_ARGB8888},
		{32, F_RGBA8888},
	};
	size_t i;
	int simd;

	/* with the widest vectors the CPU has, then the baseline ones */
	for (simd = 0; simd < 2; simd++) {
		if (simd)
			setenv("PIDS_NO_AVX2", "1", 1);
		for (i = 0; i < sizeof(fmts) / sizeof(fmts[0]); i++) {
			format_case(fmts[i].bpp, fmts[i].f, 0, 0, 0);
			format_case(fmts[i].bpp, fmts[i].f, 0, 24, 0);
			format_case(fmts[i].bpp, fmts[i].f, 90, 24, 0);
			format_case(fmts[i].bpp, fmts[i].f, 0, 8, 1);
		}
	}
	unsetenv("PIDS_NO_AVX2");
}

static void test_odd_stride(void **state)
{
	/* Rows not aligned to the pixel size take the byte path. */
	format_case(32, F_XRGB8888, 0, 3, 0);
	format_case(16, F_RGB565, 270, 1, 0);
	format_case(24, F_RGB888, 90, 7, 0);
	/* XRGB8888 turned: gathered straight into 4-aligned rows, through
	   the scratch tile otherwise */
	format_case(32, F_XRGB8888, 90, 2, 0);
	format_case(32, F_XRGB8888, 270, 6, 0);
}

static void test_every_rotation(void **state)
{
	static const int degs[] = {0, 90, 180, 270};
	size_t i;

	for (i = 0; i < 4; i++) {
		format_case(32, F_XRGB8888, degs[i], 16, 0);
		format_case(16, F_RGB565, degs[i], 6, 0);
		format_case(24, F_BGR888, degs[i], 3, 0);
		format_case(32, F_ARGB8888, degs[i], 0, 1);
	}
}

/* Golden bytes written by hand: a 3x2 frame on a 2x3 RGB565 screen turned
   90 degrees, stride 6 bytes (2 of padding). */
static void test_golden_rgb565_rot90(void **state)
{
	static const uint32_t px[6] = {
		ARGB(255, 255, 0, 0),	     ARGB(255, 0, 255, 0),
		ARGB(255, 0, 0, 255),	     ARGB(255, 255, 255, 255),
		ARGB(255, 0x84, 0x82, 0x08), ARGB(128, 255, 255, 255),
	};
	char path[512];
	uint8_t want[18], *mem;
	struct canvas *c;
	struct rig r;
	FILE *g;
	int i;

	snprintf(path, sizeof(path), "%s/tests/data/fb/rgb565-rot90.bin",
		 getenv("PIDS_SRCDIR") ? getenv("PIDS_SRCDIR") : ".");
	g = fopen(path, "rb");
	assert_non_null(g);
	assert_int_equal(fread(want, 1, sizeof(want), g), sizeof(want));
	fclose(g);
	rig_init(&r, 2, 3, 3, 2, 16, F_RGB565);
	r.set.rotate = 1;
	assert_non_null(rig_open(&r));
	c = canvas_create(3, 2, NULL);
	for (i = 0; i < 6; i++)
		canvas_pixels(c)[(i / 3) * canvas_stride(c) + i % 3] = px[i];
	assert_int_equal(rig_show(&r, c, full(c)), 0);
	mem = fakefb_mem(&r.fk);
	assert_memory_equal(mem, want, sizeof(want));
	free(mem);
	canvas_destroy(c);
	rig_fini(&r);
}

static void test_golden_xbgr8888_rot180(void **state)
{
	char path[512];
	uint8_t want[16], *mem;
	struct canvas *c;
	struct rig r;
	FILE *g;

	snprintf(path, sizeof(path), "%s/tests/data/fb/xbgr8888-rot180.bin",
		 getenv("PIDS_SRCDIR") ? getenv("PIDS_SRCDIR") : ".");
	g = fopen(path, "rb");
	assert_non_null(g);
	assert_int_equal(fread(want, 1, sizeof(want), g), sizeof(want));
	fclose(g);
	rig_init(&r, 2, 2, 2, 0, 32, F_XBGR8888);
	r.set.rotate = 2;
	assert_non_null(rig_open(&r));
	c = canvas_create(2, 2, NULL);
	canvas_pixels(c)[0] = ARGB(255, 0x11, 0x22, 0x33);
	canvas_pixels(c)[1] = ARGB(255, 0x44, 0x55, 0x66);
	canvas_pixels(c)[canvas_stride(c)] = ARGB(0, 0x77, 0x88, 0x99);
	canvas_pixels(c)[canvas_stride(c) + 1] = ARGB(51, 0xff, 0x80, 0x01);
	assert_int_equal(rig_show(&r, c, full(c)), 0);
	mem = fakefb_mem(&r.fk);
	assert_memory_equal(mem, want, sizeof(want));
	free(mem);
	canvas_destroy(c);
	rig_fini(&r);
}

/* ---- panning and damage ---- */

/* A copy of the memory; with @keep the previous copy is compared first:
   only the shown buffer may differ (the hidden one was not written). */
static uint8_t *snap(const struct rig *r)
{
	uint8_t *m = fakefb_mem(&r->fk);

	assert_non_null(m);
	return m;
}

static void test_pan_double_buffer(void **state)
{
	struct rect clock = {60, 2, 8, 5}, stop = {5, 30, 30, 10};
	size_t half;
	struct fbdev_stats st;
	struct canvas *c;
	uint8_t *m, *old;
	struct rig r;

	rig_init(&r, 70, 45, 90, 8, 32, F_XRGB8888);
	assert_non_null(rig_open(&r));
	half = page(&r, 1);
	fbdev_stats(r.st, &st);
	assert_int_equal(st.panning, 1);
	/* open shows the first page */
	assert_int_equal(r.fk.npan, 1);
	assert_int_equal(r.fk.pan_y[0], 0);

	/* frame 1 goes to page 1, page 0 stays as it was */
	c = random_frame(70, 45, 0);
	assert_int_equal(rig_show(&r, c, full(c)), 0);
	assert_int_equal(r.fk.npan, 2);
	assert_int_equal(r.fk.pan_y[1], 45);
	m = snap(&r);
	assert_int_equal(check_screen(&r.fk, m, half, c, 0), 0);
	assert_int_equal(m[0], 0xA5);
	assert_int_equal(m[half - 1], 0xA5);

	/* frame 2 (clock changed): page 0 still holds nothing of ours, so
	   the whole frame is written there */
	old = m;
	scribble(c, clock);
	assert_int_equal(rig_show(&r, c, clock), 0);
	assert_int_equal(r.fk.pan_y[2], 0);
	m = snap(&r);
	assert_int_equal(check_screen(&r.fk, m, 0, c, 0), 0);
	assert_memory_equal(m + half, old + half, half);
	fbdev_stats(r.st, &st);
	assert_int_equal(st.last_bytes, 70 * 45 * 4);
	free(old);

	/* frame 3 (stop changed): page 1 lags by the clock and the stop;
	   two rectangles, nothing else */
	old = m;
	scribble(c, stop);
	assert_int_equal(rig_show(&r, c, stop), 0);
	assert_int_equal(r.fk.pan_y[3], 45);
	m = snap(&r);
	assert_int_equal(check_screen(&r.fk, m, half, c, 0), 0);
	assert_memory_equal(m, old, half);
	fbdev_stats(r.st, &st);
	assert_int_equal(st.last_bytes, (8 * 5 + 30 * 10) * 4);
	free(old);

	/* frame 4 (stop again): page 0 lags by the stop only */
	old = m;
	scribble(c, stop);
	assert_int_equal(rig_show(&r, c, stop), 0);
	assert_int_equal(r.fk.pan_y[4], 0);
	m = snap(&r);
	assert_int_equal(check_screen(&r.fk, m, 0, c, 0), 0);
	assert_memory_equal(m + half, old + half, half);
	fbdev_stats(r.st, &st);
	assert_int_equal(st.last_bytes, 30 * 10 * 4);
	free(old);

	/* nothing changed: no write, no pan */
	assert_int_equal(rig_show(&r, c, (struct rect){0, 0, 0, 0}), 0);
	assert_int_equal(r.fk.npan, 5);
	fbdev_stats(r.st, &st);
	assert_int_equal(st.last_bytes, 0);
	assert_int_equal(st.pans, 4);
	free(m);
	canvas_destroy(c);
	rig_fini(&r);
}

/* Random damage, rotated, panning: after every show the page on the glass
   is exactly the frame and the hidden page was not touched. */
static void pan_random_case(int deg, int bpp, const int *fields)
{
	struct canvas *c;
	uint8_t *m, *old;
	struct rig r;
	size_t half;
	int i, shown;

	rig_init(&r, 50, 40, 80, 4, bpp, fields);
	r.set.rotate = deg / 90;
	assert_non_null(rig_open(&r));
	half = page(&r, 1);
	c = random_frame(r.common.width, r.common.height, 0);
	assert_int_equal(rig_show(&r, c, full(c)), 0);
	old = snap(&r);
	for (i = 0; i < 40; i++) {
		struct rect d = {(int)(rnd() % r.common.width),
				 (int)(rnd() % r.common.height), 0, 0};

		d.w = 1 + rnd() % (r.common.width - d.x);
		d.h = 1 + rnd() % (r.common.height - d.y);
		if (i % 7 == 3)
			d.w = d.h = 0;
		scribble(c, d);
		assert_int_equal(rig_show(&r, c, d), 0);
		shown = r.fk.var.yoffset / 40;
		m = snap(&r);
		assert_int_equal(
			check_screen(&r.fk, m, page(&r, shown), c, deg), 0);
		/* the other page is as it was before this show */
		assert_memory_equal(m + page(&r, !shown),
				    old + page(&r, !shown), half);
		free(old);
		old = m;
	}
	free(old);
	canvas_destroy(c);
	rig_fini(&r);
}

static void test_pan_random_damage(void **state)
{
	pan_random_case(0, 32, F_XRGB8888);
	pan_random_case(90, 16, F_RGB565);
	pan_random_case(180, 24, F_RGB888);
	pan_random_case(270, 32, F_XBGR8888);
}

/* pan = no, and pan = auto without room: straight into the visible page;
   damage-only: bytes outside the damage keep the old frame even where the
   canvas changed (a lie the backend must not "fix"). */
static void direct_case(int pan, int yvirt, int deg)
{
	struct rect d = {3, 4, 20, 9};
	struct canvas *a, *b;
	struct fbdev_stats st;
	uint8_t *m, *ma;
	struct rig r;
	int x, y;

	rig_init(&r, 40, 30, yvirt, 12, 16, F_RGB565);
	r.set.pan = pan;
	r.set.rotate = deg / 90;
	assert_non_null(rig_open(&r));
	fbdev_stats(r.st, &st);
	assert_int_equal(st.panning, 0);
	a = random_frame(r.common.width, r.common.height, 0);
	assert_int_equal(rig_show(&r, a, full(a)), 0);
	ma = snap(&r);
	assert_int_equal(check_screen(&r.fk, ma, 0, a, deg), 0);
	b = random_frame(r.common.width, r.common.height, 0);
	assert_int_equal(rig_show(&r, b, d), 0);
	m = snap(&r);
	/* expected: a outside d, b inside */
	for (y = d.y; y < d.y + d.h; y++)
		for (x = d.x; x < d.x + d.w; x++)
			canvas_pixels(a)[y * canvas_stride(a) + x] =
				canvas_pixels_const(
					b)[y * canvas_stride(b) + x];
	canvas_set_opaque(a, 1);
	assert_int_equal(check_screen(&r.fk, m, 0, a, deg), 0);
	if (yvirt >= 60) /* the second page is never touched */
		assert_memory_equal(m + page(&r, 1), ma + page(&r, 1),
				    page(&r, 1));
	fbdev_stats(r.st, &st);
	assert_int_equal(st.last_bytes, 20 * 9 * 2);
	assert_int_equal(r.fk.npan, 0);
	free(m);
	free(ma);
	canvas_destroy(a);
	canvas_destroy(b);
	rig_fini(&r);
}

static void test_direct_damage_only(void **state)
{
	direct_case(FBDEV_PAN_NO, 60, 0);
	direct_case(FBDEV_PAN_NO, 60, 90);
	direct_case(FBDEV_PAN_AUTO, 30, 180);
	direct_case(FBDEV_PAN_AUTO, 45, 270);
}

/* Not panning, with the display panned to the second page by someone
   else: frames go where the glass shows. */
static void test_direct_follows_yoffset(void **state)
{
	struct canvas *c;
	uint8_t *m;
	struct rig r;

	rig_init(&r, 20, 10, 20, 0, 32, F_XRGB8888);
	r.fk.var.yoffset = 10;
	r.set.pan = FBDEV_PAN_NO;
	assert_non_null(rig_open(&r));
	c = random_frame(20, 10, 0);
	assert_int_equal(rig_show(&r, c, full(c)), 0);
	m = snap(&r);
	assert_int_equal(check_screen(&r.fk, m, page(&r, 1), c, 0), 0);
	assert_int_equal(m[0], 0xA5);
	free(m);
	canvas_destroy(c);
	rig_fini(&r);
}

static void test_pan_yes_asks_for_room(void **state)
{
	struct fbdev_stats st;
	struct canvas *c;
	uint8_t *m;
	struct rig r;

	/* the driver grows the virtual screen */
	rig_init(&r, 20, 10, 10, 0, 32, F_XRGB8888);
	r.fk.put_var_ok = 1;
	r.set.pan = FBDEV_PAN_YES;
	assert_non_null(rig_open(&r));
	assert_int_equal(r.fk.var.yres_virtual, 20);
	fbdev_stats(r.st, &st);
	assert_int_equal(st.panning, 1);
	c = random_frame(20, 10, 0);
	assert_int_equal(rig_show(&r, c, full(c)), 0);
	assert_int_equal(r.fk.pan_y[r.fk.npan - 1], 10);
	m = snap(&r);
	assert_int_equal(check_screen(&r.fk, m, page(&r, 1), c, 0), 0);
	free(m);
	canvas_destroy(c);
	rig_fini(&r);

	/* the driver refuses: direct copies, no error */
	rig_init(&r, 20, 10, 10, 0, 32, F_XRGB8888);
	r.set.pan = FBDEV_PAN_YES;
	assert_non_null(rig_open(&r));
	fbdev_stats(r.st, &st);
	assert_int_equal(st.panning, 0);
	rig_fini(&r);

	/* room, but the driver cannot pan (EINVAL): direct copies where
	   the display shows now (the second page) */
	rig_init(&r, 20, 10, 20, 0, 32, F_XRGB8888);
	r.fk.err_pan = EINVAL;
	r.fk.var.yoffset = 10;
	assert_non_null(rig_open(&r));
	fbdev_stats(r.st, &st);
	assert_int_equal(st.panning, 0);
	c = random_frame(20, 10, 0);
	assert_int_equal(rig_show(&r, c, full(c)), 0);
	assert_int_equal(rig_show(&r, c, full(c)), 0);
	m = snap(&r);
	assert_int_equal(check_screen(&r.fk, m, page(&r, 1), c, 0), 0);
	free(m);
	canvas_destroy(c);
	rig_fini(&r);
}

/* ---- failures ---- */

static void test_missing_device(void **state)
{
	struct rig r;

	rig_init(&r, 20, 10, 10, 0, 32, F_XRGB8888);
	r.fk.present = 0;
	assert_null(panel_fbdev_ops.open(&r.common, &r.set, &r.e));
	assert_string_equal(r.e.msg, "/dev/fb1: no such device");
	r.fk.present = 1;
	r.fk.err_open = EACCES;
	assert_null(panel_fbdev_ops.open(&r.common, &r.set, &r.e));
	assert_non_null(strstr(r.e.msg, "/dev/fb1: permission denied"));
	r.fk.err_open = 0;
	r.fk.err_get_fix = EIO;
	assert_null(panel_fbdev_ops.open(&r.common, &r.set, &r.e));
	assert_non_null(strstr(r.e.msg, "/dev/fb1: screen info: "));
	r.fk.err_get_fix = 0;
	r.fk.err_mmap = ENOMEM;
	assert_null(panel_fbdev_ops.open(&r.common, &r.set, &r.e));
	assert_non_null(strstr(r.e.msg, "/dev/fb1: mmap: "));
	r.fk.err_mmap = 0;
	r.fk.err_blank = ENODEV;
	assert_null(panel_fbdev_ops.open(&r.common, &r.set, &r.e));
	assert_string_equal(r.e.msg, "/dev/fb1: no such device");
	r.fk.err_blank = EINVAL; /* no FBIOBLANK: fine */
	assert_non_null(rig_open(&r));
	rig_fini(&r);
}

static void test_bad_modes(void **state)
{
	static const int f8[8] = {0, 8, 0, 8, 0, 8, 0, 0};
	static const int f_long[8] = {20, 10, 10, 10, 0, 10, 0, 0};
	struct rig r;

	rig_init(&r, 20, 10, 10, 0, 8, f8);
	r.fk.fix.visual = FB_VISUAL_PSEUDOCOLOR;
	assert_null(panel_fbdev_ops.open(&r.common, &r.set, &r.e));
	assert_non_null(strstr(r.e.msg, "/dev/fb1: 8 bpp"));
	rig_fini(&r);

	rig_init(&r, 20, 10, 10, 0, 32, f_long); /* 10-bit channels */
	assert_null(panel_fbdev_ops.open(&r.common, &r.set, &r.e));
	assert_non_null(strstr(r.e.msg, "/dev/fb1: "));
	rig_fini(&r);

	rig_init(&r, 20, 10, 10, 0, 32, F_XRGB8888);
	r.fk.fix.smem_len = 20 * 4 * 9; /* a row short */
	assert_null(panel_fbdev_ops.open(&r.common, &r.set, &r.e));
	assert_non_null(strstr(r.e.msg, "too few"));
	r.fk.fix.smem_len = 20 * 4 * 10;
	r.fk.fix.line_length = 20 * 4 - 4; /* shorter than a row */
	assert_null(panel_fbdev_ops.open(&r.common, &r.set, &r.e));
	r.fk.fix.line_length = 20 * 4;
	/* the config's size must match the rotated screen */
	r.set.rotate = 1;
	r.common.width = 20;
	r.common.height = 10;
	assert_null(panel_fbdev_ops.open(&r.common, &r.set, &r.e));
	assert_string_equal(r.e.msg, "/dev/fb1: the screen is 10x20 at "
				     "rotation 90, the config says 20x10");
	r.common.width = 10;
	r.common.height = 20;
	assert_non_null(rig_open(&r));
	rig_fini(&r);
}

static void test_vanished_device(void **state)
{
	struct canvas *c, *small;
	struct rig r;

	rig_init(&r, 20, 10, 20, 0, 32, F_XRGB8888);
	assert_non_null(rig_open(&r));
	c = random_frame(20, 10, 0);
	assert_int_equal(rig_show(&r, c, full(c)), 0);
	r.fk.err_get_var = ENODEV;
	assert_int_equal(panel_fbdev_ops.show(r.st, c, full(c), &r.e), -1);
	assert_string_equal(r.e.msg, "/dev/fb1: no such device");
	r.fk.err_get_var = EIO;
	assert_int_equal(panel_fbdev_ops.show(r.st, c, full(c), &r.e), -1);
	assert_non_null(strstr(r.e.msg, "/dev/fb1: FBIOGET_VSCREENINFO: "));
	r.fk.err_get_var = 0;
	r.fk.err_pan = EIO;
	assert_int_equal(panel_fbdev_ops.show(r.st, c, full(c), &r.e), -1);
	assert_non_null(strstr(r.e.msg, "/dev/fb1: FBIOPAN_DISPLAY: "));
	r.fk.err_pan = 0;
	/* someone changed the mode under us */
	r.fk.var.bits_per_pixel = 16;
	assert_int_equal(panel_fbdev_ops.show(r.st, c, full(c), &r.e), -1);
	assert_string_equal(r.e.msg,
			    "/dev/fb1: mode changed to 20x10 at 16 bpp");
	r.fk.var.bits_per_pixel = 32;
	/* someone else panned the display */
	r.fk.var.yoffset = 0;
	assert_int_equal(panel_fbdev_ops.show(r.st, c, full(c), &r.e), -1);
	assert_string_equal(r.e.msg, "/dev/fb1: the display was panned to "
				     "(0, 0) by someone else");
	r.fk.var.yoffset = 10;
	small = random_frame(10, 10, 0);
	assert_int_equal(panel_fbdev_ops.show(r.st, small, full(small), &r.e),
			 -1);
	assert_string_equal(r.e.msg,
			    "/dev/fb1: frame is 10x10, the screen 20x10");
	assert_int_equal(rig_show(&r, c, full(c)), 0);
	canvas_destroy(small);
	canvas_destroy(c);
	rig_fini(&r);
}

static void test_vsync(void **state)
{
	struct fbdev_stats st;
	struct canvas *c;
	struct rig r;
	int i;

	/* default: never asked */
	rig_init(&r, 20, 10, 10, 0, 32, F_XRGB8888);
	assert_non_null(rig_open(&r));
	c = random_frame(20, 10, 0);
	for (i = 0; i < 3; i++)
		assert_int_equal(rig_show(&r, c, full(c)), 0);
	assert_int_equal(r.fk.vsync_calls, 0);
	rig_fini(&r);

	/* supported: once per frame that writes */
	rig_init(&r, 20, 10, 10, 0, 32, F_XRGB8888);
	r.set.vsync = 1;
	assert_non_null(rig_open(&r));
	for (i = 0; i < 3; i++)
		assert_int_equal(rig_show(&r, c, full(c)), 0);
	assert_int_equal(rig_show(&r, c, (struct rect){0}), 0);
	assert_int_equal(r.fk.vsync_calls, 3);
	fbdev_stats(r.st, &st);
	assert_int_equal(st.vsync_waits, 3);
	rig_fini(&r);

	/* unsupported (ENOTTY): asked once, no error, never again */
	rig_init(&r, 20, 10, 10, 0, 32, F_XRGB8888);
	r.set.vsync = 1;
	r.fk.err_vsync = ENOTTY;
	assert_non_null(rig_open(&r));
	for (i = 0; i < 3; i++)
		assert_int_equal(rig_show(&r, c, full(c)), 0);
	assert_int_equal(r.fk.vsync_calls, 1);
	fbdev_stats(r.st, &st);
	assert_int_equal(st.vsync_supported, 0);
	rig_fini(&r);

	/* the device vanished while waiting */
	rig_init(&r, 20, 10, 10, 0, 32, F_XRGB8888);
	r.set.vsync = 1;
	r.fk.err_vsync = ENODEV;
	assert_non_null(rig_open(&r));
	assert_int_equal(panel_fbdev_ops.show(r.st, c, full(c), &r.e), -1);
	assert_string_equal(r.e.msg, "/dev/fb1: no such device");
	rig_fini(&r);
	canvas_destroy(c);
}

static void test_blank(void **state)
{
	struct fbdev_stats st;
	struct rig r;

	rig_init(&r, 20, 10, 10, 0, 32, F_XRGB8888);
	assert_non_null(rig_open(&r));
	assert_int_equal(r.fk.nblank, 1);
	assert_int_equal(r.fk.blank_mode[0], FB_BLANK_UNBLANK);
	assert_int_equal(fbdev_set_blank(r.st, 1, &r.e), 0);
	assert_int_equal(r.fk.blank_mode[1], FB_BLANK_POWERDOWN);
	fbdev_stats(r.st, &st);
	assert_int_equal(st.blanked, 1);
	assert_int_equal(fbdev_set_blank(r.st, 0, &r.e), 0);
	assert_int_equal(r.fk.blank_mode[2], FB_BLANK_UNBLANK);
	r.fk.err_blank = EIO;
	assert_int_equal(fbdev_set_blank(r.st, 1, &r.e), -1);
	assert_non_null(strstr(r.e.msg, "/dev/fb1: FBIOBLANK: "));
	r.fk.err_blank = 0;
	panel_fbdev_ops.close(r.st);
	r.st = NULL;
	assert_int_equal(r.fk.nblank, 4);
	assert_int_equal(r.fk.blank_mode[3], FB_BLANK_POWERDOWN);
	rig_fini(&r);

	rig_init(&r, 20, 10, 10, 0, 32, F_XRGB8888);
	r.set.blank_on_stop = 0;
	assert_non_null(rig_open(&r));
	panel_fbdev_ops.close(r.st);
	r.st = NULL;
	assert_int_equal(r.fk.nblank, 1);
	rig_fini(&r);
}

static void write_file(const char *path, const char *s)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(s, f);
	fclose(f);
}

static int read_int(const char *path)
{
	char buf[32] = "";
	FILE *f = fopen(path, "r");

	assert_non_null(f);
	assert_non_null(fgets(buf, sizeof(buf), f));
	fclose(f);
	return atoi(buf);
}

static void test_backlight(void **state)
{
	char dir[] = "/tmp/fbdev-bl.XXXXXX", p[64], q[64];
	struct rig r;

	assert_non_null(mkdtemp(dir));
	snprintf(p, sizeof(p), "%s/max_brightness", dir);
	write_file(p, "255\n");
	snprintf(q, sizeof(q), "%s/brightness", dir);
	write_file(q, "7\n");

	rig_init(&r, 20, 10, 10, 0, 32, F_XRGB8888);
	strcpy(r.set.backlight, dir);
	r.common.brightness = 50;
	assert_non_null(rig_open(&r));
	assert_int_equal(read_int(q), 128);
	assert_int_equal(panel_fbdev_ops.set_brightness(r.st, 1), 0);
	assert_int_equal(read_int(q), 3);
	assert_int_equal(panel_fbdev_ops.set_brightness(r.st, 100), 0);
	assert_int_equal(read_int(q), 255);
	assert_int_equal(fbdev_set_blank(r.st, 1, &r.e), 0);
	assert_int_equal(read_int(q), 0);
	/* dimming while dark takes effect when the screen comes back */
	assert_int_equal(panel_fbdev_ops.set_brightness(r.st, 20), 0);
	assert_int_equal(read_int(q), 0);
	assert_int_equal(fbdev_set_blank(r.st, 0, &r.e), 0);
	assert_int_equal(read_int(q), 51);
	panel_fbdev_ops.close(r.st); /* blank-on-stop: backlight off */
	r.st = NULL;
	assert_int_equal(read_int(q), 0);
	rig_fini(&r);

	/* a missing backlight does not stop the picture */
	rig_init(&r, 20, 10, 10, 0, 32, F_XRGB8888);
	strcpy(r.set.backlight, "no-such-backlight-here");
	assert_non_null(rig_open(&r));
	assert_int_equal(panel_fbdev_ops.set_brightness(r.st, 50), -1);
	rig_fini(&r);

	unlink(p);
	unlink(q);
	rmdir(dir);
}

static void test_keys_and_status(void **state)
{
	struct fbdev_settings s;
	struct panel_common common = {.look = LOOK_LCD};
	struct panel_status st;
	struct errbuf e;
	struct rig r;
	int i;

	assert_int_equal(cfgtab_defaults(fbdev_keys, &s, &e), 0);
	assert_string_equal(s.device, "/dev/fb0");
	assert_int_equal(s.rotate, 0);
	assert_int_equal(s.pan, FBDEV_PAN_AUTO);
	assert_int_equal(s.vsync, 0);
	assert_int_equal(s.blank_on_stop, 1);
	assert_string_equal(s.backlight, "");
	assert_int_equal(
		cfgtab_set(cfgtab_find(fbdev_keys, "rotate"), &s, "270", &e),
		0);
	assert_int_equal(s.rotate, 3);
	assert_int_equal(
		cfgtab_set(cfgtab_find(fbdev_keys, "rotate"), &s, "45", &e),
		-1);
	assert_int_equal(
		cfgtab_set(cfgtab_find(fbdev_keys, "pan"), &s, "no", &e), 0);
	assert_int_equal(s.pan, FBDEV_PAN_NO);
	assert_int_equal(panel_fbdev_ops.validate(&common, &s, &e), 0);
	strcpy(s.device, "fb0");
	assert_int_equal(panel_fbdev_ops.validate(&common, &s, &e), -1);
	assert_string_equal(e.msg, "device: 'fb0' is not a path like /dev/fb0");
	assert_string_equal(panel_fbdev_ops.type, "fbdev");
	assert_ptr_equal(panel_backend_find("fbdev"), &panel_fbdev_ops);
	for (i = 0; panel_backends[i]; i++)
		if (panel_backends[i] == &panel_fbdev_ops)
			assert_string_equal(panel_type_names[i], "fbdev");
	assert_int_equal(panel_fbdev_ops.settings_size, sizeof(s));

	rig_init(&r, 20, 10, 20, 0, 16, F_RGB565);
	r.set.rotate = 2;
	assert_non_null(rig_open(&r));
	panel_fbdev_ops.status(r.st, &st);
	assert_int_equal(st.ok, 1);
	assert_string_equal(
		st.detail, "/dev/fb1 20x10 RGB565 rot 180 pan, 0 B last frame");
	rig_fini(&r);
}

static void test_rotate_rect(void **state)
{
	struct rect r = {2, 3, 4, 5}, p;
	int pw, ph;

	/* a 10x8 frame: corners of r must land where ref_place puts them */
	static const int degs[] = {0, 90, 180, 270};
	int i, x0, y0, x1, y1;

	for (i = 0; i < 4; i++) {
		p = rotate_rect(degs[i], 10, 8, r);
		ref_place(degs[i], 10, 8, r.x, r.y, &x0, &y0);
		ref_place(degs[i], 10, 8, r.x + r.w - 1, r.y + r.h - 1, &x1,
			  &y1);
		assert_int_equal(p.x, x0 < x1 ? x0 : x1);
		assert_int_equal(p.y, y0 < y1 ? y0 : y1);
		assert_int_equal(p.w, abs(x1 - x0) + 1);
		assert_int_equal(p.h, abs(y1 - y0) + 1);
		rotate_size(degs[i], 10, 8, &pw, &ph);
		assert_int_equal(pw, degs[i] % 180 ? 8 : 10);
		assert_int_equal(ph, degs[i] % 180 ? 10 : 8);
	}
	assert_null(rotate_create(&PIXFMT_RGB565, 45, NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_format),
		cmocka_unit_test(test_odd_stride),
		cmocka_unit_test(test_every_rotation),
		cmocka_unit_test(test_golden_rgb565_rot90),
		cmocka_unit_test(test_golden_xbgr8888_rot180),
		cmocka_unit_test(test_pan_double_buffer),
		cmocka_unit_test(test_pan_random_damage),
		cmocka_unit_test(test_direct_damage_only),
		cmocka_unit_test(test_direct_follows_yoffset),
		cmocka_unit_test(test_pan_yes_asks_for_room),
		cmocka_unit_test(test_missing_device),
		cmocka_unit_test(test_bad_modes),
		cmocka_unit_test(test_vanished_device),
		cmocka_unit_test(test_vsync),
		cmocka_unit_test(test_blank),
		cmocka_unit_test(test_backlight),
		cmocka_unit_test(test_keys_and_status),
		cmocka_unit_test(test_rotate_rect),
	};

	log_init(LOG_LVL_WARNING);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
