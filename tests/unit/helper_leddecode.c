/* leddecode: see helper_leddecode.h. */
#include "helper_leddecode.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "panel/ledrec.h"

struct dec;
typedef void wire_fn(const struct dec *d, int dl, int i, int line, int *x,
		     int *y, int *ch);

struct dec {
	const struct leddec_cfg *c;
	struct leddec_result *res;
	wire_fn *wire;
	int halves, colors, dlines, rows, regs, len, addr_pins;
	int b_addr[5], b_clk, b_lat, b_oe, b_data[6];
	uint8_t *sr[6], *latch[6]; /* wire levels; register i at sr[(head+i)] */
	int head;
	uint64_t state, t_prev;
	double acc;
};

static int level(uint64_t v, int bit)
{
	return bit >= 0 ? (int)(v >> bit & 1) : 0;
}

static int lit(const struct dec *d, uint64_t v)
{
	return level(v, d->b_oe) != d->c->oe_active_low;
}

static uint32_t addr_bits(const struct dec *d, uint64_t v)
{
	uint32_t a = 0;
	int i;

	for (i = 0; i < d->addr_pins; i++)
		a |= (uint32_t)level(v, d->b_addr[i]) << i;
	return a;
}

static int scan_line(const struct dec *d, uint64_t v)
{
	uint32_t a = addr_bits(d, v);
	int i;

	if (!d->c->addr_direct)
		return a < (uint32_t)d->c->scan ? (int)a : -1;
	for (i = 0; i < d->addr_pins; i++)
		if (a == 1u << i)
			return i;
	return -1;
}

/* Module of register i counted from the input, and its stream position
   (0 = the first bit this module received = its far end). */
static void module_pos(const struct dec *d, int i, int *x0, int *k)
{
	int m = i / d->regs;

	*x0 = (d->c->chain - 1 - m) * d->c->mod_w;
	*k = d->regs - 1 - i % d->regs;
}

static int row_of(const struct dec *d, int slot)
{
	return d->c->last_first ? d->rows - 1 - slot : slot;
}

/* P10: 8-pixel groups across the module, each group carrying the rows of
   the scan line, last row first (DMD2 writeSPIData). */
static void wire_hub12(const struct dec *d, int dl, int i, int line, int *x,
		       int *y, int *ch)
{
	int g = d->c->group, x0, k, grp, slot;

	module_pos(d, i, &x0, &k);
	grp = k / (d->rows * g);
	slot = k / g % d->rows;
	*x = x0 + grp * g + k % g;
	*y = line + row_of(d, slot) * d->c->scan;
	*ch = 0;
}

/* HUB08: R1 drives the upper half, R2 the lower; whole rows. */
static void wire_hub08(const struct dec *d, int dl, int i, int line, int *x,
		       int *y, int *ch)
{
	int x0, k;

	module_pos(d, i, &x0, &k);
	*x = x0 + k % d->c->mod_w;
	*y = dl * (d->c->mod_h / 2) + line +
	     row_of(d, k / d->c->mod_w) * d->c->scan;
	*ch = 0;
}

/* HUB75: R1 G1 B1 upper half, R2 G2 B2 lower half. */
static void wire_hub75(const struct dec *d, int dl, int i, int line, int *x,
		       int *y, int *ch)
{
	int x0, k;

	module_pos(d, i, &x0, &k);
	*x = x0 + k % d->c->mod_w;
	*y = dl / 3 * (d->c->mod_h / 2) + line +
	     row_of(d, k / d->c->mod_w) * d->c->scan;
	*ch = dl % 3;
}

static void commit(struct dec *d)
{
	struct leddec_result *r = d->res;
	int line, dl, i, x, y, ch;

	if (d->acc <= 0)
		return;
	line = scan_line(d, d->state);
	if (line < 0) {
		r->bad_addr++;
		d->acc = 0;
		return;
	}
	for (dl = 0; dl < d->dlines; dl++) {
		for (i = 0; i < d->len; i++) {
			if (d->latch[dl][i] == d->c->data_active_low)
				continue;
			d->wire(d, dl, i, line, &x, &y, &ch);
			if (x < 0 || x >= r->w || y < 0 || y >= r->h)
				continue;
			r->lit[((size_t)y * r->w + x) * r->channels + ch] +=
				d->acc;
		}
	}
	d->acc = 0;
}

static void advance(struct dec *d, uint64_t t)
{
	uint64_t a = d->t_prev, b = t;

	if (d->c->t_from && a < d->c->t_from)
		a = d->c->t_from;
	if (d->c->t_to && b > d->c->t_to)
		b = d->c->t_to;
	if (b > a && lit(d, d->state))
		d->acc += (double)(b - a);
	d->t_prev = t;
}

static void shift_in(struct dec *d, const int *bits)
{
	int dl;

	d->head = (d->head + d->len - 1) % d->len;
	for (dl = 0; dl < d->dlines; dl++)
		d->sr[dl][d->head] = (uint8_t)bits[dl];
	if (level(d->state, d->b_lat))
		d->res->races++;
}

static void open_latch(struct dec *d)
{
	int dl, i;

	for (dl = 0; dl < d->dlines; dl++)
		for (i = 0; i < d->len; i++)
			d->latch[dl][i] = d->sr[dl][(d->head + i) % d->len];
}

static void on_gpio(struct dec *d, const struct ledrec_event *ev)
{
	uint64_t old = d->state, v = ev->values;
	int lo = lit(d, old), ln = lit(d, v), bits[6], dl;
	int addr = addr_bits(d, old) != addr_bits(d, v);
	int lat_o = level(old, d->b_lat), lat_n = level(v, d->b_lat);

	advance(d, ev->t);
	if (addr && (lo || ln))
		d->res->ghost++;
	if (!lat_o && lat_n && (lo || ln))
		d->res->ghost++;
	if (addr || lo != ln || lat_o != lat_n)
		commit(d);
	if (d->b_clk >= 0 && !level(old, d->b_clk) && level(v, d->b_clk)) {
		for (dl = 0; dl < d->dlines; dl++) {
			bits[dl] = level(v, d->b_data[dl]);
			if (bits[dl] != level(old, d->b_data[dl]))
				d->res->races++;
		}
		shift_in(d, bits);
	}
	d->state = v;
	if (lat_n) {
		if (!lat_o)
			d->res->latches++;
		open_latch(d);
	}
}

static void on_spi(struct dec *d, const struct ledrec_event *ev,
		   const uint8_t *bytes)
{
	int bits[6] = { 0 }, b, n = (int)ev->len * 8;

	advance(d, ev->t);
	for (b = 0; b < n; b += ev->lanes) {
		int byte = bytes[ev->off + b / 8], sh = 7 - b % 8;

		if (ev->lanes == 2) {
			bits[1] = byte >> sh & 1;
			bits[0] = byte >> (sh - 1) & 1;
		} else {
			bits[0] = byte >> sh & 1;
		}
		shift_in(d, bits);
	}
}

static int find_bit(struct ledrec *r, const char *chip, int off,
		    const char *what, int need, struct leddec_result *res)
{
	int b = off >= 0 ? ledrec_bit(r, chip, off) : -1;

	if (b < 0 && need)
		snprintf(res->why, sizeof(res->why),
			 "%s (%s line %d) was never requested", what, chip,
			 off);
	return b;
}

static int setup(struct dec *d, struct ledrec *r)
{
	const struct leddec_cfg *c = d->c;
	int i;

	d->halves = c->proto == LEDDEC_HUB12 ? 1 : 2;
	d->colors = c->proto == LEDDEC_HUB75 ? 3 : 1;
	d->dlines = d->halves * d->colors;
	d->rows = c->mod_h / d->halves / c->scan;
	d->regs = c->mod_w * d->rows;
	d->len = d->regs * c->chain;
	d->addr_pins = 0;
	if (c->addr_direct)
		d->addr_pins = c->scan;
	else
		while ((1 << d->addr_pins) < c->scan)
			d->addr_pins++;
	for (i = 0; i < d->addr_pins; i++)
		if ((d->b_addr[i] = find_bit(r, c->chip, c->off_addr[i],
					     "address line", 1, d->res)) < 0)
			return -1;
	d->b_lat = find_bit(r, c->chip, c->off_lat, "lat", 1, d->res);
	d->b_oe = find_bit(r, c->chip, c->off_oe, "oe", 1, d->res);
	if (d->b_lat < 0 || d->b_oe < 0)
		return -1;
	d->b_clk = find_bit(r, c->chip, c->off_clk, "clk", 0, d->res);
	for (i = 0; i < d->dlines; i++)
		d->b_data[i] = find_bit(r, c->chip, c->off_data[i], "data", 0,
					d->res);
	for (i = 0; i < d->dlines; i++) {
		d->sr[i] = calloc((size_t)d->len, 1);
		d->latch[i] = calloc((size_t)d->len, 1);
		if (!d->sr[i] || !d->latch[i])
			return -1;
	}
	return 0;
}

static int decode(const struct leddec_cfg *c, struct ledrec *r,
		  struct leddec_result *res, wire_fn *wire)
{
	const struct ledrec_event *ev;
	struct dec d;
	size_t i, n;
	int rc = -1;

	memset(res, 0, sizeof(*res));
	memset(&d, 0, sizeof(d));
	d.c = c;
	d.res = res;
	d.wire = wire;
	res->w = c->mod_w * c->chain;
	res->h = c->mod_h;
	res->channels = c->proto == LEDDEC_HUB75 ? 3 : 1;
	res->lit = calloc((size_t)res->w * res->h * res->channels,
			  sizeof(*res->lit));
	if (!res->lit || setup(&d, r) < 0)
		goto out;
	d.state = ledrec_initial(r);
	n = ledrec_nevents(r);
	ev = ledrec_events(r);
	d.t_prev = n ? ev[0].t : 0;
	for (i = 0; i < n; i++) {
		if (ev[i].kind == LEDREC_GPIO)
			on_gpio(&d, &ev[i]);
		else
			on_spi(&d, &ev[i], ledrec_spi_bytes(r));
	}
	commit(&d);
	rc = 0;
out:
	for (i = 0; i < 6; i++) {
		free(d.sr[i]);
		free(d.latch[i]);
	}
	if (rc < 0 && !res->why[0])
		snprintf(res->why, sizeof(res->why), "out of memory");
	return rc;
}

int leddec_hub12(const struct leddec_cfg *c, struct ledrec *r,
		 struct leddec_result *res)
{
	return decode(c, r, res, wire_hub12);
}

int leddec_hub08(const struct leddec_cfg *c, struct ledrec *r,
		 struct leddec_result *res)
{
	return decode(c, r, res, wire_hub08);
}

int leddec_hub75(const struct leddec_cfg *c, struct ledrec *r,
		 struct leddec_result *res)
{
	return decode(c, r, res, wire_hub75);
}

void leddec_free(struct leddec_result *res)
{
	free(res->lit);
	res->lit = NULL;
}
