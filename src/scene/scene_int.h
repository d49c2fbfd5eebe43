/*
 * scene_int: the inside of struct scene, shared by scene.c (state: trip,
 * messages, content, fonts) and the per-look renderers scene_led.c and
 * scene_lcd.c.  Private to src/scene.
 */
#ifndef PIDS_SCENE_INT_H
#define PIDS_SCENE_INT_H

#include <limits.h>
#include <stdint.h>

#include "render/font.h"
#include "render/page_lcd.h"
#include "render/page_led.h"
#include "scene/rotation.h"
#include "scene/scene.h"

#define SCENE_MAX_PANELS 16
#define SCENE_MAX_FONTS 48
#define SCENE_ART_CACHE 16
#define SCENE_MSG_MAX 400 /* bytes of an operator message */

struct scene_font {
	char file[64];
	int px;
	enum font_mode mode;
	struct font *font;
};

struct scene_art {
	const struct canvas *src; /* content artwork (borrowed) */
	int w, h;                 /* the size it was scaled to */
	struct canvas *scaled;    /* owned */
};

/* What decides where a panel's rotation starts: when it changes, the
   rotation starts again (zeroed before filling, compared with memcmp). */
struct scene_sig {
	unsigned int content_gen, msg_gen;
	const void *route;
	int direction, stop, phase, mode, extra;
};

/* Everything a frame depends on: equal keys, equal pixels. */
struct scene_key {
	struct scene_sig sig;
	int page, from, progress, offset[2];
	int stop_requested, doors_open;
	long minute;
};

struct scene_panel {
	struct panel_common pc;
	uint32_t mono;                 /* LED_MONO colour */
	struct page_led_fonts led;
	struct page_lcd_fonts lcd;

	struct scene_sig sig;
	int have_sig;
	int64_t anchor;                /* the rotation's start (mono ms) */
	int rot_start;                 /* LCD: slide the rotation starts at */
	int led_page;                  /* LED: page shown at the last render */
	int64_t led_page_start;        /* ...since then */

	struct scene_key last;         /* the frame drawn last */
	int have_last;
	struct canvas *from, *to;      /* transition scratch (lazily made) */
	struct scene_key from_key;
	int have_from;

	struct scene_showing showing;  /* at the last render */

	char line_buf[2][2 * 1024 + 8]; /* LED: "dest  via" lines */
};

struct scene {
	const struct content *content;
	unsigned int content_gen;
	char fonts_dir[PATH_MAX];
	struct scene_font fonts[SCENE_MAX_FONTS];
	int nfonts;

	struct trip_state trip;
	const struct content_route *route;

	char msg[SCENE_MSG_MAX + 1]; /* "" = none */
	int msg_priority;
	int64_t msg_expires;
	unsigned int msg_gen;

	struct scene_panel panels[SCENE_MAX_PANELS];
	int npanels;

	/* Artwork scaled for the panels, once per size. */
	struct scene_art art[SCENE_ART_CACHE];
	int nart;
};

/* The rotation restarts when @sig differs from the panel's. */
void scene_sig_update(struct scene_panel *p, const struct scene_sig *sig,
		      int64_t now);

/* Artwork @src scaled to @w x @h (covering), made once per size; NULL if
   it cannot be made (the page is drawn without it). */
const struct canvas *scene_art_scaled(struct scene *s,
				      const struct canvas *src, int w, int h);

int scene_render_led(struct scene *s, struct scene_panel *p,
		     const struct scene_clock *clk, struct canvas *out,
		     int64_t *next_ms);
int scene_render_lcd(struct scene *s, struct scene_panel *p,
		     const struct scene_clock *clk, struct canvas *out,
		     int64_t *next_ms);

/* A (possibly NULL) canvas of the panel's size in *@c. -1 if it cannot be
   made. */
int scene_scratch(struct scene_panel *p, struct canvas **c);

#endif
