/*
 * content: routes, themes, slides, captions and artwork, loaded from a
 * content directory of JSON files and PNGs.
 *
 * A content directory is what a signed content pack installs; its format is
 * documented in README.md.  content_load() validates everything (schema,
 * references between files, PNG limits, font coverage of every string)
 * before it returns, so a bad directory is refused whole with a reason naming
 * the file and the field, and the caller keeps what it had.
 *
 * A loaded content is immutable and may be shared read-only.
 */
#ifndef PIDS_CONTENT_H
#define PIDS_CONTENT_H

#include "util/errbuf.h"

struct content;

struct content_stop {
	const char *zh, *en;  /* 北关 / Beiguan */
};

struct content_route {
	const char *id;        /* "T45" */
	const char *dest[2];   /* destination (zh), per direction */
	const char *dest_en[2];
	const char *via[2];    /* side-sign via text per direction, may be "" */
	const char *via_en[2];
	int nstops;
	/* Stops in direction 0 order; direction 1 runs them backwards. */
	const struct content_stop *stops;
};

/* Loads and validates @dir.  NULL with a reason in @e. */
struct content *content_load(const char *dir, struct errbuf *e);
void content_destroy(struct content *c);

/* The version string of the content (from its manifest). */
const char *content_version(const struct content *c);
int content_route_count(const struct content *c);
const struct content_route *content_route_at(const struct content *c, int i);
/* NULL if there is no such route. */
const struct content_route *content_route_find(const struct content *c,
					       const char *id);

#endif
