/*
 * pngtool: pixel-level checks of PNG files for the end-to-end tests.
 *
 *   pngtool sum FILE            "WxH <hash of the decoded pixels>"
 *   pngtool same A B            exit 0 if the pixels are identical, else 1
 *                               (prints how many differ)
 *   pngtool golden FILE GOLDEN  like same, but with PIDS_GOLDEN_UPDATE=1
 *                               writes GOLDEN from FILE instead
 *   pngtool lit FILE            how many pixels are not black
 *
 * Comparing decoded pixels, not files, keeps the checks independent of
 * PNG compression settings.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "render/canvas.h"
#include "render/pngio.h"

static struct canvas *load(const char *path)
{
	struct errbuf e;
	struct canvas *c = pngio_load(path, NULL, &e);

	if (!c)
		fprintf(stderr, "pngtool: %s\n", e.msg);
	return c;
}

static uint64_t hash(const struct canvas *c)
{
	const uint32_t *px = canvas_pixels_const(c);
	uint64_t h = 1469598103934665603ull;
	int x, y;

	for (y = 0; y < canvas_height(c); y++) {
		for (x = 0; x < canvas_width(c); x++) {
			h ^= px[(size_t)y * canvas_stride(c) + x];
			h *= 1099511628211ull;
		}
	}
	return h;
}

/* Pixels that differ; -1 if the sizes differ. */
static long differ(const struct canvas *a, const struct canvas *b)
{
	int x, y;
	long n = 0;

	if (canvas_width(a) != canvas_width(b) ||
	    canvas_height(a) != canvas_height(b))
		return -1;
	for (y = 0; y < canvas_height(a); y++)
		for (x = 0; x < canvas_width(a); x++)
			n += canvas_pixels_const(
				     a)[(size_t)y * canvas_stride(a) + x] !=
			     canvas_pixels_const(
				     b)[(size_t)y * canvas_stride(b) + x];
	return n;
}

static int same(const char *pa, const char *pb)
{
	struct canvas *a = load(pa), *b = a ? load(pb) : NULL;
	long n;

	if (!a || !b) {
		canvas_destroy(a);
		return 2;
	}
	n = differ(a, b);
	if (n < 0)
		printf("%s is %dx%d, %s is %dx%d\n", pa, canvas_width(a),
		       canvas_height(a), pb, canvas_width(b), canvas_height(b));
	else if (n > 0)
		printf("%ld pixels differ between %s and %s\n", n, pa, pb);
	canvas_destroy(a);
	canvas_destroy(b);
	return n == 0 ? 0 : 1;
}

static int golden(const char *file, const char *gold)
{
	const char *upd = getenv("PIDS_GOLDEN_UPDATE");
	struct canvas *c;
	struct stat st;
	struct errbuf e;
	char dir[4096];
	int rc;

	if (!upd || strcmp(upd, "1") != 0) {
		if (stat(gold, &st) < 0) {
			fprintf(stderr, "pngtool: %s missing: run make golden\n", gold);
			return 2;
		}
		return same(file, gold);
	}
	if (stat(gold, &st) == 0 && same(file, gold) == 0)
		return 0;
	c = load(file);
	if (!c)
		return 2;
	snprintf(dir, sizeof(dir), "%s", gold);
	if (strrchr(dir, '/')) {
		*strrchr(dir, '/') = 0;
		mkdir(dir, 0755); /* one level, like tests/golden/e2e */
	}
	rc = pngio_save(c, gold, &e);
	if (rc < 0)
		fprintf(stderr, "pngtool: %s\n", e.msg);
	else
		fprintf(stderr, "pngtool: updated %s\n", gold);
	canvas_destroy(c);
	return rc < 0 ? 2 : 0;
}

int main(int argc, char **argv)
{
	struct canvas *c;
	long lit = 0;
	int x, y;

	if (argc == 3 && strcmp(argv[1], "sum") == 0) {
		if (!(c = load(argv[2])))
			return 2;
		printf("%dx%d %016llx\n", canvas_width(c), canvas_height(c),
		       (unsigned long long)hash(c));
		canvas_destroy(c);
		return 0;
	}
	if (argc == 4 && strcmp(argv[1], "same") == 0)
		return same(argv[2], argv[3]);
	if (argc == 4 && strcmp(argv[1], "golden") == 0)
		return golden(argv[2], argv[3]);
	if (argc == 3 && strcmp(argv[1], "lit") == 0) {
		if (!(c = load(argv[2])))
			return 2;
		for (y = 0; y < canvas_height(c); y++)
			for (x = 0; x < canvas_width(c); x++)
				lit += (canvas_pixels(
						c)[(size_t)y *
							   canvas_stride(c) +
						   x] &
					0xffffff) != 0;
		printf("%ld\n", lit);
		canvas_destroy(c);
		return 0;
	}
	fprintf(stderr, "usage: pngtool sum FILE | same A B | golden FILE GOLDEN | lit FILE\n");
	return 2;
}
