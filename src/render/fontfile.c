/*
 * fontfile: see fontfile.h.
 *
 * The open faces are a list under one mutex, with the FreeType library
 * they were opened from (made with the first face, done with the last).
 */
#include "render/fontfile.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include FT_GZIP_H

#define CACHE_PAGE 4096
#define CACHE_PAGES 16

struct fontfile {
	struct fontfile *next;
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime;
	long index;
	unsigned int refs;

	pthread_mutex_t lock; /* around FreeType calls on the face */
	FT_Face face;
	int fd;               /* read by the stream; -1 for a .gz file */
	FT_StreamRec stream;
	unsigned char *cache; /* CACHE_PAGES pages of the file, for reads */
	struct cpage {        /* of a few bytes (see stream_read) */
		unsigned long off, len;
		unsigned long used; /* for least recently used */
	} pages[CACHE_PAGES];
	unsigned long tick;
	unsigned char *data;  /* the inflated .gz file, else NULL */
	size_t len;
};

static pthread_mutex_t registry = PTHREAD_MUTEX_INITIALIZER;
static struct fontfile *files; /* open faces, under registry */
static size_t nfiles;
static FT_Library lib; /* while nfiles > 0 (or while opening the first) */

/* ---- reading ---- */

static unsigned long read_at(int fd, unsigned long off, unsigned char *buf,
			     unsigned long n)
{
	unsigned long got = 0;
	ssize_t r;

	while (got < n) {
		r = pread(fd, buf + got, n - got, (off_t)(off + got));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (unsigned long)r;
	}
	return got;
}

/* The cached page of the file at @off (a multiple of CACHE_PAGE), read
   into the least recently used slot if it is not there; *@len gets its
   length (less at the end of the file). */
static const unsigned char *page_at(struct fontfile *ff, unsigned long off,
				    unsigned long *len)
{
	struct cpage *pg = ff->pages;
	int i, lru = 0;

	for (i = 0; i < CACHE_PAGES; i++) {
		if (pg[i].len && pg[i].off == off)
			break;
		if (pg[i].used < pg[lru].used)
			lru = i;
	}
	if (i == CACHE_PAGES) {
		i = lru;
		pg[i].off = off;
		pg[i].len = read_at(ff->fd, off, ff->cache + i * CACHE_PAGE,
				    CACHE_PAGE);
	}
	pg[i].used = ++ff->tick;
	*len = pg[i].len;
	return ff->cache + i * CACHE_PAGE;
}

/*
 * FreeType's stream read: @n bytes at @off, or a seek when @n is 0
 * (non-zero return: the offset is out of the file).  Small reads go
 * through a few cached pages: opening a CFF font reads thousands of 1- and
 * 2-byte fields, and each glyph load reads its two charstring offsets,
 * then the charstring; a syscall each without the cache.
 */
static unsigned long stream_read(FT_Stream st, unsigned long off,
				 unsigned char *buf, unsigned long n)
{
	struct fontfile *ff = st->descriptor.pointer;
	unsigned long got = 0, at, base, len, k;
	const unsigned char *p;

	if (n == 0)
		return off > st->size;
	if (n > 2 * CACHE_PAGE || !ff->cache)
		return read_at(ff->fd, off, buf, n);
	while (got < n) {
		at = off + got;
		base = at & ~(unsigned long)(CACHE_PAGE - 1);
		p = page_at(ff, base, &len);
		if (len <= at - base)
			break; /* the end of the file */
		k = len - (at - base);
		if (k > n - got)
			k = n - got;
		memcpy(buf + got, p + (at - base), k);
		got += k;
	}
	return got;
}

static void *ft_alloc(FT_Memory m, long size)
{
	return malloc(size);
}

static void ft_free(FT_Memory m, void *block)
{
	free(block);
}

static void *ft_realloc(FT_Memory m, long cur, long size, void *block)
{
	return realloc(block, size);
}

#define GZ_MAX_IN (16L << 20) /* bytes of a .gz font file */
#define GZ_MAX_OUT (64L << 20) /* bytes it may inflate to */

/*
 * Reads the gzip-compressed font open on @fd into memory, inflated.
 * FreeType can read .pcf.gz itself, but through a stream that inflates
 * again from the start on every backward seek, which each glyph load
 * does: 1 MB of inflating per glyph instead of once per file.
 */
static int load_gz(struct fontfile *ff, int fd, const char *path,
		   struct errbuf *e)
{
	struct FT_MemoryRec_ mem = {NULL, ft_alloc, ft_free, ft_realloc};
	unsigned char *in = NULL;
	FT_ULong out_len = 0;
	size_t n;
	FT_Error err;

	if (ff->size < 18 || ff->size > GZ_MAX_IN) {
		errno = EINVAL;
		errbuf_set(e, "%s: %lld bytes is no gzip font file we take",
			   path, (long long)ff->size);
		return -1;
	}
	in = malloc(ff->size);
	if (!in) {
		errbuf_errno(e, "%s", path);
		return -1;
	}
	n = read_at(fd, 0, in, (unsigned long)ff->size);
	if (n != (size_t)ff->size || in[0] != 0x1f || in[1] != 0x8b) {
		errno = EINVAL;
		errbuf_set(e, "%s: not gzip data", path);
		goto fail;
	}
	/* ISIZE: the inflated size mod 2^32, little-endian at the end */
	out_len = in[n - 4] | in[n - 3] << 8 | in[n - 2] << 16 |
		  (FT_ULong)in[n - 1] << 24;
	if (out_len == 0 || out_len > GZ_MAX_OUT) {
		errno = EINVAL;
		errbuf_set(e, "%s: inflates to %lu bytes", path, out_len);
		goto fail;
	}
	ff->data = malloc(out_len);
	if (!ff->data) {
		errbuf_errno(e, "%s", path);
		goto fail;
	}
	ff->len = out_len;
	err = FT_Gzip_Uncompress(&mem, ff->data, &out_len, in, n);
	if (err || out_len != ff->len) {
		errno = EINVAL;
		errbuf_set(e, "%s: corrupt gzip data (error %d)", path, err);
		goto fail;
	}
	free(in);
	return 0;
fail:
	free(ff->data);
	ff->data = NULL;
	free(in);
	return -1;
}

static FT_Error new_face(struct fontfile *ff, long index, FT_Face *out)
{
	FT_Open_Args args;

	if (ff->data)
		return FT_New_Memory_Face(lib, ff->data, (FT_Long)ff->len,
					  index, out);
	memset(&ff->stream, 0, sizeof(ff->stream));
	ff->stream.size = (unsigned long)ff->size;
	ff->stream.descriptor.pointer = ff;
	ff->stream.read = stream_read;
	memset(&args, 0, sizeof(args));
	args.flags = FT_OPEN_STREAM;
	args.stream = &ff->stream;
	return FT_Open_Face(lib, &args, index, out);
}

/* Opens face ff->index of @path (open on @fd) into @ff. */
static int open_face(struct fontfile *ff, int fd, const char *path,
		     struct errbuf *e)
{
	size_t len = strlen(path);
	FT_Error err;

	if (len > 3 && !strcmp(path + len - 3, ".gz")) {
		if (load_gz(ff, fd, path, e) < 0)
			return -1;
	} else {
		ff->fd = fd;
		/* none: every read a pread() */
		ff->cache = malloc(CACHE_PAGES * CACHE_PAGE);
	}
	err = new_face(ff, ff->index, &ff->face);
	if (err)
		ff->face = NULL;
	if (err == FT_Err_Invalid_Argument && ff->index > 0) {
		FT_Face probe;
		long n = 0;

		if (new_face(ff, -1, &probe) == 0) {
			n = probe->num_faces;
			FT_Done_Face(probe);
		}
		errno = ENOENT;
		errbuf_set(e, "%s: no face %ld (the file has %ld)", path,
			   ff->index, n);
		return -1;
	}
	if (err) {
		errno = err == FT_Err_Out_Of_Memory ? ENOMEM : EINVAL;
		errbuf_set(e, "%s: not a font FreeType can read (error %d)",
			   path, err);
		return -1;
	}
	return 0;
}

/* ---- the registry ---- */

/* Splits "path#N" into @path and *@index (a '#' not followed by a face
   number is part of the name). */
static int parse_spec(const char *spec, char *path, size_t size, long *index,
		      struct errbuf *e)
{
	const char *hash = strrchr(spec, '#');
	size_t len;

	*index = 0;
	if (hash && hash[1]) {
		char *end;

		errno = 0;
		*index = strtol(hash + 1, &end, 10);
		if (*end || errno || *index < 0 || *index > 0xffff)
			hash = NULL, *index = 0;
	} else {
		hash = NULL;
	}
	len = hash ? (size_t)(hash - spec) : strlen(spec);
	if (len >= size) {
		errno = ENAMETOOLONG;
		errbuf_errno(e, "%.64s...", spec);
		return -1;
	}
	memcpy(path, spec, len);
	path[len] = 0;
	return 0;
}

static struct fontfile *find(const struct stat *st, long index)
{
	struct fontfile *ff;

	for (ff = files; ff; ff = ff->next) {
		if (ff->dev == st->st_dev && ff->ino == st->st_ino &&
		    ff->size == st->st_size && ff->index == index &&
		    ff->mtime.tv_sec == st->st_mtim.tv_sec &&
		    ff->mtime.tv_nsec == st->st_mtim.tv_nsec)
			return ff;
	}
	return NULL;
}

static void free_file(struct fontfile *ff)
{
	if (ff->face)
		FT_Done_Face(ff->face);
	if (ff->fd >= 0)
		close(ff->fd);
	free(ff->data);
	free(ff->cache);
	pthread_mutex_destroy(&ff->lock);
	free(ff);
}

/* Under the registry lock: a new entry for the file open on @fd. */
static struct fontfile *add_file(int fd, const struct stat *st, long index,
				 const char *path, struct errbuf *e)
{
	struct fontfile *ff;
	FT_Error err;
	int saved;

	if (!lib && (err = FT_Init_FreeType(&lib)) != 0) {
		lib = NULL;
		errno = ENOMEM;
		errbuf_set(e, "FreeType: cannot start (error %d)", err);
		goto fail_lib;
	}
	ff = calloc(1, sizeof(*ff));
	if (!ff) {
		errbuf_errno(e, "%s", path);
		goto fail_lib;
	}
	ff->dev = st->st_dev;
	ff->ino = st->st_ino;
	ff->size = st->st_size;
	ff->mtime = st->st_mtim;
	ff->index = index;
	ff->refs = 1;
	ff->fd = -1;
	pthread_mutex_init(&ff->lock, NULL);
	if (open_face(ff, fd, path, e) < 0)
		goto fail_face;
	if (ff->fd < 0)
		close(fd); /* inflated: not read again */
	ff->next = files;
	files = ff;
	nfiles++;
	return ff;

fail_face:
	saved = errno;
	ff->fd = -1; /* the caller closes @fd */
	free_file(ff);
	errno = saved;
fail_lib:
	saved = errno;
	if (!nfiles && lib) {
		FT_Done_FreeType(lib);
		lib = NULL;
	}
	errno = saved;
	return NULL;
}

struct fontfile *fontfile_open(const char *spec, struct errbuf *e)
{
	char path[4096];
	struct fontfile *ff;
	struct stat st;
	long index;
	int fd, saved;

	if (parse_spec(spec, path, sizeof(path), &index, e) < 0)
		return NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0) {
		errbuf_errno(e, "%s", path);
		goto fail;
	}
	pthread_mutex_lock(&registry);
	ff = find(&st, index);
	if (ff) {
		ff->refs++;
		pthread_mutex_unlock(&registry);
		close(fd);
		return ff;
	}
	ff = add_file(fd, &st, index, path, e);
	pthread_mutex_unlock(&registry);
	if (ff)
		return ff;
fail:
	saved = errno;
	if (fd >= 0)
		close(fd);
	errno = saved;
	return NULL;
}

void fontfile_close(struct fontfile *ff)
{
	struct fontfile **pp;
	int saved = errno;

	if (!ff)
		return;
	pthread_mutex_lock(&registry);
	if (--ff->refs == 0) {
		for (pp = &files; *pp && *pp != ff; pp = &(*pp)->next)
			;
		if (*pp)
			*pp = ff->next;
		nfiles--;
		free_file(ff);
		if (!nfiles) {
			FT_Done_FreeType(lib);
			lib = NULL;
		}
	}
	pthread_mutex_unlock(&registry);
	errno = saved;
}

FT_Face fontfile_face(const struct fontfile *ff)
{
	return ff->face;
}

void fontfile_lock(struct fontfile *ff)
{
	pthread_mutex_lock(&ff->lock);
}

void fontfile_unlock(struct fontfile *ff)
{
	pthread_mutex_unlock(&ff->lock);
}

size_t fontfile_open_count(void)
{
	size_t n;

	pthread_mutex_lock(&registry);
	n = nfiles;
	pthread_mutex_unlock(&registry);
	return n;
}

unsigned int fontfile_refs(const struct fontfile *ff)
{
	return ff->refs;
}
