/* rotation: see rotation.h. */
#include "scene/rotation.h"

#include <string.h>

static int64_t min64(int64_t a, int64_t b)
{
	return a < b ? a : b;
}

static int64_t ceil_div(int64_t a, int64_t b)
{
	return (a + b - 1) / b;
}

int rot_lcd_next_info(const struct content_theme *t, int k)
{
	int i, n = t->nslides;

	if (n <= 0)
		return 0;
	k = ((k % n) + n) % n;
	for (i = 0; i < n; i++)
		if (t->slides[(k + i) % n].page == CONTENT_PAGE_NEXT_STOP)
			return (k + i) % n;
	return 0;
}

void rot_lcd_at(const struct content_theme *t, int start, int64_t anchor,
		int64_t now, struct rot_lcd *r)
{
	int64_t len = 0, el, cycle, u, pos = 0, base, tau, step;
	int n = t->nslides, k, tr;

	r->slot = 0;
	r->from = -1;
	r->permille = 0;
	r->next = ROT_NEVER;
	if (n <= 1)
		return;
	if (start < 0 || start >= n)
		start = 0;
	r->slot = start;
	for (k = 0; k < n; k++)
		len += t->slides[k].ms;
	el = now > anchor ? now - anchor : 0;
	cycle = el / len;
	u = el % len;
	/* k counts slides from @start; SLOT(k) is the theme's index. */
#define SLOT(k) (((k) + start) % n)
	for (k = 0; k < n - 1; k++) {
		if (u < pos + t->slides[SLOT(k)].ms)
			break;
		pos += t->slides[SLOT(k)].ms;
	}
	base = anchor + cycle * len + pos;
	r->slot = SLOT(k);
	r->next = base + t->slides[SLOT(k)].ms;

	tr = t->lcd_transition == CONTENT_TR_CUT ? 0 : t->lcd_transition_ms;
	tau = u - pos;
	if (tr <= 0 || (cycle == 0 && k == 0) || tau >= tr)
		return;
	step = tau / ROT_FRAME_MS;
	if (step == 0) {
		/* Nothing of the new slide shows yet: the old one, at rest. */
		r->slot = SLOT(k + n - 1);
	} else {
		r->from = SLOT(k + n - 1);
		r->permille = (int)(step * ROT_FRAME_MS * 1000 / tr);
		if (r->permille < 1)
			r->permille = 1;
		if (r->permille > 999)
			r->permille = 999;
	}
	r->next = base + min64((step + 1) * ROT_FRAME_MS, tr);
#undef SLOT
}

/* Time a page needs for each of its scrolling lines to pass once. */
static int64_t scroll_ms(const struct rot_led_cfg *cfg,
			 const struct rot_led_page *p)
{
	int64_t need = 0, n;
	int i;

	for (i = 0; i < ROT_LED_LINES; i++) {
		if (p->period[i] <= 0)
			continue;
		n = cfg->hold_ms + ceil_div((int64_t)p->period[i] * 1000,
					    cfg->px_per_s);
		if (n > need)
			need = n;
	}
	return need;
}

static int tr_ms(const struct rot_led_cfg *cfg, int npages)
{
	return npages > 1 && cfg->transition_px > 0 ? cfg->transition_ms : 0;
}

int rot_led_page_ms(const struct rot_led_cfg *cfg, int npages,
		    const struct rot_led_page *p)
{
	int64_t need = scroll_ms(cfg, p);

	if (need < cfg->page_ms)
		need = cfg->page_ms;
	return (int)(tr_ms(cfg, npages) + need);
}

/* Marquee offsets @m ms after the page came to rest; returns the next
   moment (relative to the same origin) an offset changes, or ROT_NEVER. */
static int64_t marquee(const struct rot_led_cfg *cfg,
		       const struct rot_led_page *p, int64_t m, int *offset)
{
	int64_t next = ROT_NEVER, mm, off, t;
	int i;

	for (i = 0; i < ROT_LED_LINES; i++) {
		offset[i] = 0;
		if (p->period[i] <= 0)
			continue;
		mm = m - cfg->hold_ms;
		off = mm < 0 ? 0 : mm * cfg->px_per_s / 1000;
		if (off >= p->period[i])
			continue; /* scrolled once: back at rest */
		offset[i] = (int)off;
		t = cfg->hold_ms + ceil_div((off + 1) * 1000, cfg->px_per_s);
		next = min64(next, t);
	}
	return next;
}

int64_t rot_led_offset(const struct rot_led_cfg *cfg, int npages,
		       const struct rot_led_page *pages, int k)
{
	int64_t off = 0;
	int i;

	for (i = 0; i < k && i < npages; i++)
		off += rot_led_page_ms(cfg, npages, &pages[i]);
	return off;
}

void rot_led_at(const struct rot_led_cfg *cfg, int npages,
		const struct rot_led_page *pages, int64_t anchor, int64_t now,
		struct rot_led *r)
{
	int64_t len = 0, el, cycle, u, start = 0, base, tau, end, n;
	int k, tr, dur = 0;

	memset(r, 0, sizeof(*r));
	r->from = -1;
	r->next = ROT_NEVER;
	if (npages <= 0)
		return;
	el = now > anchor ? now - anchor : 0;
	if (npages == 1) {
		len = scroll_ms(cfg, &pages[0]);
		if (len == 0)
			return; /* static */
		u = el % len;
		n = marquee(cfg, &pages[0], u, r->offset);
		r->start = anchor + (el - u);
		r->next = r->start + (n == ROT_NEVER ? len : n);
		return;
	}
	for (k = 0; k < npages; k++)
		len += rot_led_page_ms(cfg, npages, &pages[k]);
	cycle = el / len;
	u = el % len;
	for (k = 0; k < npages; k++) {
		dur = rot_led_page_ms(cfg, npages, &pages[k]);
		if (u < start + dur || k == npages - 1)
			break;
		start += dur;
	}
	base = anchor + cycle * len + start;
	r->start = base;
	end = base + dur;
	tau = u - start;
	tr = tr_ms(cfg, npages);
	r->page = k;
	/* The first page after the anchor came in at once: it rests (and
	   then scrolls) as if its transition had happened. */
	if (tau < tr && !(cycle == 0 && k == 0)) {
		r->px = (int)(tau * cfg->transition_px / tr);
		if (r->px == 0) {
			/* the old page, at rest, and when it began */
			r->page = k ? k - 1 : npages - 1;
			r->start = base - rot_led_page_ms(cfg, npages,
							  &pages[r->page]);
		} else
			r->from = k ? k - 1 : npages - 1;
		r->next = base + ceil_div((int64_t)(r->px + 1) * tr,
					  cfg->transition_px);
		return;
	}
	n = marquee(cfg, &pages[k], tau - tr, r->offset);
	r->next = n == ROT_NEVER ? end : min64(end, base + tr + n);
}
