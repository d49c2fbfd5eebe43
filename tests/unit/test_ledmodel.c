/* Tests for panel/ledmodel: presets and pin maps are consistent, every
   pixel of every preset and chain has exactly one place in the shift
   chain, and the P10 order matches Freetronics DMD2 byte by byte. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "panel/bitplane.h"
#include "panel/ledmodel.h"
#include "render/ledcolor.h"

static void panel_from(const struct ledmodule *m, int chain, int path,
		       struct ledpanel *p)
{
	const struct ledpinmap *map = ledpinmap_default(m->proto);
	int i;

	memset(p, 0, sizeof(*p));
	p->mod = *m;
	p->chain = chain;
	p->path = path;
	for (i = 0; i < LED_PIN_COUNT; i++) {
		strcpy(p->pins[i].chip, map->chip);
		p->pins[i].offset = map->offset[i];
	}
}

static void test_presets_and_pinmaps(void **state)
{
	const struct ledmodule *m;
	const struct ledpinmap *map;
	struct ledpanel p;
	struct errbuf e;
	int i;

	for (m = ledmodule_presets; m->name; m++) {
		assert_ptr_equal(ledmodule_find(m->name), m);
		panel_from(m, 3, LED_PATH_GPIO, &p);
		if (ledpanel_check(&p, &e) < 0)
			fail_msg("%s: %s", m->name, e.msg);
		assert_int_equal(p.width, 3 * m->width);
		panel_from(m, 3, LED_PATH_SPIDEV, &p);
		assert_int_equal(ledpanel_check(&p, &e),
				 m->proto == LED_HUB75 ? -1 : 0);
	}
	for (i = 0; i < 3; i++) {
		assert_int_equal(ledmodule_default(i)->proto, i);
		assert_true(ledpinmap_default(i)->proto_mask & 1 << i);
	}
	/* every pin map wires every line its protocols need, once */
	for (map = ledpinmap_tables; map->name; map++) {
		assert_ptr_equal(ledpinmap_find(map->name), map);
		for (m = ledmodule_presets; m->name; m++) {
			if (!(map->proto_mask & 1 << m->proto))
				continue;
			if (strcmp(map->name, "qemu-virt") == 0 &&
			    m->scan > 4)
				continue;
			panel_from(m, 1, LED_PATH_GPIO, &p);
			for (i = 0; i < LED_PIN_COUNT; i++)
				p.pins[i].offset = map->offset[i];
			if (ledpanel_check(&p, &e) < 0)
				fail_msg("%s on %s: %s", m->name, map->name,
					 e.msg);
		}
	}
	/* P10 is 1/4 scan with two address lines */
	panel_from(ledmodule_find("p10-32x16-hub12"), 1, LED_PATH_SPIDEV, &p);
	assert_int_equal(ledpanel_check(&p, &e), 0);
	assert_int_equal(p.addr_pins, 2);
	assert_int_equal(p.rows_per_line, 4);
	assert_int_equal(p.clocks, 128);
	assert_true(ledpanel_uses_pin(&p, LED_PIN_B));
	assert_false(ledpanel_uses_pin(&p, LED_PIN_C));
	assert_false(ledpanel_uses_pin(&p, LED_PIN_R1)); /* SPI's MOSI */
}

/* Every (line, clock, data line) slot is used by exactly one pixel. */
static void test_locate_is_a_bijection(void **state)
{
	const struct ledmodule *m;
	struct ledpanel p;
	struct errbuf e;
	int chain;

	for (m = ledmodule_presets; m->name; m++) {
		for (chain = 1; chain <= 5; chain += 2) {
			size_t n, slots;
			unsigned char *seen;
			int x, y, c, line, clock, dl;

			panel_from(m, chain, LED_PATH_GPIO, &p);
			assert_int_equal(ledpanel_check(&p, &e), 0);
			slots = (size_t)p.mod.scan * p.clocks * p.data_lines;
			n = (size_t)p.width * p.height * p.colors;
			assert_int_equal(slots, n);
			seen = calloc(slots, 1);
			for (y = 0; y < p.height; y++)
				for (x = 0; x < p.width; x++)
					for (c = 0; c < p.colors; c++) {
						ledpanel_locate(&p, x, y, c,
								&line, &clock,
								&dl);
						assert_in_range(line, 0,
								p.mod.scan - 1);
						assert_in_range(clock, 0,
								p.clocks - 1);
						assert_in_range(dl, 0,
								p.data_lines -
									1);
						seen[((size_t)line * p.clocks +
						      clock) * p.data_lines +
						     dl]++;
					}
			while (n--)
				assert_int_equal(seen[n], 1);
			free(seen);
		}
	}
}

/* The SPI bytes of a 2-module P10 sign for a frame with one lit pixel per
   row, compared with DMD2's order: for each byte column across the whole
   sign, rows +12, +8, +4, +0 of the scan line, MSB = leftmost, 0 = on. */
static void test_p10_matches_dmd2(void **state)
{
	struct ledpanel p;
	struct errbuf e;
	struct bitplane *b;
	struct canvas *cv;
	uint8_t bits[16][8], out[4 * 32];
	int x, y, s, i, row;

	panel_from(ledmodule_find("p10-32x16-hub12"), 2, LED_PATH_SPIDEV, &p);
	assert_int_equal(ledpanel_check(&p, &e), 0);
	b = bitplane_create(&p, 1, LED_DITHER_NONE, ARGB(255, 255, 176, 0),
			    &e);
	assert_non_null(b);
	assert_int_equal(bitplane_size(b), 4 * 32);
	cv = canvas_create(64, 16, NULL);
	memset(bits, 0, sizeof(bits));
	for (y = 0; y < 16; y++) {
		x = (y * 7 + 3) % 64;
		canvas_fill(cv, (struct rect){ x, y, 1, 1 },
			    ARGB(255, 255, 176, 0));
		bits[y][x / 8] |= 0x80 >> (x % 8);
	}
	assert_int_equal(bitplane_convert(b, cv, out), 0);
	for (s = 0; s < 4; s++)
		for (i = 0; i < 8; i++)
			for (row = 0; row < 4; row++)
				assert_int_equal(
					out[s * 32 + i * 4 + row],
					(uint8_t)~bits[s + (3 - row) * 4][i]);
	canvas_destroy(cv);
	bitplane_destroy(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_presets_and_pinmaps),
		cmocka_unit_test(test_locate_is_a_bijection),
		cmocka_unit_test(test_p10_matches_dmd2),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
