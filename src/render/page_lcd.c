/* page_lcd: see page_lcd.h. */
#include "render/page_lcd.h"

#include <stdio.h>
#include <string.h>

#include "render/page_draw.h"
#include "render/text.h"

/* Colours: white on near-black, filigree gold for what matters now. */
#define C_BG ARGB(255, 10, 14, 24)
#define C_HEADER ARGB(255, 20, 28, 44)
#define C_GOLD ARGB(255, 232, 184, 72)
#define C_WHITE ARGB(255, 255, 255, 255)
#define C_TEXT2 ARGB(255, 196, 206, 224)  /* English, secondary */
#define C_MUTED ARGB(255, 120, 132, 156)
#define C_PASSED ARGB(255, 84, 94, 114)
#define C_AHEAD ARGB(255, 226, 232, 242)
#define C_DARK ARGB(255, 16, 20, 28)
#define C_RED ARGB(255, 214, 40, 40)
#define C_AMBER ARGB(255, 240, 150, 20)
#define C_INFO ARGB(255, 28, 58, 108)
#define C_URGENT ARGB(255, 178, 18, 30)

static const struct {
	short px;
	char bold;
} font_table[PLF_N] = {
	[PLF_ROUTE] = { 60, 1 },      [PLF_DEST] = { 56, 1 },
	[PLF_DEST_EN] = { 34, 0 },    [PLF_CLOCK] = { 60, 1 },
	[PLF_LABEL] = { 40, 1 },      [PLF_LABEL_EN] = { 32, 0 },
	[PLF_STOP] = { 132, 1 },      [PLF_STOP_EN] = { 60, 0 },
	[PLF_STRIP] = { 26, 0 },      [PLF_TITLE] = { 46, 1 },
	[PLF_CAPTION] = { 38, 0 },    [PLF_CAPTION_EN] = { 30, 0 },
	[PLF_SMALL] = { 20, 0 },      [PLF_MSG] = { 64, 1 },
};

/* Scales a length designed for 540 rows to @h rows. */
static int sc(int v, int h)
{
	return (v * h + 270) / 540;
}

/* The rows a panel of @w x @h is designed as: its height, but no more than
   0.45 of its width, so that narrower screens get smaller type. */
static int unit_of(int w, int h)
{
	return h < w * 45 / 100 ? h : w * 45 / 100;
}

static int unit(const struct canvas *c)
{
	return unit_of(canvas_width(c), canvas_height(c));
}

int page_lcd_font_px(enum page_lcd_font f, int w, int h)
{
	int px = sc(font_table[f].px, unit_of(w, h));

	return px < 8 ? 8 : px;
}

int page_lcd_font_bold(enum page_lcd_font f)
{
	return font_table[f].bold;
}

int page_lcd_header_h(int w, int h)
{
	return sc(104, unit_of(w, h));
}

static struct rect rect(int x, int y, int w, int h)
{
	struct rect r = { x, y, w, h };

	return r;
}

struct rect page_lcd_art_box(int w, int h, int aw, int ah)
{
	int top = page_lcd_header_h(w, h), bh = h - top;

	if (aw > 2 * ah) /* wide art: a band across the top of the body */
		return rect(0, top, w, sc(131, unit_of(w, h)));
	/* square: the body's height, at most 2/5 of the width */
	if (bh > w * 2 / 5)
		bh = w * 2 / 5;
	return rect(0, top, bh, bh);
}

/* One line in @box, cut with an ellipsis if too wide. */
static void line_fit(struct canvas *c, struct rect box, struct font *f,
		     const char *s, uint32_t color, enum text_align align)
{
	struct text_style st;

	memset(&st, 0, sizeof(st));
	st.font = f;
	st.color = color;
	st.align = align;
	st.valign = TEXT_TOP;
	st.max_lines = 1;
	st.ellipsis = 1;
	text_box(c, box, &st, s);
}

/* A line at baseline @base from @x, at most @w wide. */
static void line_at(struct canvas *c, struct font *f, int x, int base, int w,
		    const char *s, uint32_t color)
{
	line_fit(c, rect(x, base - font_ascent(f), w, font_line_height(f)), f,
		 s, color, TEXT_LEFT);
}

/* The width of a pill() with a background. */
static int pill_width(const struct page_lcd_fonts *f, const char *zh,
		      const char *en, int h)
{
	return text_width(f->f[PLF_LABEL], zh) + sc(16, h) +
	       text_width(f->f[PLF_LABEL_EN], en) + 2 * sc(22, h);
}

/* A label "中文 English" in a pill or plain; returns its width. */
static int pill(struct canvas *c, const struct page_lcd_fonts *f, int x,
		int cy, const char *zh, const char *en, uint32_t bg,
		uint32_t fg, int h)
{
	struct font *a = f->f[PLF_LABEL], *b = f->f[PLF_LABEL_EN];
	int pad = bg ? sc(22, h) : 0, gap = sc(16, h);
	int w = text_width(a, zh) + gap + text_width(b, en) + 2 * pad;
	int ph = sc(60, h);

	if (bg)
		page_round_rect(c, rect(x, cy - ph / 2, w, ph), ph / 2, bg);
	x += pad;
	x += page_text_mid(c, a, x, cy, zh, fg) + gap;
	page_text_mid(c, b, x, cy, en, fg);
	return w;
}

/* The label of each phase, PLP_NEXT..PLP_TERMINUS. */
static const char *const phase_zh[] = { "下一站", "即将到站", "本站",
					"终点站" };
static const char *const phase_en[] = { "Next stop", "Arriving at",
					"This stop", "Terminus" };

/* in->phase, or PLP_NEXT when it is none of the above. */
static int phase_of(const struct page_lcd_info *in)
{
	return in->phase >= PLP_NEXT && in->phase <= PLP_TERMINUS ? in->phase
								   : PLP_NEXT;
}

/* The phase's label at @x: in a gold pill when arriving, else plain. */
static void phase_pill(struct canvas *c, const struct page_lcd_fonts *f,
		       int ph, int x, int cy, int h)
{
	if (ph == PLP_ARRIVING)
		pill(c, f, x - sc(22, h), cy, phase_zh[ph], phase_en[ph],
		     C_GOLD, C_DARK, h);
	else
		pill(c, f, x, cy, phase_zh[ph], phase_en[ph], 0, C_GOLD, h);
}

/* ---- header ---- */

void page_lcd_header(struct canvas *c, const struct page_lcd_fonts *f,
		     const struct page_lcd_info *in)
{
	int w = canvas_width(c), h = unit(c);
	int hh = page_lcd_header_h(w, canvas_height(c)), cy = hh / 2 - sc(2, h);
	int x, bw, cw, nw, right;
	struct font *rf = f->f[PLF_ROUTE];

	canvas_clip_reset(c);
	canvas_fill(c, rect(0, 0, w, hh), C_HEADER);
	canvas_fill(c, rect(0, hh - sc(4, h), w, sc(4, h)), C_GOLD);

	/* Route badge in the route's colour. */
	x = sc(28, h);
	bw = text_width(rf, in->route) + sc(52, h);
	page_round_rect(c, rect(x, cy - sc(38, h), bw, sc(76, h)), sc(14, h),
		   in->route_color);
	page_text_mid(c, rf, x + sc(26, h), cy, in->route, C_WHITE);
	x += bw + sc(30, h);

	/* Clock, then the illustrative-data mark, from the right. */
	right = w - sc(32, h);
	cw = text_width(f->f[PLF_CLOCK], in->clock);
	page_text_mid(c, f->f[PLF_CLOCK], right - cw, cy, in->clock, C_WHITE);
	right -= cw + sc(36, h);
	if (in->illustrative) {
		struct font *s = f->f[PLF_SMALL];

		nw = text_width(s, "Illustrative stops");
		if (text_width(s, "示意站点") > nw)
			nw = text_width(s, "示意站点");
		text_draw(c, s, right - nw, cy - sc(4, h), "示意站点", C_MUTED);
		text_draw(c, s, right - nw, cy + sc(22, h),
			  "Illustrative stops", C_MUTED);
		right -= nw + sc(28, h);
	}

	/* "→ 北关  Beiguan" */
	x += page_text_mid(c, f->f[PLF_DEST_EN], x, cy, "→", C_GOLD) + sc(18, h);
	canvas_clip_set(c, rect(0, 0, right, hh));
	x += page_text_mid(c, f->f[PLF_DEST], x, cy, in->dest, C_WHITE) +
	     sc(24, h);
	page_text_mid(c, f->f[PLF_DEST_EN], x, cy + sc(4, h), in->dest_en,
		 C_TEXT2);
	canvas_clip_reset(c);
}

/* ---- the line: a string of stops ---- */

static void strip(struct canvas *c, struct rect body,
		  const struct page_lcd_fonts *f,
		  const struct page_lcd_info *in, int h)
{
	struct font *sf = f->f[PLF_STRIP];
	int margin = sc(90, h), maxvis, first, n, i, k, y, x, stagger = 0;
	int span = body.w - 2 * margin, at_stop, target;
	double dx, bus;

	if (in->nstops < 2)
		return;
	at_stop = in->phase == PLP_AT_STOP || in->phase == PLP_TERMINUS;
	/* The bus half way between stops, nearer the next when arriving. */
	bus = in->phase == PLP_ARRIVING ? 0.72 : 0.5;
	target = at_stop ? in->current : in->current + 1;
	maxvis = span / sc(150, h) + 1;
	if (maxvis < 2)
		maxvis = 2;
	n = in->nstops < maxvis ? in->nstops : maxvis;
	first = in->current - 2;
	if (first > in->nstops - n)
		first = in->nstops - n;
	if (first < 0)
		first = 0;
	dx = (double)span / (n - 1);
	y = body.y + body.h - sc(98, h);
	for (i = 0; i < n; i++)
		if (text_width(sf, in->stops[first + i]) > dx - sc(14, h))
			stagger = 1;

	/* The line: passed part dim, the rest bright; it runs off the edge
	   where stops are not shown. */
	{
		int lx0 = first > 0 ? body.x : body.x + margin;
		int lx1 = first + n < in->nstops ? body.x + body.w :
						   body.x + margin + span;
		int px = body.x + margin +
			 (int)((in->current - first) * dx +
			       (at_stop ? 0 : dx * bus));
		int th = sc(6, h);

		if (px < lx0)
			px = lx0;
		canvas_fill(c, rect(lx0, y - th / 2, px - lx0, th), C_PASSED);
		canvas_fill(c, rect(px, y - th / 2, lx1 - px, th), C_AHEAD);
	}
	for (i = 0; i < n; i++) {
		const char *name = in->stops[first + i];
		int tw = text_width(sf, name), base;
		uint32_t col;

		k = first + i;
		x = body.x + margin + (int)(i * dx + 0.5);
		if (k < target) {
			page_ring(c, x, y, sc(9, h), 0, C_PASSED);
			col = C_PASSED;
		} else if (k == target) {
			page_ring(c, x, y, sc(20, h), 0, C_GOLD);
			page_ring(c, x, y, sc(9, h), 0, C_DARK);
			col = C_GOLD;
		} else {
			page_ring(c, x, y, sc(11, h), 0, C_AHEAD);
			page_ring(c, x, y, sc(5, h), 0, C_BG);
			col = C_AHEAD;
		}
		/* Names too long for their place take two rows. */
		base = y + sc(26, h) + font_ascent(sf) - sc(8, h);
		if (stagger && i % 2)
			base += sc(34, h);
		line_fit(c, rect(x - tw / 2 - 1, base - font_ascent(sf),
				 tw + 2, font_line_height(sf)),
			 sf, name, col, TEXT_LEFT);
	}
	/* The bus between two stops: a gold marker on the line. */
	if (!at_stop && in->current >= first && in->current + 1 < first + n) {
		x = body.x + margin + (int)((in->current - first + bus) * dx);
		page_round_rect(c, rect(x - sc(22, h), y - sc(11, h), sc(44, h),
				   sc(22, h)), sc(11, h), C_GOLD);
		page_ring(c, x + sc(8, h), y, sc(5, h), 0, C_DARK);
	}
}

/* ---- bodies ---- */

/* A status badge: "已请求停车 Stop requested" and the like. */
struct badge {
	const char *zh, *en;
	uint32_t bg, fg;
};

void page_lcd_next_stop(struct canvas *c, struct rect body,
			const struct page_lcd_fonts *f,
			const struct page_lcd_info *in)
{
	struct rect clip = rect_intersect(body, canvas_clip(c));
	int h = unit(c), x = body.x + sc(64, h), rx = body.x + body.w - sc(64, h);
	int ph = phase_of(in);
	int cy = body.y + sc(58, h), gap = sc(20, h), bw = 0, nb = 0, i;
	int top, sw, tw = sc(480, h), then, right, by;
	struct badge b[2];

	canvas_clip_set(c, clip);
	canvas_fill(c, body, C_BG);
	phase_pill(c, f, ph, x, cy, h);

	if (in->stop_requested)
		b[nb++] = (struct badge){ "已请求停车", "Stop requested", C_RED,
					  C_WHITE };
	if (in->doors_open)
		b[nb++] = (struct badge){ "车门开启", "Doors open", C_AMBER,
					  C_DARK };
	for (i = 0; i < nb; i++)
		bw += pill_width(f, b[i].zh, b[i].en, h) + (i ? gap : 0);
	/* Badges beside the label if they fit, else above the line. */
	top = pill_width(f, phase_zh[ph], phase_en[ph], h) + sc(60, h) + bw <=
	      rx - x;
	by = top ? cy : body.y + body.h - sc(98, h) - sc(64, h);
	for (i = nb - 1, right = rx; i >= 0; i--) {
		right -= pill_width(f, b[i].zh, b[i].en, h);
		pill(c, f, right, by, b[i].zh, b[i].en, b[i].bg, b[i].fg, h);
		right -= gap;
	}

	/* At a stop, the one after it in a column at the right, when the
	   stop's name leaves room for it (the line shows it anyway). */
	sw = text_width(f->f[PLF_STOP], in->stop);
	if (text_width(f->f[PLF_STOP_EN], in->stop_en) > sw)
		sw = text_width(f->f[PLF_STOP_EN], in->stop_en);
	then = in->then && sw + sc(60, h) + tw <= rx - x;
	if (then) {
		int ty = top && nb ? body.y + sc(134, h) : cy;

		pill(c, f, rx - tw, ty, "下一站", "Next", 0, C_MUTED, h);
		line_at(c, f->f[PLF_DEST], rx - tw, ty + sc(92, h), tw,
			in->then, C_AHEAD);
		line_at(c, f->f[PLF_DEST_EN], rx - tw, ty + sc(138, h), tw,
			in->then_en, C_TEXT2);
	}

	/* The stop, large, in both languages. */
	right = then ? rx - tw - sc(60, h) : rx;
	line_at(c, f->f[PLF_STOP], x, body.y + sc(222, h), right - x, in->stop,
		C_WHITE);
	line_at(c, f->f[PLF_STOP_EN], x, body.y + sc(290, h), right - x,
		in->stop_en, C_TEXT2);
	strip(c, body, f, in, h);
	canvas_clip_reset(c);
}

/* Wrapped text from @y down to @bottom at most; returns the y below it. */
static int para(struct canvas *c, int x, int y, int w, int bottom,
		struct font *f, const char *s, uint32_t color, int gap)
{
	struct text_style st;
	int n;

	if (bottom <= y)
		return y;
	memset(&st, 0, sizeof(st));
	st.font = f;
	st.color = color;
	st.align = TEXT_LEFT;
	st.valign = TEXT_TOP;
	st.wrap = 1;
	st.ellipsis = 1;
	st.line_gap = gap;
	n = text_box(c, rect(x, y, w, bottom - y), &st, s);
	return y + n * (font_line_height(f) + gap);
}

/* "下一站 张家湾 Zhangjiawan" on one line at baseline-centre @cy. */
static void next_line(struct canvas *c, const struct page_lcd_fonts *f,
		      const struct page_lcd_info *in, int x, int cy, int h)
{
	int ph = phase_of(in);

	if (ph == PLP_ARRIVING) {
		int w = text_width(f->f[PLF_LABEL], phase_zh[ph]) + sc(36, h);

		page_round_rect(c, rect(x - sc(18, h), cy - sc(28, h), w, sc(56, h)),
			   sc(28, h), C_GOLD);
		x += page_text_mid(c, f->f[PLF_LABEL], x, cy, phase_zh[ph],
				   C_DARK) +
		     sc(40, h);
	} else {
		x += page_text_mid(c, f->f[PLF_LABEL], x, cy, phase_zh[ph],
				   C_GOLD) +
		     sc(22, h);
	}
	x += page_text_mid(c, f->f[PLF_LABEL], x, cy, in->stop, C_WHITE) +
	     sc(18, h);
	page_text_mid(c, f->f[PLF_LABEL_EN], x, cy, in->stop_en, C_TEXT2);
}

/* The artwork's credit on a dark band along its bottom edge. */
static void credit(struct canvas *c, struct rect art, struct font *f,
		   const char *zh, const char *en, int h)
{
	int pad = sc(12, h), lh = font_line_height(f), two, bh;
	int wz = zh ? text_width(f, zh) : 0, we = en ? text_width(f, en) : 0;

	if (!zh && !en)
		return;
	two = wz + we + sc(16, h) > art.w - 2 * pad;
	bh = (two ? 2 * lh : lh) + sc(10, h);
	canvas_fill(c, rect(art.x, art.y + art.h - bh, art.w, bh),
		    ARGB(176, 0, 0, 0));
	if (two) {
		line_at(c, f, art.x + pad, art.y + art.h - bh + sc(5, h) +
						   font_ascent(f),
			art.w - 2 * pad, zh ? zh : "", C_TEXT2);
		line_at(c, f, art.x + pad, art.y + art.h - bh + sc(5, h) + lh +
						   font_ascent(f),
			art.w - 2 * pad, en ? en : "", C_TEXT2);
	} else {
		int x = art.x + art.w - pad - wz - we - (zh && en ? sc(16, h) : 0);
		int base = art.y + art.h - bh + sc(5, h) + font_ascent(f);

		if (zh)
			text_draw(c, f, x, base, zh, C_TEXT2);
		if (en)
			text_draw(c, f, x + wz + (zh ? sc(16, h) : 0), base, en,
				  C_TEXT2);
	}
}

/* The next stop as a block in a column: label, name, English name. */
static void mini_stop(struct canvas *c, const struct page_lcd_fonts *f,
		      const struct page_lcd_info *in, int x, int y, int w, int h)
{
	struct font *sf = f->f[PLF_DEST], *ef = f->f[PLF_DEST_EN];
	int cy = y + sc(52, h);

	phase_pill(c, f, phase_of(in), x, cy, h);
	line_at(c, sf, x, cy + sc(40, h) + font_ascent(sf) - sc(10, h), w,
		in->stop, C_WHITE);
	line_at(c, ef, x, cy + sc(40, h) + font_line_height(sf) +
				  font_ascent(ef) - sc(14, h),
		w, in->stop_en, C_TEXT2);
}

/* Title (Chinese, and English beside it when it fits, else below) and the
   caption in both languages, from @y down to @bottom. */
static void caption(struct canvas *c, const struct page_lcd_fonts *f,
		    const struct page_lcd_heritage *hg, int x, int y, int cw,
		    int bottom, int h)
{
	struct font *tf = f->f[PLF_TITLE], *ef = f->f[PLF_CAPTION];
	int tw = text_width(tf, hg->title), gap = sc(28, h);
	int zlh = font_line_height(f->f[PLF_CAPTION]) - sc(6, h);
	int elh = font_line_height(f->f[PLF_CAPTION_EN]) - sc(6, h);
	int zmax;

	line_at(c, tf, x, y + font_ascent(tf), cw, hg->title, C_GOLD);
	if (tw + gap + text_width(ef, hg->title_en) <= cw) {
		line_at(c, ef, x + tw + gap, y + font_ascent(tf), cw - tw - gap,
			hg->title_en, C_GOLD);
	} else {
		y += font_line_height(tf) - sc(8, h);
		line_at(c, ef, x, y + font_ascent(ef), cw, hg->title_en,
			C_GOLD);
	}
	y += font_line_height(tf);
	/* Chinese gets what is left after two lines of English. */
	zmax = bottom - 2 * elh - sc(12, h);
	if (zmax < y + zlh)
		zmax = y + zlh + 4;
	y = para(c, x, y, cw, zmax, f->f[PLF_CAPTION], hg->caption, C_WHITE,
		 -sc(6, h));
	para(c, x, y + sc(12, h), cw, bottom, f->f[PLF_CAPTION_EN],
	     hg->caption_en, C_TEXT2, -sc(6, h));
}

void page_lcd_heritage(struct canvas *c, struct rect body,
		       const struct page_lcd_fonts *f,
		       const struct page_lcd_info *in,
		       const struct page_lcd_heritage *hg)
{
	int h = unit(c), x, y, cw, rc;
	struct rect clip = rect_intersect(body, canvas_clip(c));
	struct rect ab = rect(body.x, body.y, 0, 0);

	canvas_clip_set(c, clip);
	if (hg->art) {
		/* The background around the artwork, not under it. */
		ab = rect(body.x, body.y, canvas_width(hg->art),
			  canvas_height(hg->art));
		canvas_fill_blit(c, body, C_BG, ab.x, ab.y, hg->art);
		credit(c, ab, f->f[PLF_SMALL], hg->credit, hg->credit_en, h);
	} else {
		canvas_fill(c, body, C_BG);
	}
	if (ab.w > 2 * ab.h) {
		/* Wide art across the top; caption at the left below it and
		   the next stop in a column at the right. */
		rc = sc(460, h);
		x = body.x + body.w - rc;
		canvas_fill(c, rect(x, body.y + ab.h + sc(24, h), sc(2, h),
				    body.h - ab.h - sc(48, h)), C_PASSED);
		mini_stop(c, f, in, x + sc(40, h), body.y + ab.h, rc - sc(64, h),
			  h);
		x = body.x + sc(64, h);
		cw = body.w - rc - sc(104, h);
		caption(c, f, hg, x, body.y + ab.h + sc(14, h), cw,
			body.y + body.h - sc(10, h), h);
	} else {
		/* Square art at the left; next stop, then the caption. */
		x = body.x + ab.w + sc(56, h);
		cw = body.x + body.w - sc(56, h) - x;
		next_line(c, f, in, x, body.y + sc(44, h), h);
		y = body.y + sc(88, h);
		canvas_fill(c, rect(x, y - sc(6, h), cw, sc(2, h)), C_PASSED);
		caption(c, f, hg, x, y + sc(14, h), cw,
			body.y + body.h - sc(10, h), h);
	}
	canvas_clip_reset(c);
}

void page_lcd_message(struct canvas *c, struct rect body,
		      const struct page_lcd_fonts *f, const char *text,
		      int urgent)
{
	int h = unit(c), m = sc(40, h), y;
	struct rect clip = rect_intersect(body, canvas_clip(c));
	struct rect panel = rect(body.x + m, body.y + m, body.w - 2 * m,
				 body.h - 2 * m);
	struct text_style st;

	canvas_clip_set(c, clip);
	canvas_fill(c, body, urgent ? C_URGENT : C_BG);
	if (!urgent)
		page_round_rect(c, panel, sc(24, h), C_INFO);
	y = panel.y + sc(56, h);
	if (urgent)
		pill(c, f, panel.x + sc(24, h), y, "紧急通知", "Urgent notice",
		     C_WHITE, C_URGENT, h);
	else
		pill(c, f, panel.x + sc(40, h), y, "通知", "Notice", 0,
		     C_GOLD, h);
	memset(&st, 0, sizeof(st));
	st.font = f->f[PLF_MSG];
	st.color = C_WHITE;
	st.align = TEXT_CENTER;
	st.valign = TEXT_MIDDLE;
	st.wrap = 1;
	st.ellipsis = 1;
	st.line_gap = sc(10, h);
	text_box(c, rect(panel.x + sc(40, h), y + sc(40, h),
			 panel.w - 2 * sc(40, h),
			 panel.y + panel.h - y - sc(56, h)),
		 &st, text);
	canvas_clip_reset(c);
}
