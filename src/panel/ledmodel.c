/* ledmodel: see ledmodel.h. */
#include "panel/ledmodel.h"

#include <stdio.h>
#include <string.h>

const char *const led_proto_names[] = { "hub12", "hub08", "hub75", NULL };

const char *const led_pin_names[] = { "a",  "b",   "c",  "d",  "e",
				      "clk", "lat", "oe", "r1", "g1",
				      "b1", "r2",  "g2", "b2", NULL };

/*
 * Sources: P10 HUB12 interleave (8-pixel groups, rows +12, +8, +4, +0) and
 * active-low data from freetronics/DMD2 DMD2.cpp (writeSPIData) and
 * DMDFrame.cpp, zephyr drivers/display/display_hub12.c; OE active high on
 * Freetronics boards (configurable: some HUB12 boards differ, see
 * rpi-rgb-led-matrix issue 302).  HUB75: OE low = lit, data high = on
 * (rpi-rgb-led-matrix lib/framebuffer.cc).  HUB08: EN is the 74HC595 /OE.
 */
const struct ledmodule ledmodule_presets[] = {
	{ .name = "p10-32x16-hub12", .proto = LED_HUB12, .width = 32,
	  .height = 16, .scan = 4, .group = 8, .rows = LED_ROWS_LAST_FIRST,
	  .data_active_low = 1, .oe_active_low = 0, .addr = LED_ADDR_BINARY },
	{ .name = "64x32-hub08", .proto = LED_HUB08, .width = 64,
	  .height = 32, .scan = 16, .group = 64, .rows = LED_ROWS_FIRST_FIRST,
	  .data_active_low = 0, .oe_active_low = 1, .addr = LED_ADDR_BINARY },
	{ .name = "64x32-hub75", .proto = LED_HUB75, .width = 64,
	  .height = 32, .scan = 16, .group = 64, .rows = LED_ROWS_FIRST_FIRST,
	  .data_active_low = 0, .oe_active_low = 1, .addr = LED_ADDR_BINARY },
	{ .name = "32x16-hub75", .proto = LED_HUB75, .width = 32,
	  .height = 16, .scan = 8, .group = 32, .rows = LED_ROWS_FIRST_FIRST,
	  .data_active_low = 0, .oe_active_low = 1, .addr = LED_ADDR_BINARY },
	{ .name = "64x64-hub75", .proto = LED_HUB75, .width = 64,
	  .height = 64, .scan = 32, .group = 64, .rows = LED_ROWS_FIRST_FIRST,
	  .data_active_low = 0, .oe_active_low = 1, .addr = LED_ADDR_BINARY },
	{ .name = NULL },
};

const struct ledmodule *ledmodule_find(const char *name)
{
	const struct ledmodule *m;

	for (m = ledmodule_presets; m->name; m++)
		if (strcmp(m->name, name) == 0)
			return m;
	return NULL;
}

const struct ledmodule *ledmodule_default(int proto)
{
	static const char *const def[] = { "p10-32x16-hub12", "64x32-hub08",
					   "64x32-hub75" };

	return ledmodule_find(def[proto]);
}

#define HUB_MONO (1 << LED_HUB12 | 1 << LED_HUB08)
/*                A   B   C   D   E  CLK LAT OE  R1  G1  B1  R2  G2  B2 */
const struct ledpinmap ledpinmap_tables[] = {
	{ "rpi-spi0", "gpiochip0", HUB_MONO,
	  "CLK and R1/R2 on SPI0 SCLK/MOSI/MISO: same wiring for both paths",
	  { 22, 23, 24, 25, 15, 11, 4, 18, 10, -1, -1, 9, -1, -1 } },
	{ "rpi-regular", "gpiochip0", 1 << LED_HUB75,
	  "rpi-rgb-led-matrix \"regular\" (lib/hardware-mapping.c)",
	  { 22, 23, 24, 25, 15, 17, 4, 18, 11, 27, 7, 8, 9, 10 } },
	{ "rpi-adafruit-hat", "gpiochip0", 1 << LED_HUB75,
	  "rpi-rgb-led-matrix \"adafruit-hat\"",
	  { 22, 26, 27, 20, 24, 17, 21, 4, 5, 13, 6, 12, 16, 23 } },
	{ "qemu-virt", "gpiochip0", 1 << LED_HUB12,
	  "QEMU virt PL061 (8 lines; line 3 is gpio-keys' power button)",
	  { 0, 1, -1, -1, -1, 2, 4, 5, 6, -1, -1, -1, -1, -1 } },
	{ NULL, NULL, 0, NULL, { 0 } },
};

const struct ledpinmap *ledpinmap_find(const char *name)
{
	const struct ledpinmap *m;

	for (m = ledpinmap_tables; m->name; m++)
		if (strcmp(m->name, name) == 0)
			return m;
	return NULL;
}

const struct ledpinmap *ledpinmap_default(int proto)
{
	return ledpinmap_find(proto == LED_HUB75 ? "rpi-regular" : "rpi-spi0");
}

int ledpanel_data_pin(int proto, int d)
{
	static const int mono[] = { LED_PIN_R1, LED_PIN_R2 };
	static const int rgb[] = { LED_PIN_R1, LED_PIN_G1, LED_PIN_B1,
				   LED_PIN_R2, LED_PIN_G2, LED_PIN_B2 };

	if (proto == LED_HUB75)
		return d >= 0 && d < 6 ? rgb[d] : -1;
	if (proto == LED_HUB08)
		return d >= 0 && d < 2 ? mono[d] : -1;
	return d == 0 ? LED_PIN_R1 : -1;
}

int ledpanel_uses_pin(const struct ledpanel *p, int pin)
{
	int d;

	if (pin <= LED_PIN_E)
		return pin < p->addr_pins;
	if (pin == LED_PIN_LAT || pin == LED_PIN_OE)
		return 1;
	if (p->path == LED_PATH_SPIDEV)
		return 0;
	if (pin == LED_PIN_CLK)
		return 1;
	for (d = 0; d < p->data_lines; d++)
		if (ledpanel_data_pin(p->mod.proto, d) == pin)
			return 1;
	return 0;
}

static int check_geometry(struct ledpanel *p, struct errbuf *e)
{
	struct ledmodule *m = &p->mod;

	if (m->width < 1 || m->width > 1024 || m->height < 1 ||
	    m->height > 256) {
		errbuf_set(e, "module size %dx%d is out of range", m->width,
			   m->height);
		return -1;
	}
	if (m->scan < 2 || m->scan > LED_SCAN_MAX) {
		errbuf_set(e, "scan: 1/%d is not a scan ratio (1/2 .. 1/32)",
			   m->scan);
		return -1;
	}
	p->halves = m->proto == LED_HUB12 ? 1 : 2;
	p->colors = m->proto == LED_HUB75 ? 3 : 1;
	p->data_lines = p->halves * p->colors;
	if (m->height % (p->halves * m->scan)) {
		errbuf_set(e,
			   "module height %d does not divide into %d half(s) "
			   "of 1/%d scan",
			   m->height, p->halves, m->scan);
		return -1;
	}
	p->rows_per_line = m->height / p->halves / m->scan;
	if (m->group == 0)
		m->group = m->width;
	if (m->group < 1 || m->width % m->group) {
		errbuf_set(e, "group: %d pixels do not divide the module width %d",
			   m->group, m->width);
		return -1;
	}
	if (p->chain < 1 || p->chain > 64) {
		errbuf_set(e, "chain: %d modules is out of range 1..64",
			   p->chain);
		return -1;
	}
	p->width = p->chain * m->width;
	p->height = m->height;
	p->clocks = p->chain * m->width * p->rows_per_line;
	return 0;
}

static int check_addr(struct ledpanel *p, struct errbuf *e)
{
	int s, n = 0;

	if (p->mod.addr == LED_ADDR_DIRECT) {
		if (p->mod.scan > LED_ADDR_PINS) {
			errbuf_set(e,
				   "address: direct row select has %d pins, "
				   "1/%d scan needs %d",
				   LED_ADDR_PINS, p->mod.scan, p->mod.scan);
			return -1;
		}
		p->addr_pins = p->mod.scan;
		for (s = 0; s < p->mod.scan; s++)
			p->addr[s] = 1u << s;
		return 0;
	}
	while ((1 << n) < p->mod.scan)
		n++;
	p->addr_pins = n;
	for (s = 0; s < p->mod.scan; s++)
		p->addr[s] = (uint32_t)s;
	return 0;
}

/* "a, b, lat, oe" for the message about missing pins. */
static void needed_pins(const struct ledpanel *p, char *buf, size_t len)
{
	size_t n = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < LED_PIN_COUNT && n < len; i++)
		if (ledpanel_uses_pin(p, i))
			n += snprintf(buf + n, len - n, "%s%s", n ? " " : "",
				      led_pin_names[i]);
}

static int check_pins(const struct ledpanel *p, struct errbuf *e)
{
	char need[64];
	int i, j;

	if (p->path == LED_PATH_SPIDEV && p->data_lines > 2) {
		errbuf_set(e,
			   "path: %s has %d data lines but SPI carries at most "
			   "2 (dual): use path = gpio",
			   led_proto_names[p->mod.proto], p->data_lines);
		return -1;
	}
	for (i = 0; i < LED_PIN_COUNT; i++) {
		if (!ledpanel_uses_pin(p, i))
			continue;
		if (p->pins[i].offset < 0 || !p->pins[i].chip[0]) {
			needed_pins(p, need, sizeof(need));
			errbuf_set(e,
				   "pin-%s is not wired: a 1/%d-scan %s on "
				   "path %s needs the lines %s",
				   led_pin_names[i], p->mod.scan,
				   led_proto_names[p->mod.proto],
				   p->path == LED_PATH_GPIO ? "gpio" : "spidev",
				   need);
			return -1;
		}
		for (j = 0; j < i; j++) {
			if (ledpanel_uses_pin(p, j) &&
			    p->pins[j].offset == p->pins[i].offset &&
			    strcmp(p->pins[j].chip, p->pins[i].chip) == 0) {
				errbuf_set(e, "pin-%s and pin-%s are both %s line %d",
					   led_pin_names[j], led_pin_names[i],
					   p->pins[i].chip, p->pins[i].offset);
				return -1;
			}
		}
	}
	return 0;
}

int ledpanel_check(struct ledpanel *p, struct errbuf *e)
{
	if (p->mod.proto < LED_HUB12 || p->mod.proto > LED_HUB75) {
		errbuf_set(e, "unknown LED protocol %d", p->mod.proto);
		return -1;
	}
	if (check_geometry(p, e) < 0 || check_addr(p, e) < 0)
		return -1;
	return check_pins(p, e);
}

void ledpanel_locate(const struct ledpanel *p, int x, int y, int c,
		     int *line, int *clock, int *dline)
{
	const struct ledmodule *m = &p->mod;
	int gh = m->height / p->halves, half = y / gh, yy = y % gh;
	int module = x / m->width, xm = x % m->width;
	int r = p->rows_per_line, j = yy / m->scan, slot;

	slot = m->rows == LED_ROWS_LAST_FIRST ? r - 1 - j : j;
	*line = yy % m->scan;
	*clock = module * m->width * r + (xm / m->group) * r * m->group +
		 slot * m->group + xm % m->group;
	*dline = half * p->colors + c;
}
