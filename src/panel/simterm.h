/*
 * simterm: the terminal preview of the sim backend (private to src/panel/
 * sim.c and simterm.c).
 *
 * The terminal is one per process, so the previews of all sim panels share
 * it: each attached panel gets a band of rows at the top, in the order the
 * panels open, and the rows below become a scrolling region where log lines
 * (stderr, same terminal) keep scrolling without overwriting the previews.
 * A panel that does not fit gets no preview (logged once).
 *
 * How a panel is drawn (the "mode"):
 *  - mono LED signs: braille, one character per 2x4 LEDs, one dot per lit
 *    LED in the sign's colour on a dark ground;
 *  - RGB LED signs: upper half blocks, one character per 1x2 LEDs (fg = the
 *    top LED, bg = the bottom one), when the sign is no wider than the
 *    terminal and its rows fit; otherwise braille with two colours per
 *    character: the LEDs of the brighter of the two dominant colours are
 *    the dots (fg), the darker one is the ground (bg), so white digits on a
 *    red badge stay white dots on red;
 *  - LCDs: upper half blocks of k x k pixel averages, downscaled to fit.
 * The characters last drawn are kept, and a draw only writes the ones that
 * changed (nothing at all when none did), as one write().
 */
#ifndef PIDS_SIMTERM_H
#define PIDS_SIMTERM_H

#include <stdint.h>

#include "panel/sim.h"
#include "render/canvas.h"

struct sim {
	struct panel_common common;
	struct sim_settings set;
	int led;             /* LED look (dots), else LCD */
	int channels;        /* LED: 1 = mono, 3 = RGB */
	int scale;           /* snapshot pixels per LED (1 for LCD) */
	int brightness;      /* percent */
	uint32_t color;      /* led-mono colour */
	char path[200];      /* snapshot file, "" = none */
	uint16_t *levels;    /* LED: quantised levels, w*h*channels */
	uint8_t *level;      /* LED: level -> perceptual value 0..255 */
	uint8_t *dot;        /* scale x scale dot coverage */
	struct canvas *grey; /* mono: brightest channel of the frame */
	struct canvas *look; /* LED: the dotted snapshot image */
	unsigned long frames;
	int redraw;          /* brightness changed: redraw every dot */

	/* Terminal preview, when attached. */
	int term;            /* 1 = attached */
	int tmode;           /* SIMTERM_* */
	int trow;            /* first row (1-based): the title line */
	int tcols, trows;    /* size in character cells */
	int tspan;           /* the terminal's width in cells */
	int tk;              /* LCD: frame pixels per cell column */
	int tcw, tch;        /* frame pixels per cell, across and down */
	struct simcell *cells; /* tcols x trows, as last drawn */
	int tfull;           /* 1 = next draw writes every cell */
	char *tbuf;          /* escape sequences of one draw */
	size_t tcap;
};

enum { SIMTERM_BRAILLE, SIMTERM_BRAILLE2, SIMTERM_HALF, SIMTERM_LCD };

/* One character cell: @glyph is a code point (U+0020 space, U+2580 upper
   half block, U+2800..U+28FF braille), @fg and @bg opaque ARGB (@fg is 0
   for a space). */
struct simcell {
	uint32_t fg, bg;
	uint16_t glyph;
};

#define SIMTERM_GROUND ARGB(255, 16, 16, 16) /* unlit LEDs, dark cells */

/* The colour LED (@x, @y) shows after the last led_render(). */
uint32_t sim_led_color(const struct sim *s, int x, int y);

/* Chooses the mode and size of @s's preview for a terminal @cols wide with
   @avail rows free below row @row (the title line), and allocates the
   cells and the output buffer; touches no terminal.  Returns 0, or -1 when
   it does not fit (errno ERANGE) or memory ran out (ENOMEM).  Undone by
   simterm_detach(). */
int simterm_plan(struct sim *s, int row, int cols, int avail);
/* Reserves rows for @s (sets s->term on success; logs when it does not
   fit).  The first attach clears the terminal. */
void simterm_attach(struct sim *s);
/* Computes the cells that @damage touches (LED: from s->levels, LCD: from
   @frame) and puts the escape sequences for those that changed into
   s->tbuf.  Returns their length: 0 when no cell changed. */
size_t simterm_render(struct sim *s, const struct canvas *frame,
		      struct rect damage);
/* simterm_render(), then one write() to the terminal if anything changed. */
void simterm_draw(struct sim *s, const struct canvas *frame,
		  struct rect damage);
/* Gives the rows back (the last detach restores the terminal) and frees
   what simterm_plan() allocated; accepts a sim without a preview. */
void simterm_detach(struct sim *s);

#endif
