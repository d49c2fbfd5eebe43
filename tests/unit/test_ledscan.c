/* Tests for the LED scan (panel/scan, panel/bitplane, panel/hub) against
   the protocol decoders (helper_leddecode): every preset, scan ratio,
   polarity, chain length, path, bit depth and brightness is scanned into
   the recorder with a virtual clock, rebuilt by the decoder of its
   protocol as a module would show it, and compared pixel by pixel and
   nanosecond by nanosecond with the frame.  Expected levels come from the
   frame's values through ledcolor_cie() alone. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "helper_leddecode.h"
#include "panel/hub.h"
#include "panel/ledrec.h"
#include "render/ledcolor.h"

#define CALL_NS 1200
#define REFRESHES 2

/* The physical truth of a test sign: what the decoder models. */
struct combo {
	const char *label;
	int proto;
	const char *module;  /* preset */
	int use_preset;      /* 1: no overrides, the truth is the preset */
	int mod_w, mod_h, scan, group, last_first;
	int data_low, oe_low, direct;
	int chain, path, bits, brightness, refresh_hz;
	const char *color;
};

/* Wiring of the pin maps, written down from the tables' sources. */
static const int SPI0_ADDR[5] = { 22, 23, 24, 25, 15 };
static const int REG_DATA[6] = { 11, 27, 7, 8, 9, 10 }; /* rpi-regular */

static const struct combo combos[] = {
	{ "p10 spidev x1", LED_HUB12, "p10-32x16-hub12", 1, 32, 16, 4, 8, 1,
	  1, 0, 0, 1, HUB_PATH_SPIDEV, 1, 100, 0, "amber" },
	{ "p10 spidev x5 (16x160)", LED_HUB12, "p10-32x16-hub12", 1, 32, 16,
	  4, 8, 1, 1, 0, 0, 5, HUB_PATH_SPIDEV, 1, 100, 0, "amber" },
	{ "p10 gpio x5 (16x160)", LED_HUB12, "p10-32x16-hub12", 1, 32, 16, 4,
	  8, 1, 1, 0, 0, 5, HUB_PATH_GPIO, 1, 100, 0, "amber" },
	{ "p10 spidev x2 3-bit 40%", LED_HUB12, "p10-32x16-hub12", 1, 32, 16,
	  4, 8, 1, 1, 0, 0, 2, HUB_PATH_SPIDEV, 3, 40, 0, "white" },
	{ "hub12 gpio oe-low data-high 2-bit 70%", LED_HUB12,
	  "p10-32x16-hub12", 0, 32, 16, 4, 8, 1, 0, 1, 0, 1, HUB_PATH_GPIO, 2,
	  70, 0, "red" },
	{ "hub12 1/8 spidev x3", LED_HUB12, "p10-32x16-hub12", 0, 32, 16, 8,
	  8, 1, 1, 0, 0, 3, HUB_PATH_SPIDEV, 1, 100, 0, "amber" },
	{ "hub12 1/16 gpio x2 2-bit", LED_HUB12, "p10-32x16-hub12", 0, 32, 16,
	  16, 8, 1, 1, 0, 0, 2, HUB_PATH_GPIO, 2, 100, 0, "amber" },
	{ "hub12 first-first group 16 x2", LED_HUB12, "p10-32x16-hub12", 0,
	  32, 16, 4, 16, 0, 1, 0, 0, 2, HUB_PATH_SPIDEV, 1, 100, 0, "amber" },
	{ "hub12 direct rows 1/4", LED_HUB12, "p10-32x16-hub12", 0, 32, 16, 4,
	  8, 1, 1, 0, 1, 1, HUB_PATH_SPIDEV, 2, 90, 0, "amber" },
	{ "hub12 spidev 1200 Hz target", LED_HUB12, "p10-32x16-hub12", 1, 32,
	  16, 4, 8, 1, 1, 0, 0, 5, HUB_PATH_SPIDEV, 1, 60, 1200, "amber" },
	{ "hub08 spidev dual x1", LED_HUB08, "64x32-hub08", 1, 64, 32, 16, 64,
	  0, 0, 1, 0, 1, HUB_PATH_SPIDEV, 1, 100, 0, "red" },
	{ "hub08 spidev dual x3 (32x192)", LED_HUB08, "64x32-hub08", 1, 64,
	  32, 16, 64, 0, 0, 1, 0, 3, HUB_PATH_SPIDEV, 1, 100, 0, "amber" },
	{ "hub08 gpio x3 (32x192)", LED_HUB08, "64x32-hub08", 1, 64, 32, 16,
	  64, 0, 0, 1, 0, 3, HUB_PATH_GPIO, 1, 100, 0, "amber" },
	{ "hub08 gpio data-low oe-high 3-bit 50%", LED_HUB08, "64x32-hub08",
	  0, 64, 32, 16, 64, 0, 1, 0, 0, 1, HUB_PATH_GPIO, 3, 50, 0, "amber" },
	{ "hub08 1/8 spidev x2 2-bit", LED_HUB08, "64x32-hub08", 0, 64, 32, 8,
	  64, 0, 0, 1, 0, 2, HUB_PATH_SPIDEV, 2, 100, 0, "white" },
	{ "hub08 64x64 1/32 gpio", LED_HUB08, "64x32-hub08", 0, 64, 64, 32,
	  64, 0, 0, 1, 0, 1, HUB_PATH_GPIO, 1, 100, 0, "amber" },
	{ "hub75 64x32 x1", LED_HUB75, "64x32-hub75", 1, 64, 32, 16, 64, 0, 0,
	  1, 0, 1, HUB_PATH_GPIO, 1, 100, 0, NULL },
	{ "hub75 64x32 x2 3-bit 60%", LED_HUB75, "64x32-hub75", 1, 64, 32, 16,
	  64, 0, 0, 1, 0, 2, HUB_PATH_GPIO, 3, 60, 0, NULL },
	{ "hub75 32x16 1/8 x3 2-bit", LED_HUB75, "32x16-hub75", 1, 32, 16, 8,
	  32, 0, 0, 1, 0, 3, HUB_PATH_GPIO, 2, 100, 0, NULL },
	{ "hub75 64x64 1/32 2-bit", LED_HUB75, "64x64-hub75", 1, 64, 64, 32,
	  64, 0, 0, 1, 0, 1, HUB_PATH_GPIO, 2, 100, 0, NULL },
	{ "hub75 oe-high data-low", LED_HUB75, "64x32-hub75", 0, 64, 32, 16,
	  64, 0, 1, 0, 0, 1, HUB_PATH_GPIO, 1, 100, 0, NULL },
	{ "hub75 100 Hz target 2-bit", LED_HUB75, "64x32-hub75", 1, 64, 32,
	  16, 64, 0, 0, 1, 0, 1, HUB_PATH_GPIO, 2, 100, 100, NULL },
};

static void setup_conf(const struct combo *k, struct panel_common *c,
		       struct hub_settings *h)
{
	struct errbuf e;

	memset(c, 0, sizeof(*c));
	memset(h, 0, sizeof(*h));
	assert_int_equal(cfgtab_defaults(panel_common_keys, c, &e), 0);
	assert_int_equal(cfgtab_defaults(hub_keys, h, &e), 0);
	snprintf(c->name, sizeof(c->name), "test");
	c->look = k->proto == LED_HUB75 ? LOOK_LED_RGB : LOOK_LED_MONO;
	snprintf(c->color, sizeof(c->color), "%s", k->color ? k->color : "white");
	c->bits = k->bits;
	c->brightness = k->brightness;
	snprintf(h->module, sizeof(h->module), "%s", k->module);
	h->chain = k->chain;
	h->path = k->path;
	h->refresh_hz = k->refresh_hz;
	h->dither = LED_DITHER_NONE;
	if (k->use_preset)
		return;
	h->module_height = k->mod_h;
	h->scan = k->scan;
	h->group = k->group;
	h->row_order = k->last_first ? 2 : 1;
	h->data_polarity = k->data_low ? 2 : 1;
	h->oe_polarity = k->oe_low ? 2 : 1;
	h->address = k->direct ? 2 : 1;
}

static void decoder_conf(const struct combo *k, struct leddec_cfg *d)
{
	int i;

	memset(d, 0, sizeof(*d));
	d->proto = k->proto == LED_HUB12   ? LEDDEC_HUB12
		   : k->proto == LED_HUB08 ? LEDDEC_HUB08
					   : LEDDEC_HUB75;
	d->mod_w = k->mod_w;
	d->mod_h = k->mod_h;
	d->scan = k->scan;
	d->chain = k->chain;
	d->group = k->group;
	d->last_first = k->last_first;
	d->data_active_low = k->data_low;
	d->oe_active_low = k->oe_low;
	d->addr_direct = k->direct;
	d->chip = "gpiochip0";
	for (i = 0; i < 5; i++)
		d->off_addr[i] = SPI0_ADDR[i];
	d->off_lat = 4;
	d->off_oe = 18;
	if (k->proto == LED_HUB75) {
		d->off_clk = 17;
		for (i = 0; i < 6; i++)
			d->off_data[i] = REG_DATA[i];
	} else {
		d->off_clk = 11;
		d->off_data[0] = 10;
		d->off_data[1] = 9;
	}
}

static uint32_t rnd(uint32_t *s)
{
	*s = *s * 1103515245u + 12345u;
	return *s >> 8;
}

/* A frame whose every sample is 0, 255 or random; @vals gets the value of
   every sample (w * h * channels) along the sign's colour. */
static struct canvas *make_frame(int w, int h, int channels, uint32_t color,
				 uint32_t seed, uint8_t *vals)
{
	struct canvas *cv = canvas_create(w, h, NULL);
	uint32_t *px = canvas_pixels(cv);
	int x, y, c;

	for (y = 0; y < h; y++) {
		for (x = 0; x < w; x++) {
			uint8_t v[3];

			for (c = 0; c < 3; c++) {
				uint32_t r = rnd(&seed) % 3;

				v[c] = r == 0 ? 0 : r == 1 ? 255 : rnd(&seed);
			}
			if (channels == 3) {
				px[y * canvas_stride(cv) + x] =
					ARGB(255, v[0], v[1], v[2]);
				memcpy(vals + ((size_t)y * w + x) * 3, v, 3);
			} else {
				/* v[0] along the colour: scale each channel */
				px[y * canvas_stride(cv) + x] = ARGB(
					255, ARGB_R(color) * v[0] / 255,
					ARGB_G(color) * v[0] / 255,
					ARGB_B(color) * v[0] / 255);
				vals[(size_t)y * w + x] = v[0];
			}
		}
	}
	return cv;
}

struct outcome {
	unsigned long mismatches;
	double worst_ns;
	unsigned long steady_calls, steady_msgs, steady_bytes;
};

static int decode(const struct leddec_cfg *d, struct ledrec *r,
		  struct leddec_result *res)
{
	if (d->proto == LEDDEC_HUB12)
		return leddec_hub12(d, r, res);
	if (d->proto == LEDDEC_HUB08)
		return leddec_hub08(d, r, res);
	return leddec_hub75(d, r, res);
}

/* Compares the decoded light with the frame; returns mismatches. */
static unsigned long compare(const struct combo *k, struct scan *s,
			     const struct leddec_result *res,
			     const uint8_t *vals, int refreshes, double *worst)
{
	const struct scan_timing *t = scan_get_timing(s);
	double unit = (double)t->lsb_ns * k->brightness / 100.0 * refreshes;
	double tol = (double)refreshes * k->bits * CALL_NS;
	size_t i, n = (size_t)res->w * res->h * res->channels;
	unsigned long bad = 0;

	*worst = 0;
	for (i = 0; i < n; i++) {
		int lvl = ledcolor_cie(vals[i], k->bits), p;
		double want = 0, err;

		for (p = 0; p < k->bits; p++)
			if (lvl >> p & 1)
				want += (double)scan_window_ns(s, p) * refreshes;
		err = fabs(res->lit[i] - want);
		if (err > *worst)
			*worst = err;
		if (err > tol || lround(res->lit[i] / unit) != lvl) {
			if (!bad)
				print_message("%s: sample %zu (x %zu y %zu) lit "
					      "%.0f ns, want %.0f (level %d)\n",
					      k->label, i,
					      i / res->channels % res->w,
					      i / res->channels / res->w,
					      res->lit[i], want, lvl);
			bad++;
		}
	}
	return bad;
}

/* Expected calls per refresh: the protocol's minimum. */
static void expect_minimum(const struct combo *k, const struct ledpanel *p,
			   const struct outcome *o, int lb)
{
	unsigned long steps = (unsigned long)p->mod.scan * k->bits;

	if (k->path == HUB_PATH_SPIDEV) {
		assert_int_equal(o->steady_calls, 3 * steps);
		assert_int_equal(o->steady_msgs, steps);
		assert_int_equal(o->steady_bytes, steps * (unsigned long)lb);
		assert_int_equal(lb, (p->clocks * p->data_lines + 7) / 8);
	} else if (!k->refresh_hz) {
		assert_int_equal(o->steady_calls,
				 steps * (2 * (unsigned long)p->clocks + 1));
		assert_int_equal(o->steady_msgs, 0);
	}
}

static void check_request(struct ledrec *r, const struct combo *k)
{
	const struct gpio_line_req *l;
	int n = ledrec_lines(r, &l), i, j, oe;

	assert_string_equal(ledrec_consumer(r), "pidsd");
	for (i = 0; i < n; i++)
		for (j = 0; j < i; j++)
			assert_false(l[i].offset == l[j].offset &&
				     strcmp(l[i].chip, l[j].chip) == 0);
	oe = ledrec_bit(r, "gpiochip0", 18);
	assert_true(oe >= 0);
	/* requested dark: OE at its "off" level */
	assert_int_equal((int)(ledrec_initial(r) >> oe & 1), k->oe_low);
}

static void run_combo(const struct combo *k, int break_decoder,
		      struct outcome *o)
{
	struct ledrec_opts ro = { .call_ns = CALL_NS, .busy_offset = -1 };
	struct ledrec_counts c1, c2;
	struct leddec_result res;
	struct leddec_cfg dc;
	struct panel_common c;
	struct hub_settings h;
	struct scan_stats st;
	struct ledpanel p;
	struct scan_io io;
	struct errbuf e = { "" };
	struct canvas *frame;
	struct ledrec *r;
	uint32_t color;
	uint8_t *vals;
	void *state;
	int i;

	setup_conf(k, &c, &h);
	decoder_conf(k, &dc);
	if (break_decoder)
		dc.last_first = !dc.last_first;
	r = ledrec_create(&ro);
	ledrec_io(r, &io);
	state = hub_open_io(k->proto, &c, &h, &io, 0, &e);
	if (!state)
		fail_msg("%s: %s", k->label, e.msg);
	assert_int_equal(hub_resolve(k->proto, &c, &h, &p, &e), 0);
	assert_int_equal(c.width, k->mod_w * k->chain);
	assert_int_equal(c.height, k->mod_h);
	check_request(r, k);
	assert_int_equal(panel_color_parse(c.color, &color), 0);
	vals = malloc((size_t)c.width * c.height * 3);
	frame = make_frame(c.width, c.height, p.colors, color,
			   (uint32_t)(k - combos) * 7919u + 1, vals);
	assert_int_equal(panel_backend_find(led_proto_names[k->proto])->show(
				 state, frame, (struct rect){ 0, 0, c.width,
							      c.height },
				 &e),
			 0);
	for (i = 0; i < REFRESHES; i++) {
		c1 = ledrec_counts(r);
		assert_int_equal(scan_refresh(hub_scan(state)), 0);
		c2 = ledrec_counts(r);
	}
	o->steady_calls = c2.gpio_calls - c1.gpio_calls;
	o->steady_msgs = c2.spi_msgs - c1.spi_msgs;
	o->steady_bytes = c2.spi_bytes - c1.spi_bytes;
	assert_int_equal(scan_flush(hub_scan(state)), 0);
	assert_int_equal(c2.redundant, 0);

	assert_int_equal(decode(&dc, r, &res), 0);
	assert_int_equal(res.ghost, 0);
	assert_int_equal(res.bad_addr, 0);
	assert_int_equal(res.races, 0);
	o->mismatches = compare(k, hub_scan(state), &res, vals, REFRESHES,
				&o->worst_ns);
	if (!break_decoder) {
		expect_minimum(k, &p, o,
			       (int)(o->steady_bytes /
				     (o->steady_msgs ? o->steady_msgs : 1)));
		scan_stats(hub_scan(state), &st);
		assert_int_equal(st.refreshes, REFRESHES);
		assert_int_equal(st.frames, 1);
		assert_int_equal(st.underruns, 0);
		if (k->refresh_hz)
			assert_true(fabs(st.refresh_hz - k->refresh_hz) <
				    0.01 * k->refresh_hz);
		else
			assert_true(fabs(st.refresh_hz -
					 scan_get_timing(hub_scan(state))
						 ->est_hz) <
				    0.001 * st.refresh_hz);
	}
	leddec_free(&res);
	panel_backend_find(led_proto_names[k->proto])->close(state);
	assert_false(ledrec_gpio_open(r));
	canvas_destroy(frame);
	free(vals);
	ledrec_destroy(r);
}

static void test_every_combo(void **state)
{
	size_t i;

	for (i = 0; i < sizeof(combos) / sizeof(combos[0]); i++) {
		struct outcome o;

		run_combo(&combos[i], 0, &o);
		print_message("%-40s calls/refresh %5lu  spi %lu x %lu B  "
			      "worst %.0f ns\n",
			      combos[i].label, o.steady_calls, o.steady_msgs,
			      o.steady_msgs ? o.steady_bytes / o.steady_msgs
					    : 0,
			      o.worst_ns);
		if (o.mismatches)
			fail_msg("%s: %lu samples differ", combos[i].label,
				 o.mismatches);
	}
}

/* The decoder can fail: decode P10 traffic with the rows in the wrong
   order and the image must come out wrong. */
static void test_broken_mapping_detected(void **state)
{
	struct outcome o;

	run_combo(&combos[1], 1, &o);
	assert_true(o.mismatches > 100);
	run_combo(&combos[12], 1, &o); /* HUB08 has one row per line... */
	assert_int_equal(o.mismatches, 0); /* ...so row order is moot */
}

/* Opens combo @k on a fresh recorder (single-step). */
static void *open_combo(const struct combo *k, struct ledrec **r,
			struct panel_common *c, struct hub_settings *h)
{
	struct ledrec_opts ro = { .call_ns = CALL_NS, .busy_offset = -1 };
	struct scan_io io;
	struct errbuf e = { "" };
	void *state;

	setup_conf(k, c, h);
	*r = ledrec_create(&ro);
	ledrec_io(*r, &io);
	state = hub_open_io(k->proto, c, h, &io, 0, &e);
	if (!state)
		fail_msg("%s: %s", k->label, e.msg);
	return state;
}

/* Frames handed over between refreshes: the newest wins, whole. */
static void test_frame_swap_at_boundary(void **state)
{
	const struct combo *k = &combos[3]; /* p10 spidev x2 3-bit 40% */
	struct panel_common c;
	struct hub_settings h;
	struct leddec_result res;
	struct leddec_cfg dc;
	struct scan_stats st;
	struct canvas *f[3];
	struct ledrec *r;
	uint8_t *vals[3];
	struct scan *sc;
	double worst;
	void *s;
	int i;

	s = open_combo(k, &r, &c, &h);
	sc = hub_scan(s);
	for (i = 0; i < 3; i++) {
		vals[i] = malloc((size_t)c.width * c.height);
		f[i] = make_frame(c.width, c.height, 1,
				  ARGB(255, 255, 255, 255), 100 + i, vals[i]);
	}
	assert_int_equal(scan_load(sc, f[0]), 0);
	assert_int_equal(scan_refresh(sc), 0);
	assert_int_equal(scan_flush(sc), 0);
	decoder_conf(k, &dc);
	dc.t_from = ledrec_now(r);
	assert_int_equal(scan_load(sc, f[1]), 0);
	assert_int_equal(scan_load(sc, f[2]), 0); /* replaces f[1] unseen */
	for (i = 0; i < REFRESHES; i++)
		assert_int_equal(scan_refresh(sc), 0);
	assert_int_equal(scan_flush(sc), 0);
	dc.t_to = ledrec_now(r);
	assert_int_equal(leddec_hub12(&dc, r, &res), 0);
	assert_int_equal(compare(k, sc, &res, vals[2], REFRESHES, &worst), 0);
	assert_true(compare(k, sc, &res, vals[1], REFRESHES, &worst) > 0);
	scan_stats(sc, &st);
	assert_int_equal(st.frames, 2);
	leddec_free(&res);
	panel_backend_find("hub12")->close(s);
	for (i = 0; i < 3; i++) {
		canvas_destroy(f[i]);
		free(vals[i]);
	}
	ledrec_destroy(r);
}

/* Brightness is OE duty only: light scales, the refresh period does not,
   on both paths. */
static void brightness_on(const struct combo *k)
{
	struct panel_common c;
	struct hub_settings h;
	struct leddec_result res[2];
	struct leddec_cfg dc;
	struct canvas *f;
	struct ledrec *r;
	struct scan *sc;
	uint64_t t[3];
	uint8_t *vals;
	double sum[2] = { 0, 0 };
	size_t i, n;
	void *s;
	int pass;

	s = open_combo(k, &r, &c, &h);
	sc = hub_scan(s);
	vals = malloc((size_t)c.width * c.height * 3);
	f = make_frame(c.width, c.height, k->proto == LED_HUB75 ? 3 : 1,
		       ARGB(255, 255, 255, 255), 7, vals);
	assert_int_equal(scan_load(sc, f), 0);
	decoder_conf(k, &dc);
	for (pass = 0; pass < 2; pass++) {
		panel_backend_find(led_proto_names[k->proto])
			->set_brightness(s, pass ? 25 : 100);
		assert_int_equal(scan_flush(sc), 0);
		t[pass] = ledrec_now(r);
		assert_int_equal(scan_refresh(sc), 0);
		assert_int_equal(scan_refresh(sc), 0);
		assert_int_equal(scan_flush(sc), 0);
		t[pass + 1] = ledrec_now(r);
	}
	for (pass = 0; pass < 2; pass++) {
		dc.t_from = t[pass];
		dc.t_to = t[pass + 1];
		assert_int_equal(decode(&dc, r, &res[pass]), 0);
		n = (size_t)res[pass].w * res[pass].h * res[pass].channels;
		for (i = 0; i < n; i++)
			sum[pass] += res[pass].lit[i];
	}
	print_message("%s: light at 25%% / 100%% = %.4f, periods %llu / %llu "
		      "ns\n",
		      k->label, sum[1] / sum[0],
		      (unsigned long long)(t[1] - t[0]),
		      (unsigned long long)(t[2] - t[1]));
	assert_true(fabs(sum[1] / sum[0] - 0.25) < 0.01);
	/* the same time for two refreshes, up to the flush's last window */
	assert_true(llabs((long long)(t[2] - t[1]) - (long long)(t[1] - t[0])) <
		    (long long)(scan_get_timing(sc)->lsb_ns << (k->bits - 1)));
	leddec_free(&res[0]);
	leddec_free(&res[1]);
	panel_backend_find(led_proto_names[k->proto])->close(s);
	canvas_destroy(f);
	free(vals);
	ledrec_destroy(r);
}

static void test_brightness_is_oe_duty(void **state)
{
	brightness_on(&combos[3]);  /* spidev, 3 bit-planes */
	brightness_on(&combos[17]); /* hub75 gpio, 3 bit-planes */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_combo),
		cmocka_unit_test(test_broken_mapping_detected),
		cmocka_unit_test(test_frame_swap_at_boundary),
		cmocka_unit_test(test_brightness_is_oe_duty),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
