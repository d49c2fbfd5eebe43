/*
 * ledrec: a recording GPIO + SPI backend with a virtual clock.
 *
 * Tests, decoders and the bench plug it into the scan (struct scan_io)
 * instead of libgpiod and spidev.  It keeps every bulk write (the level of
 * every requested line afterwards) and every SPI message (its bytes), each
 * with a timestamp and a duration, and counts what real hardware would
 * cost: one call per chip whose lines changed, one per SPI message.
 *
 * With a virtual clock (the default) time moves only when the scan calls:
 * each GPIO call takes @call_ns, each SPI message @call_ns plus its clock
 * cycles at @spi_hz, and sleeps jump to their deadline.  A whole refresh,
 * its OE windows and its refresh rate are then exact and repeatable.  With
 * the real clock, timestamps are CLOCK_MONOTONIC and nothing is faked.
 *
 * Faults for error-path tests: a line that is busy or a chip that does not
 * exist at open, a missing SPI device, a write that fails, and a stall
 * (the next set() hangs until released, later callers pass: a stuck scan
 * thread and a watchdog that still gets through).
 *
 * Thread-safe: the scan thread records while a test reads.
 */
#ifndef PIDS_LEDREC_H
#define PIDS_LEDREC_H

#include <stddef.h>
#include <stdint.h>

#include "panel/gpio.h"
#include "panel/scan.h"

enum ledrec_kind { LEDREC_GPIO, LEDREC_SPI };

struct ledrec_event {
	uint64_t t, dur;
	int kind;
	uint64_t values;   /* GPIO: every line after the write */
	uint32_t off, len; /* SPI: bytes at ledrec_spi_bytes() + off */
	int lanes;         /* SPI */
};

struct ledrec_opts {
	uint64_t call_ns;    /* default 1200 */
	unsigned int spi_hz; /* default: the speed open() asks for */
	int real_clock;      /* 1 = timestamps from CLOCK_MONOTONIC */
	size_t max_events;   /* 0 = keep all; beyond it only counting */
	/* faults at open */
	const char *missing_chip;  /* this chip "does not exist" */
	int busy_offset;           /* this line is "used by 'gpioset'"; -1 */
	int spi_missing;           /* the SPI device "does not exist" */
};

struct ledrec_counts {
	unsigned long gpio_calls;  /* one per chip written */
	unsigned long gpio_writes; /* set() calls */
	unsigned long redundant;   /* set() calls that changed nothing */
	unsigned long spi_msgs;
	unsigned long spi_bytes;
};

struct ledrec;

struct ledrec *ledrec_create(const struct ledrec_opts *o);
void ledrec_destroy(struct ledrec *r);

/* Fills @io with the recorder's GPIO, SPI and clock. */
void ledrec_io(struct ledrec *r, struct scan_io *io);

/* Drops the events and zeroes the counters; the line levels and the
   clock stay. */
void ledrec_clear(struct ledrec *r);

/* Read side (hold no pointer across a call that records). */
size_t ledrec_nevents(struct ledrec *r);
const struct ledrec_event *ledrec_events(struct ledrec *r);
const uint8_t *ledrec_spi_bytes(struct ledrec *r);
struct ledrec_counts ledrec_counts(struct ledrec *r);
uint64_t ledrec_now(struct ledrec *r);
/* The level of every line now (after the last write). */
uint64_t ledrec_values(struct ledrec *r);

/* What was requested: lines, consumer, initial levels; 0 lines when the
   GPIO side is not open.  The bit of line i in values is i. */
int ledrec_lines(struct ledrec *r, const struct gpio_line_req **lines);
const char *ledrec_consumer(struct ledrec *r);
uint64_t ledrec_initial(struct ledrec *r);
int ledrec_gpio_open(struct ledrec *r); /* 1 while requested */
/* The bit of chip:offset in values, -1 if not requested. */
int ledrec_bit(struct ledrec *r, const char *chip, int offset);

/* Faults while running: set() fails with EIO after @n more calls (-1 =
   never); with @stalled 1 the next set() hangs until @stalled is 0. */
void ledrec_fail_after(struct ledrec *r, long n);
void ledrec_stall(struct ledrec *r, int stalled);

#endif
