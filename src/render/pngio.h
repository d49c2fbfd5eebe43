/*
 * pngio: reading and writing PNG files with libpng.
 *
 * Reading accepts every colour type and bit depth (palette with tRNS, grey,
 * grey+alpha, RGB, RGBA, 16-bit, interlaced) and returns a canvas.  Limits
 * are set before anything is decoded (png_set_user_limits, chunk cache and
 * chunk malloc limits, and a budget for the decoded bytes), so a hostile
 * PNG is refused with a message naming the limit, not decoded.
 *
 * Writing is atomic: the file appears complete or not at all (temporary
 * file in the same directory, fsync, rename).
 */
#ifndef PIDS_PNGIO_H
#define PIDS_PNGIO_H

#include <stddef.h>

#include "render/canvas.h"

struct pngio_limits {
	int max_width, max_height; /* pixels */
	size_t max_decoded;        /* bytes of decoded RGBA */
	size_t max_chunk;          /* bytes of any one ancillary chunk */
	size_t max_file;           /* bytes of the file (pngio_load) */
};

/* 4096 x 4096, 64 MiB decoded, 1 MiB per chunk, 32 MiB per file. */
extern const struct pngio_limits PNGIO_LIMITS_DEFAULT;

/* @lim may be NULL for the defaults (every field must be > 0).  Returns a
   new canvas (straight alpha; 16-bit samples rounded to 8) or NULL with
   errno and a reason in @e such as
   "art.png: 100000x100000 exceeds the limit 4096x4096" (EFBIG, as for every
   limit), "art.png: IDAT: CRC error", "art.png: truncated",
   "art.png: not a PNG file" (EINVAL, as for all bad data), or open/read
   errors (errno from the system call).  A palette index beyond the palette
   is an error; oversized ancillary chunks are errors; compressed text or
   ICC profiles that inflate beyond max_chunk are dropped by libpng. */
struct canvas *pngio_load(const char *path, const struct pngio_limits *lim,
			  struct errbuf *e);
struct canvas *pngio_decode(const void *data, size_t len,
			    const struct pngio_limits *lim, struct errbuf *e);
/* The same, naming the data @name in messages ("PNG data" if NULL). */
struct canvas *pngio_decode_named(const void *data, size_t len,
				  const char *name,
				  const struct pngio_limits *lim,
				  struct errbuf *e);

/* Writes @c as 8-bit RGBA (RGB if every pixel is opaque, so fully
   transparent pixels keep their colour) with zlib level 3, atomically:
   "<dir>/.<name>.XXXXXX", fsync, rename, fsync of the directory; on failure
   the temporary file is removed and an existing @path is untouched.
   -1 with errno and "<path>: <reason>" in @e. */
int pngio_save(const struct canvas *c, const char *path, struct errbuf *e);

#endif
