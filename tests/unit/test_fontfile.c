/* Tests for render/fontfile and the fonts sharing it: one face per file
   whatever the sizes and spellings of its path, sizes that do not disturb
   each other (glyphs, metrics and kerning the same as from a font alone),
   errors that leave nothing open, a file replaced on disk getting a face of
   its own, and fonts on one file used from two threads at once. */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "render/font.h"
#include "render/fontfile.h"

#define UNIFONT "fonts/unifont-16.pcf.gz"
#define WQY "fonts/wqy-bitmapsong-12.pcf.gz"
#define NOTO "fonts/NotoSansSC-Regular.otf"
#define NOTO_BOLD "fonts/NotoSansSC-Bold.otf"
#define DEJAVU "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

/* Latin, CJK and punctuation: outlines of every kind of the subset. */
static const uint32_t CPS[] = { 'A', 'g', 'W', '4', '5', ',', 0x5317,
				0x5173, 0x5f20, 0x5bb6, 0x6e7e, 0x3001 };
#define NCPS (sizeof(CPS) / sizeof(CPS[0]))

/* A glyph as a font gave it, kept past the font. */
struct shot {
	int face, left, top, w, h, pitch, advance;
	uint8_t bits[160 * 160];
};

struct shots {
	int ascent, descent, line_height;
	struct shot g[NCPS];
};

static struct font *open1(const char *file, int px, enum font_mode mode)
{
	struct errbuf e = { "" };
	struct font *f = font_create(&file, 1, px, mode, &e);

	if (!f)
		fail_msg("%s", e.msg);
	return f;
}

/* Copies the glyph of CPS[@i]; -1 if there is none or it is too big
   (no cmocka asserts: the threads call it too). */
static int grab(struct font *f, size_t i, struct shot *s)
{
	const struct glyph *g = font_glyph(f, CPS[i]);
	size_t n;

	memset(s, 0, sizeof(*s));
	if (!g)
		return -1;
	s->face = g->face;
	s->left = g->left;
	s->top = g->top;
	s->w = g->w;
	s->h = g->h;
	s->pitch = g->pitch;
	s->advance = g->advance;
	n = (size_t)g->pitch * g->h;
	if (n > sizeof(s->bits))
		return -1;
	if (n)
		memcpy(s->bits, g->bits, n);
	return 0;
}

static void take(struct font *f, size_t i, struct shot *s)
{
	if (grab(f, i, s) < 0)
		fail_msg("U+%04X: no glyph, or too big", CPS[i]);
}

static void metrics(struct font *f, struct shots *s)
{
	s->ascent = font_ascent(f);
	s->descent = font_descent(f);
	s->line_height = font_line_height(f);
}

/* Every glyph of a font opened alone (its face opened for it). */
static void alone(const char *file, int px, enum font_mode mode,
		  struct shots *s)
{
	struct font *f;
	size_t i;

	assert_int_equal(fontfile_open_count(), 0);
	f = open1(file, px, mode);
	metrics(f, s);
	for (i = 0; i < NCPS; i++)
		take(f, i, &s->g[i]);
	font_destroy(f);
	assert_int_equal(fontfile_open_count(), 0);
}

static void same(const struct shot *a, const struct shot *b, uint32_t cp)
{
	if (memcmp(a, b, sizeof(*a)) != 0)
		fail_msg("U+%04X differs from the font opened alone", cp);
}

static void test_one_face_per_file(void **state)
{
	struct font *a, *b, *c, *u16, *u32;
	struct fontfile *x, *y;
	struct errbuf e = { "" };
	char cwd[4096], abs[4200];

	assert_int_equal(fontfile_open_count(), 0);
	a = open1(NOTO, 20, FONT_AA);
	b = open1(NOTO, 33, FONT_MONO);
	c = open1("./" NOTO, 48, FONT_AA);
	assert_int_equal(fontfile_open_count(), 1);
	u16 = open1(UNIFONT, 16, FONT_MONO);
	u32 = open1(UNIFONT, 32, FONT_AA);
	assert_int_equal(fontfile_open_count(), 2);

	assert_non_null(getcwd(cwd, sizeof(cwd)));
	snprintf(abs, sizeof(abs), "%s/%s", cwd, NOTO);
	x = fontfile_open(abs, &e);
	y = fontfile_open(NOTO "#0", &e);
	assert_non_null(x);
	assert_ptr_equal(x, y);
	assert_int_equal(fontfile_refs(x), 5); /* a, b, c, x, y */
	assert_int_equal(fontfile_open_count(), 2);
	fontfile_close(y);
	fontfile_close(x);
	fontfile_close(NULL);

	font_destroy(a);
	font_destroy(c);
	assert_int_equal(fontfile_open_count(), 2);
	/* the face lives on for b */
	assert_int_equal(font_glyph(b, 0x5317)->face, 0);
	font_destroy(b);
	assert_int_equal(fontfile_open_count(), 1);
	font_destroy(u16);
	assert_int_equal(font_glyph(u32, 'A')->advance, 16);
	font_destroy(u32);
	assert_int_equal(fontfile_open_count(), 0);
}

/* Fonts of two sizes on one face, glyphs asked for in turn: each gets
   what it would have got alone. */
static void interleaved(const char *file, int px1, enum font_mode m1,
			int px2, enum font_mode m2)
{
	struct shots *r1 = malloc(sizeof(*r1)), *r2 = malloc(sizeof(*r2));
	struct shots *s = malloc(sizeof(*s));
	struct font *f1, *f2;
	struct shot g;
	size_t i;

	assert_non_null(r1);
	assert_non_null(r2);
	assert_non_null(s);
	alone(file, px1, m1, r1);
	alone(file, px2, m2, r2);
	f1 = open1(file, px1, m1);
	f2 = open1(file, px2, m2);
	assert_int_equal(fontfile_open_count(), 1);
	metrics(f1, s);
	assert_int_equal(s->ascent, r1->ascent);
	assert_int_equal(s->descent, r1->descent);
	assert_int_equal(s->line_height, r1->line_height);
	metrics(f2, s);
	assert_int_equal(s->ascent, r2->ascent);
	assert_int_equal(s->line_height, r2->line_height);
	for (i = 0; i < NCPS; i++) {
		take(f2, i, &g);
		same(&g, &r2->g[i], CPS[i]);
		take(f1, i, &g);
		same(&g, &r1->g[i], CPS[i]);
	}
	font_destroy(f1);
	font_destroy(f2);
	free(r1);
	free(r2);
	free(s);
}

static void test_sizes_apart(void **state)
{
	interleaved(NOTO, 20, FONT_AA, 33, FONT_MONO);
	interleaved(NOTO_BOLD, 96, FONT_AA, 24, FONT_AA);
	interleaved(UNIFONT, 16, FONT_MONO, 48, FONT_AA);
	interleaved(WQY, 12, FONT_MONO, 24, FONT_MONO);
}

static void test_kerning_per_size(void **state)
{
	const struct glyph *sa, *sv, *ba, *bv;
	struct font *big, *small;
	int k40, k13;

	if (access(DEJAVU, R_OK) != 0) {
		print_message("no %s (fonts-dejavu-core): skipped\n", DEJAVU);
		skip();
	}
	big = open1(DEJAVU, 40, FONT_AA);
	k40 = font_kern(big, font_glyph(big, 'A'), font_glyph(big, 'V'));
	font_destroy(big);
	small = open1(DEJAVU, 13, FONT_AA);
	k13 = font_kern(small, font_glyph(small, 'A'), font_glyph(small, 'V'));
	font_destroy(small);
	assert_true(k40 < k13); /* more negative at 40 px */

	small = open1(DEJAVU, 13, FONT_AA);
	big = open1(DEJAVU, 40, FONT_AA);
	sa = font_glyph(small, 'A');
	sv = font_glyph(small, 'V');
	ba = font_glyph(big, 'A');
	bv = font_glyph(big, 'V');
	/* big's glyphs were loaded last, at its size: small must switch */
	assert_int_equal(font_kern(small, sa, sv), k13);
	assert_int_equal(font_kern(big, ba, bv), k40);
	font_destroy(big);
	font_destroy(small);
}

static void test_errors_keep_nothing(void **state)
{
	const char *badface[] = { NOTO "#3" };
	const char *twice[] = { NOTO, "fonts/also-missing.otf" };
	struct errbuf e = { "" };
	struct font *f;

	assert_null(fontfile_open("fonts/no-such.otf", &e));
	assert_int_equal(errno, ENOENT);
	assert_non_null(strstr(e.msg, "fonts/no-such.otf: No such file"));
	assert_null(fontfile_open("fonts/subset.sh", &e));
	assert_non_null(strstr(e.msg, "fonts/subset.sh: not a font"));
	assert_null(fontfile_open("fonts", &e));
	assert_non_null(strstr(e.msg, "fonts"));
	assert_int_equal(fontfile_open_count(), 0);

	/* a second face that fails drops the first file again */
	assert_null(font_create(twice, 2, 16, FONT_AA, &e));
	assert_non_null(strstr(e.msg, "also-missing"));
	assert_int_equal(fontfile_open_count(), 0);

	/* a bad face index next to a good font of that file */
	f = open1(NOTO, 16, FONT_AA);
	assert_null(font_create(badface, 1, 16, FONT_AA, &e));
	assert_non_null(strstr(e.msg, NOTO ": no face 3 (the file has 1)"));
	assert_int_equal(fontfile_open_count(), 1);
	assert_int_equal(font_glyph(f, 'A')->face, 0);
	font_destroy(f);
	assert_int_equal(fontfile_open_count(), 0);

	/* a strike that does not exist: the file is closed again */
	{
		const char *u[] = { UNIFONT };

		assert_null(font_create(u, 1, 20, FONT_MONO, &e));
		assert_int_equal(fontfile_open_count(), 0);
	}
}

static int copy_file(const char *from, const char *to)
{
	FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
	char buf[65536];
	size_t n;
	int r = 0;

	if (!in || !out)
		r = -1;
	while (r == 0 && (n = fread(buf, 1, sizeof(buf), in)) > 0)
		if (fwrite(buf, 1, n, out) != n)
			r = -1;
	if (in)
		fclose(in);
	if (out && fclose(out) != 0)
		r = -1;
	return r;
}

/* Content replaced on disk (a new file renamed over the old one) is a new
   face; the fonts on the old one keep drawing from it. */
static void test_replaced_file(void **state)
{
	char dir[] = "/tmp/pids-fontfile-XXXXXX", path[64], tmp[64];
	struct font *old, *fresh;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/f.pcf.gz", dir);
	snprintf(tmp, sizeof(tmp), "%s/f.tmp", dir);
	assert_int_equal(copy_file(UNIFONT, path), 0);
	old = open1(path, 16, FONT_MONO);
	assert_int_equal(copy_file(WQY, tmp), 0);
	assert_int_equal(rename(tmp, path), 0);
	fresh = open1(path, 12, FONT_MONO);
	assert_int_equal(fontfile_open_count(), 2);
	assert_int_equal(font_glyph(old, 0x5317)->advance, 16);
	assert_int_equal(font_glyph(fresh, 0x5317)->advance, 12);
	font_destroy(old);
	font_destroy(fresh);
	assert_int_equal(fontfile_open_count(), 0);
	unlink(path);
	rmdir(dir);
}

struct worker {
	const char *file;
	int px;
	enum font_mode mode;
	const struct shots *want;
	int bad;
};

static void *work(void *arg)
{
	struct worker *w = arg;
	const char *files[1] = { w->file };
	struct shot *g = malloc(sizeof(*g));
	int round;
	size_t i;

	for (round = 0; g && round < 20; round++) {
		struct font *f = font_create(files, 1, w->px, w->mode, NULL);

		if (!f) {
			w->bad++;
			break;
		}
		for (i = 0; i < NCPS; i++) {
			w->bad += grab(f, i, g) < 0;
			w->bad += memcmp(g, &w->want->g[i], sizeof(*g)) != 0;
		}
		font_destroy(f);
	}
	free(g);
	return NULL;
}

/* Two threads, each its own fonts, one face: every glyph as alone. */
static void test_threads(void **state)
{
	struct shots *r1 = malloc(sizeof(*r1)), *r2 = malloc(sizeof(*r2));
	struct worker w[2] = { { NOTO, 22, FONT_AA, r1, 0 },
			       { NOTO, 31, FONT_MONO, r2, 0 } };
	struct font *keep;
	pthread_t t[2];
	int i;

	assert_non_null(r1);
	assert_non_null(r2);
	alone(NOTO, 22, FONT_AA, r1);
	alone(NOTO, 31, FONT_MONO, r2);
	keep = open1(NOTO, 16, FONT_AA); /* the face stays open throughout */
	for (i = 0; i < 2; i++)
		assert_int_equal(pthread_create(&t[i], NULL, work, &w[i]), 0);
	for (i = 0; i < 2; i++)
		assert_int_equal(pthread_join(t[i], NULL), 0);
	assert_int_equal(w[0].bad, 0);
	assert_int_equal(w[1].bad, 0);
	assert_int_equal(fontfile_open_count(), 1);
	font_destroy(keep);
	assert_int_equal(fontfile_open_count(), 0);
	free(r1);
	free(r2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_face_per_file),
		cmocka_unit_test(test_sizes_apart),
		cmocka_unit_test(test_kerning_per_size),
		cmocka_unit_test(test_errors_keep_nothing),
		cmocka_unit_test(test_replaced_file),
		cmocka_unit_test(test_threads),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
