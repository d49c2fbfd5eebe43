/* hub: see hub.h. */
#include "panel/hub.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "panel/gpio.h"
#include "panel/scanrt.h"
#include "panel/spi.h"
#include "render/ledcolor.h"

static const char *const rows_names[] = { "preset", "first-first",
					  "last-first", NULL };
static const char *const polarity_names[] = { "preset", "active-high",
					      "active-low", NULL };
static const char *const address_names[] = { "preset", "binary", "direct",
					     NULL };
static const char *const path_names[] = { "auto", "gpio", "spidev", NULL };
static const char *const dither_names[] = { "none", "ordered", "diffusion",
					    NULL };
static const char *const lock_names[] = { "no", "buffers", "all", NULL };

#define H(field) offsetof(struct hub_settings, field)
#define INT(n, f, lo, hi, d, h)                                          \
	{ .name = n, .type = CFG_INT, .off = H(f), .min = lo, .max = hi, \
	  .def = d, .help = h }
#define ENUM(n, f, names_, d, h)                                       \
	{ .name = n, .type = CFG_ENUM, .off = H(f), .names = names_, \
	  .def = d, .help = h }
#define STR(n, f, d, h)                                        \
	{ .name = n, .type = CFG_STR, .off = H(f),             \
	  .size = sizeof(((struct hub_settings *)0)->f), .def = d, \
	  .help = h }
#define PIN(n, i)                                                       \
	{ .name = "pin-" n, .type = CFG_STR, .off = H(pins[i]),         \
	  .size = sizeof(((struct hub_settings *)0)->pins[i]), .def = "", \
	  .help = "\"\" = pin map, none, offset or chip:offset" }

const struct cfg_key hub_keys[] = {
	STR("module", module, "",
	    "preset: p10-32x16-hub12, 64x32-hub08, 64x32-hub75, 32x16-hub75, "
	    "64x64-hub75; \"\" = the type's"),
	INT("module-width", module_width, 0, 1024, "0", "pixels, 0 = preset"),
	INT("module-height", module_height, 0, 256, "0", "pixels, 0 = preset"),
	INT("scan", scan, 0, 32, "0", "scan lines (1/N scan), 0 = preset"),
	INT("group", group, 0, 1024, "0",
	    "pixels per interleave group in the shift chain, 0 = preset"),
	ENUM("row-order", row_order, rows_names, "preset",
	     "rows of a scan line in the chain: first-first or last-first"),
	ENUM("data-polarity", data_polarity, polarity_names, "preset",
	     "active-high (1 = LED on) or active-low"),
	ENUM("oe-polarity", oe_polarity, polarity_names, "preset",
	     "active-high (OE 1 = lit) or active-low"),
	ENUM("address", address, address_names, "preset",
	     "binary (A..E = line number) or direct (one pin per line)"),
	INT("chain", chain, 0, 64, "0", "modules in the chain, 0 = from width"),
	ENUM("path", path, path_names, "auto",
	     "gpio (libgpiod only) or spidev (data over SPI); auto = spidev "
	     "for hub12/hub08"),
	STR("spidev", spidev, "/dev/spidev0.0", "SPI device for path spidev"),
	INT("spi-speed", spi_speed, 100000, 125000000, "10000000", "Hz"),
	STR("pinmap", pinmap, "",
	    "rpi-spi0, rpi-regular, rpi-adafruit-hat, qemu-virt; \"\" = the "
	    "type's"),
	STR("gpiochip", gpiochip, "",
	    "chip for pins without one: name, path, label or number"),
	PIN("a", LED_PIN_A), PIN("b", LED_PIN_B), PIN("c", LED_PIN_C),
	PIN("d", LED_PIN_D), PIN("e", LED_PIN_E), PIN("clk", LED_PIN_CLK),
	PIN("lat", LED_PIN_LAT), PIN("oe", LED_PIN_OE),
	PIN("r1", LED_PIN_R1), PIN("g1", LED_PIN_G1), PIN("b1", LED_PIN_B1),
	PIN("r2", LED_PIN_R2), PIN("g2", LED_PIN_G2), PIN("b2", LED_PIN_B2),
	INT("refresh-hz", refresh_hz, 0, 100000, "0",
	    "target refresh rate, 0 = as fast as the path allows"),
	INT("gpio-call-ns", gpio_call_ns, 50, 1000000, "1200",
	    "cost of one GPIO bulk write, for the scan's timing"),
	ENUM("dither", dither, dither_names, "ordered",
	     "none, ordered or diffusion (in-between levels only)"),
	INT("rt-priority", rt_priority, 0, 99, "50",
	    "SCHED_FIFO priority of the scan thread, 0 = normal"),
	INT("cpu", cpu, -1, 1023, "-1", "CPU for the scan thread, -1 = any"),
	ENUM("lock-memory", lock_memory, lock_names, "buffers",
	     "no, buffers (scan buffers and stack) or all (mlockall)"),
	INT("spin-us", spin_us, 0, 10000, "50",
	    "busy-wait this long before a deadline instead of sleeping"),
	INT("stall-ms", stall_ms, 0, 10000, "100",
	    "blank (OE off) when the scan stalls this long, 0 = never"),
	{ .name = NULL },
};

struct hub {
	struct scan *scan;
	struct scanrt *rt;      /* NULL in single-step mode */
	struct ledpanel panel;
	struct scan_realclock rc;
	char name[32];
};

static struct scan_io io_override;
static int io_override_set, io_override_threads;

void hub_io_use(const struct scan_io *io, int threads)
{
	io_override_set = io != NULL;
	if (io)
		io_override = *io;
	io_override_threads = threads;
}

static int module_of(int proto, const struct hub_settings *h,
		     struct ledmodule *m, struct errbuf *e)
{
	const struct ledmodule *pre;

	pre = h->module[0] ? ledmodule_find(h->module)
			   : ledmodule_default(proto);
	if (!pre) {
		errbuf_set(e, "module: '%s' is not a preset", h->module);
		return -1;
	}
	if (pre->proto != proto) {
		errbuf_set(e, "module: '%s' is a %s module, not %s", pre->name,
			   led_proto_names[pre->proto], led_proto_names[proto]);
		return -1;
	}
	*m = *pre;
	if (h->module_width)
		m->width = h->module_width;
	if (h->module_height)
		m->height = h->module_height;
	if (h->scan)
		m->scan = h->scan;
	if (h->group)
		m->group = h->group;
	else if (h->module_width)
		m->group = pre->group == pre->width ? m->width : pre->group;
	if (h->row_order)
		m->rows = h->row_order - 1;
	if (h->data_polarity)
		m->data_active_low = h->data_polarity == 2;
	if (h->oe_polarity)
		m->oe_active_low = h->oe_polarity == 2;
	if (h->address)
		m->addr = h->address - 1;
	return 0;
}

static int parse_pin(int pin, const char *v, const char *defchip,
		     struct ledline *l, struct errbuf *e)
{
	const char *colon = strrchr(v, ':'), *num = colon ? colon + 1 : v;
	size_t clen = colon ? (size_t)(colon - v) : strlen(defchip);
	char *end;
	long off;

	if (!*v)
		return 0;
	if (strcmp(v, "none") == 0) {
		l->offset = -1;
		return 0;
	}
	errno = 0;
	off = strtol(num, &end, 10);
	if (end == num || *end || errno || off < 0 || off > 65535 ||
	    clen == 0 || clen >= sizeof(l->chip)) {
		errbuf_set(e,
			   "pin-%s: '%s' is not a line offset, chip:offset "
			   "or none",
			   led_pin_names[pin], v);
		return -1;
	}
	memcpy(l->chip, colon ? v : defchip, clen);
	l->chip[clen] = '\0';
	l->offset = (int)off;
	return 0;
}

static int pins_of(int proto, const struct hub_settings *h,
		   struct ledpanel *p, struct errbuf *e)
{
	const struct ledpinmap *map;
	const char *chip;
	int i;

	map = h->pinmap[0] ? ledpinmap_find(h->pinmap)
			   : ledpinmap_default(proto);
	if (!map) {
		errbuf_set(e, "pinmap: '%s' is not a pin map", h->pinmap);
		return -1;
	}
	chip = h->gpiochip[0] ? h->gpiochip : map->chip;
	for (i = 0; i < LED_PIN_COUNT; i++) {
		snprintf(p->pins[i].chip, sizeof(p->pins[i].chip), "%s", chip);
		p->pins[i].offset = map->offset[i];
		if (parse_pin(i, h->pins[i], chip, &p->pins[i], e) < 0)
			return -1;
	}
	return 0;
}

int hub_resolve(int proto, const struct panel_common *c,
		const struct hub_settings *h, struct ledpanel *p,
		struct errbuf *e)
{
	memset(p, 0, sizeof(*p));
	if (module_of(proto, h, &p->mod, e) < 0)
		return -1;
	p->chain = h->chain;
	if (!p->chain)
		p->chain = c->width ? c->width / p->mod.width : 1;
	if (h->path == HUB_PATH_AUTO)
		p->path = proto == LED_HUB75 ? LED_PATH_GPIO : LED_PATH_SPIDEV;
	else
		p->path = h->path == HUB_PATH_GPIO ? LED_PATH_GPIO
						   : LED_PATH_SPIDEV;
	if (pins_of(proto, h, p, e) < 0 || ledpanel_check(p, e) < 0)
		return -1;
	if (c->width && c->width != p->width) {
		errbuf_set(e,
			   "width: %d does not match the module chain (%d x "
			   "%d = %d pixels)",
			   c->width, p->chain, p->mod.width, p->width);
		return -1;
	}
	if (c->height && c->height != p->height) {
		errbuf_set(e, "height: %d does not match the modules (%d)",
			   c->height, p->height);
		return -1;
	}
	return 0;
}

static void make_cfg(const struct panel_common *c, const struct hub_settings *h,
		     struct scan_cfg *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->name = c->name;
	cfg->bits = c->bits;
	cfg->brightness = c->brightness;
	cfg->refresh_hz = h->refresh_hz;
	cfg->gpio_call_ns = h->gpio_call_ns;
	cfg->spi_hz = h->spi_speed;
	cfg->spidev = h->spidev;
	cfg->dither = h->dither;
	if (panel_color_parse(c->color, &cfg->color) < 0)
		cfg->color = ARGB(255, 255, 255, 255);
}

/* Resolves the sign into @p and its scan settings into @cfg, checks the
   look and that the refresh rate is in reach, and fills in c's size. */
static int hub_prepare(int proto, struct panel_common *c,
		       const struct hub_settings *h, struct ledpanel *p,
		       struct scan_cfg *cfg, struct errbuf *e)
{
	struct scan_timing t;

	if (hub_resolve(proto, c, h, p, e) < 0)
		return -1;
	if (c->look == LOOK_LCD ||
	    (proto != LED_HUB75 && c->look != LOOK_LED_MONO)) {
		errbuf_set(e, "look: a %s sign shows %s: use look = %s",
			   led_proto_names[proto],
			   proto == LED_HUB75 ? "LED levels" : "one colour",
			   proto == LED_HUB75 ? "led-rgb or led-mono"
					      : "led-mono");
		return -1;
	}
	make_cfg(c, h, cfg);
	if (scan_timing(p, cfg, &t, e) < 0)
		return -1;
	c->width = p->width;
	c->height = p->height;
	return 0;
}

static int hub_validate(int proto, struct panel_common *c, void *settings,
			struct errbuf *e)
{
	struct scan_cfg cfg;
	struct ledpanel p;

	return hub_prepare(proto, c, settings, &p, &cfg, e);
}

void *hub_open_io(int proto, struct panel_common *c,
		  const struct hub_settings *h, const struct scan_io *io,
		  int threads, struct errbuf *e)
{
	struct scan_rt rt = { .priority = h->rt_priority, .cpu = h->cpu,
			      .lock = h->lock_memory, .stall_ms = h->stall_ms };
	struct scan_cfg cfg;
	struct scan_io sio = *io;
	struct ledpanel p;
	struct hub *hub;

	if (hub_prepare(proto, c, h, &p, &cfg, e) < 0)
		return NULL;
	hub = calloc(1, sizeof(*hub));
	if (!hub) {
		errbuf_errno(e, "%s", c->name);
		return NULL;
	}
	snprintf(hub->name, sizeof(hub->name), "%s", c->name);
	hub->panel = p;
	if (!sio.clock.now)
		scan_realclock_init(&sio.clock, &hub->rc,
				    (uint64_t)h->spin_us * 1000);
	hub->scan = scan_create(&hub->panel, &cfg, &sio, e);
	if (!hub->scan)
		goto err_scan;
	if (threads) {
		hub->rt = scanrt_start(hub->scan, &rt, e);
		if (!hub->rt)
			goto err_start;
	}
	return hub;

err_start:
	scan_destroy(hub->scan);
err_scan:
	free(hub);
	return NULL;
}

struct scan *hub_scan(void *state)
{
	return ((struct hub *)state)->scan;
}

static void *hub_open(int proto, struct panel_common *c, const void *settings,
		      struct errbuf *e)
{
	struct scan_io io = { .gpio = &gpio_libgpiod, .spi = &spi_spidev };

	if (io_override_set)
		return hub_open_io(proto, c, settings, &io_override,
				   io_override_threads, e);
	return hub_open_io(proto, c, settings, &io, 1, e);
}

static int hub_show(void *state, const struct canvas *frame, struct rect damage,
		    struct errbuf *e)
{
	struct hub *h = state;
	struct scanrt_stats st;

	scanrt_stats(h->rt, &st);
	if (st.failed) {
		errbuf_set(e, "%s: LED scan stopped: %s", h->name, st.error);
		errno = EIO;
		return -1;
	}
	if (scan_load(h->scan, frame) < 0) {
		errbuf_set(e, "%s: frame is %dx%d but the sign is %dx%d",
			   h->name, canvas_width(frame), canvas_height(frame),
			   h->panel.width, h->panel.height);
		return -1;
	}
	return 0;
}

static int hub_set_brightness(void *state, int percent)
{
	scan_set_brightness(((struct hub *)state)->scan, percent);
	return 0;
}

static void hub_status(void *state, struct panel_status *ps)
{
	struct hub *h = state;
	const struct ledpanel *p = &h->panel;
	struct scanrt_stats rt;
	struct scan_stats st;

	scan_stats(h->scan, &st);
	scanrt_stats(h->rt, &rt);
	ps->ok = !rt.failed;
	ps->refresh_hz = st.refresh_hz;
	ps->underruns = st.underruns;
	ps->frames = st.frames;
	snprintf(ps->detail, sizeof(ps->detail),
		 "%s %s: %d x %s 1/%d, %s%s%s", led_proto_names[p->mod.proto],
		 p->path == LED_PATH_GPIO ? "gpio" : "spidev", p->chain,
		 p->mod.name ? p->mod.name : "custom", p->mod.scan,
		 rt.realtime ? "SCHED_FIFO" : "normal priority",
		 st.stalled ? ", stalled: blanked" : "",
		 rt.failed ? ", stopped" : "");
}

static void hub_close(void *state)
{
	struct hub *h = state;

	if (!h)
		return;
	scanrt_stop(h->rt);
	scan_destroy(h->scan);
	free(h);
}

#define HUB_OPS(proto_, type_)                                              \
	static int validate_##type_(struct panel_common *c, void *s,        \
				    struct errbuf *e)                       \
	{                                                                   \
		return hub_validate(proto_, c, s, e);                       \
	}                                                                   \
	static void *open_##type_(struct panel_common *c, const void *s,    \
				  struct errbuf *e)                         \
	{                                                                   \
		return hub_open(proto_, c, s, e);                           \
	}                                                                   \
	const struct panel_ops panel_##type_##_ops = {                      \
		.type = #type_,                                             \
		.keys = hub_keys,                                           \
		.settings_size = sizeof(struct hub_settings),               \
		.validate = validate_##type_,                               \
		.open = open_##type_,                                       \
		.show = hub_show,                                           \
		.set_brightness = hub_set_brightness,                       \
		.status = hub_status,                                       \
		.close = hub_close,                                         \
	}

HUB_OPS(LED_HUB12, hub12);
HUB_OPS(LED_HUB08, hub08);
HUB_OPS(LED_HUB75, hub75);
