/*
 * text: laying out and drawing UTF-8 text with a font chain.
 *
 * Measuring, single lines, boxes with wrapping (Chinese line-breaking rules:
 * no line starts with closing punctuation such as ，。、；：？！）」』》, no line
 * ends with opening punctuation such as （「『《; Latin text breaks between
 * words), alignment, baseline-correct vertical centring, ellipsis, and a
 * horizontal marquee for text wider than its box.  Layout is done anew on
 * every call; glyphs come from the font's cache.
 */
#ifndef PIDS_TEXT_H
#define PIDS_TEXT_H

#include <stdint.h>

#include "render/canvas.h"
#include "render/font.h"

enum text_align { TEXT_LEFT, TEXT_CENTER, TEXT_RIGHT };
enum text_valign { TEXT_TOP, TEXT_MIDDLE, TEXT_BOTTOM };

struct text_style {
	struct font *font;
	uint32_t color;          /* 0xAARRGGBB */
	enum text_align align;
	enum text_valign valign;
	int wrap;                /* 1 = wrap to the box width */
	int max_lines;           /* 0 = as many as fit in the box height */
	int ellipsis;            /* 1 = end a cut line with "…" */
	int line_gap;            /* extra pixels between lines */
};

/* Width in pixels of @utf8 on one line (advances plus kerning). */
int text_width(struct font *f, const char *utf8);

/* Draws @utf8 on one line with its pen starting at @x on @baseline. */
void text_draw(struct canvas *c, struct font *f, int x, int baseline,
	       const char *utf8, uint32_t color);

/* A line of wrapped text: a byte range of the input and its width. */
struct text_line {
	int start, len, width;
};

/*
 * Breaks @utf8 into lines no wider than @width (a single unbreakable word
 * wider than @width is broken between characters).  Explicit '\n' breaks.
 * Fills up to @max lines and returns the number needed in all.
 */
int text_wrap(struct font *f, const char *utf8, int width,
	      struct text_line *lines, int max);

/*
 * Lays @utf8 out in @box with @st and draws it (clipped to @box).  Returns
 * the number of lines drawn; if the text did not fit, the last line ends in
 * an ellipsis when @st->ellipsis is set.
 */
int text_box(struct canvas *c, struct rect box, const struct text_style *st,
	     const char *utf8);

/*
 * Draws @utf8 scrolled left by @offset pixels inside @box, vertically placed
 * per @st->valign, repeating after a gap of @gap pixels: the period is
 * text_width() + @gap.  Text that fits the box is drawn per @st->align and
 * does not move.
 */
void text_marquee(struct canvas *c, struct rect box,
		  const struct text_style *st, const char *utf8, int offset,
		  int gap);

#endif
