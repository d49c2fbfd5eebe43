/*
 * canvas: an RGBA image in memory that everything is drawn into.
 *
 * Pixels are uint32_t 0xAARRGGBB in native byte order (on little-endian
 * machines the bytes are B, G, R, A: the same as cairo's ARGB32 and as an
 * XRGB8888 framebuffer).  Alpha is straight (not premultiplied).  A canvas
 * has a clip rectangle that every drawing call honours; blits and fills with
 * alpha < 255 blend "source over".
 *
 * Ownership: canvas_create() returns a canvas the caller frees with
 * canvas_destroy() (which accepts NULL).  canvas_pixels() points into the
 * canvas and lives as long as it.
 */
#ifndef PIDS_CANVAS_H
#define PIDS_CANVAS_H

#include <stddef.h>
#include <stdint.h>

#include "util/errbuf.h"

struct rect {
	int x, y, w, h;
};

#define ARGB(a, r, g, b)                                              \
	((uint32_t)(a) << 24 | (uint32_t)(r) << 16 | (uint32_t)(g) << 8 | \
	 (uint32_t)(b))
#define ARGB_A(c) ((uint8_t)((c) >> 24))
#define ARGB_R(c) ((uint8_t)((c) >> 16))
#define ARGB_G(c) ((uint8_t)((c) >> 8))
#define ARGB_B(c) ((uint8_t)(c))

struct canvas;

/* A new canvas of @w x @h (1..16384 each), all pixels 0 (transparent black).
   NULL with errno (EINVAL, ENOMEM) and a message in @e. */
struct canvas *canvas_create(int w, int h, struct errbuf *e);
void canvas_destroy(struct canvas *c);

int canvas_width(const struct canvas *c);
int canvas_height(const struct canvas *c);
/* Row stride in pixels (>= width). */
int canvas_stride(const struct canvas *c);
uint32_t *canvas_pixels(struct canvas *c);
const uint32_t *canvas_pixels_const(const struct canvas *c);

/*
 * Opacity hint.  A canvas known to hold only alpha-255 pixels is blitted
 * with memcpy and converted without compositing.  canvas_clear() of the
 * whole canvas with an opaque colour sets the hint, and so do opaque
 * fills of whole rows that together cover it from the top down (a header
 * band, then the body); clearing with a
 * translucent colour and canvas_pixels() (the caller may write anything)
 * reset it; blending keeps it (source over an opaque pixel is opaque).
 * Call canvas_set_opaque(c, 1) after writing only opaque pixels through
 * canvas_pixels() (decoded or scaled artwork without alpha); it is a
 * promise, not checked.  Without the hint, blits test each row.
 */
void canvas_set_opaque(struct canvas *c, int opaque);
int canvas_opaque(const struct canvas *c);
/* Scans every pixel once and sets the hint if all are opaque; returns it.
   For images loaded or scaled once and drawn every frame. */
int canvas_mark_opaque(struct canvas *c);
/* 1 if all @n pixels at @p have alpha 255 (a fast scan, for converters). */
int canvas_row_opaque(const uint32_t *p, int n);

/* Clip to @r intersected with the canvas; canvas_clip_reset() clips to the
   whole canvas.  canvas_clip() returns the current clip. */
void canvas_clip_set(struct canvas *c, struct rect r);
void canvas_clip_reset(struct canvas *c);
struct rect canvas_clip(const struct canvas *c);

/* Sets every pixel inside the clip to @argb (no blending). */
void canvas_clear(struct canvas *c, uint32_t argb);
/* Fills @r (clipped), blending when alpha < 255. */
void canvas_fill(struct canvas *c, struct rect r, uint32_t argb);
/* Copies @src's rectangle @sr to (@x, @y) of @dst, blending by the source
   alpha multiplied by @opacity (255 = as is). */
void canvas_blit(struct canvas *dst, int x, int y, const struct canvas *src,
		 struct rect sr, uint8_t opacity);
/* canvas_fill(@c, @r, @argb) and then canvas_blit(@c, @x, @y, @src, all of
   @src, 255) in one pass: with an opaque @argb and an opaque @src (its
   hint set) the pixels under @src are written once, not filled first.
   For a background with a picture on it. */
void canvas_fill_blit(struct canvas *c, struct rect r, uint32_t argb, int x,
		      int y, const struct canvas *src);
/* Draws @argb through an 8-bit coverage mask (a glyph) at (@x, @y).
   @pitch is the mask's row length in bytes. */
void canvas_mask(struct canvas *c, int x, int y, const uint8_t *mask, int w,
		 int h, int pitch, uint32_t argb);
/* Same with a 1-bit mask, MSB first (FreeType mono bitmaps). */
void canvas_mask1(struct canvas *c, int x, int y, const uint8_t *mask, int w,
		  int h, int pitch, uint32_t argb);

/* Rectangle helpers. */
struct rect rect_intersect(struct rect a, struct rect b);
struct rect rect_union(struct rect a, struct rect b); /* empty ones ignored */
int rect_empty(struct rect r);

/* Bounding rectangle of the pixels that differ between two canvases of the
   same size; w = h = 0 when they are identical. */
struct rect canvas_diff(const struct canvas *a, const struct canvas *b);

/* Copies all pixels of @src into @dst (same size); -1 otherwise. */
int canvas_copy(struct canvas *dst, const struct canvas *src);

#endif
