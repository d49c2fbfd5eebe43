/*
 * canvas_int: what canvas.c and canvas_mask.c share, private to them.
 *
 * The canvas structure and the pixel arithmetic: exact straight-alpha
 * "source over" (see canvas.c) in scalar and GCC/clang vector forms.
 * Nothing outside src/render/canvas*.c includes this.
 */
#ifndef PIDS_CANVAS_INT_H
#define PIDS_CANVAS_INT_H

#include <string.h>
#include <wchar.h>

#include "render/canvas.h"

#define CANVAS_MAX 16384

struct canvas {
	int w, h, stride;
	struct rect clip;
	/* Rows 0..opaque_rows-1 hold only alpha-255 pixels; h = the whole
	   canvas (see canvas_set_opaque()).  Opaque fills of whole rows that
	   reach them extend them; source over keeps opaque pixels opaque, so
	   only canvas_clear() with a translucent colour and canvas_pixels()
	   reset them. */
	int opaque_rows;
	/* 1 = use the AVX2 loops (the CPU has AVX2 and PIDS_NO_AVX2 was not
	   set when the canvas was created; tests compare both). */
	int avx2;
	uint32_t *px;
};

/* 1 if rows @y..@y+@n-1 (inside the canvas) hold only opaque pixels. */
static inline int rows_opaque(const struct canvas *c, int y, int n)
{
	return y + n <= c->opaque_rows;
}

#if defined(__x86_64__) && defined(__GNUC__)
#define CANVAS_AVX2 1
#define AVX2 __attribute__((target("avx2")))
typedef uint16_t v16u16 __attribute__((vector_size(32)));
#else
#define CANVAS_AVX2 0
#endif

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

/* On x86-64 an AVX2 clone of the hot scans is picked at load time.  Not
   with clang before 18: it names the ifunc of an exported function
   "f.ifunc", so other files cannot link to it (llvm-project PR 71706). */
#if defined(__x86_64__) && defined(__has_attribute) && \
	(!defined(__clang__) || __clang_major__ >= 18)
#if __has_attribute(target_clones)
#define HOT_CLONES __attribute__((target_clones("avx2", "default")))
#endif
#endif
#ifndef HOT_CLONES
#define HOT_CLONES
#endif

static inline void fill_row(uint32_t *d, int n, uint32_t v)
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

#endif
