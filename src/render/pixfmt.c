/*
 * pixfmt: see pixfmt.h.
 *
 * Conversion runs a row at a time in two steps: first compositing on black
 * (skipped when the canvas or the row is opaque, which is the steady case:
 * panel canvases are cleared opaque), then packing opaque pixels.  Packing
 * has one general path driven by the bitfields and fast paths for the
 * layouts real drivers report.
 *
 * Channels are reduced by truncation (the top bits), as fbdev consoles and
 * DRM drivers do.  Bits outside the red, green and blue fields are written
 * as ones: a transparency field then means opaque and padding ("X") is
 * don't-care anyway, which also makes XRGB8888 a plain copy.
 */
#include "render/pixfmt.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

const struct pixfmt PIXFMT_RGB565 = {16, {11, 5}, {5, 6}, {0, 5}, {0, 0}};
const struct pixfmt PIXFMT_BGR565 = {16, {0, 5}, {5, 6}, {11, 5}, {0, 0}};
const struct pixfmt PIXFMT_RGB888 = {24, {16, 8}, {8, 8}, {0, 8}, {0, 0}};
const struct pixfmt PIXFMT_XRGB8888 = {32, {16, 8}, {8, 8}, {0, 8}, {0, 0}};
const struct pixfmt PIXFMT_XBGR8888 = {32, {0, 8}, {8, 8}, {16, 8}, {0, 0}};

enum pack_kind {
	PACK_GENERIC,
	PACK_XRGB8888,
	PACK_XBGR8888,
	PACK_RGB565,
	PACK_BGR565,
	PACK_RGB888,
};

/* Pixels composited per step: 2 KiB on the stack. */
#define CHUNK 512

static uint32_t field_mask(struct pixfmt_field fl)
{
	return fl.length ? (uint32_t)(((1ull << fl.length) - 1) << fl.offset)
			 : 0;
}

static uint32_t pixel_mask(int bpp)
{
	return (uint32_t)((1ull << bpp) - 1);
}

static const char *check_field(const struct pixfmt *f, struct pixfmt_field fl,
			       int optional)
{
	if (fl.length == 0)
		return optional ? NULL : "has length 0";
	if (fl.length > 8)
		return "is longer than 8 bits";
	if (fl.offset + fl.length > f->bpp)
		return "lies outside the pixel";
	return NULL;
}

int pixfmt_check(const struct pixfmt *f, struct errbuf *e)
{
	static const char names[] = "rgba";
	struct pixfmt_field fl[4];
	uint32_t seen = 0;
	const char *why;
	int i;

	if (f->bpp != 16 && f->bpp != 24 && f->bpp != 32) {
		errbuf_set(e,
			   "pixel format: %d bits per pixel, want 16, 24 or 32",
			   f->bpp);
		goto err;
	}
	fl[0] = f->r;
	fl[1] = f->g;
	fl[2] = f->b;
	fl[3] = f->a;
	for (i = 0; i < 4; i++) {
		why = check_field(f, fl[i], i == 3);
		if (why) {
			errbuf_set(e,
				   "pixel format: %c field (offset %u, length "
				   "%u) %s",
				   names[i], fl[i].offset, fl[i].length, why);
			goto err;
		}
		if (seen & field_mask(fl[i])) {
			errbuf_set(e,
				   "pixel format: %c field (offset %u, length "
				   "%u) overlaps another",
				   names[i], fl[i].offset, fl[i].length);
			goto err;
		}
		seen |= field_mask(fl[i]);
	}
	return 0;
err:
	errno = EINVAL;
	return -1;
}

static int same_field(struct pixfmt_field a, unsigned off, unsigned len)
{
	return a.offset == off && a.length == len;
}

/* Alpha must be absent or exactly the rest of the pixel for the fast paths
   (either way those bits are written as ones). */
static enum pack_kind classify(const struct pixfmt *f)
{
	const int le = __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__;

	if (!le)
		return PACK_GENERIC;
	if (f->bpp == 32 && (f->a.length == 0 || same_field(f->a, 24, 8)) &&
	    same_field(f->g, 8, 8)) {
		if (same_field(f->r, 16, 8) && same_field(f->b, 0, 8))
			return PACK_XRGB8888;
		if (same_field(f->r, 0, 8) && same_field(f->b, 16, 8))
			return PACK_XBGR8888;
	}
	if (f->bpp == 16 && f->a.length == 0 && same_field(f->g, 5, 6)) {
		if (same_field(f->r, 11, 5) && same_field(f->b, 0, 5))
			return PACK_RGB565;
		if (same_field(f->r, 0, 5) && same_field(f->b, 11, 5))
			return PACK_BGR565;
	}
	if (f->bpp == 24 && f->a.length == 0 && same_field(f->r, 16, 8) &&
	    same_field(f->g, 8, 8) && same_field(f->b, 0, 8))
		return PACK_RGB888;
	return PACK_GENERIC;
}

static inline uint32_t pack_fields(const struct pixfmt *f, uint32_t fill,
				   uint32_t argb)
{
	return fill |
	       (uint32_t)(ARGB_R(argb) >> (8 - f->r.length)) << f->r.offset |
	       (uint32_t)(ARGB_G(argb) >> (8 - f->g.length)) << f->g.offset |
	       (uint32_t)(ARGB_B(argb) >> (8 - f->b.length)) << f->b.offset;
}

static uint32_t fill_bits(const struct pixfmt *f)
{
	return pixel_mask(f->bpp) &
	       ~(field_mask(f->r) | field_mask(f->g) | field_mask(f->b));
}

uint32_t pixfmt_pack(const struct pixfmt *f, uint32_t argb)
{
	return pack_fields(f, fill_bits(f), argb);
}

/* ---- compositing ---- */

/* Straight alpha on black: each channel times alpha / 255, rounded;
   the result is opaque. */
static void composite_black(uint32_t *d, const uint32_t *s, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		uint32_t p = s[i], a = p >> 24, rb, g;

		rb = (p & 0xff00ff) * a + 0x800080;
		rb = ((rb + ((rb >> 8) & 0xff00ff)) >> 8) & 0xff00ff;
		g = ((p >> 8) & 0xff) * a + 0x80;
		g = ((g + (g >> 8)) >> 8) & 0xff;
		d[i] = 0xff000000u | rb | g << 8;
	}
}

/* ---- packers: @n opaque pixels from @s to @d ---- */

static void pack_generic(const struct pixfmt *f, uint8_t *d, const uint32_t *s,
			 int n)
{
	uint32_t fill = fill_bits(f);
	int i, bytes = f->bpp / 8;

	for (i = 0; i < n; i++, d += bytes) {
		uint32_t v = pack_fields(f, fill, s[i]);

		d[0] = (uint8_t)v;
		d[1] = (uint8_t)(v >> 8);
		if (bytes > 2)
			d[2] = (uint8_t)(v >> 16);
		if (bytes > 3)
			d[3] = (uint8_t)(v >> 24);
	}
}

/*
 * The word-sized fast paths work in GCC/clang vector types: 16-byte
 * vectors everywhere (SSE2 on x86-64, NEON on the boards) and, on x86-64
 * machines that have it, 32-byte AVX2 versions of the same loops, chosen
 * per call (PIDS_NO_AVX2 in the environment forces the baseline, for
 * tests and benchmarks).  Loads and stores go through memcpy, so rows
 * need no alignment.
 */
typedef uint32_t v4u32 __attribute__((vector_size(16)));
typedef uint16_t v8u16 __attribute__((vector_size(16)));
#define LOW_HALVES_8(a, b)                                                     \
	__builtin_shufflevector((v8u16)(a), (v8u16)(b), 0, 2, 4, 6, 8, 10, 12, \
				14)

#if defined(__x86_64__) && defined(__GNUC__)
#define PIXFMT_AVX2 1
typedef uint32_t v8u32 __attribute__((vector_size(32)));
typedef uint16_t v16u16 __attribute__((vector_size(32)));
#define LOW_HALVES_16(a, b)                                                    \
	__builtin_shufflevector((v16u16)(a), (v16u16)(b), 0, 2, 4, 6, 8, 10,   \
				12, 14, 16, 18, 20, 22, 24, 26, 28, 30)
#define AVX2 __attribute__((target("avx2")))
#else
#define PIXFMT_AVX2 0
#endif

#define XBGR(p) (((p)&0xff00ff00u) | ((p) >> 16 & 0xff) | ((p)&0xff) << 16)
#define RGB565(p)                                                              \
	(((p) >> 8 & 0xf800) | ((p) >> 5 & 0x07e0) | ((p) >> 3 & 0x1f))
#define BGR565(p)                                                              \
	(((p) << 8 & 0xf800) | ((p) >> 5 & 0x07e0) | ((p) >> 19 & 0x1f))

/* A 32-bit packer @name: @F on each pixel, two vectors of @L lanes a
   step. */
#define DEFINE_PACK32(name, attr, vu32, L, F)                                  \
	attr static void name(uint8_t *d, const uint32_t *s, int n)            \
	{                                                                      \
		int i = 0;                                                     \
                                                                               \
		for (; i + 2 * (L) <= n; i += 2 * (L)) {                       \
			vu32 a, b;                                             \
                                                                               \
			memcpy(&a, s + i, sizeof(a));                          \
			memcpy(&b, s + i + (L), sizeof(b));                    \
			a = F(a);                                              \
			b = F(b);                                              \
			memcpy(d + 4 * i, &a, sizeof(a));                      \
			memcpy(d + 4 * i + sizeof(a), &b, sizeof(b));          \
		}                                                              \
		for (; i < n; i++) {                                           \
			uint32_t v = F(s[i]);                                  \
                                                                               \
			memcpy(d + 4 * i, &v, sizeof(v));                      \
		}                                                              \
	}

/* A 16-bit packer: @F leaves a 16-bit value in each 32-bit lane; the low
   halves of two vectors make one vector of 16-bit pixels (the low half of
   a lane comes first on little-endian machines). */
#define DEFINE_PACK16(name, attr, vu32, vu16, L, HALVES, F)                    \
	attr static void name(uint8_t *d, const uint32_t *s, int n)            \
	{                                                                      \
		int i = 0;                                                     \
                                                                               \
		for (; i + 2 * (L) <= n; i += 2 * (L)) {                       \
			vu32 a, b;                                             \
			vu16 o;                                                \
                                                                               \
			memcpy(&a, s + i, sizeof(a));                          \
			memcpy(&b, s + i + (L), sizeof(b));                    \
			o = HALVES(F(a), F(b));                                \
			memcpy(d + 2 * i, &o, sizeof(o));                      \
		}                                                              \
		for (; i < n; i++) {                                           \
			uint16_t v = (uint16_t)F(s[i]);                        \
                                                                               \
			memcpy(d + 2 * i, &v, sizeof(v));                      \
		}                                                              \
	}

DEFINE_PACK32(pack_xbgr8888, , v4u32, 4, XBGR)
DEFINE_PACK16(pack_rgb565, , v4u32, v8u16, 4, LOW_HALVES_8, RGB565)
DEFINE_PACK16(pack_bgr565, , v4u32, v8u16, 4, LOW_HALVES_8, BGR565)
#if PIXFMT_AVX2
DEFINE_PACK32(pack_xbgr8888_avx2, AVX2, v8u32, 8, XBGR)
DEFINE_PACK16(pack_rgb565_avx2, AVX2, v8u32, v16u16, 8, LOW_HALVES_16, RGB565)
DEFINE_PACK16(pack_bgr565_avx2, AVX2, v8u32, v16u16, 8, LOW_HALVES_16, BGR565)
#endif

static int use_avx2(void)
{
#if PIXFMT_AVX2
	return __builtin_cpu_supports("avx2") && !getenv("PIDS_NO_AVX2");
#else
	return 0;
#endif
}

static void pack_rgb888(uint8_t *d, const uint32_t *s, int n)
{
	int i = 0;

	/* Eight pixels make three little-endian 64-bit words. */
	for (; i + 8 <= n; i += 8, d += 24) {
		uint64_t p0 = s[i] & 0xffffff, p1 = s[i + 1] & 0xffffff;
		uint64_t p2 = s[i + 2] & 0xffffff, p3 = s[i + 3] & 0xffffff;
		uint64_t p4 = s[i + 4] & 0xffffff, p5 = s[i + 5] & 0xffffff;
		uint64_t p6 = s[i + 6] & 0xffffff, p7 = s[i + 7] & 0xffffff;
		uint64_t w0 = p0 | p1 << 24 | p2 << 48;
		uint64_t w1 = p2 >> 16 | p3 << 8 | p4 << 32 | p5 << 56;
		uint64_t w2 = p5 >> 8 | p6 << 16 | p7 << 40;

		/* Three separate stores: one 24-byte copy of a stack array
		   stalls on store forwarding. */
		memcpy(d, &w0, 8);
		memcpy(d + 8, &w1, 8);
		memcpy(d + 16, &w2, 8);
	}
	for (; i < n; i++, d += 3) {
		d[0] = (uint8_t)s[i];
		d[1] = (uint8_t)(s[i] >> 8);
		d[2] = (uint8_t)(s[i] >> 16);
	}
}

static void pack(const struct pixfmt *f, enum pack_kind k, int avx2, uint8_t *d,
		 const uint32_t *s, int n)
{
	switch (k) {
	case PACK_XRGB8888:
		/* Opaque pixels already have the X byte at 0xff. */
		memcpy(d, s, (size_t)n * 4);
		return;
	case PACK_RGB888:
		pack_rgb888(d, s, n);
		return;
	case PACK_GENERIC:
		pack_generic(f, d, s, n);
		return;
	default:
		break;
	}
#if PIXFMT_AVX2
	if (avx2) {
		if (k == PACK_XBGR8888)
			pack_xbgr8888_avx2(d, s, n);
		else if (k == PACK_RGB565)
			pack_rgb565_avx2(d, s, n);
		else
			pack_bgr565_avx2(d, s, n);
		return;
	}
#endif
	if (k == PACK_XBGR8888)
		pack_xbgr8888(d, s, n);
	else if (k == PACK_RGB565)
		pack_rgb565(d, s, n);
	else
		pack_bgr565(d, s, n);
}

void pixfmt_convert(const struct pixfmt *f, const struct canvas *src,
		    struct rect r, void *dst, size_t dst_stride)
{
	const uint32_t *base = canvas_pixels_const(src);
	int stride = canvas_stride(src), opaque = canvas_opaque(src);
	int bytes = f->bpp / 8, y, avx2;
	uint32_t tmp[CHUNK];
	enum pack_kind k;

	if (pixfmt_check(f, NULL) < 0)
		return;
	r = rect_intersect(
		r, (struct rect){0, 0, canvas_width(src), canvas_height(src)});
	if (rect_empty(r))
		return;
	k = classify(f);
	avx2 = use_avx2();
	for (y = r.y; y < r.y + r.h; y++) {
		const uint32_t *s = base + (size_t)y * stride + r.x;
		uint8_t *d = (uint8_t *)dst + (size_t)y * dst_stride +
			     (size_t)r.x * bytes;
		int x, n;

		if (opaque || canvas_row_opaque(s, r.w)) {
			pack(f, k, avx2, d, s, r.w);
			continue;
		}
		for (x = 0; x < r.w; x += n) {
			n = r.w - x < CHUNK ? r.w - x : CHUNK;
			composite_black(tmp, s + x, n);
			pack(f, k, avx2, d + (size_t)x * bytes, tmp, n);
		}
	}
}
