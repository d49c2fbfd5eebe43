/* Tests for panel/hub (with panel/scan, panel/gpio, panel/spi and the
   recorder): configuration keys and validation messages, opening with the
   errors real hardware gives (unknown chip, busy line, missing spidev,
   wrong pins), the real-time thread, brightness at run time, the stall
   watchdog, failure of the scan thread, and OE off on every way out. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "panel/gpio.h"
#include "panel/hub.h"
#include "panel/ledrec.h"
#include "panel/spi.h"
#include "util/log.h"

static void conf(int proto, struct panel_common *c, struct hub_settings *h)
{
	struct errbuf e;

	memset(c, 0, sizeof(*c));
	memset(h, 0, sizeof(*h));
	assert_int_equal(cfgtab_defaults(panel_common_keys, c, &e), 0);
	assert_int_equal(cfgtab_defaults(hub_keys, h, &e), 0);
	snprintf(c->name, sizeof(c->name), "front");
	c->look = proto == LED_HUB75 ? LOOK_LED_RGB : LOOK_LED_MONO;
}

static const struct panel_ops *ops(int proto)
{
	return panel_backend_find(led_proto_names[proto]);
}

/* validate() fails and its message contains @want. */
static void expect_invalid(int proto, struct panel_common *c,
			   struct hub_settings *h, const char *want)
{
	struct errbuf e = { "" };

	assert_int_equal(ops(proto)->validate(c, h, &e), -1);
	if (!strstr(e.msg, want))
		fail_msg("'%s' does not contain '%s'", e.msg, want);
}

static void test_registry_and_keys(void **state)
{
	struct panel_common c;
	struct hub_settings h;
	char buf[64];
	int i, j;

	for (i = 0; i < 3; i++) {
		const struct panel_ops *o = ops(i);

		assert_non_null(o);
		assert_string_equal(o->type, led_proto_names[i]);
		assert_ptr_equal(o->keys, hub_keys);
		assert_int_equal(o->settings_size, sizeof(struct hub_settings));
		for (j = 0; panel_type_names[j]; j++)
			if (strcmp(panel_type_names[j], o->type) == 0)
				assert_ptr_equal(panel_backends[j], o);
	}
	conf(LED_HUB12, &c, &h);
	for (i = 0; hub_keys[i].name; i++) {
		assert_non_null(hub_keys[i].help);
		assert_int_equal(cfgtab_format(&hub_keys[i], &h, buf,
					       sizeof(buf)),
				 0);
		for (j = 0; j < i; j++)
			assert_string_not_equal(hub_keys[i].name,
						hub_keys[j].name);
	}
	assert_int_equal(h.spi_speed, 10000000);
	assert_int_equal(h.gpio_call_ns, 1200);
	assert_int_equal(h.stall_ms, 100);
	assert_string_equal(h.spidev, "/dev/spidev0.0");
}

static void test_validate_geometry(void **state)
{
	struct panel_common c;
	struct hub_settings h;
	struct errbuf e;

	conf(LED_HUB12, &c, &h);
	assert_int_equal(ops(LED_HUB12)->validate(&c, &h, &e), 0);
	assert_int_equal(c.width, 32);
	assert_int_equal(c.height, 16);

	conf(LED_HUB12, &c, &h);
	c.width = 160;
	assert_int_equal(ops(LED_HUB12)->validate(&c, &h, &e), 0);
	assert_int_equal(c.height, 16);

	conf(LED_HUB08, &c, &h);
	h.chain = 3;
	assert_int_equal(ops(LED_HUB08)->validate(&c, &h, &e), 0);
	assert_int_equal(c.width, 192);
	assert_int_equal(c.height, 32);

	conf(LED_HUB12, &c, &h);
	c.width = 150;
	expect_invalid(LED_HUB12, &c, &h,
		       "width: 150 does not match the module chain");
	conf(LED_HUB12, &c, &h);
	c.height = 32;
	expect_invalid(LED_HUB12, &c, &h, "height: 32");
	conf(LED_HUB12, &c, &h);
	h.scan = 3;
	expect_invalid(LED_HUB12, &c, &h, "1/3 scan");
	conf(LED_HUB12, &c, &h);
	h.group = 5;
	expect_invalid(LED_HUB12, &c, &h, "group: 5");
	conf(LED_HUB08, &c, &h);
	h.address = 2; /* direct rows with 1/16 scan */
	expect_invalid(LED_HUB08, &c, &h, "direct row select");
	conf(LED_HUB12, &c, &h);
	snprintf(h.module, sizeof(h.module), "64x32-hub75");
	expect_invalid(LED_HUB12, &c, &h, "is a hub75 module, not hub12");
	conf(LED_HUB12, &c, &h);
	snprintf(h.module, sizeof(h.module), "p20");
	expect_invalid(LED_HUB12, &c, &h, "'p20' is not a preset");
	conf(LED_HUB12, &c, &h);
	c.look = LOOK_LED_RGB;
	expect_invalid(LED_HUB12, &c, &h, "use look = led-mono");
	conf(LED_HUB75, &c, &h);
	c.look = LOOK_LCD;
	expect_invalid(LED_HUB75, &c, &h, "led-rgb or led-mono");
}

static void test_validate_pins_and_paths(void **state)
{
	struct panel_common c;
	struct hub_settings h;
	struct ledpanel p;
	struct errbuf e;

	conf(LED_HUB75, &c, &h);
	h.path = HUB_PATH_SPIDEV;
	expect_invalid(LED_HUB75, &c, &h, "SPI carries at most 2");

	conf(LED_HUB75, &c, &h);
	snprintf(h.module, sizeof(h.module), "64x64-hub75");
	snprintf(h.pins[LED_PIN_E], sizeof(h.pins[0]), "none");
	expect_invalid(LED_HUB75, &c, &h,
		       "pin-e is not wired: a 1/32-scan hub75 on path gpio "
		       "needs the lines a b c d e clk lat oe r1 g1 b1 r2 g2 b2");

	conf(LED_HUB12, &c, &h);
	snprintf(h.pins[LED_PIN_LAT], sizeof(h.pins[0]), "18");
	expect_invalid(LED_HUB12, &c, &h,
		       "pin-lat and pin-oe are both gpiochip0 line 18");

	conf(LED_HUB12, &c, &h);
	snprintf(h.pins[LED_PIN_OE], sizeof(h.pins[0]), "oe");
	expect_invalid(LED_HUB12, &c, &h, "pin-oe: 'oe' is not a line offset");

	conf(LED_HUB12, &c, &h);
	snprintf(h.pinmap, sizeof(h.pinmap), "bananapi");
	expect_invalid(LED_HUB12, &c, &h, "'bananapi' is not a pin map");

	/* overrides: chip:offset, default chip, none for an unused pin */
	conf(LED_HUB12, &c, &h);
	snprintf(h.gpiochip, sizeof(h.gpiochip), "pinctrl-rp1");
	snprintf(h.pins[LED_PIN_OE], sizeof(h.pins[0]), "gpiochip1:7");
	snprintf(h.pins[LED_PIN_A], sizeof(h.pins[0]), "5");
	snprintf(h.pins[LED_PIN_C], sizeof(h.pins[0]), "none");
	assert_int_equal(hub_resolve(LED_HUB12, &c, &h, &p, &e), 0);
	assert_string_equal(p.pins[LED_PIN_OE].chip, "gpiochip1");
	assert_int_equal(p.pins[LED_PIN_OE].offset, 7);
	assert_string_equal(p.pins[LED_PIN_A].chip, "pinctrl-rp1");
	assert_int_equal(p.pins[LED_PIN_A].offset, 5);
	assert_string_equal(p.pins[LED_PIN_LAT].chip, "pinctrl-rp1");
	assert_int_equal(p.pins[LED_PIN_LAT].offset, 4);
	assert_int_equal(p.path, LED_PATH_SPIDEV); /* auto for hub12 */
	assert_false(ledpanel_uses_pin(&p, LED_PIN_CLK));
	assert_false(ledpanel_uses_pin(&p, LED_PIN_C));

	/* the QEMU map fits the 7 free lines of the virt machine */
	conf(LED_HUB12, &c, &h);
	snprintf(h.pinmap, sizeof(h.pinmap), "qemu-virt");
	h.path = HUB_PATH_GPIO;
	assert_int_equal(hub_resolve(LED_HUB12, &c, &h, &p, &e), 0);
	assert_int_equal(p.pins[LED_PIN_R1].offset, 6);

	/* unreachable refresh rate on the libgpiod path */
	conf(LED_HUB12, &c, &h);
	c.width = 160;
	h.path = HUB_PATH_GPIO;
	h.refresh_hz = 1200;
	expect_invalid(LED_HUB12, &c, &h, "at most about 163 Hz");
	h.refresh_hz = 150;
	assert_int_equal(ops(LED_HUB12)->validate(&c, &h, &e), 0);
}

static void *open_rec(int proto, struct panel_common *c,
		      struct hub_settings *h, struct ledrec *r, int threads,
		      struct errbuf *e)
{
	struct scan_io io;

	ledrec_io(r, &io);
	return hub_open_io(proto, c, h, &io, threads, e);
}

static void test_open_errors(void **state)
{
	struct ledrec_opts o = { .busy_offset = 18 };
	struct panel_common c;
	struct hub_settings h;
	struct errbuf e = { "" };
	struct ledrec *r;

	conf(LED_HUB12, &c, &h);
	r = ledrec_create(&o);
	assert_null(open_rec(LED_HUB12, &c, &h, r, 0, &e));
	assert_int_equal(errno, EBUSY);
	assert_string_equal(e.msg,
			    "gpiochip0 line 18 (oe) is busy: used by 'gpioset'");
	ledrec_destroy(r);

	o.busy_offset = -1;
	o.missing_chip = "gpiochip0";
	r = ledrec_create(&o);
	assert_null(open_rec(LED_HUB12, &c, &h, r, 0, &e));
	assert_string_equal(e.msg, "gpiochip0: no such GPIO chip");
	ledrec_destroy(r);

	o.missing_chip = NULL;
	o.spi_missing = 1;
	r = ledrec_create(&o);
	assert_null(open_rec(LED_HUB12, &c, &h, r, 0, &e));
	assert_string_equal(e.msg, "/dev/spidev0.0: no such SPI device");
	assert_false(ledrec_gpio_open(r)); /* released again */
	ledrec_destroy(r);
}

/* The real backends on a machine without GPIO or SPI: the messages the
   daemon logs before it marks the panel failed and retries. */
static void test_real_backends_missing(void **state)
{
	struct gpio_line_req l[2] = { { "gpiochip0", 18, "oe" },
				      { "/dev/null", 4, "lat" } };
	struct panel_common c;
	struct hub_settings h;
	struct errbuf e = { "" };

	if (gpio_libgpiod.open(NULL, l, 1, "pidsd", 0, &e) == NULL) {
		assert_non_null(strstr(e.msg, "gpiochip0"));
		assert_null(gpio_libgpiod.open(NULL, l + 1, 1, "pidsd", 0, &e));
		assert_non_null(strstr(e.msg, "/dev/null"));
	}
	assert_null(spi_spidev.open(NULL, "/nonexistent/spidev9.9", 1000000,
				    1, 80, &e));
	assert_string_equal(e.msg,
			    "/nonexistent/spidev9.9: no such SPI device "
			    "(enable SPI, e.g. dtparam=spi=on, or set "
			    "spidev =)");
	assert_null(spi_spidev.open(NULL, "/dev/null", 1000000, 1, 80, &e));
	assert_non_null(strstr(e.msg, "/dev/null: cannot set SPI mode 0"));

	conf(LED_HUB12, &c, &h);
	hub_io_use(NULL, 0);
	if (!ops(LED_HUB12)->open(&c, &h, &e)) /* no gpiochip0 here */
		assert_non_null(strstr(e.msg, "gpiochip0"));
}

static void test_show_and_status(void **state)
{
	struct panel_common c;
	struct hub_settings h;
	struct panel_status ps;
	struct errbuf e = { "" };
	struct canvas *cv = canvas_create(31, 16, NULL);
	struct ledrec *r = ledrec_create(NULL);
	void *s;

	conf(LED_HUB12, &c, &h);
	s = open_rec(LED_HUB12, &c, &h, r, 0, &e);
	assert_non_null(s);
	assert_int_equal(ops(LED_HUB12)->show(s, cv, (struct rect){ 0 }, &e),
			 -1);
	assert_string_equal(e.msg,
			    "front: frame is 31x16 but the sign is 32x16");
	ops(LED_HUB12)->status(s, &ps);
	assert_int_equal(ps.ok, 1);
	assert_string_equal(ps.detail, "hub12 spidev: 1 x p10-32x16-hub12 "
				       "1/4, normal priority");
	ops(LED_HUB12)->close(s);
	ops(LED_HUB12)->close(NULL);
	canvas_destroy(cv);
	ledrec_destroy(r);
}

static int oe_lit(struct ledrec *r, int oe_low)
{
	int b = ledrec_bit(r, "gpiochip0", 18);

	return (int)(ledrec_values(r) >> b & 1) != oe_low;
}

static void sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* The real thread on the recorder with the real clock. */
static void test_thread_runs_and_stops_dark(void **state)
{
	struct ledrec_opts o = { .real_clock = 1, .max_events = 100000,
				 .busy_offset = -1 };
	struct panel_common c;
	struct hub_settings h;
	struct panel_status ps;
	struct errbuf e = { "" };
	struct ledrec *r = ledrec_create(&o);
	struct canvas *cv;
	void *s;
	int i;

	conf(LED_HUB75, &c, &h);
	c.bits = 3;
	h.lock_memory = HUB_LOCK_NO;
	h.rt_priority = 10;
	h.refresh_hz = 100;
	s = open_rec(LED_HUB75, &c, &h, r, 1, &e);
	assert_non_null(s);
	cv = canvas_create(c.width, c.height, NULL);
	for (i = 0; i < 20; i++) {
		canvas_clear(cv, ARGB(255, i * 12, 255 - i * 12, 40));
		assert_int_equal(ops(LED_HUB75)->show(s, cv, (struct rect){ 0 },
						      &e),
				 0);
		sleep_ms(10);
	}
	assert_int_equal(ops(LED_HUB75)->set_brightness(s, 30), 0);
	assert_int_equal(scan_window_ns(hub_scan(s), 2),
			 (scan_get_timing(hub_scan(s))->lsb_ns << 2) * 30 / 100);
	sleep_ms(30);
	ops(LED_HUB75)->status(s, &ps);
	assert_int_equal(ps.ok, 1);
	assert_true(ps.frames >= 2);
	assert_true(ps.refresh_hz > 50);
	print_message("thread: %.0f Hz, %lu frames, %lu underruns, %s\n",
		      ps.refresh_hz, ps.frames, ps.underruns, ps.detail);
	ops(LED_HUB75)->close(s);
	assert_false(oe_lit(r, 1));
	assert_false(ledrec_gpio_open(r));
	canvas_destroy(cv);
	ledrec_destroy(r);
}

/* A GPIO write fails (device unplugged): the thread stops, status says
   so and show() asks the daemon to reopen. */
static void test_thread_failure(void **state)
{
	struct ledrec_opts o = { .real_clock = 1, .max_events = 1000,
				 .busy_offset = -1 };
	struct panel_common c;
	struct hub_settings h;
	struct panel_status ps;
	struct errbuf e = { "" };
	struct ledrec *r = ledrec_create(&o);
	struct canvas *cv;
	void *s;
	int i;

	conf(LED_HUB12, &c, &h);
	h.lock_memory = HUB_LOCK_NO;
	h.rt_priority = 0;
	s = open_rec(LED_HUB12, &c, &h, r, 1, &e);
	assert_non_null(s);
	cv = canvas_create(c.width, c.height, NULL);
	ledrec_fail_after(r, 500);
	for (i = 0; i < 200; i++) {
		ops(LED_HUB12)->status(s, &ps);
		if (!ps.ok)
			break;
		sleep_ms(5);
	}
	assert_int_equal(ps.ok, 0);
	assert_int_equal(ops(LED_HUB12)->show(s, cv, (struct rect){ 0 }, &e),
			 -1);
	assert_string_equal(e.msg, "front: LED scan stopped: GPIO write "
				   "failed: Input/output error");
	ledrec_fail_after(r, -1);
	ops(LED_HUB12)->close(s);
	assert_false(oe_lit(r, 0));
	canvas_destroy(cv);
	ledrec_destroy(r);
}

/* The watchdog's decision, deterministic on the virtual clock. */
static void test_watchdog_check(void **state)
{
	struct panel_common c;
	struct hub_settings h;
	struct scan_stats st;
	struct errbuf e = { "" };
	struct ledrec *r = ledrec_create(NULL);
	struct scan *sc;
	uint64_t t;
	void *s;

	conf(LED_HUB12, &c, &h);
	s = open_rec(LED_HUB12, &c, &h, r, 0, &e);
	sc = hub_scan(s);
	assert_int_equal(scan_refresh(sc), 0);
	assert_true(oe_lit(r, 0)); /* the last window is still lit */
	t = ledrec_now(r);
	assert_int_equal(scan_watchdog_check(sc, t, 100000000), 0);
	assert_int_equal(scan_watchdog_check(sc, t + 99999999, 100000000), 0);
	assert_true(oe_lit(r, 0));
	assert_int_equal(scan_watchdog_check(sc, t + 100000000, 100000000), 1);
	assert_false(oe_lit(r, 0));
	scan_stats(sc, &st);
	assert_int_equal(st.stalled, 1);
	assert_int_equal(scan_watchdog_check(sc, t + 300000000, 100000000), 0);
	assert_int_equal(scan_refresh(sc), 0); /* progress again */
	assert_int_equal(scan_watchdog_check(sc, t + 400000000, 100000000), 0);
	scan_stats(sc, &st);
	assert_int_equal(st.stalled, 0);
	ops(LED_HUB12)->close(s);
	ledrec_destroy(r);
}

/* The real watchdog thread blanks a scan thread stuck in a write. */
static void test_watchdog_thread(void **state)
{
	struct ledrec_opts o = { .real_clock = 1, .max_events = 1000,
				 .busy_offset = -1 };
	struct panel_common c;
	struct hub_settings h;
	struct panel_status ps;
	struct errbuf e = { "" };
	struct ledrec *r = ledrec_create(&o);
	void *s;
	int i;

	conf(LED_HUB12, &c, &h);
	h.lock_memory = HUB_LOCK_NO;
	h.rt_priority = 0;
	h.stall_ms = 40;
	h.refresh_hz = 500;
	s = open_rec(LED_HUB12, &c, &h, r, 1, &e);
	assert_non_null(s);
	sleep_ms(20);
	ledrec_stall(r, 1);
	for (i = 0; i < 100; i++) {
		ops(LED_HUB12)->status(s, &ps);
		if (strstr(ps.detail, "stalled"))
			break;
		sleep_ms(5);
	}
	assert_non_null(strstr(ps.detail, "stalled: blanked"));
	assert_false(oe_lit(r, 0));
	ledrec_stall(r, 0);
	for (i = 0; i < 100; i++) {
		ops(LED_HUB12)->status(s, &ps);
		if (!strstr(ps.detail, "stalled"))
			break;
		sleep_ms(5);
	}
	assert_null(strstr(ps.detail, "stalled"));
	ops(LED_HUB12)->close(s);
	assert_false(oe_lit(r, 0));
	ledrec_destroy(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_registry_and_keys),
		cmocka_unit_test(test_validate_geometry),
		cmocka_unit_test(test_validate_pins_and_paths),
		cmocka_unit_test(test_open_errors),
		cmocka_unit_test(test_real_backends_missing),
		cmocka_unit_test(test_show_and_status),
		cmocka_unit_test(test_thread_runs_and_stops_dark),
		cmocka_unit_test(test_thread_failure),
		cmocka_unit_test(test_watchdog_check),
		cmocka_unit_test(test_watchdog_thread),
	};

	log_init(LOG_LVL_WARNING);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
