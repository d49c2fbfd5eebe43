/*
 * text: see text.h.
 *
 * Everything works on byte ranges of the caller's UTF-8 and on glyphs from
 * the font's cache: no allocation, no FreeType call once the glyphs of a
 * text are cached.  Lines are found greedily: the scan remembers the last
 * place a line may break (linebreak.h) and, when a glyph would overflow,
 * ends the line there and starts the next one from it; a run with no such
 * place (a long word) is split between characters, one character earlier
 * if that keeps closing punctuation off the start of the next line.
 */
#include "render/text.h"

#include <limits.h>
#include <string.h>

#include "render/linebreak.h"
#include "util/utf8.h"

#define TEXT_MAX_LINES 64 /* lines text_box() lays out at most */
#define ELLIPSIS 0x2026

/* utf8_next() with the ASCII and BMP (hanzi) cases inline. */
static inline uint32_t next_cp(const char **s, const char *end)
{
	const unsigned char *p = (const unsigned char *)*s;
	uint32_t cp;

	if (p[0] < 0x80) {
		(*s)++;
		return p[0];
	}
	if ((p[0] & 0xf0) == 0xe0 && end - *s >= 3 && (p[1] & 0xc0) == 0x80 &&
	    (p[2] & 0xc0) == 0x80) {
		cp = (p[0] & 0x0fu) << 12 | (p[1] & 0x3fu) << 6 |
		     (p[2] & 0x3fu);
		if (cp >= 0x800 && (cp < 0xd800 || cp > 0xdfff)) {
			*s += 3;
			return cp;
		}
	}
	return utf8_next(s, end);
}

static inline int floordiv2(int v)
{
	return v >= 0 ? v / 2 : -((1 - v) / 2);
}

static int measure(struct font *f, const char *s, const char *end)
{
	const struct glyph *prev = NULL, *g;
	int w = 0, kern = font_has_kerning(f);

	while (s < end) {
		g = font_glyph(f, next_cp(&s, end));
		if (!g)
			continue;
		if (kern && prev)
			w += font_kern(f, prev, g);
		w += g->advance;
		prev = g;
	}
	return w;
}

int text_width(struct font *f, const char *utf8)
{
	if (!f || !utf8)
		return 0;
	return measure(f, utf8, utf8 + strlen(utf8));
}

static inline void draw_glyph(struct canvas *c, const struct glyph *g, int mono,
			      int x, int baseline, uint32_t color)
{
	if (mono)
		canvas_mask1(c, x + g->left, baseline - g->top, g->bits, g->w,
			     g->h, g->pitch, color);
	else
		canvas_mask(c, x + g->left, baseline - g->top, g->bits, g->w,
			    g->h, g->pitch, color);
}

/* Draws [s, end) with the pen at @x; glyphs outside the clip are skipped
   without a call. */
static void draw_run(struct canvas *c, struct font *f, int x, int baseline,
		     const char *s, const char *end, uint32_t color)
{
	struct rect clip = canvas_clip(c);
	int x1 = clip.x + clip.w, px = font_px(f);
	int kern = font_has_kerning(f), mono = font_mode_of(f) == FONT_MONO;
	const struct glyph *prev = NULL, *g;

	if (clip.w <= 0 || clip.h <= 0 ||
	    baseline - 2 * px >= clip.y + clip.h || baseline + 2 * px <= clip.y)
		return;
	while (s < end && x < x1 + px) {
		g = font_glyph(f, next_cp(&s, end));
		if (!g)
			continue;
		if (kern && prev)
			x += font_kern(f, prev, g);
		if (g->w && x + g->left < x1 && x + g->left + g->w > clip.x)
			draw_glyph(c, g, mono, x, baseline, color);
		x += g->advance;
		prev = g;
	}
}

void text_draw(struct canvas *c, struct font *f, int x, int baseline,
	       const char *utf8, uint32_t color)
{
	if (!c || !f || !utf8)
		return;
	draw_run(c, f, x, baseline, utf8, utf8 + strlen(utf8), color);
}

/* ---- wrapping ---- */

/*
 * Lays out the line that starts at *@sp: sets @l and moves *@sp to where
 * the next line starts.  @soft: the line follows a wrap, so its leading
 * spaces are dropped.  Returns 1 if the line ended at a '\n' or the end.
 */
static int next_line(struct font *f, int kern, const char *base,
		     const char **sp, const char *end, int width, int soft,
		     struct text_line *l)
{
	const char *s = *sp, *p, *start, *ink_end;
	const char *brk = NULL, *brk_end = NULL; /* last break allowed */
	const char *last = NULL, *last_end = NULL; /* last ink character */
	const struct glyph *prev = NULL, *g;
	int w = 0, w_ink = 0, nink = 0, brk_w = 0, last_w = 0, k;
	uint32_t cp, prev_cp = 0;

	while (soft && s < end) {
		p = s;
		if (!lb_is_space(next_cp(&p, end)))
			break;
		s = p;
	}
	start = ink_end = s;
	while (s < end) {
		p = s;
		cp = next_cp(&s, end);
		if (cp == '\n') {
			*sp = s;
			goto hard;
		}
		g = font_glyph(f, cp);
		if (!g)
			continue;
		k = kern && prev ? font_kern(f, prev, g) : 0;
		prev = g;
		if (lb_is_space(cp)) {
			w += k + g->advance; /* trailing spaces hang */
			prev_cp = cp;
			continue;
		}
		if (nink && width != INT_MAX && lb_allowed(prev_cp, cp)) {
			brk = p;
			brk_end = ink_end;
			brk_w = w_ink;
		}
		if (nink && w + k + g->advance > width) {
			if (brk) {
				*sp = brk;
				ink_end = brk_end;
				w_ink = brk_w;
			} else if (nink > 1 &&
				   (lb_no_start(cp) || lb_no_end(prev_cp))) {
				*sp = last; /* keep the pair together */
				ink_end = last_end;
				w_ink = last_w;
			} else {
				*sp = p;
			}
			l->start = (int)(start - base);
			l->len = (int)(ink_end - start);
			l->width = w_ink;
			return 0;
		}
		last = p;
		last_end = ink_end;
		last_w = w_ink;
		w += k + g->advance;
		w_ink = w;
		ink_end = s;
		nink++;
		prev_cp = cp;
	}
	*sp = end;
hard:
	l->start = (int)(start - base);
	l->len = (int)(ink_end - start);
	l->width = w_ink;
	return 1;
}

int text_wrap(struct font *f, const char *utf8, int width,
	      struct text_line *lines, int max)
{
	const char *s, *end;
	struct text_line l;
	int n = 0, soft = 0, kern;

	if (!f || !utf8)
		return 0;
	kern = font_has_kerning(f);
	s = utf8;
	end = utf8 + strlen(utf8);
	while (s < end) {
		soft = !next_line(f, kern, utf8, &s, end, width, soft, &l);
		if (lines && n < max)
			lines[n] = l;
		n++;
	}
	return n;
}

/* ---- boxes ---- */

/* The end of the longest start of [s, end) no wider than @avail that ends
   in ink and not in opening punctuation; its width in *@w. */
static const char *fit_prefix(struct font *f, const char *s, const char *end,
			      int avail, int *w)
{
	const char *best = s;
	const struct glyph *prev = NULL, *g;
	int x = 0, kern = font_has_kerning(f);
	uint32_t cp;

	*w = 0;
	while (s < end) {
		cp = next_cp(&s, end);
		g = font_glyph(f, cp);
		if (!g)
			continue;
		if (kern && prev)
			x += font_kern(f, prev, g);
		x += g->advance;
		prev = g;
		if (x > avail)
			break;
		if (!lb_is_space(cp) && !lb_no_end(cp)) {
			best = s;
			*w = x;
		}
	}
	return best;
}

static int line_x(struct rect box, enum text_align align, int w)
{
	switch (align) {
	case TEXT_CENTER:
		return box.x + floordiv2(box.w - w);
	case TEXT_RIGHT:
		return box.x + box.w - w;
	default:
		return box.x;
	}
}

/* Baseline of the first of @n lines placed in @box. */
static int first_baseline(struct font *f, struct rect box,
			  enum text_valign valign, int n, int pitch)
{
	int block = (n - 1) * pitch + font_ascent(f) + font_descent(f);

	switch (valign) {
	case TEXT_MIDDLE:
		return box.y + floordiv2(box.h - block) + font_ascent(f);
	case TEXT_BOTTOM:
		return box.y + box.h - block + font_ascent(f);
	default:
		return box.y + font_ascent(f);
	}
}

/* Draws one laid-out line; @cut: end it with an ellipsis, shortening it
   to fit @box. */
static void draw_line(struct canvas *c, const struct text_style *st,
		      struct rect box, const char *s, const char *end, int w,
		      int baseline, int cut)
{
	struct font *f = st->font;
	const struct glyph *eg = NULL;
	int x, ew = 0, dots = 1, i;

	if (cut) {
		eg = font_glyph(f, ELLIPSIS);
		if (eg && eg->face < 0) {
			eg = font_glyph(f, '.');
			dots = 3;
		}
		if (eg)
			ew = dots * eg->advance;
		end = fit_prefix(f, s, end, box.w - ew, &w);
		w += ew;
	}
	x = line_x(box, st->align, w);
	draw_run(c, f, x, baseline, s, end, st->color);
	if (cut && eg && eg->w) {
		x += w - ew;
		for (i = 0; i < dots; i++, x += eg->advance)
			draw_glyph(c, eg, font_mode_of(f) == FONT_MONO, x,
				   baseline, st->color);
	}
}

int text_box(struct canvas *c, struct rect box, const struct text_style *st,
	     const char *utf8)
{
	struct text_line lines[TEXT_MAX_LINES];
	struct font *f;
	int asc_desc, pitch, fit, maxl, total, n, i, base;
	struct rect old;

	if (!c || !st || !st->font || !utf8 || box.w <= 0 || box.h <= 0)
		return 0;
	f = st->font;
	asc_desc = font_ascent(f) + font_descent(f);
	pitch = font_line_height(f) + st->line_gap;
	if (pitch < 1)
		pitch = 1;
	fit = box.h > asc_desc ? 1 + (box.h - asc_desc) / pitch : 1;
	maxl = st->max_lines > 0 && st->max_lines < fit ? st->max_lines : fit;
	if (maxl > TEXT_MAX_LINES)
		maxl = TEXT_MAX_LINES;
	total = text_wrap(f, utf8, st->wrap ? box.w : INT_MAX, lines, maxl);
	n = total < maxl ? total : maxl;
	if (n == 0)
		return 0;
	base = first_baseline(f, box, st->valign, n, pitch);
	old = canvas_clip(c);
	canvas_clip_set(c, rect_intersect(old, box));
	for (i = 0; i < n; i++) {
		const char *s = utf8 + lines[i].start;
		int cut = st->ellipsis &&
			  ((i == n - 1 && total > n) || lines[i].width > box.w);

		draw_line(c, st, box, s, s + lines[i].len, lines[i].width,
			  base + i * pitch, cut);
	}
	canvas_clip_set(c, old);
	return n;
}

void text_marquee(struct canvas *c, struct rect box,
		  const struct text_style *st, const char *utf8, int offset,
		  int gap)
{
	const char *end;
	struct font *f;
	int w, base, period, x;
	struct rect old;

	if (!c || !st || !st->font || !utf8 || box.w <= 0 || box.h <= 0)
		return;
	f = st->font;
	end = utf8 + strlen(utf8);
	w = measure(f, utf8, end);
	base = first_baseline(f, box, st->valign, 1, 0);
	old = canvas_clip(c);
	canvas_clip_set(c, rect_intersect(old, box));
	if (w <= box.w) {
		draw_run(c, f, line_x(box, st->align, w), base, utf8, end,
			 st->color);
	} else {
		period = w + (gap > 0 ? gap : 0);
		x = offset % period;
		if (x < 0)
			x += period;
		for (x = box.x - x; x < box.x + box.w; x += period)
			draw_run(c, f, x, base, utf8, end, st->color);
	}
	canvas_clip_set(c, old);
}
