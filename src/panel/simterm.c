/*
 * simterm: see simterm.h.
 *
 * Every draw is one write() of escape sequences: save the cursor, paint
 * the panel's rows, restore the cursor, so log lines printed at the cursor
 * (in the scrolling region below the previews) are never disturbed.
 * Colours are only re-sent when they change from one cell to the next.
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

void simterm_attach(struct sim *s)
{
	int w = s->common.width, h = s->common.height, avail, k;
	char region[64];

	if (term.users == 0) {
		term_size();
		term.next = 1;
	}
	avail = term.rows - term.next - LOG_ROWS;
	if (s->led) {
		s->tk = 1;
		s->tcols = (w + 1) / 2;
		s->trows = (h + 3) / 4;
	} else {
		k = (w + term.cols - 1) / term.cols;
		if (avail > 0 && (h + 2 * avail - 1) / (2 * avail) > k)
			k = (h + 2 * avail - 1) / (2 * avail);
		s->tk = k < 1 ? 1 : k;
		s->tcols = w / s->tk;
		s->trows = h / (2 * s->tk);
	}
	if (s->tcols > term.cols)
		s->tcols = term.cols;
	if (s->trows < 1 || s->trows > avail) {
		log_info("sim %s: no room for a preview in a %dx%d terminal",
			 s->common.name, term.cols, term.rows);
		return;
	}
	s->tcap = (size_t)s->tcols * s->trows * 44 + (size_t)s->trows * 48 +
		  512;
	s->tbuf = malloc(s->tcap);
	if (!s->tbuf)
		return;
	if (term.users++ == 0)
		term_write("\033[2J\033[?25l", 10);
	s->term = 1;
	s->trow = term.next;
	term.next += 1 + s->trows;
	snprintf(region, sizeof(region), "\033[%d;%dr\033[%d;1H", term.next,
		 term.rows, term.rows);
	term_write(region, strlen(region));
}

static void title(struct sim *s, size_t *pos)
{
	put(s, pos, "\0337\033[%d;1H\033[0;1m%s\033[0m %dx%d %s%s%s, frame %lu\033[K",
	    s->trow, s->common.name, s->common.width, s->common.height,
	    panel_look_names[s->common.look], s->channels == 1 ? " " : "",
	    s->channels == 1 ? s->common.color : "", s->frames);
}

static uint32_t cmax(uint32_t a, uint32_t b)
{
	return ARGB(255, ARGB_R(a) > ARGB_R(b) ? ARGB_R(a) : ARGB_R(b),
		    ARGB_G(a) > ARGB_G(b) ? ARGB_G(a) : ARGB_G(b),
		    ARGB_B(a) > ARGB_B(b) ? ARGB_B(a) : ARGB_B(b));
}

/* One braille character per 2x4 LEDs, one dot per lit LED, in the colour
   of the brightest. */
static void draw_led(struct sim *s, size_t *pos)
{
	static const uint8_t bit[4][2] = {
		{ 0x01, 0x08 }, { 0x02, 0x10 }, { 0x04, 0x20 }, { 0x40, 0x80 }
	};
	int w = s->common.width, h = s->common.height, cx, cy, dx, dy;
	uint32_t col, last;
	unsigned int b;

	for (cy = 0; cy < s->trows; cy++) {
		put(s, pos, "\033[%d;1H\033[48;2;16;16;16m", s->trow + 1 + cy);
		last = 0;
		for (cx = 0; cx < s->tcols; cx++) {
			b = 0;
			col = ARGB(255, 0, 0, 0);
			for (dy = 0; dy < 4; dy++) {
				for (dx = 0; dx < 2; dx++) {
					int x = 2 * cx + dx, y = 4 * cy + dy;
					uint32_t c;

					if (x >= w || y >= h)
						continue;
					c = sim_led_color(s, x, y);
					if (c & 0xffffff) {
						b |= bit[dy][dx];
						col = cmax(col, c);
					}
				}
			}
			if (!b) {
				put(s, pos, " ");
				continue;
			}
			if (col != last)
				put(s, pos, "\033[38;2;%u;%u;%um", ARGB_R(col),
				    ARGB_G(col), ARGB_B(col));
			last = col;
			put(s, pos, "%c%c%c", 0xe2, 0xa0 + (b >> 6),
			    0x80 + (b & 0x3f));
		}
		put(s, pos, "\033[0m\033[K");
	}
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

/* One upper-half-block character per 1x2 cells of k x k pixels. */
static void draw_lcd(struct sim *s, size_t *pos, const struct canvas *f)
{
	int cx, cy, k = s->tk;
	uint32_t top, bot, ltop, lbot;

	for (cy = 0; cy < s->trows; cy++) {
		put(s, pos, "\033[%d;1H", s->trow + 1 + cy);
		ltop = lbot = 1; /* no colour sent yet */
		for (cx = 0; cx < s->tcols; cx++) {
			top = block(f, cx * k, 2 * cy * k, k);
			bot = block(f, cx * k, (2 * cy + 1) * k, k);
			if (top != ltop || bot != lbot)
				put(s, pos, "\033[38;2;%u;%u;%u;48;2;%u;%u;%um",
				    ARGB_R(top), ARGB_G(top), ARGB_B(top),
				    ARGB_R(bot), ARGB_G(bot), ARGB_B(bot));
			ltop = top;
			lbot = bot;
			put(s, pos, "\xe2\x96\x80"); /* U+2580 upper half */
		}
		put(s, pos, "\033[0m\033[K");
	}
}

void simterm_draw(struct sim *s, const struct canvas *frame)
{
	size_t pos = 0;

	title(s, &pos);
	if (s->led)
		draw_led(s, &pos);
	else
		draw_lcd(s, &pos, frame);
	put(s, &pos, "\0338");
	term_write(s->tbuf, pos);
}

void simterm_detach(struct sim *s)
{
	size_t pos = 0;
	int r;

	put(s, &pos, "\0337");
	for (r = s->trow; r <= s->trow + s->trows; r++)
		put(s, &pos, "\033[%d;1H\033[K", r);
	put(s, &pos, "\0338");
	if (--term.users == 0)
		put(s, &pos, "\033[r\033[?25h\033[%d;1H", term.rows);
	term_write(s->tbuf, pos);
	free(s->tbuf);
	s->tbuf = NULL;
	s->term = 0;
}
