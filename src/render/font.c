/*
 * font: see font.h.
 *
 * The faces are shared (render/fontfile.h: one FreeType face per file in the
 * process, whatever its users' sizes); each font has an FT_Size of its own
 * on each face of its chain, activated under the file's lock before every
 * size-dependent call, which are all on cache misses.  Glyphs are rendered once,
 * trimmed to their ink, and copied with their struct glyph into an arena of
 * large chunks, so the pointers font_glyph() returns stay valid and nothing
 * is freed until font_destroy().  Lookups go through a direct table for
 * ASCII and an open-addressing hash (linear probing, load <= 1/2) for the
 * rest; kerning pairs have a hash of their own, filled only for faces that
 * have a kerning table.
 */
#include "render/font.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_SIZES_H

#include "render/fontfile.h"
#include "util/utf8.h"

#define ARENA_CHUNK (64 * 1024)
#define GLYPH_SLOTS0 256 /* initial hash size, power of two */
#define KERN_SLOTS0 256

struct chunk {
	struct chunk *next;
	size_t used, size;
	max_align_t data[];
};

struct gslot {
	uint32_t cp;
	struct glyph *g; /* NULL: empty slot */
};

struct kslot {
	uint64_t key; /* left cp << 32 | right cp; 0: empty */
	int val;
};

struct face {
	struct fontfile *file; /* shared: lock it around FreeType calls */
	FT_Face ft;            /* the file's face */
	FT_Size size;          /* ours on it: activate before use */
	int scale; /* integer upscale of a bitmap strike, 1 = none */
	int kerning; /* has a kerning table FreeType applies */
};

struct font {
	struct face faces[FONT_MAX_FACES];
	int nfaces, px;
	enum font_mode mode;
	int ascent, descent, line_height;
	int kerning;
	FT_Int32 load_flags;

	struct glyph *ascii[128];
	struct gslot *slots;
	unsigned int nslots, nglyphs;
	struct kslot *kslots;
	unsigned int nkslots, nkern;
	struct chunk *arena;

	const uint8_t *box; /* placeholder bitmap, made on first need */
	int box_w, box_h, box_pitch;

	unsigned long loads, ftcalls;
};

/* ---- arena ---- */

static void *arena_alloc(struct font *f, size_t n)
{
	struct chunk *c = f->arena;
	size_t align = sizeof(max_align_t);
	void *p;

	n = (n + align - 1) / align * align;
	if (!c || c->size - c->used < n) {
		size_t size = n > ARENA_CHUNK / 4 ? n : ARENA_CHUNK;

		c = malloc(sizeof(*c) + size);
		if (!c)
			return NULL;
		c->size = size;
		c->used = 0;
		if (n > ARENA_CHUNK / 4 && f->arena) {
			/* A big one-off: keep filling the current chunk. */
			c->next = f->arena->next;
			f->arena->next = c;
		} else {
			c->next = f->arena;
			f->arena = c;
		}
	}
	p = (unsigned char *)c->data + c->used;
	c->used += n;
	return p;
}

/* ---- opening ---- */

/* Sizes the face's active size to @px: outlines are scaled, bitmap fonts
   need a strike of @px or of a divisor of @px (then drawn at an integer
   scale). */
static int set_size(struct font *f, struct face *fc, const char *name,
		    struct errbuf *e)
{
	FT_Face ft = fc->ft;
	int i, best = -1, best_h = 0;
	char sizes[64];
	size_t n = 0;

	fc->scale = 1;
	if (FT_IS_SCALABLE(ft)) {
		if (FT_Set_Pixel_Sizes(ft, 0, f->px) == 0)
			return 0;
		errno = EINVAL;
		errbuf_set(e, "%s: cannot be scaled to %d px", name, f->px);
		return -1;
	}
	sizes[0] = 0;
	for (i = 0; i < ft->num_fixed_sizes; i++) {
		FT_Bitmap_Size *bs = &ft->available_sizes[i];
		int h = bs->y_ppem ? (int)((bs->y_ppem + 32) >> 6) : bs->height;

		if (n < sizeof(sizes) - 8)
			n += snprintf(sizes + n, sizeof(sizes) - n, "%s%d",
				      n ? ", " : "", h);
		if (h > 0 && f->px % h == 0 && h > best_h)
			best = i, best_h = h;
	}
	if (best < 0 || FT_Select_Size(ft, best) != 0) {
		errno = EINVAL;
		errbuf_set(e, "%s: bitmap font has no %d px strike (has %s)",
			   name, f->px, n ? sizes : "none");
		return -1;
	}
	fc->scale = f->px / best_h;
	return 0;
}

/* Gives @fc a size of its own on the shared face, at @px. */
static int size_face(struct font *f, struct face *fc, const char *name,
		     struct errbuf *e)
{
	int r = -1;

	fontfile_lock(fc->file);
	if (FT_New_Size(fc->ft, &fc->size) != 0) {
		fc->size = NULL;
		errno = ENOMEM;
		errbuf_set(e, "%s: out of memory", name);
	} else if (FT_Activate_Size(fc->size) != 0) {
		errno = EINVAL;
		errbuf_set(e, "%s: cannot activate a size", name);
	} else {
		r = set_size(f, fc, name, e);
	}
	fontfile_unlock(fc->file);
	return r;
}

static void chain_metrics(struct font *f)
{
	int i;

	for (i = 0; i < f->nfaces; i++) {
		const FT_Size_Metrics *m = &f->faces[i].size->metrics;
		int k = f->faces[i].scale;
		int asc = (int)((m->ascender + 63) >> 6) * k;
		int desc = (int)((-m->descender + 63) >> 6) * k;
		int lh = (int)((m->height + 32) >> 6) * k;

		if (asc > f->ascent)
			f->ascent = asc;
		if (desc > f->descent)
			f->descent = desc;
		if (lh > f->line_height)
			f->line_height = lh;
	}
	if (f->line_height < f->ascent + f->descent)
		f->line_height = f->ascent + f->descent;
}

struct font *font_create(const char *const *files, int nfiles, int px,
			 enum font_mode mode, struct errbuf *e)
{
	struct font *f;
	int i;

	if (!files || nfiles < 1 || nfiles > FONT_MAX_FACES || px < 1 ||
	    px > 1024 || (mode != FONT_MONO && mode != FONT_AA)) {
		errno = EINVAL;
		errbuf_set(e, "font: need 1..%d files, 1..1024 px and a mode",
			   FONT_MAX_FACES);
		return NULL;
	}
	f = calloc(1, sizeof(*f));
	if (!f)
		goto fail_alloc;
	f->px = px;
	f->mode = mode;
	f->load_flags = mode == FONT_MONO
				? FT_LOAD_RENDER | FT_LOAD_TARGET_MONO |
					  FT_LOAD_MONOCHROME
				: FT_LOAD_RENDER | FT_LOAD_TARGET_LIGHT;
	for (i = 0; i < nfiles; i++) {
		struct face *fc = &f->faces[i];

		if (!files[i]) {
			errno = EINVAL;
			errbuf_set(e, "font: file %d is NULL", i);
			goto fail;
		}
		f->nfaces++;
		fc->file = fontfile_open(files[i], e);
		if (!fc->file)
			goto fail;
		fc->ft = fontfile_face(fc->file);
		if (size_face(f, fc, files[i], e) < 0)
			goto fail;
		fc->kerning = FT_HAS_KERNING(fc->ft) ? 1 : 0;
		f->kerning |= fc->kerning;
	}
	chain_metrics(f);
	f->nslots = GLYPH_SLOTS0;
	f->slots = calloc(f->nslots, sizeof(*f->slots));
	if (!f->slots)
		goto fail_alloc;
	return f;

fail_alloc:
	errno = ENOMEM;
	errbuf_set(e, "font: out of memory");
fail:
	font_destroy(f);
	return NULL;
}

void font_destroy(struct font *f)
{
	struct chunk *c, *next;
	int saved = errno, i;

	if (!f)
		return;
	for (c = f->arena; c; c = next) {
		next = c->next;
		free(c);
	}
	free(f->slots);
	free(f->kslots);
	for (i = 0; i < f->nfaces; i++) {
		struct face *fc = &f->faces[i];

		if (fc->size) {
			fontfile_lock(fc->file);
			FT_Done_Size(fc->size);
			fontfile_unlock(fc->file);
		}
		fontfile_close(fc->file);
	}
	free(f);
	errno = saved;
}

int font_px(const struct font *f)
{
	return f->px;
}

enum font_mode font_mode_of(const struct font *f)
{
	return f->mode;
}

int font_ascent(const struct font *f)
{
	return f->ascent;
}

int font_descent(const struct font *f)
{
	return f->descent;
}

int font_line_height(const struct font *f)
{
	return f->line_height;
}

int font_has_kerning(const struct font *f)
{
	return f->kerning;
}

unsigned long font_stat_loads(const struct font *f)
{
	return f->loads;
}

unsigned long font_stat_ftcalls(const struct font *f)
{
	return f->ftcalls;
}

size_t font_stat_glyphs(const struct font *f)
{
	return f->nglyphs;
}

/* ---- character classes ---- */

/* Characters drawn as nothing, with no advance. */
static int is_invisible(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || cp == 0xad ||
	       (cp >= 0x200b && cp <= 0x200f) ||
	       (cp >= 0x2028 && cp <= 0x202e) ||
	       (cp >= 0x2060 && cp <= 0x2064) || cp == 0xfeff;
}

int font_is_space(uint32_t cp)
{
	return cp == 0x20 || cp == 0xa0 || cp == 0x1680 ||
	       (cp >= 0x2000 && cp <= 0x200a) || cp == 0x202f || cp == 0x205f ||
	       cp == 0x3000;
}

/* ---- making glyphs ---- */

/* Row @y of a FreeType bitmap, whatever the sign of its pitch. */
static const uint8_t *bm_row(const FT_Bitmap *bm, int y)
{
	if (bm->pitch < 0)
		return bm->buffer + (ptrdiff_t)(bm->rows - 1 - y) * -bm->pitch;
	return bm->buffer + (ptrdiff_t)y * bm->pitch;
}

static int bit(const uint8_t *row, int x)
{
	return row[x >> 3] >> (7 - (x & 7)) & 1;
}

/*
 * Ink bounds of a FreeType bitmap (0 if it has none).  Anti-aliased
 * renderings come tight already; bitmap strikes (Unifont's 8x16 and 16x16
 * cells) have empty rows and columns worth trimming, which is done a byte
 * at a time.
 */
static int ink_box(const FT_Bitmap *bm, int *x0, int *y0, int *x1, int *y1)
{
	int x, y, bytes = (bm->width + 7) / 8;

	if (bm->pixel_mode != FT_PIXEL_MODE_MONO) {
		*x0 = *y0 = 0;
		*x1 = (int)bm->width - 1;
		*y1 = (int)bm->rows - 1;
		return bm->width > 0 && bm->rows > 0;
	}
	*x0 = INT_MAX, *y0 = INT_MAX, *x1 = -1, *y1 = -1;
	for (y = 0; y < (int)bm->rows; y++) {
		const uint8_t *row = bm_row(bm, y);
		int first = -1, last = -1;

		for (x = 0; x < bytes; x++) {
			if (row[x]) {
				if (first < 0)
					first = x;
				last = x;
			}
		}
		if (first < 0)
			continue;
		/* MSB first: leading zeros give the first column */
		first = first * 8 + __builtin_clz(row[first]) - 24;
		last = last * 8 + 7 - __builtin_ctz(row[last]);
		if (first < *x0)
			*x0 = first;
		if (last > *x1)
			*x1 = last;
		if (*y0 == INT_MAX)
			*y0 = y;
		*y1 = y;
	}
	return *x1 >= 0;
}

/* Copies the ink of the glyph slot into @g, scaled by @k, converted to the
   font's mode.  0, or -1 when out of memory. */
static int copy_bitmap(struct font *f, struct glyph *g, FT_GlyphSlot slot,
		       int k)
{
	const FT_Bitmap *bm = &slot->bitmap;
	int x0, y0, x1, y1, x, y, mono;
	uint8_t *bits;

	g->left = g->top = g->w = g->h = g->pitch = 0;
	g->bits = NULL;
	if (bm->pixel_mode != FT_PIXEL_MODE_MONO &&
	    bm->pixel_mode != FT_PIXEL_MODE_GRAY)
		return 0; /* colour or 2/4-bit: not used by our fonts */
	if (!bm->buffer || !ink_box(bm, &x0, &y0, &x1, &y1))
		return 0;
	g->w = (x1 - x0 + 1) * k;
	g->h = (y1 - y0 + 1) * k;
	g->left = (slot->bitmap_left + x0) * k;
	g->top = (slot->bitmap_top - y0) * k;
	g->pitch = f->mode == FONT_MONO ? (g->w + 7) / 8 : g->w;
	bits = arena_alloc(f, (size_t)g->pitch * g->h);
	if (!bits)
		return -1;
	g->bits = bits;
	mono = bm->pixel_mode == FT_PIXEL_MODE_MONO;
	if (!mono && k == 1 && f->mode == FONT_AA) {
		for (y = 0; y < g->h; y++)
			memcpy(bits + (size_t)y * g->pitch, bm_row(bm, y0 + y),
			       g->w);
		return 0;
	}
	memset(bits, 0, (size_t)g->pitch * g->h);
	for (y = 0; y < g->h; y++) {
		const uint8_t *src = bm_row(bm, y0 + y / k);
		uint8_t *dst = bits + (size_t)y * g->pitch;

		for (x = 0; x < g->w; x++) {
			int sx = x0 + x / k;
			unsigned v = mono ? (bit(src, sx) ? 255 : 0) : src[sx];

			if (f->mode == FONT_AA)
				dst[x] = v;
			else if (v >= 128)
				dst[x >> 3] |= 0x80 >> (x & 7);
		}
	}
	return 0;
}

/* The hollow box drawn for characters no face has. */
static int make_box(struct font *f)
{
	int w = f->px / 2 < 3 ? 3 : f->px / 2;
	int h = f->px * 3 / 4 < 4 ? 4 : f->px * 3 / 4;
	int t = f->px / 16 < 1 ? 1 : f->px / 16;
	int pitch = f->mode == FONT_MONO ? (w + 7) / 8 : w, x, y;
	uint8_t *bits = arena_alloc(f, (size_t)pitch * h);

	if (!bits)
		return -1;
	memset(bits, 0, (size_t)pitch * h);
	for (y = 0; y < h; y++) {
		for (x = 0; x < w; x++) {
			if (x >= t && x < w - t && y >= t && y < h - t)
				continue;
			if (f->mode == FONT_AA)
				bits[y * pitch + x] = 255;
			else
				bits[y * pitch + (x >> 3)] |= 0x80 >> (x & 7);
		}
	}
	f->box = bits;
	f->box_w = w;
	f->box_h = h;
	f->box_pitch = pitch;
	return 0;
}

/* Index of the first face that has @cp, or -1; *@index gets its glyph. */
static int find_face(struct font *f, uint32_t cp, FT_UInt *index)
{
	int i;

	for (i = 0; i < f->nfaces; i++) {
		struct face *fc = &f->faces[i];

		f->ftcalls++;
		fontfile_lock(fc->file);
		*index = FT_Get_Char_Index(fc->ft, cp);
		fontfile_unlock(fc->file);
		if (*index)
			return i;
	}
	*index = 0;
	return -1;
}

/* Not inlined: font_glyph()'s cache hit, every glyph of every frame,
   then needs no stack frame. */
static __attribute__((noinline)) struct glyph *make_glyph(struct font *f,
							  uint32_t cp)
{
	struct glyph *g = arena_alloc(f, sizeof(*g));
	FT_UInt index;
	int i;

	if (!g)
		return NULL;
	memset(g, 0, sizeof(*g));
	g->cp = cp;
	g->face = FONT_FACE_BLANK;
	if (is_invisible(cp))
		return g;
	for (i = 0; i < f->nfaces; i++) {
		struct face *fc = &f->faces[i];
		FT_GlyphSlot slot;
		int r;

		f->ftcalls++;
		fontfile_lock(fc->file);
		index = FT_Get_Char_Index(fc->ft, cp);
		if (!index) {
			fontfile_unlock(fc->file);
			continue;
		}
		f->loads++;
		f->ftcalls++;
		if (FT_Activate_Size(fc->size) != 0 ||
		    FT_Load_Glyph(fc->ft, index, f->load_flags) != 0) {
			fontfile_unlock(fc->file);
			continue; /* a broken glyph: try the next face */
		}
		/* the slot is the shared face's: copied under the lock */
		slot = fc->ft->glyph;
		g->face = i;
		g->index = index;
		g->advance = (int)((slot->advance.x + 32) >> 6) * fc->scale;
		r = copy_bitmap(f, g, slot, fc->scale);
		fontfile_unlock(fc->file);
		return r < 0 ? NULL : g;
	}
	if (font_is_space(cp)) {
		/* A space no face has: blank, as wide as its kind. */
		const struct glyph *sp =
			cp == 0x20 ? NULL : font_glyph(f, 0x20);

		if (cp == 0x3000)
			g->advance = f->px;
		else if (sp && sp->face >= 0)
			g->advance = sp->advance;
		else
			g->advance = (f->px + 2) / 4;
		return g;
	}
	if (!f->box && make_box(f) < 0)
		return NULL;
	g->face = FONT_FACE_PLACEHOLDER;
	g->w = f->box_w;
	g->h = f->box_h;
	g->pitch = f->box_pitch;
	g->bits = f->box;
	g->left = f->px / 16 < 1 ? 1 : f->px / 16;
	g->top = f->box_h;
	g->advance = g->w + 2 * g->left;
	return g;
}

/* ---- the cache ---- */

static inline unsigned int hash32(uint32_t v, unsigned int mask)
{
	v *= 0x9e3779b1u;
	return (v ^ v >> 16) & mask;
}

static int grow_slots(struct font *f)
{
	unsigned int n = f->nslots * 2, mask = n - 1, i, j;
	struct gslot *s = calloc(n, sizeof(*s));

	if (!s)
		return -1;
	for (i = 0; i < f->nslots; i++) {
		if (!f->slots[i].g)
			continue;
		for (j = hash32(f->slots[i].cp, mask); s[j].g;
		     j = (j + 1) & mask)
			;
		s[j] = f->slots[i];
	}
	free(f->slots);
	f->slots = s;
	f->nslots = n;
	return 0;
}

const struct glyph *font_glyph(struct font *f, uint32_t cp)
{
	unsigned int mask = f->nslots - 1, i;
	struct glyph *g;

	if (cp < 128 && f->ascii[cp])
		return f->ascii[cp];
	for (i = hash32(cp, mask); f->slots[i].g; i = (i + 1) & mask) {
		if (f->slots[i].cp == cp)
			return f->slots[i].g;
	}
	g = make_glyph(f, cp); /* may itself add U+0020: probe again */
	if (!g)
		return NULL;
	if ((f->nglyphs + 1) * 2 > f->nslots && grow_slots(f) < 0)
		return NULL;
	mask = f->nslots - 1;
	for (i = hash32(cp, mask); f->slots[i].g; i = (i + 1) & mask)
		;
	f->slots[i].cp = cp;
	f->slots[i].g = g;
	f->nglyphs++;
	if (cp < 128)
		f->ascii[cp] = g;
	return g;
}

static int grow_kern(struct font *f)
{
	unsigned int n = f->nkslots ? f->nkslots * 2 : KERN_SLOTS0;
	unsigned int mask = n - 1, i, j;
	struct kslot *s = calloc(n, sizeof(*s));

	if (!s)
		return -1;
	for (i = 0; i < f->nkslots; i++) {
		uint64_t key = f->kslots[i].key;

		if (!key)
			continue;
		j = hash32((uint32_t)(key >> 32) * 31 + (uint32_t)key, mask);
		while (s[j].key)
			j = (j + 1) & mask;
		s[j] = f->kslots[i];
	}
	free(f->kslots);
	f->kslots = s;
	f->nkslots = n;
	return 0;
}

int font_kern(struct font *f, const struct glyph *left,
	      const struct glyph *right)
{
	uint64_t key;
	unsigned int mask, i;
	struct face *fc;
	FT_Vector v;
	int val = 0;

	if (!f->kerning || !left || !right || left->face < 0 ||
	    left->face != right->face || !f->faces[left->face].kerning)
		return 0;
	key = (uint64_t)left->cp << 32 | right->cp;
	if ((f->nkern + 1) * 2 > f->nkslots && grow_kern(f) < 0)
		return 0;
	mask = f->nkslots - 1;
	i = hash32(left->cp * 31 + right->cp, mask);
	for (; f->kslots[i].key; i = (i + 1) & mask) {
		if (f->kslots[i].key == key)
			return f->kslots[i].val;
	}
	fc = &f->faces[left->face];
	f->ftcalls++;
	fontfile_lock(fc->file); /* kerning is scaled by the active size */
	if (FT_Activate_Size(fc->size) == 0 &&
	    FT_Get_Kerning(fc->ft, left->index, right->index,
			   FT_KERNING_DEFAULT, &v) == 0)
		val = (int)((v.x + 32) >> 6) * fc->scale;
	fontfile_unlock(fc->file);
	f->kslots[i].key = key;
	f->kslots[i].val = val;
	f->nkern++;
	return val;
}

/* ---- coverage ---- */

static int has_glyph(struct font *f, uint32_t cp)
{
	unsigned int mask = f->nslots - 1, i;
	FT_UInt index;

	if (cp < 128 && f->ascii[cp])
		return f->ascii[cp]->face != FONT_FACE_PLACEHOLDER;
	for (i = hash32(cp, mask); f->slots[i].g; i = (i + 1) & mask) {
		if (f->slots[i].cp == cp)
			return f->slots[i].g->face != FONT_FACE_PLACEHOLDER;
	}
	return find_face(f, cp, &index) >= 0;
}

size_t font_missing(struct font *f, const char *utf8, uint32_t *out, size_t max)
{
	const char *s = utf8, *end = utf8 ? utf8 + strlen(utf8) : NULL;
	uint32_t *seen = NULL, *grown;
	size_t nseen = 0, cap = 0, i;
	uint32_t cp;

	while (s && (cp = utf8_next(&s, end)) != 0) {
		if (is_invisible(cp) || font_is_space(cp) || has_glyph(f, cp))
			continue;
		for (i = 0; i < nseen && seen[i] != cp; i++)
			;
		if (i < nseen)
			continue;
		if (nseen == cap) {
			cap = cap ? cap * 2 : 16;
			grown = realloc(seen, cap * sizeof(*seen));
			if (!grown)
				break; /* count what we could tell apart */
			seen = grown;
		}
		if (nseen < max && out)
			out[nseen] = cp;
		seen[nseen++] = cp;
	}
	free(seen);
	return nseen;
}
