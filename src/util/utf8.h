/*
 * utf8: decoding UTF-8 text into Unicode code points.
 */
#ifndef PIDS_UTF8_H
#define PIDS_UTF8_H

#include <stddef.h>
#include <stdint.h>

/*
 * Decodes one code point at *@s (not past @end) and advances *@s.  Invalid
 * or truncated sequences, overlongs and surrogates yield U+FFFD and advance
 * by one byte, so every input terminates.  Returns 0 at @end.
 */
uint32_t utf8_next(const char **s, const char *end);

/* Writes @cp as UTF-8 into @out (at least 4 bytes); returns the length. */
size_t utf8_encode(uint32_t cp, char *out);

/* 1 if @s[0..len) is valid UTF-8 without NUL bytes, else 0. */
int utf8_valid(const char *s, size_t len);

#endif
