/* Tests for render/ledcolor: the CIE curve against the formula, exact
   endpoints under every dither, luminance weights, compositing on black,
   mean light preserved by dithering on gradients, stable ordered dither,
   and 1-bit signs keeping text exact while dithering the grey. */
#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "render/ledcolor.h"

static uint32_t rng = 1234567u;
static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

/* Reference CIE 1931: L* = v / 2.55, Y = ((L* + 16) / 116)^3 above
   L* = 8, L* / 903.3 below. */
static double ref_y(int v)
{
	double l = v / 2.55;

	return l > 8 ? pow((l + 16) / 116, 3) : l / 903.3;
}

static struct canvas *mk(int w, int h)
{
	struct errbuf e;
	struct canvas *c = canvas_create(w, h, &e);

	assert_non_null(c);
	return c;
}

static void test_cie_curve(void **state)
{
	int bits, v;

	for (bits = 1; bits <= 11; bits++) {
		int max = (1 << bits) - 1, prev = 0;

		assert_int_equal(ledcolor_cie(0, bits), 0);
		assert_int_equal(ledcolor_cie(255, bits), max);
		for (v = 0; v < 256; v++) {
			int got = ledcolor_cie((uint8_t)v, bits);
			double want = ref_y(v) * max;

			if (got < prev)
				fail_msg("bits %d: not monotonic at %d", bits,
					 v);
			if (fabs(got - want) > 0.5 + 1e-3)
				fail_msg("bits %d v %d: %d, want %.3f", bits, v,
					 got, want);
			prev = got;
		}
	}
	/* Mid grey is about 18% light: 47 of 255. */
	assert_int_equal(ledcolor_cie(128, 8), 47);
	/* 11 bits resolve the darkest steps. */
	assert_true(ledcolor_cie(1, 11) < ledcolor_cie(2, 11));
	assert_int_equal(ledcolor_cie(1, 11), 1);
	assert_int_equal(ledcolor_cie(100, 0), 0);
	assert_int_equal(ledcolor_cie(100, 12), 0);
}

static void test_bad_opts(void **state)
{
	struct canvas *c = mk(4, 4);
	uint16_t out[48];
	static const struct ledcolor_opts bad[] = {
		{2, 4, LED_DITHER_NONE, 1},    {0, 4, LED_DITHER_NONE, 1},
		{1, 0, LED_DITHER_NONE, 1},    {3, 12, LED_DITHER_NONE, 1},
		{1, 4, (enum led_dither)7, 1},
	};
	struct ledcolor_opts ok = {3, 11, LED_DITHER_DIFFUSION, 1};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		errno = 0;
		assert_int_equal(ledcolor_quantize(c, &bad[i], out), -1);
		assert_int_equal(errno, EINVAL);
	}
	assert_int_equal(ledcolor_quantize(c, &ok, NULL), -1);
	assert_int_equal(ledcolor_quantize(c, &ok, out), 0);
	canvas_destroy(c);
}

/* Black stays 0 and full-on stays max in every mode and depth, even in a
   sea of greys whose error would otherwise flow into them. */
static void test_endpoints(void **state)
{
	struct canvas *c = mk(37, 19);
	uint16_t *out = malloc(37 * 19 * 3 * sizeof(*out));
	uint32_t *p = canvas_pixels(c);
	int i, bits, d, ch, k;

	assert_non_null(out);
	for (i = 0; i < 37 * 19; i++) {
		uint32_t r = rnd();

		/* Black, white, pure red, or random opaque grey/colour. */
		p[i] = r % 4 == 0   ? 0xff000000
		       : r % 4 == 1 ? 0xffffffff
		       : r % 4 == 2 ? 0xffff0000
				    : 0xff000000 | rnd();
	}
	for (bits = 1; bits <= 11; bits++)
		for (d = 0; d < 3; d++)
			for (ch = 1; ch <= 3; ch += 2)
				for (k = 0; k < 2; k++) {
					struct ledcolor_opts o = {ch, bits, d,
								  k};
					unsigned max = (1u << bits) - 1;

					assert_int_equal(
						ledcolor_quantize(c, &o, out),
						0);
					for (i = 0; i < 37 * 19; i++) {
						const uint16_t *q =
							out + i * ch;
						int j;

						for (j = 0; j < ch; j++)
							if (q[j] > max)
								fail_msg("level"
									 " %u "
									 "> %u",
									 q[j],
									 max);
						if (p[i] == 0xff000000)
							for (j = 0; j < ch; j++)
								assert_int_equal(
									q[j],
									0);
						if (p[i] == 0xffffffff)
							for (j = 0; j < ch; j++)
								assert_int_equal(
									q[j],
									max);
						if (p[i] == 0xffff0000 &&
						    ch == 3) {
							assert_int_equal(q[0],
									 max);
							assert_int_equal(q[1],
									 0);
							assert_int_equal(q[2],
									 0);
						}
					}
				}
	free(out);
	canvas_destroy(c);
}

static void test_luminance_and_alpha(void **state)
{
	struct canvas *c = mk(6, 1);
	uint32_t *p = canvas_pixels(c);
	struct ledcolor_opts o = {1, 8, LED_DITHER_NONE, 1};
	uint16_t out[18];

	p[0] = 0xff00ff00; /* green: 0.7152 */
	p[1] = 0xffff0000; /* red: 0.2126 */
	p[2] = 0xff0000ff; /* blue: 0.0722 */
	p[3] = 0xff808080;
	p[4] = 0x80ffffff; /* white at alpha 128 on black = grey 128 */
	p[5] = 0x00ffffff; /* fully transparent = black */
	assert_int_equal(ledcolor_quantize(c, &o, out), 0);
	assert_int_equal(out[0], (int)lround(0.7152 * 255));
	assert_int_equal(out[1], (int)lround(0.2126 * 255));
	assert_int_equal(out[2], (int)lround(0.0722 * 255));
	assert_int_equal(out[3], ledcolor_cie(128, 8));
	assert_int_equal(out[4], out[3]);
	assert_int_equal(out[5], 0);
	/* Linear (no CIE): values scale straight. */
	o.cie = 0;
	assert_int_equal(ledcolor_quantize(c, &o, out), 0);
	assert_int_equal(out[3], 128);
	assert_int_equal(out[0], (int)lround(0.7152 * 255));
	/* RGB without dithering is the CIE curve per channel. */
	o.channels = 3;
	o.cie = 1;
	o.bits = 6;
	p[0] = 0xff103080;
	assert_int_equal(ledcolor_quantize(c, &o, out), 0);
	assert_int_equal(out[0], ledcolor_cie(0x10, 6));
	assert_int_equal(out[1], ledcolor_cie(0x30, 6));
	assert_int_equal(out[2], ledcolor_cie(0x80, 6));
	canvas_destroy(c);
}

/* Quantising a grey ramp is monotonic at every depth, dithered or not
   (ordered: within each Bayer cell), and ends at 0 and max. */
static void test_quantize_monotonic(void **state)
{
	struct canvas *c = mk(256, 8);
	uint16_t out[256 * 8 * 3];
	uint32_t *p = canvas_pixels(c);
	int x, y, bits, d, ch;

	for (y = 0; y < 8; y++)
		for (x = 0; x < 256; x++)
			p[y * 256 + x] = ARGB(255, x, x, x);
	for (bits = 1; bits <= 11; bits++)
		for (d = LED_DITHER_NONE; d <= LED_DITHER_ORDERED; d++)
			for (ch = 1; ch <= 3; ch += 2) {
				struct ledcolor_opts o = {ch, bits, d, 1};

				assert_int_equal(ledcolor_quantize(c, &o, out),
						 0);
				for (y = 0; y < 8; y++) {
					const uint16_t *row =
						out + y * 256 * ch;

					assert_int_equal(row[0], 0);
					assert_int_equal(row[255 * ch],
							 (1 << bits) - 1);
					/* Same Bayer cell: columns 8 apart. */
					for (x = 8; x < 256; x++)
						if (row[x * ch] <
						    row[(x - 8) * ch])
							fail_msg(
								"bits %d d %d: "
								"row %d col %d",
								bits, d, y, x);
				}
			}
	canvas_destroy(c);
}

/* A horizontal gradient 0..255: over each 8-column band of 64 rows the
   mean level must match the mean linear light. */
static void test_gradient_mean(void **state)
{
	struct canvas *c = mk(256, 64);
	uint16_t *out = malloc(256 * 64 * 3 * sizeof(*out));
	uint32_t *p = canvas_pixels(c);
	int x, y, bits, d, ch, band;
	static const int depths[] = {1, 2, 3, 5};
	size_t k;

	assert_non_null(out);
	for (y = 0; y < 64; y++)
		for (x = 0; x < 256; x++)
			p[y * 256 + x] = ARGB(255, x, x, x);
	for (k = 0; k < sizeof(depths) / sizeof(depths[0]); k++)
		for (d = LED_DITHER_ORDERED; d <= LED_DITHER_DIFFUSION; d++)
			for (ch = 1; ch <= 3; ch += 2) {
				struct ledcolor_opts o = {ch, depths[k], d, 1};
				int max = (1 << depths[k]) - 1;
				double worst = 0;

				bits = depths[k];
				assert_int_equal(ledcolor_quantize(c, &o, out),
						 0);
				for (band = 0; band < 32; band++) {
					double sum = 0, want = 0, err;

					for (y = 0; y < 64; y++)
						for (x = band * 8;
						     x < band * 8 + 8; x++) {
							sum += out[(y * 256 +
								    x) *
								   ch];
							want += ref_y(x) * max;
						}
					err = fabs(sum - want) / (64 * 8);
					if (err > worst)
						worst = err;
				}
				/* Without dithering a 1-bit gradient is off by
				   up to half a level; dithered, by little. */
				/* Each column meets 8 of the 64 Bayer
				   thresholds: within 1/16 level (plus the
				   1/256 of fixed point); diffusion closer. */
				if (worst >
				    (d == LED_DITHER_ORDERED ? 0.066 : 0.03))
					fail_msg("bits %d dither %d ch %d: "
						 "mean off by %.4f",
						 bits, d, ch, worst);
			}
	/* And the undithered gradient really is worse (the test can tell). */
	{
		struct ledcolor_opts o = {1, 1, LED_DITHER_NONE, 1};
		double sum = 0, want = 0;

		assert_int_equal(ledcolor_quantize(c, &o, out), 0);
		for (x = 96; x < 128; x++)
			for (y = 0; y < 64; y++) {
				sum += out[y * 256 + x];
				want += ref_y(x);
			}
		assert_true(fabs(sum - want) / (64 * 32) > 0.05);
	}
	free(out);
	canvas_destroy(c);
}

static void test_ordered_stable(void **state)
{
	struct canvas *c = mk(64, 16);
	uint16_t *a = malloc(64 * 16 * 3 * 2), *b = malloc(64 * 16 * 3 * 2);
	uint32_t *p = canvas_pixels(c);
	struct ledcolor_opts o = {3, 2, LED_DITHER_ORDERED, 1};
	int i, differ = 0;

	assert_non_null(a);
	assert_non_null(b);
	for (i = 0; i < 64 * 16; i++)
		p[i] = 0xff000000 | rnd();
	assert_int_equal(ledcolor_quantize(c, &o, a), 0);
	/* Another quantisation in between must not disturb it. */
	o.dither = LED_DITHER_DIFFUSION;
	assert_int_equal(ledcolor_quantize(c, &o, b), 0);
	o.dither = LED_DITHER_ORDERED;
	assert_int_equal(ledcolor_quantize(c, &o, b), 0);
	assert_memory_equal(a, b, 64 * 16 * 3 * 2);
	/* A flat grey dithers into a pattern with a period of 8. */
	for (i = 0; i < 64 * 16; i++)
		p[i] = 0xff707070;
	o.channels = 1;
	o.bits = 1;
	assert_int_equal(ledcolor_quantize(c, &o, a), 0);
	for (i = 0; i < 64 * 16; i++) {
		int x = i % 64, y = i / 64;

		assert_int_equal(a[i], a[(y % 8) * 64 + x % 8]);
		differ |= a[i] != a[0];
	}
	assert_true(differ);
	free(a);
	free(b);
	canvas_destroy(c);
}

/* A 1-bit amber sign: glyph pixels at 255 and background at 0 come out
   exactly in every mode, while an anti-aliased grey blob is dithered
   (some but not all of it lit) instead of vanishing or flooding. */
static void test_one_bit_sign(void **state)
{
	struct canvas *c = mk(160, 16);
	uint16_t out[160 * 16];
	uint32_t *p;
	int i, d;

	canvas_clear(c, 0xff000000);
	p = canvas_pixels(c);
	for (i = 0; i < 160 * 16; i++)
		if (i % 160 < 80 && (rnd() & 1))
			p[i] = 0xffffffff; /* "text" */
	/* Anti-aliased art: greys 60..200 on the right half, with an
	   isolated black pixel and white pixel inside it. */
	for (i = 0; i < 160 * 16; i++)
		if (i % 160 >= 80)
			p[i] = ARGB(255, 60 + (i % 141), 60 + (i % 141),
				    60 + (i % 141));
	p[8 * 160 + 100] = 0xff000000;
	p[9 * 160 + 120] = 0xffffffff;
	for (d = 0; d < 3; d++) {
		struct ledcolor_opts o = {1, 1, d, 1};
		int lit = 0, grey = 0;

		assert_int_equal(ledcolor_quantize(c, &o, out), 0);
		for (i = 0; i < 160 * 16; i++) {
			if (p[i] == 0xffffffff)
				assert_int_equal(out[i], 1);
			else if (p[i] == 0xff000000)
				assert_int_equal(out[i], 0);
			else {
				grey++;
				lit += out[i];
			}
		}
		if (d != LED_DITHER_NONE) {
			/* Mean of linear light of greys 60..200 is about
			   0.25: between 15% and 35% lit. */
			assert_true(lit > grey * 15 / 100);
			assert_true(lit < grey * 35 / 100);
		}
	}
	canvas_destroy(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cie_curve),
		cmocka_unit_test(test_bad_opts),
		cmocka_unit_test(test_endpoints),
		cmocka_unit_test(test_luminance_and_alpha),
		cmocka_unit_test(test_quantize_monotonic),
		cmocka_unit_test(test_gradient_mean),
		cmocka_unit_test(test_ordered_stable),
		cmocka_unit_test(test_one_bit_sign),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
