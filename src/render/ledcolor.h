/*
 * ledcolor: turning a canvas into the few levels an LED sign can show.
 *
 * LED modules are driven by binary code modulation: each channel of each
 * pixel is an integer level 0..(2^bits - 1) and its light output is linear in
 * that level.  Screen images are in sRGB-like perceptual values, so the
 * conversion first maps each 8-bit value through CIE 1931 lightness into
 * linear light, then quantises to the panel's levels, with dithering so that
 * gradients and anti-aliased art survive on a 1-bit or 2-bit sign.
 *
 * Monochrome signs (amber, white, red HUB12/HUB08) take one channel: the
 * pixel's luminance (Rec. 709 weights on linear light).
 */
#ifndef PIDS_LEDCOLOR_H
#define PIDS_LEDCOLOR_H

#include <stdint.h>

#include "render/canvas.h"

enum led_dither {
	LED_DITHER_NONE,      /* round to the nearest level */
	LED_DITHER_ORDERED,   /* 8x8 Bayer matrix: stable from frame to frame */
	LED_DITHER_DIFFUSION, /* Floyd-Steinberg error diffusion */
};

struct ledcolor_opts {
	int channels;      /* 1 = monochrome (luminance), 3 = RGB */
	int bits;          /* 1..11 bits per channel */
	enum led_dither dither;
	int cie;           /* 1 = CIE 1931 lightness correction, 0 = linear */
};

/*
 * Writes canvas->w * canvas->h * channels levels (row-major, channels
 * interleaved R, G, B) into @out, each 0..(2^bits - 1), as uint16_t.
 * The canvas is composited on black.  Returns 0, or -1 with EINVAL for bad
 * options (ENOMEM if a row buffer cannot be allocated).
 *
 * Pure black (0) always gives level 0 and full-on (255, or white for
 * channels = 1) always the top level, whatever the dithering: text drawn
 * at full intensity comes out exactly and only in-between values (anti-
 * aliased edges, gradients, images) are dithered.  Ordered dithering
 * depends only on the pixel position, so a still image gives the same
 * levels every frame; error diffusion is serpentine Floyd-Steinberg and
 * never carries error into or out of a black or full-on sample.
 */
int ledcolor_quantize(const struct canvas *src, const struct ledcolor_opts *o,
		      uint16_t *out);

/* The CIE 1931 lightness curve: 8-bit perceptual value -> linear level on
   0..(2^bits - 1).  Monotonic, 0 -> 0, 255 -> max. */
uint16_t ledcolor_cie(uint8_t v, int bits);

#endif
