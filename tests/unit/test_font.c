/* Tests for render/font: Unifont glyphs bit for bit against unifont.hex,
   integer-scaled strikes, the fallback chain, the cache (no FreeType call
   the second time), placeholders, coverage, kerning, errors naming the
   file, a face without CJK, and 1-bit against anti-aliased rendering. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "render/canvas.h"
#include "render/font.h"
#include "render/text.h"

#define UNIFONT "fonts/unifont-16.pcf.gz"
#define WQY "fonts/wqy-bitmapsong-12.pcf.gz"
#define NOTO "fonts/NotoSansSC-Regular.otf"
#define NOTO_BOLD "fonts/NotoSansSC-Bold.otf"
#define DEJAVU "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

static struct font *open1(const char *file, int px, enum font_mode mode)
{
	struct errbuf e = {""};
	struct font *f = font_create(&file, 1, px, mode, &e);

	if (!f)
		fail_msg("%s", e.msg);
	return f;
}

static int bit(const struct glyph *g, int x, int y)
{
	if (x < 0 || y < 0 || x >= g->w || y >= g->h)
		return 0;
	return g->bits[y * g->pitch + x / 8] >> (7 - x % 8) & 1;
}

/*
 * Checks a 1-bit glyph against a row of unifont.hex (Unifont 15.0.01,
 * /usr/share/unifont/unifont.hex): 16 rows of 8 or 16 pixels, row 0 at
 * 14 px above the baseline, each source pixel drawn @k x @k.
 */
static void check_hex(struct font *f, uint32_t cp, const char *hex, int k)
{
	const struct glyph *g = font_glyph(f, cp);
	int cw = strlen(hex) == 32 ? 8 : 16, row, col;

	assert_non_null(g);
	assert_int_equal(g->face, 0);
	assert_int_equal(g->advance, cw * k);
	for (row = 0; row < 16 * k; row++) {
		char digits[5] = {0};
		unsigned long bits;

		memcpy(digits, hex + (row / k) * cw / 4, cw / 4);
		bits = strtoul(digits, NULL, 16);
		for (col = 0; col < cw * k; col++) {
			int want = bits >> (cw - 1 - col / k) & 1;
			/* cell (col, row) -> bitmap (col - left, row - 14k + top) */
			int got = bit(g, col - g->left, row - 14 * k + g->top);

			if (want != got)
				fail_msg("U+%04X at %d,%d: got %d want %d", cp,
					 col, row, got, want);
		}
	}
}

static void test_unifont_rows(void **state)
{
	struct font *f = open1(UNIFONT, 16, FONT_MONO);

	check_hex(f, 'A', "0000000018242442427E424242420000", 1);
	check_hex(f, 'g', "0000000000023A44444438203C42423C", 1);
	check_hex(f, 0x2192, "000000000000000804FE040800000000", 1);
	check_hex(f, 0x5317,
		  "044004400440044404487C500460044004400440"
		  "044004421C42E442443E0400",
		  1);
	check_hex(f, 0x5173,
		  "10100810082000003FF8010001000100FFFE0100"
		  "02800280044008203018C006",
		  1);
	/* glyphs are trimmed to their ink: 'A' is 6x10, not the 8x16 cell */
	assert_int_equal(font_glyph(f, 'A')->w, 6);
	assert_int_equal(font_glyph(f, 'A')->h, 10);
	assert_int_equal(font_glyph(f, ' ')->w, 0);
	assert_int_equal(font_glyph(f, ' ')->advance, 8);
	font_destroy(f);
}

static void test_unifont_doubled(void **state)
{
	struct font *f = open1(UNIFONT, 32, FONT_MONO);

	assert_int_equal(font_ascent(f), 28);
	assert_int_equal(font_descent(f), 4);
	assert_int_equal(font_line_height(f), 32);
	check_hex(f, 'A', "0000000018242442427E424242420000", 2);
	check_hex(f, 0x5317,
		  "044004400440044404487C500460044004400440"
		  "044004421C42E442443E0400",
		  2);
	font_destroy(f);
}

static void test_metrics(void **state)
{
	struct font *u = open1(UNIFONT, 16, FONT_MONO);
	struct font *w = open1(WQY, 12, FONT_MONO);
	struct font *n = open1(NOTO, 40, FONT_AA);

	assert_int_equal(font_px(u), 16);
	assert_int_equal(font_mode_of(u), FONT_MONO);
	assert_int_equal(font_mode_of(n), FONT_AA);
	/* Unifont: FONT_ASCENT 14, FONT_DESCENT 2 */
	assert_int_equal(font_ascent(u), 14);
	assert_int_equal(font_descent(u), 2);
	assert_int_equal(font_line_height(u), 16);
	/* WenQuanYi 9pt file: FONT_ASCENT 12, FONT_DESCENT 3 */
	assert_int_equal(font_ascent(w), 12);
	assert_int_equal(font_descent(w), 3);
	assert_int_equal(font_line_height(w), 15);
	assert_int_equal(font_glyph(w, 0x5317)->advance, 12);
	/* Noto CJK hhea: ascender 1160, descender -288 per 1000 units */
	assert_int_equal(font_ascent(n), 47); /* 46.4 up */
	assert_int_equal(font_descent(n), 12); /* 11.52 up */
	assert_true(font_line_height(n) >= 58);
	font_destroy(u);
	font_destroy(w);
	font_destroy(n);
}

static void test_cache(void **state)
{
	struct font *f = open1(UNIFONT, 16, FONT_MONO);
	const char *s = "T45 北关 Beiguan 下一站 张家湾 Next stop Zhangjiawan";
	const struct glyph *g1, *first[64];
	unsigned long loads, calls;
	int w1, i, n;

	assert_int_equal(font_stat_loads(f), 0);
	w1 = text_width(f, s);
	loads = font_stat_loads(f);
	calls = font_stat_ftcalls(f);
	assert_true(loads > 0);
	assert_int_equal(font_stat_glyphs(f), 29); /* distinct characters */
	assert_int_equal(text_width(f, s), w1);
	g1 = font_glyph(f, 0x5317);
	assert_ptr_equal(font_glyph(f, 0x5317), g1);
	assert_int_equal(font_stat_loads(f), loads);
	assert_int_equal(font_stat_ftcalls(f), calls);

	/* thousands of glyphs: the hash grows, pointers stay put */
	for (i = 0, n = 0; i < 3000; i++) {
		const struct glyph *g = font_glyph(f, 0x4e00 + i * 7);

		assert_non_null(g);
		assert_int_equal(g->cp, 0x4e00 + i * 7);
		if (i < 64)
			first[n++] = g;
	}
	assert_ptr_equal(font_glyph(f, 0x5317), g1);
	for (i = 0; i < n; i++)
		assert_ptr_equal(font_glyph(f, 0x4e00 + i * 7), first[i]);
	calls = font_stat_ftcalls(f);
	for (i = 0; i < 3000; i++)
		font_glyph(f, 0x4e00 + i * 7);
	assert_int_equal(font_stat_ftcalls(f), calls);
	font_destroy(f);
}

static void test_fallback_chain(void **state)
{
	const char *nu[] = {NOTO, UNIFONT};
	const char *wu[] = {WQY, UNIFONT}, *uw[] = {UNIFONT, WQY};
	struct errbuf e;
	struct font *f;
	const struct glyph *g;

	/* Noto has no U+FFFD: Unifont draws it */
	f = font_create(nu, 2, 16, FONT_MONO, &e);
	assert_non_null(f);
	assert_int_equal(font_glyph(f, 'A')->face, 0);
	assert_int_equal(font_glyph(f, 0x5317)->face, 0);
	assert_int_equal(font_glyph(f, 0xfffd)->face, 1);
	assert_int_equal(font_glyph(f, 0xe000)->face, FONT_FACE_PLACEHOLDER);
	font_destroy(f);

	/* 48 px: WenQuanYi 12 x4 and Unifont 16 x3; WQY lacks U+2015 */
	f = font_create(wu, 2, 48, FONT_MONO, &e);
	assert_non_null(f);
	g = font_glyph(f, 0x5317);
	assert_int_equal(g->face, 0);
	assert_int_equal(g->advance, 48);
	assert_int_equal(g->h, 11 * 4);
	g = font_glyph(f, 0x2015);
	assert_int_equal(g->face, 1);
	assert_int_equal(g->h % 3, 0);
	/* the chain's largest: WQY's 12 + 3 x4 against Unifont's 14 + 2 x3 */
	assert_int_equal(font_ascent(f), 12 * 4);
	assert_int_equal(font_descent(f), 3 * 4);
	font_destroy(f);

	f = font_create(uw, 2, 48, FONT_MONO, &e);
	assert_non_null(f);
	assert_int_equal(font_glyph(f, 0x5317)->face, 0);
	assert_int_equal(font_glyph(f, 0x5317)->h, 16 * 3);
	font_destroy(f);
}

static int lit(const struct canvas *c, int x, int y)
{
	return canvas_pixels_const(c)[y * canvas_stride(c) + x] != 0;
}

static void check_placeholder(enum font_mode mode)
{
	struct font *f = open1(UNIFONT, 16, mode);
	const struct glyph *g = font_glyph(f, 0xe000);
	struct errbuf e;
	struct canvas *c = canvas_create(40, 20, &e);
	struct canvas *blank = canvas_create(40, 20, &e);
	struct rect r;
	int x0, y0;

	assert_int_equal(g->face, FONT_FACE_PLACEHOLDER);
	assert_true(g->w >= 3 && g->h >= 4 && g->advance > g->w);
	assert_ptr_equal(font_glyph(f, 0xe001)->bits, g->bits); /* shared */
	text_draw(c, f, 4, 15, "\xee\x80\x80", ARGB(255, 255, 170, 0));
	r = canvas_diff(c, blank);
	assert_int_equal(r.w, g->w);
	assert_int_equal(r.h, g->h);
	x0 = 4 + g->left;
	y0 = 15 - g->top;
	assert_int_equal(r.x, x0);
	assert_int_equal(r.y, y0);
	/* a hollow box: edges lit, middle dark */
	assert_true(lit(c, x0, y0 + g->h / 2));
	assert_true(lit(c, x0 + g->w - 1, y0 + g->h / 2));
	assert_true(lit(c, x0 + g->w / 2, y0));
	assert_true(lit(c, x0 + g->w / 2, y0 + g->h - 1));
	assert_false(lit(c, x0 + g->w / 2, y0 + g->h / 2));
	canvas_destroy(c);
	canvas_destroy(blank);
	font_destroy(f);
}

static void test_placeholder(void **state)
{
	check_placeholder(FONT_MONO);
	check_placeholder(FONT_AA);
}

static void test_missing(void **state)
{
	struct font *u = open1(UNIFONT, 16, FONT_MONO);
	struct font *w = open1(WQY, 12, FONT_MONO);
	uint32_t out[4] = {0};

	assert_int_equal(
		font_missing(u, "T45 北关 Beiguan，《张家湾》→⇄", out, 4), 0);
	/* distinct, in order of first use; spaces and controls excepted */
	assert_int_equal(font_missing(u,
				      "北\xee\x80\x80\t\xc2\xa0\xee\x80\x81"
				      "\xee\x80\x80\n",
				      out, 4),
			 2);
	assert_int_equal(out[0], 0xe000);
	assert_int_equal(out[1], 0xe001);
	/* more than @max: all counted, @max stored */
	memset(out, 0, sizeof(out));
	assert_int_equal(
		font_missing(u, "\xee\x80\x82\xee\x80\x81\xee\x80\x80", out, 1),
		3);
	assert_int_equal(out[0], 0xe002);
	assert_int_equal(out[1], 0);
	assert_int_equal(font_missing(u, "", out, 4), 0);
	/* WenQuanYi has no U+2015; looking does not fill the cache */
	assert_int_equal(font_missing(w, "北―关", out, 4), 1);
	assert_int_equal(out[0], 0x2015);
	assert_int_equal(font_stat_glyphs(w), 0);
	assert_int_equal(font_stat_loads(w), 0);
	/* once drawn as a placeholder it is still reported */
	assert_int_equal(font_glyph(w, 0x2015)->face, FONT_FACE_PLACEHOLDER);
	assert_int_equal(font_missing(w, "―", NULL, 0), 1);
	font_destroy(u);
	font_destroy(w);
}

static void expect_error(const char *const *files, int n, int px,
			 const char *needle)
{
	struct errbuf e = {""};
	struct font *f = font_create(files, n, px, FONT_MONO, &e);

	assert_null(f);
	if (!strstr(e.msg, needle))
		fail_msg("message \"%s\" lacks \"%s\"", e.msg, needle);
}

static void test_errors(void **state)
{
	const char *missing[] = {"fonts/no-such-font.pcf.gz"};
	const char *second[] = {UNIFONT, "fonts/also-missing.otf"};
	const char *notfont[] = {"fonts/subset.sh"};
	const char *badface[] = {NOTO "#3"};
	const char *nul[] = {NULL};
	struct errbuf e;

	errno = 0;
	expect_error(missing, 1, 16, "fonts/no-such-font.pcf.gz: No such file");
	assert_int_equal(errno, ENOENT);
	expect_error(second, 2, 16, "fonts/also-missing.otf");
	expect_error(notfont, 1, 16, "fonts/subset.sh: not a font");
	expect_error(badface, 1, 16, NOTO ": no face 3 (the file has 1)");
	expect_error(missing, 1, 20, "no-such-font");
	expect_error(&missing[0], 1, 20, "No such file");
	{
		const char *u[] = {UNIFONT};

		expect_error(u, 1, 20, "no 20 px strike (has 16)");
		expect_error(u, 1, 8, "no 8 px strike");
	}
	expect_error(nul, 1, 16, "NULL");
	assert_null(font_create(missing, 0, 16, FONT_MONO, &e));
	assert_int_equal(errno, EINVAL);
	assert_null(
		font_create(missing, FONT_MAX_FACES + 1, 16, FONT_MONO, &e));
	assert_null(font_create(missing, 1, 0, FONT_MONO, &e));
	font_destroy(NULL);
}

static void test_face_index(void **state)
{
	const char *idx0[] = {NOTO "#0"};
	struct errbuf e;
	struct font *f = font_create(idx0, 1, 20, FONT_AA, &e);

	assert_non_null(f);
	assert_int_equal(font_glyph(f, 0x5317)->face, 0);
	font_destroy(f);
}

/* A tiny Latin-only BDF: space, '.', A-Z and a-z as 5x6 blocks. */
static void write_latin_bdf(const char *path)
{
	FILE *fp = fopen(path, "w");
	int c, n = 0;

	assert_non_null(fp);
	for (c = 0x20; c < 0x7f; c++)
		n += c == ' ' || c == '.' || (c >= 'A' && c <= 'Z') ||
		     (c >= 'a' && c <= 'z');
	fprintf(fp,
		"STARTFONT 2.1\nFONT -test-latin-medium-r-normal--8-80-75-"
		"75-c-60-iso10646-1\nSIZE 8 75 75\nFONTBOUNDINGBOX 6 8 0 "
		"-1\nSTARTPROPERTIES 4\nPIXEL_SIZE 8\nFONT_ASCENT 7\n"
		"FONT_DESCENT 1\nCHARSET_REGISTRY \"ISO10646\"\n"
		"ENDPROPERTIES\nCHARS %d\n",
		n + 0);
	for (c = 0x20; c < 0x7f; c++) {
		int r;

		if (!(c == ' ' || c == '.' || (c >= 'A' && c <= 'Z') ||
		      (c >= 'a' && c <= 'z')))
			continue;
		fprintf(fp,
			"STARTCHAR u%04X\nENCODING %d\nSWIDTH 750 0\n"
			"DWIDTH 6 0\n",
			c, c);
		if (c == ' ') {
			fprintf(fp, "BBX 1 1 0 0\nBITMAP\n00\nENDCHAR\n");
		} else if (c == '.') {
			fprintf(fp, "BBX 2 2 2 0\nBITMAP\nC0\nC0\nENDCHAR\n");
		} else {
			fprintf(fp, "BBX 5 6 0 0\nBITMAP\n");
			for (r = 0; r < 6; r++)
				fprintf(fp, "F8\n");
			fprintf(fp, "ENDCHAR\n");
		}
	}
	fprintf(fp, "ENDFONT\n");
	assert_int_equal(fclose(fp), 0);
}

static void test_face_without_cjk(void **state)
{
	char path[] = "/tmp/pids-test-font-XXXXXX.bdf";
	const char *files[] = {path};
	uint32_t out[4];
	struct errbuf e;
	struct font *f;
	struct canvas *c, *blank;
	const struct glyph *g;
	int fd = mkstemps(path, 4);

	assert_true(fd >= 0);
	close(fd);
	write_latin_bdf(path);
	f = font_create(files, 1, 8, FONT_MONO, &e);
	if (!f)
		fail_msg("%s", e.msg);
	assert_int_equal(font_ascent(f), 7);
	assert_int_equal(font_glyph(f, 'B')->face, 0);
	assert_int_equal(font_missing(f, "T45 北关 Beiguan", out, 4), 4);
	assert_int_equal(out[0], '4');
	assert_int_equal(out[1], '5');
	assert_int_equal(out[2], 0x5317);
	assert_int_equal(out[3], 0x5173);
	g = font_glyph(f, 0x5317);
	assert_int_equal(g->face, FONT_FACE_PLACEHOLDER);
	c = canvas_create(40, 10, &e);
	blank = canvas_create(40, 10, &e);
	text_draw(c, f, 0, 8, "北", ARGB(255, 255, 255, 255));
	assert_false(rect_empty(canvas_diff(c, blank)));
	canvas_destroy(c);
	canvas_destroy(blank);
	font_destroy(f);
	unlink(path);
}

static void test_mono_and_aa(void **state)
{
	struct font *m = open1(NOTO_BOLD, 26, FONT_MONO);
	struct font *a = open1(NOTO, 32, FONT_AA);
	const struct glyph *g;
	int x, y, grey = 0, full = 0;

	/* outlines in FONT_MONO come out 1-bit */
	g = font_glyph(m, 0x7ad9); /* 站 */
	assert_int_equal(g->pitch, (g->w + 7) / 8);
	assert_true(g->w > 16 && g->h > 16);
	/* FONT_AA: 8-bit coverage with grey edges */
	g = font_glyph(a, 0x7ad9);
	assert_int_equal(g->pitch, g->w);
	for (y = 0; y < g->h; y++) {
		for (x = 0; x < g->w; x++) {
			uint8_t v = g->bits[y * g->pitch + x];

			grey += v > 0 && v < 255;
			full += v == 255;
		}
	}
	assert_true(grey > 20);
	assert_true(full > 20);
	/* a bitmap strike in FONT_AA is 0 or 255 */
	font_destroy(a);
	a = open1(UNIFONT, 16, FONT_AA);
	g = font_glyph(a, 0x5317);
	for (y = 0, grey = 0; y < g->h * g->w; y++)
		grey += g->bits[y] != 0 && g->bits[y] != 255;
	assert_int_equal(grey, 0);
	font_destroy(a);
	font_destroy(m);
}

static void test_kerning(void **state)
{
	struct font *f, *u;
	const struct glyph *a, *v;
	unsigned long calls;
	int k;

	if (access(DEJAVU, R_OK) != 0) {
		print_message("no %s (fonts-dejavu-core): skipped\n", DEJAVU);
		skip();
	}
	f = open1(DEJAVU, 40, FONT_AA);
	assert_true(font_has_kerning(f));
	a = font_glyph(f, 'A');
	v = font_glyph(f, 'V');
	k = font_kern(f, a, v);
	assert_true(k < 0);
	assert_int_equal(text_width(f, "AV"), a->advance + v->advance + k);
	calls = font_stat_ftcalls(f);
	assert_int_equal(font_kern(f, a, v), k);
	assert_int_equal(text_width(f, "AVAVAV"),
			 3 * (a->advance + v->advance + k) +
				 2 * font_kern(f, v, a));
	assert_int_equal(font_stat_ftcalls(f), calls + 1); /* V,A only */
	font_destroy(f);

	u = open1(UNIFONT, 16, FONT_MONO);
	assert_false(font_has_kerning(u));
	assert_int_equal(font_kern(u, font_glyph(u, 'A'), font_glyph(u, 'V')),
			 0);
	font_destroy(u);
}

static void test_invisible_and_spaces(void **state)
{
	struct font *u = open1(UNIFONT, 16, FONT_MONO);
	const struct glyph *g;

	g = font_glyph(u, '\n');
	assert_int_equal(g->face, FONT_FACE_BLANK);
	assert_int_equal(g->advance, 0);
	assert_int_equal(font_glyph(u, 0x200b)->advance, 0);
	/* NBSP is not in the subset: blank, as wide as a space */
	g = font_glyph(u, 0xa0);
	assert_int_equal(g->face, FONT_FACE_BLANK);
	assert_int_equal(g->advance, 8);
	/* the ideographic space is in GB2312 */
	assert_int_equal(font_glyph(u, 0x3000)->face, 0);
	assert_int_equal(font_glyph(u, 0x3000)->advance, 16);
	assert_int_equal(text_width(u, "a\xe2\x80\x8b"
				       "b"),
			 16);
	font_destroy(u);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unifont_rows),
		cmocka_unit_test(test_unifont_doubled),
		cmocka_unit_test(test_metrics),
		cmocka_unit_test(test_cache),
		cmocka_unit_test(test_fallback_chain),
		cmocka_unit_test(test_placeholder),
		cmocka_unit_test(test_missing),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_face_index),
		cmocka_unit_test(test_face_without_cjk),
		cmocka_unit_test(test_mono_and_aa),
		cmocka_unit_test(test_kerning),
		cmocka_unit_test(test_invisible_and_spaces),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
