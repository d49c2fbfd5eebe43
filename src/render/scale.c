/*
 * scale: see scale.h.
 *
 * Separable and fixed-point.  Each axis gets a table of taps: for every
 * destination pixel the first source pixel and the weights (summing to
 * exactly 1 << SCALE_WBITS) of the source pixels it draws from.
 *
 * Downscaling is an exact box filter: destination pixel i covers the source
 * interval [i * s / d, (i + 1) * s / d); in units of 1/d both intervals have
 * integer ends, so the overlaps (fractional edge weights) are exact before
 * the final rounding to SCALE_WBITS.  Upscaling is bilinear between pixel
 * centres, clamped at the edges.
 *
 * Pixels are premultiplied on the way in, on a 0..65025 scale (colour *
 * alpha, alpha * 255), so transparent pixels add no colour and do not
 * darken the edges of what they surround; they are un-premultiplied on the
 * way out.  Rows are scaled horizontally once each, into a small ring of
 * rows the vertical pass combines (the rows a destination row needs move
 * monotonically down the source).
 */
#include "render/scale.h"

#include <errno.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <stdlib.h>
#include <string.h>

#define SCALE_WBITS 14
#define SCALE_ONE (1 << SCALE_WBITS)
#define SCALE_HALF (1 << (SCALE_WBITS - 1))

/* Taps of one axis: destination i reads n[i] source pixels from start[i]
   with weights w[i * maxn ...]. */
struct scale_axis {
	int *start, *n;
	uint16_t *w;
	int maxn;
};

static void axis_free(struct scale_axis *a)
{
	free(a->start);
	free(a->n);
	free(a->w);
}

/* Makes the weights of one destination pixel sum to SCALE_ONE exactly
   by adjusting the largest one. */
static void axis_normalise(uint16_t *w, int n)
{
	int i, big = 0, sum = 0;

	for (i = 0; i < n; i++) {
		sum += w[i];
		if (w[i] > w[big])
			big = i;
	}
	w[big] = (uint16_t)(w[big] + SCALE_ONE - sum);
}

/* Box filter, @d < @s: source pixel j covers [j*d, (j+1)*d) and
   destination i covers [i*s, (i+1)*s), both in units of 1/d. */
static void axis_box(struct scale_axis *a, int s, int d)
{
	long long lo, hi, jlo, jhi, ov;
	uint16_t *w;
	int i, j, k;

	for (i = 0; i < d; i++) {
		lo = (long long)i * s;
		hi = lo + s;
		a->start[i] = (int)(lo / d);
		w = a->w + (size_t)i * a->maxn;
		k = 0;
		for (j = a->start[i]; j < s && (long long)j * d < hi; j++) {
			jlo = (long long)j * d;
			jhi = jlo + d;
			ov = (jhi < hi ? jhi : hi) - (jlo > lo ? jlo : lo);
			if (ov <= 0)
				continue;
			w[k++] = (uint16_t)((ov * SCALE_ONE + s / 2) / s);
		}
		a->n[i] = k;
		axis_normalise(w, k);
	}
}

/* Bilinear, @d > @s: destination centre i + 1/2 maps to the source
   coordinate (i + 1/2) * s / d - 1/2 = num / (2d). */
static void axis_bilinear(struct scale_axis *a, int s, int d)
{
	long long num;
	uint16_t *w;
	int i, j0, f;

	for (i = 0; i < d; i++) {
		num = (long long)(2 * i + 1) * s - d;
		w = a->w + (size_t)i * a->maxn;
		if (num <= 0) {
			a->start[i] = 0;
			a->n[i] = 1;
			w[0] = SCALE_ONE;
			continue;
		}
		j0 = (int)(num / (2LL * d));
		f = (int)(((num % (2LL * d)) * SCALE_ONE + d) / (2LL * d));
		a->start[i] = j0;
		if (j0 >= s - 1 || f == 0) {
			a->start[i] = j0 < s - 1 ? j0 : s - 1;
			a->n[i] = 1;
			w[0] = SCALE_ONE;
		} else if (f >= SCALE_ONE) {
			a->start[i] = j0 + 1;
			a->n[i] = 1;
			w[0] = SCALE_ONE;
		} else {
			a->n[i] = 2;
			w[0] = (uint16_t)(SCALE_ONE - f);
			w[1] = (uint16_t)f;
		}
	}
}

static int axis_init(struct scale_axis *a, int s, int d)
{
	int i;

	a->maxn = d < s ? (s + d - 1) / d + 1 : d > s ? 2 : 1;
	a->start = malloc(sizeof(*a->start) * d);
	a->n = malloc(sizeof(*a->n) * d);
	a->w = malloc(sizeof(*a->w) * (size_t)d * a->maxn);
	if (!a->start || !a->n || !a->w) {
		axis_free(a);
		return -1;
	}
	if (d < s) {
		axis_box(a, s, d);
	} else if (d > s) {
		axis_bilinear(a, s, d);
	} else {
		for (i = 0; i < d; i++) {
			a->start[i] = i;
			a->n[i] = 1;
			a->w[i] = SCALE_ONE;
		}
	}
	return 0;
}

/*
 * The row loops below are the bulk of the work.  They use GCC/clang vector
 * types (8 lanes, 16 or 32 bytes: SSE2 on x86-64, NEON on ARM) so that the
 * project's -O2 builds run them as SIMD; the tails are scalar.
 */
typedef uint16_t scale_u16x8 __attribute__((vector_size(16)));
typedef uint32_t scale_u32x8 __attribute__((vector_size(32)));

/* Premultiplies one source row into four planes of @n: b, g, r as
   colour * alpha and alpha as alpha * 255 (all on the scale 0..65025). */
static void row_premultiply(const uint32_t *src, int n, uint16_t *pm)
{
	uint16_t *pb = pm, *pg = pm + n, *pr = pm + 2 * n, *pa = pm + 3 * n;
	scale_u32x8 p, a;
	scale_u16x8 v;
	uint32_t q, qa;
	int x = 0;

	for (; x + 8 <= n; x += 8) {
		memcpy(&p, src + x, sizeof(p));
		a = p >> 24;
		v = __builtin_convertvector((p & 0xff) * a, scale_u16x8);
		memcpy(pb + x, &v, sizeof(v));
		v = __builtin_convertvector((p >> 8 & 0xff) * a, scale_u16x8);
		memcpy(pg + x, &v, sizeof(v));
		v = __builtin_convertvector((p >> 16 & 0xff) * a, scale_u16x8);
		memcpy(pr + x, &v, sizeof(v));
		v = __builtin_convertvector(a * 255, scale_u16x8);
		memcpy(pa + x, &v, sizeof(v));
	}
	for (; x < n; x++) {
		q = src[x];
		qa = ARGB_A(q);
		pb[x] = (uint16_t)(ARGB_B(q) * qa);
		pg[x] = (uint16_t)(ARGB_G(q) * qa);
		pr[x] = (uint16_t)(ARGB_R(q) * qa);
		pa[x] = (uint16_t)(qa * 255);
	}
}

static void vert_tail(uint16_t *mid, const uint16_t *const *rows,
		      const uint16_t *w, int nt, int i, int n)
{
	uint32_t a;
	int k;

	for (; i < n; i++) {
		a = SCALE_HALF;
		for (k = 0; k < nt; k++)
			a += (uint32_t)w[k] * rows[k][i];
		mid[i] = (uint16_t)(a >> SCALE_WBITS);
	}
}

/* One vertical pass: @mid[i] = (sum of @w[k] * @rows[k][i] over @nt taps,
   rounded) >> SCALE_WBITS, for @n elements.  Sums fit in 32 bits: values
   are at most 65025 and the weights add up to SCALE_ONE. */
#ifdef __SSE2__
static void vert_row(uint16_t *mid, const uint16_t *const *rows,
		     const uint16_t *w, int nt, int n)
{
	const __m128i half = _mm_set1_epi32(SCALE_HALF);
	const __m128i bias32 = _mm_set1_epi32(32768);
	const __m128i bias16 = _mm_set1_epi16((short)0x8000);
	__m128i a0, a1, r, wv, lo, hi;
	int i = 0, k;

	for (; i + 8 <= n; i += 8) {
		a0 = a1 = half;
		for (k = 0; k < nt; k++) {
			/* 16 x 16 -> 32 bit products, low and high halves. */
			r = _mm_loadu_si128((const __m128i *)(rows[k] + i));
			wv = _mm_set1_epi16((short)w[k]);
			lo = _mm_mullo_epi16(r, wv);
			hi = _mm_mulhi_epu16(r, wv);
			a0 = _mm_add_epi32(a0, _mm_unpacklo_epi16(lo, hi));
			a1 = _mm_add_epi32(a1, _mm_unpackhi_epi16(lo, hi));
		}
		/* SSE2 packs only signed: shift into range and back. */
		a0 = _mm_sub_epi32(_mm_srli_epi32(a0, SCALE_WBITS), bias32);
		a1 = _mm_sub_epi32(_mm_srli_epi32(a1, SCALE_WBITS), bias32);
		_mm_storeu_si128((__m128i *)(mid + i),
				 _mm_xor_si128(_mm_packs_epi32(a0, a1),
					       bias16));
	}
	vert_tail(mid, rows, w, nt, i, n);
}
#else
static void vert_row(uint16_t *mid, const uint16_t *const *rows,
		     const uint16_t *w, int nt, int n)
{
	scale_u16x8 r;
	scale_u32x8 a;
	int i = 0, k;

	for (; i + 8 <= n; i += 8) {
		a = (scale_u32x8){ 0 } + SCALE_HALF;
		for (k = 0; k < nt; k++) {
			memcpy(&r, rows[k] + i, sizeof(r));
			a += __builtin_convertvector(r, scale_u32x8) * w[k];
		}
		r = __builtin_convertvector(a >> SCALE_WBITS, scale_u16x8);
		memcpy(mid + i, &r, sizeof(r));
	}
	vert_tail(mid, rows, w, nt, i, n);
}
#endif

static uint32_t unpremultiply(uint32_t b, uint32_t g, uint32_t r,
			      uint32_t a)
{
	uint64_t inv;
	uint32_t cb, cg, cr;

	if (a == 0)
		return 0;
	if (a == 255 * 255)
		return ARGB(255, (r + 127) / 255, (g + 127) / 255,
			    (b + 127) / 255);
	/* colour = c * 255 / a, through one 32.32 reciprocal. */
	inv = ((uint64_t)255 << 32) / a;
	cb = (uint32_t)((b * inv + (1ull << 31)) >> 32);
	cg = (uint32_t)((g * inv + (1ull << 31)) >> 32);
	cr = (uint32_t)((r * inv + (1ull << 31)) >> 32);
	return ARGB((a + 127) / 255, cr > 255 ? 255 : cr, cg > 255 ? 255 : cg,
		    cb > 255 ? 255 : cb);
}

/* Horizontal pass of one vertically scaled, premultiplied row (four
   planes of @sw) into @out. */
static void row_scale(const uint16_t *pm, int sw, const struct scale_axis *ax,
		      int dst_w, uint32_t *out)
{
	const uint16_t *w, *p;
	uint32_t b, g, r, a;
	int x, k;

	for (x = 0; x < dst_w; x++) {
		w = ax->w + (size_t)x * ax->maxn;
		p = pm + ax->start[x];
		b = g = r = a = SCALE_HALF;
		for (k = 0; k < ax->n[x]; k++, p++) {
			b += (uint32_t)w[k] * p[0];
			g += (uint32_t)w[k] * p[sw];
			r += (uint32_t)w[k] * p[2 * sw];
			a += (uint32_t)w[k] * p[3 * sw];
		}
		out[x] = unpremultiply(b >> SCALE_WBITS, g >> SCALE_WBITS,
				       r >> SCALE_WBITS, a >> SCALE_WBITS);
	}
}

struct scale_job {
	const struct canvas *src;
	int x0, y0; /* the top left of the part scaled */
	struct scale_axis ax, ay;
	int sw, ring_n;
	uint16_t *ring; /* ring_n premultiplied source rows */
	int *ring_row;  /* which source row each ring slot holds */
	const uint16_t **taps; /* the rows of one vertical pass */
	uint16_t *mid;  /* its result, sw * 4 */
};

/* The premultiplied source row @y, from the ring or made now. */
static const uint16_t *job_row(struct scale_job *j, int y)
{
	int slot = y % j->ring_n;
	uint16_t *out = j->ring + (size_t)slot * j->sw * 4;

	if (j->ring_row[slot] != y) {
		row_premultiply(canvas_pixels_const(j->src) +
					(size_t)(j->y0 + y) *
						canvas_stride(j->src) +
					j->x0,
				j->sw, out);
		j->ring_row[slot] = y;
	}
	return out;
}

static void job_run(struct scale_job *j, struct canvas *dst)
{
	int dh = canvas_height(dst), dw = canvas_width(dst);
	int n4 = j->sw * 4, y, k;
	const uint16_t *w;

	for (y = 0; y < dh; y++) {
		w = j->ay.w + (size_t)y * j->ay.maxn;
		if (j->ay.n[y] == 1) {
			row_scale(job_row(j, j->ay.start[y]), j->sw, &j->ax, dw,
				  canvas_pixels(dst) +
					  (size_t)y * canvas_stride(dst));
			continue;
		}
		for (k = 0; k < j->ay.n[y]; k++)
			j->taps[k] = job_row(j, j->ay.start[y] + k);
		vert_row(j->mid, j->taps, w, j->ay.n[y], n4);
		row_scale(j->mid, j->sw, &j->ax, dw,
			  canvas_pixels(dst) + (size_t)y * canvas_stride(dst));
	}
}

/* @r of @src into @dst of its size, as it is. */
static void copy_rect(struct canvas *dst, const struct canvas *src,
		      struct rect r)
{
	int y;

	for (y = 0; y < r.h; y++)
		memcpy(canvas_pixels(dst) + (size_t)y * canvas_stride(dst),
		       canvas_pixels_const(src) +
			       (size_t)(r.y + y) * canvas_stride(src) + r.x,
		       (size_t)r.w * 4);
}

struct canvas *scale_image(const struct canvas *src, int w, int h,
			   struct errbuf *e)
{
	struct rect all = { 0, 0, 0, 0 };

	if (src) {
		all.w = canvas_width(src);
		all.h = canvas_height(src);
	}
	return scale_image_rect(src, all, w, h, e);
}

struct canvas *scale_image_rect(const struct canvas *src, struct rect r,
				int w, int h, struct errbuf *e)
{
	struct scale_job j = { .src = src, .x0 = r.x, .y0 = r.y };
	struct canvas *dst;
	int sw, sh, i;

	if (!src) {
		errno = EINVAL;
		errbuf_set(e, "scale: no source image");
		return NULL;
	}
	if (r.x < 0 || r.y < 0 || r.w < 1 || r.h < 1 ||
	    r.w > canvas_width(src) - r.x || r.h > canvas_height(src) - r.y) {
		errno = EINVAL;
		errbuf_set(e, "scale: %dx%d at %d,%d is not inside the %dx%d "
			      "image", r.w, r.h, r.x, r.y, canvas_width(src),
			   canvas_height(src));
		return NULL;
	}
	sw = r.w;
	sh = r.h;
	dst = canvas_create(w, h, e);
	if (!dst) {
		errbuf_prefix(e, "scale %dx%d to %dx%d", sw, sh, w, h);
		return NULL;
	}
	if (w == sw && h == sh) {
		copy_rect(dst, src, r);
		canvas_mark_opaque(dst);
		return dst;
	}
	j.sw = sw;
	if (axis_init(&j.ax, sw, w) < 0)
		goto undo_dst;
	if (axis_init(&j.ay, sh, h) < 0)
		goto undo_ax;
	j.ring_n = j.ay.maxn;
	j.ring = malloc(sizeof(*j.ring) * 4 * (size_t)sw * j.ring_n);
	j.ring_row = malloc(sizeof(*j.ring_row) * j.ring_n);
	j.taps = malloc(sizeof(*j.taps) * j.ay.maxn);
	j.mid = malloc(sizeof(*j.mid) * 4 * (size_t)sw);
	if (!j.ring || !j.ring_row || !j.taps || !j.mid)
		goto undo_bufs;
	for (i = 0; i < j.ring_n; i++)
		j.ring_row[i] = -1;
	job_run(&j, dst);
	canvas_mark_opaque(dst);
	free(j.ring);
	free(j.ring_row);
	free(j.taps);
	free(j.mid);
	axis_free(&j.ay);
	axis_free(&j.ax);
	return dst;

undo_bufs:
	free(j.ring);
	free(j.ring_row);
	free(j.taps);
	free(j.mid);
	axis_free(&j.ay);
undo_ax:
	axis_free(&j.ax);
undo_dst:
	canvas_destroy(dst);
	errno = ENOMEM;
	errbuf_set(e, "scale %dx%d to %dx%d: out of memory", sw, sh, w, h);
	return NULL;
}

/* floor(a / 2) for any sign. */
static int half_floor(int a)
{
	return a >= 0 ? a / 2 : -((-a + 1) / 2);
}

/* round(a * b / c), c > 0, a, b >= 0; at least 1. */
static int mul_div_round(long long a, long long b, long long c)
{
	long long r = (2 * a * b + c) / (2 * c);

	return r < 1 ? 1 : (int)r;
}

struct rect scale_fit_rect(int sw, int sh, struct rect box,
			   enum scale_fit fit)
{
	struct rect r = { box.x, box.y, 0, 0 };
	/* Width-limited when bw / sw <= bh / sh. */
	int by_width;

	if (sw <= 0 || sh <= 0 || box.w <= 0 || box.h <= 0)
		return r;
	by_width = (long long)box.w * sh <= (long long)box.h * sw;
	switch (fit) {
	case SCALE_CONTAIN:
	case SCALE_COVER:
		if (by_width == (fit == SCALE_CONTAIN)) {
			r.w = box.w;
			r.h = mul_div_round(sh, box.w, sw);
		} else {
			r.h = box.h;
			r.w = mul_div_round(sw, box.h, sh);
		}
		break;
	case SCALE_CENTER:
	default:
		r.w = sw;
		r.h = sh;
		break;
	}
	r.x = box.x + half_floor(box.w - r.w);
	r.y = box.y + half_floor(box.h - r.h);
	return r;
}
