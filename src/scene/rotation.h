/*
 * rotation: which page a panel shows at a given moment, as a pure function
 * of the theme's timing, the moment the rotation (re)started (the anchor)
 * and the clock.  No state, no drawing: the scene asks, draws what it is
 * told and sleeps until @next.
 *
 * Every result names the next moment its answer changes, so a static page
 * yields ROT_NEVER and a running rotation wakes its caller only when a
 * pixel can move.  A transition's first instant (nothing revealed yet) is
 * reported as the page being left, at rest, so two moments that draw the
 * same pixels give the same answer.
 */
#ifndef PIDS_ROTATION_H
#define PIDS_ROTATION_H

#include <stdint.h>

#include "content/content.h"

#define ROT_NEVER INT64_MAX
#define ROT_FRAME_MS 40 /* LCD transition frames: 25 per second */

/* Interior LCD: the theme's slides in order from slide @start (shown from
   @anchor on, coming in at once), each following one coming in with the
   theme's transition. */
struct rot_lcd {
	int slot;       /* index into theme->slides being shown */
	int from;       /* slide being left during a transition, else -1 */
	int permille;   /* transition progress 1..999 (0 when from < 0) */
	int64_t next;   /* monotonic ms of the next change, or ROT_NEVER */
};

void rot_lcd_at(const struct content_theme *t, int start, int64_t anchor,
		int64_t now, struct rot_lcd *r);
/* The first next-stop slide at or after slide @k (cyclically). */
int rot_lcd_next_info(const struct content_theme *t, int k);

/* LED signs: a sequence of pages (languages, an ornament), each showing up
   to two lines that scroll once when wider than their box. */
#define ROT_LED_PAGES 4
#define ROT_LED_LINES 2

struct rot_led_page {
	int period[ROT_LED_LINES]; /* marquee period in px; 0 = line fits */
};

struct rot_led_cfg {
	int transition_ms;  /* 0 = cut */
	int transition_px;  /* pixels the transition moves (rows or columns) */
	int page_ms;        /* least time on each page */
	int px_per_s;       /* marquee speed */
	int hold_ms;        /* marquee pause before scrolling */
};

struct rot_led {
	int page;                  /* page shown (or coming in) */
	int from;                  /* page being left, else -1 */
	int px;                    /* transition: pixels of @page revealed */
	int offset[ROT_LED_LINES]; /* marquee offsets of @page's lines */
	int64_t start;             /* when the page (its transition) began */
	int64_t next;
};

/* The time from a sequence's start to the start of its page @k. */
int64_t rot_led_offset(const struct rot_led_cfg *cfg, int npages,
		       const struct rot_led_page *pages, int k);

/* The duration of page @p in a sequence of @npages. */
int rot_led_page_ms(const struct rot_led_cfg *cfg, int npages,
		    const struct rot_led_page *p);
void rot_led_at(const struct rot_led_cfg *cfg, int npages,
		const struct rot_led_page *pages, int64_t anchor, int64_t now,
		struct rot_led *r);

#endif
