/*
 * simterm: the terminal preview of the sim backend (private to src/panel/
 * sim.c and simterm.c).
 *
 * The terminal is one per process, so the previews of all sim panels share
 * it: each attached panel gets a band of rows at the top, in the order the
 * panels open, and the rows below become a scrolling region where log lines
 * (stderr, same terminal) keep scrolling without overwriting the previews.
 * A panel that does not fit gets no preview (logged once).
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
	int trow;            /* first row (1-based): the title line */
	int tcols, trows;    /* size in character cells */
	int tk;              /* LCD: frame pixels per cell column */
	char *tbuf;          /* escape sequences of one draw */
	size_t tcap;
};

/* The colour LED (@x, @y) shows after the last led_render(). */
uint32_t sim_led_color(const struct sim *s, int x, int y);

/* Reserves rows for @s (sets s->term on success; logs when it does not
   fit).  The first attach clears the terminal. */
void simterm_attach(struct sim *s);
/* Draws @frame into @s's rows (LED: from s->levels). */
void simterm_draw(struct sim *s, const struct canvas *frame);
/* Gives the rows back; the last detach restores the terminal. */
void simterm_detach(struct sim *s);

#endif
