/*
 * jsonv: validating JSON documents field by field, with errors that name the
 * file and the field ("routes.json: routes[2].stops[4].en: missing").
 *
 * A struct jsonv walks one parsed document.  Callers push the key or index
 * they descend into and pop it when they come back; every getter checks the
 * type, the bounds and (for strings) that the text is printable, and on
 * failure writes "FILE: PATH: reason" into the errbuf and returns -1 (or
 * NULL).  Nothing is allocated: strings returned point into the json_t,
 * which the caller keeps alive.
 */
#ifndef PIDS_JSONV_H
#define PIDS_JSONV_H

#include <stddef.h>

#include <jansson.h>

#include "util/errbuf.h"

#define JSONV_PATH_LEN 160
#define JSONV_STR_MAX 1024 /* bytes of any one string */

struct jsonv {
	const char *file;           /* "routes.json" */
	char path[JSONV_PATH_LEN];  /* "routes[2].stops[4]" */
	size_t len;
	struct errbuf *e;
	int multiline;              /* 1: strings may contain '\n' */
};

void jsonv_init(struct jsonv *v, const char *file, struct errbuf *e);

/* Descends into @key / index @i; both return the length to pop back to. */
size_t jsonv_push(struct jsonv *v, const char *key);
size_t jsonv_push_index(struct jsonv *v, size_t i);
void jsonv_pop(struct jsonv *v, size_t mark);

/* "FILE: PATH: message" (or "FILE: message" at the top); returns -1. */
int jsonv_fail(struct jsonv *v, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The same for the member @key of the current object. */
int jsonv_fail_key(struct jsonv *v, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* -1 if @obj (the current node) is not an object or has a key not in the
   NULL-terminated @allowed list. */
int jsonv_object(struct jsonv *v, const json_t *obj,
		 const char *const *allowed);

/* Strings: 1..JSONV_STR_MAX bytes, no control characters (but '\n' while
   v->multiline is set).
   Missing and not required: *@out = @def, returns 0. */
int jsonv_str(struct jsonv *v, const json_t *obj, const char *key,
	      int required, const char *def, const char **out);
/* Integers within [@min, @max]. */
int jsonv_int(struct jsonv *v, const json_t *obj, const char *key,
	      int required, long long def, long long min, long long max,
	      int *out);
int jsonv_bool(struct jsonv *v, const json_t *obj, const char *key,
	       int required, int def, int *out);
/* One of the NULL-terminated @names; *@out is its index. */
int jsonv_enum(struct jsonv *v, const json_t *obj, const char *key,
	       int required, int def, const char *const *names, int *out);
/* A required array of @min..@max elements; NULL with a reason. */
json_t *jsonv_array(struct jsonv *v, const json_t *obj, const char *key,
		    size_t min, size_t max);
/* A member that must be an object; NULL with a reason (also if missing and
   @required).  Missing and not required: NULL, no error, *@missing = 1. */
json_t *jsonv_member_object(struct jsonv *v, const json_t *obj,
			    const char *key, int required, int *missing);

#endif
