/*
 * canvas: see canvas.h.
 *
 * Blending is straight-alpha "source over" in exact integer arithmetic:
 * a source alpha of 255 stores the source, 0 leaves the destination as it
 * was, and on an opaque destination (the common case: every panel canvas
 * is cleared opaque) each channel is round((s * a + d * (255 - a)) / 255),
 * two channels at a time.  The fast paths (opaque fill = row fill, opaque
 * blit = memcpy per row, full glyph coverage = plain store) matter: a
 * steady 1920x540 frame is mostly these.  Glyph masks are in
 * canvas_mask.c; the shared pixel arithmetic is in canvas_int.h.
 */
#include "render/canvas_int.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

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
#if CANVAS_AVX2
	c->avx2 = __builtin_cpu_supports("avx2") && !getenv("PIDS_NO_AVX2");
#endif
	c->clip = (struct rect){0, 0, w, h};
	/* calloc: large canvases get fresh zero pages, touched only when
	   drawn (the vector loops need no alignment). */
	bytes = (size_t)w * (size_t)h * sizeof(uint32_t);
	c->px = calloc(1, bytes);
	if (!c->px)
		goto err_pixels;
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
	c->opaque_rows = 0;
	return c->px;
}

const uint32_t *canvas_pixels_const(const struct canvas *c)
{
	return c->px;
}

void canvas_set_opaque(struct canvas *c, int opaque)
{
	c->opaque_rows = opaque ? c->h : 0;
}

int canvas_opaque(const struct canvas *c)
{
	return c->opaque_rows == c->h;
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

/* Rows of @r (inside the canvas) now hold only opaque pixels: if they
   are whole rows that reach the opaque ones at the top, those grow. */
static void opaque_grow(struct canvas *c, struct rect r)
{
	if (r.x == 0 && r.w == c->w && r.y <= c->opaque_rows &&
	    r.y + r.h > c->opaque_rows)
		c->opaque_rows = r.y + r.h;
}

/* Stores @v in every pixel of @r (inside the canvas). */
static void fill_store(struct canvas *c, struct rect r, uint32_t v)
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
		c->opaque_rows = 0;
	else
		opaque_grow(c, r);
	fill_store(c, r, argb);
}

void canvas_fill(struct canvas *c, struct rect r, uint32_t argb)
{
	uint32_t a = ARGB_A(argb), *row;
	int x, y;

	r = rect_intersect(r, c->clip);
	if (rect_empty(r) || a == 0)
		return;
	if (a == 255) {
		opaque_grow(c, r);
		fill_store(c, r, argb);
		return;
	}
	row = c->px + (size_t)r.y * c->stride + r.x;
	if (rows_opaque(c, r.y, r.h)) {
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

/* After canvas_row_opaque(): clang refuses to make a function
   multiversioned (HOT_CLONES) once it has been called. */
int canvas_mark_opaque(struct canvas *c)
{
	int y;

	for (y = 0; y < c->h; y++)
		if (!canvas_row_opaque(c->px + (size_t)y * c->stride, c->w))
			return c->opaque_rows = 0;
	c->opaque_rows = c->h;
	return 1;
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
		    (rows_opaque(src, sr.y + row, 1) ||
		     canvas_row_opaque(s, ncols)))
			memmove(d, s, (size_t)ncols * sizeof(*d));
		else if (opacity == 255 && src != dst)
			copy_or_blend_row(d, s, ncols);
		else
			blit_row(d, s, ncols, opacity, backwards);
	}
}

/*
 * canvas_fill() and then canvas_blit() of all of @src, in one pass over
 * the rows: where @src is opaque it is copied and the fill goes only
 * around it, so no pixel is written twice.
 */
void canvas_fill_blit(struct canvas *c, struct rect r, uint32_t argb, int x,
		      int y, const struct canvas *src)
{
	struct rect f, b;
	int row, y0, y1, fx1, bx1;

	if (ARGB_A(argb) != 255 || src == c || !rows_opaque(src, 0, src->h)) {
		canvas_fill(c, r, argb);
		canvas_blit(c, x, y, src, (struct rect){0, 0, src->w, src->h},
			    255);
		return;
	}
	f = rect_intersect(r, c->clip);
	b = rect_intersect((struct rect){x, y, src->w, src->h}, c->clip);
	if (rect_empty(b)) {
		canvas_fill(c, r, argb);
		return;
	}
	if (!rect_empty(f))
		opaque_grow(c, f);
	fx1 = f.x + f.w;
	bx1 = b.x + b.w;
	y0 = rect_empty(f) || b.y < f.y ? b.y : f.y;
	y1 = rect_empty(f) || b.y + b.h > f.y + f.h ? b.y + b.h : f.y + f.h;
	for (row = y0; row < y1; row++) {
		uint32_t *d = c->px + (size_t)row * c->stride;
		int in_f = row >= f.y && row < f.y + f.h;

		if (row < b.y || row >= b.y + b.h) {
			if (in_f)
				fill_row(d + f.x, f.w, argb);
			continue;
		}
		memcpy(d + b.x,
		       src->px + (size_t)(row - y) * src->stride + (b.x - x),
		       (size_t)b.w * sizeof(*d));
		if (!in_f)
			continue;
		/* The fill left and right of the picture. */
		if (f.x < b.x)
			fill_row(d + f.x, (fx1 < b.x ? fx1 : b.x) - f.x, argb);
		if (fx1 > bx1) {
			int x0 = f.x > bx1 ? f.x : bx1;

			fill_row(d + x0, fx1 - x0, argb);
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
	dst->opaque_rows = src->opaque_rows;
	return 0;
}
