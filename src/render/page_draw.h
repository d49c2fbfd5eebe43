/*
 * page_draw: small drawing helpers the page modules share: anti-aliased
 * discs and rings, rounded rectangles, and text placed by its ink.
 */
#ifndef PIDS_PAGE_DRAW_H
#define PIDS_PAGE_DRAW_H

#include <stdint.h>

#include "render/canvas.h"
#include "render/font.h"

/* A ring between radii @ri and @ro (ri = 0: a disc) centred on (cx, cy),
   anti-aliased (4x4 samples per pixel); radii up to 255. */
void page_ring(struct canvas *c, double cx, double cy, double ro, double ri,
	       uint32_t color);

/* @r with its corners rounded to @rad, within the current clip. */
void page_round_rect(struct canvas *c, struct rect r, int rad, uint32_t color);

/* Rows of ink of @s above (*top) and below (*bottom) the baseline. */
void page_ink(struct font *f, const char *s, int *top, int *bottom);

/* Draws @s from @x with its ink centred on row @cy; returns its width. */
int page_text_mid(struct canvas *c, struct font *f, int x, int cy,
		  const char *s, uint32_t color);

#endif
