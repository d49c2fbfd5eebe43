/*
 * fbbench: what the fbdev backend costs, side by side with memcpy.
 *
 * 1. Full-frame convert-and-copy of a 1920x540 frame through show() into
 *    XRGB8888 and RGB565 video memory (a scripted device whose memory is a
 *    shared file mapping, as in test_fbdev), against memcpy of the same
 *    number of bytes into the same memory; median of interleaved runs.
 *    The same at rotation 90.
 * 2. Bytes written per frame for a typical stretch of the interior scene
 *    (first frame, clock minute, next stop, stop requested, heritage slide
 *    in and out), with damage from canvas_diff() as the daemon computes
 *    it, double-buffered by panning and direct, against full frames.
 *
 * Prints "BENCH <name> <value> <unit> [peer=<v> ratio=<r> (<how>)]" lines.
 * Usage: fbbench [iterations]
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../unit/fakefb.h"
#include "panel/fbdev.h"
#include "render/canvas.h"
#include "util/log.h"

#define W 1920
#define H 540

static const int F_XRGB8888[8] = {16, 8, 8, 8, 0, 8, 0, 0};
static const int F_RGB565[8] = {11, 5, 5, 6, 0, 5, 0, 0};

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return v[n / 2];
}

static void die(const char *what, const char *msg)
{
	fprintf(stderr, "fbbench: %s: %s\n", what, msg);
	exit(1);
}

/* Opens a fake W x H screen (physical) in @fields at @deg, @pan. */
static void *open_fb(struct fakefb *fk, struct panel_common *common, int bpp,
		     const int fields[8], int deg, int pan)
{
	struct fbdev_settings s;
	struct errbuf e;
	void *st;

	if (fakefb_init(fk, "/dev/fb0", W, H, 2 * H, W * bpp / 8, bpp, fields) <
	    0)
		die("fake framebuffer", "cannot create");
	memset(common, 0, sizeof(*common));
	common->brightness = 100;
	if (cfgtab_defaults(fbdev_keys, &s, &e) < 0)
		die("defaults", e.msg);
	s.rotate = deg / 90;
	s.pan = pan;
	st = panel_fbdev_ops.open(common, &s, &e);
	if (!st)
		die("open", e.msg);
	return st;
}

/* A frame of pseudo-random opaque pixels (not compressible by luck). */
static struct canvas *noise_frame(int w, int h)
{
	struct canvas *c = canvas_create(w, h, NULL);
	uint32_t x = 2463534242u, *p;
	int i, j;

	if (!c)
		die("canvas", "out of memory");
	p = canvas_pixels(c);
	for (j = 0; j < h; j++)
		for (i = 0; i < w; i++) {
			x ^= x << 13;
			x ^= x >> 17;
			x ^= x << 5;
			p[(size_t)j * canvas_stride(c) + i] = x | 0xff000000u;
		}
	canvas_set_opaque(c, 1);
	return c;
}

/* show() of full frames vs memcpy of the same bytes into the same memory. */
static void bench_copy(const char *name, int bpp, const int fields[8], int deg,
		       int iters, double goal)
{
	struct panel_common common;
	struct fakefb fk;
	struct canvas *c;
	struct errbuf e;
	double *ours = calloc(iters, sizeof(double));
	double *peer = calloc(iters, sizeof(double));
	size_t bytes = (size_t)W * H * bpp / 8;
	uint8_t *mem;
	void *st;
	int i;

	st = open_fb(&fk, &common, bpp, fields, deg, FBDEV_PAN_NO);
	c = noise_frame(common.width, common.height);
	mem = mmap(NULL, fk.fix.smem_len, PROT_READ | PROT_WRITE, MAP_SHARED,
		   fk.memfd, 0);
	if (!ours || !peer || mem == MAP_FAILED)
		die(name, "out of memory");
	for (i = -3; i < iters; i++) { /* 3 warm-up rounds */
		double t0 = now_ms(), t1, t2;

		if (panel_fbdev_ops.show(
			    st, c,
			    (struct rect){0, 0, common.width, common.height},
			    &e) < 0)
			die(name, e.msg);
		t1 = now_ms();
		memcpy(mem, canvas_pixels_const(c), bytes);
		t2 = now_ms();
		if (i >= 0) {
			ours[i] = t1 - t0;
			peer[i] = t2 - t1;
		}
	}
	{
		double o = median(ours, iters), p = median(peer, iters);

		printf("BENCH %s %.3f ms peer=%.3f ratio=%.2f (ours/memcpy of "
		       "%zu bytes, median of %d",
		       name, o, p, o / p, bytes, iters);
		if (goal > 0)
			printf(", goal <= %g)\n", goal);
		else
			printf(")\n");
	}
	munmap(mem, fk.fix.smem_len);
	panel_fbdev_ops.close(st);
	fakefb_fini(&fk);
	canvas_destroy(c);
	free(ours);
	free(peer);
}

/* ---- a synthetic interior scene: blocks where the text would be ---- */

struct scene {
	int minute; /* clock */
	int stop; /* next stop index */
	int requested;
	int slide; /* heritage slide instead of the stop page */
};

/* Seven-segment digit @d at (@x, @y), 40x64. */
static void digit(struct canvas *c, int x, int y, int d, uint32_t col)
{
	static const uint8_t seg[10] = {0x3f, 0x06, 0x5b, 0x4f, 0x66,
					0x6d, 0x7d, 0x07, 0x7f, 0x6f};
	static const struct rect r[7] = {
		{6, 0, 28, 6},	{34, 4, 6, 28}, {34, 34, 6, 28}, {6, 58, 28, 6},
		{0, 34, 6, 28}, {0, 4, 6, 28},	{6, 29, 28, 6},
	};
	int i;

	for (i = 0; i < 7; i++)
		if (seg[d] >> i & 1)
			canvas_fill(c,
				    (struct rect){x + r[i].x, y + r[i].y,
						  r[i].w, r[i].h},
				    col);
}

/* A "word" of glyph-sized blocks whose pattern depends on @seed. */
static void words(struct canvas *c, int x, int y, int n, int size,
		  unsigned seed, uint32_t col)
{
	int i, k;

	for (i = 0; i < n; i++, x += size) {
		seed = seed * 1103515245u + 12345u;
		for (k = 0; k < 4; k++)
			canvas_fill(c,
				    (struct rect){
					    x + (int)(seed >> (8 + k * 3) & 7) *
							    size / 10,
					    y + k * size / 4, size * 6 / 10,
					    size / 8},
				    col);
	}
}

static void draw_scene(struct canvas *c, const struct scene *s)
{
	const uint32_t bg = ARGB(255, 16, 24, 40),
		       gold = ARGB(255, 230, 180, 60),
		       white = ARGB(255, 240, 240, 240);
	int i, x;

	canvas_clip_reset(c);
	canvas_clear(c, bg);
	/* header: route, destination, clock */
	canvas_fill(c, (struct rect){0, 0, W, 96}, ARGB(255, 150, 20, 30));
	words(c, 24, 16, 3, 64, 45, white);
	words(c, 260, 24, 6, 48, 777, white);
	digit(c, 1680, 16, s->minute / 600 % 10, white);
	digit(c, 1730, 16, s->minute / 60 % 10, white);
	canvas_fill(c, (struct rect){1778, 36, 6, 6}, white);
	canvas_fill(c, (struct rect){1778, 60, 6, 6}, white);
	digit(c, 1792, 16, s->minute % 60 / 10, white);
	digit(c, 1842, 16, s->minute % 10, white);
	if (s->slide) {
		/* artwork 540x444 and a two-line caption */
		for (i = 0; i < 40; i++)
			canvas_fill(
				c,
				(struct rect){40 + i * 11 % 400,
					      110 + i * 7 % 300, 90, 90},
				ARGB(255, 200 - i * 3, 150 + i, 60 + i * 2));
		words(c, 640, 180, 30, 36, 1000 + s->slide, gold);
		words(c, 640, 240, 28, 36, 2000 + s->slide, white);
		return;
	}
	/* next stop, large and bilingual */
	words(c, 80, 140, 5, 128, 100 + s->stop, white);
	words(c, 80, 300, 14, 56, 200 + s->stop, gold);
	if (s->requested)
		canvas_fill(c, (struct rect){1500, 150, 360, 90},
			    ARGB(255, 200, 30, 30));
	/* the line: 16 stops, passed ones dimmed, the bus at s->stop */
	canvas_fill(c, (struct rect){60, 452, 1800, 8}, gold);
	for (i = 0; i < 16; i++) {
		x = 60 + i * 120;
		canvas_fill(c, (struct rect){x - 10, 446, 20, 20},
			    i < s->stop ? ARGB(255, 90, 90, 90) : white);
	}
	canvas_fill(c, (struct rect){60 + s->stop * 120 - 16, 440, 32, 32},
		    gold);
}

/* Shows @frame with damage = what differs from @prev (the whole frame on
   the first call); returns the bytes written. */
static size_t show_diff(void *st, struct canvas *frame, struct canvas *prev,
			int first)
{
	struct fbdev_stats fs;
	struct errbuf e;
	struct rect d =
		first ? (struct rect){0, 0, W, H} : canvas_diff(prev, frame);

	if (panel_fbdev_ops.show(st, frame, d, &e) < 0)
		die("show", e.msg);
	canvas_copy(prev, frame);
	fbdev_stats(st, &fs);
	return fs.last_bytes;
}

static void bench_damage(const char *mode, int pan)
{
	static const struct {
		const char *name;
		struct scene s;
	} steps[] = {
		{"first", {8 * 60 + 41, 5, 0, 0}},
		{"clock_minute", {8 * 60 + 42, 5, 0, 0}},
		{"next_stop", {8 * 60 + 42, 6, 0, 0}},
		{"stop_requested", {8 * 60 + 42, 6, 1, 0}},
		{"clock_minute_2", {8 * 60 + 43, 6, 1, 0}},
		{"slide_in", {8 * 60 + 43, 6, 1, 1}},
		{"slide_clock", {8 * 60 + 44, 6, 1, 1}},
		{"slide_out", {8 * 60 + 44, 6, 1, 0}},
		{"next_stop_2", {8 * 60 + 44, 7, 0, 0}},
	};
	const size_t full = (size_t)W * H * 4;
	struct panel_common common;
	struct canvas *frame, *prev;
	struct fakefb fk;
	size_t n, total = 0, first2 = 0;
	void *st;
	size_t i;

	st = open_fb(&fk, &common, 32, F_XRGB8888, 0, pan);
	frame = canvas_create(W, H, NULL);
	prev = canvas_create(W, H, NULL);
	if (!frame || !prev)
		die("canvas", "out of memory");
	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		draw_scene(frame, &steps[i].s);
		n = show_diff(st, frame, prev, i == 0);
		total += n;
		if (i < 2)
			first2 += n;
		if (i == 0)
			continue;
		printf("BENCH fb_bytes_%s_%s %zu bytes peer=%zu ratio=%.4f "
		       "(ours/full XRGB8888 frame)\n",
		       mode, steps[i].name, n, full, (double)n / full);
	}
	/* Panning fills the second page on the second frame: count the
	   steady changes after that, in both modes alike. */
	total -= first2;
	i -= 2;
	printf("BENCH fb_bytes_%s_per_frame %zu bytes peer=%zu ratio=%.4f "
	       "(mean of the %zu changes after the first two frames; "
	       "ours/full frame)\n",
	       mode, total / i, full, (double)total / i / full, i);
	panel_fbdev_ops.close(st);
	fakefb_fini(&fk);
	canvas_destroy(frame);
	canvas_destroy(prev);
}

int main(int argc, char **argv)
{
	int iters = argc > 1 ? atoi(argv[1]) : 31;

	if (iters < 1)
		iters = 1;
	log_init(LOG_LVL_WARNING);
	bench_copy("fb_xrgb8888_copy", 32, F_XRGB8888, 0, iters, 2);
	bench_copy("fb_rgb565_copy", 16, F_RGB565, 0, iters, 4);
	bench_copy("fb_xrgb8888_rot90_copy", 32, F_XRGB8888, 90, iters, 0);
	bench_copy("fb_rgb565_rot90_copy", 16, F_RGB565, 90, iters, 0);
	/* RGB565 without the AVX2 path: the SSE2 baseline every x86-64
	   has (on arm the NEON code is the only one) */
	setenv("PIDS_NO_AVX2", "1", 1);
	bench_copy("fb_rgb565_copy_noavx2", 16, F_RGB565, 0, iters, 4);
	unsetenv("PIDS_NO_AVX2");
	bench_damage("pan", FBDEV_PAN_AUTO);
	bench_damage("direct", FBDEV_PAN_NO);
	return 0;
}
