/*
 * gpio: the seam between the LED scan and GPIO output.
 *
 * A backend requests a set of lines as outputs once and then drives all of
 * them with one call: bit i of @values is the level (0/1, as on the wire:
 * polarity is the caller's business) of lines[i].  gpio_libgpiod is the
 * libgpiod 1.6 backend and the only file in pids that calls libgpiod; a
 * libgpiod 2 or a memory-mapped backend is one more file with the same
 * struct gpio_ops.  Tests plug in the recorder (panel/ledrec.h).
 *
 * Contract for every backend:
 *  - open() requests every line once, as output, with @consumer, initial
 *    levels @init; lines of one chip go in one request (at most 64).  NULL
 *    with errno and a reason naming the chip and line: "gpiochip9: no such
 *    GPIO chip", "gpiochip0 line 18 (oe) is busy: used by 'gpioset'".
 *  - set() makes one bulk write per chip whose lines change (none if
 *    nothing changes).  It may be called from two threads at once (the scan
 *    thread and the stall watchdog): backends serialise.  -1 with errno.
 *  - close() leaves the lines at their last levels and releases them;
 *    accepts NULL.
 */
#ifndef PIDS_GPIO_H
#define PIDS_GPIO_H

#include <stdint.h>

#include "util/errbuf.h"

#define GPIO_LINES_MAX 64

struct gpio_line_req {
	const char *chip; /* name, path, label or number */
	int offset;
	const char *name; /* what the line is for, for messages: "oe" */
};

struct gpio_ops {
	const char *name;
	void *(*open)(void *ctx, const struct gpio_line_req *lines, int n,
		      const char *consumer, uint64_t init, struct errbuf *e);
	int (*set)(void *h, uint64_t values);
	void (*close)(void *h);
};

extern const struct gpio_ops gpio_libgpiod;

#endif
