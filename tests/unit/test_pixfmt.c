/* Tests for render/pixfmt: every layout (the named ones and odd ones a
   driver may report) byte-exact against a slow per-pixel packer written
   here, rectangles, strides wider than the row, unaligned strides, and
   format checks. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "render/pixfmt.h"

static uint32_t rng = 88172645u;
static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

/* The slow reference: composite on black, then place each channel's top
   bits in its field, ones everywhere else, little-endian bytes. */
static void ref_pixel(const struct pixfmt *f, uint32_t p, uint8_t *out)
{
	unsigned a = p >> 24, ch[3], i, bit;
	const struct pixfmt_field *fl[3] = {&f->r, &f->g, &f->b};
	uint64_t v = 0;

	ch[0] = ((p >> 16 & 0xff) * a + 127) / 255;
	ch[1] = ((p >> 8 & 0xff) * a + 127) / 255;
	ch[2] = ((p & 0xff) * a + 127) / 255;
	for (bit = 0; bit < (unsigned)f->bpp; bit++)
		v |= 1ull << bit;
	for (i = 0; i < 3; i++) {
		for (bit = 0; bit < fl[i]->length; bit++) {
			/* Field bit `bit` (LSB = 0) is channel bit
			   8 - length + bit. */
			unsigned cb = 8 - fl[i]->length + bit;

			v &= ~(1ull << (fl[i]->offset + bit));
			if (ch[i] >> cb & 1)
				v |= 1ull << (fl[i]->offset + bit);
		}
	}
	for (i = 0; i < (unsigned)f->bpp / 8; i++)
		out[i] = (uint8_t)(v >> (8 * i));
}

struct layout {
	const char *name;
	struct pixfmt f;
};

static const struct layout layouts[] = {
	{"RGB565", {16, {11, 5}, {5, 6}, {0, 5}, {0, 0}}},
	{"BGR565", {16, {0, 5}, {5, 6}, {11, 5}, {0, 0}}},
	{"RGB888", {24, {16, 8}, {8, 8}, {0, 8}, {0, 0}}},
	{"BGR888", {24, {0, 8}, {8, 8}, {16, 8}, {0, 0}}},
	{"XRGB8888", {32, {16, 8}, {8, 8}, {0, 8}, {0, 0}}},
	{"ARGB8888", {32, {16, 8}, {8, 8}, {0, 8}, {24, 8}}},
	{"XBGR8888", {32, {0, 8}, {8, 8}, {16, 8}, {0, 0}}},
	{"ABGR8888", {32, {0, 8}, {8, 8}, {16, 8}, {24, 8}}},
	{"RGBX8888", {32, {24, 8}, {16, 8}, {8, 8}, {0, 0}}},
	{"BGRA8888", {32, {8, 8}, {16, 8}, {24, 8}, {0, 8}}},
	{"XRGB1555", {16, {10, 5}, {5, 5}, {0, 5}, {0, 0}}},
	{"ARGB1555", {16, {10, 5}, {5, 5}, {0, 5}, {15, 1}}},
	{"ARGB4444", {16, {8, 4}, {4, 4}, {0, 4}, {12, 4}}},
	{"RGB332x", {16, {5, 3}, {2, 3}, {0, 2}, {0, 0}}},
	{"XRGB2101010-ish", {32, {22, 8}, {12, 8}, {2, 8}, {0, 0}}},
	{"R1G1B1 at 24", {24, {23, 1}, {11, 1}, {0, 1}, {0, 0}}},
};

#define NLAYOUTS (sizeof(layouts) / sizeof(layouts[0]))

static struct canvas *random_canvas(int w, int h, int kind)
{
	struct errbuf e;
	struct canvas *c = canvas_create(w, h, &e);
	uint32_t *p;
	int i;

	assert_non_null(c);
	p = canvas_pixels(c);
	for (i = 0; i < w * h; i++) {
		uint32_t v = rnd();

		/* 0: opaque; 1: mostly opaque, some translucent rows;
		   2: anything, including alpha 0 and 255 */
		if (kind == 0 || (kind == 1 && (i / w) % 3))
			v |= 0xff000000u;
		else if (kind == 2 && (v & 0x300) == 0)
			v &= 0x00ffffff;
		p[i] = v;
	}
	if (kind == 0)
		canvas_set_opaque(c, 1);
	return c;
}

/* Converts @r of @c into a buffer with @pad extra bytes per row (filled
   with a canary) and compares every byte with the reference. */
static void check_convert(const struct layout *l, struct canvas *c,
			  struct rect r, size_t pad, size_t offset)
{
	int bytes = l->f.bpp / 8, w = canvas_width(c), h = canvas_height(c);
	size_t stride = (size_t)w * bytes + pad, size = stride * h + offset;
	uint8_t *buf = malloc(size), *dst = buf + offset, want[4];
	int x, y, i;

	assert_non_null(buf);
	memset(buf, 0xa5, size);
	pixfmt_convert(&l->f, c, r, dst, stride);
	for (y = 0; y < h; y++)
		for (x = 0; x < (int)stride; x++) {
			uint8_t *got = dst + (size_t)y * stride + x;
			int px = x / bytes;
			int inside = px < w && px >= r.x && px < r.x + r.w &&
				     y >= r.y && y < r.y + r.h;

			if (!inside) {
				if (*got != 0xa5)
					fail_msg("%s: byte %d,%d outside "
						 "written",
						 l->name, x, y);
				continue;
			}
			ref_pixel(&l->f,
				  canvas_pixels_const(
					  c)[(size_t)y * canvas_stride(c) + px],
				  want);
			i = x % bytes;
			if (*got != want[i])
				fail_msg("%s: pixel %d,%d byte %d = %02x, want "
					 "%02x (px %08x)",
					 l->name, px, y, i, *got, want[i],
					 canvas_pixels_const(
						 c)[(size_t)y *
							    canvas_stride(c) +
						    px]);
		}
	for (i = 0; i < (int)offset; i++)
		assert_int_equal(buf[i], 0xa5);
	free(buf);
}

static void test_layouts_full(void **state)
{
	size_t i;
	int kind;

	for (i = 0; i < NLAYOUTS; i++) {
		assert_int_equal(pixfmt_check(&layouts[i].f, NULL), 0);
		for (kind = 0; kind < 3; kind++) {
			/* 700 wide: more than one compositing chunk. */
			struct canvas *c = random_canvas(700, 7, kind);

			check_convert(&layouts[i], c,
				      (struct rect){0, 0, 700, 7}, 0, 0);
			canvas_destroy(c);
		}
	}
}

static void test_layouts_rects_strides(void **state)
{
	size_t i;
	int iter;

	for (i = 0; i < NLAYOUTS; i++)
		for (iter = 0; iter < 12; iter++) {
			struct canvas *c = random_canvas(
				1 + rnd() % 40, 1 + rnd() % 9, iter % 3);
			int w = canvas_width(c), h = canvas_height(c);
			struct rect r;

			r.x = (int)(rnd() % w);
			r.y = (int)(rnd() % h);
			r.w = 1 + (int)(rnd() % (w - r.x));
			r.h = 1 + (int)(rnd() % (h - r.y));
			/* Padded strides, odd strides, odd buffer starts. */
			check_convert(&layouts[i], c, r, rnd() % 13,
				      iter % 4 == 3 ? 1 : 0);
			canvas_destroy(c);
		}
}

/* The same without the AVX2 loops (the baseline of every x86-64 and the
   shape of the NEON code): both paths are checked on machines with AVX2. */
static void test_layouts_baseline(void **state)
{
	setenv("PIDS_NO_AVX2", "1", 1);
	test_layouts_full(state);
	test_layouts_rects_strides(state);
	unsetenv("PIDS_NO_AVX2");
}

/* Known values, so the reference itself is pinned down. */
static void test_known_values(void **state)
{
	struct errbuf e;
	struct canvas *c = canvas_create(3, 1, &e);
	uint32_t *p = canvas_pixels(c);
	uint8_t out[12];

	p[0] = 0xffff8040;
	p[1] = 0x80ffffff; /* half-transparent white on black: 128 */
	p[2] = 0x00ffffff;
	pixfmt_convert(&PIXFMT_RGB565, c, (struct rect){0, 0, 3, 1}, out, 6);
	/* r 11111, g 100000, b 01000 */
	assert_int_equal(out[0] | out[1] << 8, 0xfc08);
	assert_int_equal(out[2] | out[3] << 8, 0x8410);
	assert_int_equal(out[4] | out[5] << 8, 0x0000);
	pixfmt_convert(&PIXFMT_RGB888, c, (struct rect){0, 0, 3, 1}, out, 9);
	assert_memory_equal(out, "\x40\x80\xff\x80\x80\x80\x00\x00\x00", 9);
	pixfmt_convert(&PIXFMT_XBGR8888, c, (struct rect){0, 0, 3, 1}, out, 12);
	assert_memory_equal(out, "\xff\x80\x40\xff\x80\x80\x80\xff\0\0\0\xff",
			    12);
	pixfmt_convert(&PIXFMT_XRGB8888, c, (struct rect){0, 0, 3, 1}, out, 12);
	assert_memory_equal(out, "\x40\x80\xff\xff\x80\x80\x80\xff\0\0\0\xff",
			    12);
	assert_int_equal(pixfmt_pack(&PIXFMT_BGR565, 0x12ff0000), 0x001f);
	assert_int_equal(pixfmt_pack(&PIXFMT_XRGB8888, 0x00123456), 0xff123456);
	assert_int_equal(pixfmt_pack(&PIXFMT_RGB888, 0x00123456), 0x123456);
	canvas_destroy(c);
}

static void test_pack_matches_reference(void **state)
{
	size_t i;
	int n;

	for (i = 0; i < NLAYOUTS; i++)
		for (n = 0; n < 200; n++) {
			uint32_t p = rnd(), v = pixfmt_pack(&layouts[i].f, p);
			uint8_t want[4];
			int b;

			ref_pixel(&layouts[i].f, p | 0xff000000u, want);
			for (b = 0; b < layouts[i].f.bpp / 8; b++)
				assert_int_equal((v >> (8 * b)) & 0xff,
						 want[b]);
		}
}

static void test_check_rejects(void **state)
{
	static const struct {
		struct pixfmt f;
		const char *why;
	} bad[] = {
		{{8, {5, 3}, {2, 3}, {0, 2}, {0, 0}}, "bits per pixel"},
		{{15, {10, 5}, {5, 5}, {0, 5}, {0, 0}}, "bits per pixel"},
		{{16, {11, 5}, {5, 0}, {0, 5}, {0, 0}}, "g field"},
		{{32, {16, 10}, {8, 8}, {0, 8}, {0, 0}}, "longer"},
		{{16, {12, 5}, {5, 6}, {0, 5}, {0, 0}}, "outside"},
		{{16, {11, 5}, {4, 6}, {0, 5}, {0, 0}}, "overlaps"},
		{{32, {16, 8}, {8, 8}, {0, 8}, {20, 8}}, "a field"},
		{{24, {16, 8}, {8, 8}, {0, 8}, {24, 8}}, "outside"},
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct errbuf e = {""};

		errno = 0;
		assert_int_equal(pixfmt_check(&bad[i].f, &e), -1);
		assert_int_equal(errno, EINVAL);
		if (!strstr(e.msg, bad[i].why))
			fail_msg("case %zu: \"%s\" lacks \"%s\"", i, e.msg,
				 bad[i].why);
	}
	assert_int_equal(pixfmt_check(&PIXFMT_RGB565, NULL), 0);
	assert_int_equal(pixfmt_check(&PIXFMT_XBGR8888, NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layouts_full),
		cmocka_unit_test(test_layouts_rects_strides),
		cmocka_unit_test(test_layouts_baseline),
		cmocka_unit_test(test_known_values),
		cmocka_unit_test(test_pack_matches_reference),
		cmocka_unit_test(test_check_rejects),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
