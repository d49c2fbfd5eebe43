/* ledrec: see ledrec.h. */
#include "panel/ledrec.h"

#include "panel/scanrt.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct ledrec {
	struct ledrec_opts o;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	uint64_t t;                   /* virtual clock */
	/* GPIO */
	int open, nlines, nchips;
	char chips[GPIO_LINES_MAX][32];
	char names[GPIO_LINES_MAX][8];
	struct gpio_line_req lines[GPIO_LINES_MAX];
	uint64_t chipmask[GPIO_LINES_MAX];
	char consumer[32];
	uint64_t init, cur;
	long fail_after;
	int stalled, blocked;
	/* SPI */
	int spi_open, lanes;
	unsigned int spi_hz;
	/* record */
	struct ledrec_event *ev;
	size_t nev, cap;
	uint8_t *bytes;
	size_t nbytes, bcap;
	struct ledrec_counts n;
};

static uint64_t mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static uint64_t stamp(struct ledrec *r)
{
	return r->o.real_clock ? mono() : r->t;
}

struct ledrec *ledrec_create(const struct ledrec_opts *o)
{
	struct ledrec *r = calloc(1, sizeof(*r));

	if (!r)
		return NULL;
	if (o)
		r->o = *o;
	else
		r->o.busy_offset = -1;
	if (!r->o.call_ns)
		r->o.call_ns = 1200;
	r->fail_after = -1;
	r->t = 1000000000ull; /* keep 0 free as "never" */
	pthread_mutex_init(&r->lock, NULL);
	pthread_cond_init(&r->cond, NULL);
	return r;
}

void ledrec_destroy(struct ledrec *r)
{
	if (!r)
		return;
	pthread_cond_destroy(&r->cond);
	pthread_mutex_destroy(&r->lock);
	free(r->ev);
	free(r->bytes);
	free(r);
}

static struct ledrec_event *new_event(struct ledrec *r)
{
	if (r->o.max_events && r->nev >= r->o.max_events)
		return NULL;
	if (r->nev == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 4096;
		struct ledrec_event *ev = realloc(r->ev, cap * sizeof(*ev));

		if (!ev)
			return NULL;
		r->ev = ev;
		r->cap = cap;
	}
	memset(&r->ev[r->nev], 0, sizeof(r->ev[0]));
	return &r->ev[r->nev++];
}

/* ---- GPIO ---- */

static void *rec_gpio_open(void *ctx, const struct gpio_line_req *lines,
			   int n, const char *consumer, uint64_t init,
			   struct errbuf *e)
{
	struct ledrec *r = ctx;
	int first[GPIO_LINES_MAX], i, j;

	if (n < 1 || n > GPIO_LINES_MAX) {
		errbuf_set(e, "%d GPIO lines requested", n);
		errno = EINVAL;
		return NULL;
	}
	for (i = 0; i < n; i++) {
		if (r->o.missing_chip &&
		    strcmp(lines[i].chip, r->o.missing_chip) == 0) {
			errbuf_set(e, "%s: no such GPIO chip", lines[i].chip);
			errno = ENOENT;
			return NULL;
		}
		if (lines[i].offset == r->o.busy_offset) {
			errbuf_set(e, "%s line %d (%s) is busy: used by '%s'",
				   lines[i].chip, lines[i].offset,
				   lines[i].name, "gpioset");
			errno = EBUSY;
			return NULL;
		}
	}
	pthread_mutex_lock(&r->lock);
	r->nlines = n;
	r->nchips = 0;
	memset(r->chipmask, 0, sizeof(r->chipmask));
	for (i = 0; i < n; i++) {
		snprintf(r->chips[i], sizeof(r->chips[i]), "%s", lines[i].chip);
		snprintf(r->names[i], sizeof(r->names[i]), "%s", lines[i].name);
		r->lines[i].chip = r->chips[i];
		r->lines[i].name = r->names[i];
		r->lines[i].offset = lines[i].offset;
		for (j = 0; j < r->nchips; j++)
			if (strcmp(r->chips[first[j]], r->chips[i]) == 0)
				break;
		if (j == r->nchips)
			first[r->nchips++] = i;
		r->chipmask[j] |= 1ull << i;
	}
	snprintf(r->consumer, sizeof(r->consumer), "%s", consumer);
	r->init = r->cur = init;
	r->open = 1;
	pthread_mutex_unlock(&r->lock);
	return r;
}

static int rec_gpio_set(void *h, uint64_t values)
{
	struct ledrec *r = h;
	struct ledrec_event *ev;
	unsigned long calls = 0;
	int c;

	pthread_mutex_lock(&r->lock);
	if (r->stalled && !r->blocked) {
		/* the first caller hangs, like a stuck scan thread */
		r->blocked = 1;
		while (r->stalled)
			pthread_cond_wait(&r->cond, &r->lock);
		r->blocked = 0;
	}
	if (r->fail_after == 0) {
		pthread_mutex_unlock(&r->lock);
		errno = EIO;
		return -1;
	}
	if (r->fail_after > 0)
		r->fail_after--;
	for (c = 0; c < r->nchips; c++)
		if ((values ^ r->cur) & r->chipmask[c])
			calls++;
	r->n.gpio_writes++;
	if (!calls)
		r->n.redundant++;
	r->n.gpio_calls += calls;
	ev = new_event(r);
	if (ev) {
		ev->kind = LEDREC_GPIO;
		ev->t = stamp(r);
		ev->dur = calls * r->o.call_ns;
		ev->values = values;
	}
	r->t += calls * r->o.call_ns;
	r->cur = values;
	pthread_mutex_unlock(&r->lock);
	return 0;
}

static void rec_gpio_close(void *h)
{
	struct ledrec *r = h;

	if (!r)
		return;
	pthread_mutex_lock(&r->lock);
	r->open = 0;
	pthread_mutex_unlock(&r->lock);
}

static const struct gpio_ops rec_gpio = {
	.name = "recorder",
	.open = rec_gpio_open,
	.set = rec_gpio_set,
	.close = rec_gpio_close,
};

/* ---- SPI ---- */

static void *rec_spi_open(void *ctx, const char *dev, unsigned int speed_hz,
			  int lanes, size_t max_len, struct errbuf *e)
{
	struct ledrec *r = ctx;

	if (r->o.spi_missing) {
		errbuf_set(e, "%s: no such SPI device", dev);
		errno = ENOENT;
		return NULL;
	}
	pthread_mutex_lock(&r->lock);
	r->spi_open = 1;
	r->lanes = lanes;
	r->spi_hz = r->o.spi_hz ? r->o.spi_hz : speed_hz;
	pthread_mutex_unlock(&r->lock);
	return r;
}

static int rec_spi_write(void *h, const void *buf, size_t len)
{
	struct ledrec *r = h;
	struct ledrec_event *ev;
	uint64_t cycles, dur;

	pthread_mutex_lock(&r->lock);
	cycles = (uint64_t)len * 8 / (uint64_t)r->lanes;
	dur = r->o.call_ns + (cycles * 1000000000ull + r->spi_hz - 1) /
				     r->spi_hz;
	r->n.spi_msgs++;
	r->n.spi_bytes += len;
	ev = new_event(r);
	if (ev && r->nbytes + len > r->bcap) {
		size_t cap = r->bcap ? r->bcap : 65536;
		uint8_t *b;

		while (cap < r->nbytes + len)
			cap *= 2;
		b = realloc(r->bytes, cap);
		if (!b) {
			r->nev--;
			ev = NULL;
		} else {
			r->bytes = b;
			r->bcap = cap;
		}
	}
	if (ev) {
		ev->kind = LEDREC_SPI;
		ev->t = stamp(r);
		ev->dur = dur;
		ev->off = (uint32_t)r->nbytes;
		ev->len = (uint32_t)len;
		ev->lanes = r->lanes;
		memcpy(r->bytes + r->nbytes, buf, len);
		r->nbytes += len;
	}
	r->t += dur;
	pthread_mutex_unlock(&r->lock);
	return 0;
}

static void rec_spi_close(void *h)
{
	struct ledrec *r = h;

	if (!r)
		return;
	pthread_mutex_lock(&r->lock);
	r->spi_open = 0;
	pthread_mutex_unlock(&r->lock);
}

static const struct spi_ops rec_spi = {
	.name = "recorder",
	.open = rec_spi_open,
	.write = rec_spi_write,
	.close = rec_spi_close,
};

/* ---- clock ---- */

static uint64_t rec_now(void *ctx)
{
	struct ledrec *r = ctx;
	uint64_t t;

	pthread_mutex_lock(&r->lock);
	t = r->t;
	pthread_mutex_unlock(&r->lock);
	return t;
}

static void rec_sleep_until(void *ctx, uint64_t t)
{
	struct ledrec *r = ctx;

	pthread_mutex_lock(&r->lock);
	if (t > r->t)
		r->t = t;
	pthread_mutex_unlock(&r->lock);
}

static struct scan_realclock rec_real = { .spin_ns = 50000 };

void ledrec_io(struct ledrec *r, struct scan_io *io)
{
	memset(io, 0, sizeof(*io));
	io->gpio = &rec_gpio;
	io->gpio_ctx = r;
	io->spi = &rec_spi;
	io->spi_ctx = r;
	if (r->o.real_clock) {
		scan_realclock_init(&io->clock, &rec_real, rec_real.spin_ns);
	} else {
		io->clock.now = rec_now;
		io->clock.sleep_until = rec_sleep_until;
		io->clock.ctx = r;
	}
}

/* ---- read side ---- */

void ledrec_clear(struct ledrec *r)
{
	pthread_mutex_lock(&r->lock);
	r->nev = 0;
	r->nbytes = 0;
	memset(&r->n, 0, sizeof(r->n));
	pthread_mutex_unlock(&r->lock);
}

size_t ledrec_nevents(struct ledrec *r)
{
	size_t n;

	pthread_mutex_lock(&r->lock);
	n = r->nev;
	pthread_mutex_unlock(&r->lock);
	return n;
}

const struct ledrec_event *ledrec_events(struct ledrec *r)
{
	return r->ev;
}

const uint8_t *ledrec_spi_bytes(struct ledrec *r)
{
	return r->bytes;
}

struct ledrec_counts ledrec_counts(struct ledrec *r)
{
	struct ledrec_counts n;

	pthread_mutex_lock(&r->lock);
	n = r->n;
	pthread_mutex_unlock(&r->lock);
	return n;
}

uint64_t ledrec_now(struct ledrec *r)
{
	return rec_now(r);
}

uint64_t ledrec_values(struct ledrec *r)
{
	uint64_t v;

	pthread_mutex_lock(&r->lock);
	v = r->cur;
	pthread_mutex_unlock(&r->lock);
	return v;
}

int ledrec_lines(struct ledrec *r, const struct gpio_line_req **lines)
{
	*lines = r->lines;
	return r->nlines;
}

const char *ledrec_consumer(struct ledrec *r)
{
	return r->consumer;
}

uint64_t ledrec_initial(struct ledrec *r)
{
	return r->init;
}

int ledrec_gpio_open(struct ledrec *r)
{
	int open;

	pthread_mutex_lock(&r->lock);
	open = r->open;
	pthread_mutex_unlock(&r->lock);
	return open;
}

int ledrec_bit(struct ledrec *r, const char *chip, int offset)
{
	int i;

	for (i = 0; i < r->nlines; i++)
		if (r->lines[i].offset == offset &&
		    strcmp(r->lines[i].chip, chip) == 0)
			return i;
	return -1;
}

void ledrec_fail_after(struct ledrec *r, long n)
{
	pthread_mutex_lock(&r->lock);
	r->fail_after = n;
	pthread_mutex_unlock(&r->lock);
}

void ledrec_stall(struct ledrec *r, int stalled)
{
	pthread_mutex_lock(&r->lock);
	r->stalled = stalled;
	pthread_cond_broadcast(&r->cond);
	pthread_mutex_unlock(&r->lock);
}
