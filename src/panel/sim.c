/*
 * sim: see sim.h.
 *
 * The LED look is computed with the same quantiser as the real LED
 * backends (ledcolor), so what the snapshot shows is what 1-bit or 4-bit
 * modules can show.  A monochrome sign lights an LED in proportion to the
 * pixel's value in the sign's colour, so the frame's brightest channel is
 * quantised rather than its luminance (amber has less luminance than white
 * but still lights the LED fully).
 */
#include "panel/sim.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "panel/simterm.h"
#include "render/ledcolor.h"
#include "render/pngio.h"

#define S(field) offsetof(struct sim_settings, field)
const struct cfg_key sim_keys[] = {
	{ .name = "snapshot_dir", .type = CFG_STR, .off = S(snapshot_dir),
	  .size = sizeof(((struct sim_settings *)0)->snapshot_dir), .def = "",
	  .help = "directory for <panel>.png of every changed frame; empty = none" },
	{ .name = "dot_scale", .type = CFG_INT, .off = S(dot_scale), .min = 1,
	  .max = 32, .def = "6",
	  .help = "LED looks: snapshot pixels per LED (each LED a round dot)" },
	{ .name = "preview", .type = CFG_BOOL, .off = S(preview), .def = "yes",
	  .help = "live preview when stdout is a terminal" },
	{ .name = NULL },
};
#undef S

static int sim_validate(struct panel_common *c, void *settings,
			struct errbuf *e)
{
	const struct sim_settings *set = settings;
	int scale = c->look == LOOK_LCD ? 1 : set->dot_scale;

	if (c->width <= 0 || c->height <= 0) {
		errbuf_set(e, "a sim panel needs width and height");
		return -1;
	}
	if ((long)c->width * scale > 16384 || (long)c->height * scale > 16384) {
		errbuf_set(e, "%dx%d at dot_scale %d is larger than 16384 pixels",
			   c->width, c->height, scale);
		return -1;
	}
	return 0;
}

/* Makes the last component of @dir and checks that we can write there. */
static int snapshot_dir_open(const char *name, const char *dir,
			     struct errbuf *e)
{
	struct stat st;

	if (mkdir(dir, 0755) < 0 && errno != EEXIST) {
		errbuf_errno(e, "sim %s: snapshot_dir %s", name, dir);
		return -1;
	}
	if (stat(dir, &st) < 0) {
		errbuf_errno(e, "sim %s: snapshot_dir %s", name, dir);
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
		errbuf_errno(e, "sim %s: snapshot_dir %s", name, dir);
		return -1;
	}
	if (access(dir, W_OK | X_OK) < 0) {
		errbuf_errno(e, "sim %s: snapshot_dir %s", name, dir);
		return -1;
	}
	return 0;
}

/* CIE 1931: linear light 0..1 -> perceptual value 0..255 (inverse of
   ledcolor_cie()). */
static uint8_t perceptual(double y)
{
	double l = y <= 0.008856 ? 903.3 * y : 116.0 * cbrt(y) - 16.0;

	if (l < 0)
		l = 0;
	return (uint8_t)lrint(l > 100 ? 255 : l * 2.55);
}

static void sim_levels(struct sim *s)
{
	int max = (1 << s->common.bits) - 1, i;

	for (i = 0; i <= max; i++)
		s->level[i] = perceptual((double)i / max * s->brightness / 100);
}

/* A round dot covering 80% of the LED pitch, anti-aliased by 4x4
   supersampling, as coverage 0..255 per snapshot pixel. */
static void dot_mask(uint8_t *m, int n)
{
	double c = n / 2.0, r = n * 0.4;
	int x, y, i, j, in;

	for (y = 0; y < n; y++) {
		for (x = 0; x < n; x++) {
			in = 0;
			for (j = 0; j < 4; j++) {
				for (i = 0; i < 4; i++) {
					double dx = x + (i + 0.5) / 4 - c;
					double dy = y + (j + 0.5) / 4 - c;

					in += dx * dx + dy * dy <= r * r;
				}
			}
			m[y * n + x] = n == 1 ? 255 : in * 255 / 16;
		}
	}
}

static void sim_close(void *state);

static void *sim_open(struct panel_common *c, const void *settings,
		      struct errbuf *e)
{
	const struct sim_settings *set = settings;
	int w = c->width, h = c->height, led = c->look != LOOK_LCD;
	struct sim *s;
	uint32_t argb;

	if (sim_validate(c, (void *)settings, e) < 0)
		return NULL;
	if (set->snapshot_dir[0] &&
	    snapshot_dir_open(c->name, set->snapshot_dir, e) < 0)
		return NULL;
	s = calloc(1, sizeof(*s));
	if (!s)
		goto fail_alloc;
	s->common = *c;
	s->set = *set;
	s->brightness = c->brightness;
	s->led = led;
	s->scale = led ? set->dot_scale : 1;
	if (panel_color_parse(c->color, &argb) < 0)
		argb = ARGB(255, 255, 176, 0);
	s->color = argb;
	if (set->snapshot_dir[0])
		snprintf(s->path, sizeof(s->path), "%s/%s.png",
			 set->snapshot_dir, c->name);
	if (led) {
		s->channels = c->look == LOOK_LED_MONO ? 1 : 3;
		s->levels = calloc((size_t)w * h * s->channels,
				   sizeof(*s->levels));
		s->dot = malloc((size_t)s->scale * s->scale);
		s->level = calloc((size_t)1 << c->bits, 1);
		if (!s->levels || !s->dot || !s->level) {
			errbuf_errno(e, "LED buffers");
			goto fail;
		}
		if (s->channels == 1 && !(s->grey = canvas_create(w, h, e)))
			goto fail;
		if (!(s->look = canvas_create(w * s->scale, h * s->scale, e)))
			goto fail;
		dot_mask(s->dot, s->scale);
		sim_levels(s);
	}
	if (set->preview && isatty(STDOUT_FILENO))
		simterm_attach(s);
	return s;
fail:
	errbuf_prefix(e, "sim %s", c->name);
	sim_close(s);
	return NULL;
fail_alloc:
	errbuf_errno(e, "sim %s", c->name);
	return NULL;
}

/* The colour one LED shows, from its quantised levels. */
uint32_t sim_led_color(const struct sim *s, int x, int y)
{
	const uint16_t *l = &s->levels[((size_t)y * s->common.width + x) *
				       s->channels];
	uint8_t v;

	if (s->channels == 1) {
		v = s->level[l[0]];
		return ARGB(255, ARGB_R(s->color) * v / 255,
			    ARGB_G(s->color) * v / 255,
			    ARGB_B(s->color) * v / 255);
	}
	return ARGB(255, s->level[l[0]], s->level[l[1]], s->level[l[2]]);
}

/* An unlit LED is not black: a faint disc shows the grid. */
static uint32_t led_off(const struct sim *s)
{
	if (s->channels == 1)
		return ARGB(255, ARGB_R(s->color) / 10, ARGB_G(s->color) / 10,
			    ARGB_B(s->color) / 10);
	return ARGB(255, 28, 28, 28);
}

static uint32_t cmax(uint32_t a, uint32_t b)
{
	return ARGB(255, ARGB_R(a) > ARGB_R(b) ? ARGB_R(a) : ARGB_R(b),
		    ARGB_G(a) > ARGB_G(b) ? ARGB_G(a) : ARGB_G(b),
		    ARGB_B(a) > ARGB_B(b) ? ARGB_B(a) : ARGB_B(b));
}

static void draw_dot(struct sim *s, int x, int y, uint32_t col)
{
	int n = s->scale, stride = canvas_stride(s->look), i, j;
	uint32_t *row = canvas_pixels(s->look) + (size_t)y * n * stride + x * n;
	const uint8_t *m = s->dot;

	for (j = 0; j < n; j++, row += stride, m += n)
		for (i = 0; i < n; i++)
			row[i] = ARGB(255, ARGB_R(col) * m[i] / 255,
				      ARGB_G(col) * m[i] / 255,
				      ARGB_B(col) * m[i] / 255);
}

/* Monochrome: the brightest channel, composited on black. */
static void mono_source(struct sim *s, const struct canvas *f)
{
	int w = s->common.width, h = s->common.height, x, y;
	int sst = canvas_stride(f), dst = canvas_stride(s->grey);
	const uint32_t *src = canvas_pixels_const(f);
	uint32_t *out = canvas_pixels(s->grey), p;
	unsigned int v;

	for (y = 0; y < h; y++) {
		for (x = 0; x < w; x++) {
			p = src[(size_t)y * sst + x];
			v = ARGB_R(p);
			if (ARGB_G(p) > v)
				v = ARGB_G(p);
			if (ARGB_B(p) > v)
				v = ARGB_B(p);
			v = v * ARGB_A(p) / 255;
			out[(size_t)y * dst + x] = ARGB(255, v, v, v);
		}
	}
}

static int led_render(struct sim *s, const struct canvas *f, struct rect d)
{
	struct ledcolor_opts o = { .channels = s->channels,
				   .bits = s->common.bits,
				   .dither = LED_DITHER_ORDERED,
				   .cie = 1 };
	uint32_t off = led_off(s);
	int x, y;

	if (s->channels == 1)
		mono_source(s, f);
	if (ledcolor_quantize(s->channels == 1 ? s->grey : f, &o,
			      s->levels) < 0)
		return -1;
	/* An unlit LED shows a faint disc; a lit one its colour (mono: never
	   darker than unlit, the dies are the same colour). */
	for (y = d.y; y < d.y + d.h; y++) {
		for (x = d.x; x < d.x + d.w; x++) {
			uint32_t c = sim_led_color(s, x, y);

			if (s->channels == 1)
				c = cmax(c, off);
			else if (!(c & 0xffffff))
				c = off;
			draw_dot(s, x, y, c);
		}
	}
	return 0;
}

static int sim_show(void *state, const struct canvas *frame,
		    struct rect damage, struct errbuf *e)
{
	struct sim *s = state;
	struct rect all = { 0, 0, s->common.width, s->common.height };

	if (canvas_width(frame) != s->common.width ||
	    canvas_height(frame) != s->common.height) {
		errbuf_set(e, "sim %s: frame is %dx%d, panel is %dx%d",
			   s->common.name, canvas_width(frame),
			   canvas_height(frame), s->common.width,
			   s->common.height);
		errno = EINVAL;
		return -1;
	}
	damage = rect_intersect(damage, all);
	if (s->frames == 0 || s->redraw)
		damage = all;
	s->redraw = 0;
	if (s->led && led_render(s, frame, damage) < 0) {
		errbuf_errno(e, "sim %s: LED levels", s->common.name);
		return -1;
	}
	if (s->path[0] &&
	    pngio_save(s->led ? s->look : frame, s->path, e) < 0) {
		errbuf_prefix(e, "sim %s", s->common.name);
		return -1;
	}
	s->frames++;
	if (s->term)
		simterm_draw(s, frame, damage);
	return 0;
}

static int sim_set_brightness(void *state, int percent)
{
	struct sim *s = state;

	if (percent < 1 || percent > 100) {
		errno = EINVAL;
		return -1;
	}
	s->brightness = percent;
	if (s->led) {
		sim_levels(s);
		s->redraw = 1;
	}
	return 0;
}

static void sim_status(void *state, struct panel_status *st)
{
	struct sim *s = state;

	memset(st, 0, sizeof(*st));
	st->ok = 1;
	st->frames = s->frames;
	if (s->path[0])
		snprintf(st->detail, sizeof(st->detail), "snapshot %.100s%s",
			 s->path, s->term ? ", terminal preview" : "");
	else
		snprintf(st->detail, sizeof(st->detail), "no snapshots%s",
			 s->term ? ", terminal preview" : "");
}

static void sim_close(void *state)
{
	struct sim *s = state;

	if (!s)
		return;
	simterm_detach(s);
	canvas_destroy(s->grey);
	canvas_destroy(s->look);
	free(s->levels);
	free(s->dot);
	free(s->level);
	free(s);
}

const struct panel_ops panel_sim_ops = {
	.type = "sim",
	.keys = sim_keys,
	.settings_size = sizeof(struct sim_settings),
	.validate = sim_validate,
	.open = sim_open,
	.show = sim_show,
	.set_brightness = sim_set_brightness,
	.status = sim_status,
	.close = sim_close,
};
