/*
 * rotate: converting a canvas into a framebuffer mounted sideways.
 *
 * A screen mounted rotated shows the scene's frame turned clockwise by 0, 90,
 * 180 or 270 degrees: the scene lays out a W x H frame ("logical"), and the
 * device holds it as a W x H (0, 180) or H x W (90, 270) image ("physical").
 * With 90, the logical top-left pixel lands at the physical top-right:
 *
 *	logical (x, y)  ->  physical (H-1-y, x)      90
 *	                    physical (W-1-x, H-1-y)  180
 *	                    physical (y, W-1-x)      270
 *
 * Rotated conversion goes tile by tile: a small tile of the turned frame is
 * gathered into a scratch canvas that stays in the L1 cache, then
 * pixfmt_convert() packs it into the destination.  So every pixel format
 * pixfmt knows is supported at every angle, with the same bytes.
 *
 * Ownership: rotate_create() returns an object freed by rotate_destroy()
 * (accepts NULL).  It keeps a copy of the format.
 */
#ifndef PIDS_ROTATE_H
#define PIDS_ROTATE_H

#include <stddef.h>

#include "render/canvas.h"
#include "render/pixfmt.h"
#include "util/errbuf.h"

struct rotate;

/* @degrees is 0, 90, 180 or 270; @f must pass pixfmt_check().  NULL with
   errno EINVAL or ENOMEM and a reason in @e. */
struct rotate *rotate_create(const struct pixfmt *f, int degrees,
			     struct errbuf *e);
void rotate_destroy(struct rotate *rt);

/* The physical size of a @w x @h logical frame. */
void rotate_size(int degrees, int w, int h, int *pw, int *ph);

/* The physical rectangle that logical rectangle @r of a @w x @h frame
   occupies (@r inside the frame). */
struct rect rotate_rect(int degrees, int w, int h, struct rect r);

/*
 * Converts logical rectangle @r of @src (clipped to the canvas) into @dst,
 * whose first byte is physical pixel (0, 0) and whose rows are @dst_stride
 * bytes apart.  Bytes outside the physical rectangle of @r are untouched.
 * Returns the number of bytes written.
 */
size_t rotate_convert(struct rotate *rt, const struct canvas *src,
		      struct rect r, void *dst, size_t dst_stride);

#endif
