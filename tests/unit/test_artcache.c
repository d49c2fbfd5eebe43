/* Tests for content/artcache: keys, references, the image kept until the
   last one goes; and through content_load(): a second load of the same
   directory (a reload) shares every image and decodes nothing, outlives
   the first, and a changed file gets an image of its own. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "content/artcache.h"
#include "content/content.h"
#include "render/pngio.h"

static char fonts[1100], bundled[1100], base[1100];

static void paths(void)
{
	const char *s = getenv("PIDS_SRCDIR");

	if (!s || !*s)
		s = ".";
	snprintf(fonts, sizeof(fonts), "%s/fonts", s);
	snprintf(bundled, sizeof(bundled), "%s/assets/content", s);
	snprintf(base, sizeof(base), "%s/tests/data/content-bad/base", s);
}

static struct canvas *solid(int w, int h, uint32_t argb)
{
	struct canvas *c = canvas_create(w, h, NULL);

	assert_non_null(c);
	canvas_clear(c, argb);
	return c;
}

static void test_references(void **state)
{
	uint8_t k1[ARTCACHE_KEY_LEN], k2[ARTCACHE_KEY_LEN];
	uint8_t k1again[ARTCACHE_KEY_LEN];
	const struct canvas *a, *b, *got;

	artcache_key("one file", 8, k1);
	artcache_key("one file", 8, k1again);
	artcache_key("one filf", 8, k2);
	assert_memory_equal(k1, k1again, ARTCACHE_KEY_LEN);
	assert_memory_not_equal(k1, k2, ARTCACHE_KEY_LEN);

	assert_null(artcache_get(k1));
	a = artcache_put(k1, solid(4, 4, 0xff102030));
	assert_non_null(a);
	assert_int_equal(artcache_count(), 1);
	got = artcache_get(k1);
	assert_ptr_equal(got, a);
	assert_int_equal(artcache_refs(a), 2);
	/* a second image under the same key: the first is kept */
	b = artcache_put(k1, solid(4, 4, 0xff405060));
	assert_ptr_equal(b, a);
	assert_int_equal(artcache_refs(a), 3);
	b = artcache_put(k2, solid(2, 2, 0xff000000));
	assert_ptr_not_equal(b, a);
	assert_int_equal(artcache_count(), 2);
	assert_null(artcache_put(k2, NULL));
	assert_int_equal(errno, EINVAL);

	artcache_release(a);
	artcache_release(a);
	assert_int_equal(artcache_refs(a), 1);
	assert_int_equal(canvas_pixels_const(a)[0], 0xff102030);
	artcache_release(a);
	assert_int_equal(artcache_count(), 1);
	assert_null(artcache_get(k1));
	artcache_release(NULL);
	artcache_release(b);
	assert_int_equal(artcache_count(), 0);
}

/* The images a content holds, in heritage order, then the LED art of
   each theme. */
static int images(const struct content *c, const struct canvas **out,
		  int max)
{
	int i, n = 0;

	for (i = 0; i < content_heritage_count(c) && n < max; i++)
		out[n++] = content_heritage_at(c, i)->image;
	for (i = 0; i < content_theme_count(c) && n + 2 <= max; i++) {
		out[n++] = content_theme_at(c, i)->led_art16;
		out[n++] = content_theme_at(c, i)->led_art32;
	}
	return n;
}

static void test_reload_shares(void **state)
{
	const struct canvas *ia[32], *ib[32];
	struct content *a, *b;
	struct errbuf e = { "" };
	int n, i;

	paths();
	a = content_load_fonts(bundled, fonts, &e);
	if (!a)
		fail_msg("%s", e.msg);
	/* four files: the square and wide slides, two LED ornaments */
	assert_int_equal(artcache_count(), 4);
	b = content_load_fonts(bundled, fonts, &e);
	if (!b)
		fail_msg("%s", e.msg);
	assert_int_equal(artcache_count(), 4);
	n = images(a, ia, 32);
	assert_int_equal(images(b, ib, 32), n);
	assert_true(n >= 5);
	for (i = 0; i < n; i++) {
		assert_ptr_equal(ia[i], ib[i]);
		if (ia[i])
			assert_true(artcache_refs(ia[i]) >= 2);
	}
	content_destroy(a);
	/* b's images live on, whole */
	assert_int_equal(artcache_count(), 4);
	for (i = 0; i < n; i++) {
		if (!ib[i])
			continue;
		assert_int_equal(artcache_refs(ib[i]), 1);
		assert_true(canvas_width(ib[i]) >= 16);
		assert_int_equal(canvas_pixels_const(ib[i])
						 [canvas_stride(ib[i]) *
						  (canvas_height(ib[i]) - 1)] >>
					 24,
				 255);
	}
	content_destroy(b);
	assert_int_equal(artcache_count(), 0);
}

static void copy_file(const char *from, const char *to)
{
	char buf[65536];
	FILE *a = fopen(from, "rb"), *b = fopen(to, "wb");
	size_t n;

	assert_non_null(a);
	assert_non_null(b);
	while ((n = fread(buf, 1, sizeof(buf), a)) > 0)
		assert_int_equal(fwrite(buf, 1, n, b), n);
	fclose(a);
	assert_int_equal(fclose(b), 0);
}

static const char *const base_files[] = {
	"manifest.json", "routes.json", "heritage.json", "themes.json",
	"art/square.png", "art/wide.png", "art/led16.png", "art/led32.png",
};
#define NBASE (sizeof(base_files) / sizeof(base_files[0]))

/* A changed file is decoded anew; the unchanged ones are shared. */
static void test_changed_file(void **state)
{
	char tmp[] = "/tmp/pids-artcache-XXXXXX", a[1400], b[1400];
	const struct canvas *sq1, *sq2, *wide1, *wide2;
	struct content *c1, *c2;
	struct canvas *img;
	struct errbuf e = { "" };
	size_t i;

	paths();
	assert_non_null(mkdtemp(tmp));
	snprintf(a, sizeof(a), "%s/art", tmp);
	assert_int_equal(mkdir(a, 0755), 0);
	for (i = 0; i < NBASE; i++) {
		snprintf(a, sizeof(a), "%s/%s", base, base_files[i]);
		snprintf(b, sizeof(b), "%s/%s", tmp, base_files[i]);
		copy_file(a, b);
	}
	c1 = content_load_fonts(tmp, fonts, &e);
	if (!c1)
		fail_msg("%s", e.msg);
	sq1 = content_heritage_at(c1, 0)->image;
	wide1 = content_heritage_at(c1, 1)->image;
	assert_ptr_not_equal(sq1, wide1);

	/* the square slide, one pixel different */
	snprintf(b, sizeof(b), "%s/art/square.png", tmp);
	img = pngio_load(b, NULL, &e);
	if (!img)
		fail_msg("%s", e.msg);
	canvas_pixels(img)[0] ^= 0x00010101;
	assert_int_equal(pngio_save(img, b, &e), 0);
	canvas_destroy(img);

	c2 = content_load_fonts(tmp, fonts, &e);
	if (!c2)
		fail_msg("%s", e.msg);
	sq2 = content_heritage_at(c2, 0)->image;
	wide2 = content_heritage_at(c2, 1)->image;
	assert_ptr_not_equal(sq2, sq1);
	assert_ptr_equal(wide2, wide1);
	assert_int_equal(canvas_pixels_const(sq1)[0] ^
				 canvas_pixels_const(sq2)[0],
			 0x00010101);
	content_destroy(c1);
	content_destroy(c2);
	assert_int_equal(artcache_count(), 0);

	for (i = 0; i < NBASE; i++) {
		snprintf(b, sizeof(b), "%s/%s", tmp, base_files[i]);
		unlink(b);
	}
	snprintf(b, sizeof(b), "%s/art", tmp);
	rmdir(b);
	rmdir(tmp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_references),
		cmocka_unit_test(test_reload_shares),
		cmocka_unit_test(test_changed_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
