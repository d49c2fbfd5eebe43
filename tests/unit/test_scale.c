/* Tests for render/scale: the fixed-point scaler against a slow reference in
   doubles (area averaging / bilinear, premultiplied), exact cases worked by
   hand, alpha at edges, errors, a part scaled like its copy, fit
   rectangles, and a golden image. */
#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "helper_golden.h"
#include "render/scale.h"

static uint32_t px(const struct canvas *c, int x, int y)
{
	return canvas_pixels_const(c)[(size_t)y * canvas_stride(c) + x];
}

static void set_px(struct canvas *c, int x, int y, uint32_t v)
{
	canvas_pixels(c)[(size_t)y * canvas_stride(c) + x] = v;
}

static struct canvas *make(int w, int h, const uint32_t *v)
{
	struct canvas *c = canvas_create(w, h, NULL);
	int x, y;

	assert_non_null(c);
	for (y = 0; y < h; y++)
		for (x = 0; x < w; x++)
			set_px(c, x, y, v[y * w + x]);
	return c;
}

static struct canvas *scaled(const struct canvas *s, int w, int h)
{
	struct errbuf e = { "" };
	struct canvas *d = scale_image(s, w, h, &e);

	if (!d)
		fail_msg("scale to %dx%d: %s", w, h, e.msg);
	assert_int_equal(canvas_width(d), w);
	assert_int_equal(canvas_height(d), h);
	return d;
}

/* ---- reference ---- */

/* Weight of source pixel j in destination pixel i along one axis. */
static double ref_weight(int s, int d, int i, int j)
{
	double lo, hi, a, b, x, f;

	if (s == d)
		return i == j;
	if (d < s) {
		/* Destination i covers [i s/d, (i+1) s/d) of the source. */
		lo = (double)i * s / d;
		hi = (double)(i + 1) * s / d;
		a = j > lo ? j : lo;
		b = j + 1 < hi ? j + 1 : hi;
		return b > a ? (b - a) / ((double)s / d) : 0;
	}
	x = (i + 0.5) * s / d - 0.5;
	if (x < 0)
		x = 0;
	if (x > s - 1)
		x = s - 1;
	f = x - floor(x);
	if (j == (int)floor(x))
		return 1 - f;
	if (j == (int)floor(x) + 1)
		return f;
	return 0;
}

static uint32_t ref_pixel(const struct canvas *s, int dw, int dh, int dx,
			  int dy)
{
	int sw = canvas_width(s), sh = canvas_height(s), x, y, k;
	double acc[4] = { 0 }, wx, wy, a, ch[3];
	uint32_t p;

	for (y = 0; y < sh; y++) {
		wy = ref_weight(sh, dh, dy, y);
		if (wy == 0)
			continue;
		for (x = 0; x < sw; x++) {
			wx = ref_weight(sw, dw, dx, x);
			if (wx == 0)
				continue;
			p = px(s, x, y);
			a = ARGB_A(p) / 255.0;
			acc[0] += wx * wy * ARGB_R(p) * a;
			acc[1] += wx * wy * ARGB_G(p) * a;
			acc[2] += wx * wy * ARGB_B(p) * a;
			acc[3] += wx * wy * a;
		}
	}
	if (acc[3] * 255 < 0.5)
		return 0;
	for (k = 0; k < 3; k++) {
		ch[k] = acc[k] / acc[3] + 0.5;
		if (ch[k] > 255)
			ch[k] = 255;
	}
	return ARGB((unsigned)(acc[3] * 255 + 0.5), (unsigned)ch[0],
		    (unsigned)ch[1], (unsigned)ch[2]);
}

static int chan_diff(uint32_t a, uint32_t b)
{
	int d = 0, sh, t;

	for (sh = 0; sh < 32; sh += 8) {
		t = abs((int)((a >> sh) & 0xff) - (int)((b >> sh) & 0xff));
		d = t > d ? t : d;
	}
	return d;
}

static unsigned lcg(unsigned *seed)
{
	*seed = *seed * 1103515245u + 12345u;
	return *seed >> 8;
}

static struct canvas *random_canvas(int w, int h, unsigned *seed)
{
	struct canvas *c = canvas_create(w, h, NULL);
	unsigned a;
	int x, y;

	assert_non_null(c);
	for (y = 0; y < h; y++)
		for (x = 0; x < w; x++) {
			/* Alpha often 0 or 255, else anything. */
			a = lcg(seed) % 4;
			a = a == 0 ? 0 : a == 1 ? 255 : lcg(seed) & 0xff;
			set_px(c, x, y, (lcg(seed) & 0xffffff) | a << 24);
		}
	return c;
}

/* Compares with the reference: every channel within 1. */
static void check_ref(const struct canvas *s, int w, int h)
{
	struct canvas *d = scaled(s, w, h);
	uint32_t want, got;
	int x, y;

	for (y = 0; y < h; y++)
		for (x = 0; x < w; x++) {
			want = ref_pixel(s, w, h, x, y);
			got = px(d, x, y);
			/* Colour means nothing where alpha rounds to 0. */
			if (ARGB_A(want) == 0 && ARGB_A(got) <= 1)
				continue;
			if (chan_diff(want, got) > 1)
				fail_msg("%dx%d -> %dx%d at %d,%d: got #%08x, "
					 "want #%08x",
					 canvas_width(s), canvas_height(s), w,
					 h, x, y, (unsigned)got,
					 (unsigned)want);
		}
	canvas_destroy(d);
}

static void test_against_reference(void **state)
{
	static const int sizes[][4] = {
		{ 7, 5, 3, 2 },    { 10, 10, 3, 7 },  { 5, 9, 13, 4 },
		{ 3, 3, 8, 8 },    { 40, 30, 17, 29 }, { 1, 1, 5, 3 },
		{ 16, 1, 5, 1 },   { 9, 9, 9, 4 },    { 6, 11, 6, 20 },
		{ 1000, 2, 3, 1 }, { 2, 300, 7, 2 },  { 33, 17, 32, 16 },
	};
	unsigned seed = 42;
	struct canvas *s;
	size_t i;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		s = random_canvas(sizes[i][0], sizes[i][1], &seed);
		check_ref(s, sizes[i][2], sizes[i][3]);
		canvas_destroy(s);
	}
	for (i = 0; i < 40; i++) {
		s = random_canvas(1 + lcg(&seed) % 24, 1 + lcg(&seed) % 24,
				  &seed);
		check_ref(s, 1 + lcg(&seed) % 30, 1 + lcg(&seed) % 30);
		canvas_destroy(s);
	}
}

/* ---- exact cases ---- */

static void test_identity_copies(void **state)
{
	unsigned seed = 7;
	struct canvas *s = random_canvas(13, 8, &seed), *d = scaled(s, 13, 8);
	struct rect r;

	assert_ptr_not_equal(s, d);
	r = canvas_diff(s, d);
	assert_int_equal(r.w, 0);
	canvas_destroy(s);
	canvas_destroy(d);
}

/* 2:1 boxes of integer means, and 3 -> 2 with half-pixel edges. */
static void test_box_exact(void **state)
{
	static const uint32_t quad[16] = {
		0xff000000, 0xff040404, 0xff080808, 0xff0c0c0c,
		0xff101010, 0xff141414, 0xff181818, 0xff1c1c1c,
		0xff202020, 0xff242424, 0xff282828, 0xff2c2c2c,
		0xff303030, 0xff343434, 0xff383838, 0xff3c3c3c,
	};
	static const uint32_t three[3] = { ARGB(255, 30, 0, 0),
					   ARGB(255, 90, 0, 0),
					   ARGB(255, 150, 0, 0) };
	struct canvas *s = make(4, 4, quad), *d = scaled(s, 2, 2);

	/* (0 + 4 + 16 + 20) / 4 = 10, etc. */
	assert_int_equal(px(d, 0, 0), 0xff0a0a0a);
	assert_int_equal(px(d, 1, 0), 0xff121212);
	assert_int_equal(px(d, 0, 1), 0xff2a2a2a);
	assert_int_equal(px(d, 1, 1), 0xff323232);
	canvas_destroy(d);
	d = scaled(s, 1, 1);
	assert_int_equal(px(d, 0, 0), 0xff1e1e1e);
	canvas_destroy(d);
	canvas_destroy(s);

	s = make(3, 1, three);
	d = scaled(s, 2, 1);
	/* (30 + 90 / 2) / 1.5 = 50; (90 / 2 + 150) / 1.5 = 130. */
	assert_int_equal(px(d, 0, 0), ARGB(255, 50, 0, 0));
	assert_int_equal(px(d, 1, 0), ARGB(255, 130, 0, 0));
	canvas_destroy(d);
	canvas_destroy(s);
}

static void test_bilinear_exact(void **state)
{
	static const uint32_t two[2] = { ARGB(255, 0, 0, 0),
					 ARGB(255, 200, 100, 40) };
	struct canvas *s = make(2, 1, two), *d = scaled(s, 4, 3);
	int y;

	for (y = 0; y < 3; y++) {
		assert_int_equal(px(d, 0, y), two[0]);
		assert_int_equal(px(d, 1, y), ARGB(255, 50, 25, 10));
		assert_int_equal(px(d, 2, y), ARGB(255, 150, 75, 30));
		assert_int_equal(px(d, 3, y), two[1]);
	}
	canvas_destroy(d);
	canvas_destroy(s);
}

/* A uniform image stays exactly uniform at every size, opaque or not. */
static void test_uniform_stays(void **state)
{
	static const int sizes[][2] = { { 1, 1 }, { 7, 3 }, { 50, 50 },
					{ 123, 7 }, { 13, 200 } };
	static const uint32_t colours[] = { 0xffd4a017, 0x64c0c0c0,
					    0x01ff0000, 0x80123456 };
	struct canvas *s, *d;
	size_t i, k;
	int x, y;

	for (k = 0; k < sizeof(colours) / sizeof(colours[0]); k++) {
		s = canvas_create(31, 17, NULL);
		canvas_clear(s, colours[k]);
		for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
			d = scaled(s, sizes[i][0], sizes[i][1]);
			for (y = 0; y < sizes[i][1]; y++)
				for (x = 0; x < sizes[i][0]; x++)
					if (px(d, x, y) != colours[k])
						fail_msg("#%08x to %dx%d: %d,%d "
							 "is #%08x",
							 (unsigned)colours[k],
							 sizes[i][0],
							 sizes[i][1], x, y,
							 (unsigned)px(d, x, y));
			canvas_destroy(d);
		}
		canvas_destroy(s);
	}
}

/* Transparent pixels (whatever colour they carry) add no colour: an edge
   keeps its hue instead of darkening or turning green. */
static void test_alpha_edges(void **state)
{
	static const uint32_t edge[4] = { ARGB(255, 255, 0, 0),
					  ARGB(0, 0, 255, 0),
					  ARGB(255, 255, 0, 0),
					  ARGB(0, 0, 0, 0) };
	struct canvas *s = make(2, 2, edge), *d;

	d = scaled(s, 1, 1);
	assert_int_equal(px(d, 0, 0), ARGB(128, 255, 0, 0));
	canvas_destroy(d);
	d = scaled(s, 8, 8);
	assert_int_equal(px(d, 0, 0), ARGB(255, 255, 0, 0));
	assert_int_equal(ARGB_R(px(d, 4, 3)), 255);
	assert_int_equal(ARGB_G(px(d, 4, 3)), 0);
	assert_true(ARGB_A(px(d, 4, 3)) > 0 && ARGB_A(px(d, 4, 3)) < 255);
	assert_int_equal(px(d, 7, 0), 0);
	canvas_destroy(d);
	canvas_destroy(s);
}

static void test_errors(void **state)
{
	struct canvas *s = canvas_create(4, 4, NULL);
	struct errbuf e = { "" };

	assert_null(scale_image(s, 0, 5, &e));
	assert_int_equal(errno, EINVAL);
	assert_non_null(strstr(e.msg, "scale 4x4 to 0x5"));
	assert_null(scale_image(s, 5, 20000, &e));
	assert_int_equal(errno, EINVAL);
	assert_null(scale_image(NULL, 5, 5, &e));
	assert_int_equal(errno, EINVAL);
	assert_string_equal(e.msg, "scale: no source image");
	assert_null(scale_image(s, -1, 5, NULL));
	canvas_destroy(s);
}

/* A part of an image scales to exactly what a copy of that part does. */
static void test_rect_like_crop(void **state)
{
	static const int sizes[][2] = { { 37, 23 }, { 90, 70 }, { 51, 40 } };
	unsigned seed = 7;
	struct canvas *s = random_canvas(64, 48, &seed), *crop, *a, *b;
	struct rect r = { 9, 5, 51, 40 };
	struct errbuf e = { "" };
	size_t i;
	int y;

	crop = canvas_create(r.w, r.h, NULL);
	assert_non_null(crop);
	for (y = 0; y < r.h; y++)
		memcpy(canvas_pixels(crop) + (size_t)y * canvas_stride(crop),
		       canvas_pixels_const(s) +
			       (size_t)(r.y + y) * canvas_stride(s) + r.x,
		       (size_t)r.w * 4);
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		a = scale_image_rect(s, r, sizes[i][0], sizes[i][1], &e);
		b = scale_image(crop, sizes[i][0], sizes[i][1], &e);
		assert_non_null(a);
		assert_non_null(b);
		assert_true(rect_empty(canvas_diff(a, b)));
		assert_int_equal(canvas_opaque(a), canvas_opaque(b));
		canvas_destroy(a);
		canvas_destroy(b);
	}
	/* parts not inside the image */
	r = (struct rect){ 20, 10, 45, 10 };
	assert_null(scale_image_rect(s, r, 8, 8, &e));
	assert_int_equal(errno, EINVAL);
	assert_non_null(strstr(e.msg, "45x10 at 20,10 is not inside"));
	r = (struct rect){ -1, 0, 4, 4 };
	assert_null(scale_image_rect(s, r, 8, 8, &e));
	r = (struct rect){ 0, 0, 0, 4 };
	assert_null(scale_image_rect(s, r, 8, 8, &e));
	canvas_destroy(crop);
	canvas_destroy(s);
}

static void assert_rect(struct rect r, int x, int y, int w, int h)
{
	if (r.x != x || r.y != y || r.w != w || r.h != h)
		fail_msg("got {%d,%d %dx%d}, want {%d,%d %dx%d}", r.x, r.y,
			 r.w, r.h, x, y, w, h);
}

static void test_fit_rect(void **state)
{
	struct rect box = { 10, 20, 100, 100 };
	struct rect lcd = { 0, 0, 1920, 540 };

	assert_rect(scale_fit_rect(200, 100, box, SCALE_CONTAIN), 10, 45, 100,
		    50);
	assert_rect(scale_fit_rect(200, 100, box, SCALE_COVER), -40, 20, 200,
		    100);
	assert_rect(scale_fit_rect(100, 200, box, SCALE_CONTAIN), 35, 20, 50,
		    100);
	assert_rect(scale_fit_rect(100, 200, box, SCALE_COVER), 10, -30, 100,
		    200);
	assert_rect(scale_fit_rect(30, 40, box, SCALE_CENTER), 45, 50, 30, 40);
	assert_rect(scale_fit_rect(301, 40, box, SCALE_CENTER), -91, 50, 301,
		    40);
	/* Artwork into an interior screen; aspect rounding. */
	assert_rect(scale_fit_rect(1024, 1024, lcd, SCALE_CONTAIN), 690, 0,
		    540, 540);
	assert_rect(scale_fit_rect(1024, 1024, lcd, SCALE_COVER), 0, -690,
		    1920, 1920);
	assert_rect(scale_fit_rect(3, 2, box, SCALE_CONTAIN), 10, 36, 100, 67);
	assert_rect(scale_fit_rect(1, 1000, box, SCALE_CONTAIN), 59, 20, 1,
		    100);
	/* Same aspect: both fit exactly. */
	assert_rect(scale_fit_rect(50, 50, box, SCALE_COVER), 10, 20, 100, 100);
	/* Degenerate input. */
	assert_rect(scale_fit_rect(0, 10, box, SCALE_CONTAIN), 10, 20, 0, 0);
	box.w = 0;
	assert_rect(scale_fit_rect(10, 10, box, SCALE_COVER), 10, 20, 0, 0);
}

/* ---- golden ---- */

/* Fine gold rings (1 px wire every 3 px, the worst case for aliasing) on a
   transparent ground with an opaque dark disc: area averaging must give
   smooth gold without moire or dark fringes. */
static struct canvas *rings(int n)
{
	struct canvas *c = canvas_create(n, n, NULL);
	double cx = n / 2.0, r;
	int x, y;

	for (y = 0; y < n; y++)
		for (x = 0; x < n; x++) {
			r = hypot(x + 0.5 - cx, y + 0.5 - cx);
			if (r < n / 6.0)
				set_px(c, x, y, ARGB(255, 40, 24, 60));
			else if (r < n / 2.0 && (int)r % 3 == 0)
				set_px(c, x, y, ARGB(255, 230, 180, 60));
		}
	return c;
}

static void test_golden_rings(void **state)
{
	struct canvas *s = rings(1024), *down = scaled(s, 135, 135);
	struct canvas *up = scaled(down, 300, 300), *sheet;

	sheet = canvas_create(135 + 300, 300, NULL);
	canvas_clear(sheet, ARGB(255, 255, 255, 255));
	canvas_blit(sheet, 0, 0, down, (struct rect){ 0, 0, 135, 135 }, 255);
	canvas_blit(sheet, 135, 0, up, (struct rect){ 0, 0, 300, 300 }, 255);
	assert_int_equal(golden_check(sheet, "scale_rings", 0, 0), 0);
	canvas_destroy(sheet);
	canvas_destroy(up);
	canvas_destroy(down);
	canvas_destroy(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_against_reference),
		cmocka_unit_test(test_identity_copies),
		cmocka_unit_test(test_box_exact),
		cmocka_unit_test(test_bilinear_exact),
		cmocka_unit_test(test_uniform_stays),
		cmocka_unit_test(test_alpha_edges),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_rect_like_crop),
		cmocka_unit_test(test_fit_rect),
		cmocka_unit_test(test_golden_rings),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
