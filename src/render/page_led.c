/* page_led: see page_led.h. */
#include "render/page_led.h"

#include <string.h>

#include "panel/panel.h"
#include "render/page_draw.h"
#include "render/text.h"

#define BLACK ARGB(255, 0, 0, 0)

static struct rect rect(int x, int y, int w, int h)
{
	struct rect r = { x, y, w, h };

	return r;
}

/* Route number width: advance width plus one column when drawn bold. */
static int route_width(struct font *f, int bold, const char *route)
{
	return text_width(f, route) + (bold ? 1 : 0);
}

void page_led_layout(int role, int w, int h, const struct page_led_fonts *f,
		     const char *route, struct page_led_layout *l)
{
	int big = h >= 32 && f->big, y0, x, rw;

	memset(l, 0, sizeof(*l));
	l->route_font = big ? f->big : f->f16;
	l->route_bold = !big;
	rw = route_width(l->route_font, l->route_bold, route);

	if (role == PANEL_REAR) {
		if (h >= 24 && f->big) {
			l->route_font = f->big;
			l->route_bold = 0;
			rw = route_width(f->big, 0, route);
		}
		l->route = rect((w - rw - 4) / 2, 0, rw + 4, h);
		return;
	}
	l->route = rect(0, 0, rw + 4, h);
	x = l->route.w + 4;
	if (h >= 32) {
		y0 = (h - 32) / 2;
		l->line[0] = rect(x, y0, w - x, 16);
		l->line_font[0] = f->f16;
		l->line_bold[0] = 1;
		l->line[1] = rect(x, y0 + 16, w - x, 16);
		l->line_font[1] = f->f16;
		l->line_bold[1] = 1;
		if (role == PANEL_SIDE && f->f12) {
			l->line_bold[1] = 0;
			/* the via, smaller under the destination */
			l->line[1] = rect(x, y0 + 17, w - x, 15);
			l->line_font[1] = f->f12;
		}
	} else {
		l->line[0] = rect(x, 0, w - x, h);
		l->line_font[0] = f->f16;
		l->line_bold[0] = 1;
	}
	l->text = rect_union(l->line[0], l->line[1]);
}

int page_led_period(const struct page_led_layout *l, int i, const char *s)
{
	int w;

	if (i < 0 || i > 1 || !s || !*s || !l->line_font[i])
		return 0;
	w = text_width(l->line_font[i], s);
	return w > l->line[i].w ? w + PAGE_LED_GAP : 0;
}

static void draw_route(struct canvas *c, const struct page_led_layout *l,
		       const struct page_led_style *st, const char *route)
{
	struct rect r = l->route;
	int top, bottom, w, x, base;

	if (r.w <= 0 || !route || !*route)
		return;
	if (st->route_bg)
		canvas_fill(c, r, st->route_bg);
	/* Centred on its ink, so digits sit in the middle whatever the
	   font's ascent and descent. */
	page_ink(l->route_font, route, &top, &bottom);
	w = route_width(l->route_font, l->route_bold, route);
	x = r.x + (r.w - w) / 2;
	base = r.y + (r.h - top - bottom + 1) / 2 + top;
	text_draw(c, l->route_font, x, base, route, st->route_fg);
	if (l->route_bold)
		text_draw(c, l->route_font, x + 1, base, route, st->route_fg);
}

void page_led_draw(struct canvas *c, const struct page_led_layout *l,
		   const struct page_led_style *st, const char *route,
		   const char *line1, const char *line2, const int offset[2])
{
	const char *lines[2] = { line1, line2 };
	struct text_style ts;
	int i, off;

	canvas_clip_reset(c);
	canvas_clear(c, BLACK);
	draw_route(c, l, st, route);
	for (i = 0; i < 2; i++) {
		if (l->line[i].w <= 0 || !lines[i] || !*lines[i])
			continue;
		memset(&ts, 0, sizeof(ts));
		ts.font = l->line_font[i];
		ts.color = i ? st->fg2 : st->fg;
		ts.align = TEXT_CENTER;
		ts.valign = TEXT_MIDDLE;
		off = offset ? offset[i] : 0;
		text_marquee(c, l->line[i], &ts, lines[i], off, PAGE_LED_GAP);
		if (!l->line_bold[i])
			continue;
		/* Bold: the same pixels again one column to the right. */
		if (page_led_period(l, i, lines[i])) {
			text_marquee(c, l->line[i], &ts, lines[i], off - 1,
				     PAGE_LED_GAP);
		} else {
			struct rect b = l->line[i];

			b.x++;
			text_marquee(c, b, &ts, lines[i], 0, PAGE_LED_GAP);
		}
	}
	canvas_clip_reset(c);
}

void page_led_draw_art(struct canvas *c, const struct page_led_layout *l,
		       const struct page_led_style *st, const char *route,
		       const struct canvas *art)
{
	const uint32_t *src = canvas_pixels_const(art);
	int aw = canvas_width(art), ah = canvas_height(art);
	int stride = canvas_stride(art), sx, sy, x, y, x0, y0;
	struct rect t = rect_intersect(l->text, rect(0, 0, canvas_width(c),
						     canvas_height(c)));
	uint32_t *dst = canvas_pixels(c), p;
	int dstride = canvas_stride(c);
	unsigned int lum;

	canvas_clip_reset(c);
	canvas_clear(c, BLACK);
	draw_route(c, l, st, route);
	x0 = l->text.x + (l->text.w - aw) / 2;
	y0 = l->text.y + (l->text.h - ah) / 2;
	for (y = 0; y < t.h; y++) {
		sy = t.y + y - y0;
		if (sy < 0 || sy >= ah)
			continue;
		for (x = 0; x < t.w; x++) {
			sx = t.x + x - x0;
			if (sx < 0 || sx >= aw)
				continue;
			p = src[sy * stride + sx];
			if (ARGB_A(p) < 128)
				continue;
			if (st->rgb) {
				/* Its own colours, at full intensity. */
				p = ARGB(255, ARGB_R(p) >= 128 ? 255 : 0,
					 ARGB_G(p) >= 128 ? 255 : 0,
					 ARGB_B(p) >= 128 ? 255 : 0);
				if (p != BLACK)
					dst[(t.y + y) * dstride + t.x + x] = p;
				continue;
			}
			lum = (ARGB_R(p) * 54u + ARGB_G(p) * 183u +
			       ARGB_B(p) * 19u) >> 8;
			if (lum >= 96)
				dst[(t.y + y) * dstride + t.x + x] = st->fg;
		}
	}
}

int page_led_transition_px(const struct page_led_layout *l,
			   enum page_led_wipe how)
{
	return how == PAGE_LED_SCROLL ? l->text.h : l->text.w;
}

void page_led_compose(struct canvas *out, const struct canvas *from,
		      const struct canvas *to, const struct page_led_layout *l,
		      enum page_led_wipe how, int px)
{
	const uint32_t *a = canvas_pixels_const(from);
	const uint32_t *b = canvas_pixels_const(to);
	int sa = canvas_stride(from), sb = canvas_stride(to);
	int so = canvas_stride(out), y, sy;
	struct rect t = l->text;
	uint32_t *o;

	canvas_copy(out, to);
	if (rect_empty(t))
		return;
	o = canvas_pixels(out);
	for (y = 0; y < t.h; y++) {
		uint32_t *row = o + (size_t)(t.y + y) * so + t.x;

		if (how == PAGE_LED_SCROLL) {
			sy = y + px;
			if (sy < t.h)
				memcpy(row, a + (size_t)(t.y + sy) * sa + t.x,
				       (size_t)t.w * 4);
			else
				memcpy(row,
				       b + (size_t)(t.y + sy - t.h) * sb + t.x,
				       (size_t)t.w * 4);
		} else if (px < t.w) {
			memcpy(row + px, a + (size_t)(t.y + y) * sa + t.x + px,
			       (size_t)(t.w - px) * 4);
		}
	}
}
