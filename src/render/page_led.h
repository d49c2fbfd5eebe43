/*
 * page_led: drawing the pages of LED destination signs.
 *
 * A page is a route number (kept in place on every page of a sign) and up
 * to two lines of text in boxes beside it, or a piece of line art in their
 * place.  Text is drawn with 1-bit fonts only, in a few full-intensity
 * colours on black, so every pixel is exactly on or off: crisp on a sign
 * and exact in golden tests.  Lines wider than their box scroll (the caller
 * passes the marquee offset; page_led_period() says whether a line scrolls).
 *
 * Layouts by role and height:
 *   front, < 32 rows  route | destination (one language per page)
 *   front, >= 32 rows route (large) | destination zh / destination en
 *   side, < 32 rows   route | destination and via on one line
 *   side, >= 32 rows  route (large) | destination (16 px) / via (12 px)
 *   rear              route number, centred
 */
#ifndef PIDS_PAGE_LED_H
#define PIDS_PAGE_LED_H

#include <stdint.h>

#include "render/canvas.h"
#include "render/font.h"

#define PAGE_LED_GAP 24 /* pixels between repeats of scrolling text */

struct page_led_fonts {
	struct font *f16; /* Unifont 16, mono */
	struct font *f12; /* WenQuanYi Bitmap Song 12, mono (may be NULL) */
	struct font *big; /* Noto Sans Bold, mono, for 32-row route numbers
			     (may be NULL on signs under 32 rows) */
};

struct page_led_style {
	int rgb;             /* 0: one colour (mono sign), 1: RGB sign */
	uint32_t fg;         /* line 1 text (mono: everything) */
	uint32_t fg2;        /* line 2 text */
	uint32_t route_fg;   /* route number */
	uint32_t route_bg;   /* route number box; 0 = none */
};

struct page_led_layout {
	struct rect route;        /* route number box (w = 0: none) */
	struct font *route_font;
	int route_bold;           /* draw twice, one pixel apart */
	struct rect line[2];      /* text boxes (w = 0: unused) */
	struct font *line_font[2];
	int line_bold[2];         /* draw twice, one pixel apart */
	struct rect text;         /* the union of the lines: what pages change */
};

/* Lays out a sign of @w x @h for @role (enum panel_role) showing @route.
   Fonts missing from @f fall back to f16. */
void page_led_layout(int role, int w, int h, const struct page_led_fonts *f,
		     const char *route, struct page_led_layout *l);

/* The marquee period of @s in line @i (text width + gap), 0 if it fits. */
int page_led_period(const struct page_led_layout *l, int i, const char *s);

/* Clears @c to black and draws the route number and up to two lines (NULL
   or "" = empty) scrolled by @offset[i]. */
void page_led_draw(struct canvas *c, const struct page_led_layout *l,
		   const struct page_led_style *st, const char *route,
		   const char *line1, const char *line2, const int offset[2]);

/* Clears @c and draws the route number with @art (line art) centred in the
   text area: on a one-colour sign lit in st->fg where the art is bright, on
   an RGB sign in the art's own colours snapped to full intensity. */
void page_led_draw_art(struct canvas *c, const struct page_led_layout *l,
		       const struct page_led_style *st, const char *route,
		       const struct canvas *art);

enum page_led_wipe { PAGE_LED_SCROLL, PAGE_LED_WIPE };

/* A transition inside l->text from @from to @to (both drawn whole, same
   size as @out): SCROLL moves @to up by @px rows, WIPE reveals @px
   columns of it from the left.  Outside l->text @out gets @to. */
void page_led_compose(struct canvas *out, const struct canvas *from,
		      const struct canvas *to, const struct page_led_layout *l,
		      enum page_led_wipe how, int px);

/* Pixels a transition moves: text rows for SCROLL, columns for WIPE. */
int page_led_transition_px(const struct page_led_layout *l,
			   enum page_led_wipe how);

#endif
