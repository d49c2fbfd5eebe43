/*
 * artcache: see artcache.h.  A list under one mutex: a content holds a
 * handful of images, and look-ups happen only while content loads.
 */
#include "content/artcache.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

struct art {
	struct art *next;
	uint8_t key[ARTCACHE_KEY_LEN];
	struct canvas *img;
	unsigned int refs;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct art *arts;
static size_t narts;

void artcache_key(const void *buf, size_t len, uint8_t key[ARTCACHE_KEY_LEN])
{
	/* BLAKE2b needs no sodium_init(): without it libsodium uses its
	   portable compression function (about 1 GB/s here), with it one
	   picked for the CPU. */
	crypto_generichash(key, ARTCACHE_KEY_LEN, buf, len, NULL, 0);
}

/* Under the lock. */
static struct art *find_key(const uint8_t key[ARTCACHE_KEY_LEN])
{
	struct art *a;

	for (a = arts; a; a = a->next)
		if (memcmp(a->key, key, ARTCACHE_KEY_LEN) == 0)
			return a;
	return NULL;
}

const struct canvas *artcache_get(const uint8_t key[ARTCACHE_KEY_LEN])
{
	const struct canvas *img = NULL;
	struct art *a;

	pthread_mutex_lock(&lock);
	a = find_key(key);
	if (a) {
		a->refs++;
		img = a->img;
	}
	pthread_mutex_unlock(&lock);
	return img;
}

const struct canvas *artcache_put(const uint8_t key[ARTCACHE_KEY_LEN],
				  struct canvas *img)
{
	const struct canvas *out;
	struct art *a;

	if (!img) {
		errno = EINVAL;
		return NULL;
	}
	pthread_mutex_lock(&lock);
	a = find_key(key);
	if (a) {
		a->refs++;
		out = a->img;
		pthread_mutex_unlock(&lock);
		canvas_destroy(img);
		return out;
	}
	a = calloc(1, sizeof(*a));
	if (!a) {
		pthread_mutex_unlock(&lock);
		canvas_destroy(img);
		errno = ENOMEM;
		return NULL;
	}
	memcpy(a->key, key, ARTCACHE_KEY_LEN);
	a->img = img;
	a->refs = 1;
	a->next = arts;
	arts = a;
	narts++;
	pthread_mutex_unlock(&lock);
	return img;
}

void artcache_release(const struct canvas *img)
{
	struct art **pp, *a = NULL;
	int saved = errno;

	if (!img)
		return;
	pthread_mutex_lock(&lock);
	for (pp = &arts; *pp; pp = &(*pp)->next) {
		if ((*pp)->img == img) {
			a = *pp;
			break;
		}
	}
	if (a && --a->refs == 0) {
		*pp = a->next;
		narts--;
	} else {
		a = NULL;
	}
	pthread_mutex_unlock(&lock);
	if (a) {
		canvas_destroy(a->img);
		free(a);
	}
	errno = saved;
}

size_t artcache_count(void)
{
	size_t n;

	pthread_mutex_lock(&lock);
	n = narts;
	pthread_mutex_unlock(&lock);
	return n;
}

unsigned int artcache_refs(const struct canvas *img)
{
	unsigned int n = 0;
	struct art *a;

	pthread_mutex_lock(&lock);
	for (a = arts; a; a = a->next)
		if (a->img == img)
			n = a->refs;
	pthread_mutex_unlock(&lock);
	return n;
}
