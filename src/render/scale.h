/*
 * scale: resizing images for their place on a panel.
 *
 * Downscaling averages every source pixel under each destination pixel
 * (area averaging, alpha-weighted), so fine filigree wire does not alias
 * into noise; upscaling interpolates bilinearly.  Scaling is costly, so
 * callers scale artwork once per size and keep the result.
 */
#ifndef PIDS_SCALE_H
#define PIDS_SCALE_H

#include "render/canvas.h"

enum scale_fit {
	SCALE_CONTAIN, /* whole image visible, aspect kept, centred */
	SCALE_COVER,   /* box filled, aspect kept, centred and cropped */
	SCALE_CENTER,  /* no scaling, centred (cropped if larger) */
};

/* A new canvas of @w x @h holding @src resized.  NULL with a reason. */
struct canvas *scale_image(const struct canvas *src, int w, int h,
			   struct errbuf *e);
/* The same for the part @r of @src (inside it), without copying it out
   first: the pixels are those of scale_image() of a crop to @r. */
struct canvas *scale_image_rect(const struct canvas *src, struct rect r,
				int w, int h, struct errbuf *e);

/* The destination rectangle of a @sw x @sh image placed in @box by @fit
   (may extend beyond @box for SCALE_COVER and SCALE_CENTER). */
struct rect scale_fit_rect(int sw, int sh, struct rect box,
			   enum scale_fit fit);

#endif
