/* Tests for render/text: widths, wrapping (Chinese line-breaking rules both
   ways, Latin words, long words, '\n'), alignment and baseline-correct
   centring, ellipsis, the marquee's period and offset, clipping, and no
   FreeType call when the same text is drawn again.  Widths use Unifont 16,
   whose advances are 8 px (ASCII) and 16 px (hanzi). */
#include <limits.h>
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
#include "render/linebreak.h"
#include "render/text.h"

#define UNIFONT "fonts/unifont-16.pcf.gz"
#define NOTO "fonts/NotoSansSC-Regular.otf"
#define AMBER ARGB(255, 255, 170, 0)

static struct font *uni;

static int setup(void **state)
{
	const char *files[] = {UNIFONT};
	struct errbuf e;

	uni = font_create(files, 1, 16, FONT_MONO, &e);
	if (!uni)
		fprintf(stderr, "%s\n", e.msg);
	return uni ? 0 : -1;
}

static int teardown(void **state)
{
	font_destroy(uni);
	return 0;
}

static struct canvas *mk(int w, int h)
{
	struct errbuf e;
	struct canvas *c = canvas_create(w, h, &e);

	assert_non_null(c);
	return c;
}

/* Bounding box of the lit pixels. */
static struct rect ink(const struct canvas *c)
{
	struct canvas *blank = mk(canvas_width(c), canvas_height(c));
	struct rect r = canvas_diff(c, blank);

	canvas_destroy(blank);
	return r;
}

static void assert_same(const struct canvas *a, const struct canvas *b)
{
	struct rect r = canvas_diff(a, b);

	if (!rect_empty(r))
		fail_msg("canvases differ in %d,%d %dx%d", r.x, r.y, r.w, r.h);
}

/* Wraps @s to @width and compares the lines with the '|'-separated
   @want ("一二三|四，五六"). */
static void check_wrap(const char *s, int width, const char *want)
{
	struct text_line l[16];
	char got[256] = "";
	int n = text_wrap(uni, s, width, l, 16), i;

	assert_true(n <= 16);
	for (i = 0; i < n; i++) {
		char one[128] = "";

		if (i)
			strcat(got, "|");
		strncat(got, s + l[i].start, l[i].len);
		strncat(one, s + l[i].start, l[i].len);
		/* wider than asked only for a single character */
		assert_true(l[i].width <= width || l[i].len <= 4);
		assert_int_equal(l[i].width, text_width(uni, one));
	}
	if (strcmp(got, want))
		fail_msg("wrap \"%s\" to %d: got \"%s\", want \"%s\"", s, width,
			 got, want);
}

static void test_width(void **state)
{
	assert_int_equal(text_width(uni, ""), 0);
	assert_int_equal(text_width(uni, "T45"), 24);
	assert_int_equal(text_width(uni, "T45 北关"), 64);
	assert_int_equal(text_width(uni, "下一站 Next stop: 张家湾"),
			 48 + 8 + 80 + 8 + 48);
	assert_int_equal(text_width(NULL, "x"), 0);
	assert_int_equal(text_width(uni, NULL), 0);
}

static void test_wrap_kinsoku(void **state)
{
	/* no line starts with closing punctuation: 四 goes along */
	check_wrap("一二三四，五六", 64, "一二三|四，五六");
	check_wrap("一二三四。", 64, "一二三|四。");
	check_wrap("一二三四）", 64, "一二三|四）");
	check_wrap("一二三四」五", 64, "一二三|四」五");
	check_wrap("一二三四》", 64, "一二三|四》");
	check_wrap("一二三四、五", 64, "一二三|四、五");
	check_wrap("一二三四？！", 64, "一二三|四？！");
	/* no line ends with opening punctuation: 《 goes along */
	check_wrap("一二三《四五》", 64, "一二三|《四五》");
	check_wrap("一二三（四）", 64, "一二三|（四）");
	check_wrap("一二三「四」", 64, "一二三|「四」");
	check_wrap("一二三『四』", 64, "一二三|『四』");
	/* "……" is not split and does not start a line */
	check_wrap("一二三……", 60, "一二|三……");
	/* ordinary hanzi break anywhere, punctuation may end a line */
	check_wrap("一二三四五六七八", 64, "一二三四|五六七八");
	check_wrap("一二三，四五六七", 64, "一二三，|四五六七");
	/* CJK next to Latin breaks either way */
	check_wrap("下一站Next", 56, "下一站|Next");
	check_wrap("Next下一站", 40, "Next|下一|站");
}

static void test_wrap_latin(void **state)
{
	check_wrap("Next stop Zhangjiawan", 200, "Next stop Zhangjiawan");
	check_wrap("Next stop Zhangjiawan", 96, "Next stop|Zhangjiawan");
	/* trailing spaces hang; the next line starts at the word */
	check_wrap("Next   stop", 40, "Next|stop");
	/* a word longer than the box is split between characters */
	check_wrap("Next stop Zhangjiawan", 80, "Next stop|Zhangjiawa|n");
	/* ... one earlier so that "," does not start a line */
	check_wrap("ABCDEFGH,", 64, "ABCDEFG|H,");
	/* hyphens break */
	check_wrap("Tong-zhou", 48, "Tong-|zhou");
	check_wrap("Tongzhou, Beijing.", 72, "Tongzhou,|Beijing.");
	/* every line holds one character at least */
	check_wrap("北关", 4, "北|关");
}

static void test_wrap_newlines(void **state)
{
	struct text_line l[4];

	check_wrap("北关\n\nBeiguan", 200, "北关||Beiguan");
	check_wrap("北关\n", 200, "北关");
	/* leading spaces of a paragraph stay, of a wrapped line go */
	check_wrap("  ab\n  cd", 200, "  ab|  cd");
	check_wrap("abcd  efgh", 48, "abcd|efgh");
	assert_int_equal(text_wrap(uni, "", 100, l, 4), 0);
	/* @max limits what is stored, not what is counted */
	memset(l, 0x55, sizeof(l));
	assert_int_equal(text_wrap(uni, "一\n二\n三", 100, l, 1), 3);
	assert_int_equal(l[0].start, 0);
	assert_int_equal(l[0].len, 3);
	assert_int_equal(l[0].width, 16);
	assert_int_equal(l[1].start, 0x55555555);
	assert_int_equal(text_wrap(uni, "一\n二\n三", 100, NULL, 0), 3);
}

static void test_linebreak_rules(void **state)
{
	const char *no_start = "，。、；：？！）」』》…·’”";
	const char *no_end = "（「『《“‘";
	const char *s;

	for (s = no_start; *s;) {
		uint32_t cp;
		const char *p = s;

		/* decode by hand: all are 2 or 3 bytes */
		cp = (unsigned char)*p < 0xe0
			     ? ((p[0] & 0x1f) << 6 | (p[1] & 0x3f))
			     : ((p[0] & 0x0f) << 12 | (p[1] & 0x3f) << 6 |
				(p[2] & 0x3f));
		s += (unsigned char)*p < 0xe0 ? 2 : 3;
		assert_true(lb_no_start(cp));
		assert_false(lb_allowed(0x4e00, cp));
	}
	for (s = no_end; *s;) {
		const char *p = s;
		uint32_t cp = (p[0] & 0x0f) << 12 | (p[1] & 0x3f) << 6 |
			      (p[2] & 0x3f);

		s += 3;
		assert_true(lb_no_end(cp));
		assert_false(lb_allowed(cp, 0x4e00));
	}
	assert_true(lb_allowed(0x4e00, 0x4e01));
	assert_true(lb_allowed(' ', 'a'));
	assert_false(lb_allowed('a', 'b'));
	assert_false(lb_allowed('a', ' '));
	assert_false(lb_allowed(0x2014, 0x2014));
	assert_true(lb_is_space(0x3000));
	assert_false(lb_is_space(0xa0));
	/* the inline fast paths agree with the full rules */
	{
		static const uint32_t cps[] = {
			'a',	'Z',	'0',	'9',	' ',	'-',	',',
			'(',	0x4e00, 0x5317, 0x9fa5, 0x3001, 0x300a, 0xff0c,
			0x2026, 0x2014, 0x3000, 0xa0,	0x201c, 0x201d, 0xe9,
		};
		size_t i, j;

		for (i = 0; i < sizeof(cps) / sizeof(cps[0]); i++)
			for (j = 0; j < sizeof(cps) / sizeof(cps[0]); j++)
				assert_int_equal(
					lb_allowed(cps[i], cps[j]),
					lb_allowed_slow(cps[i], cps[j]));
	}
}

static struct text_style style(enum text_align a, enum text_valign v)
{
	struct text_style st = {0};

	st.font = uni;
	st.color = AMBER;
	st.align = a;
	st.valign = v;
	return st;
}

/* 'A' in Unifont: 6x10 ink at left 1, top 10 (rows 4..13 of the cell). */
static void check_place(enum text_align a, enum text_valign v, int x, int y)
{
	struct canvas *c = mk(120, 40);
	struct text_style st = style(a, v);
	struct rect box = {10, 5, 100, 30}, r;

	assert_int_equal(text_box(c, box, &st, "A"), 1);
	r = ink(c);
	assert_int_equal(r.x, x);
	assert_int_equal(r.y, y);
	assert_int_equal(r.w, 6);
	assert_int_equal(r.h, 10);
	canvas_destroy(c);
}

static void test_align(void **state)
{
	/* baseline: top 5 + 14; middle 5 + (30 - 16) / 2 + 14;
	   bottom 5 + 30 - 2 */
	check_place(TEXT_LEFT, TEXT_TOP, 11, 19 - 10);
	check_place(TEXT_CENTER, TEXT_TOP, 10 + 46 + 1, 9);
	check_place(TEXT_RIGHT, TEXT_TOP, 10 + 100 - 8 + 1, 9);
	check_place(TEXT_LEFT, TEXT_MIDDLE, 11, 26 - 10);
	check_place(TEXT_LEFT, TEXT_BOTTOM, 11, 33 - 10);
}

static void test_centring_lines(void **state)
{
	struct canvas *c = mk(100, 60), *ref = mk(100, 60);
	struct text_style st = style(TEXT_CENTER, TEXT_MIDDLE);
	struct rect box = {0, 3, 100, 40};

	/* two lines, pitch 16 + 2, block 34 high: first baseline at
	   3 + (40 - 34) / 2 + 14 = 20, second at 38 */
	st.line_gap = 2;
	assert_int_equal(text_box(c, box, &st, "北关\nT45"), 2);
	text_draw(ref, uni, 34, 20, "北关", AMBER);
	text_draw(ref, uni, 38, 38, "T45", AMBER);
	assert_same(c, ref);

	/* an odd leftover rounds up the page: 15 rows for a 16-row font */
	canvas_clear(c, 0);
	canvas_clear(ref, 0);
	st.line_gap = 0;
	box = (struct rect){0, 0, 100, 15};
	assert_int_equal(text_box(c, box, &st, "北"), 1);
	canvas_clip_set(ref, box);
	text_draw(ref, uni, 42, 13, "北", AMBER);
	assert_same(c, ref);
	canvas_destroy(c);
	canvas_destroy(ref);
}

static void test_box_wrap_and_clip(void **state)
{
	struct canvas *c = mk(100, 60), *ref = mk(100, 60);
	struct text_style st = style(TEXT_LEFT, TEXT_TOP);
	struct rect box = {10, 10, 64, 33}, r;

	/* 33 rows hold 2 lines of 16; the third is not drawn */
	st.wrap = 1;
	assert_int_equal(text_box(c, box, &st, "一二三四，五六七八九十"), 2);
	text_draw(ref, uni, 10, 24, "一二三", AMBER);
	text_draw(ref, uni, 10, 40, "四，五六", AMBER);
	assert_same(c, ref);
	r = ink(c);
	assert_true(r.x >= 10 && r.y >= 10 && r.x + r.w <= 74 &&
		    r.y + r.h <= 43);
	/* max_lines */
	canvas_clear(c, 0);
	st.max_lines = 1;
	assert_int_equal(text_box(c, box, &st, "一二三四，五六七八九十"), 1);
	/* a too-small box still shows one (clipped) line */
	canvas_clear(c, 0);
	st.max_lines = 0;
	box.h = 8;
	assert_int_equal(text_box(c, box, &st, "一二"), 1);
	r = ink(c);
	assert_true(r.y >= 10 && r.y + r.h <= 18 && r.h > 0);
	/* the canvas clip is restored */
	r = canvas_clip(c);
	assert_int_equal(r.w, 100);
	assert_int_equal(r.h, 60);
	assert_int_equal(text_box(c, box, &st, ""), 0);
	canvas_destroy(c);
	canvas_destroy(ref);
}

static void test_ellipsis(void **state)
{
	struct canvas *c = mk(200, 40), *ref = mk(200, 40);
	struct text_style st = style(TEXT_LEFT, TEXT_TOP);
	struct rect box = {0, 0, 64, 16};

	/* wrapped text cut after one line: 一二三四 would fill the box, the
	   ellipsis (8 px in Unifont) takes the place of 四 */
	st.wrap = 1;
	st.ellipsis = 1;
	assert_int_equal(text_box(c, box, &st, "一二三四五六"), 1);
	text_draw(ref, uni, 0, 14, "一二三…", AMBER);
	assert_same(c, ref);

	/* one line, no wrapping, too wide: cut at the box */
	canvas_clear(c, 0);
	canvas_clear(ref, 0);
	st.wrap = 0;
	box.w = 80;
	assert_int_equal(text_box(c, box, &st, "Next stop Zhangjiawan"), 1);
	text_draw(ref, uni, 0, 14, "Next stop…", AMBER);
	assert_same(c, ref);

	/* the cut line is aligned by its new width; no trailing space or
	   opening bracket before the ellipsis */
	canvas_clear(c, 0);
	canvas_clear(ref, 0);
	st.align = TEXT_RIGHT;
	box = (struct rect){0, 0, 70, 16};
	assert_int_equal(text_box(c, box, &st, "Next 《Zhangjiawan"), 1);
	text_draw(ref, uni, 70 - 40, 14, "Next…", AMBER);
	assert_same(c, ref);

	/* text that fits is left alone */
	canvas_clear(c, 0);
	canvas_clear(ref, 0);
	st.align = TEXT_LEFT;
	assert_int_equal(text_box(c, box, &st, "北关"), 1);
	text_draw(ref, uni, 0, 14, "北关", AMBER);
	assert_same(c, ref);
	canvas_destroy(c);
	canvas_destroy(ref);
}

/* A Latin-only BDF with '.' but no '…'. */
static void write_bdf(const char *path)
{
	FILE *fp = fopen(path, "w");
	int c;

	assert_non_null(fp);
	fprintf(fp, "STARTFONT 2.1\nFONT -test-dots-medium-r-normal--8-80-75-"
		    "75-c-60-iso10646-1\nSIZE 8 75 75\nFONTBOUNDINGBOX 6 8 0 "
		    "-1\nSTARTPROPERTIES 4\nPIXEL_SIZE 8\nFONT_ASCENT 7\n"
		    "FONT_DESCENT 1\nCHARSET_REGISTRY \"ISO10646\"\n"
		    "ENDPROPERTIES\nCHARS 27\n");
	fprintf(fp, "STARTCHAR dot\nENCODING 46\nSWIDTH 500 0\nDWIDTH 4 0\n"
		    "BBX 1 1 1 0\nBITMAP\n80\nENDCHAR\n");
	for (c = 'a'; c <= 'z'; c++)
		fprintf(fp,
			"STARTCHAR %c\nENCODING %d\nSWIDTH 750 0\nDWIDTH "
			"6 0\nBBX 5 5 0 0\nBITMAP\nF8\nF8\nF8\nF8\nF8\n"
			"ENDCHAR\n",
			c, c);
	fprintf(fp, "ENDFONT\n");
	assert_int_equal(fclose(fp), 0);
}

static void test_ellipsis_dots(void **state)
{
	char path[] = "/tmp/pids-test-text-XXXXXX.bdf";
	const char *files[] = {path};
	struct canvas *c = mk(60, 10), *ref = mk(60, 10);
	struct text_style st = {0};
	struct errbuf e;
	int fd = mkstemps(path, 4);

	assert_true(fd >= 0);
	close(fd);
	write_bdf(path);
	st.font = font_create(files, 1, 8, FONT_MONO, &e);
	assert_non_null(st.font);
	st.color = AMBER;
	st.ellipsis = 1;
	/* 30 px: "...": 12 px, so 3 letters of 6 */
	assert_int_equal(
		text_box(c, (struct rect){0, 0, 30, 8}, &st, "abcdefgh"), 1);
	text_draw(ref, st.font, 0, 7, "abc...", AMBER);
	assert_same(c, ref);
	font_destroy(st.font);
	canvas_destroy(c);
	canvas_destroy(ref);
	unlink(path);
}

static void marquee(struct canvas *c, int offset, int gap)
{
	struct text_style st = style(TEXT_CENTER, TEXT_MIDDLE);

	canvas_clear(c, 0);
	text_marquee(c, (struct rect){8, 0, 100, 16}, &st,
		     "下一站 张家湾 Next stop Zhangjiawan", offset, gap);
}

static void test_marquee(void **state)
{
	/* 280 px of text in a 100 px box, gap 40: period 320 */
	const int period = 320;
	struct canvas *a = mk(120, 16), *b = mk(120, 16), *ref = mk(120, 16);
	struct text_style st = style(TEXT_CENTER, TEXT_MIDDLE);
	struct rect r;

	assert_int_equal(text_width(uni, "下一站 张家湾 Next stop Zhangjiawan"),
			 280);
	marquee(a, 0, 40);
	canvas_clip_set(ref, (struct rect){8, 0, 100, 16});
	text_draw(ref, uni, 8, 14, "下一站 张家湾 Next stop Zhangjiawan",
		  AMBER);
	assert_same(a, ref);
	r = ink(a);
	assert_true(r.x >= 8 && r.x + r.w <= 108);
	marquee(b, period, 40);
	assert_same(a, b);
	marquee(a, 37, 40);
	marquee(b, 37 + 5 * period, 40);
	assert_same(a, b);
	marquee(b, 37 - period, 40);
	assert_same(a, b);
	/* near the end of a period the start comes round again after the
	   gap: offset 250 puts the text at 8 - 250 and its copy at 78 */
	marquee(a, 250, 40);
	canvas_clear(ref, 0);
	text_draw(ref, uni, 8 - 250, 14, "下一站 张家湾 Next stop Zhangjiawan",
		  AMBER);
	text_draw(ref, uni, 8 - 250 + period, 14,
		  "下一站 张家湾 Next stop Zhangjiawan", AMBER);
	assert_same(a, ref);
	/* text that fits does not move and is aligned */
	canvas_clear(a, 0);
	canvas_clear(b, 0);
	text_marquee(a, (struct rect){8, 0, 100, 16}, &st, "T45", 77, 40);
	text_box(b, (struct rect){8, 0, 100, 16}, &st, "T45");
	assert_same(a, b);
	canvas_destroy(a);
	canvas_destroy(b);
	canvas_destroy(ref);
}

static void test_no_freetype_when_cached(void **state)
{
	const char *files[] = {NOTO};
	struct canvas *c = mk(400, 200);
	struct text_style st = style(TEXT_LEFT, TEXT_MIDDLE);
	const char *caption = "花丝镶嵌是北京传统手工艺，燕京八绝之一。"
			      "Filigree inlay, one of the eight crafts.";
	unsigned long calls, loads;
	struct errbuf e;

	st.font = font_create(files, 1, 24, FONT_AA, &e);
	assert_non_null(st.font);
	st.wrap = 1;
	text_box(c, (struct rect){0, 0, 400, 200}, &st, caption);
	text_marquee(c, (struct rect){0, 0, 400, 30}, &st, caption, 5, 20);
	calls = font_stat_ftcalls(st.font);
	loads = font_stat_loads(st.font);
	assert_true(loads > 0);
	text_box(c, (struct rect){0, 0, 400, 200}, &st, caption);
	text_marquee(c, (struct rect){0, 0, 400, 30}, &st, caption, 9, 20);
	text_width(st.font, caption);
	assert_int_equal(font_stat_ftcalls(st.font), calls);
	assert_int_equal(font_stat_loads(st.font), loads);
	font_destroy(st.font);
	canvas_destroy(c);
}

static void test_aa_draws_grey(void **state)
{
	const char *files[] = {NOTO};
	struct canvas *c = mk(200, 60);
	struct errbuf e;
	struct font *f = font_create(files, 1, 40, FONT_AA, &e);
	const uint32_t *p;
	int i, grey = 0, full = 0;

	assert_non_null(f);
	canvas_clear(c, ARGB(255, 0, 0, 0));
	text_draw(c, f, 4, 46, "北关 Bus", ARGB(255, 255, 255, 255));
	p = canvas_pixels_const(c);
	for (i = 0; i < 200 * 60; i++) {
		uint8_t g = ARGB_G(p[i]);

		grey += g > 0 && g < 255;
		full += g == 255;
	}
	assert_true(grey > 100);
	assert_true(full > 100);
	font_destroy(f);
	canvas_destroy(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_wrap_kinsoku),
		cmocka_unit_test(test_wrap_latin),
		cmocka_unit_test(test_wrap_newlines),
		cmocka_unit_test(test_linebreak_rules),
		cmocka_unit_test(test_align),
		cmocka_unit_test(test_centring_lines),
		cmocka_unit_test(test_box_wrap_and_clip),
		cmocka_unit_test(test_ellipsis),
		cmocka_unit_test(test_ellipsis_dots),
		cmocka_unit_test(test_marquee),
		cmocka_unit_test(test_no_freetype_when_cached),
		cmocka_unit_test(test_aa_draws_grey),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
