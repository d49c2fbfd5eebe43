/*
 * pngio: see pngio.h.
 *
 * Decoding runs libpng over a buffer in memory (pngio_load reads the whole
 * file first, after checking its size).  Every limit is handed to libpng
 * before png_read_info(), and the decoded size is checked against the
 * budget before anything image-sized is allocated.  libpng reports errors
 * by longjmp(); the error callback writes "<name>: <reason>" into the
 * caller's errbuf first, and everything allocated after setjmp() is held in
 * volatile locals so the unwinding frees it.
 *
 * The output transforms make libpng write canvas pixels directly: 0xAARRGGBB
 * words are the bytes B,G,R,A on little-endian machines (png_set_bgr) and
 * A,R,G,B on big-endian ones (png_set_swap_alpha).
 */
#include "render/pngio.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <png.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/log.h"

const struct pngio_limits PNGIO_LIMITS_DEFAULT = {
	.max_width = 4096,
	.max_height = 4096,
	.max_decoded = 64u << 20,
	.max_chunk = 1u << 20,
	.max_file = 32u << 20,
};

/* Ancillary chunks (text, sPLT, unknown) libpng may keep per image. */
#define PNGIO_CHUNK_CACHE 64
/* zlib level for pngio_save: goldens and snapshots favour speed. */
#define PNGIO_SAVE_LEVEL 3

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define PNGIO_LITTLE_ENDIAN 1
#else
#define PNGIO_LITTLE_ENDIAN 0
#endif

struct pngio_ctx {
	const char *name;
	struct errbuf *e;
	const struct pngio_limits *lim;
	int failed;       /* e already holds the reason */
	int err;          /* errno to return */
	int over_limit;   /* libpng warned: IHDR over the user limits */
	char warning[96]; /* libpng's last warning */
	const unsigned char *data; /* reading */
	size_t len, pos;
	FILE *fp;         /* writing */
};

static void pngio_fail(struct pngio_ctx *x, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void pngio_fail(struct pngio_ctx *x, int err, const char *fmt, ...)
{
	char msg[ERRBUF_LEN];
	va_list ap;

	if (x->failed)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	errbuf_set(x->e, "%s: %s", x->name, msg);
	x->failed = 1;
	x->err = err;
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static void pngio_on_error(png_structp png, png_const_charp msg)
{
	struct pngio_ctx *x = png_get_error_ptr(png);

	/* png_check_IHDR() warns about each problem, then fails with
	   "Invalid IHDR data": report the problem, with numbers for ours. */
	if (x->over_limit && x->data &&
	    x->len >= 24 && !memcmp(x->data + 12, "IHDR", 4))
		pngio_fail(x, EFBIG,
			   "%" PRIu32 "x%" PRIu32 " exceeds the limit %dx%d",
			   be32(x->data + 16), be32(x->data + 20),
			   x->lim->max_width, x->lim->max_height);
	else if (!strcmp(msg, "Invalid IHDR data") && x->warning[0])
		pngio_fail(x, EINVAL, "%s (%s)", msg, x->warning);
	else
		pngio_fail(x, EINVAL, "%s", msg);
	png_longjmp(png, 1);
}

static void pngio_on_warning(png_structp png, png_const_charp msg)
{
	struct pngio_ctx *x = png_get_error_ptr(png);

	/* A benign error at a point that could equally have failed: an
	   oversized chunk refuses the whole file. */
	if (strstr(msg, "chunk data is too large")) {
		pngio_fail(x, EFBIG, "%s (limit %zu bytes)", msg,
			   x->lim->max_chunk);
		png_longjmp(png, 1);
	}
	if (strstr(msg, "exceeds user limit"))
		x->over_limit = 1;
	snprintf(x->warning, sizeof(x->warning), "%s", msg);
	log_debug("%s: %s", x->name, msg);
}

static void pngio_read(png_structp png, png_bytep out, size_t n)
{
	struct pngio_ctx *x = png_get_io_ptr(png);

	if (n > x->len - x->pos) {
		pngio_fail(x, EINVAL, "truncated");
		png_longjmp(png, 1);
	}
	memcpy(out, x->data + x->pos, n);
	x->pos += n;
}

/* Output transforms: any colour type and depth to 8-bit canvas words,
   except palette images, which come out as one index byte per pixel for
   pngio_expand_palette(). */
static void pngio_set_transforms(png_structp png, png_infop info)
{
	int ctype = png_get_color_type(png, info);
	int depth = png_get_bit_depth(png, info);
	int trns = png_get_valid(png, info, PNG_INFO_tRNS) != 0;

	if (ctype == PNG_COLOR_TYPE_PALETTE) {
		png_set_packing(png);
		goto done;
	}
	if (ctype == PNG_COLOR_TYPE_GRAY && depth < 8)
		png_set_expand_gray_1_2_4_to_8(png);
	if (trns)
		png_set_tRNS_to_alpha(png);
	if (depth == 16)
		png_set_scale_16(png);
	if (!(ctype & PNG_COLOR_MASK_COLOR))
		png_set_gray_to_rgb(png);
#if PNGIO_LITTLE_ENDIAN
	png_set_bgr(png);
	if (!(ctype & PNG_COLOR_MASK_ALPHA) && !trns)
		png_set_filler(png, 0xff, PNG_FILLER_AFTER);
#else
	if (!(ctype & PNG_COLOR_MASK_ALPHA) && !trns)
		png_set_filler(png, 0xff, PNG_FILLER_BEFORE);
	else
		png_set_swap_alpha(png);
#endif
done:
	png_set_interlace_handling(png);
	png_read_update_info(png, info);
}

/* Rows of @c hold one index byte per pixel at their start: check every
   index against the palette and widen the rows in place, right to left.
   libpng 1.6 expands out-of-range indices to black without a word. */
static void pngio_expand_palette(struct pngio_ctx *x, png_structp png,
				 png_infop info, struct canvas *c)
{
	uint32_t lut[256], *row = canvas_pixels(c);
	int w = canvas_width(c), h = canvas_height(c);
	int stride = canvas_stride(c), npal = 0, ntrns = 0, i, xx, y;
	png_bytep trns = NULL;
	png_colorp pal = NULL;
	const uint8_t *idx;
	uint8_t max = 0;

	png_get_PLTE(png, info, &pal, &npal);
	if (png_get_valid(png, info, PNG_INFO_tRNS))
		png_get_tRNS(png, info, &trns, &ntrns, NULL);
	for (i = 0; i < 256; i++)
		lut[i] = i < npal ? ARGB(i < ntrns ? trns[i] : 0xff,
					 pal[i].red, pal[i].green, pal[i].blue)
				  : 0;
	for (y = 0; y < h; y++, row += stride) {
		idx = (const uint8_t *)row;
		for (xx = 0; xx < w; xx++)
			max = idx[xx] > max ? idx[xx] : max;
		for (xx = w - 1; xx >= 0; xx--)
			row[xx] = lut[idx[xx]];
	}
	if (max >= npal) {
		pngio_fail(x, EINVAL,
			   "PLTE: palette index %d out of range (%d colours)",
			   max, npal);
		png_longjmp(png, 1);
	}
}

static struct canvas *pngio_decode_ctx(struct pngio_ctx *x)
{
	const struct pngio_limits *lim = x->lim;
	struct canvas *volatile c = NULL;
	png_bytep *volatile rows = NULL;
	png_structp png;
	png_infop info;
	uint32_t w, h, y;
	size_t rowbytes;
	uint32_t *px;
	int stride, palette;

	if (x->len == 0) {
		pngio_fail(x, EINVAL, "empty file, not a PNG file");
		return NULL;
	}
	if (png_sig_cmp(x->data, 0, x->len < 8 ? x->len : 8)) {
		pngio_fail(x, EINVAL, "not a PNG file");
		return NULL;
	}
	if (lim->max_width <= 0 || lim->max_height <= 0 ||
	    lim->max_decoded == 0 || lim->max_chunk == 0) {
		pngio_fail(x, EINVAL, "invalid limits (%dx%d, %zu, %zu bytes)",
			   lim->max_width, lim->max_height, lim->max_decoded,
			   lim->max_chunk);
		return NULL;
	}
	png = png_create_read_struct(PNG_LIBPNG_VER_STRING, x, pngio_on_error,
				     pngio_on_warning);
	if (!png) {
		pngio_fail(x, ENOMEM, "out of memory");
		return NULL;
	}
	info = png_create_info_struct(png);
	if (!info) {
		pngio_fail(x, ENOMEM, "out of memory");
		goto undo_png;
	}
	if (setjmp(png_jmpbuf(png)))
		goto undo_decode;
	png_set_read_fn(png, x, pngio_read);
	png_set_user_limits(png, (png_uint_32)lim->max_width,
			    (png_uint_32)lim->max_height);
	png_set_chunk_cache_max(png, PNGIO_CHUNK_CACHE);
	png_set_chunk_malloc_max(png, lim->max_chunk);

	png_read_info(png, info);
	w = png_get_image_width(png, info);
	h = png_get_image_height(png, info);
	if (w > lim->max_decoded / 4 / h) {
		pngio_fail(x, EFBIG,
			   "%" PRIu32 "x%" PRIu32 " needs %llu bytes decoded, "
			   "over the budget of %zu",
			   w, h, 4ull * w * h, lim->max_decoded);
		goto undo_decode;
	}
	palette = png_get_color_type(png, info) == PNG_COLOR_TYPE_PALETTE;
	pngio_set_transforms(png, info);
	rowbytes = png_get_rowbytes(png, info);
	if (rowbytes != (size_t)w * (palette ? 1 : 4) ||
	    png_get_bit_depth(png, info) != 8) {
		pngio_fail(x, EINVAL, "unsupported pixel format");
		goto undo_decode;
	}
	c = canvas_create((int)w, (int)h, x->e);
	if (!c) {
		x->failed = 1;
		x->err = errno;
		errbuf_prefix(x->e, "%s", x->name);
		goto undo_decode;
	}
	rows = malloc(h * sizeof(*rows));
	if (!rows) {
		pngio_fail(x, ENOMEM, "out of memory");
		goto undo_decode;
	}
	px = canvas_pixels(c);
	stride = canvas_stride(c);
	for (y = 0; y < h; y++)
		rows[y] = (png_bytep)(px + (size_t)y * stride);
	png_read_image(png, rows);
	png_read_end(png, NULL);
	if (palette)
		pngio_expand_palette(x, png, info, c);
	canvas_mark_opaque(c);
	free(rows);
	png_destroy_read_struct(&png, &info, NULL);
	return c;

undo_decode:
	free(rows);
	canvas_destroy(c);
undo_png:
	png_destroy_read_struct(&png, info ? &info : NULL, NULL);
	return NULL;
}

struct canvas *pngio_decode_named(const void *data, size_t len,
				  const char *name,
				  const struct pngio_limits *lim,
				  struct errbuf *e)
{
	struct pngio_ctx x = { .name = name ? name : "PNG data", .e = e };
	struct canvas *c;

	x.lim = lim ? lim : &PNGIO_LIMITS_DEFAULT;
	x.data = data;
	x.len = data ? len : 0;
	c = pngio_decode_ctx(&x);
	if (!c)
		errno = x.err;
	return c;
}

struct canvas *pngio_decode(const void *data, size_t len,
			    const struct pngio_limits *lim, struct errbuf *e)
{
	return pngio_decode_named(data, len, NULL, lim, e);
}

/* Reads all of @fd (a regular file of at most @max bytes) into *@buf. */
static ssize_t pngio_slurp(int fd, size_t max, unsigned char **buf)
{
	struct stat st;
	size_t n = 0, size;
	ssize_t r;

	if (fstat(fd, &st) < 0)
		return -1;
	if (!S_ISREG(st.st_mode)) {
		errno = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
		return -1;
	}
	if ((unsigned long long)st.st_size > max) {
		errno = EFBIG;
		return -1;
	}
	size = (size_t)st.st_size;
	*buf = malloc(size ? size : 1);
	if (!*buf)
		return -1;
	while (n < size) {
		r = read(fd, *buf + n, size - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			free(*buf);
			*buf = NULL;
			return -1;
		}
		if (r == 0)
			break; /* shrank meanwhile: decode what is there */
		n += (size_t)r;
	}
	return (ssize_t)n;
}

struct canvas *pngio_load(const char *path, const struct pngio_limits *lim,
			  struct errbuf *e)
{
	unsigned char *buf = NULL;
	struct canvas *c;
	int fd, err;
	ssize_t n;

	if (!lim)
		lim = &PNGIO_LIMITS_DEFAULT;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		errbuf_errno(e, "%s", path);
		return NULL;
	}
	n = pngio_slurp(fd, lim->max_file, &buf);
	if (n < 0) {
		if (errno == EFBIG)
			errbuf_set(e, "%s: file larger than the limit of %zu "
				   "bytes", path, lim->max_file);
		else
			errbuf_errno(e, "%s", path);
		close(fd);
		return NULL;
	}
	close(fd);
	c = pngio_decode_named(buf, (size_t)n, path, lim, e);
	err = errno;
	free(buf);
	errno = err;
	return c;
}

/* ---- writing ---- */

static void pngio_write(png_structp png, png_bytep data, size_t n)
{
	struct pngio_ctx *x = png_get_io_ptr(png);

	if (fwrite(data, 1, n, x->fp) != n) {
		pngio_fail(x, errno ? errno : EIO, "write: %s",
			   strerror(errno ? errno : EIO));
		png_longjmp(png, 1);
	}
}

static void pngio_flush(png_structp png)
{
	(void)png;
}

/* 1 if every pixel of @c has alpha 255: known, or found row by row. */
static int pngio_opaque(const struct canvas *c)
{
	const uint32_t *px = canvas_pixels_const(c);
	int w = canvas_width(c), h = canvas_height(c);
	int stride = canvas_stride(c), y;

	if (canvas_opaque(c))
		return 1;
	for (y = 0; y < h; y++, px += stride)
		if (!canvas_row_opaque(px, w))
			return 0;
	return 1;
}

/* Encodes @c into x->fp. */
static int pngio_encode(struct pngio_ctx *x, const struct canvas *c)
{
	const uint32_t *px = canvas_pixels_const(c);
	int w = canvas_width(c), h = canvas_height(c), y;
	int stride = canvas_stride(c);
	int opaque = pngio_opaque(c);
	png_structp png;
	png_infop info;

	png = png_create_write_struct(PNG_LIBPNG_VER_STRING, x, pngio_on_error,
				      pngio_on_warning);
	if (!png) {
		pngio_fail(x, ENOMEM, "out of memory");
		return -1;
	}
	info = png_create_info_struct(png);
	if (!info) {
		pngio_fail(x, ENOMEM, "out of memory");
		png_destroy_write_struct(&png, NULL);
		return -1;
	}
	if (setjmp(png_jmpbuf(png))) {
		png_destroy_write_struct(&png, &info);
		return -1;
	}
	png_set_write_fn(png, x, pngio_write, pngio_flush);
	png_set_compression_level(png, PNGIO_SAVE_LEVEL);
	/* One cheap filter instead of libpng's trial of all five per row:
	   snapshots are written on every changed frame, and "up" suits both
	   flat page backgrounds and artwork. */
	png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_UP);
	png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8,
		     opaque ? PNG_COLOR_TYPE_RGB : PNG_COLOR_TYPE_RGB_ALPHA,
		     PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
		     PNG_FILTER_TYPE_DEFAULT);
	png_write_info(png, info);
#if PNGIO_LITTLE_ENDIAN
	png_set_bgr(png);
	if (opaque)
		png_set_filler(png, 0, PNG_FILLER_AFTER);
#else
	if (opaque)
		png_set_filler(png, 0, PNG_FILLER_BEFORE);
	else
		png_set_swap_alpha(png);
#endif
	for (y = 0; y < h; y++)
		png_write_row(png, (png_const_bytep)(px + (size_t)y * stride));
	png_write_end(png, NULL);
	png_destroy_write_struct(&png, &info);
	return 0;
}

/* "<dir>/.<base>.XXXXXX" beside @path, or NULL. */
static char *pngio_tmpname(const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t dlen = slash ? (size_t)(slash - path) + 1 : 0;
	size_t len = strlen(path) + sizeof("/..XXXXXX");
	char *t = malloc(len);

	if (t)
		snprintf(t, len, "%.*s.%s.XXXXXX", (int)dlen, path,
			 path + dlen);
	return t;
}

/* fsync the directory holding @path so the rename is durable. */
static void pngio_sync_dir(const char *path)
{
	const char *slash = strrchr(path, '/');
	char dir[PATH_MAX];
	int fd;

	if (!slash)
		snprintf(dir, sizeof(dir), ".");
	else if (slash == path)
		snprintf(dir, sizeof(dir), "/");
	else
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

int pngio_save(const struct canvas *c, const char *path, struct errbuf *e)
{
	struct pngio_ctx x = { .name = path, .e = e };
	char *tmp;
	int fd;

	tmp = pngio_tmpname(path);
	if (!tmp) {
		errbuf_errno(e, "%s", path);
		return -1;
	}
	fd = mkstemp(tmp);
	if (fd < 0) {
		errbuf_errno(e, "%s: creating a temporary file", path);
		goto undo_tmpname;
	}
	if (fchmod(fd, 0644) < 0) {
		errbuf_errno(e, "%s: chmod", tmp);
		close(fd);
		goto undo_tmpfile;
	}
	x.fp = fdopen(fd, "wb");
	if (!x.fp) {
		errbuf_errno(e, "%s", tmp);
		close(fd);
		goto undo_tmpfile;
	}
	if (pngio_encode(&x, c) < 0) {
		fclose(x.fp);
		errno = x.err;
		goto undo_tmpfile;
	}
	if (fflush(x.fp) != 0 || fsync(fd) < 0) {
		errbuf_errno(e, "%s: write", path);
		fclose(x.fp);
		goto undo_tmpfile;
	}
	if (fclose(x.fp) != 0) {
		errbuf_errno(e, "%s: write", path);
		goto undo_tmpfile;
	}
	if (rename(tmp, path) < 0) {
		errbuf_errno(e, "%s: rename", path);
		goto undo_tmpfile;
	}
	pngio_sync_dir(path);
	free(tmp);
	return 0;

undo_tmpfile:
	{
		int saved = errno;

		unlink(tmp);
		errno = saved;
	}
undo_tmpname:
	free(tmp);
	return -1;
}
