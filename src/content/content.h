/*
 * content: routes, themes, slides, captions and artwork, loaded from a
 * content directory of JSON files and PNGs.
 *
 * A content directory is what a signed content pack installs; its format is
 * documented in README.md ("Content format").  It holds exactly:
 *
 *   manifest.json   format version, content version, description
 *   routes.json     routes, both directions, bilingual stops, via texts
 *   heritage.json   heritage slides: artwork, bilingual caption, sources
 *   themes.json     rotation, transitions, LED settings (brightness...)
 *   art/...         PNGs referenced by heritage.json and themes.json
 *
 * content_load() validates everything (schema, references between files,
 * PNG limits, font coverage of every displayed string) before it returns,
 * so a bad directory is refused whole with a reason naming the file and the
 * field ("routes.json: routes[2].stops[4].en: missing"), and the caller keeps
 * what it had.  Files are opened beneath the directory only (no "..", no
 * symbolic links), so a pack cannot make the loader read outside itself.
 *
 * A loaded content is immutable and may be shared read-only; every pointer
 * returned below lives as long as the content.
 */
#ifndef PIDS_CONTENT_H
#define PIDS_CONTENT_H

#include <stdint.h>
#include <time.h>

#include "render/canvas.h"
#include "util/errbuf.h"

struct content;

/* The format this code reads (manifest.json "format"). */
#define CONTENT_FORMAT 1

/* The bundled fonts every displayed string is checked against, by file name
   in the fonts directory.  The scene draws with exactly these. */
#define CONTENT_FONT_LED16 "unifont-16.pcf.gz"        /* 16-px LED text */
#define CONTENT_FONT_LED12 "wqy-bitmapsong-12.pcf.gz" /* 12-px LED text */
#define CONTENT_FONT_SANS "NotoSansSC-Regular.otf"    /* LCD */
#define CONTENT_FONT_BOLD "NotoSansSC-Bold.otf"       /* LCD, 32-px LED */

struct content_text {
	const char *zh, *en;
};

struct content_stop {
	const char *zh, *en;  /* 北关 / Beiguan */
};

struct content_route {
	const char *id;        /* "T45" */
	const char *dest[2];   /* destination (zh), per direction */
	const char *dest_en[2];
	const char *via[2];    /* side-sign via text per direction, may be "" */
	const char *via_en[2];
	int nstops;
	/* Stops in direction 0 order; direction 1 runs them backwards. */
	const struct content_stop *stops;
	uint32_t color;        /* route colour 0xFFRRGGBB (badges) */
};

/* Where a fact on a heritage slide comes from. */
struct content_source {
	const char *title, *url;
};

struct content_heritage {
	const char *id;
	const char *art;              /* path inside the content directory */
	const struct canvas *image;   /* the decoded artwork, full colour */
	struct content_text title, caption, credit; /* credit may be NULLs */
	int nsources;                 /* >= 1 */
	const struct content_source *sources;
};

enum content_page {
	CONTENT_PAGE_NEXT_STOP, /* next stop, bilingual, and the line */
	CONTENT_PAGE_HERITAGE,  /* artwork and caption (plus next stop) */
};

enum content_transition {
	CONTENT_TR_CUT,
	CONTENT_TR_CROSSFADE, /* LCD */
	CONTENT_TR_SLIDE,     /* LCD: the new page pushes in from the right */
	CONTENT_TR_SCROLL,    /* LED: the new page scrolls up into view */
	CONTENT_TR_WIPE,      /* LED: the new page is revealed left to right */
};

struct content_slide {
	int page;                               /* enum content_page */
	int ms;                                 /* time on screen */
	const struct content_heritage *heritage; /* HERITAGE pages only */
};

struct content_theme {
	const char *id;
	struct content_text name;

	/* Interior LCD rotation, in order; slides[0] is a next-stop page. */
	int nslides;
	const struct content_slide *slides;
	int lcd_transition, lcd_transition_ms;

	/* LED signs: language pages alternate every @led_page_ms (text that
	   does not fit scrolls at @marquee_px_per_s after @marquee_hold_ms, and
	   its page lasts until it has scrolled once). */
	int led_transition, led_transition_ms;
	int led_page_ms;
	int marquee_px_per_s, marquee_hold_ms;
	/* Side-sign ornament page shown while the bus is between stops:
	   16- and 32-px line art (either may be NULL = no ornament). */
	const struct canvas *led_art16, *led_art32;
	int led_art_ms;
	/* LED brightness in percent of the panel's own setting, by day and by
	   night; night runs from @night_from to @night_to, minutes after local
	   midnight (may wrap past midnight). */
	int bright_day, bright_night;
	int night_from, night_to;

	/* Scheduling (date ranges, weekdays, hours, routes, priority) comes
	   with a later format: content_theme_select() is the one place that
	   will consult it.  Format 1 has no schedule: the default theme. */
};

struct content_manifest {
	int format;              /* CONTENT_FORMAT */
	const char *version;     /* "2025.1" */
	const char *description;
	int illustrative;        /* 1 = route data is illustrative */
	const char *note;        /* why, and what to replace; may be NULL */
};

/* Loads and validates @dir, checking font coverage against the fonts in
   content_fonts_dir().  NULL with a reason in @e. */
struct content *content_load(const char *dir, struct errbuf *e);
/* The same with the fonts in @fonts_dir (the scene's fonts directory). */
struct content *content_load_fonts(const char *dir, const char *fonts_dir,
				   struct errbuf *e);
void content_destroy(struct content *c);

/* $PIDS_FONTS_DIR, else $PIDS_SRCDIR/fonts, else PIDS_DATADIR/fonts. */
const char *content_fonts_dir(void);

/* The version string of the content (from its manifest). */
const char *content_version(const struct content *c);
const struct content_manifest *content_manifest(const struct content *c);
/* 1 if routes.json says its stop lists are illustrative. */
int content_routes_illustrative(const struct content *c);

int content_route_count(const struct content *c);
const struct content_route *content_route_at(const struct content *c, int i);
/* NULL if there is no such route. */
const struct content_route *content_route_find(const struct content *c,
					       const char *id);
/* Stop @k of @r as met when travelling in @direction (0 or 1); NULL if
   @k is not a stop of @r. */
const struct content_stop *content_route_stop(const struct content_route *r,
					      int direction, int k);

int content_heritage_count(const struct content *c);
const struct content_heritage *content_heritage_at(const struct content *c,
						   int i);

int content_theme_count(const struct content *c);
const struct content_theme *content_theme_at(const struct content *c, int i);
/* The theme in force for @route at local time @wall (never NULL).  Format 1:
   always the default theme. */
const struct content_theme *content_theme_select(const struct content *c,
						 const char *route,
						 time_t wall);

#endif
