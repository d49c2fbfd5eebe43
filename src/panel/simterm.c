/*
 * simterm: see simterm.h.
 *
 * Every draw is one write() of escape sequences: save the cursor, paint
 * the cells that changed, restore the cursor, so log lines printed at the
 * cursor (in the scrolling region below the previews) are never disturbed.
 * Colours are only re-sent when they change from one cell to the next, the
 * cursor is only moved over runs of unchanged cells, and the title line
 * (with the frame count) is only rewritten along with a changed cell.
 */
#include "panel/simterm.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "util/log.h"

#define LOG_ROWS 6 /* rows kept free for scrolling logs */
/* Most bytes one cell takes: a cursor move, both colours, the glyph. */
#define CELL_MAX (14 + 36 + 3)
#define TITLE_MAX 256 /* bytes kept in front of the cells for the title */
#define SPLIT 2304    /* squared RGB distance: one colour below, two above */

static struct {
	int users;
	int next; /* first free row, 1-based */
	int rows, cols;
} term;

static void term_write(const char *buf, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = write(STDOUT_FILENO, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return; /* a preview is not worth blocking for */
		buf += n;
		len -= n;
	}
}

static void put(struct sim *s, size_t *pos, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void put(struct sim *s, size_t *pos, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*pos >= s->tcap)
		return;
	va_start(ap, fmt);
	n = vsnprintf(s->tbuf + *pos, s->tcap - *pos, fmt, ap);
	va_end(ap);
	if (n > 0)
		*pos += (size_t)n < s->tcap - *pos ? (size_t)n
						   : s->tcap - *pos - 1;
}

static void term_size(void)
{
	struct winsize ws;

	term.rows = 24;
	term.cols = 80;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row &&
	    ws.ws_col) {
		term.rows = ws.ws_row;
		term.cols = ws.ws_col;
	}
}

int simterm_plan(struct sim *s, int row, int cols, int avail)
{
	int w = s->common.width, h = s->common.height, k;

	if (!s->led) {
		k = (w + cols - 1) / cols;
		if (avail > 0 && (h + 2 * avail - 1) / (2 * avail) > k)
			k = (h + 2 * avail - 1) / (2 * avail);
		s->tk = k < 1 ? 1 : k;
		s->tmode = SIMTERM_LCD;
		s->tcw = s->tk;
		s->tch = 2 * s->tk;
	} else if (s->channels == 3 && w <= cols && (h + 1) / 2 <= avail / 2) {
		/* As many rows stay free for the panels below as it takes. */
		s->tmode = SIMTERM_HALF;
		s->tcw = 1;
		s->tch = 2;
	} else {
		s->tmode = s->channels == 1 ? SIMTERM_BRAILLE
					    : SIMTERM_BRAILLE2;
		s->tcw = 2;
		s->tch = 4;
	}
	/* LCD: whole blocks only; LED: a partial last cell is drawn. */
	s->tcols = s->led ? (w + s->tcw - 1) / s->tcw : w / s->tcw;
	s->trows = s->led ? (h + s->tch - 1) / s->tch : h / s->tch;
	if (s->tcols > cols)
		s->tcols = cols;
	if (s->tcols < 1 || s->trows < 1 || s->trows > avail) {
		errno = ERANGE;
		return -1;
	}
	s->tspan = cols;
	s->tcap = TITLE_MAX + (size_t)s->tcols * s->trows * CELL_MAX +
		  (size_t)s->trows * 32 + 64;
	s->cells = calloc((size_t)s->tcols * s->trows, sizeof(*s->cells));
	s->tbuf = malloc(s->tcap);
	if (!s->cells || !s->tbuf) {
		free(s->cells);
		free(s->tbuf);
		s->cells = NULL;
		s->tbuf = NULL;
		errno = ENOMEM;
		return -1;
	}
	s->trow = row;
	s->tfull = 1;
	return 0;
}

void simterm_attach(struct sim *s)
{
	char region[64];

	if (term.users == 0) {
		term_size();
		term.next = 1;
	}
	if (simterm_plan(s, term.next, term.cols,
			 term.rows - term.next - LOG_ROWS) < 0) {
		if (errno == ERANGE)
			log_info("sim %s: no room for a preview in a %dx%d terminal",
				 s->common.name, term.cols, term.rows);
		return;
	}
	if (term.users++ == 0)
		term_write("\033[2J\033[?25l", 10);
	s->term = 1;
	term.next += 1 + s->trows;
	snprintf(region, sizeof(region), "\033[%d;%dr\033[%d;1H", term.next,
		 term.rows, term.rows);
	term_write(region, strlen(region));
}

static uint32_t cmax(uint32_t a, uint32_t b)
{
	return ARGB(255, ARGB_R(a) > ARGB_R(b) ? ARGB_R(a) : ARGB_R(b),
		    ARGB_G(a) > ARGB_G(b) ? ARGB_G(a) : ARGB_G(b),
		    ARGB_B(a) > ARGB_B(b) ? ARGB_B(a) : ARGB_B(b));
}

static unsigned int dist2(uint32_t a, uint32_t b)
{
	int r = ARGB_R(a) - ARGB_R(b), g = ARGB_G(a) - ARGB_G(b),
	    bl = ARGB_B(a) - ARGB_B(b);

	return r * r + g * g + bl * bl;
}

static unsigned int luma(uint32_t c)
{
	return 299 * ARGB_R(c) + 587 * ARGB_G(c) + 114 * ARGB_B(c);
}

static const uint8_t braille_bit[4][2] = {
	{ 0x01, 0x08 }, { 0x02, 0x10 }, { 0x04, 0x20 }, { 0x40, 0x80 }
};

/* The LEDs of a 2x4 cell: colours and braille bits; returns how many. */
static int cell_leds(const struct sim *s, int cx, int cy, uint32_t *c,
		     uint8_t *bit)
{
	int n = 0, dx, dy, x, y;

	for (dy = 0; dy < 4; dy++) {
		for (dx = 0; dx < 2; dx++) {
			x = 2 * cx + dx;
			y = 4 * cy + dy;
			if (x >= s->common.width || y >= s->common.height)
				continue;
			c[n] = sim_led_color(s, x, y);
			bit[n++] = braille_bit[dy][dx];
		}
	}
	return n;
}

static void cell_set(struct simcell *o, unsigned int bits, uint32_t fg,
		     uint32_t bg)
{
	o->glyph = bits ? 0x2800 + bits : ' ';
	o->fg = bits ? fg : 0;
	o->bg = bg;
}

/* Mono: one dot per lit LED, in the colour of the brightest. */
static void cell_braille(const struct sim *s, int cx, int cy,
			 struct simcell *o)
{
	uint32_t c[8], col = ARGB(255, 0, 0, 0);
	uint8_t bit[8];
	unsigned int bits = 0;
	int n = cell_leds(s, cx, cy, c, bit), i;

	for (i = 0; i < n; i++) {
		if (c[i] & 0xffffff) {
			bits |= bit[i];
			col = cmax(col, c[i]);
		}
	}
	cell_set(o, bits, col, SIMTERM_GROUND);
}

static uint32_t mean(const unsigned long *sum, int n)
{
	return ARGB(255, sum[0] / n, sum[1] / n, sum[2] / n);
}

/* What a cell lit all in @m stands on: the most frequent of the colours
   darker than @m among the LEDs around it (the 3x3 cells centred on it,
   two LEDs at least), or @m itself when there is none (the cell is inside
   a field of @m). */
static uint32_t ground(const struct sim *s, int cx, int cy, uint32_t m)
{
	uint32_t col[72], c, g = m;
	int cnt[72], n = 0, best = 1, x, y, i;
	int x0 = 2 * cx - 2, y0 = 4 * cy - 4;

	for (y = y0 < 0 ? 0 : y0; y < y0 + 12 && y < s->common.height; y++) {
		for (x = x0 < 0 ? 0 : x0; x < x0 + 6 && x < s->common.width;
		     x++) {
			c = sim_led_color(s, x, y);
			if (luma(c) >= luma(m) || dist2(c, m) < SPLIT)
				continue;
			for (i = 0; i < n && col[i] != c; i++)
				;
			if (i == n) {
				col[n] = c;
				cnt[n++] = 0;
			}
			if (++cnt[i] > best) {
				best = cnt[i];
				g = c;
			}
		}
	}
	return g;
}

static uint32_t lit_or_ground(uint32_t c)
{
	return c & 0xffffff ? c : SIMTERM_GROUND;
}

/* RGB: the two colours farthest apart split the cell's LEDs in two
   groups; the brighter group's LEDs are the dots, in its mean colour, on
   the other group's mean colour: white digits on a red badge are white
   dots on red, yellow text is yellow dots on the dark ground.  A cell of
   one colour (dithering aside) is a full set of dots on what it stands on,
   or a space in its colour inside a field of it. */
static void cell_braille2(const struct sim *s, int cx, int cy,
			  struct simcell *o)
{
	uint32_t c[8], m[2], g;
	uint8_t bit[8], side[8];
	unsigned long sum[2][3] = { { 0 } };
	unsigned int best = 0, bits = 0, d;
	int n = cell_leds(s, cx, cy, c, bit), a = 0, b = 0, cnt[2] = { 0 };
	int i, j, fg;

	for (i = 0; i < n; i++) {
		for (j = i + 1; j < n; j++) {
			d = dist2(c[i], c[j]);
			if (d > best) {
				best = d;
				a = i;
				b = j;
			}
		}
	}
	for (i = 0; i < n; i++) {
		side[i] = best >= SPLIT &&
			  dist2(c[i], c[b]) < dist2(c[i], c[a]);
		sum[side[i]][0] += ARGB_R(c[i]);
		sum[side[i]][1] += ARGB_G(c[i]);
		sum[side[i]][2] += ARGB_B(c[i]);
		cnt[side[i]]++;
	}
	m[0] = mean(sum[0], cnt[0] ? cnt[0] : 1);
	m[1] = mean(sum[1], cnt[1] ? cnt[1] : 1);
	if (!cnt[1]) {
		g = m[0] & 0xffffff ? ground(s, cx, cy, m[0]) : m[0];
		if (g == m[0]) {
			cell_set(o, 0, 0, lit_or_ground(m[0]));
			return;
		}
		for (i = 0; i < n; i++)
			bits |= bit[i];
		cell_set(o, bits, m[0], lit_or_ground(g));
		return;
	}
	fg = luma(m[1]) > luma(m[0]);
	for (i = 0; i < n; i++)
		if (side[i] == fg)
			bits |= bit[i];
	cell_set(o, bits, m[fg], lit_or_ground(m[!fg]));
}

static uint32_t led_or_ground(const struct sim *s, int x, int y)
{
	return y < s->common.height ? lit_or_ground(sim_led_color(s, x, y))
				    : SIMTERM_GROUND;
}

/* The average of a k x k block, composited on black. */
static uint32_t block(const struct canvas *f, int x0, int y0, int k)
{
	const uint32_t *px = canvas_pixels_const(f);
	int stride = canvas_stride(f), x, y;
	unsigned long r = 0, g = 0, b = 0, n = (unsigned long)k * k;

	for (y = y0; y < y0 + k; y++) {
		for (x = x0; x < x0 + k; x++) {
			uint32_t p = px[(size_t)y * stride + x];
			unsigned int a = ARGB_A(p);

			r += ARGB_R(p) * a / 255;
			g += ARGB_G(p) * a / 255;
			b += ARGB_B(p) * a / 255;
		}
	}
	return ARGB(255, r / n, g / n, b / n);
}

static void cell_compute(const struct sim *s, const struct canvas *f, int cx,
			 int cy, struct simcell *o)
{
	int k = s->tk;

	switch (s->tmode) {
	case SIMTERM_BRAILLE:
		cell_braille(s, cx, cy, o);
		break;
	case SIMTERM_BRAILLE2:
		cell_braille2(s, cx, cy, o);
		break;
	case SIMTERM_HALF:
		o->glyph = 0x2580; /* upper half block */
		o->fg = led_or_ground(s, cx, 2 * cy);
		o->bg = led_or_ground(s, cx, 2 * cy + 1);
		break;
	default:
		o->glyph = 0x2580;
		o->fg = block(f, cx * k, 2 * cy * k, k);
		o->bg = block(f, cx * k, (2 * cy + 1) * k, k);
		break;
	}
}

/* The colours sent so far in this draw (0 = unknown). */
struct pen {
	uint32_t fg, bg;
};

static void emit(struct sim *s, size_t *pos, struct pen *p,
		 const struct simcell *c)
{
	int sf = c->glyph != ' ' && c->fg != p->fg, sb = c->bg != p->bg;

	if (sf && sb)
		put(s, pos, "\033[38;2;%u;%u;%u;48;2;%u;%u;%um", ARGB_R(c->fg),
		    ARGB_G(c->fg), ARGB_B(c->fg), ARGB_R(c->bg),
		    ARGB_G(c->bg), ARGB_B(c->bg));
	else if (sf)
		put(s, pos, "\033[38;2;%u;%u;%um", ARGB_R(c->fg),
		    ARGB_G(c->fg), ARGB_B(c->fg));
	else if (sb)
		put(s, pos, "\033[48;2;%u;%u;%um", ARGB_R(c->bg),
		    ARGB_G(c->bg), ARGB_B(c->bg));
	if (sf)
		p->fg = c->fg;
	p->bg = c->bg;
	if (c->glyph < 0x80)
		put(s, pos, "%c", c->glyph);
	else
		put(s, pos, "%c%c%c", 0xe0 | c->glyph >> 12,
		    0x80 | (c->glyph >> 6 & 0x3f), 0x80 | (c->glyph & 0x3f));
}

/* Cells cx0..cx1 of row cy that changed (all when s->tfull); returns how
   many. */
static int render_row(struct sim *s, const struct canvas *f, int cy,
		      int cx0, int cx1, size_t *pos, struct pen *p)
{
	struct simcell *row = s->cells + (size_t)cy * s->tcols, nc;
	int cx, at = -1, n = 0, i;

	for (cx = cx0; cx <= cx1; cx++) {
		cell_compute(s, f, cx, cy, &nc);
		if (!s->tfull && nc.glyph == row[cx].glyph &&
		    nc.fg == row[cx].fg && nc.bg == row[cx].bg)
			continue;
		row[cx] = nc;
		n++;
		if (at >= 0 && cx - at <= 2) {
			for (i = at; i < cx; i++) /* cheaper than a move */
				emit(s, pos, p, &row[i]);
		} else if (at != cx) {
			put(s, pos, "\033[%d;%dH", s->trow + 1 + cy, cx + 1);
		}
		emit(s, pos, p, &row[cx]);
		at = cx + 1;
	}
	if (s->tfull && s->tcols < s->tspan) {
		put(s, pos, "\033[0m\033[K");
		p->fg = p->bg = 0;
	}
	return n;
}

/* The title line, bold name, cut to the terminal's width. */
static size_t title(const struct sim *s, char *t, size_t size)
{
	char plain[160];
	int n, name = (int)strlen(s->common.name);

	n = snprintf(plain, sizeof(plain), "%s %dx%d %s%s%s, frame %lu",
		     s->common.name, s->common.width, s->common.height,
		     panel_look_names[s->common.look],
		     s->channels == 1 ? " " : "",
		     s->channels == 1 ? s->common.color : "", s->frames);
	if (n < 0)
		return 0;
	if (n >= (int)sizeof(plain))
		n = sizeof(plain) - 1;
	if (n > s->tspan)
		n = s->tspan;
	if (name > n)
		name = n;
	n = snprintf(t, size, "\0337\033[%d;1H\033[0;1m%.*s\033[0m%.*s\033[K",
		     s->trow, name, plain, n - name, plain + name);
	return n < 0 ? 0 : (size_t)n < size ? (size_t)n : size - 1;
}

size_t simterm_render(struct sim *s, const struct canvas *frame,
		      struct rect damage)
{
	struct rect all = { 0, 0, s->common.width, s->common.height };
	struct pen p = { 0, 0 };
	size_t pos = TITLE_MAX, tl;
	char t[TITLE_MAX];
	int cx0, cx1, cy0, cy1, cy, n = 0;

	if (!s->cells)
		return 0;
	damage = s->tfull ? all : rect_intersect(damage, all);
	if (rect_empty(damage))
		return 0;
	cx0 = damage.x / s->tcw;
	cy0 = damage.y / s->tch;
	cx1 = (damage.x + damage.w - 1) / s->tcw;
	cy1 = (damage.y + damage.h - 1) / s->tch;
	if (s->tmode == SIMTERM_BRAILLE2) {
		/* A cell's ground comes from the cells around it. */
		cx0 = cx0 > 0 ? cx0 - 1 : 0;
		cy0 = cy0 > 0 ? cy0 - 1 : 0;
		cx1++;
		cy1++;
	}
	if (cx1 >= s->tcols)
		cx1 = s->tcols - 1;
	if (cy1 >= s->trows)
		cy1 = s->trows - 1;
	/* The title resets the colours: it goes in front of the cells, into
	   the room kept for it, once we know that a cell changed. */
	for (cy = cy0; cy <= cy1 && cx0 <= cx1; cy++)
		n += render_row(s, frame, cy, cx0, cx1, &pos, &p);
	s->tfull = 0;
	if (n == 0)
		return 0;
	put(s, &pos, "\0338");
	tl = title(s, t, sizeof(t));
	memcpy(s->tbuf + TITLE_MAX - tl, t, tl);
	memmove(s->tbuf, s->tbuf + TITLE_MAX - tl, pos - (TITLE_MAX - tl));
	return pos - (TITLE_MAX - tl);
}

void simterm_draw(struct sim *s, const struct canvas *frame,
		  struct rect damage)
{
	size_t n = simterm_render(s, frame, damage);

	if (n > 0)
		term_write(s->tbuf, n);
}

void simterm_detach(struct sim *s)
{
	size_t pos = 0;
	int r;

	if (s->term) {
		put(s, &pos, "\0337");
		for (r = s->trow; r <= s->trow + s->trows; r++)
			put(s, &pos, "\033[%d;1H\033[K", r);
		put(s, &pos, "\0338");
		if (--term.users == 0)
			put(s, &pos, "\033[r\033[?25h\033[%d;1H", term.rows);
		term_write(s->tbuf, pos);
	}
	free(s->tbuf);
	free(s->cells);
	s->tbuf = NULL;
	s->cells = NULL;
	s->term = 0;
}
