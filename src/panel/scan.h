/*
 * scan: drives an LED sign, one scan line and bit-plane at a time.
 *
 * Binary code modulation: plane p of scan line s is lit (OE on) for
 * lsb * 2^p * brightness / 100 ns and the next latch comes when the
 * plane's period at 100 % is over (on spidev at least 2 * shift + a call:
 * a window shorter than the SPI message ends before it), so brightness is
 * OE duty only: it never changes the bit depth or the refresh rate.  The
 * shift data of the next step goes out while the current one is lit
 * (pipelined, as rpi-rgb-led-matrix lib/framebuffer.cc does); address and
 * latch change only in the dark.  Per step:
 *
 *   path gpio:   2 writes per clock (data + CLK low, CLK high), OE off
 *                merged into the clock write at the deadline, one write
 *                LAT high + address, LAT low + OE on merged into the next
 *                step's first clock write: 2 * clocks + 1 bulk writes.
 *   path spidev: one SPI message (the step's data), OE off, LAT high +
 *                address, LAT low + OE on: 3 bulk writes.
 *
 * Timing is in ns from a struct scan_clock: the real one (CLOCK_MONOTONIC,
 * sleep then spin) or a test's virtual clock, which makes a whole refresh
 * deterministic.  scan_refresh() runs one refresh in the caller's thread:
 * that is the whole engine, and the single-step mode of tests and benches;
 * panel/scanrt runs it in a real-time thread plus a watchdog thread.
 *
 * Frames: scan_load() converts a frame into a back buffer and hands it over
 * in one atomic exchange (three buffers: front being scanned, the newest
 * complete one, and the one being written), so the render side never waits
 * and the scan swaps only between refreshes.
 *
 * Safety: scan_destroy(), scan_blank() and scan_watchdog_check() (no
 * progress for a while) drive OE off; panel/scanrt calls them.
 */
#ifndef PIDS_SCAN_H
#define PIDS_SCAN_H

#include <stddef.h>
#include <stdint.h>

#include "panel/gpio.h"
#include "panel/ledmodel.h"
#include "panel/spi.h"
#include "render/canvas.h"
#include "util/errbuf.h"

struct scan_clock {
	uint64_t (*now)(void *ctx);                 /* ns, monotonic */
	void (*sleep_until)(void *ctx, uint64_t t); /* returns at >= t */
	void *ctx;
};

/* Where the scan's I/O goes.  spi is unused on path gpio. */
struct scan_io {
	const struct gpio_ops *gpio;
	void *gpio_ctx;
	const struct spi_ops *spi;
	void *spi_ctx;
	struct scan_clock clock;
};

struct scan_cfg {
	const char *name;   /* panel name, for logs */
	int bits;           /* bit-planes 1..11 */
	int brightness;     /* percent 1..100 */
	int refresh_hz;     /* 0 = as fast as the path allows */
	int gpio_call_ns;   /* cost of one bulk write, for timing (1200) */
	int spi_hz;         /* SPI clock */
	const char *spidev; /* path spidev */
	int dither;         /* enum led_dither */
	uint32_t color;     /* mono sign colour */
};

/* What the timing will be; scan_timing() fills it without any I/O. */
struct scan_timing {
	uint64_t lsb_ns;    /* OE time of plane 0 at 100 % */
	uint64_t shift_ns;  /* estimated time to shift one step */
	uint64_t call_ns;
	double est_hz;      /* refresh rate the estimate gives */
};
/* -1 with a reason when refresh_hz cannot be reached on this path. */
int scan_timing(const struct ledpanel *p, const struct scan_cfg *cfg,
		struct scan_timing *t, struct errbuf *e);

struct scan;

/* Requests the lines (OE off), opens SPI, allocates the buffers (front
   blank).  NULL with errno and a reason naming the chip, line or device. */
struct scan *scan_create(const struct ledpanel *p, const struct scan_cfg *cfg,
			 const struct scan_io *io, struct errbuf *e);
/* OE off, releases everything (stop the threads first).  Accepts NULL. */
void scan_destroy(struct scan *s);

/* Render side: converts @frame and hands it to the scan.  Never waits.
   -1 with errno EINVAL when the frame has the wrong size. */
int scan_load(struct scan *s, const struct canvas *frame);
void scan_set_brightness(struct scan *s, int percent);

/* Single-step mode (no thread): one refresh; -1 on an I/O error. */
int scan_refresh(struct scan *s);
/* Ends the lit window at its deadline and turns OE off. */
int scan_flush(struct scan *s);
/* OE off now. */
void scan_blank(struct scan *s);

struct scan_stats {
	double refresh_hz;
	unsigned long refreshes, underruns, frames;
	uint64_t worst_late_ns;  /* largest OE overrun seen */
	int stalled;             /* the watchdog blanked the output */
};
void scan_stats(struct scan *s, struct scan_stats *st);
const struct scan_timing *scan_get_timing(const struct scan *s);
/* Window of plane @p at the current brightness, ns. */
uint64_t scan_window_ns(const struct scan *s, int p);

/*
 * The stall watchdog's check, from another thread or a test with any @now:
 * when the scan made no step for @stall_ns it drives OE off (through the
 * GPIO backend, which serialises with the scan thread) and returns 1;
 * progress afterwards clears the stalled state.
 */
int scan_watchdog_check(struct scan *s, uint64_t now, uint64_t stall_ns);

const char *scan_name(const struct scan *s);
/* Why the last scan_refresh() failed. */
const char *scan_error(const struct scan *s);
/* mlock()s the buffers and the state; -1 with errno. */
int scan_lock_memory(struct scan *s);

#endif
