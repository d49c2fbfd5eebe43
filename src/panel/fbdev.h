/*
 * fbdev: the interior LCDs, through the Linux framebuffer (/dev/fbN).
 *
 * The backend reads the mode the driver set (FBIOGET_VSCREENINFO and
 * FBIOGET_FSCREENINFO: size, 16/24/32 bits per pixel with whatever bitfield
 * offsets and lengths, line_length as the stride), maps the video memory
 * and, on each show(), converts only the damaged part of the frame into it,
 * turned by the configured rotation.
 *
 * Double buffering: when the virtual height holds two screens (pan = auto
 * or yes), frames go to the hidden half, which is then shown with
 * FBIOPAN_DISPLAY.  The hidden half holds the frame before last, so it is
 * brought up to date with the damage of the last two frames.  Otherwise the
 * damaged rectangle is written straight into the visible memory.
 *
 * Nothing blocks the daemon's loop beyond the copy: FBIO_WAITFORVSYNC is
 * off by default (vsync = no) because it stalls the loop for up to a whole
 * refresh, most small-panel drivers (fbtft, simplefb, efifb) lack it, and
 * a pan is latched by the controller at the vertical blank anyway.  With
 * vsync = yes the backend waits for the blank before touching video memory;
 * a driver without the ioctl is noted once (debug) and never asked again.
 *
 * FBIOBLANK unblanks on open and blanks on close (blank-on-stop = yes) and
 * on ignition-off (fbdev_set_blank()).  An optional backlight
 * (/sys/class/backlight/NAME) takes the brightness in percent, scaled to its
 * max_brightness.
 *
 * A device that is missing or fails (unplugged SPI TFT: ENODEV, EIO) makes
 * open() return NULL and show() return -1, each with a reason naming the
 * device ("/dev/fb1: no such device"); the daemon closes and retries.  A
 * missing backlight is only a warning: the picture matters more.
 *
 * All system calls go through src/panel/fbio.h, so tests script the device.
 */
#ifndef PIDS_FBDEV_H
#define PIDS_FBDEV_H

#include <stddef.h>

#include "panel/panel.h"

enum fbdev_pan { FBDEV_PAN_AUTO, FBDEV_PAN_YES, FBDEV_PAN_NO };

/* The [panel.NAME] keys of type fbdev (fbdev_keys[] fills this). */
struct fbdev_settings {
	char device[64]; /* device = /dev/fb0 */
	int rotate; /* rotate = 0|90|180|270: index 0..3 (x 90) */
	char backlight[128]; /* backlight = NAME or /path; "" = none */
	int pan; /* pan = auto|yes|no (enum fbdev_pan):
				auto pans when yres_virtual >= 2 x yres,
				yes also asks the driver for that size */
	int vsync; /* vsync = no: wait for the blank? */
	int blank_on_stop; /* blank-on-stop = yes: FBIOBLANK on close */
};

extern const struct cfg_key fbdev_keys[];
extern const struct panel_ops panel_fbdev_ops;

/* Counters of what the backend did; for status, tests and make bench. */
struct fbdev_stats {
	unsigned long frames; /* show() calls that wrote or panned */
	unsigned long pans; /* FBIOPAN_DISPLAY calls that succeeded */
	unsigned long vsync_waits; /* FBIO_WAITFORVSYNC calls that returned */
	unsigned long long bytes; /* video memory bytes written, in total */
	size_t last_bytes; /* bytes written by the last show() */
	int panning; /* 1 = double buffering by panning */
	int vsync_supported; /* 0 once the driver said it has none */
	int blanked; /* 1 = blanked (ignition off) */
};

/* Fills @st for a state returned by panel_fbdev_ops.open. */
void fbdev_stats(void *state, struct fbdev_stats *st);

/*
 * Ignition off (@blank = 1): powers the screen down (FBIOBLANK) and turns
 * the backlight to 0; ignition on (@blank = 0): unblanks and restores the
 * brightness.  show() keeps writing frames meanwhile, so the screen is
 * current when it comes back.  0, or -1 with a reason naming the device
 * (the device failed: the daemon reopens it).  A driver without FBIOBLANK
 * is not an error.
 */
int fbdev_set_blank(void *state, int blank, struct errbuf *e);

#endif
