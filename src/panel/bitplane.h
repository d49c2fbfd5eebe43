/*
 * bitplane: a frame turned into what the LED scan shifts out.
 *
 * The frame is quantised with ledcolor (CIE 1931 lightness, 2^bits levels
 * per channel, dithering as configured) and the levels are split into
 * binary-code-modulation planes, already in shift order and at wire
 * polarity, so the scan thread only copies bytes to the hardware:
 *
 *   buffer = for each scan line s, for each plane p: line_bytes bytes at
 *            (s * planes + p) * line_bytes
 *
 *  - path spidev: the bytes of one SPI message, MSB first.  Padding bits
 *    (when clocks * lanes is not a multiple of 8) come first: they fall off
 *    the far end of the chain.  With 2 lanes each clock takes a bit pair,
 *    data line 1 (IO1) in the higher bit.
 *  - path gpio: one byte per clock, bit d = level of data line d.
 *
 * Monochrome signs show the frame's intensity along the sign's colour: a
 * pixel drawn in the panel colour (amber) or in white is full on, so text
 * is never dithered for being amber rather than white.
 *
 * The position of every pixel in the buffer is computed once (with
 * ledpanel_locate) at create time: converting is a table walk.
 */
#ifndef PIDS_BITPLANE_H
#define PIDS_BITPLANE_H

#include <stddef.h>
#include <stdint.h>

#include "panel/ledmodel.h"
#include "render/canvas.h"
#include "util/errbuf.h"

struct bitplane;

/* @dither is an enum led_dither, @color the mono sign's colour (ARGB).
   NULL with errno and a reason. */
struct bitplane *bitplane_create(const struct ledpanel *p, int bits,
				 int dither, uint32_t color,
				 struct errbuf *e);
void bitplane_destroy(struct bitplane *b);

size_t bitplane_size(const struct bitplane *b);  /* bytes of one buffer */
int bitplane_line_bytes(const struct bitplane *b);

/* Converts @frame (the sign's size) into @out (bitplane_size() bytes).
   0, or -1 with errno EINVAL (wrong size). */
int bitplane_convert(struct bitplane *b, const struct canvas *frame,
		     uint8_t *out);

/* The levels of the last conversion (w * h * channels), for tests. */
const uint16_t *bitplane_levels(const struct bitplane *b);

#endif
