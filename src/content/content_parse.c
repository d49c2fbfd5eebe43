/*
 * content_parse: manifest.json, routes.json, heritage.json and themes.json
 * into struct content, checking every field (see README.md, "Content
 * format").  Strings point into the parsed documents.
 */
#include "content/content_parse.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const content_doc_names[DOC_N] = {
	"manifest.json", "routes.json", "heritage.json", "themes.json",
};

static const char *const transition_names[] = {
	"cut", "crossfade", "slide", "scroll", "wipe", NULL,
};
static const char *const page_names[] = { "next-stop", "heritage", NULL };

int content_parse_color(const char *s, uint32_t *argb)
{
	unsigned int v = 0;
	int i;

	if (!s || s[0] != '#' || strlen(s) != 7)
		return -1;
	for (i = 1; i < 7; i++) {
		if (!isxdigit((unsigned char)s[i]))
			return -1;
		v = v << 4 | (unsigned int)(isdigit((unsigned char)s[i]) ?
					    s[i] - '0' :
					    (tolower((unsigned char)s[i]) - 'a' + 10));
	}
	*argb = 0xff000000u | v;
	return 0;
}

/* An identifier: 1..@max bytes of [A-Za-z0-9_-]. */
static int check_ident(struct jsonv *v, const json_t *obj, const char *key,
		       const char *s, size_t max)
{
	size_t i, n = strlen(s);

	if (n > max)
		return jsonv_fail_key(v, key, "\"%.40s\" is longer than %zu",
				      s, max);
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '-' &&
		    s[i] != '_')
			return jsonv_fail_key(v, key,
					      "\"%.40s\": only letters, digits, "
					      "'-' and '_'", s);
	return 0;
}

/* A bilingual text {"zh": ..., "en": ...}. */
static int parse_text(struct jsonv *v, const json_t *obj, const char *key,
		      int required, struct content_text *out)
{
	static const char *const keys[] = { "zh", "en", NULL };
	json_t *t;
	size_t mark;
	int missing, r = -1;

	out->zh = out->en = NULL;
	t = jsonv_member_object(v, obj, key, required, &missing);
	if (!t)
		return missing ? 0 : -1;
	mark = jsonv_push(v, key);
	if (jsonv_object(v, t, keys) < 0 ||
	    jsonv_str(v, t, "zh", 1, NULL, &out->zh) < 0 ||
	    jsonv_str(v, t, "en", 1, NULL, &out->en) < 0)
		goto out;
	r = 0;
out:
	jsonv_pop(v, mark);
	return r;
}

int content_parse_manifest(struct content *c, struct jsonv *v)
{
	static const char *const keys[] = { "format", "version",
					    "description", "illustrative",
					    "note", NULL };
	const json_t *m = c->doc[DOC_MANIFEST];
	struct content_manifest *mf = &c->manifest;
	const char *p;

	if (jsonv_object(v, m, keys) < 0 ||
	    jsonv_int(v, m, "format", 1, 0, 0, 1000, &mf->format) < 0)
		return -1;
	if (mf->format != CONTENT_FORMAT)
		return jsonv_fail_key(v, "format",
				      "%d is not supported (this pidsd reads "
				      "format %d)", mf->format, CONTENT_FORMAT);
	if (jsonv_str(v, m, "version", 1, NULL, &mf->version) < 0 ||
	    jsonv_str(v, m, "description", 1, NULL, &mf->description) < 0 ||
	    jsonv_bool(v, m, "illustrative", 0, 0, &mf->illustrative) < 0 ||
	    jsonv_str(v, m, "note", 0, NULL, &mf->note) < 0)
		return -1;
	if (strlen(mf->version) > 64)
		return jsonv_fail_key(v, "version", "longer than 64 bytes");
	for (p = mf->version; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr(".-_+~", *p))
			return jsonv_fail_key(v, "version",
					      "\"%.64s\": only letters, digits "
					      "and . - _ + ~", mf->version);
	return 0;
}

static int parse_direction(struct jsonv *v, const json_t *d,
			   struct content_route *r, int k)
{
	static const char *const keys[] = { "dest", "via", "note", NULL };
	struct content_text dest, via;

	if (jsonv_object(v, d, keys) < 0 ||
	    parse_text(v, d, "dest", 1, &dest) < 0 ||
	    parse_text(v, d, "via", 0, &via) < 0)
		return -1;
	r->dest[k] = dest.zh;
	r->dest_en[k] = dest.en;
	r->via[k] = via.zh ? via.zh : "";
	r->via_en[k] = via.en ? via.en : "";
	return 0;
}

static int parse_route(struct content *c, struct jsonv *v, const json_t *j,
		       struct content_route *r)
{
	static const char *const keys[] = { "id", "color", "directions",
					    "stops", "note", NULL };
	static const char *const stop_keys[] = { "zh", "en", "note", NULL };
	struct content_stop *stops;
	const char *color;
	json_t *dirs, *sj;
	size_t k, mark, m2;
	int i;

	if (jsonv_object(v, j, keys) < 0 ||
	    jsonv_str(v, j, "id", 1, NULL, &r->id) < 0 ||
	    check_ident(v, j, "id", r->id, 15) < 0 ||
	    jsonv_str(v, j, "color", 0, "#c8102e", &color) < 0)
		return -1;
	if (content_parse_color(color, &r->color) < 0)
		return jsonv_fail_key(v, "color", "\"%.20s\" is not #rrggbb",
				      color);
	for (i = 0; &c->routes[i] != r; i++)
		if (strcmp(c->routes[i].id, r->id) == 0)
			return jsonv_fail_key(v, "id", "\"%s\" repeats routes[%d]",
					      r->id, i);
	dirs = jsonv_array(v, j, "directions", 2, 2);
	if (!dirs)
		return -1;
	mark = jsonv_push(v, "directions");
	for (k = 0; k < 2; k++) {
		m2 = jsonv_push_index(v, k);
		if (parse_direction(v, json_array_get(dirs, k), r, (int)k) < 0)
			return -1;
		jsonv_pop(v, m2);
	}
	jsonv_pop(v, mark);

	sj = jsonv_array(v, j, "stops", 2, CONTENT_MAX_STOPS);
	if (!sj)
		return -1;
	stops = calloc(json_array_size(sj), sizeof(*stops));
	if (!stops)
		return jsonv_fail(v, "out of memory");
	r->stops = stops;
	r->nstops = (int)json_array_size(sj);
	mark = jsonv_push(v, "stops");
	for (k = 0; k < json_array_size(sj); k++) {
		const json_t *s = json_array_get(sj, k);

		m2 = jsonv_push_index(v, k);
		if (jsonv_object(v, s, stop_keys) < 0 ||
		    jsonv_str(v, s, "zh", 1, NULL, &stops[k].zh) < 0 ||
		    jsonv_str(v, s, "en", 1, NULL, &stops[k].en) < 0)
			return -1;
		jsonv_pop(v, m2);
	}
	jsonv_pop(v, mark);
	return 0;
}

int content_parse_routes(struct content *c, struct jsonv *v)
{
	static const char *const keys[] = { "illustrative", "note", "routes",
					    NULL };
	const json_t *d = c->doc[DOC_ROUTES];
	json_t *arr;
	size_t i, mark, m2;

	if (jsonv_object(v, d, keys) < 0 ||
	    jsonv_bool(v, d, "illustrative", 1, 0,
		       &c->routes_illustrative) < 0 ||
	    jsonv_str(v, d, "note", c->routes_illustrative, NULL,
		      &c->routes_note) < 0)
		return -1;
	arr = jsonv_array(v, d, "routes", 1, CONTENT_MAX_ROUTES);
	if (!arr)
		return -1;
	c->routes = calloc(json_array_size(arr), sizeof(*c->routes));
	if (!c->routes)
		return jsonv_fail(v, "out of memory");
	mark = jsonv_push(v, "routes");
	for (i = 0; i < json_array_size(arr); i++) {
		m2 = jsonv_push_index(v, i);
		/* Counted before parsing so that destroy frees its stops. */
		c->nroutes++;
		if (parse_route(c, v, json_array_get(arr, i),
				&c->routes[i]) < 0)
			return -1;
		jsonv_pop(v, m2);
	}
	jsonv_pop(v, mark);
	return 0;
}

static int parse_sources(struct jsonv *v, const json_t *j,
			 struct content_heritage *h)
{
	static const char *const keys[] = { "title", "url", NULL };
	struct content_source *src;
	json_t *arr;
	size_t i, mark, m2;

	arr = jsonv_array(v, j, "sources", 1, CONTENT_MAX_SOURCES);
	if (!arr)
		return -1;
	src = calloc(json_array_size(arr), sizeof(*src));
	if (!src)
		return jsonv_fail(v, "out of memory");
	h->sources = src;
	h->nsources = (int)json_array_size(arr);
	mark = jsonv_push(v, "sources");
	for (i = 0; i < json_array_size(arr); i++) {
		const json_t *s = json_array_get(arr, i);

		m2 = jsonv_push_index(v, i);
		if (jsonv_object(v, s, keys) < 0 ||
		    jsonv_str(v, s, "title", 1, NULL, &src[i].title) < 0 ||
		    jsonv_str(v, s, "url", 0, NULL, &src[i].url) < 0)
			return -1;
		if (src[i].url && strncmp(src[i].url, "http://", 7) != 0 &&
		    strncmp(src[i].url, "https://", 8) != 0)
			return jsonv_fail_key(v, "url",
					      "must start with http:// or "
					      "https://");
		jsonv_pop(v, m2);
	}
	jsonv_pop(v, mark);
	return 0;
}

int content_parse_heritage(struct content *c, struct jsonv *v)
{
	static const char *const keys[] = { "slides", "note", NULL };
	static const char *const slide_keys[] = { "id", "art", "title",
						  "caption", "credit",
						  "sources", "note", NULL };
	const json_t *d = c->doc[DOC_HERITAGE];
	json_t *arr;
	size_t i, mark, m2;
	int k;

	if (jsonv_object(v, d, keys) < 0)
		return -1;
	arr = jsonv_array(v, d, "slides", 1, CONTENT_MAX_HERITAGE);
	if (!arr)
		return -1;
	c->heritage = calloc(json_array_size(arr), sizeof(*c->heritage));
	if (!c->heritage)
		return jsonv_fail(v, "out of memory");
	mark = jsonv_push(v, "slides");
	for (i = 0; i < json_array_size(arr); i++) {
		struct content_heritage *h = &c->heritage[i];
		const json_t *j = json_array_get(arr, i);

		m2 = jsonv_push_index(v, i);
		c->nheritage++;
		if (jsonv_object(v, j, slide_keys) < 0 ||
		    jsonv_str(v, j, "id", 1, NULL, &h->id) < 0 ||
		    check_ident(v, j, "id", h->id, 32) < 0)
			return -1;
		for (k = 0; k < (int)i; k++)
			if (strcmp(c->heritage[k].id, h->id) == 0)
				return jsonv_fail_key(v, "id",
						      "\"%s\" repeats slides[%d]",
						      h->id, k);
		if (parse_text(v, j, "title", 1, &h->title) < 0)
			return -1;
		v->multiline = 1;
		k = parse_text(v, j, "caption", 1, &h->caption);
		v->multiline = 0;
		if (k < 0 ||
		    parse_text(v, j, "credit", 0, &h->credit) < 0 ||
		    parse_sources(v, j, h) < 0 ||
		    content_art(c, v, j, "art", 1, &h->art, &h->image) < 0)
			return -1;
		jsonv_pop(v, m2);
	}
	jsonv_pop(v, mark);
	return 0;
}

/* "HH:MM" into minutes after midnight. */
static int parse_hhmm(struct jsonv *v, const json_t *obj, const char *key,
		      const char *def, int *out)
{
	const char *s;
	int h, m, n = 0;

	if (jsonv_str(v, obj, key, 0, def, &s) < 0)
		return -1;
	if (sscanf(s, "%2d:%2d%n", &h, &m, &n) != 2 || n != 5 ||
	    s[n] != '\0' || h < 0 || h > 23 || m < 0 || m > 59)
		return jsonv_fail_key(v, key, "\"%.20s\" is not HH:MM", s);
	*out = h * 60 + m;
	return 0;
}

static int parse_lcd(struct content *c, struct jsonv *v, const json_t *j,
		     struct content_theme *t)
{
	static const char *const keys[] = { "transition", "transition_ms",
					    "slides", NULL };
	static const char *const slide_keys[] = { "page", "ms", "heritage",
						  NULL };
	struct content_slide *sl;
	long long info = 0, all = 0;
	const char *hid;
	json_t *arr;
	size_t i, mark, m2;
	int k;

	if (jsonv_object(v, j, keys) < 0 ||
	    jsonv_enum(v, j, "transition", 0, CONTENT_TR_CROSSFADE,
		       transition_names, &t->lcd_transition) < 0 ||
	    jsonv_int(v, j, "transition_ms", 0, 600, 0, 5000,
		      &t->lcd_transition_ms) < 0)
		return -1;
	if (t->lcd_transition != CONTENT_TR_CUT &&
	    t->lcd_transition != CONTENT_TR_CROSSFADE &&
	    t->lcd_transition != CONTENT_TR_SLIDE)
		return jsonv_fail_key(v, "transition",
				      "LCD transitions are cut, crossfade "
				      "and slide");
	arr = jsonv_array(v, j, "slides", 1, CONTENT_MAX_SLIDES);
	if (!arr)
		return -1;
	sl = calloc(json_array_size(arr), sizeof(*sl));
	if (!sl)
		return jsonv_fail(v, "out of memory");
	t->slides = sl;
	t->nslides = (int)json_array_size(arr);
	mark = jsonv_push(v, "slides");
	for (i = 0; i < json_array_size(arr); i++) {
		const json_t *s = json_array_get(arr, i);

		m2 = jsonv_push_index(v, i);
		if (jsonv_object(v, s, slide_keys) < 0 ||
		    jsonv_enum(v, s, "page", 1, 0, page_names,
			       &sl[i].page) < 0 ||
		    jsonv_int(v, s, "ms", 1, 0, 1000, 600000, &sl[i].ms) < 0 ||
		    jsonv_str(v, s, "heritage",
			      sl[i].page == CONTENT_PAGE_HERITAGE, NULL,
			      &hid) < 0)
			return -1;
		if (sl[i].page == CONTENT_PAGE_NEXT_STOP && hid)
			return jsonv_fail_key(v, "heritage",
					      "only for heritage pages");
		if (i == 0 && sl[i].page != CONTENT_PAGE_NEXT_STOP)
			return jsonv_fail_key(v, "page",
					      "the rotation must start with a "
					      "next-stop page");
		for (k = 0; hid && k < c->nheritage; k++)
			if (strcmp(c->heritage[k].id, hid) == 0)
				sl[i].heritage = &c->heritage[k];
		if (hid && !sl[i].heritage)
			return jsonv_fail_key(v, "heritage",
					      "\"%.40s\": no such slide in "
					      "heritage.json", hid);
		if (t->lcd_transition_ms * 2 > sl[i].ms)
			return jsonv_fail_key(v, "ms",
					      "%d is less than twice the "
					      "transition (%d ms)", sl[i].ms,
					      t->lcd_transition_ms);
		if (sl[i].page == CONTENT_PAGE_NEXT_STOP)
			info += sl[i].ms;
		all += sl[i].ms;
		jsonv_pop(v, m2);
	}
	jsonv_pop(v, mark);
	/* Passenger information keeps at least half of the screen time. */
	if (info * 2 < all)
		return jsonv_fail_key(v, "slides",
				      "next-stop pages get %lld%% of the "
				      "rotation, at least 50%% required",
				      info * 100 / all);
	return 0;
}

static int parse_led(struct content *c, struct jsonv *v, const json_t *j,
		     struct content_theme *t)
{
	static const char *const keys[] = { "transition", "transition_ms",
					    "page_ms", "marquee_px_per_s",
					    "marquee_hold_ms", "brightness",
					    "ornament", NULL };
	static const char *const bkeys[] = { "day", "night", "night_from",
					     "night_to", NULL };
	static const char *const okeys[] = { "art16", "art32", "ms", NULL };
	const char *path;
	json_t *b, *o;
	size_t mark;
	int missing;

	if (jsonv_object(v, j, keys) < 0 ||
	    jsonv_enum(v, j, "transition", 0, CONTENT_TR_SCROLL,
		       transition_names, &t->led_transition) < 0 ||
	    jsonv_int(v, j, "transition_ms", 0, 400, 0, 2000,
		      &t->led_transition_ms) < 0 ||
	    jsonv_int(v, j, "page_ms", 0, 4000, 1000, 60000,
		      &t->led_page_ms) < 0 ||
	    jsonv_int(v, j, "marquee_px_per_s", 0, 32, 4, 200,
		      &t->marquee_px_per_s) < 0 ||
	    jsonv_int(v, j, "marquee_hold_ms", 0, 1000, 0, 10000,
		      &t->marquee_hold_ms) < 0)
		return -1;
	if (t->led_transition != CONTENT_TR_CUT &&
	    t->led_transition != CONTENT_TR_SCROLL &&
	    t->led_transition != CONTENT_TR_WIPE)
		return jsonv_fail_key(v, "transition",
				      "LED transitions are cut, scroll and "
				      "wipe");
	if (t->led_transition_ms * 2 > t->led_page_ms)
		return jsonv_fail_key(v, "transition_ms",
				      "%d is more than half of page_ms",
				      t->led_transition_ms);

	t->bright_day = 100;
	t->bright_night = 100;
	t->night_from = t->night_to = 0;
	b = jsonv_member_object(v, j, "brightness", 0, &missing);
	if (!b && !missing)
		return -1;
	if (b) {
		mark = jsonv_push(v, "brightness");
		if (jsonv_object(v, b, bkeys) < 0 ||
		    jsonv_int(v, b, "day", 0, 100, 1, 100,
			      &t->bright_day) < 0 ||
		    jsonv_int(v, b, "night", 0, 50, 1, 100,
			      &t->bright_night) < 0 ||
		    parse_hhmm(v, b, "night_from", "20:00",
			       &t->night_from) < 0 ||
		    parse_hhmm(v, b, "night_to", "06:00", &t->night_to) < 0)
			return -1;
		jsonv_pop(v, mark);
	}

	o = jsonv_member_object(v, j, "ornament", 0, &missing);
	if (!o && !missing)
		return -1;
	if (o) {
		mark = jsonv_push(v, "ornament");
		if (jsonv_object(v, o, okeys) < 0 ||
		    content_art(c, v, o, "art16", 0, &path,
				&t->led_art16) < 0 ||
		    content_art(c, v, o, "art32", 0, &path,
				&t->led_art32) < 0 ||
		    jsonv_int(v, o, "ms", 0, 3000, 1000, 30000,
			      &t->led_art_ms) < 0)
			return -1;
		if (!t->led_art16 && !t->led_art32)
			return jsonv_fail(v, "needs art16 or art32");
		if (t->led_art16 && canvas_height(t->led_art16) != 16)
			return jsonv_fail_key(v, "art16",
					      "%d px tall, must be 16",
					      canvas_height(t->led_art16));
		if (t->led_art32 && canvas_height(t->led_art32) != 32)
			return jsonv_fail_key(v, "art32",
					      "%d px tall, must be 32",
					      canvas_height(t->led_art32));
		jsonv_pop(v, mark);
	}
	return 0;
}

static int parse_theme(struct content *c, struct jsonv *v, const json_t *j,
		       struct content_theme *t, int idx)
{
	static const char *const keys[] = { "id", "name", "lcd", "led",
					    "schedule", "note", NULL };
	json_t *lcd, *led;
	size_t mark;
	int k;

	if (jsonv_object(v, j, keys) < 0 ||
	    jsonv_str(v, j, "id", 1, NULL, &t->id) < 0 ||
	    check_ident(v, j, "id", t->id, 32) < 0)
		return -1;
	for (k = 0; k < idx; k++)
		if (strcmp(c->themes[k].id, t->id) == 0)
			return jsonv_fail_key(v, "id", "\"%s\" repeats themes[%d]",
					      t->id, k);
	if (parse_text(v, j, "name", 1, &t->name) < 0)
		return -1;
	/* The place scheduling will take (a later format). */
	if (json_object_get(j, "schedule"))
		return jsonv_fail_key(v, "schedule",
				      "not supported in format %d (every "
				      "theme but the default is unused)",
				      CONTENT_FORMAT);
	lcd = jsonv_member_object(v, j, "lcd", 1, NULL);
	if (!lcd)
		return -1;
	mark = jsonv_push(v, "lcd");
	if (parse_lcd(c, v, lcd, t) < 0)
		return -1;
	jsonv_pop(v, mark);
	led = jsonv_member_object(v, j, "led", 1, NULL);
	if (!led)
		return -1;
	mark = jsonv_push(v, "led");
	if (parse_led(c, v, led, t) < 0)
		return -1;
	jsonv_pop(v, mark);
	return 0;
}

int content_parse_themes(struct content *c, struct jsonv *v)
{
	static const char *const keys[] = { "default", "themes", "note",
					    NULL };
	const json_t *d = c->doc[DOC_THEMES];
	const char *def;
	json_t *arr;
	size_t i, mark, m2;
	int k;

	if (jsonv_object(v, d, keys) < 0 ||
	    jsonv_str(v, d, "default", 1, NULL, &def) < 0)
		return -1;
	arr = jsonv_array(v, d, "themes", 1, CONTENT_MAX_THEMES);
	if (!arr)
		return -1;
	c->themes = calloc(json_array_size(arr), sizeof(*c->themes));
	if (!c->themes)
		return jsonv_fail(v, "out of memory");
	mark = jsonv_push(v, "themes");
	for (i = 0; i < json_array_size(arr); i++) {
		m2 = jsonv_push_index(v, i);
		c->nthemes++;
		if (parse_theme(c, v, json_array_get(arr, i), &c->themes[i],
				(int)i) < 0)
			return -1;
		jsonv_pop(v, m2);
	}
	jsonv_pop(v, mark);
	c->default_theme = -1;
	for (k = 0; k < c->nthemes; k++)
		if (strcmp(c->themes[k].id, def) == 0)
			c->default_theme = k;
	if (c->default_theme < 0)
		return jsonv_fail_key(v, "default", "\"%.40s\": no such theme",
				      def);
	return 0;
}
