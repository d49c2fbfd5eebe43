/*
 * content_parse: the inside of struct content, and the parsers that fill it
 * from the four JSON documents of a content directory.  Private to
 * src/content; everyone else uses content.h.
 */
#ifndef PIDS_CONTENT_PARSE_H
#define PIDS_CONTENT_PARSE_H

#include <stddef.h>

#include <jansson.h>

#include "content/content.h"
#include "content/jsonv.h"

#define CONTENT_MAX_ROUTES 64
#define CONTENT_MAX_STOPS 128
#define CONTENT_MAX_HERITAGE 64
#define CONTENT_MAX_THEMES 32
#define CONTENT_MAX_SLIDES 64
#define CONTENT_MAX_SOURCES 8
#define CONTENT_MAX_ART 64

enum content_doc { DOC_MANIFEST, DOC_ROUTES, DOC_HERITAGE, DOC_THEMES, DOC_N };
extern const char *const content_doc_names[DOC_N];

struct content_art {
	char *path;
	const struct canvas *image; /* a reference from content/artcache */
};

struct content {
	json_t *doc[DOC_N];     /* parsed documents; strings point into them */
	int dirfd;              /* during content_load only, else -1 */

	struct content_manifest manifest;
	int routes_illustrative;
	const char *routes_note;

	int nroutes;
	struct content_route *routes;
	int nheritage;
	struct content_heritage *heritage;
	int nthemes;
	struct content_theme *themes;
	int default_theme;

	int nart;
	struct content_art art[CONTENT_MAX_ART];
	size_t art_bytes;       /* decoded bytes of all artwork */
};

int content_parse_manifest(struct content *c, struct jsonv *v);
int content_parse_routes(struct content *c, struct jsonv *v);
int content_parse_heritage(struct content *c, struct jsonv *v);
int content_parse_themes(struct content *c, struct jsonv *v);

/*
 * The artwork named by the string member @key of @obj: a relative path
 * inside the content directory ending in ".png", decoded once (cached by
 * path) within the PNG limits.  -1 with "FILE: PATH.key: reason".
 * Missing and not @required: *@out = NULL, 0.  Provided by content.c.
 */
int content_art(struct content *c, struct jsonv *v, const json_t *obj,
		const char *key, int required, const char **path,
		const struct canvas **out);

/* Parses "#rrggbb" into 0xFFRRGGBB; -1 if malformed. */
int content_parse_color(const char *s, uint32_t *argb);

#endif
