/*
 * ledbench: what one refresh of an LED sign costs, counted on the
 * recorder, and how long turning a frame into bit-planes takes.
 *
 * For each sign and path it runs the real scan (panel/hub + panel/scan)
 * in single-step mode on the recorder's virtual clock and prints, per
 * refresh: GPIO bulk writes, SPI messages and bytes, the protocol's
 * minimum (derived here from the geometry alone), the refresh rate those
 * counts allow at 1.2 us per libgpiod call and a 10 MHz SPI clock, and the
 * rate the scan's own schedule reaches on the same virtual clock.  Then the
 * median CPU time of bitplane_convert() over many runs.
 *
 * Output: "BENCH <name> <value> <unit>" lines (tests/bench/led.sh).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "panel/bitplane.h"
#include "panel/hub.h"
#include "panel/ledrec.h"
#include "render/ledcolor.h"

#define CALL_NS 1200.0   /* go-gpiocdev README: 1.15 us/op on a Pi 4 */
#define SPI_HZ 10000000.0
#define REFRESHES 8
#define RUNS 2001

struct sign {
	const char *name; /* led_<protocol>_<size> */
	int proto;
	const char *module;
	int chain;
	int path;
	int bits;
};

static const struct sign signs[] = {
	{ "led_hub12_16x160", LED_HUB12, "p10-32x16-hub12", 5,
	  HUB_PATH_SPIDEV, 1 },
	{ "led_hub12_16x160", LED_HUB12, "p10-32x16-hub12", 5, HUB_PATH_GPIO,
	  1 },
	{ "led_hub08_32x192", LED_HUB08, "64x32-hub08", 3, HUB_PATH_SPIDEV, 1 },
	{ "led_hub08_32x192", LED_HUB08, "64x32-hub08", 3, HUB_PATH_GPIO, 1 },
	{ "led_hub75_64x32", LED_HUB75, "64x32-hub75", 1, HUB_PATH_GPIO, 1 },
	{ "led_hub75_64x32_3bit", LED_HUB75, "64x32-hub75", 1, HUB_PATH_GPIO,
	  3 },
};

static void conf(const struct sign *s, struct panel_common *c,
		 struct hub_settings *h)
{
	memset(c, 0, sizeof(*c));
	memset(h, 0, sizeof(*h));
	cfgtab_defaults(panel_common_keys, c, NULL);
	cfgtab_defaults(hub_keys, h, NULL);
	snprintf(c->name, sizeof(c->name), "%s", s->name);
	c->look = s->proto == LED_HUB75 ? LOOK_LED_RGB : LOOK_LED_MONO;
	c->bits = s->bits;
	snprintf(h->module, sizeof(h->module), "%s", s->module);
	h->chain = s->chain;
	h->path = s->path;
}

/* A sign-like frame: amber "glyph" strokes, an anti-aliased edge and a
   gradient, so the quantiser and the planes have work. */
static struct canvas *frame(int w, int hgt)
{
	struct canvas *cv = canvas_create(w, hgt, NULL);
	int x, y;

	for (y = 0; y < hgt; y++)
		for (x = 0; x < w; x++) {
			int v = ((x / 3 + y) % 5 == 0 || x % 11 == 0) ? 255
				: x > w - 24 ? (x * 255 / w) : 0;

			canvas_fill(cv, (struct rect){ x, y, 1, 1 },
				    ARGB(255, v, v * 176 / 255, v / 8));
		}
	return cv;
}

static const char *path_name(int path)
{
	return path == HUB_PATH_GPIO ? "gpio" : "spidev";
}

static int refresh_costs(const struct sign *sg)
{
	struct ledrec_opts o = { .call_ns = (uint64_t)CALL_NS,
				 .busy_offset = -1, .max_events = 1 };
	struct ledrec_counts a, b;
	struct panel_common c;
	struct hub_settings h;
	struct scan_stats st;
	struct ledpanel p;
	struct scan_io io;
	struct errbuf e = { "" };
	struct canvas *cv;
	struct ledrec *r = ledrec_create(&o);
	double calls, msgs, bytes, t_ns, min_calls, min_bytes;
	const char *pn = path_name(sg->path);
	long steps, clocks;
	void *s;
	int i;

	conf(sg, &c, &h);
	ledrec_io(r, &io);
	s = hub_open_io(sg->proto, &c, &h, &io, 0, &e);
	if (!s) {
		fprintf(stderr, "ledbench: %s: %s\n", sg->name, e.msg);
		return -1;
	}
	hub_resolve(sg->proto, &c, &h, &p, NULL);
	cv = frame(c.width, c.height);
	scan_load(hub_scan(s), cv);
	scan_refresh(hub_scan(s)); /* warm-up: the pipeline is full after */
	a = ledrec_counts(r);
	for (i = 0; i < REFRESHES; i++)
		scan_refresh(hub_scan(s));
	b = ledrec_counts(r);
	scan_stats(hub_scan(s), &st);
	calls = (double)(b.gpio_calls - a.gpio_calls) / REFRESHES;
	msgs = (double)(b.spi_msgs - a.spi_msgs) / REFRESHES;
	bytes = (double)(b.spi_bytes - a.spi_bytes) / REFRESHES;

	/* The minimum from the protocol: every pixel bit needs a clock
	   edge; per scan line and plane the data lines shift in parallel. */
	steps = (long)p.mod.scan * sg->bits;
	clocks = (long)c.width * c.height * p.colors / p.mod.scan /
		 p.data_lines;
	if (sg->path == HUB_PATH_GPIO) {
		/* data + CLK low, CLK high per clock (OE off rides on one),
		   then LAT + address; LAT low + OE on rides on the next */
		min_calls = (double)steps * (2 * clocks + 1);
		min_bytes = 0;
	} else {
		/* OE off, LAT + address, LAT low + OE on: all three must be
		   separate states so the latch and address change dark */
		min_calls = 3.0 * steps;
		min_bytes = (double)steps * ((clocks * p.data_lines + 7) / 8);
	}
	t_ns = calls * CALL_NS + bytes * 8 / p.data_lines / SPI_HZ * 1e9;
	printf("BENCH %s_%s_gpio_calls %.0f calls\n", sg->name, pn, calls);
	printf("BENCH %s_%s_gpio_calls_min %.0f calls\n", sg->name, pn,
	       min_calls);
	if (sg->path == HUB_PATH_SPIDEV) {
		printf("BENCH %s_%s_spi_msgs %.0f messages\n", sg->name, pn,
		       msgs);
		printf("BENCH %s_%s_spi_bytes %.0f bytes\n", sg->name, pn,
		       bytes);
		printf("BENCH %s_%s_spi_bytes_min %.0f bytes\n", sg->name, pn,
		       min_bytes);
	}
	printf("BENCH %s_%s_refresh %.0f Hz\n", sg->name, pn, 1e9 / t_ns);
	printf("BENCH %s_%s_scan_refresh %.0f Hz\n", sg->name, pn,
	       st.refresh_hz);
	printf("# %s %s: %d-bit, %ld steps of %ld clocks; at 1.72 us per "
	       "call and 19.3 us per SPI message: %.0f Hz\n",
	       sg->name, pn, sg->bits, steps, clocks,
	       1e9 / (calls * 1720.0 + msgs * 19300.0 +
		      bytes * 8 / p.data_lines / SPI_HZ * 1e9));
	panel_backend_find(led_proto_names[sg->proto])->close(s);
	canvas_destroy(cv);
	ledrec_destroy(r);
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int convert_time(const struct sign *sg, const char *name)
{
	static double t[RUNS];
	struct panel_common c;
	struct hub_settings h;
	struct ledpanel p;
	struct errbuf e = { "" };
	struct bitplane *b;
	struct canvas *cv;
	uint8_t *out;
	int i;

	conf(sg, &c, &h);
	if (hub_resolve(sg->proto, &c, &h, &p, &e) < 0) {
		fprintf(stderr, "ledbench: %s: %s\n", name, e.msg);
		return -1;
	}
	b = bitplane_create(&p, sg->bits, LED_DITHER_ORDERED,
			    ARGB(255, 255, 176, 0), &e);
	cv = frame(p.width, p.height);
	out = malloc(bitplane_size(b));
	for (i = 0; i < RUNS; i++) {
		double t0 = now_us();

		bitplane_convert(b, cv, out);
		t[i] = now_us() - t0;
	}
	qsort(t, RUNS, sizeof(t[0]), cmp_double);
	printf("BENCH %s_bitplanes_us %.1f us\n", name, t[RUNS / 2]);
	free(out);
	canvas_destroy(cv);
	bitplane_destroy(b);
	return 0;
}

int main(void)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < sizeof(signs) / sizeof(signs[0]); i++)
		rc |= refresh_costs(&signs[i]);
	rc |= convert_time(&signs[0], "led_hub12_16x160");
	rc |= convert_time(&signs[2], "led_hub08_32x192");
	rc |= convert_time(&signs[4], "led_hub75_64x32");
	rc |= convert_time(&signs[5], "led_hub75_64x32_3bit");
	return rc ? 1 : 0;
}
