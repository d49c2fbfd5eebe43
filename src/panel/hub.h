/*
 * hub: the LED sign backends "hub12", "hub08" and "hub75".
 *
 * One settings struct and one key table serve all three; the panel type
 * fixes the protocol.  validate() resolves the module chain (preset plus
 * per-key overrides, pin map plus per-pin overrides) into a struct
 * ledpanel, fills width/height when they are 0 and checks them otherwise,
 * and checks that the refresh rate asked for is reachable.  open()
 * requests the lines, opens spidev and starts the real-time scan thread
 * (panel/scan.h); it returns NULL with a reason naming the chip, line or
 * device, so the daemon marks the panel failed and retries.  close()
 * stops the scan and drives OE off.
 *
 * Pin override syntax (pin-a ... pin-b2): "" = from the pin map, "none",
 * an offset on @gpiochip ("17"), or "chip:offset" ("gpiochip1:17",
 * "pinctrl-rp1:17").  On path spidev, CLK and the data lines are the SPI
 * device's SCLK and MOSI (and MISO as IO1 for HUB08's R2, dual mode).
 *
 * Monochrome signs (hub12, hub08) need look = led-mono; the frame's
 * intensity along the panel colour is what lights (see panel/bitplane.h).
 */
#ifndef PIDS_HUB_H
#define PIDS_HUB_H

#include "panel/ledmodel.h"
#include "panel/panel.h"
#include "panel/scan.h"
#include "panel/scanrt.h"

enum hub_choice { HUB_PRESET }; /* index 0 of every override enum */
enum hub_pathsel { HUB_PATH_AUTO, HUB_PATH_GPIO, HUB_PATH_SPIDEV };
enum hub_lock { HUB_LOCK_NO, HUB_LOCK_BUFFERS, HUB_LOCK_ALL };

struct hub_settings {
	char module[24];       /* preset; "" = the type's default */
	int module_width;      /* 0 = preset */
	int module_height;
	int scan;              /* scan lines, 0 = preset */
	int group;             /* interleave group, 0 = preset */
	int row_order;         /* preset, first-first, last-first */
	int data_polarity;     /* preset, active-high, active-low */
	int oe_polarity;
	int address;           /* preset, binary, direct */
	int chain;             /* modules; 0 = width / module width */
	int path;              /* enum hub_pathsel */
	char spidev[64];
	int spi_speed;         /* Hz */
	char pinmap[24];       /* "" = the type's default */
	char gpiochip[32];     /* "" = the pin map's */
	char pins[LED_PIN_COUNT][32];
	int refresh_hz;        /* 0 = as fast as the path allows */
	int gpio_call_ns;
	int dither;            /* enum led_dither */
	int rt_priority;       /* 0 = normal scheduling */
	int cpu;               /* -1 = any */
	int lock_memory;       /* enum hub_lock */
	int spin_us;
	int stall_ms;          /* 0 = no watchdog */
};

extern const struct cfg_key hub_keys[];
extern const struct panel_ops panel_hub12_ops, panel_hub08_ops,
	panel_hub75_ops;

/* Resolves @h for protocol @proto into @p (checked).  -1 with a reason. */
int hub_resolve(int proto, const struct panel_common *c,
		const struct hub_settings *h, struct ledpanel *p,
		struct errbuf *e);

/*
 * Opens a sign on @io instead of libgpiod/spidev/the real clock.  With
 * @threads 0 nothing runs until the caller calls scan_refresh() on
 * hub_scan(state): the single-step mode of tests and benches.
 */
void *hub_open_io(int proto, struct panel_common *c,
		  const struct hub_settings *h, const struct scan_io *io,
		  int threads, struct errbuf *e);
struct scan *hub_scan(void *state);

/* Makes every later panel open() use @io (tests of the daemon path);
   NULL restores the hardware.  Not thread-safe. */
void hub_io_use(const struct scan_io *io, int threads);

#endif
