/*
 * content: loading a content directory (see content.h), reading its files
 * beneath the directory only, decoding its artwork within limits and
 * checking that the bundled fonts can draw every displayed string.
 */
#include "content/content.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "content/artcache.h"
#include "content/content_parse.h"
#include "render/font.h"
#include "render/pngio.h"
#include "util/utf8.h"

#define JSON_FILE_MAX (1u << 20)     /* bytes of one JSON document */
#define ART_FILE_MAX (32u << 20)     /* bytes of one PNG file */
#define ART_BUDGET ((size_t)48 << 20) /* decoded bytes of all artwork */
#define PATH_MAX_LEN 128

static const struct pngio_limits art_limits = {
	.max_width = 4096,
	.max_height = 4096,
	.max_decoded = (size_t)64 << 20,
	.max_chunk = (size_t)1 << 20,
	.max_file = ART_FILE_MAX,
};

/* A path inside the content directory: components of [A-Za-z0-9._-] that
   do not start with '.', joined by single '/'. */
static int path_ok(const char *p)
{
	size_t n = strlen(p), i;
	int start = 1;

	if (n == 0 || n > PATH_MAX_LEN || p[n - 1] == '/')
		return 0;
	for (i = 0; i < n; i++) {
		char ch = p[i];

		if (start && (ch == '.' || ch == '/'))
			return 0;
		start = ch == '/';
		if (!start && !(ch >= 'a' && ch <= 'z') &&
		    !(ch >= 'A' && ch <= 'Z') && !(ch >= '0' && ch <= '9') &&
		    ch != '.' && ch != '_' && ch != '-')
			return 0;
	}
	return 1;
}

/*
 * Reads @rel beneath @dirfd into a new buffer (NUL-terminated), refusing
 * symbolic links at every step, anything but a regular file, and files
 * over @max bytes.  -1 with "REL: reason".
 */
static int read_beneath(int dirfd, const char *rel, size_t max, char **buf,
			size_t *len, struct errbuf *e)
{
	char comp[PATH_MAX_LEN + 1];
	const char *p = rel, *slash;
	int fd = dirfd, nfd;
	struct stat st;
	ssize_t n;
	size_t got = 0;
	char *b = NULL;

	while ((slash = strchr(p, '/'))) {
		memcpy(comp, p, (size_t)(slash - p));
		comp[slash - p] = '\0';
		nfd = openat(fd, comp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
					       O_CLOEXEC);
		if (fd != dirfd)
			close(fd);
		if (nfd < 0) {
			errbuf_errno(e, "%s", rel);
			return -1;
		}
		fd = nfd;
		p = slash + 1;
	}
	nfd = openat(fd, p, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY |
				    O_NONBLOCK);
	if (fd != dirfd)
		close(fd);
	if (nfd < 0) {
		if (errno == ELOOP)
			errbuf_set(e, "%s: a symbolic link (not allowed in "
				      "content)", rel);
		else
			errbuf_errno(e, "%s", rel);
		return -1;
	}
	if (fstat(nfd, &st) < 0) {
		errbuf_errno(e, "%s", rel);
		goto fail_fd;
	}
	if (!S_ISREG(st.st_mode)) {
		errno = EINVAL;
		errbuf_set(e, "%s: not a regular file", rel);
		goto fail_fd;
	}
	if ((unsigned long long)st.st_size > max) {
		errno = EFBIG;
		errbuf_set(e, "%s: %lld bytes, at most %zu", rel,
			   (long long)st.st_size, max);
		goto fail_fd;
	}
	b = malloc((size_t)st.st_size + 1);
	if (!b) {
		errbuf_errno(e, "%s", rel);
		goto fail_fd;
	}
	while (got < (size_t)st.st_size) {
		n = read(nfd, b + got, (size_t)st.st_size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			errbuf_errno(e, "%s", rel);
			goto fail_buf;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	b[got] = '\0';
	close(nfd);
	*buf = b;
	*len = got;
	return 0;

fail_buf:
	free(b);
fail_fd:
	close(nfd);
	return -1;
}

int content_art(struct content *c, struct jsonv *v, const json_t *obj,
		const char *key, int required, const char **path,
		const struct canvas **out)
{
	uint8_t hash[ARTCACHE_KEY_LEN];
	struct content_art *a;
	struct errbuf e2;
	const struct canvas *img;
	size_t len, bytes;
	char *buf;
	int i;

	*out = NULL;
	if (jsonv_str(v, obj, key, required, NULL, path) < 0)
		return -1;
	if (!*path)
		return 0;
	if (!path_ok(*path))
		return jsonv_fail_key(v, key,
				      "\"%.60s\" is not a plain relative path "
				      "inside the content directory", *path);
	len = strlen(*path);
	if (len < 5 || strcmp(*path + len - 4, ".png") != 0)
		return jsonv_fail_key(v, key, "\"%.60s\" is not a .png file",
				      *path);
	for (i = 0; i < c->nart; i++) {
		if (strcmp(c->art[i].path, *path) == 0) {
			*out = c->art[i].image;
			return 0;
		}
	}
	if (c->nart == CONTENT_MAX_ART)
		return jsonv_fail_key(v, key, "more than %d artwork files",
				      CONTENT_MAX_ART);
	if (read_beneath(c->dirfd, *path, ART_FILE_MAX, &buf, &len, &e2) < 0)
		return jsonv_fail_key(v, key, "%s", e2.msg);
	/* The same file in the content being replaced: its image, shared
	   (a reload holds one copy, and decodes nothing). */
	artcache_key(buf, len, hash);
	img = artcache_get(hash);
	if (!img) {
		struct canvas *dec = pngio_decode(buf, len, &art_limits, &e2);

		if (!dec) {
			free(buf);
			return jsonv_fail_key(v, key, "%s: %s", *path,
					      e2.msg);
		}
		img = artcache_put(hash, dec);
	}
	free(buf);
	if (!img)
		return jsonv_fail(v, "out of memory");
	bytes = (size_t)canvas_width(img) * (size_t)canvas_height(img) * 4;
	if (c->art_bytes + bytes > ART_BUDGET) {
		artcache_release(img);
		return jsonv_fail_key(v, key,
				      "%s: artwork would exceed %zu MiB "
				      "decoded in all", *path,
				      ART_BUDGET >> 20);
	}
	a = &c->art[c->nart];
	a->path = strdup(*path);
	if (!a->path) {
		artcache_release(img);
		return jsonv_fail(v, "out of memory");
	}
	a->image = img;
	c->nart++;
	c->art_bytes += bytes;
	*out = img;
	return 0;
}

/* ---- font coverage ---- */

enum { F_LED16, F_LED12, F_SANS, F_BOLD, F_N };
#define M(f) (1u << (f))
/* Route ids and destinations: LED signs (Unifont; 32-row route numbers in
   Noto Bold) and the LCD header.  Vias: LED signs only, 16 and 12 px.
   Everything else: the LCD. */
#define ON_SIGNS (M(F_LED16) | M(F_SANS) | M(F_BOLD))
#define ON_VIA (M(F_LED16) | M(F_LED12))
#define ON_LCD (M(F_SANS) | M(F_BOLD))

static const struct {
	const char *file;
	int px;
	enum font_mode mode;
} cover_fonts[F_N] = {
	[F_LED16] = { CONTENT_FONT_LED16, 16, FONT_MONO },
	[F_LED12] = { CONTENT_FONT_LED12, 12, FONT_MONO },
	[F_SANS] = { CONTENT_FONT_SANS, 32, FONT_AA },
	[F_BOLD] = { CONTENT_FONT_BOLD, 32, FONT_AA },
};

struct coverage {
	struct font *f[F_N];
	struct errbuf *e;
};

/* Checks the string @s (may be NULL) against the fonts in @mask; @field
   names it in @file. */
static int cover_str(struct coverage *cv, unsigned int mask, const char *file,
		     const char *s, const char *field)
{
	uint32_t cp;
	char ch[8];
	size_t n;
	int i;

	if (!s)
		return 0;
	for (i = 0; i < F_N; i++) {
		if (!(mask & M(i)))
			continue;
		if (font_missing(cv->f[i], s, &cp, 1) == 0)
			continue;
		n = utf8_encode(cp, ch);
		ch[n] = '\0';
		errno = EINVAL;
		errbuf_set(cv->e, "%s: %s: U+%04X '%s' is not in %s", file,
			   field, (unsigned int)cp, ch, cover_fonts[i].file);
		return -1;
	}
	return 0;
}

static int check_text(struct coverage *cv, unsigned int mask, const char *file,
		      const struct content_text *t, const char *field)
{
	char f[JSONV_PATH_LEN];

	snprintf(f, sizeof(f), "%s.zh", field);
	if (cover_str(cv, mask, file, t->zh, f) < 0)
		return -1;
	snprintf(f, sizeof(f), "%s.en", field);
	return cover_str(cv, mask, file, t->en, f);
}

static int check_coverage(const struct content *c, const char *fonts_dir,
			  struct errbuf *e)
{
	const char *rf = content_doc_names[DOC_ROUTES];
	const char *hf = content_doc_names[DOC_HERITAGE];
	struct coverage cv = { .e = e };
	char path[PATH_MAX], f[JSONV_PATH_LEN];
	const char *files[1];
	int i, k, r = -1;

	for (i = 0; i < F_N; i++) {
		snprintf(path, sizeof(path), "%s/%s", fonts_dir,
			 cover_fonts[i].file);
		files[0] = path;
		cv.f[i] = font_create(files, 1, cover_fonts[i].px,
				      cover_fonts[i].mode, e);
		if (!cv.f[i]) {
			errbuf_prefix(e, "font coverage check");
			goto out;
		}
	}
	for (i = 0; i < c->nroutes; i++) {
		const struct content_route *ro = &c->routes[i];

		snprintf(f, sizeof(f), "routes[%d].id", i);
		if (cover_str(&cv, ON_SIGNS, rf, ro->id, f) < 0)
			goto out;
		for (k = 0; k < 2; k++) {
			struct content_text d = { ro->dest[k], ro->dest_en[k] };
			struct content_text via = { ro->via[k], ro->via_en[k] };

			snprintf(f, sizeof(f), "routes[%d].directions[%d].dest",
				 i, k);
			if (check_text(&cv, ON_SIGNS, rf, &d, f) < 0)
				goto out;
			snprintf(f, sizeof(f), "routes[%d].directions[%d].via",
				 i, k);
			if (check_text(&cv, ON_VIA, rf, &via, f) < 0)
				goto out;
		}
		for (k = 0; k < ro->nstops; k++) {
			struct content_text s = { ro->stops[k].zh,
						  ro->stops[k].en };

			snprintf(f, sizeof(f), "routes[%d].stops[%d]", i, k);
			if (check_text(&cv, ON_LCD, rf, &s, f) < 0)
				goto out;
		}
	}
	for (i = 0; i < c->nheritage; i++) {
		const struct content_heritage *h = &c->heritage[i];

		snprintf(f, sizeof(f), "slides[%d].title", i);
		if (check_text(&cv, ON_LCD, hf, &h->title, f) < 0)
			goto out;
		snprintf(f, sizeof(f), "slides[%d].caption", i);
		if (check_text(&cv, ON_LCD, hf, &h->caption, f) < 0)
			goto out;
		snprintf(f, sizeof(f), "slides[%d].credit", i);
		if (check_text(&cv, ON_LCD, hf, &h->credit, f) < 0)
			goto out;
	}
	r = 0;
out:
	for (i = 0; i < F_N; i++)
		font_destroy(cv.f[i]);
	return r;
}

/* ---- loading ---- */

static int load_doc(struct content *c, enum content_doc d, struct errbuf *e)
{
	const char *name = content_doc_names[d];
	json_error_t je;
	size_t len;
	char *buf;

	if (read_beneath(c->dirfd, name, JSON_FILE_MAX, &buf, &len, e) < 0)
		return -1;
	c->doc[d] = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &je);
	free(buf);
	if (!c->doc[d]) {
		errno = EINVAL;
		errbuf_set(e, "%s:%d:%d: %s", name, je.line, je.column,
			   je.text);
		return -1;
	}
	return 0;
}

static int (*const parsers[DOC_N])(struct content *, struct jsonv *) = {
	[DOC_MANIFEST] = content_parse_manifest,
	[DOC_ROUTES] = content_parse_routes,
	[DOC_HERITAGE] = content_parse_heritage,
	[DOC_THEMES] = content_parse_themes,
};

struct content *content_load_fonts(const char *dir, const char *fonts_dir,
				   struct errbuf *e)
{
	struct content *c;
	struct jsonv v;
	int d;

	c = calloc(1, sizeof(*c));
	if (!c) {
		errbuf_errno(e, "content");
		return NULL;
	}
	c->dirfd = -1;
	c->dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (c->dirfd < 0) {
		errbuf_errno(e, "%s", dir);
		goto fail;
	}
	/* Heritage before themes: theme slides refer to heritage slides. */
	for (d = 0; d < DOC_N; d++) {
		if (load_doc(c, (enum content_doc)d, e) < 0)
			goto fail;
		jsonv_init(&v, content_doc_names[d], e);
		if (parsers[d](c, &v) < 0)
			goto fail;
	}
	close(c->dirfd);
	c->dirfd = -1;
	if (check_coverage(c, fonts_dir, e) < 0)
		goto fail;
	return c;

fail:
	content_destroy(c);
	return NULL;
}

const char *content_fonts_dir(void)
{
	static char buf[PATH_MAX];
	const char *s;

	s = getenv("PIDS_FONTS_DIR");
	if (s && *s)
		return s;
	s = getenv("PIDS_SRCDIR");
	if (s && *s) {
		snprintf(buf, sizeof(buf), "%s/fonts", s);
		return buf;
	}
	return PIDS_DATADIR "/fonts";
}

struct content *content_load(const char *dir, struct errbuf *e)
{
	return content_load_fonts(dir, content_fonts_dir(), e);
}

void content_destroy(struct content *c)
{
	int i;

	if (!c)
		return;
	if (c->dirfd >= 0)
		close(c->dirfd);
	for (i = 0; i < c->nart; i++) {
		free(c->art[i].path);
		artcache_release(c->art[i].image);
	}
	for (i = 0; i < c->nthemes; i++)
		free((void *)c->themes[i].slides);
	free(c->themes);
	for (i = 0; i < c->nheritage; i++)
		free((void *)c->heritage[i].sources);
	free(c->heritage);
	for (i = 0; i < c->nroutes; i++)
		free((void *)c->routes[i].stops);
	free(c->routes);
	for (i = 0; i < DOC_N; i++)
		json_decref(c->doc[i]);
	free(c);
}

/* ---- accessors ---- */

const char *content_version(const struct content *c)
{
	return c->manifest.version;
}

const struct content_manifest *content_manifest(const struct content *c)
{
	return &c->manifest;
}

int content_routes_illustrative(const struct content *c)
{
	return c->routes_illustrative;
}

int content_route_count(const struct content *c)
{
	return c->nroutes;
}

const struct content_route *content_route_at(const struct content *c, int i)
{
	return i >= 0 && i < c->nroutes ? &c->routes[i] : NULL;
}

const struct content_route *content_route_find(const struct content *c,
					       const char *id)
{
	int i;

	for (i = 0; i < c->nroutes; i++)
		if (strcmp(c->routes[i].id, id) == 0)
			return &c->routes[i];
	return NULL;
}

const struct content_stop *content_route_stop(const struct content_route *r,
					      int direction, int k)
{
	if (k < 0 || k >= r->nstops)
		return NULL;
	return &r->stops[direction ? r->nstops - 1 - k : k];
}

int content_heritage_count(const struct content *c)
{
	return c->nheritage;
}

const struct content_heritage *content_heritage_at(const struct content *c,
						   int i)
{
	return i >= 0 && i < c->nheritage ? &c->heritage[i] : NULL;
}

int content_theme_count(const struct content *c)
{
	return c->nthemes;
}

const struct content_theme *content_theme_at(const struct content *c, int i)
{
	return i >= 0 && i < c->nthemes ? &c->themes[i] : NULL;
}

const struct content_theme *content_theme_select(const struct content *c,
						 const char *route,
						 time_t wall)
{
	(void)route;
	(void)wall;
	return &c->themes[c->default_theme];
}
