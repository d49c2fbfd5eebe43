/*
 * test_content: loading the bundled content, the facts its captions state,
 * and every case of the bad-content corpus with its exact error.
 */
#include <dirent.h>
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

#include "content/content.h"

static char srcdir[1024], fonts[1100], bundled[1100], base[1100];

static void paths(void)
{
	const char *s = getenv("PIDS_SRCDIR");

	snprintf(srcdir, sizeof(srcdir), "%s", s && *s ? s : ".");
	snprintf(fonts, sizeof(fonts), "%s/fonts", srcdir);
	snprintf(bundled, sizeof(bundled), "%s/assets/content", srcdir);
	snprintf(base, sizeof(base), "%s/tests/data/content-bad/base", srcdir);
}

static const struct content_heritage *heritage(const struct content *c,
					       const char *id)
{
	int i;

	for (i = 0; i < content_heritage_count(c); i++)
		if (strcmp(content_heritage_at(c, i)->id, id) == 0)
			return content_heritage_at(c, i);
	return NULL;
}

static void test_bundled_loads(void **state)
{
	const struct content_theme *t;
	const struct content_route *r;
	struct content *c;
	struct errbuf e = { "" };
	long long info = 0, all = 0;
	int i, k;

	(void)state;
	c = content_load_fonts(bundled, fonts, &e);
	if (!c)
		fail_msg("%s", e.msg);
	assert_int_equal(content_manifest(c)->format, CONTENT_FORMAT);
	assert_true(strlen(content_version(c)) > 0);
	/* The stop lists are made up: the content must say so. */
	assert_true(content_manifest(c)->illustrative);
	assert_true(content_routes_illustrative(c));
	assert_non_null(content_manifest(c)->note);

	assert_int_equal(content_route_count(c), 3);
	for (i = 0; i < 3; i++) {
		static const char *const ids[] = { "T45", "T6", "T4" };

		r = content_route_find(c, ids[i]);
		assert_non_null(r);
		assert_true(r->nstops >= 5);
		for (k = 0; k < 2; k++) {
			assert_true(strlen(r->dest[k]) > 0);
			assert_true(strlen(r->dest_en[k]) > 0);
			assert_true(strlen(r->via[k]) > 0);
		}
		/* Direction 1 runs the stops backwards. */
		assert_ptr_equal(content_route_stop(r, 1, 0),
				 &r->stops[r->nstops - 1]);
		assert_null(content_route_stop(r, 0, r->nstops));
	}
	assert_null(content_route_find(c, "T99"));

	assert_int_equal(content_heritage_count(c), 5);
	for (i = 0; i < content_heritage_count(c); i++) {
		const struct content_heritage *h = content_heritage_at(c, i);

		assert_non_null(h->image);
		assert_true(h->nsources >= 1);
		assert_non_null(h->caption.zh);
		assert_non_null(h->caption.en);
	}
	t = content_theme_select(c, "T45", 0);
	assert_string_equal(t->id, "filigree");
	assert_int_equal(t->slides[0].page, CONTENT_PAGE_NEXT_STOP);
	for (i = 0; i < t->nslides; i++) {
		if (t->slides[i].page == CONTENT_PAGE_NEXT_STOP)
			info += t->slides[i].ms;
		all += t->slides[i].ms;
	}
	assert_true(info * 2 >= all);
	assert_non_null(t->led_art16);
	assert_int_equal(canvas_height(t->led_art16), 16);
	assert_int_equal(canvas_height(t->led_art32), 32);
	content_destroy(c);
}

/* The captions state the sourced facts, and nothing is lost in an edit. */
static void test_bundled_facts(void **state)
{
	const struct content_heritage *h;
	struct content *c;
	struct errbuf e;

	(void)state;
	c = content_load_fonts(bundled, fonts, &e);
	assert_non_null(c);
	h = heritage(c, "listing");
	assert_non_null(h);
	assert_non_null(strstr(h->caption.zh, "Ⅷ-125"));
	assert_non_null(strstr(h->caption.zh, "2008"));
	assert_non_null(strstr(h->caption.zh, "第二批国家级非物质文化遗产"));
	assert_non_null(strstr(h->caption.zh, "传统技艺"));
	assert_non_null(strstr(h->caption.en, "VIII-125"));
	h = heritage(c, "tongzhou");
	assert_non_null(h);
	assert_non_null(strstr(h->caption.zh, "通州区"));
	assert_non_null(strstr(h->caption.zh, "北京东方艺珍花丝镶嵌厂"));
	h = heritage(c, "eight-crafts");
	assert_non_null(h);
	assert_non_null(strstr(h->caption.zh, "燕京八绝"));
	h = heritage(c, "techniques");
	assert_non_null(h);
	assert_non_null(strstr(h->caption.zh, "掐、填、攒、焊、堆、垒、织、编"));
	content_destroy(c);
}

static void test_base_loads(void **state)
{
	const struct content_theme *t;
	struct content *c;
	struct errbuf e;

	(void)state;
	c = content_load_fonts(base, fonts, &e);
	if (!c)
		fail_msg("%s", e.msg);
	assert_string_equal(content_version(c), "test-1");
	assert_int_equal(content_route_count(c), 2);
	assert_int_equal(content_theme_count(c), 2);
	t = content_theme_at(c, 0);
	assert_int_equal(t->nslides, 4);
	assert_int_equal(t->lcd_transition, CONTENT_TR_CROSSFADE);
	assert_int_equal(t->led_transition, CONTENT_TR_SCROLL);
	assert_int_equal(t->night_from, 22 * 60);
	assert_int_equal(t->night_to, 6 * 60);
	assert_int_equal(t->bright_night, 25);
	assert_string_equal(t->slides[3].heritage->id, "wide");
	/* Defaults of an LED section without brightness or ornament. */
	t = content_theme_at(c, 1);
	assert_int_equal(t->bright_day, 100);
	assert_int_equal(t->bright_night, 100);
	assert_null(t->led_art16);
	assert_int_equal(t->led_page_ms, 3000);
	assert_null(content_theme_at(c, 2));
	assert_null(content_route_at(c, 2));
	assert_string_equal(content_route_at(c, 0)->via[1], "经 梨园");
	assert_string_equal(content_route_at(c, 1)->via[0], "");
	assert_int_equal(content_route_at(c, 1)->color, 0xff00843du);
	content_destroy(c);
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void test_bad_corpus(void **state)
{
	char dir[1200], path[1400], expect[512], *names[256];
	struct errbuf e;
	struct dirent *d;
	int n = 0, bad = 0, i;
	size_t len;
	FILE *f;
	DIR *dp;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/tests/data/content-bad/cases", srcdir);
	dp = opendir(dir);
	assert_non_null(dp);
	while ((d = readdir(dp)) && n < 256)
		if (d->d_name[0] != '.')
			names[n++] = strdup(d->d_name);
	closedir(dp);
	qsort(names, (size_t)n, sizeof(names[0]), cmp);
	assert_true(n >= 50);
	for (i = 0; i < n; i++) {
		struct content *c;

		snprintf(path, sizeof(path), "%s/%s/expect", dir, names[i]);
		f = fopen(path, "r");
		assert_non_null(f);
		assert_non_null(fgets(expect, sizeof(expect), f));
		fclose(f);
		expect[strcspn(expect, "\n")] = '\0';
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		strcpy(e.msg, "(none)");
		c = content_load_fonts(path, fonts, &e);
		len = strlen(expect);
		if (c) {
			printf("%s: loaded, expected: %s\n", names[i], expect);
			content_destroy(c);
			bad++;
		} else if (len && expect[len - 1] == '*' ?
				   strncmp(e.msg, expect, len - 1) != 0 ||
					   strlen(e.msg) <= len :
				   strcmp(e.msg, expect) != 0) {
			printf("%s:\n   got: %s\n  want: %s\n", names[i], e.msg,
			       expect);
			bad++;
		}
		free(names[i]);
	}
	assert_int_equal(bad, 0);
}

static void test_missing_fonts_and_dir(void **state)
{
	struct errbuf e;

	(void)state;
	assert_null(content_load_fonts(base, "/nonexistent-fonts", &e));
	assert_string_equal(e.msg, "font coverage check: /nonexistent-fonts/"
				   "unifont-16.pcf.gz: No such file or "
				   "directory");
	assert_null(content_load_fonts("/nonexistent-content", fonts, &e));
	assert_string_equal(e.msg, "/nonexistent-content: No such file or "
				   "directory");
	assert_int_equal(errno, ENOENT);
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
	fclose(b);
}

static void test_json_too_large(void **state)
{
	static const char *const files[] = {
		"manifest.json", "routes.json", "heritage.json", "themes.json",
		"art/square.png", "art/wide.png", "art/led16.png",
		"art/led32.png",
	};
	char tmp[] = "/tmp/pids-content-XXXXXX", a[1400], b[1400];
	struct errbuf e;
	size_t i;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(tmp));
	snprintf(a, sizeof(a), "%s/art", tmp);
	assert_int_equal(mkdir(a, 0755), 0);
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(a, sizeof(a), "%s/%s", base, files[i]);
		snprintf(b, sizeof(b), "%s/%s", tmp, files[i]);
		copy_file(a, b);
	}
	/* PIDS_FONTS_DIR is what content_load() checks coverage against. */
	setenv("PIDS_FONTS_DIR", fonts, 1);
	assert_string_equal(content_fonts_dir(), fonts);
	content_destroy(content_load(tmp, &e));

	snprintf(b, sizeof(b), "%s/themes.json", tmp);
	f = fopen(b, "w");
	assert_non_null(f);
	for (i = 0; i < 2100; i++)
		fprintf(f, "%01000d\n", 0);
	fclose(f);
	assert_null(content_load(tmp, &e));
	assert_string_equal(e.msg, "themes.json: 2102100 bytes, at most "
				   "1048576");
	unsetenv("PIDS_FONTS_DIR");
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(b, sizeof(b), "%s/%s", tmp, files[i]);
		unlink(b);
	}
	snprintf(b, sizeof(b), "%s/art", tmp);
	rmdir(b);
	rmdir(tmp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bundled_loads),
		cmocka_unit_test(test_bundled_facts),
		cmocka_unit_test(test_base_loads),
		cmocka_unit_test(test_bad_corpus),
		cmocka_unit_test(test_missing_fonts_and_dir),
		cmocka_unit_test(test_json_too_large),
	};

	paths();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
