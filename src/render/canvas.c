/*
 * canvas: see canvas.h.
 *
 * Blending is straight-alpha "source over" in exact integer arithmetic:
 * a source alpha of 255 stores the source, 0 leaves the destination as it
 * was, and on an opaque destination (the common case: every panel canvas
 * is cleared opaque) each channel is round((s * a + d * (255 - a)) / 255),
 * two channels at a time.  The fast paths (opaque fill = row fill, opaque
 * blit = memcpy per row, full glyph coverage = plain store) matter: a
 * steady 1920x540 frame is mostly these.
 */
#include "render/canvas.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#define CANVAS_MAX 16384

struct canvas {
	int w, h, stride;
	struct rect clip;
	/* 1 = every pixel has alpha 255 (see canvas_set_opaque()).  Source
	   over keeps an opaque canvas opaque, so only canvas_clear() with a
	   translucent colour and canvas_pixels() reset it. */
	int opaque_hint;
	uint32_t *px;
};

/* wmemset() is glibc's vectorised 32-bit fill; wchar_t is 32 bits here. */
_Static_assert(sizeof(wchar_t) == sizeof(uint32_t), "wchar_t is 32 bits");

/* GCC/clang vector type: SSE2 on the development machines, NEON on the
   boards. */
typedef uint32_t v4u32 __attribute__((vector_size(16)));
typedef uint16_t v8u16 __attribute__((vector_size(16)));
typedef uint8_t v16u8 __attribute__((vector_size(16)));
typedef uint64_t v2u64 __attribute__((vector_size(16)));
typedef uint32_t v8u32 __attribute__((vector_size(32)));
typedef uint64_t v4u64 __attribute__((vector_size(32)));

/* On x86-64 an AVX2 clone of the hot scans is picked at load time. */
#if defined(__x86_64__) && defined(__has_attribute)
#if __has_attribute(target_clones)
#define HOT_CLONES __attribute__((target_clones("avx2", "default")))
#endif
#endif
#ifndef HOT_CLONES
#define HOT_CLONES
#endif

static void fill_row(uint32_t *d, int n, uint32_t v)
{
	wmemset((wchar_t *)d, (wchar_t)v, (size_t)n);
}

static inline void fill_8(uint32_t *d, uint32_t v)
{
	int i;

	for (i = 0; i < 8; i++)
		d[i] = v;
}

/* round(x / 255) for 0 <= x <= 65279. */
static inline uint32_t div255(uint32_t x)
{
	x += 128;
	return (x + (x >> 8)) >> 8;
}

/*
 * Source over for one pixel: colour @s (its own alpha ignored) with
 * effective alpha @a (1..254) onto @d.
 */
static inline uint32_t blend_px(uint32_t d, uint32_t s, uint32_t a)
{
	uint32_t da = d >> 24, t, oa, r, g, b;

	if (da == 255) {
		uint32_t ia = 255 - a, rb, ag;

		/* Two 8-bit channels per 32-bit word, each lane <= 65407. */
		rb = (s & 0xff00ff) * a + (d & 0xff00ff) * ia + 0x800080;
		rb = ((rb + ((rb >> 8) & 0xff00ff)) >> 8) & 0xff00ff;
		ag = ((s >> 8) & 0xff) * a + ((d >> 8) & 0xff) * ia + 128;
		ag = (ag + (ag >> 8)) >> 8;
		return 0xff000000u | rb | ag << 8;
	}
	if (da == 0)
		return a << 24 | (s & 0xffffff);
	/*
	 * General case, in units of 1/255^2 so nothing is rounded early:
	 * out_a = a + d_a (1 - a), out = (s a + d d_a (1 - a)) / out_a.
	 */
	t = da * (255 - a);
	oa = a * 255 + t;
	a *= 255;
	r = (ARGB_R(s) * a + ARGB_R(d) * t + oa / 2) / oa;
	g = (ARGB_G(s) * a + ARGB_G(d) * t + oa / 2) / oa;
	b = (ARGB_B(s) * a + ARGB_B(d) * t + oa / 2) / oa;
	return ARGB(div255(oa), r, g, b);
}

/* Source over with full alpha handling: @a is 0..255. */
static inline uint32_t over_px(uint32_t d, uint32_t s, uint32_t a)
{
	if (a == 255)
		return s | 0xff000000u;
	if (a == 0)
		return d;
	return blend_px(d, s, a);
}

/*
 * Vector blending onto opaque pixels, branch-free, four at a time.  Each
 * 32-bit pixel is viewed as two 16-bit lanes: the even bytes (blue and
 * red on little-endian machines) masked out, the odd bytes (green and
 * alpha) shifted down, so every channel has 16 bits of headroom and
 * c k + d (255 - k) + 128 fits.  Per channel this is exactly the scalar
 * blend_px() for an opaque destination; alpha stays 255 since
 * 255 k + 255 (255 - k) = 255 * 255.  @ce and @co: the colour's even and
 * odd lanes; @k: the coverage of each pixel, in both of its lanes.
 */
struct vcolor {
	v8u16 e, o;
};

static inline struct vcolor vcolor(uint32_t argb)
{
	/* The colour's alpha is in k; its own must be 255 here. */
	uint32_t op = argb | 0xff000000u;
	v4u32 c = {op, op, op, op};
	struct vcolor vc = {(v8u16)c & 0xff, (v8u16)c >> 8};

	return vc;
}

static inline void blend4_opaque(uint32_t *d, v8u16 k, struct vcolor c)
{
	v8u16 ik = 255 - k, e, o;
	v4u32 dv;

	memcpy(&dv, d, sizeof(dv));
	e = c.e * k + ((v8u16)dv & 0xff) * ik + 128;
	o = c.o * k + ((v8u16)dv >> 8) * ik + 128;
	e = (e + (e >> 8)) >> 8;
	o = (o + (o >> 8)) & 0xff00;
	dv = (v4u32)(e | o);
	memcpy(d, &dv, sizeof(dv));
}

/* Eight pixels at @d, coverage @m[0..8), onto opaque pixels. */
static inline void mask8_opaque(uint32_t *d, const uint8_t *m, struct vcolor c)
{
	v16u8 kb = {0}, z = {0};
	v8u16 kw;

	memcpy(&kb, m, 8);
	/* Widen to 16 bits, then double each lane: k0 k0 k1 k1 ... */
	kw = (v8u16)__builtin_shufflevector(kb, z, 0, 16, 1, 17, 2, 18, 3, 19,
					    4, 20, 5, 21, 6, 22, 7, 23);
	blend4_opaque(
		d, __builtin_shufflevector(kw, kw, 0, 0, 1, 1, 2, 2, 3, 3), c);
	blend4_opaque(d + 4,
		      __builtin_shufflevector(kw, kw, 4, 4, 5, 5, 6, 6, 7, 7),
		      c);
}

struct canvas *canvas_create(int w, int h, struct errbuf *e)
{
	struct canvas *c;
	size_t bytes;

	if (w < 1 || h < 1 || w > CANVAS_MAX || h > CANVAS_MAX) {
		errbuf_set(e, "canvas %dx%d: size out of range 1..%d", w, h,
			   CANVAS_MAX);
		errno = EINVAL;
		return NULL;
	}
	c = calloc(1, sizeof(*c));
	if (!c)
		goto err_struct;
	c->w = w;
	c->h = h;
	c->stride = w;
	c->clip = (struct rect){0, 0, w, h};
	/* 64-byte aligned rows start for the vectorised loops. */
	bytes = ((size_t)w * (size_t)h * sizeof(uint32_t) + 63) & ~(size_t)63;
	c->px = aligned_alloc(64, bytes);
	if (!c->px)
		goto err_pixels;
	memset(c->px, 0, bytes);
	return c;

err_pixels:
	free(c);
err_struct:
	errbuf_set(e, "canvas %dx%d: out of memory", w, h);
	errno = ENOMEM;
	return NULL;
}

void canvas_destroy(struct canvas *c)
{
	if (!c)
		return;
	free(c->px);
	free(c);
}

int canvas_width(const struct canvas *c)
{
	return c->w;
}

int canvas_height(const struct canvas *c)
{
	return c->h;
}

int canvas_stride(const struct canvas *c)
{
	return c->stride;
}

uint32_t *canvas_pixels(struct canvas *c)
{
	c->opaque_hint = 0;
	return c->px;
}

const uint32_t *canvas_pixels_const(const struct canvas *c)
{
	return c->px;
}

void canvas_set_opaque(struct canvas *c, int opaque)
{
	c->opaque_hint = !!opaque;
}

int canvas_opaque(const struct canvas *c)
{
	return c->opaque_hint;
}

/* ---- rectangles ---- */

int rect_empty(struct rect r)
{
	return r.w <= 0 || r.h <= 0;
}

struct rect rect_intersect(struct rect a, struct rect b)
{
	/* 64-bit edges: x + w may overflow int for hostile rectangles. */
	long long x0 = a.x > b.x ? a.x : b.x;
	long long y0 = a.y > b.y ? a.y : b.y;
	long long ax1 = (long long)a.x + a.w, bx1 = (long long)b.x + b.w;
	long long ay1 = (long long)a.y + a.h, by1 = (long long)b.y + b.h;
	long long x1 = ax1 < bx1 ? ax1 : bx1;
	long long y1 = ay1 < by1 ? ay1 : by1;

	if (rect_empty(a) || rect_empty(b) || x1 <= x0 || y1 <= y0)
		return (struct rect){0, 0, 0, 0};
	return (struct rect){(int)x0, (int)y0, (int)(x1 - x0), (int)(y1 - y0)};
}

struct rect rect_union(struct rect a, struct rect b)
{
	long long x0, y0, x1, y1;

	if (rect_empty(a))
		return rect_empty(b) ? (struct rect){0, 0, 0, 0} : b;
	if (rect_empty(b))
		return a;
	x0 = a.x < b.x ? a.x : b.x;
	y0 = a.y < b.y ? a.y : b.y;
	x1 = (long long)a.x + a.w;
	if ((long long)b.x + b.w > x1)
		x1 = (long long)b.x + b.w;
	y1 = (long long)a.y + a.h;
	if ((long long)b.y + b.h > y1)
		y1 = (long long)b.y + b.h;
	if (x1 - x0 > 0x7fffffff)
		x1 = x0 + 0x7fffffff;
	if (y1 - y0 > 0x7fffffff)
		y1 = y0 + 0x7fffffff;
	return (struct rect){(int)x0, (int)y0, (int)(x1 - x0), (int)(y1 - y0)};
}

/* ---- clip ---- */

void canvas_clip_set(struct canvas *c, struct rect r)
{
	c->clip = rect_intersect(r, (struct rect){0, 0, c->w, c->h});
}

void canvas_clip_reset(struct canvas *c)
{
	c->clip = (struct rect){0, 0, c->w, c->h};
}

struct rect canvas_clip(const struct canvas *c)
{
	return c->clip;
}

/* ---- fills ---- */

static void fill_opaque(struct canvas *c, struct rect r, uint32_t v)
{
	uint32_t *row = c->px + (size_t)r.y * c->stride + r.x;
	int y;

	if (r.x == 0 && r.w == c->w && c->stride == c->w) {
		/* The whole width: one fill over all rows. */
		fill_row(row, r.w * r.h, v);
		return;
	}
	for (y = 0; y < r.h; y++, row += c->stride)
		fill_row(row, r.w, v);
}

void canvas_clear(struct canvas *c, uint32_t argb)
{
	struct rect r = c->clip;

	if (rect_empty(r))
		return;
	if (ARGB_A(argb) != 255)
		c->opaque_hint = 0;
	else if (r.w == c->w && r.h == c->h)
		c->opaque_hint = 1;
	fill_opaque(c, r, argb);
}

void canvas_fill(struct canvas *c, struct rect r, uint32_t argb)
{
	uint32_t a = ARGB_A(argb), *row;
	int x, y;

	r = rect_intersect(r, c->clip);
	if (rect_empty(r) || a == 0)
		return;
	if (a == 255) {
		fill_opaque(c, r, argb);
		return;
	}
	row = c->px + (size_t)r.y * c->stride + r.x;
	if (c->opaque_hint) {
		/* Translucent panels on an opaque canvas: vectors. */
		struct vcolor vc = vcolor(argb);
		v8u16 k = {0};

		k += (uint16_t)a;
		for (y = 0; y < r.h; y++, row += c->stride) {
			for (x = 0; x + 4 <= r.w; x += 4)
				blend4_opaque(row + x, k, vc);
			for (; x < r.w; x++)
				row[x] = blend_px(row[x], argb, a);
		}
		return;
	}
	for (y = 0; y < r.h; y++, row += c->stride)
		for (x = 0; x < r.w; x++)
			row[x] = blend_px(row[x], argb, a);
}

/* ---- blits ---- */

/* 1 if all lanes of @acc have alpha 255. */
static inline int v_opaque(v4u32 acc)
{
	v2u64 q = (v2u64)acc;

	return ((q[0] & q[1]) & 0xff000000ff000000ull) == 0xff000000ff000000ull;
}

HOT_CLONES
int canvas_row_opaque(const uint32_t *s, int n)
{
	uint32_t m = 0xffffffffu;
	int i = 0;

	/* 64 pixels a step in 32-byte vectors (two SSE2 registers each
	   without AVX2). */
	for (; i + 64 <= n; i += 64) {
		v8u32 v0, v1, v2, v3, v4, v5, v6, v7;
		v4u64 q;

		memcpy(&v0, s + i, sizeof(v0));
		memcpy(&v1, s + i + 8, sizeof(v1));
		memcpy(&v2, s + i + 16, sizeof(v2));
		memcpy(&v3, s + i + 24, sizeof(v3));
		memcpy(&v4, s + i + 32, sizeof(v4));
		memcpy(&v5, s + i + 40, sizeof(v5));
		memcpy(&v6, s + i + 48, sizeof(v6));
		memcpy(&v7, s + i + 56, sizeof(v7));
		q = (v4u64)(((v0 & v1) & (v2 & v3)) & ((v4 & v5) & (v6 & v7)));
		if ((((q[0] & q[1]) & (q[2] & q[3])) & 0xff000000ff000000ull) !=
		    0xff000000ff000000ull)
			return 0;
	}
	for (; i + 4 <= n; i += 4) {
		v4u32 a;

		memcpy(&a, s + i, sizeof(a));
		if (!v_opaque(a))
			return 0;
	}
	for (; i < n; i++)
		m &= s[i];
	return m >= 0xff000000u;
}

/*
 * Copies a row of @n pixels from @s to @d (different canvases) where it
 * is opaque and blends the rest, 32 and then 4 pixels at a time: images
 * with an alpha channel are mostly opaque.
 */
static void copy_or_blend_row(uint32_t *d, const uint32_t *s, int n)
{
	int i = 0, k;

	for (; i + 32 <= n; i += 32) {
		v4u32 v0, v1, v2, v3, v4, v5, v6, v7;

		memcpy(&v0, s + i, sizeof(v0));
		memcpy(&v1, s + i + 4, sizeof(v1));
		memcpy(&v2, s + i + 8, sizeof(v2));
		memcpy(&v3, s + i + 12, sizeof(v3));
		memcpy(&v4, s + i + 16, sizeof(v4));
		memcpy(&v5, s + i + 20, sizeof(v5));
		memcpy(&v6, s + i + 24, sizeof(v6));
		memcpy(&v7, s + i + 28, sizeof(v7));
		if (v_opaque(((v0 & v1) & (v2 & v3)) &
			     ((v4 & v5) & (v6 & v7)))) {
			memcpy(d + i, &v0, sizeof(v0));
			memcpy(d + i + 4, &v1, sizeof(v1));
			memcpy(d + i + 8, &v2, sizeof(v2));
			memcpy(d + i + 12, &v3, sizeof(v3));
			memcpy(d + i + 16, &v4, sizeof(v4));
			memcpy(d + i + 20, &v5, sizeof(v5));
			memcpy(d + i + 24, &v6, sizeof(v6));
			memcpy(d + i + 28, &v7, sizeof(v7));
			continue;
		}
		for (k = i; k < i + 32; k++)
			d[k] = over_px(d[k], s[k], s[k] >> 24);
	}
	for (; i + 4 <= n; i += 4) {
		v4u32 a;

		memcpy(&a, s + i, sizeof(a));
		if (v_opaque(a)) {
			memcpy(d + i, &a, sizeof(a));
			continue;
		}
		for (k = i; k < i + 4; k++)
			d[k] = over_px(d[k], s[k], s[k] >> 24);
	}
	for (; i < n; i++)
		d[i] = over_px(d[i], s[i], s[i] >> 24);
}

static void blit_row(uint32_t *d, const uint32_t *s, int n, uint32_t op,
		     int backwards)
{
	int i;

	if (op == 255) {
		if (!backwards) {
			for (i = 0; i < n; i++)
				d[i] = over_px(d[i], s[i], s[i] >> 24);
		} else {
			for (i = n - 1; i >= 0; i--)
				d[i] = over_px(d[i], s[i], s[i] >> 24);
		}
		return;
	}
	if (!backwards) {
		for (i = 0; i < n; i++)
			d[i] = over_px(d[i], s[i], div255((s[i] >> 24) * op));
	} else {
		for (i = n - 1; i >= 0; i--)
			d[i] = over_px(d[i], s[i], div255((s[i] >> 24) * op));
	}
}

void canvas_blit(struct canvas *dst, int x, int y, const struct canvas *src,
		 struct rect sr, uint8_t opacity)
{
	struct rect src_full = {0, 0, src->w, src->h}, dr;
	const uint32_t *s;
	uint32_t *d;
	int row, step, backwards, ncols;

	if (opacity == 0)
		return;
	/* Clip the source rectangle to the source, shifting the target. */
	dr = rect_intersect(sr, src_full);
	if (rect_empty(dr))
		return;
	x += dr.x - sr.x;
	y += dr.y - sr.y;
	sr = dr;
	/* Then the target rectangle to the destination's clip. */
	dr = rect_intersect((struct rect){x, y, sr.w, sr.h}, dst->clip);
	if (rect_empty(dr))
		return;
	sr.x += dr.x - x;
	sr.y += dr.y - y;
	ncols = dr.w;

	/* Blitting a canvas onto itself: walk away from the overlap. */
	backwards =
		src == dst && (dr.y > sr.y || (dr.y == sr.y && dr.x > sr.x));
	step = 1;
	row = 0;
	if (src == dst && dr.y > sr.y) {
		row = dr.h - 1;
		step = -1;
	}
	for (; row >= 0 && row < dr.h; row += step) {
		s = src->px + (size_t)(sr.y + row) * src->stride + sr.x;
		d = dst->px + (size_t)(dr.y + row) * dst->stride + dr.x;
		/* Test, then memcpy (glibc's is wider than our vectors);
		   rows with translucent pixels copy what they can. */
		if (opacity == 255 &&
		    (src->opaque_hint || canvas_row_opaque(s, ncols)))
			memmove(d, s, (size_t)ncols * sizeof(*d));
		else if (opacity == 255 && src != dst)
			copy_or_blend_row(d, s, ncols);
		else
			blit_row(d, s, ncols, opacity, backwards);
	}
}

/* ---- masks ---- */

/*
 * Clips a w x h mask placed at (*x, *y) against the clip; on return
 * (*x, *y, *w, *h) is the visible part on the canvas and (*mx, *my) where it
 * starts in the mask.  0 if nothing is visible.
 */
static int clip_mask(const struct canvas *c, int *x, int *y, int *w, int *h,
		     int *mx, int *my)
{
	const struct rect *k = &c->clip;
	struct rect r;

	/* Inside the clip, the common case (no overflow: the clip lies in
	   the canvas, so it is at most 16384 wide). */
	if (*x >= k->x && *y >= k->y && *w > 0 && *h > 0 &&
	    *w <= k->x + k->w - *x && *h <= k->y + k->h - *y) {
		*mx = *my = 0;
		return 1;
	}

	r = rect_intersect((struct rect){*x, *y, *w, *h}, c->clip);
	if (rect_empty(r))
		return 0;
	*mx = r.x - *x;
	*my = r.y - *y;
	*x = r.x;
	*y = r.y;
	*w = r.w;
	*h = r.h;
	return 1;
}

/* Eight coverage bytes as one little-endian word: byte i = pixel i. */
static inline uint64_t load_cov8(const uint8_t *m)
{
	uint64_t v;

	memcpy(&v, m, sizeof(v));
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	v = __builtin_bswap64(v);
#endif
	return v;
}

/*
 * Eight coverage bytes @v (byte i for pixel i) of opaque colour @argb:
 * full bytes store, partial ones blend, zero ones are skipped without a
 * look (found with word-wide bit tricks).
 */
static inline void mask_word(uint32_t *d, uint64_t v, uint32_t argb)
{
	const uint64_t lo7 = 0x7f7f7f7f7f7f7f7full;
	/* High bit of each non-zero byte. */
	uint64_t nz = (((v & lo7) + lo7) | v) & ~lo7;

	while (nz) {
		int sh = __builtin_ctzll(nz) - 7;
		uint32_t k = (uint32_t)(v >> sh) & 0xff, *p = d + (sh >> 3);

		*p = k == 255 ? argb : blend_px(*p, argb, k);
		nz &= nz - 1;
	}
}

void canvas_mask(struct canvas *c, int x, int y, const uint8_t *mask, int w,
		 int h, int pitch, uint32_t argb)
{
	uint32_t ca = ARGB_A(argb), *d;
	const uint8_t *m;
	int mx, my, i, j;

	if (!mask || ca == 0 || !clip_mask(c, &x, &y, &w, &h, &mx, &my))
		return;
	m = mask + (size_t)my * pitch + mx;
	d = c->px + (size_t)y * c->stride + x;
	if (ca == 255) {
		/* Glyphs are mostly empty or solid: 8 pixels at a time,
		   the mixed ones in vector registers on opaque canvases. */
		int opaque = c->opaque_hint;
		struct vcolor vc = vcolor(argb);

		for (j = 0; j < h; j++, m += pitch, d += c->stride) {
			for (i = 0; i + 8 <= w; i += 8) {
				uint64_t v = load_cov8(m + i);

				if (v == 0)
					continue;
				if (v == ~(uint64_t)0)
					fill_8(d + i, argb);
				else if (opaque)
					mask8_opaque(d + i, m + i, vc);
				else
					mask_word(d + i, v, argb);
			}
			for (; i < w; i++) {
				uint32_t k = m[i];

				if (k)
					d[i] = k == 255 ? argb
							: blend_px(d[i], argb,
								   k);
			}
		}
		return;
	}
	for (j = 0; j < h; j++, m += pitch, d += c->stride) {
		for (i = 0; i < w; i++) {
			uint32_t k = m[i];

			if (k)
				d[i] = blend_px(d[i], argb, div255(k * ca));
		}
	}
}

/* Bit reversal of a byte: mono masks are MSB first, words LSB first. */
#define R2(n) n, n + 2 * 64, n + 1 * 64, n + 3 * 64
#define R4(n) R2(n), R2(n + 2 * 16), R2(n + 1 * 16), R2(n + 3 * 16)
#define R6(n) R4(n), R4(n + 2 * 4), R4(n + 1 * 4), R4(n + 3 * 4)
static const uint8_t rev8[256] = {R6(0), R6(2), R6(1), R6(3)};
#undef R2
#undef R4
#undef R6

/* @n (1..8) mask bytes as one word, bit i = column i. */
static inline uint64_t load_bits(const uint8_t *m, int n)
{
	uint64_t v;
	int i;

	switch (n) {
	case 1:
		return rev8[m[0]];
	case 2:
		return rev8[m[0]] | (uint64_t)rev8[m[1]] << 8;
	}
	v = 0;
	for (i = n - 1; i >= 0; i--)
		v = v << 8 | rev8[m[i]];
	return v;
}

/* Set bits of @bits (bit i = column i of @d) in colour @argb, alpha @ca. */
static inline void bits_draw(uint32_t *d, uint64_t bits, uint32_t argb,
			     uint32_t ca)
{
	if (ca == 255) {
		for (; bits; bits &= bits - 1)
			d[__builtin_ctzll(bits)] = argb;
		return;
	}
	for (; bits; bits &= bits - 1) {
		uint32_t *p = d + __builtin_ctzll(bits);

		*p = blend_px(*p, argb, ca);
	}
}

/* Columns lo..hi (both 0..63 or hi beyond) of a word. */
static inline uint64_t cols_mask(int lo, int hi)
{
	uint64_t mk = ~(uint64_t)0 << lo;

	return hi < 63 ? mk & (~(uint64_t)0 >> (63 - hi)) : mk;
}

void canvas_mask1(struct canvas *c, int x, int y, const uint8_t *mask, int w,
		  int h, int pitch, uint32_t argb)
{
	uint32_t ca = ARGB_A(argb), *d;
	const uint8_t *m;
	int mx, my, j, b, nbytes, lo;

	if (!mask || ca == 0 || !clip_mask(c, &x, &y, &w, &h, &mx, &my))
		return;
	/* Visible bits mx..mx+w-1 of each row, taken 64 at a time starting
	   at byte mx / 8; d points at the canvas column of that byte's MSB. */
	m = mask + (size_t)my * pitch + (mx >> 3);
	d = c->px + (size_t)y * c->stride + x - (mx & 7);
	lo = mx & 7;
	nbytes = (lo + w + 7) >> 3;
	if (ca == 255 && nbytes <= 2) {
		/* LED glyphs (up to 16 px wide) in an opaque colour: the
		   loop the LED frame spends its time in. */
		uint32_t cols = (uint32_t)cols_mask(lo, lo + w - 1);
		const int stride = c->stride;

		for (j = 0; j < h; j++, m += pitch, d += stride) {
			uint32_t bits = rev8[m[0]];

			if (nbytes == 2)
				bits |= (uint32_t)rev8[m[1]] << 8;
			for (bits &= cols; bits; bits &= bits - 1)
				d[__builtin_ctz(bits)] = argb;
		}
		return;
	}
	if (nbytes <= 8) {
		/* One word per row. */
		uint64_t cols = cols_mask(lo, lo + w - 1);

		for (j = 0; j < h; j++, m += pitch, d += c->stride) {
			uint64_t bits = load_bits(m, nbytes) & cols;

			if (bits)
				bits_draw(d, bits, argb, ca);
		}
		return;
	}
	for (j = 0; j < h; j++, m += pitch, d += c->stride) {
		for (b = 0; b < nbytes; b += 8) {
			int n = nbytes - b < 8 ? nbytes - b : 8;
			uint64_t bits =
				load_bits(m + b, n) &
				cols_mask(b ? 0 : lo, lo + w - 1 - b * 8);

			if (bits)
				bits_draw(d + b * 8, bits, argb, ca);
		}
	}
}

/* ---- comparison and copying ---- */

struct rect canvas_diff(const struct canvas *a, const struct canvas *b)
{
	size_t rowbytes = (size_t)a->w * sizeof(uint32_t);
	int y0, y1, x0, x1, y, x;

	if (a->w != b->w || a->h != b->h)
		return (struct rect){0, 0, a->w > b->w ? a->w : b->w,
				     a->h > b->h ? a->h : b->h};
	for (y0 = 0; y0 < a->h; y0++)
		if (memcmp(a->px + (size_t)y0 * a->stride,
			   b->px + (size_t)y0 * b->stride, rowbytes))
			break;
	if (y0 == a->h)
		return (struct rect){0, 0, 0, 0};
	for (y1 = a->h - 1; y1 > y0; y1--)
		if (memcmp(a->px + (size_t)y1 * a->stride,
			   b->px + (size_t)y1 * b->stride, rowbytes))
			break;
	/* Narrow columns: scan only outside the span found so far. */
	x0 = a->w;
	x1 = -1;
	for (y = y0; y <= y1; y++) {
		const uint32_t *pa = a->px + (size_t)y * a->stride;
		const uint32_t *pb = b->px + (size_t)y * b->stride;

		for (x = 0; x < x0; x++)
			if (pa[x] != pb[x]) {
				x0 = x;
				break;
			}
		for (x = a->w - 1; x > x1; x--)
			if (pa[x] != pb[x]) {
				x1 = x;
				break;
			}
	}
	return (struct rect){x0, y0, x1 - x0 + 1, y1 - y0 + 1};
}

int canvas_copy(struct canvas *dst, const struct canvas *src)
{
	int y;

	if (dst->w != src->w || dst->h != src->h) {
		errno = EINVAL;
		return -1;
	}
	if (dst == src)
		return 0;
	for (y = 0; y < src->h; y++)
		memcpy(dst->px + (size_t)y * dst->stride,
		       src->px + (size_t)y * src->stride,
		       (size_t)src->w * sizeof(uint32_t));
	dst->opaque_hint = src->opaque_hint;
	return 0;
}
