/*
 * canvas_mask: drawing glyphs (8-bit coverage and 1-bit masks) into a
 * canvas; see canvas_mask() and canvas_mask1() in canvas.h.
 *
 * Glyphs are mostly empty or solid, so both walk their masks a word at a
 * time: 8 coverage bytes, or up to 64 mono bits, per test.  Mixed words
 * of an 8-bit mask on an opaque canvas blend in vector registers.  The
 * last, partial word of each row blends as a whole one with zero coverage
 * beyond the glyph when those pixels are inside the clip (they are written
 * back unchanged), so a row has no per-pixel tail.
 */
#include "render/canvas_int.h"

#if CANVAS_AVX2
#include <immintrin.h>
#endif

/*
 * Coverage bytes @m[0..n) (n = 4 or 8) widened to 16-bit lanes, each
 * doubled to cover both lanes of its pixel: k0 k0 k1 k1 ... k3 k3 for
 * pixels 0-3 in *lo, pixels 4-7 in *hi.
 */
static inline void cov_lanes(const uint8_t *m, int n, v8u16 *lo, v8u16 *hi)
{
	v16u8 kb = {0}, z = {0};
	v8u16 kw;

	memcpy(&kb, m, (size_t)n);
	kw = (v8u16)__builtin_shufflevector(kb, z, 0, 16, 1, 17, 2, 18, 3, 19,
					    4, 20, 5, 21, 6, 22, 7, 23);
	*lo = __builtin_shufflevector(kw, kw, 0, 0, 1, 1, 2, 2, 3, 3);
	*hi = __builtin_shufflevector(kw, kw, 4, 4, 5, 5, 6, 6, 7, 7);
}

static inline void fill_4(uint32_t *d, uint32_t v)
{
	v4u32 vv = {v, v, v, v};

	memcpy(d, &vv, sizeof(vv));
}

/* Four pixels whose coverage word is @k4 (bytes in memory order): skip,
   store or blend. */
static inline void mask4_opaque(uint32_t *d, uint32_t k4, v8u16 k,
				uint32_t argb, struct vcolor vc)
{
	if (k4 == ~0u)
		fill_4(d, argb);
	else if (k4)
		blend4_opaque(d, k, vc);
}

/*
 * The coverage of the last @rem (1..7) pixels of a row, from @m + @w8, as
 * a little-endian word (zero beyond): read as one word where the mask has
 * 8 bytes from there on (@whole), else as the row's last 8 bytes shifted
 * down, or byte by byte in a row narrower than 8.
 */
static inline uint64_t tail_word(const uint8_t *m, int w8, int rem, int whole)
{
	uint64_t v;

	if (whole) {
		memcpy(&v, m + w8, sizeof(v));
		return v & (~(uint64_t)0 >> (64 - 8 * rem));
	}
	if (w8) {
		memcpy(&v, m + w8 + rem - 8, sizeof(v));
		return v >> (64 - 8 * rem);
	}
	v = 0;
	memcpy(&v, m, (size_t)rem);
	return v;
}

/* Rows before this one can read a whole word at their last partial word:
   the mask has @h rows of @pitch bytes, the last one @w bytes long. */
static inline int tail_rows(int w, int h, int pitch)
{
	int rem = w & 7;

	return rem ? h - (8 - rem + pitch - 1) / pitch : h;
}

/*
 * An 8-bit mask in an opaque colour onto an opaque canvas: eight pixels
 * a step, empty and solid ones decided from the coverage words alone, the
 * rest blended four at a time in vector registers.  @pad: the pixels up
 * to the next multiple of 8 after each row are inside the clip (see the
 * top of the file); else a step of four and single pixels end the rows.
 */
static void mask_opaque(uint32_t *d, int stride, const uint8_t *m, int pitch,
			int w, int h, uint32_t argb, int pad)
{
	struct vcolor vc = vcolor(argb);
	int i, j, rem = w & 7, w8 = w & ~7, whole = tail_rows(w, h, pitch);

#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
	pad = 0; /* tail_word() is little-endian */
#endif
	for (j = 0; j < h; j++, m += pitch, d += stride) {
		for (i = 0; i < w8; i += 8) {
			uint32_t lo, hi;
			v8u16 klo, khi;

			memcpy(&lo, m + i, 4);
			memcpy(&hi, m + i + 4, 4);
			if ((lo | hi) == 0)
				continue;
			if ((lo & hi) == ~0u) {
				fill_8(d + i, argb);
				continue;
			}
			cov_lanes(m + i, 8, &klo, &khi);
			mask4_opaque(d + i, lo, klo, argb, vc);
			mask4_opaque(d + i + 4, hi, khi, argb, vc);
		}
		if (!rem)
			continue;
		if (pad) {
			uint64_t v = tail_word(m, w8, rem, j < whole);
			v8u16 klo, khi;

			if (!v)
				continue;
			cov_lanes((const uint8_t *)&v, 8, &klo, &khi);
			mask4_opaque(d + i, (uint32_t)v, klo, argb, vc);
			mask4_opaque(d + i + 4, (uint32_t)(v >> 32), khi, argb,
				     vc);
			continue;
		}
		if (i + 4 <= w) {
			uint32_t lo;
			v8u16 klo, khi;

			memcpy(&lo, m + i, 4);
			if (lo == ~0u) {
				fill_4(d + i, argb);
			} else if (lo) {
				cov_lanes(m + i, 4, &klo, &khi);
				blend4_opaque(d + i, klo, vc);
			}
			i += 4;
		}
		for (; i < w; i++) {
			uint32_t k = m[i];

			if (k)
				d[i] = k == 255 ? argb
						: blend_px(d[i], argb, k);
		}
	}
}

#if CANVAS_AVX2
/* Coverage bytes 0..7 (from @m, or the word @v) as 16-bit lanes, pixel
   i's in lanes 2i and 2i + 1: a broadcast and one byte shuffle by @ctl. */
AVX2 static inline __m256i cov16(const uint8_t *m, __m256i ctl)
{
	return _mm256_shuffle_epi8(
		_mm256_broadcastq_epi64(_mm_loadl_epi64((const void *)m)), ctl);
}

AVX2 static inline __m256i cov16w(uint64_t v, __m256i ctl)
{
	return _mm256_shuffle_epi8(
		_mm256_broadcastq_epi64(_mm_cvtsi64_si128((long long)v)), ctl);
}

/*
 * Eight pixels at @d with coverage @k (see cov16()) in the colour whose
 * even bytes (blue, red) are @ce and odd ones (green, alpha) @co, each in
 * a 16-bit lane: blend4_opaque(), twice as wide, but with the rounded
 * division by 255 done as (x + 128) * 257 >> 16 in one high-half multiply
 * (the same value for every x <= 65279).
 */
AVX2 static inline void blend8_opaque(uint32_t *d, __m256i k, __m256i ce,
				      __m256i co)
{
	const __m256i lo = _mm256_set1_epi16(0xff);
	const __m256i half = _mm256_set1_epi16(128);
	const __m256i m257 = _mm256_set1_epi16(257);
	__m256i dv = _mm256_loadu_si256((const void *)d);
	__m256i ik = _mm256_sub_epi16(lo, k), e, o;

	e = _mm256_add_epi16(_mm256_mullo_epi16(ce, k),
			     _mm256_mullo_epi16(_mm256_and_si256(dv, lo), ik));
	o = _mm256_add_epi16(_mm256_mullo_epi16(co, k),
			     _mm256_mullo_epi16(_mm256_srli_epi16(dv, 8), ik));
	e = _mm256_mulhi_epu16(_mm256_add_epi16(e, half), m257);
	o = _mm256_mulhi_epu16(_mm256_add_epi16(o, half), m257);
	_mm256_storeu_si256((void *)d,
			    _mm256_or_si256(e, _mm256_slli_epi16(o, 8)));
}

/* mask_opaque() with eight pixels blended at a time (AVX2). */
AVX2 static void mask_opaque_avx2(uint32_t *d, int stride, const uint8_t *m,
				  int pitch, int w, int h, uint32_t argb,
				  int pad)
{
	const __m256i c8 = _mm256_set1_epi32((int)(argb | 0xff000000u));
	const __m256i ce = _mm256_and_si256(c8, _mm256_set1_epi16(0xff));
	const __m256i co = _mm256_srli_epi16(c8, 8);
	const __m256i ctl = _mm256_setr_epi8(
		0, -1, 0, -1, 1, -1, 1, -1, 2, -1, 2, -1, 3, -1, 3, -1, 4, -1,
		4, -1, 5, -1, 5, -1, 6, -1, 6, -1, 7, -1, 7, -1);
	int i, j, rem = w & 7, w8 = w & ~7, whole = tail_rows(w, h, pitch);

	for (j = 0; j < h; j++, m += pitch, d += stride) {
		for (i = 0; i < w8; i += 8) {
			uint64_t v;

			memcpy(&v, m + i, sizeof(v));
			if (v == 0)
				continue;
			if (v == ~(uint64_t)0)
				_mm256_storeu_si256((void *)(d + i), c8);
			else
				blend8_opaque(d + i, cov16(m + i, ctl), ce, co);
		}
		if (!rem)
			continue;
		if (pad) {
			uint64_t v = tail_word(m, w8, rem, j < whole);

			if (v)
				blend8_opaque(d + w8, cov16w(v, ctl), ce, co);
			continue;
		}
		for (; i < w; i++) {
			uint32_t k = m[i];

			if (k)
				d[i] = k == 255 ? argb
						: blend_px(d[i], argb, k);
		}
	}
}
#endif

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
	if (ca == 255 && rows_opaque(c, y, h)) {
		/* Room for whole words at the ends of the rows? */
		int pad = (w & 7) == 0 ||
			  ((w + 7) & ~7) <= c->clip.x + c->clip.w - x;

#if CANVAS_AVX2
		if (c->avx2) {
			mask_opaque_avx2(d, c->stride, m, pitch, w, h, argb,
					 pad);
			return;
		}
#endif
		mask_opaque(d, c->stride, m, pitch, w, h, argb, pad);
		return;
	}
	if (ca == 255) {
		/* Glyphs are mostly empty or solid: 8 pixels at a time. */
		for (j = 0; j < h; j++, m += pitch, d += c->stride) {
			for (i = 0; i + 8 <= w; i += 8) {
				uint64_t v = load_cov8(m + i);

				if (v == 0)
					continue;
				if (v == ~(uint64_t)0)
					fill_8(d + i, argb);
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
