/*
 * scene: what each panel shows now.
 *
 * The scene combines content (routes, themes, slides), the trip state and
 * operator messages with the clock, and draws each panel's page into a
 * canvas.  Priorities, highest first: an unexpired operator message of
 * priority "urgent"; the next-stop announcement while approaching a stop;
 * an operator message; route information; heritage slides (which only get
 * the time route information leaves them).
 *
 * The scene never sleeps and never touches hardware: scene_render() tells
 * the caller when the panel next needs drawing, so the daemon can sleep in
 * poll() until then.
 */
#ifndef PIDS_SCENE_H
#define PIDS_SCENE_H

#include <stdint.h>
#include <time.h>

#include "content/content.h"
#include "panel/panel.h"
#include "render/canvas.h"
#include "scene/trip.h"
#include "util/errbuf.h"

struct scene;

#define SCENE_NEVER INT64_MAX

enum message_priority { MSG_INFO, MSG_URGENT };

/* Creates a scene showing @content (borrowed: it must outlive the scene or
   be replaced with scene_set_content()).  @fonts_dir holds the bundled
   fonts.  NULL with a reason. */
struct scene *scene_create(const struct content *content,
			   const char *fonts_dir, struct errbuf *e);
void scene_destroy(struct scene *s);

/* Adds a panel (its look, role and size are copied).  Returns its index or
   -1 with a reason (e.g. a font that cannot be opened). */
int scene_add_panel(struct scene *s, const struct panel_common *p,
		    struct errbuf *e);

/* Swaps in new content (after a reload); the trip is kept if its route still
   exists, else reset to the first route.  Never fails. */
void scene_set_content(struct scene *s, const struct content *content);

/* Sets the trip.  -1 with a reason for an unknown route, a direction other
   than 0/1 or a stop out of range; the old trip stays. */
int scene_set_trip(struct scene *s, const struct trip_state *t,
		   struct errbuf *e);
const struct trip_state *scene_trip(const struct scene *s);

/* Shows @text until @expires_mono_ms (SCENE_NEVER = until cleared).  An
   empty @text clears the message. */
int scene_message(struct scene *s, const char *text, int priority,
		  int64_t expires_mono_ms, struct errbuf *e);

/* The clock: monotonic milliseconds for animation, wall time for the
   displayed clock (shown in the vehicle's time zone, i.e. TZ). */
struct scene_clock {
	int64_t mono_ms;
	time_t wall;
};

/*
 * Draws panel @i as it should look at @clk into @out (the panel's size).
 * Returns 1 if the frame differs from what the previous call produced for
 * this panel, 0 if not (then @out is left untouched), -1 on error.  Sets
 * *@next_ms to the monotonic time the panel next changes (SCENE_NEVER if it
 * will not change on its own).
 */
int scene_render(struct scene *s, int i, const struct scene_clock *clk,
		 struct canvas *out, int64_t *next_ms);

/* What panel @i showed at its last scene_render(), for status and tests. */
enum scene_page {
	SCENE_PAGE_NONE,      /* not rendered yet */
	SCENE_PAGE_NEXT_STOP, /* LCD: next stop and the line */
	SCENE_PAGE_HERITAGE,  /* LCD: a heritage slide */
	SCENE_PAGE_MESSAGE,   /* an operator message */
	SCENE_PAGE_ROUTE,     /* LED: route and destination (or via) */
	SCENE_PAGE_ORNAMENT,  /* LED: the theme's line art */
};

struct scene_showing {
	int page;           /* enum scene_page */
	int from;           /* page being left in a transition, else NONE */
	int slot;           /* LCD: theme slide index (-1 if none); LED: page
			       of the sign's sequence */
	const char *heritage; /* HERITAGE: the slide's id */
	const char *lang;   /* LED route pages: "zh", "en" or "zh+en" */
};

void scene_showing(const struct scene *s, int i, struct scene_showing *out);

/* LED night dimming: the brightness panel @i should run at now, in percent
   (the panel's own setting scaled by the theme's day or night level; LCDs
   get their own setting), and in *@next_ms when that next changes.  -1 for
   a bad index. */
int scene_brightness(const struct scene *s, int i,
		     const struct scene_clock *clk, int64_t *next_ms);

/* One line for STATUS= and pidsctl: "T45 → 北关, next 张家湾 (3/12)". */
void scene_describe(const struct scene *s, char *buf, size_t len);

#endif
