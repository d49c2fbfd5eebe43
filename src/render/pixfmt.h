/*
 * pixfmt: converting canvases into the pixel formats of real outputs.
 *
 * A format is data, described the way the kernel's fb_var_screeninfo
 * describes it: bits per pixel (16, 24 or 32) and an offset and length for
 * each of red, green, blue (and optionally transparency).  So RGB565,
 * BGR565, RGB888, XRGB8888, XBGR8888 and whatever a driver reports are all
 * one code path, with fast paths for the common ones.
 *
 * Output is little-endian packed pixels, as fbdev expects on our boards.
 * Channels keep their top bits (truncation, as fbdev consoles and DRM do);
 * bits outside the red, green and blue fields are written as ones, so a
 * transparency field reads opaque and XRGB8888 is a plain copy.
 *
 * Speed: opaque canvases (canvas_opaque()) and opaque rows skip the
 * compositing; XRGB8888 is memcpy, XBGR8888 and RGB565/BGR565 run in
 * vector registers (AVX2 when the CPU has it; PIDS_NO_AVX2=1 in the
 * environment forces the 16-byte baseline, for tests and benchmarks).
 */
#ifndef PIDS_PIXFMT_H
#define PIDS_PIXFMT_H

#include <stddef.h>
#include <stdint.h>

#include "render/canvas.h"

struct pixfmt_field {
	uint8_t offset, length;
};

struct pixfmt {
	int bpp; /* 16, 24 or 32 */
	struct pixfmt_field r, g, b, a; /* a.length 0 = no alpha channel */
};

extern const struct pixfmt PIXFMT_RGB565, PIXFMT_BGR565, PIXFMT_RGB888,
	PIXFMT_XRGB8888, PIXFMT_XBGR8888;

/* 0 if @f is one we can write (bpp 16/24/32, fields inside the pixel, each
   field 1..8 bits), else -1 with a reason in @e. */
int pixfmt_check(const struct pixfmt *f, struct errbuf *e);

/* Packs one opaque 0xAARRGGBB colour (alpha ignored) into @f. */
uint32_t pixfmt_pack(const struct pixfmt *f, uint32_t argb);

/*
 * Converts rectangle @r of @src into @dst, whose first byte corresponds to
 * canvas pixel (0, 0) and whose rows are @dst_stride bytes apart.  The canvas
 * is treated as opaque (composited on black).  @r must lie in the canvas.
 */
void pixfmt_convert(const struct pixfmt *f, const struct canvas *src,
		    struct rect r, void *dst, size_t dst_stride);

#endif
