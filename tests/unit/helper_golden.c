/* helper_golden: see helper_golden.h. */
#include "helper_golden.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "render/pngio.h"

/* Goldens may be as large as the canvas allows. */
static const struct pngio_limits golden_limits = {
	.max_width = 16384,
	.max_height = 16384,
	.max_decoded = (size_t)1 << 30,
	.max_chunk = 1 << 20,
	.max_file = (size_t)1 << 30,
};

/* mkdir -p of the directory part of @path. */
static int golden_mkdirs(const char *path)
{
	char tmp[4096];
	char *p;

	if (snprintf(tmp, sizeof(tmp), "%s", path) >= (int)sizeof(tmp))
		return -1;
	for (p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = 0;
		if (mkdir(tmp, 0755) < 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return 0;
}

static int golden_save(const struct canvas *c, const char *path)
{
	struct errbuf e = { "" };

	if (golden_mkdirs(path) < 0) {
		fprintf(stderr, "golden: %s: cannot create its directory: %s\n",
			path, strerror(errno));
		return -1;
	}
	if (pngio_save(c, path, &e) < 0) {
		fprintf(stderr, "golden: %s\n", e.msg);
		return -1;
	}
	return 0;
}

static int golden_channel_diff(uint32_t a, uint32_t b)
{
	int d = 0, i, da;

	if (ARGB_A(a) == 0 && ARGB_A(b) == 0)
		return 0;
	for (i = 0; i < 32; i += 8) {
		da = abs((int)((a >> i) & 0xff) - (int)((b >> i) & 0xff));
		d = da > d ? da : d;
	}
	return d;
}

struct golden_cmp {
	long bad, near;
	int max_diff, first_x, first_y;
	uint32_t got, want;
};

/* Compares same-sized canvases; fills @diff (may be NULL) with the map. */
static void golden_compare(const struct canvas *c, const struct canvas *g,
			   int tol, struct canvas *diff, struct golden_cmp *r)
{
	int w = canvas_width(c), h = canvas_height(c), x, y, d, l;
	const uint32_t *pc, *pg;
	uint32_t *pd = NULL, m;

	memset(r, 0, sizeof(*r));
	r->first_x = r->first_y = -1;
	for (y = 0; y < h; y++) {
		pc = canvas_pixels_const(c) + (size_t)y * canvas_stride(c);
		pg = canvas_pixels_const(g) + (size_t)y * canvas_stride(g);
		if (diff)
			pd = canvas_pixels(diff) +
			     (size_t)y * canvas_stride(diff);
		for (x = 0; x < w; x++) {
			d = golden_channel_diff(pc[x], pg[x]);
			r->max_diff = d > r->max_diff ? d : r->max_diff;
			if (d > tol) {
				if (!r->bad++) {
					r->first_x = x;
					r->first_y = y;
					r->got = pc[x];
					r->want = pg[x];
				}
				m = ARGB(255, 255, 0, 0);
			} else if (d > 0) {
				r->near++;
				m = ARGB(255, 255, 220, 0);
			} else {
				m = pg[x];
				l = (ARGB_R(m) * 77 + ARGB_G(m) * 150 +
				     ARGB_B(m) * 29) >> 8;
				l = 32 + l * ARGB_A(m) / 255 / 3;
				m = ARGB(255, l, l, l);
			}
			if (pd)
				pd[x] = m;
		}
	}
}

static void golden_write_failure(const struct canvas *c,
				 const struct canvas *g, const char *name,
				 int tol)
{
	const char *build = getenv("BUILD");
	struct golden_cmp r;
	struct canvas *diff;
	char path[4096];

	if (!build || !*build)
		build = "build";
	snprintf(path, sizeof(path), "%s/test-out/%s.actual.png", build, name);
	if (golden_save(c, path) == 0)
		fprintf(stderr, "golden %s: wrote %s\n", name, path);
	if (!g || canvas_width(g) != canvas_width(c) ||
	    canvas_height(g) != canvas_height(c))
		return;
	diff = canvas_create(canvas_width(c), canvas_height(c), NULL);
	if (!diff)
		return;
	golden_compare(c, g, tol, diff, &r);
	snprintf(path, sizeof(path), "%s/test-out/%s.diff.png", build, name);
	if (golden_save(diff, path) == 0)
		fprintf(stderr, "golden %s: wrote %s\n", name, path);
	canvas_destroy(diff);
}

int golden_check(const struct canvas *c, const char *name, int tol,
		 int max_bad)
{
	const char *src = getenv("PIDS_SRCDIR");
	const char *update = getenv("PIDS_GOLDEN_UPDATE");
	struct errbuf e = { "" };
	struct golden_cmp r;
	struct canvas *g;
	char path[4096];
	int rc = -1;

	if (!c || !name) {
		fprintf(stderr, "golden %s: no canvas to compare\n",
			name ? name : "(null)");
		return -1;
	}
	snprintf(path, sizeof(path), "%s/tests/golden/%s.png",
		 src && *src ? src : ".", name);
	g = pngio_load(path, &golden_limits, &e);
	if (update && !strcmp(update, "1")) {
		if (g && canvas_width(g) == canvas_width(c) &&
		    canvas_height(g) == canvas_height(c)) {
			golden_compare(c, g, 0, NULL, &r);
			if (r.max_diff == 0) {
				canvas_destroy(g);
				return 0;
			}
		}
		canvas_destroy(g);
		if (golden_save(c, path) < 0)
			return -1;
		fprintf(stderr, "golden %s: wrote %s (look at it)\n", name,
			path);
		return 0;
	}
	if (!g) {
		if (errno == ENOENT)
			fprintf(stderr,
				"golden %s: %s is missing; run `make golden` "
				"to create it, then look at it\n",
				name, path);
		else
			fprintf(stderr, "golden %s: %s\n", name, e.msg);
		golden_write_failure(c, NULL, name, tol);
		return -1;
	}
	if (canvas_width(g) != canvas_width(c) ||
	    canvas_height(g) != canvas_height(c)) {
		fprintf(stderr, "golden %s: size differs: got %dx%d, want %dx%d\n",
			name, canvas_width(c), canvas_height(c),
			canvas_width(g), canvas_height(g));
		golden_write_failure(c, g, name, tol);
		goto out;
	}
	golden_compare(c, g, tol, NULL, &r);
	if (r.bad > max_bad) {
		fprintf(stderr,
			"golden %s: %ld pixels differ by more than %d "
			"(at most %d allowed, largest difference %d), first at "
			"%d,%d: got #%08x, want #%08x\n",
			name, r.bad, tol, max_bad, r.max_diff, r.first_x,
			r.first_y, (unsigned)r.got, (unsigned)r.want);
		golden_write_failure(c, g, name, tol);
		goto out;
	}
	rc = 0;
out:
	canvas_destroy(g);
	return rc;
}
