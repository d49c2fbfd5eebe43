/*
 * fuzz_content: content_load_fonts() on a content directory built from the
 * input.
 *
 * The input is a small container of files.  A line "%% NAME" starts a
 * file; its body runs to the newline before the next such line (bytes
 * before the first one are ignored).  NAME is manifest.json, routes.json,
 * heritage.json, themes.json or art/FILE (FILE of [A-Za-z0-9._-], not
 * starting with '.'), optionally prefixed by one character saying what to
 * do with it instead of writing the body:
 *
 *   %% routes.json        write the body as routes.json
 *   %% -manifest.json     remove the file
 *   %% /routes.json       make it an (empty) directory
 *   %% @art/square.png    make it a symbolic link to the body
 *
 * Every file the input does not name is that of the small valid content
 * directory tests/data/content-bad/base/, so one mutated document meets
 * valid others.  Its art/ also holds the artwork names of the shipped
 * assets/content (the two small LED ornaments as they are, base's square
 * and wide pictures standing in for the two large ones), so the shipped
 * JSON files load here without decoding 2 MB of PNG per input.
 *
 * The directory is created once per process (in $TMPDIR, removed at exit)
 * and after each input the files it touched are put back.
 *
 * The font coverage check opens the four bundled fonts on every load that
 * gets that far, and inflating the two .pcf.gz bitmap fonts was most of
 * the time of such an input.  So the directory also gets a fonts/ with the
 * same fonts, byte for byte, the two .pcf.gz re-wrapped as gzip with
 * stored (uncompressed) deflate blocks, and links to the two .otf files
 * (which FreeType maps, cheaply).  The fonts come from $PIDS_FONTS_DIR,
 * else $PIDS_SRCDIR/fonts, else ./fonts (run from the repository root, as
 * tests/run.sh and tests/fuzz/run.sh do).
 *
 * Beyond crashes, it checks what the loader promises: a refusal comes with
 * a one-line reason, and loaded content is consistent (every route found
 * by its id, stops in both directions, theme rotation starting with a
 * next-stop page, every heritage slide with its picture and a source).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_GZIP_H

#include "content/content.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define BASE_DIR "tests/data/content-bad/base"
#define MAX_TOUCHED 16
#define MAX_NAME 48

/* A file of the pristine directory, kept in memory to put it back. */
struct pristine {
	char name[MAX_NAME];
	char *data;
	size_t len;
};

static const char *const json_names[] = {
	"manifest.json", "routes.json", "heritage.json", "themes.json",
};

/* Shipped artwork name -> base file standing in for it (NULL: the shipped
   file itself, it is small). */
static const char *const art_standins[][2] = {
	{ "art/filigree-1024.png", "art/square.png" },
	{ "art/filigree-banner.png", "art/wide.png" },
	{ "art/filigree-led16.png", NULL },
	{ "art/filigree-led32.png", NULL },
};

static char workdir[1024];
static char fontsdir[1100];
static struct pristine pristine[32];
static int npristine;
static char touched[MAX_TOUCHED][MAX_NAME];
static int ntouched;

static void die(const char *what, const char *arg)
{
	fprintf(stderr, "fuzz_content: %s %s: %s\n", what, arg,
		strerror(errno));
	abort();
}

static char *slurp(const char *path, size_t *len)
{
	struct stat st;
	char *buf;
	FILE *f;

	f = fopen(path, "rb");
	if (!f || fstat(fileno(f), &st) < 0)
		die("cannot read", path);
	buf = malloc((size_t)st.st_size + 1);
	if (!buf || fread(buf, 1, (size_t)st.st_size, f) != (size_t)st.st_size)
		die("cannot read", path);
	fclose(f);
	*len = (size_t)st.st_size;
	return buf;
}

static void write_file(const char *rel, const char *data, size_t len)
{
	char path[PATH_MAX + MAX_NAME + 2];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", workdir, rel);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0 || (len && write(fd, data, len) != (ssize_t)len))
		die("cannot write", path);
	close(fd);
}

/* Removes whatever @rel is (file, link or empty directory). */
static void remove_any(const char *rel)
{
	char path[PATH_MAX + MAX_NAME + 2];

	snprintf(path, sizeof(path), "%s/%s", workdir, rel);
	if (unlink(path) < 0 && errno != ENOENT &&
	    (errno != EISDIR || rmdir(path) < 0))
		die("cannot remove", path);
}

static void add_pristine(const char *name, const char *src)
{
	struct pristine *p = &pristine[npristine++];

	snprintf(p->name, sizeof(p->name), "%s", name);
	p->data = slurp(src, &p->len);
	write_file(name, p->data, p->len);
}

/* ---- the fonts, stored ---- */

static uint32_t crc32_gz(const uint8_t *p, size_t n)
{
	static uint32_t table[256];
	uint32_t c;
	size_t i;
	int k;

	if (!table[1])
		for (i = 0; i < 256; i++) {
			c = (uint32_t)i;
			for (k = 0; k < 8; k++)
				c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
			table[i] = c;
		}
	c = 0xffffffffu;
	for (i = 0; i < n; i++)
		c = table[(c ^ p[i]) & 0xff] ^ (c >> 8);
	return c ^ 0xffffffffu;
}

static void *ft_alloc(FT_Memory m, long size)
{
	(void)m;
	return malloc((size_t)size);
}

static void ft_free(FT_Memory m, void *block)
{
	(void)m;
	free(block);
}

static void *ft_realloc(FT_Memory m, long cur, long size, void *block)
{
	(void)m;
	(void)cur;
	return realloc(block, (size_t)size);
}

static void put32le(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

/* Writes the gzip file @from inflated and wrapped again in stored deflate
   blocks as @to. */
static void store_gz(const char *from, const char *to)
{
	static const uint8_t head[10] = { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3 };
	struct FT_MemoryRec_ mem = { NULL, ft_alloc, ft_free, ft_realloc };
	uint8_t *in, *raw, *out, *o;
	size_t n, left, k;
	FT_ULong rawlen;

	in = (uint8_t *)slurp(from, &n);
	if (n < 18)
		die("not a gzip file:", from);
	rawlen = in[n - 4] | in[n - 3] << 8 | in[n - 2] << 16 |
		 (FT_ULong)in[n - 1] << 24;
	raw = malloc(rawlen);
	out = malloc(sizeof(head) + rawlen + (rawlen / 65535 + 1) * 5 + 8);
	if (!raw || !out ||
	    FT_Gzip_Uncompress(&mem, raw, &rawlen, in, n) != 0)
		die("cannot inflate", from);
	memcpy(out, head, sizeof(head));
	o = out + sizeof(head);
	for (left = rawlen, k = 0;;) {
		size_t len = left > 65535 ? 65535 : left;

		*o++ = len == left; /* BFINAL, BTYPE 00 */
		*o++ = (uint8_t)len;
		*o++ = (uint8_t)(len >> 8);
		*o++ = (uint8_t)~len;
		*o++ = (uint8_t)(~len >> 8);
		memcpy(o, raw + k, len);
		o += len;
		k += len;
		left -= len;
		if (!left)
			break;
	}
	put32le(o, crc32_gz(raw, rawlen));
	put32le(o + 4, (uint32_t)rawlen);
	o += 8;
	write_file(to, (const char *)out, (size_t)(o - out));
	free(out);
	free(raw);
	free(in);
}

static const char *const font_files[] = {
	CONTENT_FONT_LED16, CONTENT_FONT_LED12, CONTENT_FONT_SANS,
	CONTENT_FONT_BOLD,
};

/* workdir/fonts: the fonts of the directory @src, the .gz ones stored. */
static void setup_fonts(const char *src)
{
	char from[PATH_MAX], to[PATH_MAX], dir[PATH_MAX / 2];
	size_t i, len;

	if (src[0] == '/')
		dir[0] = 0;
	else if (!getcwd(dir, sizeof(dir)))
		die("getcwd", "");
	snprintf(fontsdir, sizeof(fontsdir), "%s/fonts", workdir);
	if (mkdir(fontsdir, 0755) < 0)
		die("mkdir", fontsdir);
	for (i = 0; i < 4; i++) {
		if (snprintf(from, sizeof(from), "%s%s%s/%s", dir,
			     dir[0] ? "/" : "", src, font_files[i]) >=
		    (int)sizeof(from))
			die("path too long:", src);
		len = strlen(from);
		if (len > 3 && strcmp(from + len - 3, ".gz") == 0) {
			snprintf(to, sizeof(to), "fonts/%s", font_files[i]);
			store_gz(from, to);
			continue;
		}
		snprintf(to, sizeof(to), "%s/%s", fontsdir, font_files[i]);
		if (symlink(from, to) < 0)
			die("symlink", to);
	}
}

static void cleanup(void)
{
	char path[PATH_MAX + MAX_NAME + 2];
	int i;

	for (i = 0; i < ntouched; i++)
		remove_any(touched[i]);
	for (i = 0; i < npristine; i++)
		remove_any(pristine[i].name);
	for (i = 0; i < 4; i++) {
		snprintf(path, sizeof(path), "fonts/%s", font_files[i]);
		remove_any(path);
	}
	snprintf(path, sizeof(path), "%s/art", workdir);
	rmdir(path);
	snprintf(path, sizeof(path), "%s/fonts", workdir);
	rmdir(path);
	rmdir(workdir);
}

static void setup(void)
{
	const char *src = getenv("PIDS_SRCDIR"), *tmp = getenv("TMPDIR");
	const char *fd = getenv("PIDS_FONTS_DIR");
	char root[1024], path[PATH_MAX], from[PATH_MAX];
	DIR *d;
	struct dirent *de;
	size_t i;

	if (src && *src)
		snprintf(root, sizeof(root), "%s", src);
	else if (!getcwd(root, sizeof(root)))
		die("getcwd", "");

	snprintf(workdir, sizeof(workdir), "%s/pids-fuzz-content-XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(workdir))
		die("mkdtemp", workdir);
	atexit(cleanup);
	snprintf(path, sizeof(path), "%s/art", workdir);
	if (mkdir(path, 0755) < 0)
		die("mkdir", path);
	if (fd && *fd)
		snprintf(path, sizeof(path), "%s", fd);
	else
		snprintf(path, sizeof(path), "%s/fonts", root);
	setup_fonts(path);

	for (i = 0; i < 4; i++) {
		snprintf(from, sizeof(from), "%s/%s/%s", root, BASE_DIR,
			 json_names[i]);
		add_pristine(json_names[i], from);
	}
	snprintf(path, sizeof(path), "%s/%s/art", root, BASE_DIR);
	d = opendir(path);
	if (!d)
		die("opendir", path);
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.' || strlen(de->d_name) > 32)
			continue;
		snprintf(from, sizeof(from), "%s/%s/art/%s", root, BASE_DIR,
			 de->d_name);
		snprintf(path, sizeof(path), "art/%s", de->d_name);
		add_pristine(path, from);
	}
	closedir(d);
	for (i = 0; i < sizeof(art_standins) / sizeof(art_standins[0]); i++) {
		if (art_standins[i][1])
			snprintf(from, sizeof(from), "%s/%s/%s", root,
				 BASE_DIR, art_standins[i][1]);
		else
			snprintf(from, sizeof(from), "%s/assets/content/%s",
				 root, art_standins[i][0]);
		add_pristine(art_standins[i][0], from);
	}
}

/* Puts back every file the last input touched. */
static void restore(void)
{
	int i, k;

	for (i = 0; i < ntouched; i++) {
		remove_any(touched[i]);
		for (k = 0; k < npristine; k++)
			if (strcmp(pristine[k].name, touched[i]) == 0)
				write_file(pristine[k].name, pristine[k].data,
					   pristine[k].len);
	}
	ntouched = 0;
}

static int name_ok(const char *n)
{
	size_t i;

	for (i = 0; i < 4; i++)
		if (strcmp(n, json_names[i]) == 0)
			return 1;
	if (strncmp(n, "art/", 4) != 0 || !n[4] || n[4] == '.')
		return 0;
	for (n += 4; *n; n++)
		if (!(*n >= 'a' && *n <= 'z') && !(*n >= 'A' && *n <= 'Z') &&
		    !(*n >= '0' && *n <= '9') && *n != '.' && *n != '_' &&
		    *n != '-')
			return 0;
	return 1;
}

/* Applies one file of the container: "%% " header @h (@hlen bytes, no
   newline) and its body. */
static void apply(const char *h, size_t hlen, const char *body, size_t len)
{
	char name[MAX_NAME], path[PATH_MAX + MAX_NAME + 2], target[256];
	char op = 0;
	int i;

	if (hlen && strchr("-/@", h[0]))
		op = *h++, hlen--;
	if (hlen == 0 || hlen >= sizeof(name) || memchr(h, 0, hlen))
		return;
	memcpy(name, h, hlen);
	name[hlen] = 0;
	if (!name_ok(name))
		return;
	for (i = 0; i < ntouched; i++)
		if (strcmp(touched[i], name) == 0)
			break;
	if (i == ntouched) {
		if (ntouched == MAX_TOUCHED)
			return;
		memcpy(touched[ntouched++], name, sizeof(name));
	}
	remove_any(name);
	snprintf(path, sizeof(path), "%s/%s", workdir, name);
	switch (op) {
	case '-':
		break;
	case '/':
		if (mkdir(path, 0755) < 0)
			die("mkdir", path);
		break;
	case '@':
		if (len && body[len - 1] == '\n') /* the container's, not its */
			len--;
		if (len == 0 || len >= sizeof(target) || memchr(body, 0, len))
			break;
		memcpy(target, body, len);
		target[len] = 0;
		if (symlink(target, path) < 0)
			die("symlink", path);
		break;
	default:
		write_file(name, body, len);
	}
}

/* Splits the container and applies each file. */
static void unpack(const char *p, size_t n)
{
	const char *end = p + n, *h = NULL, *hend = NULL, *body = NULL;
	const char *line, *nl;

	for (line = p; line < end; line = nl + 1) {
		nl = memchr(line, '\n', (size_t)(end - line));
		if (!nl)
			nl = end;
		if (nl - line < 3 || memcmp(line, "%% ", 3) != 0)
			continue;
		/* The previous body ends before the newline ending it. */
		if (h)
			apply(h, (size_t)(hend - h), body,
			      line > body ? (size_t)(line - 1 - body) : 0);
		h = line + 3;
		hend = nl;
		body = nl < end ? nl + 1 : end;
	}
	if (h)
		apply(h, (size_t)(hend - h), body, (size_t)(end - body));
}

static void check_error(const struct errbuf *e)
{
	const char *s;

	if (!e->msg[0]) {
		fprintf(stderr, "fuzz_content: refused without a reason\n");
		abort();
	}
	for (s = e->msg; *s; s++) {
		if (*s == '\n' || *s == '\r') {
			fprintf(stderr, "fuzz_content: reason of more than one "
					"line: %s\n", e->msg);
			abort();
		}
	}
}

#define CHECK(x)                                                           \
	do {                                                               \
		if (!(x)) {                                                \
			fprintf(stderr, "fuzz_content: %s:%d: %s\n",       \
				__FILE__, __LINE__, #x);                   \
			abort();                                           \
		}                                                          \
	} while (0)

static void check_content(const struct content *c)
{
	const struct content_route *r;
	const struct content_heritage *h;
	const struct content_theme *t;
	int i, k, n;

	CHECK(content_version(c) && *content_version(c));
	CHECK(content_manifest(c)->format == CONTENT_FORMAT);
	n = content_route_count(c);
	CHECK(n >= 1);
	for (i = 0; i < n; i++) {
		r = content_route_at(c, i);
		CHECK(r && content_route_find(c, r->id) == r);
		CHECK(r->nstops >= 2);
		for (k = 0; k < 2; k++)
			CHECK(r->dest[k] && r->dest_en[k] && r->via[k] &&
			      r->via_en[k]);
		for (k = 0; k < r->nstops; k++)
			CHECK(content_route_stop(r, 0, k) ==
			      content_route_stop(r, 1, r->nstops - 1 - k));
		CHECK(!content_route_stop(r, 0, r->nstops));
	}
	CHECK(!content_route_at(c, n));
	for (i = 0; i < content_heritage_count(c); i++) {
		h = content_heritage_at(c, i);
		CHECK(h && h->image && h->nsources >= 1);
		CHECK(canvas_width(h->image) > 0 &&
		      canvas_height(h->image) > 0);
		CHECK(h->title.zh && h->caption.en);
	}
	for (i = 0; i < content_theme_count(c); i++) {
		t = content_theme_at(c, i);
		CHECK(t && t->nslides >= 1 &&
		      t->slides[0].page == CONTENT_PAGE_NEXT_STOP);
		for (k = 0; k < t->nslides; k++)
			CHECK((t->slides[k].page == CONTENT_PAGE_HERITAGE) ==
			      (t->slides[k].heritage != NULL));
		CHECK(!t->led_art16 || canvas_height(t->led_art16) == 16);
		CHECK(!t->led_art32 || canvas_height(t->led_art32) == 32);
	}
	t = content_theme_select(c, "T45", 0);
	CHECK(t != NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct content *c;
	struct errbuf e;

	if (!workdir[0])
		setup();
	unpack((const char *)data, size);
	e.msg[0] = 0;
	c = content_load_fonts(workdir, fontsdir, &e);
	if (c)
		check_content(c);
	else
		check_error(&e);
	content_destroy(c);
	restore();
	return 0;
}
