/*
 * fuzz_png: pngio_decode with the default limits over arbitrary bytes, then
 * scale_image of whatever decodes to a size taken from the input.
 *
 * Mutated chunks almost always fail their CRC, which would stop libpng at
 * the first chunk the fuzzer touches.  So each input is decoded twice: as
 * is (the CRC checks themselves get fuzzed), and with every chunk CRC
 * recomputed (the chunk parsers and the inflate/row code get fuzzed).
 * Built by tests/fuzz/run.sh with libFuzzer, and by the Makefile with
 * tests/fuzz/replay.c so the corpus replays in make check.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "render/pngio.h"
#include "render/scale.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint32_t crc_table[256];

static uint32_t crc32_png(const uint8_t *p, size_t n)
{
	uint32_t c = 0xffffffffu;
	size_t i;
	int k;

	if (!crc_table[1])
		for (i = 0; i < 256; i++) {
			c = (uint32_t)i;
			for (k = 0; k < 8; k++)
				c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
			crc_table[i] = c;
		}
	c = 0xffffffffu;
	for (i = 0; i < n; i++)
		c = crc_table[(c ^ p[i]) & 0xff] ^ (c >> 8);
	return c ^ 0xffffffffu;
}

/* Rewrites the CRC of every whole chunk after the signature; returns
   whether anything changed. */
static int fix_crcs(uint8_t *p, size_t n)
{
	size_t off = 8, len;
	uint32_t crc;
	int changed = 0;

	while (n >= 12 && off <= n - 12) {
		len = (size_t)p[off] << 24 | (size_t)p[off + 1] << 16 |
		      (size_t)p[off + 2] << 8 | p[off + 3];
		if (len > n - 12 - off)
			break;
		crc = crc32_png(p + off + 4, len + 4);
		off += 8 + len;
		if (((uint32_t)p[off] << 24 | (uint32_t)p[off + 1] << 16 |
		     (uint32_t)p[off + 2] << 8 | p[off + 3]) != crc) {
			p[off] = (uint8_t)(crc >> 24);
			p[off + 1] = (uint8_t)(crc >> 16);
			p[off + 2] = (uint8_t)(crc >> 8);
			p[off + 3] = (uint8_t)crc;
			changed = 1;
		}
		off += 4;
	}
	return changed;
}

static void decode(const uint8_t *data, size_t size, int w, int h)
{
	struct errbuf e;
	struct canvas *c, *s;

	c = pngio_decode(data, size, NULL, &e);
	if (!c)
		return;
	s = scale_image(c, w, h, &e);
	canvas_destroy(s);
	canvas_destroy(c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int w = size ? 1 + data[size - 1] % 64 : 1;
	int h = size > 1 ? 1 + data[size - 2] % 64 : 1;
	uint8_t *copy;

	decode(data, size, w, h);
	if (size < 12)
		return 0;
	copy = malloc(size);
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	if (fix_crcs(copy, size))
		decode(copy, size, w, h);
	free(copy);
	return 0;
}
