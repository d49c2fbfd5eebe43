/* Tests for render/pngio: every bad file of tests/data/png/ is refused with
   a message naming the file and the problem; every good file decodes to the
   pixels gen.py wrote (computed here from the same formulas); save -> load
   is exact; saving is atomic.  Also tests the golden_check helper. */
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "helper_golden.h"
#include "render/pngio.h"

static char tmpdir[64];

/* tests/data/png/<name> under PIDS_SRCDIR (or the current directory). */
static const char *data_path(char *buf, size_t len, const char *name)
{
	const char *src = getenv("PIDS_SRCDIR");

	snprintf(buf, len, "%s/tests/data/png/%s", src && *src ? src : ".",
		 name);
	return buf;
}

static const char *tmp_path(char *buf, size_t len, const char *name)
{
	snprintf(buf, len, "%s/%s", tmpdir, name);
	return buf;
}

static void rm_rf(const char *path)
{
	char sub[512];
	struct dirent *d;
	DIR *dir = opendir(path);

	if (!dir) {
		unlink(path);
		return;
	}
	while ((d = readdir(dir))) {
		if (!strcmp(d->d_name, ".") || !strcmp(d->d_name, ".."))
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", path, d->d_name);
		rm_rf(sub);
	}
	closedir(dir);
	rmdir(path);
}

static int setup(void **state)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/pids-test-pngio-XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
	rm_rf(tmpdir);
	return 0;
}

/* Loads @name expecting failure with errno @err (0: any) and @want in the
   message, which must also name the file. */
static void expect_bad(const char *name, const struct pngio_limits *lim,
		       int err, const char *want)
{
	struct errbuf e = { "" };
	struct canvas *c;
	char path[512];

	data_path(path, sizeof(path), name);
	errno = 0;
	c = pngio_load(path, lim, &e);
	if (c || !strstr(e.msg, want) || !strstr(e.msg, path) ||
	    (err && errno != err))
		fail_msg("%s: got \"%s\" (errno %d), want \"%s\" (errno %d)",
			 name, e.msg, errno, want, err);
	canvas_destroy(c);
}

static struct canvas *load_good(const char *name)
{
	struct errbuf e = { "" };
	struct canvas *c;
	char path[512];

	c = pngio_load(data_path(path, sizeof(path), name), NULL, &e);
	if (!c)
		fail_msg("%s: %s", name, e.msg);
	return c;
}

static uint32_t px(const struct canvas *c, int x, int y)
{
	return canvas_pixels_const(c)[(size_t)y * canvas_stride(c) + x];
}

static void assert_px(const struct canvas *c, int x, int y, uint32_t want)
{
	if (px(c, x, y) != want)
		fail_msg("pixel %d,%d: got #%08x, want #%08x", x, y,
			 (unsigned)px(c, x, y), (unsigned)want);
}

/* 16 -> 8 bits, rounded (libpng's png_set_scale_16). */
static unsigned s16(unsigned v)
{
	return (v * 255 + 32767) / 65535;
}

/* ---- bad input ---- */

static void test_bad_files(void **state)
{
	expect_bad("empty.png", NULL, EINVAL, ": empty file, not a PNG file");
	expect_bad("not_png.png", NULL, EINVAL, ": not a PNG file");
	expect_bad("truncated.png", NULL, EINVAL, ": truncated");
	expect_bad("bad_crc.png", NULL, EINVAL, ": IDAT: CRC error");
	expect_bad("huge_dims.png", NULL, EFBIG,
		   ": 100000x100000 exceeds the limit 4096x4096");
	expect_bad("huge_iccp.png", NULL, EFBIG,
		   ": iCCP: chunk data is too large (limit 1048576 bytes)");
	expect_bad("bad_pal_index.png", NULL, EINVAL,
		   ": PLTE: palette index 3 out of range (2 colours)");
	expect_bad("bad_ihdr.png", NULL, EINVAL, ": Invalid IHDR data (");
	expect_bad("no_idat.png", NULL, EINVAL, "IEND");
	expect_bad("missing.png", NULL, ENOENT, ": No such file");
	expect_bad(".", NULL, EISDIR, "Is a directory");
}

static void test_limits(void **state)
{
	struct pngio_limits lim = PNGIO_LIMITS_DEFAULT;

	lim.max_chunk = 4096;
	expect_bad("big_text.png", &lim, EFBIG,
		   ": tEXt: chunk data is too large (limit 4096 bytes)");
	lim = PNGIO_LIMITS_DEFAULT;
	lim.max_width = 6;
	expect_bad("good_rgba8.png", &lim, EFBIG,
		   ": 7x5 exceeds the limit 6x4096");
	lim = PNGIO_LIMITS_DEFAULT;
	lim.max_height = 4;
	expect_bad("good_rgba8.png", &lim, EFBIG,
		   ": 7x5 exceeds the limit 4096x4");
	lim = PNGIO_LIMITS_DEFAULT;
	lim.max_decoded = 139; /* 7 * 5 * 4 = 140 */
	expect_bad("good_rgba8.png", &lim, EFBIG,
		   ": 7x5 needs 140 bytes decoded, over the budget of 139");
	lim = PNGIO_LIMITS_DEFAULT;
	lim.max_file = 100;
	expect_bad("good_rgba8.png", &lim, EFBIG,
		   ": file larger than the limit of 100 bytes");
	lim.max_width = 0;
	lim.max_file = PNGIO_LIMITS_DEFAULT.max_file;
	expect_bad("good_rgba8.png", &lim, EINVAL, "invalid limits (0x4096");
}

/* The big tEXt chunk fits the default limit; the zTXt bomb (8 MiB
   inflated) is cut at the chunk limit by libpng and dropped: both decode
   to the plain image. */
static void test_ancillary_dropped(void **state)
{
	struct canvas *plain = load_good("good_rgb8.png");
	struct canvas *text = load_good("big_text.png");
	struct canvas *bomb = load_good("bomb_ztxt.png");
	struct rect d;

	d = canvas_diff(plain, text);
	assert_int_equal(d.w, 0);
	d = canvas_diff(plain, bomb);
	assert_int_equal(d.w, 0);
	canvas_destroy(plain);
	canvas_destroy(text);
	canvas_destroy(bomb);
}

static void test_decode_memory(void **state)
{
	static const unsigned char junk[] = "\x89PNG\r\n\x1a\n\0\0";
	struct errbuf e = { "" };

	assert_null(pngio_decode(junk, 4, NULL, &e));
	assert_string_equal(e.msg, "PNG data: truncated");
	assert_null(pngio_decode("GIF89a", 6, NULL, &e));
	assert_string_equal(e.msg, "PNG data: not a PNG file");
	assert_null(pngio_decode_named(junk, sizeof(junk) - 1, "pack:art.png",
				       NULL, &e));
	assert_string_equal(e.msg, "pack:art.png: truncated");
	assert_null(pngio_decode(NULL, 0, NULL, NULL));
	assert_int_equal(errno, EINVAL);
}

/* Every prefix of a good file fails cleanly (and never crashes). */
static void test_every_truncation(void **state)
{
	struct errbuf e = { "" };
	unsigned char buf[512];
	struct canvas *c;
	char path[512];
	size_t n, i;
	FILE *f;

	f = fopen(data_path(path, sizeof(path), "good_ga16_adam7.png"), "rb");
	assert_non_null(f);
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	assert_true(n > 100 && n < sizeof(buf));
	for (i = 0; i < n; i++) {
		c = pngio_decode(buf, i, NULL, &e);
		if (c)
			fail_msg("prefix of %zu bytes decoded", i);
		assert_non_null(strstr(e.msg, "PNG data: "));
	}
	c = pngio_decode(buf, n, NULL, &e);
	assert_non_null(c);
	canvas_destroy(c);
}

/* ---- good input (formulas as in tests/data/png/gen.py) ---- */

static void test_rgba8_rgb8(void **state)
{
	struct canvas *a = load_good("good_rgba8.png");
	struct canvas *b = load_good("good_rgb8.png");
	unsigned r, g, bl, al;
	int x, y;

	assert_int_equal(canvas_width(a), 7);
	assert_int_equal(canvas_height(a), 5);
	for (y = 0; y < 5; y++)
		for (x = 0; x < 7; x++) {
			r = (x * 37 + y * 11) & 255;
			g = (x * 5 + y * 71) & 255;
			bl = (x * y * 13 + 7) & 255;
			al = (x * 40 + y * 50) & 255;
			assert_px(a, x, y, ARGB(al, r, g, bl));
			assert_px(b, x, y, ARGB(255, r, g, bl));
		}
	canvas_destroy(a);
	canvas_destroy(b);
}

static void test_grey1(void **state)
{
	struct canvas *c = load_good("good_grey1.png");
	int x, y;

	assert_int_equal(canvas_width(c), 9);
	assert_int_equal(canvas_height(c), 3);
	for (y = 0; y < 3; y++)
		for (x = 0; x < 9; x++)
			assert_px(c, x, y,
				  (x + y) & 1 ? 0xffffffffu : 0xff000000u);
	canvas_destroy(c);
}

static void test_ga16_interlaced(void **state)
{
	struct canvas *c = load_good("good_ga16_adam7.png");
	unsigned g, a;
	int x, y;

	assert_int_equal(canvas_width(c), 9);
	assert_int_equal(canvas_height(c), 9);
	for (y = 0; y < 9; y++)
		for (x = 0; x < 9; x++) {
			g = s16((x * 7919 + y * 10007) & 0xffff);
			a = s16((x * 4099 + y * 8191 + 1) & 0xffff);
			assert_px(c, x, y, ARGB(a, g, g, g));
		}
	canvas_destroy(c);
}

static void test_palette_trns(void **state)
{
	static const uint32_t pal[4] = { ARGB(0, 255, 0, 0),
					 ARGB(128, 0, 255, 0),
					 ARGB(255, 0, 0, 255),
					 ARGB(255, 10, 20, 30) };
	struct canvas *c = load_good("good_pal_trns.png");
	int x, y;

	assert_int_equal(canvas_width(c), 5);
	assert_int_equal(canvas_height(c), 3);
	for (y = 0; y < 3; y++)
		for (x = 0; x < 5; x++)
			assert_px(c, x, y, pal[(x + 2 * y) % 4]);
	canvas_destroy(c);
}

static void test_rgb16_colour_key(void **state)
{
	struct canvas *c = load_good("good_rgb16_trns.png");
	unsigned r, g, b;
	int x, y;

	for (y = 0; y < 4; y++)
		for (x = 0; x < 4; x++) {
			r = s16((x * 20000 + y * 3) & 0xffff);
			g = s16((y * 20000 + x * 5) & 0xffff);
			b = s16((x * y * 4000) & 0xffff);
			assert_px(c, x, y,
				  ARGB(x == 1 && y == 1 ? 0 : 255, r, g, b));
		}
	canvas_destroy(c);
}

/* The fuzz seeds hold one image per colour type and depth, flat and
   Adam7 interlaced (same pixels): both must decode alike. */
static void test_interlace_matches_flat(void **state)
{
	static const char *const kinds[] = {
		"ct0_d1", "ct0_d2", "ct0_d4", "ct0_d8", "ct0_d16", "ct2_d8",
		"ct2_d16", "ct3_d1", "ct3_d2", "ct3_d4", "ct3_d8", "ct4_d8",
		"ct4_d16", "ct6_d8", "ct6_d16",
	};
	const char *src = getenv("PIDS_SRCDIR");
	struct errbuf e = { "" };
	struct canvas *flat, *il;
	char path[512];
	struct rect r;
	size_t i;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		snprintf(path, sizeof(path),
			 "%s/tests/fuzz/corpus/png/seed_%s_flat.png",
			 src && *src ? src : ".", kinds[i]);
		flat = pngio_load(path, NULL, &e);
		if (!flat)
			fail_msg("%s", e.msg);
		snprintf(path, sizeof(path),
			 "%s/tests/fuzz/corpus/png/seed_%s_adam7.png",
			 src && *src ? src : ".", kinds[i]);
		il = pngio_load(path, NULL, &e);
		if (!il)
			fail_msg("%s", e.msg);
		r = canvas_diff(flat, il);
		if (r.w)
			fail_msg("%s: interlaced differs at %d,%d", kinds[i],
				 r.x, r.y);
		canvas_destroy(flat);
		canvas_destroy(il);
	}
}

/* ---- saving ---- */

static struct canvas *noise(int w, int h, int opaque, unsigned seed)
{
	struct canvas *c = canvas_create(w, h, NULL);
	uint32_t *p = canvas_pixels(c);
	int i;

	for (i = 0; i < w * h; i++) {
		seed = seed * 1103515245u + 12345u;
		p[i] = seed ^ (seed >> 13);
		if (opaque)
			p[i] |= 0xff000000u;
	}
	return c;
}

/* Colour type byte of a PNG file (IHDR offset 25). */
static int file_colour_type(const char *path)
{
	unsigned char h[26];
	FILE *f = fopen(path, "rb");
	size_t n;

	assert_non_null(f);
	n = fread(h, 1, sizeof(h), f);
	fclose(f);
	assert_int_equal(n, sizeof(h));
	return h[25];
}

static void round_trip(int opaque, int want_type)
{
	struct canvas *c = noise(37, 23, opaque, 7u + opaque), *d;
	struct errbuf e = { "" };
	char path[512];
	struct rect r;

	tmp_path(path, sizeof(path), "rt.png");
	assert_int_equal(pngio_save(c, path, &e), 0);
	assert_int_equal(file_colour_type(path), want_type);
	d = pngio_load(path, NULL, &e);
	assert_non_null(d);
	r = canvas_diff(c, d);
	assert_int_equal(r.w, 0);
	assert_int_equal(r.h, 0);
	canvas_destroy(c);
	canvas_destroy(d);
}

static void test_round_trip_rgba(void **state)
{
	round_trip(0, 6);
}

static void test_round_trip_rgb(void **state)
{
	round_trip(1, 2);
}

/* Nothing but @want (NULL: nothing) is left in tmpdir. */
static void assert_dir_holds(const char *want)
{
	struct dirent *d;
	DIR *dir = opendir(tmpdir);
	int n = 0;

	assert_non_null(dir);
	while ((d = readdir(dir))) {
		if (!strcmp(d->d_name, ".") || !strcmp(d->d_name, ".."))
			continue;
		if (!want || strcmp(d->d_name, want))
			fail_msg("left in %s: %s", tmpdir, d->d_name);
		n++;
	}
	closedir(dir);
	assert_int_equal(n, want ? 1 : 0);
}

static void test_save_atomic(void **state)
{
	struct canvas *old = noise(16, 16, 1, 1), *big = noise(256, 256, 0, 2);
	struct errbuf e = { "" };
	struct rlimit rl, small;
	struct canvas *back;
	char path[512], dpath[512];
	struct rect r;
	int rc;

	rm_rf(tmpdir);
	assert_int_equal(mkdir(tmpdir, 0700), 0);
	tmp_path(path, sizeof(path), "snap.png");
	assert_int_equal(pngio_save(old, path, &e), 0);
	assert_dir_holds("snap.png");

	/* A write that fails half-way (file size limit): the old file stays
	   whole and the temporary file is gone. */
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &rl), 0);
	small = rl;
	small.rlim_cur = 4096;
	signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &small), 0);
	rc = pngio_save(big, path, &e);
	setrlimit(RLIMIT_FSIZE, &rl);
	signal(SIGXFSZ, SIG_DFL);
	assert_int_equal(rc, -1);
	assert_int_equal(errno, EFBIG);
	assert_non_null(strstr(e.msg, path));
	assert_dir_holds("snap.png");
	back = pngio_load(path, NULL, &e);
	assert_non_null(back);
	r = canvas_diff(old, back);
	assert_int_equal(r.w, 0);
	canvas_destroy(back);

	/* The rename fails (a directory is in the way). */
	tmp_path(dpath, sizeof(dpath), "dir.png");
	assert_int_equal(mkdir(dpath, 0700), 0);
	assert_int_equal(pngio_save(old, dpath, &e), -1);
	assert_non_null(strstr(e.msg, "dir.png: rename"));
	assert_int_equal(rmdir(dpath), 0);
	assert_dir_holds("snap.png");

	/* No directory to write into. */
	tmp_path(dpath, sizeof(dpath), "nodir/x.png");
	assert_int_equal(pngio_save(old, dpath, &e), -1);
	assert_int_equal(errno, ENOENT);
	assert_non_null(strstr(e.msg, "nodir/x.png: creating a temporary"));

	/* An unwritable directory (root ignores modes: skip then). */
	if (geteuid() != 0) {
		tmp_path(dpath, sizeof(dpath), "ro");
		assert_int_equal(mkdir(dpath, 0500), 0);
		tmp_path(dpath, sizeof(dpath), "ro/x.png");
		assert_int_equal(pngio_save(old, dpath, &e), -1);
		assert_int_equal(errno, EACCES);
		tmp_path(dpath, sizeof(dpath), "ro");
		rmdir(dpath);
	}

	/* Replacing works and leaves only the file. */
	assert_int_equal(pngio_save(big, path, &e), 0);
	assert_dir_holds("snap.png");
	back = pngio_load(path, NULL, &e);
	assert_non_null(back);
	r = canvas_diff(big, back);
	assert_int_equal(r.w, 0);
	canvas_destroy(back);
	canvas_destroy(old);
	canvas_destroy(big);
}

/* ---- golden_check ---- */

static void test_golden_helper(void **state)
{
	char *src = getenv("PIDS_SRCDIR"), *build = getenv("BUILD");
	char *upd = getenv("PIDS_GOLDEN_UPDATE");
	char *old_src = src ? strdup(src) : NULL;
	char *old_build = build ? strdup(build) : NULL;
	char *old_upd = upd ? strdup(upd) : NULL;
	struct canvas *c = noise(20, 10, 1, 3), *d;
	uint32_t p5;
	char path[512];
	struct stat st;

	setenv("PIDS_SRCDIR", tmpdir, 1);
	setenv("BUILD", tmpdir, 1);
	unsetenv("PIDS_GOLDEN_UPDATE");

	assert_int_equal(golden_check(c, "sub/g", 0, 0), -1); /* missing */
	setenv("PIDS_GOLDEN_UPDATE", "1", 1);
	assert_int_equal(golden_check(c, "sub/g", 0, 0), 0);
	unsetenv("PIDS_GOLDEN_UPDATE");
	tmp_path(path, sizeof(path), "tests/golden/sub/g.png");
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(golden_check(c, "sub/g", 0, 0), 0);

	/* Two pixels off by 3: exact fails, tolerances pass. */
	d = canvas_create(20, 10, NULL);
	canvas_copy(d, c);
	p5 = canvas_pixels(c)[5];
	canvas_pixels(d)[5] = ARGB_B(p5) >= 3 ? p5 - 3 : p5 + 3;
	canvas_pixels(d)[47] |= 0xff000000u;
	canvas_pixels(d)[47] ^= 0x00030000u;
	assert_int_equal(golden_check(d, "sub/g", 0, 0), -1);
	tmp_path(path, sizeof(path), "test-out/sub/g.diff.png");
	assert_int_equal(stat(path, &st), 0);
	tmp_path(path, sizeof(path), "test-out/sub/g.actual.png");
	assert_int_equal(stat(path, &st), 0);
	canvas_pixels(d)[47] = canvas_pixels(c)[47];
	assert_int_equal(golden_check(d, "sub/g", 3, 0), 0);
	assert_int_equal(golden_check(d, "sub/g", 2, 1), 0);
	assert_int_equal(golden_check(d, "sub/g", 2, 0), -1);
	canvas_destroy(d);

	/* Size differs. */
	d = canvas_create(10, 20, NULL);
	assert_int_equal(golden_check(d, "sub/g", 255, 1000), -1);
	canvas_destroy(d);
	assert_int_equal(golden_check(NULL, "sub/g", 0, 0), -1);

	if (old_src)
		setenv("PIDS_SRCDIR", old_src, 1);
	else
		unsetenv("PIDS_SRCDIR");
	if (old_build)
		setenv("BUILD", old_build, 1);
	else
		unsetenv("BUILD");
	if (old_upd)
		setenv("PIDS_GOLDEN_UPDATE", old_upd, 1);
	free(old_src);
	free(old_build);
	free(old_upd);
	canvas_destroy(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bad_files),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_ancillary_dropped),
		cmocka_unit_test(test_decode_memory),
		cmocka_unit_test(test_every_truncation),
		cmocka_unit_test(test_rgba8_rgb8),
		cmocka_unit_test(test_grey1),
		cmocka_unit_test(test_ga16_interlaced),
		cmocka_unit_test(test_palette_trns),
		cmocka_unit_test(test_rgb16_colour_key),
		cmocka_unit_test(test_interlace_matches_flat),
		cmocka_unit_test(test_round_trip_rgba),
		cmocka_unit_test(test_round_trip_rgb),
		cmocka_unit_test(test_save_atomic),
		cmocka_unit_test(test_golden_helper),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
