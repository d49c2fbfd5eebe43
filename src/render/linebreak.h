/*
 * linebreak: where a line of mixed Chinese and Latin text may be broken.
 *
 * A simplified UAX #14 with the Chinese rules (GB/T 15834, kinsoku):
 * breaks are allowed between CJK characters and between CJK and other
 * text, and after spaces; never inside a Latin word (except after a
 * hyphen), never before closing punctuation (，。、；：？！）」』》…) and
 * never after opening punctuation (（「『《“), nor inside "……" or "——".
 */
#ifndef PIDS_LINEBREAK_H
#define PIDS_LINEBREAK_H

#include <stdint.h>

/* 1 if a line may not start with @cp (closing punctuation). */
int lb_no_start(uint32_t cp);
/* 1 if a line may not end with @cp (opening punctuation). */
int lb_no_end(uint32_t cp);

/* The out-of-line halves of the inline tests below. */
int lb_is_space_slow(uint32_t cp);
int lb_allowed_slow(uint32_t before, uint32_t after);

/* 1 for ASCII letters and digits. */
static inline int lb_ascii_word(uint32_t c)
{
	return (c | 0x20) - 'a' < 26 || c - '0' < 10;
}

/* 1 for spaces a line breaks after (not U+00A0, which binds). */
static inline int lb_is_space(uint32_t cp)
{
	return cp == ' ' || cp == '\t' ||
	       (cp >= 0x1680 && cp <= 0x3000 && lb_is_space_slow(cp));
}

/* 1 if a line may break between @before and @after.  Inline: two hanzi
   (yes) and two ASCII letters or digits (no), the common cases. */
static inline int lb_allowed(uint32_t before, uint32_t after)
{
	if (before - 0x4e00 < 0x5200 && after - 0x4e00 < 0x5200)
		return 1;
	if (before < 0x80 && after < 0x80 && lb_ascii_word(before) &&
	    lb_ascii_word(after))
		return 0;
	return lb_allowed_slow(before, after);
}

#endif
