/*
 * page_lcd: drawing the pages of the interior LCD (designed at 1920x540;
 * other sizes scale by their height, or by 0.45 of their width when that
 * is less, and drop what does not fit: the stop after this one, badges
 * beside the label).
 *
 * Every page has the same header (route badge, destination in both
 * languages, clock), so passengers find the route and the time in the same
 * place whatever the body shows.  Bodies:
 *   next stop  the stop in large type in Chinese and English, what the bus
 *              is doing (next / arriving / at stop / terminus), stop
 *              requested and doors, and the line as a string of stops with
 *              the bus's progress
 *   heritage   the artwork beside (square art) or above (wide art) its
 *              title and bilingual caption, with a one-line next stop
 *   message    an operator message (info: blue, urgent: red)
 * High contrast (white on near-black, gold accents), anti-aliased text.
 *
 * The caller owns the fonts (struct page_lcd_fonts, opened at the sizes of
 * page_lcd_font_px()) and the artwork, already scaled to the box returned by
 * page_lcd_art_box() so that scaling happens once per panel size.
 */
#ifndef PIDS_PAGE_LCD_H
#define PIDS_PAGE_LCD_H

#include <stdint.h>

#include "render/canvas.h"
#include "render/font.h"

/* The fonts of a page, by use; each is bold or regular as named. */
enum page_lcd_font {
	PLF_ROUTE,      /* bold: header route number */
	PLF_DEST,       /* bold: header destination (zh) */
	PLF_DEST_EN,    /* regular */
	PLF_CLOCK,      /* bold */
	PLF_LABEL,      /* bold: "下一站" */
	PLF_LABEL_EN,   /* regular: "Next stop" */
	PLF_STOP,       /* bold: the next stop, large */
	PLF_STOP_EN,    /* regular */
	PLF_STRIP,      /* regular: names on the line */
	PLF_TITLE,      /* bold: heritage title */
	PLF_CAPTION,    /* regular: caption (zh) */
	PLF_CAPTION_EN, /* regular */
	PLF_SMALL,      /* regular: credits, notes, badges */
	PLF_MSG,        /* bold: operator message */
	PLF_N
};

/* Pixel size and boldness of each font for a @w x @h panel. */
int page_lcd_font_px(enum page_lcd_font f, int w, int h);
int page_lcd_font_bold(enum page_lcd_font f);

struct page_lcd_fonts {
	struct font *f[PLF_N];
};

enum page_lcd_phase {
	PLP_NEXT,      /* between stops: next stop */
	PLP_ARRIVING,  /* approaching the next stop: announce it */
	PLP_AT_STOP,   /* standing at a stop */
	PLP_TERMINUS,  /* standing at the last stop */
};

/* Everything the pages show, as plain strings. */
struct page_lcd_info {
	const char *route;
	uint32_t route_color;
	const char *dest, *dest_en;
	char clock[8];              /* "14:05" */
	int phase;                  /* enum page_lcd_phase */
	const char *stop, *stop_en; /* the stop the page is about */
	const char *then, *then_en; /* at a stop: the one after (or NULL) */
	int stop_requested, doors_open;
	int nstops;                 /* the line, in travel order */
	const char *const *stops;   /* Chinese names */
	int current;                /* stop the bus is at or last left */
	int illustrative;           /* mark the stop list as illustrative */
};

struct page_lcd_heritage {
	const char *title, *title_en;
	const char *caption, *caption_en;
	const char *credit, *credit_en; /* may be NULL */
	const struct canvas *art;       /* scaled to page_lcd_art_box() */
};

/* Height of the header; bodies are drawn below it. */
int page_lcd_header_h(int w, int h);

/* Where a @aw x @ah artwork goes on a @w x @h panel (the size to scale it
   to, covering the box). */
struct rect page_lcd_art_box(int w, int h, int aw, int ah);

void page_lcd_header(struct canvas *c, const struct page_lcd_fonts *f,
		     const struct page_lcd_info *in);

/* Bodies, drawn into @body (moved by the caller for slide transitions;
   everything is clipped to the body and the canvas). */
void page_lcd_next_stop(struct canvas *c, struct rect body,
			const struct page_lcd_fonts *f,
			const struct page_lcd_info *in);
void page_lcd_heritage(struct canvas *c, struct rect body,
		       const struct page_lcd_fonts *f,
		       const struct page_lcd_info *in,
		       const struct page_lcd_heritage *h);
void page_lcd_message(struct canvas *c, struct rect body,
		      const struct page_lcd_fonts *f, const char *text,
		      int urgent);

#endif
