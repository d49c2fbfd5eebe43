/* page_draw: see page_draw.h. */
#include "render/page_draw.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "render/text.h"
#include "util/utf8.h"

static struct rect rect(int x, int y, int w, int h)
{
	struct rect r = { x, y, w, h };

	return r;
}

/* A ring between radii @ri and @ro (ri = 0: a disc) centred on (cx, cy),
   anti-aliased by 4x4 supersampling. */
void page_ring(struct canvas *c, double cx, double cy, double ro, double ri,
	       uint32_t color)
{
	int x0 = (int)floor(cx - ro), y0 = (int)floor(cy - ro);
	int n = (int)ceil(cx + ro) - x0 + 1, m = (int)ceil(cy + ro) - y0 + 1;
	uint8_t *mask;
	int x, y, i, j, k;

	if (n <= 0 || m <= 0 || n > 512 || m > 512)
		return;
	mask = calloc((size_t)n * m, 1);
	if (!mask)
		return;
	for (y = 0; y < m; y++) {
		for (x = 0; x < n; x++) {
			k = 0;
			for (j = 0; j < 4; j++) {
				for (i = 0; i < 4; i++) {
					double dx = x0 + x + (i + 0.5) / 4 - cx;
					double dy = y0 + y + (j + 0.5) / 4 - cy;
					double d2 = dx * dx + dy * dy;

					k += d2 <= ro * ro && d2 >= ri * ri;
				}
			}
			mask[y * n + x] = (uint8_t)(k * 255 / 16);
		}
	}
	canvas_mask(c, x0, y0, mask, n, m, n, color);
	free(mask);
}

/* A rectangle with corners rounded to @rad (within the current clip). */
void page_round_rect(struct canvas *c, struct rect r, int rad,
		     uint32_t color)
{
	struct rect clip = canvas_clip(c);
	int i;

	if (rad * 2 > r.h)
		rad = r.h / 2;
	if (rad * 2 > r.w)
		rad = r.w / 2;
	canvas_fill(c, rect(r.x + rad, r.y, r.w - 2 * rad, r.h), color);
	canvas_fill(c, rect(r.x, r.y + rad, rad, r.h - 2 * rad), color);
	canvas_fill(c, rect(r.x + r.w - rad, r.y + rad, rad, r.h - 2 * rad),
		    color);
	for (i = 0; i < 4; i++) {
		int cx = i & 1 ? r.x + r.w - rad : r.x + rad;
		int cy = i & 2 ? r.y + r.h - rad : r.y + rad;
		struct rect q = rect(i & 1 ? cx : r.x, i & 2 ? cy : r.y, rad,
				     rad);

		canvas_clip_set(c, rect_intersect(clip, q));
		page_ring(c, cx, cy, rad, 0, color);
	}
	canvas_clip_set(c, clip);
}

/* Rows of ink above (*top) and below (*bottom) the baseline. */
void page_ink(struct font *f, const char *s, int *top, int *bottom)
{
	const char *end = s + strlen(s);
	const struct glyph *g;
	uint32_t cp;

	*top = *bottom = 0;
	while ((cp = utf8_next(&s, end)) != 0) {
		g = font_glyph(f, cp);
		if (!g || g->h == 0)
			continue;
		if (g->top > *top)
			*top = g->top;
		if (g->h - g->top > *bottom)
			*bottom = g->h - g->top;
	}
}

/* Draws @s so its ink is centred vertically on @cy; returns its width. */
int page_text_mid(struct canvas *c, struct font *f, int x, int cy,
		  const char *s, uint32_t color)
{
	int top, bottom;

	page_ink(f, s, &top, &bottom);
	text_draw(c, f, x, cy + (top - bottom) / 2, s, color);
	return text_width(f, s);
}
