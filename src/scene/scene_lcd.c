/*
 * scene_lcd: what the interior LCD shows.
 *
 * Priorities, highest first: an urgent operator message; the next-stop page
 * while the bus approaches a stop (at once, whatever was showing); an info
 * message; the theme's rotation of next-stop and heritage pages.  Whenever
 * the trip moves on (new stop, new phase) the rotation starts again with a
 * next-stop page, so heritage slides only get the time passenger
 * information leaves them; it resumes with the heritage slide that comes
 * next, so every slide gets its turn.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "scene/scene_int.h"

#define SCENE_MAX_STOPS 256

enum { LM_ROTATION, LM_ARRIVING, LM_MESSAGE };

static int lcd_mode(const struct scene *s)
{
	if (s->msg[0] && s->msg_priority == MSG_URGENT)
		return LM_MESSAGE;
	if (s->trip.phase == TRIP_APPROACHING)
		return LM_ARRIVING;
	if (s->msg[0])
		return LM_MESSAGE;
	return LM_ROTATION;
}

/* Where the rotation starts again after an interruption: the next-stop
   slide that was showing, else the one after the slide that was. */
static int resume_slot(const struct scene_panel *p,
		       const struct content_theme *t,
		       const struct scene_sig *sig, int64_t now)
{
	struct rot_lcd r;

	if (!p->have_sig || p->sig.content_gen != sig->content_gen)
		return 0;
	if (p->sig.mode != LM_ROTATION)
		return rot_lcd_next_info(t, p->rot_start);
	rot_lcd_at(t, p->rot_start, p->anchor, now, &r);
	if (t->slides[r.slot].page == CONTENT_PAGE_NEXT_STOP)
		return r.slot;
	return rot_lcd_next_info(t, r.slot + 1);
}

static void fill_info(const struct scene *s, const struct scene_clock *clk,
		      struct page_lcd_info *in, const char **names)
{
	const struct content_route *r = s->route;
	const struct trip_state *t = &s->trip;
	const struct content_stop *st;
	int d = t->direction, k, n = r->nstops;
	struct tm tm;

	memset(in, 0, sizeof(*in));
	in->route = r->id;
	in->route_color = r->color;
	in->dest = r->dest[d];
	in->dest_en = r->dest_en[d];
	if (localtime_r(&clk->wall, &tm))
		snprintf(in->clock, sizeof(in->clock), "%02d:%02d",
			 tm.tm_hour % 24, tm.tm_min % 60);
	if (n > SCENE_MAX_STOPS)
		n = SCENE_MAX_STOPS;
	for (k = 0; k < n; k++)
		names[k] = content_route_stop(r, d, k)->zh;
	in->nstops = n;
	in->stops = names;
	in->current = t->stop;
	in->stop_requested = t->stop_requested;
	in->doors_open = t->doors_open;
	in->illustrative = content_routes_illustrative(s->content);
	if (t->phase == TRIP_AT_STOP) {
		in->phase = t->stop == r->nstops - 1 ? PLP_TERMINUS :
						       PLP_AT_STOP;
		k = t->stop;
		st = content_route_stop(r, d, k + 1);
		if (st) {
			in->then = st->zh;
			in->then_en = st->en;
		}
	} else {
		in->phase = t->phase == TRIP_APPROACHING ? PLP_ARRIVING :
							   PLP_NEXT;
		k = t->stop + 1;
	}
	st = content_route_stop(r, d, k);
	in->stop = st->zh;
	in->stop_en = st->en;
}

/* Draws page @slot (-1: next stop) or the message into @body. */
static void body(struct scene *s, struct scene_panel *p, struct canvas *c,
		 struct rect b, const struct content_theme *t, int mode,
		 int slot, const struct page_lcd_info *in)
{
	const struct content_slide *sl = slot >= 0 ? &t->slides[slot] : NULL;
	const struct content_heritage *h;
	struct page_lcd_heritage ph;
	struct rect ab;

	if (mode == LM_MESSAGE) {
		page_lcd_message(c, b, &p->lcd, s->msg,
				 s->msg_priority == MSG_URGENT);
		return;
	}
	if (!sl || sl->page != CONTENT_PAGE_HERITAGE || !sl->heritage) {
		page_lcd_next_stop(c, b, &p->lcd, in);
		return;
	}
	h = sl->heritage;
	memset(&ph, 0, sizeof(ph));
	ph.title = h->title.zh;
	ph.title_en = h->title.en;
	ph.caption = h->caption.zh;
	ph.caption_en = h->caption.en;
	ph.credit = h->credit.zh;
	ph.credit_en = h->credit.en;
	ab = page_lcd_art_box(p->pc.width, p->pc.height,
			      canvas_width(h->image), canvas_height(h->image));
	ph.art = scene_art_scaled(s, h->image, ab.w, ab.h);
	page_lcd_heritage(c, b, &p->lcd, in, &ph);
}

static int slot_kind(const struct content_theme *t, int slot)
{
	if (slot < 0)
		return SCENE_PAGE_NONE;
	return t->slides[slot].page == CONTENT_PAGE_HERITAGE ?
		       SCENE_PAGE_HERITAGE : SCENE_PAGE_NEXT_STOP;
}

static void show(struct scene_panel *p, const struct content_theme *t,
		 int mode, const struct rot_lcd *r)
{
	struct scene_showing *sh = &p->showing;

	memset(sh, 0, sizeof(*sh));
	sh->slot = r->slot;
	sh->page = mode == LM_MESSAGE ? SCENE_PAGE_MESSAGE :
		   mode == LM_ARRIVING ? SCENE_PAGE_NEXT_STOP :
					 slot_kind(t, r->slot);
	sh->from = slot_kind(t, r->from);
	if (sh->page == SCENE_PAGE_HERITAGE)
		sh->heritage = t->slides[r->slot].heritage->id;
}

int scene_render_lcd(struct scene *s, struct scene_panel *p,
		     const struct scene_clock *clk, struct canvas *out,
		     int64_t *next_ms)
{
	const char *names[SCENE_MAX_STOPS];
	const struct content_theme *t;
	struct page_lcd_info in;
	struct scene_key key, fkey;
	struct scene_sig sig;
	struct rot_lcd r;
	struct rect b;
	struct tm tm;
	int mode, hh, dx, start = 0;
	int64_t next;

	t = content_theme_select(s->content, s->route->id, clk->wall);
	mode = lcd_mode(s);
	memset(&sig, 0, sizeof(sig));
	sig.content_gen = s->content_gen;
	sig.route = s->route;
	sig.direction = s->trip.direction;
	sig.stop = s->trip.stop;
	sig.phase = s->trip.phase;
	sig.mode = mode;
	sig.msg_gen = mode == LM_MESSAGE ? s->msg_gen : 0;
	if (!p->have_sig || memcmp(&p->sig, &sig, sizeof(sig)) != 0) {
		start = resume_slot(p, t, &sig, clk->mono_ms);
		scene_sig_update(p, &sig, clk->mono_ms);
		p->rot_start = start;
	}
	if (mode == LM_ROTATION) {
		rot_lcd_at(t, p->rot_start, p->anchor, clk->mono_ms, &r);
	} else {
		r.slot = -1;
		r.from = -1;
		r.permille = 0;
		r.next = ROT_NEVER;
	}

	/* Wake for the rotation, the clock's next minute and the message's
	   expiry, whichever comes first. */
	memset(&tm, 0, sizeof(tm));
	localtime_r(&clk->wall, &tm);
	next = clk->mono_ms + (int64_t)(60 - tm.tm_sec % 60) * 1000;
	if (r.next < next)
		next = r.next;
	if (s->msg[0] && s->msg_expires < next)
		next = s->msg_expires;
	*next_ms = next;

	show(p, t, mode, &r);

	memset(&key, 0, sizeof(key));
	key.sig = sig;
	key.page = r.slot;
	key.from = r.from;
	key.progress = r.permille;
	key.stop_requested = s->trip.stop_requested;
	key.doors_open = s->trip.doors_open;
	key.minute = (long)(clk->wall / 60);
	if (p->have_last && memcmp(&key, &p->last, sizeof(key)) == 0)
		return 0;

	fill_info(s, clk, &in, names);
	hh = page_lcd_header_h(p->pc.width, p->pc.height);
	b.x = 0;
	b.y = hh;
	b.w = p->pc.width;
	b.h = p->pc.height - hh;
	canvas_clip_reset(out);
	page_lcd_header(out, &p->lcd, &in);

	if (r.from < 0 || scene_scratch(p, &p->from) < 0) {
		body(s, p, out, b, t, mode, r.slot, &in);
		goto done;
	}
	/* A transition: the page being left is drawn once into p->from. */
	fkey = key;
	fkey.page = r.from;
	fkey.from = -1;
	fkey.progress = 0;
	if (!p->have_from || memcmp(&fkey, &p->from_key, sizeof(fkey)) != 0) {
		body(s, p, p->from, b, t, mode, r.from, &in);
		p->from_key = fkey;
		p->have_from = 1;
	}
	if (t->lcd_transition == CONTENT_TR_SLIDE) {
		struct rect nb = b;

		dx = b.w * r.permille / 1000;
		nb.x = b.x + b.w - dx;
		canvas_clip_set(out, b);
		body(s, p, out, nb, t, mode, r.slot, &in);
		canvas_clip_set(out, b);
		canvas_blit(out, b.x - dx, b.y, p->from, b, 255);
	} else {
		body(s, p, out, b, t, mode, r.slot, &in);
		canvas_clip_set(out, b);
		canvas_blit(out, b.x, b.y, p->from, b,
			    (uint8_t)(255 * (1000 - r.permille) / 1000));
	}
	canvas_clip_reset(out);
done:
	p->last = key;
	p->have_last = 1;
	return 1;
}
