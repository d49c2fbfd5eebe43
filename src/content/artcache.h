/*
 * artcache: decoded artwork shared by the contents alive in the process.
 *
 * A reload loads the new content while the old one still shows (it stays
 * if the new one fails), so each image would be decoded and held twice.
 * Images are kept under the BLAKE2b hash of their PNG file's bytes
 * instead: a content whose file hashes to an image another content holds
 * takes a reference to that image and decodes nothing.  The last
 * reference destroys the image.
 *
 * The cache does not decode: the caller decodes a file it has not found
 * and hands the image over, so all callers must decode with the same
 * limits (content.c is the only one).  Thread-safe.
 */
#ifndef PIDS_ARTCACHE_H
#define PIDS_ARTCACHE_H

#include <stddef.h>
#include <stdint.h>

#include "render/canvas.h"

#define ARTCACHE_KEY_LEN 32

/* The key of the file @buf of @len bytes. */
void artcache_key(const void *buf, size_t len,
		  uint8_t key[ARTCACHE_KEY_LEN]);

/* The image under @key with a reference taken for the caller, or NULL. */
const struct canvas *artcache_get(const uint8_t key[ARTCACHE_KEY_LEN]);

/* Hands @img over to the cache under @key, with one reference for the
   caller; returns @img.  NULL with errno ENOMEM (@img is destroyed).  An
   image already under @key (another thread's) is returned instead and
   @img destroyed. */
const struct canvas *artcache_put(const uint8_t key[ARTCACHE_KEY_LEN],
				  struct canvas *img);

/* Drops a reference to an image from artcache_get() or artcache_put();
   NULL is fine. */
void artcache_release(const struct canvas *img);

/* For tests: images held, and references to @img (0 if not held). */
size_t artcache_count(void);
unsigned int artcache_refs(const struct canvas *img);

#endif
