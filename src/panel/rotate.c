/* rotate: see rotate.h. */
#include "panel/rotate.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

/* 32 x 32 pixels = 4 KiB of scratch: source rows, tile and destination
   rows of one tile all stay in L1. */
#define TILE 32

struct rotate {
	struct pixfmt fmt;
	int degrees;
	struct canvas *tile;
};

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

/*
 * Gathers the physical tile at (@px, @py), @tw x @th, from the logical frame
 * @s (@w x @h, @ss pixels per row) into the scratch tile.  Each tile row is
 * a walk through @s from a start pixel in steps of @step pixels: down a
 * column (270), up a column (90) or backwards along a row (180).
 */
static void gather(const struct rotate *rt, const uint32_t *s, int ss, int w,
		   int h, int px, int py, int tw, int th)
{
	uint32_t *t = canvas_pixels(rt->tile);
	int ts = canvas_stride(rt->tile);
	const uint32_t *sp;
	ptrdiff_t step;
	int i, j;

	for (i = 0; i < th; i++, t += ts) {
		switch (rt->degrees) {
		case 90: /* physical (px, py) <- logical (py, h-1-px) */
			sp = s + (ptrdiff_t)(h - 1 - px) * ss + py + i;
			step = -ss;
			break;
		case 180: /* <- logical (w-1-px, h-1-py) */
			sp = s + (ptrdiff_t)(h - 1 - py - i) * ss + w - 1 - px;
			step = -1;
			break;
		default: /* 270: <- logical (w-1-py, px) */
			sp = s + (ptrdiff_t)px * ss + w - 1 - py - i;
			step = ss;
			break;
		}
		for (j = 0; j < tw; j++, sp += step)
			t[j] = *sp;
	}
}

size_t rotate_convert(struct rotate *rt, const struct canvas *src,
		      struct rect r, void *dst, size_t dst_stride)
{
	int w = canvas_width(src), h = canvas_height(src);
	const uint32_t *s = canvas_pixels_const(src);
	int ss = canvas_stride(src), bypp = rt->fmt.bpp / 8;
	struct rect p;
	int x, y, tw, th;
	uint8_t *d;

	r = rect_intersect(r, (struct rect){0, 0, w, h});
	if (rect_empty(r))
		return 0;
	if (rt->degrees == 0) {
		pixfmt_convert(&rt->fmt, src, r, dst, dst_stride);
		return (size_t)r.w * r.h * bypp;
	}
	p = rotate_rect(rt->degrees, w, h, r);
	for (y = p.y; y < p.y + p.h; y += TILE) {
		th = p.y + p.h - y < TILE ? p.y + p.h - y : TILE;
		for (x = p.x; x < p.x + p.w; x += TILE) {
			tw = p.x + p.w - x < TILE ? p.x + p.w - x : TILE;
			gather(rt, s, ss, w, h, x, y, tw, th);
			/* canvas_pixels() dropped the opacity hint: the
			   tile is as opaque as its source. */
			canvas_set_opaque(rt->tile, canvas_opaque(src));
			/* pixfmt_convert() writes canvas pixel (0, 0) at
			   its @dst: point it at the tile's first byte. */
			d = (uint8_t *)dst + (size_t)y * dst_stride +
			    (size_t)x * bypp;
			pixfmt_convert(&rt->fmt, rt->tile,
				       (struct rect){0, 0, tw, th}, d,
				       dst_stride);
		}
	}
	return (size_t)p.w * p.h * bypp;
}
