/*
 * ledcolor: see ledcolor.h.
 *
 * Everything runs in fixed point: a channel's linear light is a level on
 * 0..max (max = 2^bits - 1) with 8 fraction bits, looked up in a table
 * built once per process for every bit depth.  Quantising is then
 * (value + threshold) >> 8 with threshold 128 (nearest), a Bayer cell
 * (ordered) or 128 plus the diffused error.
 *
 * Exact endpoints: 0 maps to 0 and 255 to max*256 exactly, Bayer
 * thresholds lie in 2..254, and error diffusion neither takes error into
 * nor gives error away from a pure-black or full-on sample.  So text drawn
 * at full and zero intensity comes out exactly, dithered or not, and only
 * the in-between (anti-aliased edges, gradients, images) is dithered.
 */
#include "render/ledcolor.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define BITS_MAX 11
#define FRAC 8 /* fraction bits of linear levels */
#define ONE (1 << FRAC)

/* Rec. 709 luminance weights in 1/4096, summing to exactly 4096 so that
   grey in gives the same level out. */
#define W_BITS 12
#define W_ONE (1 << W_BITS)
#define W_R 871
#define W_G 2929
#define W_B 296

/* [cie][bits][v]: linear level of 8-bit value v, with FRAC fraction bits. */
static uint32_t lin_tab[2][BITS_MAX + 1][256];
/* [bits][v]: the same rounded to a whole level (ledcolor_cie()). */
static uint16_t cie_tab[BITS_MAX + 1][256];
static pthread_once_t lin_once = PTHREAD_ONCE_INIT;

/* 8x8 Bayer matrix (0..63). */
static const uint8_t bayer8[8][8] = {
	{0, 32, 8, 40, 2, 34, 10, 42},	{48, 16, 56, 24, 50, 18, 58, 26},
	{12, 44, 4, 36, 14, 46, 6, 38}, {60, 28, 52, 20, 62, 30, 54, 22},
	{3, 35, 11, 43, 1, 33, 9, 41},	{51, 19, 59, 27, 49, 17, 57, 25},
	{15, 47, 7, 39, 13, 45, 5, 37}, {63, 31, 55, 23, 61, 29, 53, 21},
};

/* CIE 1931 lightness L* = 100 v / 255 back to relative luminance Y. */
static double cie_y(int v)
{
	double l = v * 100.0 / 255.0;

	if (l <= 8.0)
		return l / 903.2962962962963; /* (29/3)^3 */
	l = (l + 16.0) / 116.0;
	return l * l * l;
}

static void lin_init(void)
{
	int bits, v;

	for (bits = 1; bits <= BITS_MAX; bits++) {
		double max = (double)((1 << bits) - 1);

		for (v = 0; v < 256; v++) {
			lin_tab[1][bits][v] =
				(uint32_t)lround(cie_y(v) * max * ONE);
			cie_tab[bits][v] = (uint16_t)lround(cie_y(v) * max);
			lin_tab[0][bits][v] =
				(uint32_t)(((1u << bits) - 1) * ONE * v / 255);
		}
		/* Exact endpoints, whatever the floating point did. */
		lin_tab[1][bits][0] = 0;
		lin_tab[1][bits][255] = ((1u << bits) - 1) * ONE;
	}
}

static const uint32_t *lin_table(int cie, int bits)
{
	pthread_once(&lin_once, lin_init);
	return lin_tab[!!cie][bits];
}

uint16_t ledcolor_cie(uint8_t v, int bits)
{
	if (bits < 1 || bits > BITS_MAX)
		return 0;
	pthread_once(&lin_once, lin_init);
	return cie_tab[bits][v];
}

/* ---- one row of linear values ---- */

/* 8-bit value times alpha / 255, rounded: compositing on black. */
static inline uint32_t on_black(uint32_t v, uint32_t a)
{
	return (v * a + 127) / 255;
}

/* Black, or fully transparent (black once composited): most of a sign. */
static inline int is_black(uint32_t p)
{
	/* Opaque black first: what LED canvases are cleared to. */
	return p == 0xff000000u || (p & 0xffffff) == 0 || p < 0x01000000u;
}

/* The pixel's R, G, B composited on black, linear. */
static inline void lin3(uint32_t p, const uint32_t *tab, uint32_t v[3])
{
	uint32_t a = p >> 24, r = ARGB_R(p), g = ARGB_G(p), b = ARGB_B(p);

	if (a != 255) {
		r = on_black(r, a);
		g = on_black(g, a);
		b = on_black(b, a);
	}
	v[0] = tab[r];
	v[1] = tab[g];
	v[2] = tab[b];
}

/* Linear luminance; <= 2047 * 256 * 4096 before the shift: fits. */
static inline uint32_t lum(uint32_t p, const uint32_t *tab)
{
	uint32_t v[3];

	lin3(p, tab, v);
	return (v[0] * W_R + v[1] * W_G + v[2] * W_B + W_ONE / 2) >> W_BITS;
}

/* Linear values of row @s, @ch per pixel, into @lv (for diffusion). */
static void row_linear(const uint32_t *s, int w, int ch, const uint32_t *tab,
		       uint32_t *lv)
{
	int x;

	if (ch == 1) {
		for (x = 0; x < w; x++)
			lv[x] = is_black(s[x]) ? 0 : lum(s[x], tab);
		return;
	}
	for (x = 0; x < w; x++, lv += 3) {
		if (is_black(s[x]))
			lv[0] = lv[1] = lv[2] = 0;
		else
			lin3(s[x], tab, lv);
	}
}

/*
 * Levels of row @s with threshold @thr[x & 7]: all ONE / 2 rounds to the
 * nearest level, a Bayer row dithers.  No clamp is needed: linear values
 * are <= max * ONE and thresholds < ONE.  Black costs a test.
 */
static void quant_pattern(const uint32_t *s, int w, int ch, const uint32_t *tab,
			  const uint32_t thr[8], uint16_t *out)
{
	int x;

	if (ch == 1) {
		for (x = 0; x < w; x++)
			out[x] = is_black(s[x]) ? 0
						: (uint16_t)((lum(s[x], tab) +
							      thr[x & 7]) >>
							     FRAC);
		return;
	}
	for (x = 0; x < w; x++, out += 3) {
		uint32_t v[3], t = thr[x & 7];

		if (is_black(s[x])) {
			out[0] = out[1] = out[2] = 0;
			continue;
		}
		lin3(s[x], tab, v);
		out[0] = (uint16_t)((v[0] + t) >> FRAC);
		out[1] = (uint16_t)((v[1] + t) >> FRAC);
		out[2] = (uint16_t)((v[2] + t) >> FRAC);
	}
}

/*
 * Floyd-Steinberg, serpentine.  @cur holds the error diffused into this
 * row (ch values per pixel, with one pixel of margin each side), @next
 * collects the error for the next row; both in 1/16 of a FRAC unit.
 */
static inline uint16_t fs_sample(int32_t v, int32_t full, int32_t *cur,
				 int32_t *next, int k, int d)
{
	int32_t q, err;

	if (v == 0 || v == full)
		return (uint16_t)(v >> FRAC); /* exact, and stops the error */
	v += cur[k] >> 4;
	if (v < 0)
		v = 0;
	if (v > full)
		v = full;
	q = (v + ONE / 2) >> FRAC;
	err = v - q * ONE;
	cur[k + d] += err * 7;
	next[k - d] += err * 3;
	next[k] += err * 5;
	next[k + d] += err;
	return (uint16_t)q;
}

static void quant_diffuse(const uint32_t *lv, int w, int ch, int y,
			  uint32_t max, int32_t *cur, int32_t *next,
			  uint16_t *out)
{
	const int32_t full = (int32_t)(max * ONE);
	int dir = y & 1 ? -1 : 1, x = y & 1 ? w - 1 : 0, i;

	memset(next, 0, (size_t)(w + 2) * ch * sizeof(*next));
	if (ch == 1) {
		for (i = 0; i < w; i++, x += dir)
			out[x] = fs_sample((int32_t)lv[x], full, cur, next,
					   x + 1, dir);
		return;
	}
	for (i = 0; i < w; i++, x += dir) {
		int k = (x + 1) * 3; /* index with margin */

		out[3 * x] = fs_sample((int32_t)lv[3 * x], full, cur, next, k,
				       3 * dir);
		out[3 * x + 1] = fs_sample((int32_t)lv[3 * x + 1], full, cur,
					   next, k + 1, 3 * dir);
		out[3 * x + 2] = fs_sample((int32_t)lv[3 * x + 2], full, cur,
					   next, k + 2, 3 * dir);
	}
}

int ledcolor_quantize(const struct canvas *src, const struct ledcolor_opts *o,
		      uint16_t *out)
{
	int w, h, ch, y, stride;
	const uint32_t *tab, *px;
	uint32_t max, *lv = NULL;
	int32_t *err = NULL;

	if (!src || !o || !out || (o->channels != 1 && o->channels != 3) ||
	    o->bits < 1 || o->bits > BITS_MAX ||
	    (o->dither != LED_DITHER_NONE && o->dither != LED_DITHER_ORDERED &&
	     o->dither != LED_DITHER_DIFFUSION)) {
		errno = EINVAL;
		return -1;
	}
	w = canvas_width(src);
	h = canvas_height(src);
	stride = canvas_stride(src);
	px = canvas_pixels_const(src);
	ch = o->channels;
	max = (1u << o->bits) - 1;
	tab = lin_table(o->cie, o->bits);

	if (o->dither == LED_DITHER_DIFFUSION) {
		lv = malloc((size_t)w * ch * sizeof(*lv));
		err = calloc((size_t)(w + 2) * ch * 2, sizeof(*err));
		if (!lv || !err)
			goto err_alloc;
	}
	for (y = 0; y < h; y++) {
		uint16_t *row = out + (size_t)y * w * ch;
		const uint32_t *s = px + (size_t)y * stride;
		uint32_t thr[8];
		int i;

		if (o->dither == LED_DITHER_DIFFUSION) {
			/* The two error rows swap roles every row. */
			int32_t *a = err + (size_t)(y & 1) * (w + 2) * ch;
			int32_t *b = err + (size_t)(~y & 1) * (w + 2) * ch;

			row_linear(s, w, ch, tab, lv);
			quant_diffuse(lv, w, ch, y, max, a, b, row);
			continue;
		}
		/* Bayer cell k of 64: threshold (k + 0.5) / 64. */
		for (i = 0; i < 8; i++)
			thr[i] = o->dither == LED_DITHER_NONE
					 ? ONE / 2
					 : bayer8[y & 7][i] * (ONE / 64) +
						   ONE / 128;
		quant_pattern(s, w, ch, tab, thr, row);
	}
	free(err);
	free(lv);
	return 0;

err_alloc:
	free(err);
	free(lv);
	errno = ENOMEM;
	return -1;
}
