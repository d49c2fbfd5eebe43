/*
 * ledmodel: LED sign modules and their wiring, as data.
 *
 * A sign is a chain of identical modules, data entering the rightmost one
 * (seen from the front) and leaving to the left, as Freetronics DMD2 and
 * rpi-rgb-led-matrix wire them: the first bit clocked out ends at the far
 * left.  A module is described by numbers only (struct ledmodule):
 *
 *  - geometry: width x height pixels, scan ratio 1/scan (scan lines
 *    selected by the address pins); HUB08/HUB75 split the rows in an upper
 *    and a lower half with their own data lines, HUB12 has one data line;
 *  - shift order: each scan line drives rows s, s + scan, s + 2 scan, ...
 *    of each half; the bits of those rows are interleaved in groups of
 *    @group pixels (8 on P10 HUB12 modules, = width when not interleaved),
 *    last row of the group first or first row first;
 *  - polarity of the data lines and of OE, and the address type.
 *
 * Named presets cover the common modules; every field can be overridden
 * per key in pidsd.conf.  Pin maps are named tables of GPIO line offsets
 * (like rpi-rgb-led-matrix lib/hardware-mapping.c), also overridable per
 * pin.  ledpanel_check() validates a resolved panel and ledpanel_locate()
 * says where a pixel goes in the shift chain: the only place that knows.
 */
#ifndef PIDS_LEDMODEL_H
#define PIDS_LEDMODEL_H

#include <stdint.h>

#include "util/errbuf.h"

enum led_proto { LED_HUB12, LED_HUB08, LED_HUB75 };
extern const char *const led_proto_names[]; /* "hub12", ... NULL-ended */

enum led_rows { LED_ROWS_FIRST_FIRST, LED_ROWS_LAST_FIRST };
/* binary: A..E carry the scan line number; direct: one pin per scan line
   (rpi-rgb-led-matrix row-addr-type 2), active high. */
enum led_addr { LED_ADDR_BINARY, LED_ADDR_DIRECT };
enum led_path { LED_PATH_GPIO, LED_PATH_SPIDEV };

/* Every signal a module can have, in request order. */
enum led_pin {
	LED_PIN_A,
	LED_PIN_B,
	LED_PIN_C,
	LED_PIN_D,
	LED_PIN_E,
	LED_PIN_CLK,
	LED_PIN_LAT,
	LED_PIN_OE,
	LED_PIN_R1, /* HUB12: R; HUB08: R1 (upper half) */
	LED_PIN_G1,
	LED_PIN_B1,
	LED_PIN_R2, /* HUB08: R2 (lower half) */
	LED_PIN_G2,
	LED_PIN_B2,
	LED_PIN_COUNT
};
extern const char *const led_pin_names[]; /* "a", ..., "b2"; NULL-ended */

#define LED_ADDR_PINS 5
#define LED_DATA_MAX 6
#define LED_SCAN_MAX 32

struct ledmodule {
	const char *name; /* preset name, NULL for a custom module */
	int proto;        /* enum led_proto */
	int width, height;
	int scan;         /* scan lines: 1/scan multiplexing, 2..32 */
	int group;        /* pixels per interleave group, divides width */
	int rows;         /* enum led_rows: order of rows inside a group */
	int data_active_low;
	int oe_active_low;
	int addr;         /* enum led_addr */
};

/* Presets, NULL-name terminated.  ledmodule_find() returns NULL if
   @name is unknown. */
extern const struct ledmodule ledmodule_presets[];
const struct ledmodule *ledmodule_find(const char *name);
/* The preset a panel type uses when none is named. */
const struct ledmodule *ledmodule_default(int proto);

/* A GPIO line: chip (name, path, label or number as libgpiod's
   gpiod_chip_open_lookup() takes it) and offset; offset -1 = not wired. */
struct ledline {
	char chip[32];
	int offset;
};

struct ledpinmap {
	const char *name;
	const char *chip;
	int proto_mask; /* 1 << enum led_proto it is made for */
	const char *note;
	int offset[LED_PIN_COUNT]; /* -1 = not wired */
};
extern const struct ledpinmap ledpinmap_tables[]; /* NULL-name ended */
const struct ledpinmap *ledpinmap_find(const char *name);
const struct ledpinmap *ledpinmap_default(int proto);

/* A fully resolved sign: what the scan and the decoders need. */
struct ledpanel {
	struct ledmodule mod;
	int chain;          /* modules */
	int width, height;  /* pixels of the whole sign */
	int path;           /* enum led_path */
	int halves;         /* 1 (HUB12) or 2 */
	int colors;         /* 1 (mono) or 3 (HUB75) */
	int data_lines;     /* halves * colors */
	int rows_per_line;  /* rows one scan line drives in each half */
	int clocks;         /* clock pulses per scan line (= chain length of
			       each data line's shift register) */
	int addr_pins;      /* address pins used */
	uint32_t addr[LED_SCAN_MAX]; /* pattern on A..E for each scan line */
	struct ledline pins[LED_PIN_COUNT];
};

/* The data pin of data line @d (0 .. data_lines-1) for @proto. */
int ledpanel_data_pin(int proto, int d);
/* 1 if the panel drives @pin through GPIO on its path.  SPI pins (CLK and
   the data lines on path spidev) are not GPIO lines. */
int ledpanel_uses_pin(const struct ledpanel *p, int pin);

/*
 * Fills the derived fields (halves ... addr) from mod, chain and path, and
 * checks everything: geometry, scan ratio, pins present for this path and
 * not used twice.  0, or -1 with a message naming the key or pin.
 */
int ledpanel_check(struct ledpanel *p, struct errbuf *e);

/*
 * Where colour @c (0 for mono) of pixel (@x, @y) of the sign goes: scan
 * line, clock index within that line (0 = the first bit clocked out,
 * which ends up farthest from the input) and data line.
 */
void ledpanel_locate(const struct ledpanel *p, int x, int y, int c,
		     int *line, int *clock, int *dline);

#endif
