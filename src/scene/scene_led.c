/*
 * scene_led: what the LED destination signs show.
 *
 * Front: route number and destination, Chinese and English pages in turn
 * (both at once on 32-row signs).  Side: route, destination and via, by
 * language, plus the theme's line-art ornament while the bus is between
 * stops (never at a stop, where boarding passengers read the sign).  Rear:
 * the route number.  An urgent operator message replaces the destination
 * on front and side signs; the route number stays.
 */
#include <stdio.h>
#include <string.h>

#include "scene/scene_int.h"

enum { MODE_ROUTE, MODE_MESSAGE };

struct led_pages {
	int n;
	const char *line[ROT_LED_PAGES][2];
	const struct canvas *art[ROT_LED_PAGES];
	struct rot_led_page rp[ROT_LED_PAGES];
};

static void add_page(struct led_pages *pg, const char *a, const char *b,
		     const struct canvas *art)
{
	if (pg->n == ROT_LED_PAGES)
		return;
	pg->line[pg->n][0] = a;
	pg->line[pg->n][1] = b;
	pg->art[pg->n] = art;
	pg->n++;
}

static const char *join(char *buf, size_t len, const char *a, const char *b)
{
	if (!b || !*b)
		return a;
	/* Two spaces: a visible gap in a monospaced bitmap font. */
	snprintf(buf, len, "%s  %s", a, b);
	return buf;
}

static int build(struct scene *s, struct scene_panel *p,
		 const struct content_theme *t, struct page_led_layout *l,
		 struct led_pages *pg)
{
	const struct content_route *r = s->route;
	const struct canvas *art;
	int d = s->trip.direction, two, i, k;
	int urgent = s->msg[0] && s->msg_priority == MSG_URGENT &&
		     p->pc.role != PANEL_REAR;

	memset(pg, 0, sizeof(*pg));
	page_led_layout(p->pc.role, p->pc.width, p->pc.height, &p->led, r->id,
			l);
	two = l->line[1].w > 0;
	if (urgent) {
		/* One line over the whole text area, scrolling as needed. */
		l->line[0] = l->text;
		l->line_font[0] = p->led.f16;
		l->line[1].w = 0;
		add_page(pg, s->msg, NULL, NULL);
	} else if (p->pc.role == PANEL_FRONT) {
		if (two) {
			add_page(pg, r->dest[d], r->dest_en[d], NULL);
		} else {
			add_page(pg, r->dest[d], NULL, NULL);
			if (strcmp(r->dest_en[d], r->dest[d]) != 0)
				add_page(pg, r->dest_en[d], NULL, NULL);
		}
	} else if (p->pc.role == PANEL_SIDE) {
		if (two) {
			add_page(pg, r->dest[d], r->via[d], NULL);
			add_page(pg, r->dest_en[d], r->via_en[d], NULL);
		} else {
			add_page(pg, join(p->line_buf[0], sizeof(p->line_buf[0]),
					  r->dest[d], r->via[d]),
				 NULL, NULL);
			add_page(pg, join(p->line_buf[1], sizeof(p->line_buf[1]),
					  r->dest_en[d], r->via_en[d]),
				 NULL, NULL);
		}
		art = p->pc.height >= 32 ? t->led_art32 : t->led_art16;
		if (art && s->trip.phase == TRIP_DEPARTED)
			add_page(pg, NULL, NULL, art);
	} else {
		add_page(pg, NULL, NULL, NULL);
	}
	for (k = 0; k < pg->n; k++)
		for (i = 0; i < 2; i++)
			pg->rp[k].period[i] =
				page_led_period(l, i, pg->line[k][i]);
	return urgent ? MODE_MESSAGE : MODE_ROUTE;
}

static void style(const struct scene *s, const struct scene_panel *p,
		  struct page_led_style *st)
{
	uint32_t rc = s->route->color;

	memset(st, 0, sizeof(*st));
	if (p->pc.look == LOOK_LED_MONO) {
		st->fg = st->fg2 = st->route_fg = p->mono;
		return;
	}
	/* Full-intensity channels only: they survive any bit depth without
	   dithering, so text stays crisp. */
	st->rgb = 1;
	st->fg = ARGB(255, 255, 255, 0);
	st->fg2 = ARGB(255, 0, 255, 0);
	st->route_fg = ARGB(255, 255, 255, 255);
	st->route_bg = ARGB(255, ARGB_R(rc) >= 128 ? 255 : 0,
			    ARGB_G(rc) >= 128 ? 255 : 0,
			    ARGB_B(rc) >= 128 ? 255 : 0);
	if (st->route_bg == ARGB(255, 255, 255, 255) ||
	    st->route_bg == ARGB(255, 0, 0, 0))
		st->route_bg = ARGB(255, 255, 0, 0);
}

static void draw_page(struct canvas *c, const struct page_led_layout *l,
		      const struct page_led_style *st, const char *route,
		      const struct led_pages *pg, int k, const int *offset)
{
	static const int zero[2];

	if (pg->art[k])
		page_led_draw_art(c, l, st, route, pg->art[k]);
	else
		page_led_draw(c, l, st, route, pg->line[k][0], pg->line[k][1],
			      offset ? offset : zero);
}

static int page_kind(const struct led_pages *pg, int mode, int k)
{
	if (k < 0)
		return SCENE_PAGE_NONE;
	if (mode == MODE_MESSAGE)
		return SCENE_PAGE_MESSAGE;
	return pg->art[k] ? SCENE_PAGE_ORNAMENT : SCENE_PAGE_ROUTE;
}

static void show(struct scene_panel *p, const struct led_pages *pg, int mode,
		 const struct rot_led *r)
{
	struct scene_showing *sh = &p->showing;

	memset(sh, 0, sizeof(*sh));
	sh->page = page_kind(pg, mode, r->page);
	sh->from = page_kind(pg, mode, r->from);
	sh->slot = r->page;
	if (sh->page == SCENE_PAGE_ROUTE && p->pc.role != PANEL_REAR)
		sh->lang = pg->line[r->page][1] && p->pc.role == PANEL_FRONT ?
				   "zh+en" :
			   r->page == 0 ? "zh" : "en";
}

/*
 * Starts the sequence again when what it shows changes, except when only
 * the ornament comes or goes (the bus leaves or nears a stop): then the
 * page on show carries on where it was, or, if it was the ornament, the
 * destination comes back at once.
 */
static void keep_page(struct scene_panel *p, const struct scene_sig *sig,
		      const struct rot_led_cfg *cfg,
		      const struct led_pages *pg, int64_t now)
{
	struct scene_sig a = p->sig, b = *sig;
	int k = p->led_page;

	a.extra = b.extra = 0;
	if (!p->have_sig || p->sig.extra == sig->extra ||
	    memcmp(&a, &b, sizeof(a)) != 0 || k < 0 || k >= pg->n ||
	    pg->art[k]) {
		scene_sig_update(p, sig, now);
		return;
	}
	p->sig = *sig;
	p->anchor = p->led_page_start - rot_led_offset(cfg, pg->n, pg->rp, k);
}

int scene_render_led(struct scene *s, struct scene_panel *p,
		     const struct scene_clock *clk, struct canvas *out,
		     int64_t *next_ms)
{
	const struct content_theme *t;
	struct page_led_layout l;
	struct page_led_style st;
	struct rot_led_cfg cfg;
	struct led_pages pg;
	struct scene_sig sig;
	struct scene_key key;
	struct rot_led r;
	enum page_led_wipe how;
	int mode;

	t = content_theme_select(s->content, s->route->id, clk->wall);
	mode = build(s, p, t, &l, &pg);

	memset(&sig, 0, sizeof(sig));
	sig.content_gen = s->content_gen;
	sig.route = s->route;
	sig.direction = s->trip.direction;
	sig.mode = mode;
	sig.msg_gen = mode == MODE_MESSAGE ? s->msg_gen : 0;
	sig.extra = pg.n;

	how = t->led_transition == CONTENT_TR_WIPE ? PAGE_LED_WIPE :
						     PAGE_LED_SCROLL;
	memset(&cfg, 0, sizeof(cfg));
	cfg.transition_ms = t->led_transition == CONTENT_TR_CUT ?
				    0 : t->led_transition_ms;
	cfg.transition_px = cfg.transition_ms ?
				    page_led_transition_px(&l, how) : 0;
	cfg.page_ms = t->led_page_ms;
	cfg.px_per_s = t->marquee_px_per_s;
	cfg.hold_ms = t->marquee_hold_ms;
	keep_page(p, &sig, &cfg, &pg, clk->mono_ms);
	rot_led_at(&cfg, pg.n, pg.rp, p->anchor, clk->mono_ms, &r);
	p->led_page = r.page;
	p->led_page_start = r.start;

	*next_ms = r.next;
	if (mode == MODE_MESSAGE && s->msg_expires < *next_ms)
		*next_ms = s->msg_expires;

	show(p, &pg, mode, &r);

	memset(&key, 0, sizeof(key));
	key.sig = sig;
	key.sig.extra = 0; /* pages keep their index when the ornament goes */
	key.page = r.page;
	key.from = r.from;
	key.progress = r.px;
	key.offset[0] = r.offset[0];
	key.offset[1] = r.offset[1];
	if (p->have_last && memcmp(&key, &p->last, sizeof(key)) == 0)
		return 0;

	style(s, p, &st);
	if (r.from >= 0 && scene_scratch(p, &p->from) == 0 &&
	    scene_scratch(p, &p->to) == 0) {
		draw_page(p->from, &l, &st, s->route->id, &pg, r.from, NULL);
		draw_page(p->to, &l, &st, s->route->id, &pg, r.page, r.offset);
		page_led_compose(out, p->from, p->to, &l, how, r.px);
	} else {
		draw_page(out, &l, &st, s->route->id, &pg, r.page, r.offset);
	}
	p->last = key;
	p->have_last = 1;
	return 1;
}
