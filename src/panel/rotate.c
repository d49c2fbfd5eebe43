/* rotate: see rotate.h. */
#include "panel/rotate.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* 32 x 32 pixels = 4 KiB of scratch: source rows, tile and destination
   rows of one tile all stay in L1. */
#define TILE 32

/* Formats with a path of our own next to pixfmt_convert(). */
enum fast {
	FAST_NONE,
	FAST_RGB565,
	FAST_BGR565,
	FAST_COPY32, /* XRGB8888: opaque pixels are stored as they are */
};

struct rotate {
	struct pixfmt fmt;
	enum fast fast;
	int avx2; /* 565 packing 16 pixels a step */
	int degrees;
	struct canvas *tile;
};

/* ---- 16 bpp fast path ----
 *
 * pixfmt_convert() packs RGB565 one pixel at a time, about 18 times slower
 * than memcpy() of the output.  Here 8 pixels go at once as 16-bit lanes
 * with GCC vector extensions (SSE2 on x86, NEON on arm, where the even/odd
 * split is one uzp instruction).  On a little-endian machine the low half
 * of 0xAARRGGBB is G:B and the high half A:R, so (truncating like pixfmt)
 *	RGB565 = (A:R << 8 & 0xf800) | (G:B >> 5 & 0x07e0) | (G:B >> 3 & 0x1f)
 *	BGR565 = (G:B << 8 & 0xf800) | (G:B >> 5 & 0x07e0) | (A:R >> 3 & 0x1f)
 * Opaque rows only; others go through pixfmt_convert(), which composites.
 * (__builtin_shufflevector: GCC 12 and clang.)
 */
#define PACK565_BODY(vec, lanes, even, odd)                                    \
	do {                                                                   \
		vec a, b, gb, ar, o;                                           \
		for (; i + (lanes) <= n; i += (lanes)) {                       \
			memcpy(&a, s + i, sizeof(a));                          \
			memcpy(&b, s + i + (lanes) / 2, sizeof(b));            \
			gb = SHUF_##even(a, b);                                \
			ar = SHUF_##odd(a, b);                                 \
			if (bgr)                                               \
				o = (gb << 8 & 0xf800) | (gb >> 5 & 0x07e0) |  \
				    (ar >> 3 & 0x1f);                          \
			else                                                   \
				o = (ar << 8 & 0xf800) | (gb >> 5 & 0x07e0) |  \
				    (gb >> 3 & 0x1f);                          \
			memcpy(d + 2 * i, &o, sizeof(o));                      \
		}                                                              \
	} while (0)

typedef uint16_t v8u16 __attribute__((vector_size(16)));
#define SHUF_EVEN8(a, b)                                                       \
	__builtin_shufflevector(a, b, 0, 2, 4, 6, 8, 10, 12, 14)
#define SHUF_ODD8(a, b) __builtin_shufflevector(a, b, 1, 3, 5, 7, 9, 11, 13, 15)

/* The last pixels, one by one; returns nothing, writes @d[i..n). */
static void pack565_tail(uint8_t *d, const uint32_t *s, int i, int n, int bgr)
{
	uint32_t p;
	uint16_t v;

	for (; i < n; i++) {
		p = bgr ? (s[i] & 0xff00) | (s[i] >> 16 & 0xff) |
				    (s[i] & 0xff) << 16
			: s[i];
		v = (uint16_t)((p >> 8 & 0xf800) | (p >> 5 & 0x07e0) |
			       (p >> 3 & 0x1f));
		memcpy(d + 2 * i, &v, 2);
	}
}

#if defined(__x86_64__)
/* 16 pixels a step where the CPU has AVX2 (twice the SSE2 speed); chosen
   at run time, the SSE2 code stays the baseline. */
typedef uint16_t v16u16 __attribute__((vector_size(32)));
#define SHUF_EVEN16(a, b)                                                      \
	__builtin_shufflevector(a, b, 0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20,   \
				22, 24, 26, 28, 30)
#define SHUF_ODD16(a, b)                                                       \
	__builtin_shufflevector(a, b, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21,   \
				23, 25, 27, 29, 31)

__attribute__((target("avx2"))) static void
pack565_avx2(uint8_t *d, const uint32_t *s, int n, int bgr)
{
	int i = 0;

	PACK565_BODY(v16u16, 16, EVEN16, ODD16);
	/* Clean upper halves before SSE code runs again: GCC leaves them
	   dirty on the tail call, and SSE code then ran at half speed. */
	__builtin_ia32_vzeroupper();
	pack565_tail(d, s, i, n, bgr);
}
#define HAVE_AVX2() __builtin_cpu_supports("avx2")
#else
#define pack565_avx2(d, s, n, bgr) ((void)0)
#define HAVE_AVX2() 0
#endif

static void pack565(uint8_t *d, const uint32_t *s, int n, int bgr, int avx2)
{
	int i = 0;

	if (avx2) {
		pack565_avx2(d, s, n, bgr);
		return;
	}
	PACK565_BODY(v8u16, 8, EVEN8, ODD8);
	pack565_tail(d, s, i, n, bgr);
}

static int field(struct pixfmt_field fl, int offset, int length)
{
	return fl.offset == offset && fl.length == length;
}

static enum fast fast_kind(const struct pixfmt *f)
{
	if (__BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__)
		return FAST_NONE;
	/* pixfmt writes the bits outside r, g, b as ones: alpha 255 */
	if (f->bpp == 32 && field(f->r, 16, 8) && field(f->g, 8, 8) &&
	    field(f->b, 0, 8) && (!f->a.length || field(f->a, 24, 8)))
		return FAST_COPY32;
	if (f->bpp != 16 || f->a.length || !field(f->g, 5, 6) ||
	    f->r.length != 5 || f->b.length != 5)
		return FAST_NONE;
	if (f->r.offset == 11 && f->b.offset == 0)
		return FAST_RGB565;
	if (f->r.offset == 0 && f->b.offset == 11)
		return FAST_BGR565;
	return FAST_NONE;
}

/* pixfmt_convert() with the fast path where it applies. */
static void convert(const struct rotate *rt, const struct canvas *c,
		    struct rect r, uint8_t *dst, size_t stride)
{
	const uint32_t *s = canvas_pixels_const(c);
	int ss = canvas_stride(c), opaque = canvas_opaque(c), y;

	if (rt->fast != FAST_RGB565 && rt->fast != FAST_BGR565) {
		pixfmt_convert(&rt->fmt, c, r, dst, stride);
		return;
	}
	for (y = r.y; y < r.y + r.h; y++) {
		const uint32_t *row = s + (size_t)y * ss + r.x;

		if (opaque || canvas_row_opaque(row, r.w))
			pack565(dst + (size_t)y * stride + (size_t)r.x * 2, row,
				r.w, rt->fast == FAST_BGR565, rt->avx2);
		else
			pixfmt_convert(&rt->fmt, c,
				       (struct rect){r.x, y, r.w, 1}, dst,
				       stride);
	}
}

struct rotate *rotate_create(const struct pixfmt *f, int degrees,
			     struct errbuf *e)
{
	struct rotate *rt;

	if (degrees != 0 && degrees != 90 && degrees != 180 && degrees != 270) {
		errno = EINVAL;
		errbuf_set(e, "rotation %d is not 0, 90, 180 or 270", degrees);
		return NULL;
	}
	if (pixfmt_check(f, e) < 0) {
		errno = EINVAL;
		return NULL;
	}
	rt = calloc(1, sizeof(*rt));
	if (!rt) {
		errbuf_errno(e, "rotation");
		return NULL;
	}
	rt->fmt = *f;
	rt->fast = fast_kind(f);
	/* PIDS_NO_AVX2 (tests, make bench) measures the SSE2 baseline. */
	rt->avx2 = HAVE_AVX2() && !getenv("PIDS_NO_AVX2");
	rt->degrees = degrees;
	if (degrees != 0) {
		rt->tile = canvas_create(TILE, TILE, e);
		if (!rt->tile)
			goto free_rt;
	}
	return rt;

free_rt:
	free(rt);
	return NULL;
}

void rotate_destroy(struct rotate *rt)
{
	if (!rt)
		return;
	canvas_destroy(rt->tile);
	free(rt);
}

void rotate_size(int degrees, int w, int h, int *pw, int *ph)
{
	int swap = degrees == 90 || degrees == 270;

	*pw = swap ? h : w;
	*ph = swap ? w : h;
}

struct rect rotate_rect(int degrees, int w, int h, struct rect r)
{
	switch (degrees) {
	case 90:
		return (struct rect){h - r.y - r.h, r.x, r.h, r.w};
	case 180:
		return (struct rect){w - r.x - r.w, h - r.y - r.h, r.w, r.h};
	case 270:
		return (struct rect){r.y, w - r.x - r.w, r.h, r.w};
	default:
		return r;
	}
}

/* The logical frame being gathered from. */
struct frame {
	const uint32_t *p;
	int ss, w, h; /* pixels per row, size */
};

/*
 * Gathers rows @i0..@th, columns @j0..@tw of the physical tile at (@px,
 * @py) from @f into @t (@ts pixels per row), pixel by pixel.  Each tile row
 * is a walk through the frame from a start pixel in steps of @step pixels:
 * up a column (90), backwards along a row (180) or down a column (270).
 */
static void gather_walk(const struct rotate *rt, const struct frame *f,
			uint32_t *t, ptrdiff_t ts, int px, int py, int i0,
			int j0, int tw, int th)
{
	int x = px + j0, i, j;
	const uint32_t *sp;
	ptrdiff_t step;

	for (i = i0; i < th; i++) {
		switch (rt->degrees) {
		case 90: /* physical (x, y) <- logical (y, h-1-x) */
			sp = f->p + (ptrdiff_t)(f->h - 1 - x) * f->ss + py + i;
			step = -f->ss;
			break;
		case 180: /* <- logical (w-1-x, h-1-y) */
			sp = f->p + (ptrdiff_t)(f->h - 1 - py - i) * f->ss +
			     f->w - 1 - x;
			step = -1;
			break;
		default: /* 270: <- logical (w-1-y, x) */
			sp = f->p + (ptrdiff_t)x * f->ss + f->w - 1 - py - i;
			step = f->ss;
			break;
		}
		for (j = j0; j < tw; j++, sp += step)
			t[i * ts + j] = *sp;
	}
}

typedef uint32_t v4u32 __attribute__((vector_size(16)));

/*
 * 90 and 270 in 4x4 blocks: four 16-byte loads along logical rows (four
 * tile columns), transposed in registers into four tile rows.  At 90, load
 * m holds tile column j+m top-down; at 270 bottom-up, so the rows come out
 * in reverse.  The edges that are not whole blocks are walked.
 */
static void gather_turn(const struct rotate *rt, const struct frame *f,
			uint32_t *t0, ptrdiff_t ts, int px, int py, int tw,
			int th)
{
	int tw4 = tw & ~3, th4 = th & ~3, left = rt->degrees == 90;
	/* Block (i, j) loads from q + k * rs, k = 0..3, q = base + j * rs +
	   i * cs; its rows go to o + k * os. */
	const uint32_t *base =
		left ? f->p + (ptrdiff_t)(f->h - 1 - px) * f->ss + py
		     : f->p + (ptrdiff_t)px * f->ss + f->w - 4 - py;
	ptrdiff_t rs = left ? -f->ss : f->ss, os = left ? ts : -ts;
	uint32_t *t = t0 + (left ? 0 : 3 * ts);
	v4u32 l0, l1, l2, l3, a, b, c, d;
	int i, j, cs = left ? 1 : -1;

	for (i = 0; i < th4; i += 4) {
		for (j = 0; j < tw4; j += 4) {
			const uint32_t *q = base + j * rs + i * cs;
			uint32_t *o = t + i * ts + j;

			memcpy(&l0, q, 16);
			memcpy(&l1, q + rs, 16);
			memcpy(&l2, q + 2 * rs, 16);
			memcpy(&l3, q + 3 * rs, 16);
			a = __builtin_shufflevector(l0, l1, 0, 4, 1, 5);
			b = __builtin_shufflevector(l0, l1, 2, 6, 3, 7);
			c = __builtin_shufflevector(l2, l3, 0, 4, 1, 5);
			d = __builtin_shufflevector(l2, l3, 2, 6, 3, 7);
			l0 = __builtin_shufflevector(a, c, 0, 1, 4, 5);
			l1 = __builtin_shufflevector(a, c, 2, 3, 6, 7);
			l2 = __builtin_shufflevector(b, d, 0, 1, 4, 5);
			l3 = __builtin_shufflevector(b, d, 2, 3, 6, 7);
			memcpy(o, &l0, 16);
			memcpy(o + os, &l1, 16);
			memcpy(o + 2 * os, &l2, 16);
			memcpy(o + 3 * os, &l3, 16);
		}
	}
	gather_walk(rt, f, t0, ts, px, py, 0, tw4, tw, th4);
	gather_walk(rt, f, t0, ts, px, py, th4, 0, tw, th);
}

/*
 * Turned conversion goes a tile at a time: gathered into the scratch tile,
 * then converted into place.  XRGB8888 from an opaque frame is gathered
 * straight into the destination (its pixels are stored as they are).
 */
size_t rotate_convert(struct rotate *rt, const struct canvas *src,
		      struct rect r, void *dst, size_t dst_stride)
{
	int w = canvas_width(src), h = canvas_height(src);
	struct frame f = {canvas_pixels_const(src), canvas_stride(src), w, h};
	int bypp = rt->fmt.bpp / 8, x, y, tw, th, direct;
	ptrdiff_t ts;
	struct rect p;
	uint32_t *t;
	uint8_t *d;

	r = rect_intersect(r, (struct rect){0, 0, w, h});
	if (rect_empty(r))
		return 0;
	if (rt->degrees == 0) {
		convert(rt, src, r, dst, dst_stride);
		return (size_t)r.w * r.h * bypp;
	}
	direct = rt->fast == FAST_COPY32 && canvas_opaque(src) &&
		 !(((uintptr_t)dst | dst_stride) & 3);
	p = rotate_rect(rt->degrees, w, h, r);
	for (y = p.y; y < p.y + p.h; y += TILE) {
		th = p.y + p.h - y < TILE ? p.y + p.h - y : TILE;
		for (x = p.x; x < p.x + p.w; x += TILE) {
			tw = p.x + p.w - x < TILE ? p.x + p.w - x : TILE;
			d = (uint8_t *)dst + (size_t)y * dst_stride +
			    (size_t)x * bypp;
			t = direct ? (uint32_t *)(void *)d
				   : canvas_pixels(rt->tile);
			ts = direct ? (ptrdiff_t)dst_stride / 4
				    : canvas_stride(rt->tile);
			if (rt->degrees == 180)
				gather_walk(rt, &f, t, ts, x, y, 0, 0, tw, th);
			else
				gather_turn(rt, &f, t, ts, x, y, tw, th);
			if (direct)
				continue;
			/* canvas_pixels() dropped the opacity hint: the
			   tile is as opaque as its source. */
			canvas_set_opaque(rt->tile, canvas_opaque(src));
			/* convert() writes canvas pixel (0, 0) at its @dst:
			   point it at the tile's first byte. */
			convert(rt, rt->tile, (struct rect){0, 0, tw, th}, d,
				dst_stride);
		}
	}
	return (size_t)p.w * p.h * bypp;
}
