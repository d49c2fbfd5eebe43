/*
 * cfgtab: configuration keys declared once, as data.
 *
 * A table of struct cfg_key describes every key of one INI section kind:
 * its name, type, bounds, default and where it lives in a settings struct.
 * The same table drives parsing (cfgtab_set), defaults (cfgtab_defaults),
 * validation and printing of the normalised file (cfgtab_print), so a key
 * cannot be parsed one way and printed another.
 *
 * Tables end with an entry whose name is NULL.
 */
#ifndef PIDS_CFGTAB_H
#define PIDS_CFGTAB_H

#include <stddef.h>
#include <stdio.h>

#include "util/errbuf.h"

enum cfg_type {
	CFG_INT,    /* int; bounds min..max */
	CFG_BOOL,   /* int 0/1; yes/no/true/false/on/off/1/0 */
	CFG_STR,    /* char[size]; at most size-1 bytes */
	CFG_ENUM,   /* int index into names[] (NULL-terminated) */
	CFG_MS,     /* int milliseconds; "250ms", "5s", "2min", bare = ms */
	CFG_DOUBLE, /* double; bounds min..max */
	CFG_INTLIST /* int[size]; comma-separated, count stored at off2 */
};

struct cfg_key {
	const char *name;
	enum cfg_type type;
	size_t off;          /* offset of the value in the settings struct */
	size_t size;         /* CFG_STR: buffer size; CFG_INTLIST: capacity */
	size_t off2;         /* CFG_INTLIST: offset of the int count */
	double min, max;     /* CFG_INT, CFG_MS, CFG_DOUBLE, list elements */
	const char *def;     /* default as it would be written in the file;
				NULL = required key */
	const char *const *names; /* CFG_ENUM */
	const char *help;    /* one line, printed by -n -v as a comment */
};

/* Finds @name in @tab; NULL if the table has no such key. */
const struct cfg_key *cfgtab_find(const struct cfg_key *tab, const char *name);

/*
 * Parses @value for @key into @obj.  Returns 0, or -1 with a message like
 * "brightness: 140 is above the maximum 100" in @e.
 */
int cfgtab_set(const struct cfg_key *key, void *obj, const char *value,
	       struct errbuf *e);

/* Sets every key that has a default.  Returns 0 or -1 (a bad default). */
int cfgtab_defaults(const struct cfg_key *tab, void *obj, struct errbuf *e);

/* Writes "name = value" for every key, in table order, re-parseable. */
void cfgtab_print(FILE *f, const struct cfg_key *tab, const void *obj);

/* Formats one key's current value into @buf (never truncated silently:
   returns -1 if @len is too small). */
int cfgtab_format(const struct cfg_key *key, const void *obj, char *buf,
		  size_t len);

#endif
