/* bitplane: see bitplane.h. */
#include "panel/bitplane.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "render/ledcolor.h"

struct bitplane {
	int w, h, channels, planes, lines, line_bytes;
	uint8_t invert;          /* XOR for active-low data */
	int spi;
	size_t size;
	struct ledcolor_opts opts;
	int mono_ch;             /* channel of the sign's colour: 0 R, 1 G, 2 B */
	uint32_t mono_scale;     /* 255 * 65536 / that channel's value */
	struct canvas *grey;     /* mono: the frame as intensity */
	uint16_t *levels;        /* w * h * channels */
	uint32_t *off;           /* byte of each sample in plane 0 */
	uint8_t *mask;           /* its bit */
};

void bitplane_destroy(struct bitplane *b)
{
	if (!b)
		return;
	canvas_destroy(b->grey);
	free(b->levels);
	free(b->off);
	free(b->mask);
	free(b);
}

static void build_map(struct bitplane *b, const struct ledpanel *p)
{
	int lanes = p->data_lines, pad = b->line_bytes * 8 - p->clocks * lanes;
	int x, y, c, line, clock, d;

	for (y = 0; y < b->h; y++) {
		for (x = 0; x < b->w; x++) {
			for (c = 0; c < b->channels; c++) {
				size_t i = ((size_t)y * b->w + x) * b->channels +
					   c;
				size_t base;

				ledpanel_locate(p, x, y, c, &line, &clock, &d);
				base = (size_t)line * b->planes * b->line_bytes;
				if (b->spi) {
					int bit = pad + clock * lanes +
						  (lanes - 1 - d);

					b->off[i] = (uint32_t)(base + bit / 8);
					b->mask[i] = (uint8_t)(0x80 >> (bit % 8));
				} else {
					b->off[i] = (uint32_t)(base + clock);
					b->mask[i] = (uint8_t)(1 << d);
				}
			}
		}
	}
}

static void mono_setup(struct bitplane *b, uint32_t color)
{
	uint8_t ch[3] = { ARGB_R(color), ARGB_G(color), ARGB_B(color) };
	int i;

	b->mono_ch = 0;
	for (i = 1; i < 3; i++)
		if (ch[i] > ch[b->mono_ch])
			b->mono_ch = i;
	if (ch[b->mono_ch] == 0)
		ch[b->mono_ch] = 255; /* black sign colour: treat as white */
	b->mono_scale = 255u * 65536u / ch[b->mono_ch];
}

struct bitplane *bitplane_create(const struct ledpanel *p, int bits,
				 int dither, uint32_t color, struct errbuf *e)
{
	struct bitplane *b;
	size_t n;

	if (bits < 1 || bits > 11) {
		errbuf_set(e, "bits: %d bit-planes; 1..11 supported", bits);
		errno = EINVAL;
		return NULL;
	}
	b = calloc(1, sizeof(*b));
	if (!b)
		goto err_alloc;
	b->w = p->width;
	b->h = p->height;
	b->channels = p->colors;
	b->planes = bits;
	b->lines = p->mod.scan;
	b->spi = p->path == LED_PATH_SPIDEV;
	b->line_bytes = b->spi ? (p->clocks * p->data_lines + 7) / 8
			       : p->clocks;
	if (p->mod.data_active_low)
		b->invert = b->spi ? 0xff
				   : (uint8_t)((1u << p->data_lines) - 1);
	b->size = (size_t)b->lines * b->planes * b->line_bytes;
	b->opts.channels = b->channels;
	b->opts.bits = bits;
	b->opts.dither = dither;
	b->opts.cie = 1;
	n = (size_t)b->w * b->h * b->channels;
	b->levels = calloc(n, sizeof(*b->levels));
	b->off = calloc(n, sizeof(*b->off));
	b->mask = calloc(n, sizeof(*b->mask));
	if (!b->levels || !b->off || !b->mask)
		goto err_free;
	if (b->channels == 1) {
		mono_setup(b, color);
		b->grey = canvas_create(b->w, b->h, e);
		if (!b->grey)
			goto err_canvas;
	}
	build_map(b, p);
	return b;

err_free:
	bitplane_destroy(b);
err_alloc:
	errbuf_errno(e, "bit-plane tables for %dx%d", p->width, p->height);
	errno = ENOMEM;
	return NULL;
err_canvas:
	bitplane_destroy(b);
	return NULL;
}

size_t bitplane_size(const struct bitplane *b)
{
	return b->size;
}

int bitplane_line_bytes(const struct bitplane *b)
{
	return b->line_bytes;
}

const uint16_t *bitplane_levels(const struct bitplane *b)
{
	return b->levels;
}

/* Mono: intensity along the sign's colour, composited on black. */
static void to_grey(struct bitplane *b, const struct canvas *frame)
{
	const uint32_t *src = canvas_pixels_const(frame);
	uint32_t *dst = canvas_pixels(b->grey);
	int ss = canvas_stride(frame), ds = canvas_stride(b->grey);
	int shift = 16 - 8 * b->mono_ch, x, y;

	for (y = 0; y < b->h; y++) {
		const uint32_t *s = src + (size_t)y * ss;
		uint32_t *d = dst + (size_t)y * ds;

		for (x = 0; x < b->w; x++) {
			uint32_t px = s[x], v, a = px >> 24;

			v = ((px >> shift & 0xff) * b->mono_scale) >> 16;
			if (v > 255)
				v = 255;
			if (a != 255)
				v = (v * a + 127) / 255;
			d[x] = 0xff000000u | v << 16 | v << 8 | v;
		}
	}
}

int bitplane_convert(struct bitplane *b, const struct canvas *frame,
		     uint8_t *out)
{
	size_t i, n = (size_t)b->w * b->h * b->channels;
	int p, lb = b->line_bytes;

	if (canvas_width(frame) != b->w || canvas_height(frame) != b->h) {
		errno = EINVAL;
		return -1;
	}
	if (b->channels == 1) {
		to_grey(b, frame);
		frame = b->grey;
	}
	if (ledcolor_quantize(frame, &b->opts, b->levels) < 0)
		return -1;
	memset(out, 0, b->size);
	for (i = 0; i < n; i++) {
		unsigned int lvl = b->levels[i];
		uint8_t *o = out + b->off[i];

		for (p = 0; lvl; p++, lvl >>= 1)
			if (lvl & 1)
				o[p * lb] |= b->mask[i];
	}
	if (b->invert)
		for (i = 0; i < b->size; i++)
			out[i] ^= b->invert;
	return 0;
}
