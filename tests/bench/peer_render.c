/*
 * peer_render: the cairo + pango (FreeType backend) peer of
 * tests/tools/renderbench.c.  It draws the same frames the same way:
 *
 *   lcd  1920x540: the artwork scaled once into a cached 540x540 surface
 *        and composited every frame, a 96 px header, a 64 px next-stop
 *        line and a 32 px caption wrapped to 1300 px (Noto Sans CJK SC,
 *        grey anti-aliasing, slight hinting);
 *   led  192x32: two rows of Unifont 16 px, anti-aliasing off.
 *
 * Every frame builds new PangoLayouts; the font map, context and glyph
 * caches persist.  Fonts come from one file each, through a fontconfig
 * configuration holding only that file, so both sides draw with the same
 * font.  Built only by tests/bench/render.sh (cairo and pango are not
 * dependencies of pids).
 *
 *   peer_render lcd|led [-n FRAMES] [-o OUT.png] [-a ART.png] [-f FONT]
 *
 * Prints one line: setup_ms first_ms steady_ms (median of frames 2..N)
 * rss_kib lit grey.  Under callgrind, instrumentation is on only around
 * frames 2..N (run valgrind with --instr-atstart=no).
 */
#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <valgrind/callgrind.h>

#include "benchframe.h"


struct peer {
	int led;
	cairo_surface_t *surf, *art, *art540;
	cairo_t *cr;
	PangoFontMap *fm;
	PangoContext *ctx;
	PangoFontDescription *f96, *f64, *f32, *f16;
};

static PangoFontDescription *desc(const char *family, int px)
{
	PangoFontDescription *d = pango_font_description_new();

	pango_font_description_set_family(d, family);
	pango_font_description_set_absolute_size(d, px * PANGO_SCALE);
	return d;
}

/* Fonts and contexts: everything that is set up before the first frame. */
static int peer_setup(struct peer *p, const char *font)
{
	FcConfig *cfg = FcConfigCreate();
	cairo_font_options_t *fo = cairo_font_options_create();

	if (!cfg || !FcConfigAppFontAddFile(cfg, (const FcChar8 *)font)) {
		fprintf(stderr, "peer_render: %s: fontconfig cannot load it\n",
			font);
		return -1;
	}
	p->fm = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
	pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(p->fm), cfg);
	FcConfigDestroy(cfg);
	p->ctx = pango_font_map_create_context(p->fm);
	cairo_font_options_set_antialias(fo, p->led ? CAIRO_ANTIALIAS_NONE
						    : CAIRO_ANTIALIAS_GRAY);
	cairo_font_options_set_hint_style(fo, p->led ? CAIRO_HINT_STYLE_NONE
						     : CAIRO_HINT_STYLE_SLIGHT);
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_ON);
	pango_cairo_context_set_font_options(p->ctx, fo);
	cairo_font_options_destroy(fo);
	p->surf = cairo_image_surface_create(
		CAIRO_FORMAT_ARGB32, p->led ? 192 : 1920, p->led ? 32 : 540);
	p->cr = cairo_create(p->surf);
	p->f96 = desc("Noto Sans CJK SC", 96);
	p->f64 = desc("Noto Sans CJK SC", 64);
	p->f32 = desc("Noto Sans CJK SC", 32);
	p->f16 = desc("Unifont", 16);
	return 0;
}

/* Draws @text with its first baseline at (@x, @baseline). */
static void show(struct peer *p, const PangoFontDescription *d, int x,
		 int baseline, int wrap, const char *text, double r, double g,
		 double b)
{
	PangoLayout *l = pango_layout_new(p->ctx);

	pango_layout_set_font_description(l, d);
	if (wrap) {
		pango_layout_set_width(l, wrap * PANGO_SCALE);
		pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	}
	pango_layout_set_text(l, text, -1);
	cairo_set_source_rgb(p->cr, r, g, b);
	cairo_move_to(p->cr, x,
		      baseline - pango_layout_get_baseline(l) / PANGO_SCALE);
	pango_cairo_show_layout(p->cr, l);
	g_object_unref(l);
}

/* The artwork scaled into 540x540 once (the first frame pays for it). */
static void peer_scale_art(struct peer *p)
{
	cairo_t *cr;

	p->art540 = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 540, 540);
	cr = cairo_create(p->art540);
	cairo_scale(cr, 540.0 / cairo_image_surface_get_width(p->art),
		    540.0 / cairo_image_surface_get_height(p->art));
	cairo_set_source_surface(cr, p->art, 0, 0);
	cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD);
	cairo_paint(cr);
	cairo_destroy(cr);
}

static __attribute__((noinline)) void peer_frame(struct peer *p)
{
	cairo_t *cr = p->cr;

	cairo_set_operator(cr, CAIRO_OPERATOR_SOURCE);
	cairo_set_source_rgb(cr, p->led ? 0 : 16 / 255.0,
			     p->led ? 0 : 20 / 255.0, p->led ? 0 : 32 / 255.0);
	cairo_paint(cr);
	cairo_set_operator(cr, CAIRO_OPERATOR_OVER);
	if (p->led) {
		show(p, p->f16, 2, 14, 0, LED1, 1, 176 / 255.0, 0);
		show(p, p->f16, 2, 30, 0, LED2, 1, 176 / 255.0, 0);
	} else {
		if (!p->art540)
			peer_scale_art(p);
		cairo_set_source_surface(cr, p->art540, 0, 0);
		cairo_paint(cr);
		show(p, p->f96, 580, 112, 0, HEADER, 1, 1, 1);
		show(p, p->f64, 580, 220, 0, NEXT, 1, 200 / 255.0, 80 / 255.0);
		show(p, p->f32, 580, 310, 1300, CAPTION, 220 / 255.0,
		     225 / 255.0, 235 / 255.0);
	}
	cairo_surface_flush(p->surf);
}

/* Lit pixels (any colour) and grey ones (neither off nor the full ink). */
static void count_lit(struct peer *p, long *lit, long *grey)
{
	const unsigned char *d = cairo_image_surface_get_data(p->surf);
	int stride = cairo_image_surface_get_stride(p->surf), x, y;

	*lit = *grey = 0;
	for (y = 0; y < cairo_image_surface_get_height(p->surf); y++) {
		const uint32_t *row =
			(const uint32_t *)(d + (size_t)y * stride);

		for (x = 0; x < cairo_image_surface_get_width(p->surf); x++) {
			uint32_t v = row[x] & 0xffffff;

			*lit += v != 0;
			*grey += v != 0 && v != 0xffb000;
		}
	}
}

int main(int argc, char **argv)
{
	struct bench_opts o;
	struct peer p = {0};
	const char *font;
	double t0, setup, *ms;
	long lit = 0, grey = 0;
	int i, n;

	if (bench_opts_parse(argc, argv, "peer_render", &o) < 0)
		return 2;
	p.led = o.led;
	n = o.frames;
	font = o.font ? o.font
		      : p.led ? "/usr/share/fonts/opentype/unifont/unifont.otf"
			      : "fonts/NotoSansSC-Regular.otf";
	ms = calloc((size_t)n, sizeof(*ms));
	if (!p.led) {
		/* Decoding is not timed: both sides decode with libpng. */
		p.art = cairo_image_surface_create_from_png(o.art);
		if (cairo_surface_status(p.art) != CAIRO_STATUS_SUCCESS) {
			fprintf(stderr, "peer_render: %s: %s\n", o.art,
				cairo_status_to_string(
					cairo_surface_status(p.art)));
			return 1;
		}
	}
	t0 = bench_now_ms();
	if (!ms || peer_setup(&p, font) < 0)
		return 1;
	setup = bench_now_ms() - t0;
	for (i = 0; i < n; i++) {
		if (i == 1)
			CALLGRIND_START_INSTRUMENTATION;
		t0 = bench_now_ms();
		peer_frame(&p);
		ms[i] = bench_now_ms() - t0;
	}
	CALLGRIND_STOP_INSTRUMENTATION;
	count_lit(&p, &lit, &grey);
	if (o.out &&
	    cairo_surface_write_to_png(p.surf, o.out) != CAIRO_STATUS_SUCCESS) {
		fprintf(stderr, "peer_render: %s: cannot write\n", o.out);
		return 1;
	}
	bench_report(setup, ms, n, lit, grey);
	return 0;
}
