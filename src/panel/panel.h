/*
 * panel: the interface every output backend implements.
 *
 * A backend turns finished canvases into light: "sim" writes PNG snapshots
 * and a terminal preview, "fbdev" writes a Linux framebuffer, "hub12",
 * "hub08" and "hub75" scan LED modules through GPIO/SPI.  The daemon owns
 * the poll() loop; a backend never blocks it for more than a copy: LED
 * scanning runs in the backend's own thread, fed by double buffers.
 *
 * Each backend declares its own pidsd.conf keys as a cfgtab table and the
 * size of the settings struct they fill, so adding hardware means adding
 * data and one file, not editing the daemon.
 */
#ifndef PIDS_PANEL_H
#define PIDS_PANEL_H

#include <stddef.h>
#include <stdint.h>

#include "render/canvas.h"
#include "util/cfgtab.h"
#include "util/errbuf.h"

enum panel_role { PANEL_FRONT, PANEL_SIDE, PANEL_REAR, PANEL_INTERIOR };
extern const char *const panel_role_names[]; /* NULL-terminated */

/* How the scene should draw for a panel. */
enum panel_look {
	LOOK_LED_MONO, /* one-colour LED sign: draw in @color on black */
	LOOK_LED_RGB,  /* RGB LED sign: few levels per channel */
	LOOK_LCD,      /* full-colour anti-aliased LCD */
};
extern const char *const panel_look_names[]; /* NULL-terminated */

/* Keys every [panel.NAME] section has, whatever its type. */
struct panel_common {
	char name[32];      /* from the section name */
	int role;           /* enum panel_role */
	int type;           /* index into the backend registry */
	int width, height;  /* layout size in pixels (after rotation) */
	int look;           /* enum panel_look */
	char color[16];     /* LED_MONO: amber, red, white, green, or #rrggbb */
	int bits;           /* LED: levels per channel = 2^bits */
	int brightness;     /* percent, 1..100 */
};
extern const struct cfg_key panel_common_keys[];

/* What `pidsctl status` shows for a panel. */
struct panel_status {
	int ok;                   /* 1 = showing frames */
	double refresh_hz;        /* LED scan rate, 0 if not scanned */
	unsigned long underruns;  /* LED scan deadlines missed */
	unsigned long frames;     /* frames shown */
	char detail[128];         /* backend-specific, one line */
};

struct panel_ops {
	const char *type;              /* as written in pidsd.conf */
	const struct cfg_key *keys;    /* type-specific keys */
	size_t settings_size;          /* bytes of the struct @keys fill */

	/* Cross-key checks after parsing (pidsd -n runs them too); may fill
	   common->width/height from its own keys (e.g. a module chain).
	   0 or -1 with a reason. */
	int (*validate)(struct panel_common *common, void *settings,
			struct errbuf *e);
	/* Opens the device.  May update common->width/height (fbdev reads
	   them from the driver).  Returns the backend's state or NULL with a
	   reason naming the device; the daemon retries later. */
	void *(*open)(struct panel_common *common, const void *settings,
		      struct errbuf *e);
	/* Shows @frame (common->width x common->height).  @damage bounds
	   what changed since the previous call (the whole frame on the first
	   call).  -1 with a reason when the device failed: the daemon closes
	   and later reopens it. */
	int (*show)(void *state, const struct canvas *frame,
		    struct rect damage, struct errbuf *e);
	/* Brightness in percent (1..100); NULL if the backend has none. */
	int (*set_brightness)(void *state, int percent);
	void (*status)(void *state, struct panel_status *st);
	/* Blanks the output safely (LED: OE off) and frees the state.
	   Accepts NULL. */
	void (*close)(void *state);
};

/* The registry of backends, NULL-terminated, and a lookup by type name. */
extern const struct panel_ops *const panel_backends[];
const struct panel_ops *panel_backend_find(const char *type);
/* Names of all backends, NULL-terminated, for the CFG_ENUM "type" key. */
extern const char *const panel_type_names[];

/* Parses a colour name (amber, red, white, green, blue, yellow) or #rrggbb
   into 0xFFRRGGBB; -1 if unknown. */
int panel_color_parse(const char *s, uint32_t *argb);

#endif
