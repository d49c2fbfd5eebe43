/*
 * font: a chain of FreeType faces at one pixel size, with a glyph cache.
 *
 * A font is an ordered list of font files (Latin, CJK, symbols...): each
 * character is drawn from the first face that has it.  Two render modes:
 * FONT_MONO for LED signs (bitmap strikes used as they are, outlines rendered
 * 1-bit, so every pixel is on or off) and FONT_AA for LCDs (anti-aliased
 * outlines, light hinting).  Rendered glyphs are cached by code point, so
 * drawing the same text again makes no FreeType calls.
 *
 * A character no face has is drawn as a visible placeholder box (the
 * "tofu" of the first face's size), never as nothing; font_missing() lists
 * such characters so content can be checked before it is shipped.
 *
 * Bitmap fonts (.pcf.gz) need a strike of the size asked for, or of a
 * divisor of it: Unifont 16 opened at 32 px draws every pixel as 2x2.
 *
 * Ownership: a font owns its glyph cache and one FreeType size per face
 * of its chain; the faces themselves are shared by every font of the
 * process (render/fontfile.h): each file is opened once, with one FT_Face
 * and, for .gz files, one inflated copy, whatever the sizes and modes
 * opened from it, and is closed with the last font that uses it.  Other
 * files are read with pread() as glyphs are loaded, not mapped, so only
 * what FreeType keeps of them is resident.
 * Kerning is FreeType's (a 'kern' table); OpenType GPOS kerning (as in
 * Noto CJK) needs a shaper and is not applied.
 *
 * A font is not thread-safe: its cache fills as glyphs are asked for.
 * Different fonts may be used from different threads (the shared faces
 * are locked around each FreeType call).
 */
#ifndef PIDS_FONT_H
#define PIDS_FONT_H

#include <stddef.h>
#include <stdint.h>

#include "util/errbuf.h"

enum font_mode {
	FONT_MONO, /* 1-bit: LED signs */
	FONT_AA,   /* 8-bit coverage: LCDs */
};

#define FONT_MAX_FACES 4

/* struct glyph.face for glyphs no face drew: a character no face has
   (drawn as the placeholder box), and control, format or space characters
   drawn as nothing (advance 0, or a space's width). */
#define FONT_FACE_PLACEHOLDER (-1)
#define FONT_FACE_BLANK (-2)

struct font;

/* One rendered glyph, owned by the font's cache (valid until the font is
   destroyed).  Bitmap rows are @pitch bytes; 1 bit per pixel MSB first for
   FONT_MONO, 1 byte per pixel for FONT_AA. */
struct glyph {
	uint32_t cp;
	int face;          /* index in the chain, or FONT_FACE_* */
	unsigned int index; /* glyph index in that face */
	int left, top;     /* bitmap origin relative to pen and baseline
			      (the bitmap is trimmed to the ink; w = h = 0
			      and bits = NULL when there is none) */
	int w, h, pitch;
	int advance;       /* pixels */
	const uint8_t *bits;
};

/*
 * Opens @nfiles files (1..FONT_MAX_FACES, .pcf.gz/.otf/.ttf/.ttc; "path#N"
 * selects face N of a collection) at @px pixels.  A file that cannot be
 * opened fails the call with its name in @e ("fonts/x.otf: No such file or
 * directory", "f.pcf.gz: bitmap font has no 20 px strike (has 16)").
 * NULL with errno on failure.
 */
struct font *font_create(const char *const *files, int nfiles, int px,
			 enum font_mode mode, struct errbuf *e);
void font_destroy(struct font *f);

int font_px(const struct font *f);
enum font_mode font_mode_of(const struct font *f);
/* Pixels above / below the baseline that the chain's glyphs may use, and
   the distance between baselines of consecutive lines. */
int font_ascent(const struct font *f);
int font_descent(const struct font *f);
int font_line_height(const struct font *f);

/* The glyph for @cp, rendered and cached on first use (placeholder box if
   no face has it).  Never NULL unless out of memory. */
const struct glyph *font_glyph(struct font *f, uint32_t cp);
/* Kerning between two glyphs in pixels (0 across faces or without kerning);
   pairs are cached like glyphs. */
int font_kern(struct font *f, const struct glyph *left,
	      const struct glyph *right);
/* 1 if any face of the chain has kerning (else font_kern() is always 0). */
int font_has_kerning(const struct font *f);

/* 1 for Unicode space separators (U+0020, U+00A0, U+3000...). */
int font_is_space(uint32_t cp);

/*
 * Coverage check: stores up to @max distinct code points of @utf8 that no
 * face can draw (control characters and spaces excepted) in @out and
 * returns how many there are in all (may exceed @max).
 */
size_t font_missing(struct font *f, const char *utf8, uint32_t *out,
		    size_t max);

/* Counters for tests and benches: FreeType glyph loads so far, FreeType
   calls of any kind since font_create() (glyph loads, charmap look-ups,
   kerning), and glyphs in the cache. */
unsigned long font_stat_loads(const struct font *f);
unsigned long font_stat_ftcalls(const struct font *f);
size_t font_stat_glyphs(const struct font *f);

#endif
