/* Tests for render/canvas: sizes, clipping at every edge, exact source-over
   blending against a slow reference, blits (opacity, overlap, clipping),
   8-bit and 1-bit masks, diff rectangles and copies. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "render/canvas.h"

/* ---- slow references ---- */

/* Source over, straight alpha, in doubles; @a is the effective alpha. */
static uint32_t ref_over(uint32_t d, uint32_t s, unsigned a)
{
	double sa = a / 255.0, da = ARGB_A(d) / 255.0;
	double oa = sa + da * (1 - sa);
	double ch[3];
	int i;

	if (a == 0)
		return d;
	for (i = 0; i < 3; i++) {
		int sh = 16 - 8 * i;
		double sc = (s >> sh) & 0xff, dc = (d >> sh) & 0xff;

		ch[i] = (sc * sa + dc * da * (1 - sa)) / oa;
	}
	return ARGB((unsigned)(oa * 255 + 0.5), (unsigned)(ch[0] + 0.5),
		    (unsigned)(ch[1] + 0.5), (unsigned)(ch[2] + 0.5));
}

/* Each channel within @tol. */
static int near(uint32_t x, uint32_t y, int tol)
{
	int sh;

	for (sh = 0; sh < 32; sh += 8) {
		int d = (int)((x >> sh) & 0xff) - (int)((y >> sh) & 0xff);

		if (d > tol || d < -tol)
			return 0;
	}
	return 1;
}

static struct canvas *mk(int w, int h)
{
	struct errbuf e;
	struct canvas *c = canvas_create(w, h, &e);

	assert_non_null(c);
	return c;
}

static uint32_t px(struct canvas *c, int x, int y)
{
	return canvas_pixels_const(c)[(size_t)y * canvas_stride(c) + x];
}

/* Deterministic pseudo-random numbers (xorshift32). */
static uint32_t rng = 2463534242u;
static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

static void fill_random(struct canvas *c, int opaque)
{
	uint32_t *p = canvas_pixels(c);
	size_t i, n = (size_t)canvas_stride(c) * canvas_height(c);

	for (i = 0; i < n; i++)
		p[i] = rnd() | (opaque ? 0xff000000u : 0);
	/* Opaque canvases take the vector paths. */
	canvas_set_opaque(c, opaque);
}

/* ---- tests ---- */

static void test_create_sizes(void **state)
{
	struct errbuf e = {""};
	struct canvas *c;
	static const int bad[][2] = {{0, 1},	 {1, 0},     {-5, 10},
				     {16385, 1}, {1, 16385}, {10, -1}};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		e.msg[0] = 0;
		errno = 0;
		assert_null(canvas_create(bad[i][0], bad[i][1], &e));
		assert_int_equal(errno, EINVAL);
		assert_non_null(strstr(e.msg, "canvas"));
	}
	assert_null(canvas_create(0, 0, NULL)); /* NULL errbuf is fine */
	c = canvas_create(1, 1, &e);
	assert_non_null(c);
	assert_int_equal(canvas_width(c), 1);
	assert_int_equal(px(c, 0, 0), 0);
	canvas_destroy(c);
	c = canvas_create(16384, 2, &e);
	assert_non_null(c);
	assert_true(canvas_stride(c) >= 16384);
	assert_int_equal(px(c, 16383, 1), 0);
	canvas_destroy(c);
	canvas_destroy(NULL);
}

static void test_rects(void **state)
{
	struct rect r;

	r = rect_intersect((struct rect){0, 0, 10, 10},
			   (struct rect){5, -3, 10, 5});
	assert_int_equal(r.x, 5);
	assert_int_equal(r.y, 0);
	assert_int_equal(r.w, 5);
	assert_int_equal(r.h, 2);
	r = rect_intersect((struct rect){0, 0, 10, 10},
			   (struct rect){10, 0, 5, 5});
	assert_true(rect_empty(r));
	r = rect_intersect((struct rect){0, 0, 10, 10},
			   (struct rect){2, 2, -4, 5});
	assert_true(rect_empty(r));
	/* No overflow on huge rectangles. */
	r = rect_intersect((struct rect){0x7ffffff0, 0, 0x7fffffff, 1},
			   (struct rect){0, 0, 0x7fffffff, 1});
	assert_int_equal(r.x, 0x7ffffff0);
	assert_int_equal(r.w, 0x7fffffff - 0x7ffffff0);
	r = rect_union((struct rect){0, 0, 0, 0}, (struct rect){3, 4, 5, 6});
	assert_int_equal(r.x, 3);
	assert_int_equal(r.h, 6);
	r = rect_union((struct rect){-2, 1, 3, 3}, (struct rect){3, 4, 5, 6});
	assert_int_equal(r.x, -2);
	assert_int_equal(r.y, 1);
	assert_int_equal(r.w, 10);
	assert_int_equal(r.h, 9);
	assert_true(rect_empty(rect_union((struct rect){1, 1, 0, 5},
					  (struct rect){1, 1, 3, -1})));
}

/* Every pixel inside @in is @a, every other @b. */
static void check_rect(struct canvas *c, struct rect in, uint32_t a, uint32_t b)
{
	int x, y;

	for (y = 0; y < canvas_height(c); y++)
		for (x = 0; x < canvas_width(c); x++) {
			int inside = x >= in.x && x < in.x + in.w &&
				     y >= in.y && y < in.y + in.h;

			if (px(c, x, y) != (inside ? a : b))
				fail_msg("pixel %d,%d = %08x, want %08x", x, y,
					 px(c, x, y), inside ? a : b);
		}
}

static void test_clip_fill(void **state)
{
	struct canvas *c = mk(20, 10);
	struct rect clip;

	canvas_clear(c, 0xff000000);
	check_rect(c, (struct rect){0, 0, 20, 10}, 0xff000000, 0);
	/* Negative coordinates, partial overlap. */
	canvas_fill(c, (struct rect){-5, -5, 8, 7}, 0xffff0000);
	check_rect(c, (struct rect){0, 0, 3, 2}, 0xffff0000, 0xff000000);
	/* Entirely outside, on every side: nothing changes. */
	canvas_fill(c, (struct rect){20, 0, 5, 5}, 0xff00ff00);
	canvas_fill(c, (struct rect){0, 10, 5, 5}, 0xff00ff00);
	canvas_fill(c, (struct rect){-5, 0, 5, 5}, 0xff00ff00);
	canvas_fill(c, (struct rect){0, -5, 5, 5}, 0xff00ff00);
	canvas_fill(c, (struct rect){2, 2, 0, 5}, 0xff00ff00);
	check_rect(c, (struct rect){0, 0, 3, 2}, 0xffff0000, 0xff000000);

	/* A clip: fill and clear both honour it. */
	canvas_clear(c, 0xff000000);
	canvas_clip_set(c, (struct rect){4, 3, 100, 4});
	clip = canvas_clip(c);
	assert_int_equal(clip.x, 4);
	assert_int_equal(clip.w, 16);
	assert_int_equal(clip.h, 4);
	canvas_fill(c, (struct rect){0, 0, 6, 6}, 0xff0000ff);
	check_rect(c, (struct rect){4, 3, 2, 3}, 0xff0000ff, 0xff000000);
	canvas_clear(c, 0x80ffffff);
	check_rect(c, (struct rect){4, 3, 16, 4}, 0x80ffffff, 0xff000000);
	/* Empty clip: nothing at all. */
	canvas_clip_set(c, (struct rect){30, 30, 5, 5});
	assert_true(rect_empty(canvas_clip(c)));
	canvas_clear(c, 0xffffffff);
	canvas_fill(c, (struct rect){0, 0, 20, 10}, 0xffffffff);
	check_rect(c, (struct rect){4, 3, 16, 4}, 0x80ffffff, 0xff000000);
	canvas_clip_reset(c);
	canvas_clear(c, 0xff123456);
	check_rect(c, (struct rect){0, 0, 20, 10}, 0xff123456, 0);
	canvas_destroy(c);
}

static void test_blend_exact(void **state)
{
	struct canvas *c = mk(4, 1);
	uint32_t *p = canvas_pixels(c);

	p[0] = 0xff000000;
	p[1] = 0xff323232;
	p[2] = 0xffffffff;
	p[3] = 0x00000000;
	canvas_fill(c, (struct rect){0, 0, 4, 1}, ARGB(128, 255, 255, 255));
	/* 255 * 128 / 255 = 128 */
	assert_int_equal(px(c, 0, 0), 0xff808080);
	/* (255 * 128 + 50 * 127) / 255 = 152.9 -> 153 */
	assert_int_equal(px(c, 1, 0), 0xff999999);
	assert_int_equal(px(c, 2, 0), 0xffffffff);
	/* Onto transparent: the source colour with its alpha. */
	assert_int_equal(px(c, 3, 0), 0x80ffffff);

	p[0] = 0xff323232;
	canvas_fill(c, (struct rect){0, 0, 1, 1}, ARGB(100, 200, 0, 255));
	/* (200*100 + 50*155) / 255 = 108.8; 50*155/255 = 30.4;
	   (255*100 + 50*155)/255 = 130.4 */
	assert_int_equal(px(c, 0, 0), ARGB(255, 109, 30, 130));
	/* Alpha 0 leaves, alpha 255 replaces. */
	canvas_fill(c, (struct rect){0, 0, 4, 1}, ARGB(0, 1, 2, 3));
	assert_int_equal(px(c, 0, 0), ARGB(255, 109, 30, 130));
	canvas_fill(c, (struct rect){0, 0, 4, 1}, ARGB(255, 1, 2, 3));
	assert_int_equal(px(c, 3, 0), ARGB(255, 1, 2, 3));

	/* Half-transparent on half-transparent: oa = 128 + 128 * 127 / 255. */
	p = canvas_pixels(c);
	p[0] = ARGB(128, 0, 0, 0);
	canvas_fill(c, (struct rect){0, 0, 1, 1}, ARGB(128, 255, 0, 0));
	assert_int_equal(ARGB_A(px(c, 0, 0)), 192);
	/* red = 255 * 128 / 192 = 170 */
	assert_int_equal(ARGB_R(px(c, 0, 0)), 170);
	canvas_destroy(c);
}

/* Every (source, destination, alpha) on an opaque destination is the
   rounded exact value; on translucent ones within 1 of the reference. */
static void test_blend_exhaustive(void **state)
{
	struct canvas *c = mk(256, 256);
	unsigned a, s, x, y;
	uint32_t *p;

	for (a = 0; a < 256; a++) {
		s = (a * 97 + 13) & 0xff;
		p = canvas_pixels(c);
		for (y = 0; y < 256; y++)
			for (x = 0; x < 256; x++)
				p[y * 256 + x] = ARGB(255, x, y, 255 - x);
		/* Odd alphas through the vector path, even ones scalar. */
		canvas_set_opaque(c, a & 1);
		canvas_fill(c, (struct rect){0, 0, 256, 256},
			    ARGB(a, s, 255 - s, s ^ 0x5a));
		for (y = 0; y < 256; y++)
			for (x = 0; x < 256; x++) {
				uint32_t want = ARGB(
					255,
					(s * a + x * (255 - a) + 127) / 255,
					((255 - s) * a + y * (255 - a) + 127) /
						255,
					((s ^ 0x5a) * a +
					 (255 - x) * (255 - a) + 127) /
						255);

				if (px(c, x, y) != want)
					fail_msg("a=%u s=%u d=%u,%u: %08x want "
						 "%08x",
						 a, s, x, y, px(c, x, y), want);
			}
	}
	/* Translucent destinations. */
	for (a = 1; a < 255; a += 7) {
		p = canvas_pixels(c);
		for (y = 0; y < 256; y++)
			for (x = 0; x < 256; x++)
				p[y * 256 + x] = ARGB(y, x, 255 - x, x / 2);
		canvas_fill(c, (struct rect){0, 0, 256, 256},
			    ARGB(a, 200, 10, 99));
		for (y = 0; y < 256; y++)
			for (x = 0; x < 256; x++) {
				uint32_t d = ARGB(y, x, 255 - x, x / 2);
				uint32_t want =
					ref_over(d, ARGB(a, 200, 10, 99), a);

				if (!near(px(c, x, y), want, 1))
					fail_msg("a=%u d=%08x: %08x want %08x",
						 a, d, px(c, x, y), want);
			}
	}
	canvas_destroy(c);
}

/* Translucent fills on opaque canvases (the vector path, with its
   4-pixel blocks and tails) give the exact rounded value and agree with
   the scalar path. */
static void test_fill_translucent(void **state)
{
	struct canvas *c = mk(23, 7), *plain = mk(23, 7);
	uint32_t before[23 * 7];
	int iter;

	for (iter = 0; iter < 300; iter++) {
		struct rect r = {(int)(rnd() % 30) - 4, (int)(rnd() % 10) - 2,
				 (int)(rnd() % 30), (int)(rnd() % 10)};
		uint32_t col = rnd(), a = ARGB_A(col);
		int x, y;

		fill_random(c, 1);
		canvas_copy(plain, c);
		canvas_set_opaque(plain, 0);
		memcpy(before, canvas_pixels_const(c), sizeof(before));
		canvas_fill(c, r, col);
		canvas_fill(plain, r, col);
		assert_true(rect_empty(canvas_diff(c, plain)));
		assert_true(canvas_opaque(c));
		for (y = 0; y < 7; y++)
			for (x = 0; x < 23; x++) {
				uint32_t d = before[y * 23 + x], want = d;
				int in = x >= r.x && x < r.x + r.w &&
					 y >= r.y && y < r.y + r.h;

				if (in && a == 255)
					want = col;
				else if (in && a)
					want = ARGB(255,
						    (ARGB_R(col) * a +
						     ARGB_R(d) * (255 - a) +
						     127) / 255,
						    (ARGB_G(col) * a +
						     ARGB_G(d) * (255 - a) +
						     127) / 255,
						    (ARGB_B(col) * a +
						     ARGB_B(d) * (255 - a) +
						     127) / 255);
				if (px(c, x, y) != want)
					fail_msg("iter %d at %d,%d: %08x want "
						 "%08x",
						 iter, x, y, px(c, x, y), want);
			}
	}
	canvas_destroy(c);
	canvas_destroy(plain);
}

/* Reference blit: pixel by pixel through ref_over on an opaque dst. */
static void ref_blit(uint32_t *d, int dw, int dh, struct rect clip, int x,
		     int y, const uint32_t *s, int sw, int sh, struct rect sr,
		     unsigned op)
{
	int i, j;

	for (j = 0; j < sr.h; j++)
		for (i = 0; i < sr.w; i++) {
			int sx = sr.x + i, sy = sr.y + j, tx = x + i,
			    ty = y + j;
			uint32_t sp;
			unsigned a;

			if (sx < 0 || sy < 0 || sx >= sw || sy >= sh)
				continue;
			if (tx < clip.x || ty < clip.y ||
			    tx >= clip.x + clip.w || ty >= clip.y + clip.h)
				continue;
			if (tx < 0 || ty < 0 || tx >= dw || ty >= dh)
				continue;
			sp = s[sy * sw + sx];
			a = (ARGB_A(sp) * op + 127) / 255;
			d[ty * dw + tx] =
				a == 255 ? sp | 0xff000000u
					 : ref_over(d[ty * dw + tx], sp, a);
		}
}

static void test_blit(void **state)
{
	struct canvas *dst = mk(37, 23), *src = mk(70, 9);
	uint32_t *ref = malloc(37 * 23 * 4), *sp = malloc(70 * 9 * 4);
	static const unsigned ops[] = {255, 128, 1, 200};
	int iter;

	assert_non_null(ref);
	assert_non_null(sp);
	for (iter = 0; iter < 400; iter++) {
		struct rect sr = {(int)(rnd() % 90) - 10, (int)(rnd() % 15) - 3,
				  (int)(rnd() % 80), (int)(rnd() % 12)};
		struct rect clip = {(int)(rnd() % 10) - 2, (int)(rnd() % 8) - 2,
				    (int)(rnd() % 45), (int)(rnd() % 30)};
		int x = (int)(rnd() % 60) - 20, y = (int)(rnd() % 36) - 10;
		unsigned op = ops[iter & 3];
		int i;

		fill_random(dst, 1);
		/* Mostly opaque sources (memcpy path), some with holes. */
		fill_random(src, iter % 3 != 2);
		if (iter % 3 == 1)
			canvas_pixels(src)[rnd() % (70 * 9)] &= 0x7fffffff;
		memcpy(ref, canvas_pixels_const(dst), 37 * 23 * 4);
		memcpy(sp, canvas_pixels_const(src), 70 * 9 * 4);
		canvas_clip_set(dst, clip);
		clip = canvas_clip(dst);
		canvas_blit(dst, x, y, src, sr, (uint8_t)op);
		ref_blit(ref, 37, 23, clip, x, y, sp, 70, 9, sr, op);
		for (i = 0; i < 37 * 23; i++)
			if (!near(canvas_pixels_const(dst)[i], ref[i], 1))
				fail_msg("iter %d pixel %d: %08x want %08x",
					 iter, i, canvas_pixels_const(dst)[i],
					 ref[i]);
		canvas_clip_reset(dst);
	}
	free(ref);
	free(sp);
	canvas_destroy(dst);
	canvas_destroy(src);
}

/* A long opaque row with one translucent pixel must blend, not copy. */
static void test_blit_hole(void **state)
{
	struct canvas *dst = mk(300, 1), *src = mk(300, 1);
	int hole;

	for (hole = 0; hole < 300; hole += 13) {
		canvas_clear(dst, 0xff000000);
		canvas_clear(src, 0xffffffff);
		canvas_pixels(src)[hole] = 0x00ffffff;
		canvas_blit(dst, 0, 0, src, (struct rect){0, 0, 300, 1}, 255);
		assert_int_equal(px(dst, hole, 0), 0xff000000);
		assert_int_equal(px(dst, (hole + 1) % 300, 0), 0xffffffff);
	}
	/* The row scan itself, a translucent pixel anywhere in rows of
	   every length (64- and 4-pixel blocks and the tail). */
	{
		uint32_t row[200];
		int n, at;

		for (n = 0; n <= 200; n += n < 70 ? 1 : 13)
			for (at = -1; at < n; at++) {
				int i;

				for (i = 0; i < n; i++)
					row[i] = 0xff000000u | (uint32_t)rnd();
				if (at >= 0)
					row[at] = 0xfeffffffu;
				if (canvas_row_opaque(row, n) != (at < 0))
					fail_msg("n %d at %d", n, at);
			}
	}
	/* The opaque hint: set by a full opaque clear, reset otherwise. */
	canvas_clear(src, 0xff00ff00);
	assert_true(canvas_opaque(src));
	canvas_fill(src, (struct rect){3, 0, 5, 1}, 0x80ff0000);
	assert_true(canvas_opaque(src));
	assert_int_equal(ARGB_A(px(src, 4, 0)), 255);
	(void)canvas_pixels(src);
	assert_false(canvas_opaque(src));
	canvas_set_opaque(src, 1);
	assert_true(canvas_opaque(src));
	canvas_clear(src, 0x10000000);
	assert_false(canvas_opaque(src));
	canvas_destroy(dst);
	canvas_destroy(src);
}

/* Overlapping blits of a canvas onto itself behave like a copy first. */
static void test_blit_self(void **state)
{
	static const int moves[][2] = {{3, 2}, {-3, -2}, {5, 0},  {-5, 0},
				       {0, 4}, {0, -4},	 {4, -3}, {-4, 3}};
	struct canvas *c = mk(30, 20), *tmp = mk(30, 20), *want = mk(30, 20);
	size_t i;
	int op;

	for (op = 0; op < 2; op++)
		for (i = 0; i < sizeof(moves) / sizeof(moves[0]); i++) {
			struct rect sr = {4, 5, 20, 10};

			/* Opaque at full opacity (row copies), translucent
			   at 180 (blending in both directions). */
			fill_random(c, op == 0);
			fill_random(tmp, 0);
			canvas_copy(tmp, c);
			canvas_copy(want, c);
			canvas_blit(want, 4 + moves[i][0], 5 + moves[i][1], tmp,
				    sr, op ? 180 : 255);
			canvas_blit(c, 4 + moves[i][0], 5 + moves[i][1], c, sr,
				    op ? 180 : 255);
			assert_true(rect_empty(canvas_diff(c, want)));
		}
	canvas_destroy(c);
	canvas_destroy(tmp);
	canvas_destroy(want);
}

static void test_mask(void **state)
{
	struct canvas *c = mk(8, 4);
	static const uint8_t m[2 * 5] = {0, 255, 128, 1, 0, 255, 0, 64, 254, 7};
	int i;

	canvas_clear(c, 0xff204060);
	canvas_mask(c, 2, 1, m, 4, 2, 5, 0xffffffff); /* last column unused */
	assert_int_equal(px(c, 2, 1), 0xff204060);
	assert_int_equal(px(c, 3, 1), 0xffffffff);
	assert_int_equal(px(c, 4, 1), ref_over(0xff204060, 0xffffffff, 128));
	assert_int_equal(px(c, 5, 1), ref_over(0xff204060, 0xffffffff, 1));
	assert_int_equal(px(c, 6, 1), 0xff204060);
	assert_int_equal(px(c, 2, 2), 0xffffffff);
	assert_int_equal(px(c, 5, 2), ref_over(0xff204060, 0xffffffff, 254));
	/* Colour alpha scales coverage: 255 coverage at alpha 128. */
	canvas_clear(c, 0xff000000);
	canvas_mask(c, 0, 0, m, 5, 2, 5, 0x80ff0000);
	assert_int_equal(px(c, 1, 0), 0xff800000);
	assert_int_equal(px(c, 2, 0), ref_over(0xff000000, 0xffff0000, 64));
	/* Clipped at negative coordinates: only the bottom-right pixels. */
	canvas_clear(c, 0xff000000);
	canvas_mask(c, -3, -1, m, 5, 2, 5, 0xff00ff00);
	assert_int_equal(px(c, 0, 0), ref_over(0xff000000, 0xff00ff00, 254));
	assert_int_equal(px(c, 1, 0), ref_over(0xff000000, 0xff00ff00, 7));
	for (i = 2; i < 8; i++)
		assert_int_equal(px(c, i, 0), 0xff000000);
	assert_int_equal(px(c, 0, 1), 0xff000000);
	/* Outside on the right and bottom, and a clip. */
	canvas_mask(c, 8, 0, m, 5, 2, 5, 0xffffffff);
	canvas_mask(c, 0, 4, m, 5, 2, 5, 0xffffffff);
	canvas_clip_set(c, (struct rect){1, 0, 1, 4});
	canvas_mask(c, 0, 2, m, 5, 2, 5, 0xffffffff);
	canvas_clip_reset(c);
	assert_int_equal(px(c, 0, 3), 0xff000000);
	assert_int_equal(px(c, 1, 2), 0xffffffff);
	assert_int_equal(px(c, 2, 2), 0xff000000);
	assert_int_equal(px(c, 1, 3), 0xff000000);
	canvas_destroy(c);
}

/* 1-bit masks draw exactly what the same mask at 0/255 draws, at every
   sub-byte offset and clip. */
static void test_mask1(void **state)
{
	struct canvas *a = mk(200, 12), *b = mk(200, 12);
	uint8_t m1[20 * 9], m8[160 * 9];
	int iter;

	/* MSB first. */
	m1[0] = 0x81;
	m1[1] = 0x40;
	canvas_clear(a, 0xff000000);
	canvas_mask1(a, 1, 1, m1, 10, 1, 2, 0xffffa000);
	assert_int_equal(px(a, 1, 1), 0xffffa000);
	assert_int_equal(px(a, 2, 1), 0xff000000);
	assert_int_equal(px(a, 8, 1), 0xffffa000);
	assert_int_equal(px(a, 10, 1), 0xffffa000);
	assert_int_equal(px(a, 9, 1), 0xff000000);

	for (iter = 0; iter < 1500; iter++) {
		/* Narrow glyphs mostly; some wider than 64 bits. */
		int w = 1 + (int)(rnd() % (iter % 5 ? 20 : 160));
		int h = 1 + (int)(rnd() % 9);
		int x = (int)(rnd() % 240) - 40, y = (int)(rnd() % 24) - 10;
		uint32_t col = iter & 1 ? 0xffffffff : 0x9000ff80;
		struct rect clip = {(int)(rnd() % 40) - 5, (int)(rnd() % 8) - 2,
				    (int)(rnd() % 220), (int)(rnd() % 15)};
		int i, j;

		for (i = 0; i < 20 * 9; i++)
			m1[i] = (uint8_t)rnd();
		for (j = 0; j < h; j++)
			for (i = 0; i < w; i++)
				m8[j * 160 + i] =
					m1[j * 20 + i / 8] & (0x80 >> (i % 8))
						? 255
						: 0;
		fill_random(a, 1);
		canvas_copy(b, a);
		canvas_clip_set(a, clip);
		canvas_clip_set(b, clip);
		canvas_mask1(a, x, y, m1, w, h, 20, col);
		canvas_mask(b, x, y, m8, w, h, 160, col);
		if (!rect_empty(canvas_diff(a, b)))
			fail_msg("iter %d: w=%d h=%d at %d,%d", iter, w, h, x,
				 y);
	}
	canvas_destroy(a);
	canvas_destroy(b);
}

/* 8-bit masks with runs of 0 and 255 (the 8-at-a-time paths) against the
   reference, clipped anywhere. */
static void test_mask_runs(void **state)
{
	struct canvas *c = mk(90, 10), *plain = mk(90, 10);
	uint32_t ref[90 * 10];
	uint8_t m[50 * 6];
	int iter;

	for (iter = 0; iter < 600; iter++) {
		int w = 1 + (int)(rnd() % 50), h = 1 + (int)(rnd() % 6);
		int x = (int)(rnd() % 110) - 30, y = (int)(rnd() % 14) - 4;
		uint32_t col = iter % 3 ? 0xff20c0fe : 0x60fffffe;
		int i, j;

		/* Runs of 0, 255 and anti-aliased values. */
		for (i = 0; i < 50 * 6;) {
			int run = 1 + (int)(rnd() % 20), kind = rnd() % 3;

			for (j = 0; j < run && i < 50 * 6; j++, i++)
				m[i] = kind == 0   ? 0
				       : kind == 1 ? 255
						   : (uint8_t)rnd();
		}
		fill_random(c, iter & 1);
		memcpy(ref, canvas_pixels_const(c), sizeof(ref));
		/* The vector path (opaque hint) and the scalar one agree. */
		canvas_copy(plain, c);
		canvas_set_opaque(plain, 0);
		canvas_mask(plain, x, y, m, w, h, 50, col);
		canvas_mask(c, x, y, m, w, h, 50, col);
		assert_true(rect_empty(canvas_diff(plain, c)));
		for (j = 0; j < h; j++)
			for (i = 0; i < w; i++) {
				int tx = x + i, ty = y + j;
				unsigned a =
					(m[j * 50 + i] * ARGB_A(col) + 127) /
					255;

				if (tx < 0 || ty < 0 || tx >= 90 || ty >= 10)
					continue;
				ref[ty * 90 + tx] =
					a == 255 ? col
						 : ref_over(ref[ty * 90 + tx],
							    col, a);
			}
		/* Exact on opaque canvases, within 1 on translucent. */
		for (i = 0; i < 90 * 10; i++)
			if (!near(canvas_pixels_const(c)[i], ref[i],
				  iter & 1 ? 0 : 1))
				fail_msg("iter %d pixel %d: %08x want %08x",
					 iter, i, canvas_pixels_const(c)[i],
					 ref[i]);
	}
	canvas_destroy(plain);
	canvas_destroy(c);
}

/* The glyph tests again on canvases made without the AVX2 loops (the
   baseline of every x86-64 and the shape of the NEON code). */
static void test_mask_baseline(void **state)
{
	setenv("PIDS_NO_AVX2", "1", 1);
	test_mask(state);
	test_mask_runs(state);
	unsetenv("PIDS_NO_AVX2");
}

static void test_diff_copy(void **state)
{
	struct canvas *a = mk(50, 30), *b = mk(50, 30), *c = mk(50, 31);
	struct rect r;

	fill_random(a, 0);
	assert_int_equal(canvas_copy(b, a), 0);
	r = canvas_diff(a, b);
	assert_int_equal(r.w, 0);
	assert_int_equal(r.h, 0);
	canvas_pixels(b)[7 * 50 + 9] ^= 1;
	r = canvas_diff(a, b);
	assert_int_equal(r.x, 9);
	assert_int_equal(r.y, 7);
	assert_int_equal(r.w, 1);
	assert_int_equal(r.h, 1);
	/* Only in the last column, or the last row: edges of the scans. */
	canvas_copy(b, a);
	canvas_pixels(b)[3 * 50 + 49] ^= 0x10;
	r = canvas_diff(a, b);
	assert_int_equal(r.x, 49);
	assert_int_equal(r.y, 3);
	assert_int_equal(r.w, 1);
	assert_int_equal(r.h, 1);
	canvas_copy(b, a);
	canvas_pixels(b)[29 * 50] ^= 0x10;
	r = canvas_diff(a, b);
	assert_int_equal(r.x, 0);
	assert_int_equal(r.y, 29);
	assert_int_equal(r.w, 1);
	assert_int_equal(r.h, 1);
	canvas_copy(b, a);
	canvas_pixels(b)[7 * 50 + 9] ^= 1;
	canvas_pixels(b)[20 * 50 + 2] ^= 0x01000000;
	canvas_pixels(b)[12 * 50 + 49] ^= 0x100;
	r = canvas_diff(a, b);
	assert_int_equal(r.x, 2);
	assert_int_equal(r.y, 7);
	assert_int_equal(r.w, 48);
	assert_int_equal(r.h, 14);
	canvas_pixels(b)[0] ^= 0x80;
	canvas_pixels(b)[29 * 50 + 49] ^= 0x80;
	r = canvas_diff(a, b);
	assert_int_equal(r.x, 0);
	assert_int_equal(r.y, 0);
	assert_int_equal(r.w, 50);
	assert_int_equal(r.h, 30);
	/* Different sizes: everything differs; copies refuse. */
	r = canvas_diff(a, c);
	assert_int_equal(r.w, 50);
	assert_int_equal(r.h, 31);
	errno = 0;
	assert_int_equal(canvas_copy(c, a), -1);
	assert_int_equal(errno, EINVAL);
	canvas_destroy(a);
	canvas_destroy(b);
	canvas_destroy(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_create_sizes),
		cmocka_unit_test(test_rects),
		cmocka_unit_test(test_clip_fill),
		cmocka_unit_test(test_blend_exact),
		cmocka_unit_test(test_blend_exhaustive),
		cmocka_unit_test(test_fill_translucent),
		cmocka_unit_test(test_blit),
		cmocka_unit_test(test_blit_hole),
		cmocka_unit_test(test_blit_self),
		cmocka_unit_test(test_mask),
		cmocka_unit_test(test_mask1),
		cmocka_unit_test(test_mask_runs),
		cmocka_unit_test(test_mask_baseline),
		cmocka_unit_test(test_diff_copy),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
