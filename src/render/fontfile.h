/*
 * fontfile: the font files open in the process, shared by every font
 * (render/font.c is its only user).
 *
 * One FreeType library serves the process, and each face of a file
 * ("path" or "path#N") is opened once, however many fonts (sizes, modes)
 * draw from it: fontfile_open() of a face already open takes another
 * reference, fontfile_close() drops one, and the last one closes the face.
 * Files are told apart by device, inode, size and modification time, so
 * two spellings of one path share a face and a file replaced on disk gets
 * a face of its own.
 *
 * How a file is read, for the least resident memory:
 *  - .gz (PCF bitmap fonts): inflated into one heap buffer, once per file;
 *  - other files (OpenType/TrueType/BDF...): read with pread() through a
 *    FreeType stream on a descriptor the fontfile keeps open.  FreeType
 *    copies what it keeps (cmap, metrics, CFF subroutines) to the heap and
 *    reads glyph programs on demand, so a 3.4 MB CJK font costs a few
 *    hundred KB of RSS where a mapping of it (FT_New_Face's default)
 *    costs every page glyph look-ups have touched.
 *
 * The face is shared: hold fontfile_lock() around every FreeType call
 * that uses it (FT_Get_Char_Index, FT_Activate_Size and FT_Load_Glyph with
 * the copy of the glyph slot, FT_Get_Kerning, FT_New_Size/FT_Done_Size),
 * and activate your own FT_Size before anything size-dependent.  Opening
 * and closing are thread-safe.
 */
#ifndef PIDS_FONTFILE_H
#define PIDS_FONTFILE_H

#include <stddef.h>

#include <ft2build.h>
#include FT_FREETYPE_H

#include "util/errbuf.h"

struct fontfile;

/* Opens (or shares) face N of "path#N" (N = 0 without "#N").  Errors name
   the file: "x.otf: No such file or directory", "x.otf: no face 3 (the
   file has 1)", "x.sh: not a font FreeType can read (error 2)".  NULL with
   errno on failure. */
struct fontfile *fontfile_open(const char *spec, struct errbuf *e);
/* Drops a reference; the last one closes the face.  NULL is fine. */
void fontfile_close(struct fontfile *ff);

/* The face, owned by @ff: valid until the last fontfile_close(). */
FT_Face fontfile_face(const struct fontfile *ff);

void fontfile_lock(struct fontfile *ff);
void fontfile_unlock(struct fontfile *ff);

/* For tests: faces open in the process, and references to @ff. */
size_t fontfile_open_count(void);
unsigned int fontfile_refs(const struct fontfile *ff);

#endif
