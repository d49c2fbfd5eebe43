/* scan: see scan.h. */
#include "panel/scan.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "panel/bitplane.h"
#include "util/log.h"

#define NEW_FRAME 4u
#define LATE_SLACK_NS 20000u          /* OE overrun that counts as underrun */

struct scan {
	struct ledpanel panel;
	char name[32], spidev[64];
	struct scan_io io;
	void *gpio, *spi;
	struct bitplane *conv;
	struct scan_timing tm;
	size_t bufsize;
	int lb, planes, lines, clocks;
	uint8_t *bufmem, *buf[3];
	int front, back;             /* owned by scan / render side */
	_Atomic unsigned int mid;    /* the hand-over slot | NEW_FRAME */

	/* the encoding of GPIO values: bit i = request line i */
	int nreq;
	struct gpio_line_req req[LED_PIN_COUNT];
	uint64_t m_oe, oe_on, oe_off, m_lat, m_clk, m_data, m_addr;
	uint64_t addrv[LED_SCAN_MAX];
	uint64_t dlut[256];

	/* scan state: the scan thread (or the single-step caller) only */
	uint64_t cur, off_at, latch_at, pend_w, pend_p;
	int lit, pending;
	uint64_t win[12], per[12];
	uint64_t spi_est, last_end, ewma_ns;

	_Atomic int brightness;
	_Atomic uint64_t pub_cur;
	_Atomic unsigned long heartbeat, refreshes, underruns, frames;
	_Atomic uint64_t rate_mhz, worst_late;
	_Atomic int stalled;
	char error[ERRBUF_LEN];

	/* the watchdog's view (panel/scanrt, or a test) */
	unsigned long wd_beat;
	uint64_t wd_since;
};

/* ---- timing ---- */

/*
 * The period of a step, from one OE-on write to the next, for a window of
 * @full ns at 100 %.  gpio: the shift takes shift_ns from the OE-on write
 * to the last clock write; then LAT and the next OE-on.  spidev: while the
 * window covers the SPI message they overlap; a shorter window (a dim
 * sign, a low plane) ends before the message, so a step never takes less
 * than 2 * shift + call whatever the brightness: brightness never changes
 * the refresh rate.
 */
static uint64_t step_ns(const struct scan_timing *t, int spi, uint64_t full)
{
	uint64_t c = t->call_ns, s = t->shift_ns;

	if (spi)
		return full + 2 * c > 2 * s + c ? full + 2 * c : 2 * s + c;
	return (full > s ? full : s) + 2 * c;
}

static uint64_t refresh_ns(const struct scan_timing *t, int spi, int lines,
			   int bits, uint64_t lsb)
{
	uint64_t sum = 0;
	int p;

	for (p = 0; p < bits; p++)
		sum += step_ns(t, spi, lsb << p);
	return sum * (uint64_t)lines;
}

static uint64_t spi_ns(const struct ledpanel *p, const struct scan_cfg *cfg)
{
	uint64_t bytes = ((uint64_t)p->clocks * p->data_lines + 7) / 8;
	uint64_t cycles = bytes * 8 / (uint64_t)p->data_lines;

	return (cycles * 1000000000ull + cfg->spi_hz - 1) / cfg->spi_hz;
}

int scan_timing(const struct ledpanel *p, const struct scan_cfg *cfg,
		struct scan_timing *t, struct errbuf *e)
{
	uint64_t c = (uint64_t)cfg->gpio_call_ns, goal, lo, hi;
	int bits = cfg->bits, lines = p->mod.scan;
	int spi = p->path == LED_PATH_SPIDEV;

	t->call_ns = c;
	if (p->path == LED_PATH_SPIDEV)
		t->shift_ns = 2 * c + spi_ns(p, cfg);
	else
		t->shift_ns = (2 * (uint64_t)p->clocks - 1) * c;
	if (cfg->refresh_hz <= 0) {
		/* the top plane's window just covers the shift */
		t->lsb_ns = (spi ? 2 * t->shift_ns - c : t->shift_ns) >>
			    (bits - 1);
		if (t->lsb_ns < 1)
			t->lsb_ns = 1;
	} else {
		goal = 1000000000ull / (uint64_t)cfg->refresh_hz;
		if (refresh_ns(t, spi, lines, bits, 1) > goal) {
			errbuf_set(e,
				   "refresh-hz: %d Hz is out of reach on path "
				   "%s: at most about %.0f Hz (%d scan lines x "
				   "%d bit-planes, %llu ns per GPIO call)",
				   cfg->refresh_hz,
				   p->path == LED_PATH_GPIO ? "gpio" : "spidev",
				   1e9 / (double)refresh_ns(t, spi, lines, bits, 1),
				   lines, bits, (unsigned long long)c);
			errno = ERANGE;
			return -1;
		}
		lo = 1;
		hi = goal;
		while (lo < hi) { /* largest lsb whose refresh fits */
			uint64_t mid = lo + (hi - lo + 1) / 2;

			if (refresh_ns(t, spi, lines, bits, mid) <= goal)
				lo = mid;
			else
				hi = mid - 1;
		}
		t->lsb_ns = lo;
	}
	t->est_hz = 1e9 / (double)refresh_ns(t, spi, lines, bits, t->lsb_ns);
	return 0;
}

/* ---- output primitives ---- */

static uint64_t now(struct scan *s)
{
	return s->io.clock.now(s->io.clock.ctx);
}

static void wait_until(struct scan *s, uint64_t t)
{
	if (now(s) < t)
		s->io.clock.sleep_until(s->io.clock.ctx, t);
}

static int put(struct scan *s, uint64_t v)
{
	if (v == s->cur)
		return 0;
	if (s->io.gpio->set(s->gpio, v) < 0) {
		snprintf(s->error, sizeof(s->error), "GPIO write failed: %s",
			 strerror(errno));
		return -1;
	}
	s->cur = v;
	atomic_store_explicit(&s->pub_cur, v, memory_order_relaxed);
	return 0;
}

static void late(struct scan *s, uint64_t ns)
{
	if (ns <= LATE_SLACK_NS + 2 * s->tm.call_ns)
		return;
	atomic_fetch_add_explicit(&s->underruns, 1, memory_order_relaxed);
	if (ns > atomic_load_explicit(&s->worst_late, memory_order_relaxed))
		atomic_store_explicit(&s->worst_late, ns, memory_order_relaxed);
}

/*
 * Applies what is due to the next value written: a pending "LAT low + OE
 * on" (the window starts now), or OE off once the window's deadline passed.
 */
static uint64_t gate(struct scan *s, uint64_t v)
{
	uint64_t t;

	if (s->pending) {
		t = now(s);
		v = (v & ~(s->m_lat | s->m_oe)) | s->oe_on;
		s->pending = 0;
		s->lit = 1;
		s->off_at = t + s->pend_w;
		s->latch_at = t + s->pend_p;
	} else if (s->lit) {
		t = now(s);
		if (t >= s->off_at) {
			v = (v & ~s->m_oe) | s->oe_off;
			s->lit = 0;
			late(s, t - s->off_at);
		}
	}
	return v;
}

/* Ends the lit window at its deadline with a write of its own. */
static int end_window(struct scan *s)
{
	uint64_t t;

	if (!s->lit)
		return 0;
	wait_until(s, s->off_at);
	t = now(s);
	late(s, t - s->off_at);
	s->lit = 0;
	return put(s, (s->cur & ~s->m_oe) | s->oe_off);
}

/* In the dark: latch the shifted data and select the scan line.  The
   window (LAT low + OE on) is left pending for the next write. */
static int latch(struct scan *s, int line, int p)
{
	if (end_window(s) < 0)
		return -1;
	wait_until(s, s->latch_at);
	if (put(s, (s->cur & ~s->m_addr) | s->addrv[line] | s->m_lat) < 0)
		return -1;
	s->pend_w = s->win[p];
	s->pend_p = s->per[p];
	s->pending = 1;
	atomic_fetch_add_explicit(&s->heartbeat, 1, memory_order_relaxed);
	return 0;
}

static int commit_pending(struct scan *s)
{
	return s->pending ? put(s, gate(s, s->cur)) : 0;
}

static int step_gpio(struct scan *s, int line, int p, const uint8_t *data)
{
	uint64_t keep = ~(s->m_data | s->m_clk);
	int k;

	for (k = 0; k < s->clocks; k++) {
		if (put(s, gate(s, (s->cur & keep) | s->dlut[data[k]])) < 0)
			return -1;
		if (put(s, gate(s, s->cur | s->m_clk)) < 0)
			return -1;
	}
	return latch(s, line, p);
}

static int step_spi(struct scan *s, int line, int p, const uint8_t *data)
{
	/* A window shorter than the message ends before it is sent. */
	if (s->lit && s->off_at < now(s) + s->spi_est && end_window(s) < 0)
		return -1;
	if (s->io.spi->write(s->spi, data, (size_t)s->lb) < 0) {
		snprintf(s->error, sizeof(s->error), "%s: SPI write failed: %s",
			 s->spidev, strerror(errno));
		return -1;
	}
	if (latch(s, line, p) < 0)
		return -1;
	return commit_pending(s);
}

/* ---- refresh ---- */

static void take_new_frame(struct scan *s)
{
	unsigned int old;

	if (!(atomic_load_explicit(&s->mid, memory_order_acquire) & NEW_FRAME))
		return;
	old = atomic_exchange_explicit(&s->mid, (unsigned int)s->front,
				       memory_order_acq_rel);
	s->front = (int)(old & 3);
	atomic_fetch_add_explicit(&s->frames, 1, memory_order_relaxed);
}

/* OE time of plane @p at @pct percent, at least 1 ns. */
static uint64_t window_ns(const struct scan_timing *t, int p, uint64_t pct)
{
	uint64_t w = (t->lsb_ns << p) * pct / 100;

	return w < 1 ? 1 : w;
}

static void set_windows(struct scan *s)
{
	uint64_t pct = (uint64_t)atomic_load(&s->brightness);
	int p;

	for (p = 0; p < s->planes; p++) {
		s->win[p] = window_ns(&s->tm, p, pct);
		/* the next LAT write: one call before the next OE on */
		s->per[p] = step_ns(&s->tm, s->spi != NULL, s->tm.lsb_ns << p) -
			    s->tm.call_ns;
	}
}

static void measure(struct scan *s)
{
	uint64_t t = now(s), period;

	atomic_fetch_add_explicit(&s->refreshes, 1, memory_order_relaxed);
	if (s->last_end) {
		period = t - s->last_end;
		if (!s->ewma_ns)
			s->ewma_ns = period;
		else
			s->ewma_ns = s->ewma_ns - s->ewma_ns / 16 + period / 16;
		if (s->ewma_ns)
			atomic_store(&s->rate_mhz, 1000000000000ull / s->ewma_ns);
	}
	s->last_end = t;
}

int scan_refresh(struct scan *s)
{
	int line, p;

	take_new_frame(s);
	set_windows(s);
	for (line = 0; line < s->lines; line++) {
		for (p = 0; p < s->planes; p++) {
			const uint8_t *d = s->buf[s->front] +
					   (size_t)(line * s->planes + p) * s->lb;
			int rc = s->spi ? step_spi(s, line, p, d)
					: step_gpio(s, line, p, d);

			if (rc < 0)
				return -1;
		}
	}
	measure(s);
	return 0;
}

int scan_flush(struct scan *s)
{
	if (commit_pending(s) < 0)
		return -1;
	return end_window(s);
}

void scan_blank(struct scan *s)
{
	s->lit = 0;
	s->pending = 0;
	(void)put(s, (s->cur & ~(s->m_oe | s->m_lat)) | s->oe_off);
}

/* ---- create / load ---- */

static void encode_pins(struct scan *s)
{
	const struct ledpanel *p = &s->panel;
	int bit[LED_PIN_COUNT], i, d, b;

	for (i = 0; i < LED_PIN_COUNT; i++) {
		bit[i] = -1;
		if (!ledpanel_uses_pin(p, i))
			continue;
		bit[i] = s->nreq;
		s->req[s->nreq].chip = s->panel.pins[i].chip;
		s->req[s->nreq].offset = s->panel.pins[i].offset;
		s->req[s->nreq].name = led_pin_names[i];
		s->nreq++;
	}
	s->m_oe = 1ull << bit[LED_PIN_OE];
	s->oe_on = p->mod.oe_active_low ? 0 : s->m_oe;
	s->oe_off = s->oe_on ^ s->m_oe;
	s->m_lat = 1ull << bit[LED_PIN_LAT];
	for (i = 0; i < p->addr_pins; i++)
		s->m_addr |= 1ull << bit[LED_PIN_A + i];
	for (d = 0; d < p->mod.scan; d++)
		for (i = 0; i < p->addr_pins; i++)
			if (p->addr[d] >> i & 1)
				s->addrv[d] |= 1ull << bit[LED_PIN_A + i];
	if (p->path != LED_PATH_GPIO)
		return;
	s->m_clk = 1ull << bit[LED_PIN_CLK];
	for (d = 0; d < p->data_lines; d++)
		s->m_data |= 1ull << bit[ledpanel_data_pin(p->mod.proto, d)];
	for (b = 0; b < 256; b++)
		for (d = 0; d < p->data_lines; d++)
			if (b >> d & 1)
				s->dlut[b] |=
					1ull << bit[ledpanel_data_pin(
						p->mod.proto, d)];
}

static int alloc_buffers(struct scan *s, struct errbuf *e)
{
	const struct ledpanel *p = &s->panel;
	uint8_t blank = 0;
	int i;

	s->bufsize = bitplane_size(s->conv);
	s->lb = bitplane_line_bytes(s->conv);
	s->bufmem = malloc(3 * s->bufsize);
	if (!s->bufmem) {
		errbuf_errno(e, "%s: scan buffers", s->name);
		return -1;
	}
	if (p->mod.data_active_low)
		blank = s->spi ? 0xff : (uint8_t)((1u << p->data_lines) - 1);
	memset(s->bufmem, blank, 3 * s->bufsize);
	for (i = 0; i < 3; i++)
		s->buf[i] = s->bufmem + (size_t)i * s->bufsize;
	s->front = 0;
	atomic_init(&s->mid, 1u);
	s->back = 2;
	return 0;
}

struct scan *scan_create(const struct ledpanel *p, const struct scan_cfg *cfg,
			 const struct scan_io *io, struct errbuf *e)
{
	struct scan *s = calloc(1, sizeof(*s));

	if (!s) {
		errbuf_errno(e, "scan state");
		return NULL;
	}
	s->panel = *p;
	snprintf(s->name, sizeof(s->name), "%s", cfg->name ? cfg->name : "");
	snprintf(s->spidev, sizeof(s->spidev), "%s",
		 cfg->spidev ? cfg->spidev : "");
	s->io = *io;
	s->planes = cfg->bits;
	s->lines = p->mod.scan;
	s->clocks = p->clocks;
	atomic_init(&s->brightness, cfg->brightness);
	if (scan_timing(p, cfg, &s->tm, e) < 0)
		goto err;
	s->conv = bitplane_create(p, cfg->bits, cfg->dither, cfg->color, e);
	if (!s->conv)
		goto err;
	s->spi_est = s->tm.call_ns + spi_ns(p, cfg);
	encode_pins(s);
	s->cur = s->oe_off;
	s->gpio = io->gpio->open(io->gpio_ctx, s->req, s->nreq, "pidsd",
				 s->cur, e);
	if (!s->gpio)
		goto err;
	atomic_init(&s->pub_cur, s->cur);
	if (p->path == LED_PATH_SPIDEV) {
		s->spi = io->spi->open(io->spi_ctx, s->spidev,
				       (unsigned int)cfg->spi_hz,
				       p->data_lines, (size_t)((p->clocks *
						p->data_lines + 7) / 8), e);
		if (!s->spi)
			goto err;
	}
	if (alloc_buffers(s, e) < 0)
		goto err;
	return s;

err:
	scan_destroy(s);
	return NULL;
}

int scan_load(struct scan *s, const struct canvas *frame)
{
	unsigned int old;

	if (bitplane_convert(s->conv, frame, s->buf[s->back]) < 0)
		return -1;
	old = atomic_exchange_explicit(&s->mid,
				       (unsigned int)s->back | NEW_FRAME,
				       memory_order_acq_rel);
	s->back = (int)(old & 3);
	return 0;
}

void scan_set_brightness(struct scan *s, int percent)
{
	if (percent < 1)
		percent = 1;
	if (percent > 100)
		percent = 100;
	atomic_store(&s->brightness, percent);
}

const struct scan_timing *scan_get_timing(const struct scan *s)
{
	return &s->tm;
}

uint64_t scan_window_ns(const struct scan *s, int p)
{
	return window_ns(&s->tm, p,
			 (uint64_t)atomic_load(&((struct scan *)s)->brightness));
}

void scan_stats(struct scan *s, struct scan_stats *st)
{
	memset(st, 0, sizeof(*st));
	st->refresh_hz = (double)atomic_load(&s->rate_mhz) / 1000.0;
	st->refreshes = atomic_load(&s->refreshes);
	st->underruns = atomic_load(&s->underruns);
	st->frames = atomic_load(&s->frames);
	st->worst_late_ns = atomic_load(&s->worst_late);
	st->stalled = atomic_load(&s->stalled);
}

/* ---- for the threads (panel/scanrt) ---- */

const char *scan_name(const struct scan *s)
{
	return s->name;
}

const char *scan_error(const struct scan *s)
{
	return s->error;
}

int scan_lock_memory(struct scan *s)
{
	if (mlock(s->bufmem, 3 * s->bufsize) < 0 || mlock(s, sizeof(*s)) < 0)
		return -1;
	return 0;
}

int scan_watchdog_check(struct scan *s, uint64_t t, uint64_t stall_ns)
{
	unsigned long hb = atomic_load(&s->heartbeat);
	uint64_t v;

	if (hb != s->wd_beat || !s->wd_since) {
		s->wd_beat = hb;
		s->wd_since = t;
		if (atomic_exchange(&s->stalled, 0))
			log_notice("%s: LED scan running again", s->name);
		return 0;
	}
	if (atomic_load(&s->stalled) || t - s->wd_since < stall_ns)
		return 0;
	/* The scan thread may be inside a write: the backend serialises,
	   and the scan's own idea of the levels is not touched. */
	v = atomic_load_explicit(&s->pub_cur, memory_order_relaxed);
	(void)s->io.gpio->set(s->gpio, (v & ~s->m_oe) | s->oe_off);
	atomic_store(&s->stalled, 1);
	log_warnx("%s: LED scan made no progress for %llu ms: output "
		  "blanked (OE off)",
		  s->name, (unsigned long long)((t - s->wd_since) / 1000000));
	return 1;
}

void scan_destroy(struct scan *s)
{
	if (!s)
		return;
	if (s->gpio) {
		scan_blank(s);
		s->io.gpio->close(s->gpio);
	}
	if (s->spi)
		s->io.spi->close(s->spi);
	bitplane_destroy(s->conv);
	free(s->bufmem);
	free(s);
}
