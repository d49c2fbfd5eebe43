/*
 * renderbench: draws the benchmark frames with our renderer (src/render),
 * the same frames tests/bench/peer_render.c draws with cairo + pango:
 *
 *   lcd  1920x540: the artwork scaled once into a cached 540x540 canvas
 *        and blitted every frame, a 96 px header, a 64 px next-stop line
 *        and a 32 px caption wrapped to 1300 px (Noto Sans CJK SC, AA);
 *   led  192x32: two rows of Unifont 16 px (the PCF strike, 1-bit).
 *
 * Every frame lays the text out anew; fonts and their glyph caches
 * persist.  Run from the repository root (tests/bench/render.sh does).
 *
 *   renderbench lcd|led [-n FRAMES] [-o OUT.png] [-a ART.png] [-f FONT]
 *
 * Prints one line: setup_ms first_ms steady_ms (median of frames 2..N)
 * rss_kib lit grey.  Under callgrind, instrumentation is on only around
 * frames 2..N (run valgrind with --instr-atstart=no).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <valgrind/callgrind.h>

#include "render/canvas.h"
#include "render/font.h"
#include "render/pngio.h"
#include "render/scale.h"
#include "render/text.h"

#include "../bench/benchframe.h"


#define AMBER ARGB(255, 255, 176, 0)

struct bench {
	int led;
	struct canvas *c, *art, *art540;
	struct font *f96, *f64, *f32, *f16;
	struct errbuf e;
};

static struct font *open_font(struct bench *b, const char *file, int px,
			      enum font_mode mode)
{
	struct font *f = font_create(&file, 1, px, mode, &b->e);

	if (!f)
		fprintf(stderr, "renderbench: %s\n", b->e.msg);
	return f;
}

/* Fonts and the frame: everything set up before the first frame. */
static int bench_setup(struct bench *b, const char *font)
{
	b->c = canvas_create(b->led ? 192 : 1920, b->led ? 32 : 540, &b->e);
	if (!b->c) {
		fprintf(stderr, "renderbench: %s\n", b->e.msg);
		return -1;
	}
	if (b->led) {
		b->f16 = open_font(b, font, 16, FONT_MONO);
		return b->f16 ? 0 : -1;
	}
	b->f96 = open_font(b, font, 96, FONT_AA);
	b->f64 = open_font(b, font, 64, FONT_AA);
	b->f32 = open_font(b, font, 32, FONT_AA);
	return b->f96 && b->f64 && b->f32 ? 0 : -1;
}

/* The artwork scaled into 540x540 once (the first frame pays for it). */
static int bench_scale_art(struct bench *b)
{
	int y, opaque = 1;

	b->art540 = scale_image(b->art, 540, 540, &b->e);
	if (!b->art540) {
		fprintf(stderr, "renderbench: %s\n", b->e.msg);
		return -1;
	}
	for (y = 0; y < 540 && opaque; y++)
		opaque = canvas_row_opaque(
			canvas_pixels_const(b->art540) +
				(size_t)y * canvas_stride(b->art540),
			540);
	canvas_set_opaque(b->art540, opaque);
	return 0;
}

static __attribute__((noinline)) int bench_frame(struct bench *b)
{
	struct text_style cap = {.font = b->f32,
				 .color = ARGB(255, 220, 225, 235),
				 .align = TEXT_LEFT,
				 .valign = TEXT_TOP,
				 .wrap = 1};

	if (b->led) {
		canvas_clear(b->c, ARGB(255, 0, 0, 0));
		text_draw(b->c, b->f16, 2, 14, LED1, AMBER);
		text_draw(b->c, b->f16, 2, 30, LED2, AMBER);
		return 0;
	}
	if (!b->art540 && bench_scale_art(b) < 0)
		return -1;
	/* The background around the artwork, as page_lcd_heritage() does. */
	canvas_fill_blit(b->c, (struct rect){0, 0, 1920, 540},
			 ARGB(255, 16, 20, 32), 0, 0, b->art540);
	text_draw(b->c, b->f96, 580, 112, HEADER, ARGB(255, 255, 255, 255));
	text_draw(b->c, b->f64, 580, 220, NEXT, ARGB(255, 255, 200, 80));
	text_box(b->c,
		 (struct rect){580, 310 - font_ascent(b->f32), 1300,
			       540 - 310 + font_ascent(b->f32)},
		 &cap, CAPTION);
	return 0;
}

/* Lit pixels (any colour) and grey ones (neither off nor the full ink). */
static void count_lit(struct bench *b, long *lit, long *grey)
{
	int x, y;

	*lit = *grey = 0;
	for (y = 0; y < canvas_height(b->c); y++) {
		const uint32_t *row = canvas_pixels_const(b->c) +
				      (size_t)y * canvas_stride(b->c);

		for (x = 0; x < canvas_width(b->c); x++) {
			uint32_t v = row[x] & 0xffffff;

			*lit += v != 0;
			*grey += v != 0 && v != (AMBER & 0xffffff);
		}
	}
}

static void bench_free(struct bench *b)
{
	font_destroy(b->f16);
	font_destroy(b->f32);
	font_destroy(b->f64);
	font_destroy(b->f96);
	canvas_destroy(b->art540);
	canvas_destroy(b->art);
	canvas_destroy(b->c);
}

int main(int argc, char **argv)
{
	struct bench_opts o;
	struct bench b = {0};
	const char *font;
	double t0, setup, *ms;
	long lit = 0, grey = 0;
	int i, n, rc = 1;

	if (bench_opts_parse(argc, argv, "renderbench", &o) < 0)
		return 2;
	b.led = o.led;
	n = o.frames;
	font = o.font ? o.font
		      : b.led ? "fonts/unifont-16.pcf.gz"
			      : "fonts/NotoSansSC-Regular.otf";
	ms = calloc((size_t)n, sizeof(*ms));
	if (!ms)
		return 1;
	if (!b.led) {
		/* Decoding is not timed: both sides decode with libpng. */
		b.art = pngio_load(o.art, NULL, &b.e);
		if (!b.art) {
			fprintf(stderr, "renderbench: %s\n", b.e.msg);
			goto out;
		}
	}
	t0 = bench_now_ms();
	if (bench_setup(&b, font) < 0)
		goto out;
	setup = bench_now_ms() - t0;
	for (i = 0; i < n; i++) {
		if (i == 1)
			CALLGRIND_START_INSTRUMENTATION;
		t0 = bench_now_ms();
		if (bench_frame(&b) < 0)
			goto out;
		ms[i] = bench_now_ms() - t0;
	}
	CALLGRIND_STOP_INSTRUMENTATION;
	count_lit(&b, &lit, &grey);
	if (o.out && pngio_save(b.c, o.out, &b.e) < 0) {
		fprintf(stderr, "renderbench: %s\n", b.e.msg);
		goto out;
	}
	bench_report(setup, ms, n, lit, grey);
	rc = 0;
out:
	bench_free(&b);
	free(ms);
	return rc;
}
