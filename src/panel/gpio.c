/*
 * gpio: the libgpiod 1.6 backend (see gpio.h).  The only libgpiod caller.
 *
 * One gpiod_line_bulk per chip, requested once as outputs.  A write builds
 * the int array libgpiod 1.6 wants for the chips whose lines changed and
 * makes one gpiod_line_set_value_bulk() call (one GPIOHANDLE ioctl) each.
 */
#include "panel/gpio.h"

#include <errno.h>
#include <gpiod.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct gchip {
	struct gpiod_chip *chip;
	struct gpiod_line_bulk bulk;
	const char *name;      /* as configured */
	int n;                 /* lines in the request */
	int idx[GPIOD_LINE_BULK_MAX_LINES]; /* bit of each line in values */
	uint64_t mask;
	int requested;
};

struct glib {
	pthread_mutex_t lock;
	int nchips;
	uint64_t last;
	struct gchip chips[GPIO_LINES_MAX];
};

static void glib_close(void *h)
{
	struct glib *g = h;
	int i;

	if (!g)
		return;
	for (i = 0; i < g->nchips; i++) {
		if (g->chips[i].requested)
			gpiod_line_release_bulk(&g->chips[i].bulk);
		gpiod_chip_close(g->chips[i].chip);
	}
	pthread_mutex_destroy(&g->lock);
	free(g);
}

/* The chip group for @name, opened on first use; NULL with a reason. */
static struct gchip *chip_group(struct glib *g,
				const struct gpio_line_req *l, struct errbuf *e)
{
	const char *name = l->chip;
	struct gchip *c;
	int i;

	for (i = 0; i < g->nchips; i++)
		if (strcmp(g->chips[i].name, name) == 0)
			return &g->chips[i];
	c = &g->chips[g->nchips];
	c->chip = gpiod_chip_open_lookup(name);
	if (!c->chip) {
		if (errno == ENOENT || errno == ENODEV || errno == ENOTTY)
			errbuf_set(e,
				   "%s: no such GPIO chip, wanted for line %d "
				   "(%s); gpiodetect lists the chips",
				   name, l->offset, l->name);
		else
			errbuf_errno(e, "%s: cannot open GPIO chip for line %d "
				     "(%s)", name, l->offset, l->name);
		return NULL;
	}
	c->name = name;
	gpiod_line_bulk_init(&c->bulk);
	g->nchips++;
	return c;
}

static int add_line(struct glib *g, const struct gpio_line_req *l, int bit,
		    struct errbuf *e)
{
	struct gpiod_line *line;
	struct gchip *c;

	c = chip_group(g, l, e);
	if (!c)
		return -1;
	if (l->offset < 0 ||
	    (unsigned int)l->offset >= gpiod_chip_num_lines(c->chip)) {
		errbuf_set(e, "%s has %u lines: line %d (%s) does not exist",
			   l->chip, gpiod_chip_num_lines(c->chip), l->offset,
			   l->name);
		errno = EINVAL;
		return -1;
	}
	line = gpiod_chip_get_line(c->chip, (unsigned int)l->offset);
	if (!line) {
		errbuf_errno(e, "%s line %d (%s)", l->chip, l->offset,
			     l->name);
		return -1;
	}
	gpiod_line_bulk_add(&c->bulk, line);
	c->idx[c->n++] = bit;
	c->mask |= 1ull << bit;
	return 0;
}

/* After a failed request: which line is in use, and by whom. */
static void explain_busy(struct gchip *c, const struct gpio_line_req *lines,
			 struct errbuf *e)
{
	const char *who;
	int saved = errno, i;

	for (i = 0; i < c->n; i++) {
		struct gpiod_line *line = gpiod_line_bulk_get_line(&c->bulk, i);
		const struct gpio_line_req *l = &lines[c->idx[i]];

		if (gpiod_line_update(line) == 0 && gpiod_line_is_used(line)) {
			who = gpiod_line_consumer(line);
			errbuf_set(e, "%s line %d (%s) is busy: used by '%s'",
				   c->name, l->offset, l->name,
				   who ? who : "the kernel");
			errno = saved;
			return;
		}
	}
	errno = saved;
	errbuf_errno(e, "%s: cannot request %d lines as outputs", c->name,
		     c->n);
}

static void *glib_open(void *ctx, const struct gpio_line_req *lines, int n,
		       const char *consumer, uint64_t init, struct errbuf *e)
{
	int vals[GPIOD_LINE_BULK_MAX_LINES];
	struct glib *g;
	int i, j;

	if (n < 1 || n > GPIO_LINES_MAX) {
		errbuf_set(e, "%d GPIO lines requested; 1..%d supported", n,
			   GPIO_LINES_MAX);
		errno = EINVAL;
		return NULL;
	}
	g = calloc(1, sizeof(*g));
	if (!g) {
		errbuf_errno(e, "GPIO state");
		return NULL;
	}
	pthread_mutex_init(&g->lock, NULL);
	for (i = 0; i < n; i++)
		if (add_line(g, &lines[i], i, e) < 0)
			goto err_lines;
	for (i = 0; i < g->nchips; i++) {
		struct gchip *c = &g->chips[i];

		for (j = 0; j < c->n; j++)
			vals[j] = (int)(init >> c->idx[j] & 1);
		if (gpiod_line_request_bulk_output(&c->bulk, consumer, vals)) {
			explain_busy(c, lines, e);
			goto err_lines;
		}
		c->requested = 1;
	}
	g->last = init;
	return g;

err_lines:
	glib_close(g);
	return NULL;
}

static int glib_set(void *h, uint64_t values)
{
	int vals[GPIOD_LINE_BULK_MAX_LINES];
	struct glib *g = h;
	int i, j, rc = 0;

	pthread_mutex_lock(&g->lock);
	for (i = 0; i < g->nchips && rc == 0; i++) {
		struct gchip *c = &g->chips[i];

		if (!((values ^ g->last) & c->mask))
			continue;
		for (j = 0; j < c->n; j++)
			vals[j] = (int)(values >> c->idx[j] & 1);
		rc = gpiod_line_set_value_bulk(&c->bulk, vals);
	}
	if (rc == 0)
		g->last = values;
	pthread_mutex_unlock(&g->lock);
	return rc ? -1 : 0;
}

const struct gpio_ops gpio_libgpiod = {
	.name = "libgpiod",
	.open = glib_open,
	.set = glib_set,
	.close = glib_close,
};
