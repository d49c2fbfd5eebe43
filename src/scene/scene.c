/*
 * scene: the state every panel is drawn from (content, trip, operator
 * message, fonts, scaled artwork) and the calls that change it.  Drawing is
 * in scene_led.c and scene_lcd.c.
 */
#include "scene/scene.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/scale.h"
#include "scene/scene_int.h"
#include "util/utf8.h"

static struct font *font_get(struct scene *s, const char *file, int px,
			     enum font_mode mode, struct errbuf *e)
{
	struct scene_font *sf;
	char path[PATH_MAX];
	const char *files[1] = { path };
	int i;

	for (i = 0; i < s->nfonts; i++) {
		sf = &s->fonts[i];
		if (sf->px == px && sf->mode == mode &&
		    strcmp(sf->file, file) == 0)
			return sf->font;
	}
	if (s->nfonts == SCENE_MAX_FONTS) {
		errno = ENOMEM;
		errbuf_set(e, "too many fonts (%d)", SCENE_MAX_FONTS);
		return NULL;
	}
	if (snprintf(path, sizeof(path), "%s/%s", s->fonts_dir, file) >=
	    (int)sizeof(path)) {
		errno = ENAMETOOLONG;
		errbuf_set(e, "%s: path too long", file);
		return NULL;
	}
	sf = &s->fonts[s->nfonts];
	sf->font = font_create(files, 1, px, mode, e);
	if (!sf->font)
		return NULL;
	snprintf(sf->file, sizeof(sf->file), "%s", file);
	sf->px = px;
	sf->mode = mode;
	s->nfonts++;
	return sf->font;
}

static void trip_reset(struct scene *s)
{
	memset(&s->trip, 0, sizeof(s->trip));
	s->route = content_route_at(s->content, 0);
	snprintf(s->trip.route, sizeof(s->trip.route), "%s", s->route->id);
	s->trip.phase = TRIP_AT_STOP;
}

struct scene *scene_create(const struct content *content,
			   const char *fonts_dir, struct errbuf *e)
{
	struct scene *s;

	if (!content || !fonts_dir ||
	    strlen(fonts_dir) >= sizeof(s->fonts_dir) - 64) {
		errno = EINVAL;
		errbuf_set(e, "scene: no content or bad fonts directory");
		return NULL;
	}
	s = calloc(1, sizeof(*s));
	if (!s) {
		errbuf_errno(e, "scene");
		return NULL;
	}
	s->content = content;
	snprintf(s->fonts_dir, sizeof(s->fonts_dir), "%s", fonts_dir);
	trip_reset(s);
	return s;
}

static void art_drop(struct scene *s)
{
	int i;

	for (i = 0; i < s->nart; i++)
		canvas_destroy(s->art[i].scaled);
	s->nart = 0;
}

void scene_destroy(struct scene *s)
{
	int i;

	if (!s)
		return;
	art_drop(s);
	for (i = 0; i < s->npanels; i++) {
		canvas_destroy(s->panels[i].from);
		canvas_destroy(s->panels[i].to);
	}
	for (i = 0; i < s->nfonts; i++)
		font_destroy(s->fonts[i].font);
	free(s);
}

static int add_led_fonts(struct scene *s, struct scene_panel *p,
			 struct errbuf *e)
{
	int h = p->pc.height;

	p->led.f16 = font_get(s, CONTENT_FONT_LED16, 16, FONT_MONO, e);
	if (!p->led.f16)
		return -1;
	if (h >= 32) {
		p->led.f12 = font_get(s, CONTENT_FONT_LED12, 12, FONT_MONO, e);
		if (!p->led.f12)
			return -1;
	}
	if (h >= 24) {
		/* Route numbers: Noto Sans Bold 1-bit at 24..32 px (digits
		   about 23 of 32 rows) */
		int px = h >= 32 ? 32 : h;

		p->led.big = font_get(s, CONTENT_FONT_BOLD, px, FONT_MONO, e);
		if (!p->led.big)
			return -1;
	}
	return 0;
}

static int add_lcd_fonts(struct scene *s, struct scene_panel *p,
			 struct errbuf *e)
{
	int i;

	for (i = 0; i < PLF_N; i++) {
		p->lcd.f[i] = font_get(s,
				       page_lcd_font_bold(i) ? CONTENT_FONT_BOLD :
							       CONTENT_FONT_SANS,
				       page_lcd_font_px(i, p->pc.width,
							p->pc.height),
				       FONT_AA, e);
		if (!p->lcd.f[i])
			return -1;
	}
	return 0;
}

int scene_add_panel(struct scene *s, const struct panel_common *pc,
		    struct errbuf *e)
{
	struct scene_panel *p;

	if (s->npanels == SCENE_MAX_PANELS) {
		errno = ENOSPC;
		errbuf_set(e, "panel %s: more than %d panels", pc->name,
			   SCENE_MAX_PANELS);
		return -1;
	}
	if (pc->width < 8 || pc->height < 8 || pc->width > 8192 ||
	    pc->height > 8192 || pc->look < LOOK_LED_MONO ||
	    pc->look > LOOK_LCD || pc->role < PANEL_FRONT ||
	    pc->role > PANEL_INTERIOR) {
		errno = EINVAL;
		errbuf_set(e, "panel %s: %dx%d, look %d, role %d: not a panel "
			      "the scene can draw", pc->name, pc->width,
			   pc->height, pc->look, pc->role);
		return -1;
	}
	p = &s->panels[s->npanels];
	memset(p, 0, sizeof(*p));
	p->showing.slot = -1;
	p->pc = *pc;
	p->pc.name[sizeof(p->pc.name) - 1] = '\0';
	if (pc->look == LOOK_LED_MONO &&
	    panel_color_parse(pc->color, &p->mono) < 0) {
		errno = EINVAL;
		errbuf_set(e, "panel %s: colour \"%.16s\": not a colour name "
			      "or #rrggbb", pc->name, pc->color);
		return -1;
	}
	if ((pc->look == LOOK_LCD ? add_lcd_fonts(s, p, e) :
				    add_led_fonts(s, p, e)) < 0) {
		errbuf_prefix(e, "panel %s", pc->name);
		return -1;
	}
	return s->npanels++;
}

void scene_set_content(struct scene *s, const struct content *content)
{
	const struct content_route *r;
	int i;

	if (!content)
		return;
	s->content = content;
	s->content_gen++;
	art_drop(s);
	for (i = 0; i < s->npanels; i++) {
		s->panels[i].have_from = 0;
		s->panels[i].have_last = 0;
	}
	r = content_route_find(content, s->trip.route);
	if (!r || s->trip.stop >= r->nstops ||
	    (s->trip.phase != TRIP_AT_STOP && s->trip.stop >= r->nstops - 1)) {
		trip_reset(s);
		return;
	}
	s->route = r;
}

int scene_set_trip(struct scene *s, const struct trip_state *t,
		   struct errbuf *e)
{
	const struct content_route *r;

	errno = EINVAL;
	if (!memchr(t->route, '\0', sizeof(t->route))) {
		errbuf_set(e, "trip: route name too long");
		return -1;
	}
	r = content_route_find(s->content, t->route);
	if (!r) {
		errbuf_set(e, "trip: no route \"%s\" in content %s", t->route,
			   content_version(s->content));
		return -1;
	}
	if (t->direction != 0 && t->direction != 1) {
		errbuf_set(e, "trip: direction %d: must be 0 or 1",
			   t->direction);
		return -1;
	}
	if (t->stop < 0 || t->stop >= r->nstops) {
		errbuf_set(e, "trip: stop %d: route %s has stops 0..%d",
			   t->stop, r->id, r->nstops - 1);
		return -1;
	}
	if (t->phase < TRIP_AT_STOP || t->phase > TRIP_APPROACHING) {
		errbuf_set(e, "trip: phase %d: must be at-stop (0), departed "
			      "(1) or approaching (2)", t->phase);
		return -1;
	}
	if (t->phase != TRIP_AT_STOP && t->stop == r->nstops - 1) {
		errbuf_set(e, "trip: stop %d is the terminus of %s: the bus "
			      "cannot depart from it or approach beyond it",
			   t->stop, r->id);
		return -1;
	}
	if ((t->stop_requested != 0 && t->stop_requested != 1) ||
	    (t->doors_open != 0 && t->doors_open != 1)) {
		errbuf_set(e, "trip: stop_requested and doors_open must be "
			      "0 or 1");
		return -1;
	}
	errno = 0;
	s->trip = *t;
	s->route = r;
	return 0;
}

const struct trip_state *scene_trip(const struct scene *s)
{
	return &s->trip;
}

int scene_message(struct scene *s, const char *text, int priority,
		  int64_t expires_mono_ms, struct errbuf *e)
{
	uint32_t cp;
	char ch[8];
	size_t len, n;
	int i;

	errno = EINVAL;
	if (!text || !*text) {
		if (s->msg[0])
			s->msg_gen++;
		s->msg[0] = '\0';
		errno = 0;
		return 0;
	}
	if (priority != MSG_INFO && priority != MSG_URGENT) {
		errbuf_set(e, "message: priority %d: must be info (%d) or "
			      "urgent (%d)", priority, MSG_INFO, MSG_URGENT);
		return -1;
	}
	len = strlen(text);
	if (len > SCENE_MSG_MAX) {
		errbuf_set(e, "message: %zu bytes, at most %d", len,
			   SCENE_MSG_MAX);
		return -1;
	}
	if (!utf8_valid(text, len)) {
		errbuf_set(e, "message: not valid UTF-8");
		return -1;
	}
	for (i = 0; text[i]; i++) {
		if ((unsigned char)text[i] < 0x20 || text[i] == 0x7f) {
			errbuf_set(e, "message: control character 0x%02x",
				   (unsigned char)text[i]);
			return -1;
		}
	}
	/* Every font a message may be drawn with must have its glyphs. */
	for (i = 0; i < s->nfonts; i++) {
		struct scene_font *sf = &s->fonts[i];

		if (strcmp(sf->file, CONTENT_FONT_BOLD) != 0 &&
		    strcmp(sf->file, CONTENT_FONT_LED16) != 0)
			continue;
		if (font_missing(sf->font, text, &cp, 1) == 0)
			continue;
		n = utf8_encode(cp, ch);
		ch[n] = '\0';
		errbuf_set(e, "message: U+%04X '%s' is not in %s",
			   (unsigned int)cp, ch, sf->file);
		return -1;
	}
	memcpy(s->msg, text, len + 1);
	s->msg_priority = priority;
	s->msg_expires = expires_mono_ms;
	s->msg_gen++;
	errno = 0;
	return 0;
}

void scene_sig_update(struct scene_panel *p, const struct scene_sig *sig,
		      int64_t now)
{
	if (p->have_sig && memcmp(&p->sig, sig, sizeof(*sig)) == 0)
		return;
	p->sig = *sig;
	p->have_sig = 1;
	p->anchor = now;
}

const struct canvas *scene_art_scaled(struct scene *s,
				      const struct canvas *src, int w, int h)
{
	int sw = canvas_width(src), sh = canvas_height(src), cw, ch;
	struct canvas *out;
	struct rect r;
	int i;

	for (i = 0; i < s->nart; i++)
		if (s->art[i].src == src && s->art[i].w == w &&
		    s->art[i].h == h)
			return s->art[i].scaled;
	if (w <= 0 || h <= 0)
		return NULL;
	/* Scale the middle of the source, cropped to the box's aspect. */
	if ((long long)sw * h > (long long)sh * w) {
		ch = sh;
		cw = (int)((long long)sh * w / h);
	} else {
		cw = sw;
		ch = (int)((long long)sw * h / w);
	}
	if (cw < 1)
		cw = 1;
	if (ch < 1)
		ch = 1;
	r.x = (sw - cw) / 2;
	r.y = (sh - ch) / 2;
	r.w = cw;
	r.h = ch;
	out = scale_image_rect(src, r, w, h, NULL);
	if (!out)
		return NULL;
	if (s->nart == SCENE_ART_CACHE) {
		canvas_destroy(s->art[0].scaled);
		memmove(&s->art[0], &s->art[1],
			sizeof(s->art[0]) * (SCENE_ART_CACHE - 1));
		s->nart--;
	}
	s->art[s->nart].src = src;
	s->art[s->nart].w = w;
	s->art[s->nart].h = h;
	s->art[s->nart].scaled = out;
	s->nart++;
	return out;
}

int scene_scratch(struct scene_panel *p, struct canvas **c)
{
	if (!*c)
		*c = canvas_create(p->pc.width, p->pc.height, NULL);
	return *c ? 0 : -1;
}

int scene_render(struct scene *s, int i, const struct scene_clock *clk,
		 struct canvas *out, int64_t *next_ms)
{
	struct scene_panel *p;

	*next_ms = SCENE_NEVER;
	if (i < 0 || i >= s->npanels || !out) {
		errno = EINVAL;
		return -1;
	}
	p = &s->panels[i];
	if (canvas_width(out) != p->pc.width ||
	    canvas_height(out) != p->pc.height) {
		errno = EINVAL;
		return -1;
	}
	if (s->msg[0] && clk->mono_ms >= s->msg_expires) {
		s->msg[0] = '\0';
		s->msg_gen++;
	}
	if (p->pc.look == LOOK_LCD)
		return scene_render_lcd(s, p, clk, out, next_ms);
	return scene_render_led(s, p, clk, out, next_ms);
}

void scene_showing(const struct scene *s, int i, struct scene_showing *out)
{
	memset(out, 0, sizeof(*out));
	out->slot = -1;
	if (i >= 0 && i < s->npanels)
		*out = s->panels[i].showing;
}

void scene_describe(const struct scene *s, char *buf, size_t len)
{
	const struct trip_state *t = &s->trip;
	const struct content_route *r = s->route;
	const struct content_stop *st;
	int k = t->phase == TRIP_AT_STOP ? t->stop : t->stop + 1;

	st = content_route_stop(r, t->direction, k);
	snprintf(buf, len, "%s → %s, %s %s (%d/%d)%s", r->id,
		 r->dest[t->direction],
		 t->phase == TRIP_AT_STOP ? "at" :
		 t->phase == TRIP_APPROACHING ? "arriving" : "next",
		 st ? st->zh : "?", k + 1, r->nstops,
		 s->msg[0] ? ", message shown" : "");
}

int scene_brightness(const struct scene *s, int i,
		     const struct scene_clock *clk, int64_t *next_ms)
{
	const struct content_theme *t;
	const struct scene_panel *p;
	int m, night, pct, from, to, d;
	struct tm tm;

	*next_ms = SCENE_NEVER;
	if (i < 0 || i >= s->npanels)
		return -1;
	p = &s->panels[i];
	pct = p->pc.brightness > 0 ? p->pc.brightness : 100;
	if (p->pc.look == LOOK_LCD)
		return pct;
	t = content_theme_select(s->content, s->trip.route, clk->wall);
	if (!localtime_r(&clk->wall, &tm))
		return pct * t->bright_day / 100;
	m = tm.tm_hour * 60 + tm.tm_min;
	from = t->night_from;
	to = t->night_to;
	night = 0;
	if (from != to) {
		night = from < to ? m >= from && m < to : m >= from || m < to;
		d = ((night ? to : from) - m + 1440) % 1440;
		if (d == 0)
			d = 1440;
		*next_ms = clk->mono_ms + ((int64_t)d * 60 - tm.tm_sec) * 1000;
	}
	pct = pct * (night ? t->bright_night : t->bright_day) / 100;
	return pct < 1 ? 1 : pct;
}
