/*
 * filigree: draws the 花丝镶嵌 (Beijing filigree inlay) artwork that the
 * displays show, since no photographs can be fetched for the repository.
 *
 *   filigree OUTDIR   writes OUTDIR/filigree-1024.png, filigree-banner.png,
 *                     filigree-led16.png and filigree-led32.png
 *
 * The LCD pictures are drawn into a float raster at SS x SS samples per
 * pixel: wires are stroked by their distance field (anti-aliased edge, a
 * cylinder shading, and for twisted wire two strands wound round each
 * other), enamel cloisons are filled by scanline, stones are shaded domes.
 * The samples are then box-averaged.  The LED pictures are pixel art: one
 * pixel wide wire lines, every pixel fully on or off.  Everything is
 * computed from constants, so every run writes the same bytes.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/canvas.h"
#include "render/pngio.h"

#define SS 3 /* samples per pixel on each axis */
#define PI 3.14159265f

struct rgb {
	float r, g, b;
};

struct pt {
	float x, y;
};

struct ras {
	int w, h; /* samples */
	struct rgb *px;
};

struct path {
	struct pt *p;
	int n, cap;
};

struct metal {
	struct rgb dark, mid, light, spec;
};

struct gem {
	struct rgb deep, base, glow;
};

/* A fill: gradient from @in at (cx, cy) to @out at distance @rad. */
struct enamel {
	float cx, cy, rad;
	struct rgb in, out;
	float grain;
};

static const struct metal GOLD = {{0.28f, 0.14f, 0.02f},
				  {0.80f, 0.55f, 0.16f},
				  {1.00f, 0.85f, 0.48f},
				  {1.00f, 0.97f, 0.85f}};
static const struct metal SILVER = {{0.20f, 0.22f, 0.27f},
				    {0.62f, 0.65f, 0.71f},
				    {0.90f, 0.93f, 0.97f},
				    {1.00f, 1.00f, 1.00f}};
static const struct gem RUBY = {
	{0.22f, 0.00f, 0.03f}, {0.74f, 0.04f, 0.10f}, {1.00f, 0.38f, 0.30f}};
static const struct gem JADE = {
	{0.00f, 0.15f, 0.08f}, {0.04f, 0.54f, 0.30f}, {0.45f, 0.95f, 0.62f}};
static const struct gem PEARL = {
	{0.42f, 0.40f, 0.40f}, {0.86f, 0.84f, 0.79f}, {1.00f, 0.98f, 0.92f}};

static const struct rgb TURQ_IN = {0.34f, 0.84f, 0.80f},
			TURQ_OUT = {0.02f, 0.38f, 0.46f},
			COBALT_IN = {0.18f, 0.36f, 0.88f},
			COBALT_OUT = {0.04f, 0.09f, 0.36f},
			PLATE_IN = {0.07f, 0.09f, 0.19f},
			PLATE_OUT = {0.03f, 0.04f, 0.10f},
			GROUND_IN = {0.05f, 0.05f, 0.09f},
			GROUND_OUT = {0.015f, 0.015f, 0.03f};

/* Light from the upper left, towards the viewer; H is the half vector. */
static const float LX = -0.45f, LY = -0.62f, LZ = 0.64f;
static const float HX = -0.2486f, HY = -0.3425f, HZ = 0.9060f;

static float clampf(float v, float lo, float hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

static struct rgb mix(struct rgb a, struct rgb b, float t)
{
	return (struct rgb){a.r + (b.r - a.r) * t, a.g + (b.g - a.g) * t,
			    a.b + (b.b - a.b) * t};
}

static struct rgb scale3(struct rgb a, float k)
{
	return (struct rgb){a.r * k, a.g * k, a.b * k};
}

static struct rgb add3(struct rgb a, struct rgb b, float k)
{
	return (struct rgb){a.r + b.r * k, a.g + b.g * k, a.b + b.b * k};
}

/* A deterministic hash of a sample position to [0, 1). */
static float hash01(uint32_t x, uint32_t y)
{
	uint32_t h = x * 0x9E3779B1u ^ (y + 0x68E31DA4u) * 0x85EBCA77u;

	h ^= h >> 15;
	h *= 0x2C1B3C6Du;
	h ^= h >> 12;
	h *= 0x297A2D39u;
	h ^= h >> 15;
	return (float)(h >> 8) * (1.0f / 16777216.0f);
}

static void *xalloc(void *old, size_t n, size_t size)
{
	void *p = old ? realloc(old, n * size) : calloc(n ? n : 1, size);

	if (!p) {
		fprintf(stderr, "filigree: out of memory\n");
		exit(1);
	}
	return p;
}

static void put(struct ras *r, int x, int y, struct rgb c, float a)
{
	struct rgb *p = &r->px[(size_t)y * r->w + x];

	*p = mix(*p, c, a);
}

/* ---- paths ---- */

static void path_add(struct path *pa, float x, float y)
{
	if (pa->n == pa->cap) {
		pa->cap = pa->cap ? pa->cap * 2 : 256;
		pa->p = xalloc(pa->p, (size_t)pa->cap, sizeof(*pa->p));
	}
	pa->p[pa->n++] = (struct pt){x, y};
}

static void path_bezier(struct path *pa, struct pt a, struct pt b, struct pt c,
			struct pt d)
{
	float len = hypotf(b.x - a.x, b.y - a.y) +
		    hypotf(c.x - b.x, c.y - b.y) + hypotf(d.x - c.x, d.y - c.y);
	int i, n = (int)(len / 0.7f) + 2;

	for (i = pa->n ? 1 : 0; i <= n; i++) {
		float t = (float)i / n, u = 1 - t;

		path_add(pa,
			 u * u * u * a.x + 3 * u * u * t * b.x +
				 3 * u * t * t * c.x + t * t * t * d.x,
			 u * u * u * a.y + 3 * u * u * t * b.y +
				 3 * u * t * t * c.y + t * t * t * d.y);
	}
}

/*
 * Appends an Archimedean coil round @c from radius @r0 to @r1 in @turns
 * turns, ending at angle @end; @dir +1 or -1 is the sense of winding.
 * Points run outwards, or inwards when @inward is set.
 */
static void path_coil(struct path *pa, struct pt c, float r0, float r1,
		      float turns, float end, int dir, int inward)
{
	float total = turns * 2 * PI;
	int i, n = (int)(total * (r0 + r1) / 2 / 0.6f) + 8;

	for (i = 0; i <= n; i++) {
		float f = inward ? 1 - (float)i / n : (float)i / n;
		float a = end - dir * total * (1 - f), rr = r0 + (r1 - r0) * f;

		path_add(pa, c.x + rr * cosf(a), c.y + rr * sinf(a));
	}
}

/* Angle on a @dir-wound coil where the outward tangent points along v. */
static float coil_end_towards(float vx, float vy, int dir)
{
	return dir > 0 ? atan2f(-vx, vy) : atan2f(vx, -vy);
}

/*
 * A scroll: a coil round @c1 (radius @r1, wound @d1), a stem, and a coil
 * round @c2 (radius @r2, wound @d2).  With d1 == d2 it is an S, otherwise
 * a C.  @bend turns the stem's ends away from the straight line (radians).
 */
static void path_scroll(struct path *pa, struct pt c1, float r1, int d1,
			struct pt c2, float r2, int d2, float turns, float bend)
{
	float dx = c2.x - c1.x, dy = c2.y - c1.y, dist = hypotf(dx, dy);
	float vx = dx / dist, vy = dy / dist, k = dist * 0.45f;
	float a1 = coil_end_towards(vx, vy, d1) + d1 * bend;
	float a2 = coil_end_towards(-vx, -vy, d2) + d2 * bend;
	struct pt e1 = {c1.x + r1 * cosf(a1), c1.y + r1 * sinf(a1)};
	struct pt e2 = {c2.x + r2 * cosf(a2), c2.y + r2 * sinf(a2)};
	float t1x = -d1 * sinf(a1), t1y = d1 * cosf(a1);
	float t2x = -d2 * sinf(a2), t2y = d2 * cosf(a2);

	path_coil(pa, c1, r1 * 0.16f, r1, turns, a1, d1, 0);
	path_bezier(pa, e1, (struct pt){e1.x + t1x * k, e1.y + t1y * k},
		    (struct pt){e2.x + t2x * k, e2.y + t2y * k}, e2);
	path_coil(pa, c2, r2 * 0.16f, r2, turns, a2, d2, 1);
}

/* Rotates by @ang about the origin, scales by @k, moves to (@x, @y). */
static void path_xform(struct path *pa, int from, float x, float y, float ang,
		       float k)
{
	float c = cosf(ang) * k, s = sinf(ang) * k;
	int i;

	for (i = from; i < pa->n; i++) {
		struct pt p = pa->p[i];

		pa->p[i] = (struct pt){x + p.x * c - p.y * s,
				       y + p.x * s + p.y * c};
	}
}

/*
 * A lotus petal along +x from @x0, @len long: narrow base of half width
 * @base, round shoulders of half width @hw, an ogee tip.  Closed.
 */
static void path_petal(struct path *pa, float x0, float len, float base,
		       float hw)
{
	float sh = x0 + len * 0.58f;
	int side;

	path_add(pa, x0, -base);
	for (side = -1; side <= 1; side += 2) {
		float s = (float)side;
		struct pt b = {x0, s * base}, m = {sh, s * hw},
			  t = {x0 + len, 0};

		if (side < 0) {
			path_bezier(
				pa, b,
				(struct pt){x0 + len * 0.2f, s * hw * 0.55f},
				(struct pt){sh - len * 0.2f, s * hw}, m);
			path_bezier(
				pa, m, (struct pt){sh + len * 0.18f, s * hw},
				(struct pt){x0 + len * 0.86f, s * hw * 0.3f},
				t);
		} else {
			path_bezier(
				pa, t,
				(struct pt){x0 + len * 0.86f, s * hw * 0.3f},
				(struct pt){sh + len * 0.18f, s * hw}, m);
			path_bezier(
				pa, m, (struct pt){sh - len * 0.2f, s * hw},
				(struct pt){x0 + len * 0.2f, s * hw * 0.55f},
				b);
		}
	}
	path_add(pa, x0, -base);
}

/*
 * A shoot: a coil round @c (radius @rad, wound @dir) whose stem joins a
 * larger wire at @e, arriving against the direction @t there.
 */
static void path_shoot(struct path *pa, struct pt c, float rad, int dir,
		       float turns, struct pt e, struct pt t)
{
	float dx = e.x - c.x, dy = e.y - c.y, dist = hypotf(dx, dy);
	float a = coil_end_towards(dx / dist, dy / dist, dir) - dir * 0.5f;
	struct pt s = {c.x + rad * cosf(a), c.y + rad * sinf(a)};
	float k = dist * 0.5f;

	path_coil(pa, c, rad * 0.15f, rad, turns, a, dir, 0);
	path_bezier(
		pa, s,
		(struct pt){s.x - dir * sinf(a) * k, s.y + dir * cosf(a) * k},
		(struct pt){e.x + t.x * k, e.y + t.y * k}, e);
}

static void path_ellipse(struct path *pa, float x, float y, float rx, float ry,
			 float ang)
{
	int i, n = (int)((rx + ry) * PI / 0.7f) + 8;
	int from = pa->n;

	for (i = 0; i <= n; i++) {
		float a = 2 * PI * i / n;

		path_add(pa, rx * cosf(a), ry * sinf(a));
	}
	path_xform(pa, from, x, y, ang, 1);
}

/* ---- shading ---- */

/* Metal lit from LX, LY, LZ given the surface normal. */
static struct rgb metal_lit(const struct metal *m, float nx, float ny, float nz)
{
	float diff = clampf(nx * LX + ny * LY + nz * LZ, 0, 1);
	float sp = powf(clampf(nx * HX + ny * HY + nz * HZ, 0, 1), 28);
	struct rgb c = mix(m->dark, m->mid, clampf(diff * 1.3f, 0, 1));

	c = mix(c, m->light, diff * diff * diff * diff);
	return add3(c, m->spec, sp * 0.9f);
}

/*
 * A wire pixel: @t in -1..1 across the wire, (@dx, @dy) the direction along
 * it, @ph the phase of the twist (strand number + position in the strand),
 * or a negative value for plain wire.
 */
static struct rgb wire_shade(const struct metal *m, float t, float dx, float dy,
			     float ph)
{
	float nz = sqrtf(clampf(1 - t * t, 0, 1));
	float nx = -dy * t, ny = dx * t, occl = 1, len;
	struct rgb c;

	if (ph >= 0) {
		float u = ph - floorf(ph), bump = -cosf(PI * u) * 0.8f * nz;

		nx += dx * bump;
		ny += dy * bump;
		occl = 0.3f + 0.7f * powf(sinf(PI * u), 0.6f);
	}
	len = sqrtf(nx * nx + ny * ny + nz * nz);
	c = metal_lit(m, nx / len, ny / len, nz / len);
	c = scale3(c, occl * (0.65f + 0.35f * sqrtf(nz)));
	if (ph >= 0 && ((int)floorf(ph) & 1))
		c = scale3(c, 0.86f);
	return c;
}

static struct rgb enamel_at(const struct enamel *e, float x, float y, int sx,
			    int sy)
{
	float dx = x - e->cx, dy = y - e->cy;
	float t = clampf(hypotf(dx, dy) / e->rad, 0, 1);
	float sheen = (dx * LX + dy * LY) / e->rad - 0.45f;
	struct rgb c = mix(e->in, e->out, powf(t, 1.3f));

	c = add3(c, (struct rgb){1, 1, 1},
		 e->grain * (hash01((uint32_t)sx, (uint32_t)sy) - 0.5f));
	sheen = clampf(1 - fabsf(sheen) / 0.25f, 0, 1);
	return add3(c, (struct rgb){1, 1, 1}, 0.06f * sheen * sheen);
}

/* ---- drawing ---- */

static float cover(float d)
{
	return clampf(d + 0.5f, 0, 1);
}

/*
 * Strokes @pa with a wire @w pixels thick: each sample takes its distance,
 * position along and across from the nearest segment, then is shaded.
 */
static void wire(struct ras *r, const struct path *pa, float w,
		 const struct metal *m, int twisted)
{
	float hw = w * SS / 2, lim = (hw + 1) * (hw + 1), pitch = w * 0.85f;
	float x0 = 1e9f, y0 = 1e9f, x1 = -1e9f, y1 = -1e9f, *best, *along;
	float *across, *cum;
	int *seg, i, bx, by, bw, bh, x, y;

	if (pa->n < 2)
		return;
	cum = xalloc(NULL, (size_t)pa->n, sizeof(*cum));
	for (i = 0; i < pa->n; i++) {
		struct pt p = pa->p[i];

		x0 = fminf(x0, p.x), x1 = fmaxf(x1, p.x);
		y0 = fminf(y0, p.y), y1 = fmaxf(y1, p.y);
		if (i)
			cum[i] = cum[i - 1] + hypotf(p.x - pa->p[i - 1].x,
						     p.y - pa->p[i - 1].y);
	}
	bx = (int)fmaxf(0, floorf(x0 * SS - hw - 2));
	by = (int)fmaxf(0, floorf(y0 * SS - hw - 2));
	bw = (int)fminf(r->w, ceilf(x1 * SS + hw + 2)) - bx;
	bh = (int)fminf(r->h, ceilf(y1 * SS + hw + 2)) - by;
	if (bw <= 0 || bh <= 0)
		goto out_cum;
	best = xalloc(NULL, (size_t)bw * bh, sizeof(*best));
	along = xalloc(NULL, (size_t)bw * bh, sizeof(*along));
	across = xalloc(NULL, (size_t)bw * bh, sizeof(*across));
	seg = xalloc(NULL, (size_t)bw * bh, sizeof(*seg));
	for (i = 0; i < bw * bh; i++)
		best[i] = lim;
	for (i = 0; i + 1 < pa->n; i++) {
		float ax = pa->p[i].x * SS, ay = pa->p[i].y * SS;
		float ex = pa->p[i + 1].x * SS - ax,
		      ey = pa->p[i + 1].y * SS - ay;
		float l2 = ex * ex + ey * ey, l = sqrtf(l2);
		int sx0 = (int)floorf(fminf(ax, ax + ex) - hw - 1) - bx;
		int sy0 = (int)floorf(fminf(ay, ay + ey) - hw - 1) - by;
		int sx1 = (int)ceilf(fmaxf(ax, ax + ex) + hw + 1) - bx;
		int sy1 = (int)ceilf(fmaxf(ay, ay + ey) + hw + 1) - by;

		if (l2 < 1e-6f)
			continue;
		for (y = sy0 < 0 ? 0 : sy0; y < sy1 && y < bh; y++) {
			for (x = sx0 < 0 ? 0 : sx0; x < sx1 && x < bw; x++) {
				float qx = bx + x + 0.5f - ax;
				float qy = by + y + 0.5f - ay;
				float u =
					clampf((qx * ex + qy * ey) / l2, 0, 1);
				float px = qx - u * ex, py = qy - u * ey;
				float d2 = px * px + py * py;
				size_t k = (size_t)y * bw + x;

				if (d2 >= best[k])
					continue;
				best[k] = d2;
				along[k] = cum[i] + u * l / SS;
				across[k] = (ex * qy - ey * qx) >= 0 ? 1 : -1;
				seg[k] = i;
			}
		}
	}
	for (y = 0; y < bh; y++) {
		for (x = 0; x < bw; x++) {
			size_t k = (size_t)y * bw + x;
			float d, t, dx, dy, ph = -1;
			struct pt a, b;

			if (best[k] >= lim)
				continue;
			d = sqrtf(best[k]);
			t = clampf(across[k] * d / hw, -1, 1);
			a = pa->p[seg[k]], b = pa->p[seg[k] + 1];
			dx = b.x - a.x, dy = b.y - a.y;
			d = hypotf(dx, dy);
			dx /= d, dy /= d;
			if (twisted)
				ph = (along[k] + t * w * 0.45f) / pitch + 64;
			put(r, bx + x, by + y, wire_shade(m, t, dx, dy, ph),
			    cover(hw - sqrtf(best[k])));
		}
	}
	free(seg);
	free(across);
	free(along);
	free(best);
out_cum:
	free(cum);
}

/* A circle of wire: like wire() on a circle, computed directly. */
static void ring(struct ras *r, float cx, float cy, float rad, float w,
		 const struct metal *m, int twisted)
{
	float hw = w * SS / 2, R = rad * SS, ccx = cx * SS, ccy = cy * SS;
	float n = roundf(2 * PI * rad / (w * 0.85f)), pitch = 2 * PI * rad / n;
	int x, y, y0 = (int)fmaxf(0, ccy - R - hw - 2);
	int y1 = (int)fminf(r->h, ccy + R + hw + 2);

	for (y = y0; y < y1; y++) {
		float qy = y + 0.5f - ccy, ro = R + hw + 1, span;
		int xa, xb;

		if (fabsf(qy) >= ro)
			continue;
		span = sqrtf(ro * ro - qy * qy);
		xa = (int)fmaxf(0, ccx - span - 1);
		xb = (int)fminf(r->w, ccx + span + 1);
		for (x = xa; x < xb; x++) {
			float qx = x + 0.5f - ccx, rho = hypotf(qx, qy);
			float d = rho - R, a, ph = -1;

			if (fabsf(d) > hw + 1 || rho < 1e-3f)
				continue;
			a = atan2f(qy, qx);
			if (a < 0)
				a += 2 * PI;
			if (twisted)
				ph = (rad * (2 * PI - a) + d / hw * w * 0.45f) /
					     pitch +
				     64;
			put(r, x, y,
			    wire_shade(m, clampf(d / hw, -1, 1), qy / rho,
				       -qx / rho, ph),
			    cover(hw - fabsf(d)));
		}
	}
}

/* A granule (炸珠): a small metal sphere. */
static void bead(struct ras *r, float cx, float cy, float rad,
		 const struct metal *m)
{
	float R = rad * SS, ccx = cx * SS, ccy = cy * SS;
	int x, y;

	for (y = (int)fmaxf(0, ccy - R - 2); y < r->h && y < ccy + R + 2; y++) {
		for (x = (int)fmaxf(0, ccx - R - 2);
		     x < r->w && x < ccx + R + 2; x++) {
			float qx = (x + 0.5f - ccx) / R,
			      qy = (y + 0.5f - ccy) / R;
			float d2 = qx * qx + qy * qy, nz;

			if (d2 >= (1 + 1 / R) * (1 + 1 / R))
				continue;
			nz = sqrtf(clampf(1 - d2, 0, 1));
			put(r, x, y,
			    scale3(metal_lit(m, qx, qy, nz),
				   0.55f + 0.45f * nz),
			    cover(R - sqrtf(d2) * R));
		}
	}
}

/* An inlaid cabochon: an elliptic dome, lit, glowing on the far side. */
static void stone(struct ras *r, float cx, float cy, float rx, float ry,
		  float ang, const struct gem *g)
{
	float ca = cosf(ang), sa = sinf(ang), rm = fmaxf(rx, ry) * SS + 2;
	float ccx = cx * SS, ccy = cy * SS, edge = fminf(rx, ry) * SS;
	int x, y;

	for (y = (int)fmaxf(0, ccy - rm); y < r->h && y < ccy + rm; y++) {
		for (x = (int)fmaxf(0, ccx - rm); x < r->w && x < ccx + rm;
		     x++) {
			float qx = (x + 0.5f - ccx) / SS,
			      qy = (y + 0.5f - ccy) / SS;
			float a = (qx * ca + qy * sa) / rx;
			float b = (-qx * sa + qy * ca) / ry;
			float rho = sqrtf(a * a + b * b), nz, nx, ny, diff, sp;
			float glow, hx, hy, win;
			struct rgb c;

			if (rho > 1 + 1.5f / edge)
				continue;
			nz = sqrtf(clampf(1 - rho * rho, 0, 1));
			nx = (a * ca - b * sa) * 0.8f;
			ny = (a * sa + b * ca) * 0.8f;
			diff = clampf(
				(nx * LX + ny * LY + nz * LZ) /
					sqrtf(nx * nx + ny * ny + nz * nz),
				0, 1);
			c = mix(g->deep, g->base, clampf(diff * 1.2f, 0, 1));
			glow = clampf(-(nx * LX + ny * LY) * 1.6f, 0, 1) *
			       clampf((1 - rho) * 4, 0, 1);
			c = mix(c, g->glow, glow * 0.7f);
			c = scale3(c,
				   0.5f + 0.5f * clampf((1 - rho) * 5, 0, 1));
			sp = powf(clampf((nx * HX + ny * HY + nz * HZ) /
						 sqrtf(nx * nx + ny * ny +
						       nz * nz),
					 0, 1),
				  90);
			hx = a + 0.36f, hy = b + 0.40f;
			win = clampf(1 - sqrtf(hx * hx + hy * hy) / 0.2f, 0, 1);
			c = add3(c, (struct rgb){1, 1, 1},
				 sp + win * win * 0.7f);
			put(r, x, y, c, cover((1 - rho) * edge));
		}
	}
}

/* Fills the closed polygon @pa with enamel @e (even-odd, per sample). */
static void fill(struct ras *r, const struct path *pa, const struct enamel *e)
{
	float y0 = 1e9f, y1 = -1e9f,
	      *xs = xalloc(NULL, (size_t)pa->n + 1, sizeof(*xs));
	int i, j, y;

	for (i = 0; i < pa->n; i++)
		y0 = fminf(y0, pa->p[i].y), y1 = fmaxf(y1, pa->p[i].y);
	for (y = (int)fmaxf(0, y0 * SS); y < r->h && y <= y1 * SS; y++) {
		float sy = (y + 0.5f) / SS;
		int n = 0;

		for (i = 0; i < pa->n; i++) {
			struct pt a = pa->p[i], b = pa->p[(i + 1) % pa->n];

			if ((a.y <= sy) == (b.y <= sy))
				continue;
			xs[n] = a.x + (sy - a.y) / (b.y - a.y) * (b.x - a.x);
			for (j = n++; j > 0 && xs[j - 1] > xs[j]; j--) {
				float t = xs[j];

				xs[j] = xs[j - 1], xs[j - 1] = t;
			}
		}
		for (i = 0; i + 1 < n; i += 2) {
			int x = (int)fmaxf(0, ceilf(xs[i] * SS - 0.5f));
			int xe = (int)fminf(r->w, ceilf(xs[i + 1] * SS - 0.5f));

			for (; x < xe; x++)
				put(r, x, y,
				    enamel_at(e, (x + 0.5f) / SS, sy, x, y), 1);
		}
	}
	free(xs);
}

/* Fills the annulus @r0..@r1 round (cx, cy) with @e. */
static void disc(struct ras *r, float cx, float cy, float r0, float r1,
		 const struct enamel *e)
{
	float ccx = cx * SS, ccy = cy * SS, R0 = r0 * SS, R1 = r1 * SS;
	int x, y;

	for (y = (int)fmaxf(0, ccy - R1 - 1); y < r->h && y < ccy + R1 + 1; y++)
		for (x = (int)fmaxf(0, ccx - R1 - 1);
		     x < r->w && x < ccx + R1 + 1; x++) {
			float rho = hypotf(x + 0.5f - ccx, y + 0.5f - ccy);
			float a = fminf(cover(R1 - rho), cover(rho - R0));

			if (a > 0)
				put(r, x, y,
				    enamel_at(e, (x + 0.5f) / SS,
					      (y + 0.5f) / SS, x, y),
				    a);
		}
}

/* ---- the 1024 x 1024 medallion ---- */

static struct pt polar(float cx, float cy, float a, float rad)
{
	return (struct pt){cx + rad * cosf(a), cy + rad * sinf(a)};
}

static void stroke(struct ras *r, struct path *pa, float w,
		   const struct metal *m, int twisted)
{
	wire(r, pa, w, m, twisted);
	pa->n = 0;
}

/* A stone in a bezel: a plain gold rim and a ring of granules. */
static void set_stone(struct ras *r, float x, float y, float rx, float ry,
		      float ang, const struct gem *g, float k, int beads)
{
	struct path pa = {0};
	int i;

	stone(r, x, y, rx, ry, ang, g);
	path_ellipse(&pa, x, y, rx + 1.6f * k, ry + 1.6f * k, ang);
	stroke(r, &pa, 3.2f * k, &GOLD, 0);
	for (i = 0; i < beads; i++) {
		float a = 2 * PI * i / beads;
		float bx = (rx + 5.2f * k) * cosf(a),
		      by = (ry + 5.2f * k) * sinf(a);

		bead(r, x + bx * cosf(ang) - by * sinf(ang),
		     y + bx * sinf(ang) + by * cosf(ang), 2.1f * k, &GOLD);
	}
	free(pa.p);
}

/* One lotus cloison of the inner ring, pointing along @a. */
static void petal(struct ras *r, float cx, float cy, float a, float k,
		  const struct gem *g)
{
	float r0 = 166 * k, len = 180 * k, c = cosf(a), s = sinf(a);
	struct enamel e = {cx + c * (r0 + len * 0.5f),
			   cy + s * (r0 + len * 0.5f),
			   len * 0.62f,
			   TURQ_IN,
			   TURQ_OUT,
			   0.05f};
	struct path pa = {0};
	struct pt st = polar(cx, cy, a, r0 + len * 0.56f);

	path_petal(&pa, r0, len, 16 * k, 70 * k);
	path_xform(&pa, 0, cx, cy, a, 1);
	fill(r, &pa, &e);
	stroke(r, &pa, 6.5f * k, &GOLD, 1);
	path_petal(&pa, r0 + 12 * k, len - 30 * k, 0, 55 * k);
	path_xform(&pa, 0, cx, cy, a, 1);
	stroke(r, &pa, 2.2f * k, &SILVER, 0);
	path_scroll(&pa, (struct pt){40 * k, -24 * k}, 13 * k, 1,
		    (struct pt){40 * k, 24 * k}, 13 * k, -1, 1.8f, -0.6f);
	path_xform(&pa, 0, cx + c * r0, cy + s * r0, a, 1);
	stroke(r, &pa, 3.4f * k, &GOLD, 1);
	set_stone(r, st.x, st.y, 21 * k, 16 * k, a, g, k, 18);
	st = polar(cx, cy, a, r0 + len * 0.84f);
	stone(r, st.x, st.y, 5.5f * k, 5.5f * k, 0, &PEARL);
	free(pa.p);
}

/* Distance from @p to the polyline @pa, negative inside it (closed). */
static float poly_dist(const struct path *pa, struct pt p)
{
	float best = 1e9f;
	int i, in = 0;

	for (i = 0; i + 1 < pa->n; i++) {
		struct pt a = pa->p[i], b = pa->p[i + 1];
		float ex = b.x - a.x, ey = b.y - a.y, l2 = ex * ex + ey * ey;
		float u =
			l2 > 0 ? clampf(((p.x - a.x) * ex + (p.y - a.y) * ey) /
						l2,
					0, 1)
			       : 0;

		best = fminf(best,
			     hypotf(p.x - a.x - u * ex, p.y - a.y - u * ey));
		if ((a.y <= p.y) != (b.y <= p.y) &&
		    p.x < a.x + (p.y - a.y) / (b.y - a.y) * ex)
			in = !in;
	}
	return in ? -best : best;
}

/*
 * 填丝: the ground between the petals, filled with small coils packed on
 * a hexagonal grid; each coil turns its own way.  A jade stone sits in
 * each gap.
 */
static void coil_field(struct ras *r, float cx, float cy, float k)
{
	const float step = 17.5f * k, rc = 7.4f * k;
	struct path petals = {0}, pa = {0};
	int i, gx, gy, n = (int)(360 * k / step) + 1;

	for (i = 0; i < 8; i++) {
		int from = petals.n;

		path_petal(&petals, 166 * k, 180 * k, 16 * k, 70 * k);
		path_xform(&petals, from, cx, cy, 2 * PI * i / 8 - PI / 2, 1);
		path_add(&petals, 1e6f, 1e6f); /* a break between petals */
	}
	for (gy = -n; gy <= n; gy++) {
		for (gx = -n; gx <= n; gx++) {
			struct pt p = {cx + (gx + (gy & 1) * 0.5f) * step,
				       cy + gy * step * 0.866f};
			float rho = hypotf(p.x - cx, p.y - cy);
			float h = hash01((uint32_t)(gx + 99),
					 (uint32_t)(gy + 99));
			int ok = rho > 172 * k + rc && rho < 352 * k - rc;

			for (i = 0; ok && i < 8; i++) {
				struct path one = {petals.p +
							   i * (petals.n / 8),
						   petals.n / 8 - 1, 0};
				struct pt st =
					polar(cx, cy,
					      2 * PI * (i + 0.5f) / 8 - PI / 2,
					      262 * k);

				ok = poly_dist(&one, p) > rc + 6 * k &&
				     hypotf(p.x - st.x, p.y - st.y) >
					     rc + 19 * k;
			}
			if (!ok)
				continue;
			path_coil(&pa, p, 1.2f * k, rc, 1.6f, h * 2 * PI,
				  h < 0.5f ? 1 : -1, 0);
			stroke(r, &pa, 2.2f * k, &GOLD, 0);
		}
	}
	for (i = 0; i < 8; i++) {
		struct pt st = polar(cx, cy, 2 * PI * (i + 0.5f) / 8 - PI / 2,
				     262 * k);

		set_stone(r, st.x, st.y, 10 * k, 10 * k, 0, &JADE, k, 12);
	}
	free(petals.p);
	free(pa.p);
}

/* The running scroll (卷草) in the enamel band: a wave with coiled shoots. */
static void band_scroll(struct ras *r, float cx, float cy, float k)
{
	const int periods = 16;
	float rc = 407 * k, amp = 20 * k;
	struct path pa = {0};
	int j, i;

	for (j = 0; j < 2 * periods; j++) {
		float a0 = PI * j / periods, a1 = PI * (j + 1) / periods;
		float ap = (a0 + a1) / 2, side = (j & 1) ? -1 : 1;
		float at = ap - 0.30f * (a1 - a0), rt, dr;
		struct pt e, t, n0;

		for (i = 0; i <= 60; i++) {
			float a = a0 + (a1 - a0) * i / 60;
			struct pt p =
				polar(cx, cy, a, rc + amp * sinf(periods * a));

			path_add(&pa, p.x, p.y);
		}
		stroke(r, &pa, 6.5f * k, &GOLD, 1);
		rt = rc + amp * sinf(periods * at);
		dr = amp * periods * cosf(periods * at);
		e = polar(cx, cy, at, rt);
		t = (struct pt){-sinf(at) * rt + cosf(at) * dr,
				cosf(at) * rt + sinf(at) * dr};
		rt = hypotf(t.x, t.y);
		t.x /= rt, t.y /= rt;
		path_shoot(&pa,
			   polar(cx, cy, ap + 0.18f * (a1 - a0),
				 rc - side * 16 * k),
			   13 * k, -(int)side, 1.9f, e, t);
		stroke(r, &pa, 3.4f * k, &SILVER, 1);
		n0 = polar(cx, cy, a0, rc + side * 28 * k);
		bead(r, n0.x, n0.y, 3.4f * k, &GOLD);
	}
	free(pa.p);
}

static void medallion(struct ras *r, float cx, float cy, float k)
{
	struct enamel plate = {cx, cy, 480 * k, PLATE_IN, PLATE_OUT, 0.015f};
	struct enamel band = {cx, cy, 446 * k, COBALT_IN, COBALT_OUT, 0.05f};
	int i;

	band.in = mix(COBALT_OUT, COBALT_IN, 0.9f);
	disc(r, cx, cy, 0, 484 * k, &plate);
	disc(r, cx, cy, 366 * k, 448 * k, &band);
	band_scroll(r, cx, cy, k);
	ring(r, cx, cy, 483 * k, 4.5f * k, &GOLD, 0);
	ring(r, cx, cy, 472 * k, 10 * k, &GOLD, 1);
	ring(r, cx, cy, 461 * k, 3.5f * k, &GOLD, 0);
	for (i = 0; i < 240; i++) {
		struct pt p = polar(cx, cy, 2 * PI * i / 240, 454.5f * k);

		bead(r, p.x, p.y, 3.6f * k, &GOLD);
	}
	ring(r, cx, cy, 448 * k, 3 * k, &SILVER, 0);
	ring(r, cx, cy, 365 * k, 8 * k, &GOLD, 1);
	ring(r, cx, cy, 356 * k, 3 * k, &SILVER, 0);
	coil_field(r, cx, cy, k);
	for (i = 0; i < 8; i++) {
		float a = 2 * PI * i / 8 - PI / 2;

		petal(r, cx, cy, a, k, (i & 1) ? &JADE : &RUBY);
	}
	disc(r, cx, cy, 0, 160 * k, &band);
	ring(r, cx, cy, 164 * k, 7 * k, &GOLD, 1);
	ring(r, cx, cy, 155 * k, 2.5f * k, &SILVER, 0);
	for (i = 0; i < 16; i++) {
		float a = 2 * PI * i / 16 - PI / 2;
		struct pt p = polar(cx, cy, a, 130 * k);

		if (i & 1) {
			struct path pa = {0};

			path_coil(&pa, p, 1.5f * k, 11 * k, 1.7f, a + PI, 1, 0);
			stroke(r, &pa, 2.6f * k, &GOLD, 1);
			free(pa.p);
		} else {
			stone(r, p.x, p.y, 9 * k, 9 * k, 0, &PEARL);
		}
	}
	ring(r, cx, cy, 105 * k, 6 * k, &SILVER, 1);
	for (i = 0; i < 48; i++) {
		struct pt p = polar(cx, cy, 2 * PI * i / 48, 96 * k);

		bead(r, p.x, p.y, 2.8f * k, &GOLD);
	}
	disc(r, cx, cy, 0, 90 * k, &plate);
	set_stone(r, cx, cy, 66 * k, 66 * k, 0, &RUBY, k, 44);
	ring(r, cx, cy, 78 * k, 5 * k, &GOLD, 1);
}

/* A corner of the square: a stone, two shoots along the frame, a leaf. */
static void corner(struct ras *r, float x, float y, float dx, float dy)
{
	struct enamel e = {x + dx * 100, y + dy * 100, 40,
			   TURQ_IN,	 TURQ_OUT,     0.05f};
	struct pt s = {x + dx * 50, y + dy * 50};
	float diag = atan2f(dy, dx);
	int sense = dx * dy > 0 ? 1 : -1;
	struct path pa = {0};

	path_petal(&pa, 0, 78, 6, 20);
	path_xform(&pa, 0, s.x + dx * 14, s.y + dy * 14, diag, 1);
	fill(r, &pa, &e);
	stroke(r, &pa, 4, &GOLD, 1);
	path_shoot(&pa, (struct pt){x + dx * 132, y + dy * 32}, 17, sense, 2.2f,
		   (struct pt){s.x + dx * 20, s.y - dy * 8},
		   (struct pt){-dx, 0});
	stroke(r, &pa, 3.6f, &GOLD, 1);
	path_shoot(&pa, (struct pt){x + dx * 32, y + dy * 132}, 17, -sense,
		   2.2f, (struct pt){s.x - dx * 8, s.y + dy * 20},
		   (struct pt){0, -dy});
	stroke(r, &pa, 3.6f, &GOLD, 1);
	set_stone(r, s.x, s.y, 17, 17, 0, &RUBY, 1, 14);
	free(pa.p);
}

static void art_square(struct ras *r, int size)
{
	float c = size / 2.0f, k = size / 1024.0f;
	struct enamel ground = {c, c, c * 1.42f, GROUND_IN, GROUND_OUT, 0};
	struct path pa = {0};
	int i;

	disc(r, c, c, 0, size * 2, &ground);
	for (i = 0; i < 2; i++) {
		float m = (i ? 21 : 11) * k, e = size - m;

		path_add(&pa, m, m), path_add(&pa, e, m), path_add(&pa, e, e);
		path_add(&pa, m, e), path_add(&pa, m, m);
		stroke(r, &pa, (i ? 3 : 7) * k, i ? &GOLD : &SILVER, !i);
	}
	corner(r, 21 * k, 21 * k, 1, 1);
	corner(r, size - 21 * k, 21 * k, -1, 1);
	corner(r, 21 * k, size - 21 * k, 1, -1);
	corner(r, size - 21 * k, size - 21 * k, -1, -1);
	medallion(r, c, c, k * 0.96f);
	free(pa.p);
}

/* ---- the 1920 x 360 banner ---- */

static void hline(struct ras *r, float x0, float x1, float y, float w,
		  const struct metal *m, int twisted)
{
	struct path pa = {0};

	path_add(&pa, x0, y);
	path_add(&pa, x1, y);
	wire(r, &pa, w, m, twisted);
	free(pa.p);
}

/* The frame: silver rope, gold line, and a granulated gold band. */
static void banner_frame(struct ras *r, int w, int h)
{
	struct path pa = {0};
	float x;
	int i;

	for (i = 0; i < 2; i++) {
		float m = i ? 17 : 8, e = w - m, f = h - m;

		path_add(&pa, m, m), path_add(&pa, e, m), path_add(&pa, e, f);
		path_add(&pa, m, f), path_add(&pa, m, m);
		stroke(r, &pa, i ? 3 : 6, i ? &GOLD : &SILVER, !i);
	}
	for (i = 0; i < 2; i++) {
		float y = i ? h - 30 : 30, yb = i ? h - 41.5f : 41.5f;

		hline(r, 30, w - 30, y, 8, &GOLD, 1);
		for (x = 36; x < w - 30; x += 11)
			bead(r, x, yb, 3.2f, &GOLD);
		hline(r, 30, w - 30, i ? h - 50 : 50, 2.5f, &SILVER, 0);
	}
	free(pa.p);
}

/* The centre of the banner: a rosette of petals round a ruby. */
static void rosette(struct ras *r, float cx, float cy)
{
	struct enamel band = {cx, cy, 122, COBALT_IN, COBALT_OUT, 0.05f};
	struct path pa = {0};
	int i;

	disc(r, cx, cy, 0, 118, &band);
	for (i = 0; i < 8; i++) {
		float a = 2 * PI * i / 8 - PI / 2;
		struct pt p = polar(cx, cy, a, 88);
		struct enamel e = {p.x, p.y, 34, TURQ_IN, TURQ_OUT, 0.05f};

		path_petal(&pa, 56, 56, 8, 22);
		path_xform(&pa, 0, cx, cy, a, 1);
		fill(r, &pa, &e);
		stroke(r, &pa, 4, &GOLD, 1);
		stone(r, p.x, p.y, 6, 6, 0, &PEARL);
		p = polar(cx, cy, a + PI / 8, 96);
		path_coil(&pa, p, 1.2f, 9, 1.7f, a, 1, 0);
		stroke(r, &pa, 2.4f, &GOLD, 0);
	}
	ring(r, cx, cy, 121, 7, &GOLD, 1);
	ring(r, cx, cy, 130, 3, &GOLD, 0);
	for (i = 0; i < 36; i++) {
		struct pt p = polar(cx, cy, 2 * PI * i / 36, 62);

		bead(r, p.x, p.y, 2.6f, &GOLD);
	}
	ring(r, cx, cy, 54, 5, &SILVER, 1);
	set_stone(r, cx, cy, 40, 40, 0, &RUBY, 1, 28);
	free(pa.p);
}

/* y and slope of the banner's wave at @x. */
static float wave_y(float x, float x0, float cy, int flip, float *slope)
{
	const float period = 230, amp = 44, f = 2 * PI / period;

	if (slope)
		*slope = flip * amp * f * cosf(f * (x - x0));
	return cy + flip * amp * sinf(f * (x - x0));
}

/*
 * The running scroll from @x0 to @x1: a twisted gold wave; in each hollow
 * a silver coil round a stone, on each crest an enamel leaf, and a curl at
 * both ends.
 */
static void wave(struct ras *r, float x0, float x1, float cy, int flip)
{
	const float half = 115;
	struct path pa = {0};
	float x, sl, len;
	int j, n = (int)((x1 - x0) / half + 0.5f);

	for (x = x0; x <= x1; x += 0.7f)
		path_add(&pa, x, wave_y(x, x0, cy, flip, NULL));
	stroke(r, &pa, 7, &GOLD, 1);
	for (j = 0; j < n; j++) {
		float side = ((j & 1) ? -1 : 1) * flip;
		float xp = x0 + half * (j + 0.5f), xa = xp - half * 0.30f;
		float ya = wave_y(xa, x0, cy, flip, &sl);
		struct pt c = {xp + 12, cy + side * 4}, tip;
		struct enamel e;

		len = hypotf(1, sl);
		path_shoot(&pa, c, 29, side > 0 ? -1 : 1, 2.1f,
			   (struct pt){xa, ya}, (struct pt){1 / len, sl / len});
		stroke(r, &pa, 4, &SILVER, 1);
		set_stone(r, c.x, c.y, 9, 9, 0, (j & 1) ? &JADE : &RUBY, 1, 10);
		tip = (struct pt){xp - 14, cy + side * 44};
		e = (struct enamel){tip.x - 8, tip.y + side * 36, 40,
				    TURQ_IN,   TURQ_OUT,	  0.05f};
		path_petal(&pa, 0, 66, 4, 17);
		path_xform(&pa, 0, tip.x, tip.y, side * PI / 2 - side * 0.25f,
			   1);
		fill(r, &pa, &e);
		stroke(r, &pa, 3.5f, &GOLD, 1);
	}
	for (j = 0; j < 2; j++) {
		float xe = j ? x1 : x0, ye = wave_y(xe, x0, cy, flip, &sl);
		float dir = j ? 1 : -1, down = sl > 0 ? 1 : -1;

		len = hypotf(1, sl);
		path_shoot(&pa, (struct pt){xe + dir * 6, ye + dir * down * 28},
			   16, (int)(-dir * down), 2, (struct pt){xe, ye},
			   (struct pt){-dir / len, -dir * sl / len});
		stroke(r, &pa, 5, &GOLD, 1);
	}
	free(pa.p);
}

static void art_banner(struct ras *r, int w, int h)
{
	struct enamel ground = {w / 2.0f,  h / 2.0f,   w * 0.6f,
				GROUND_IN, GROUND_OUT, 0};
	struct path pa = {0};
	int i;

	disc(r, w / 2.0f, h / 2.0f, 0, (float)w, &ground);
	banner_frame(r, w, h);
	wave(r, 110, 800, h / 2.0f, 1);
	wave(r, 1120, 1810, h / 2.0f, -1);
	rosette(r, w / 2.0f, h / 2.0f);
	for (i = 0; i < 2; i++) {
		float x = i ? w - 56 : 56;

		path_scroll(&pa, (struct pt){x, h / 2.0f - 78}, 22, i ? 1 : -1,
			    (struct pt){x, h / 2.0f + 78}, 22, i ? -1 : 1, 2,
			    -0.5f);
		stroke(r, &pa, 4, &GOLD, 1);
		set_stone(r, x, h / 2.0f, 18, 24, 0, &JADE, 1, 16);
	}
	free(pa.p);
}

/* ---- LED line art: every pixel on or off, lines one pixel wide ---- */

struct led {
	struct canvas *c;
	uint32_t *px;
	int w, h, stride;
};

static void led_set(struct led *l, int x, int y, uint32_t argb)
{
	if (x >= 0 && y >= 0 && x < l->w && y < l->h)
		l->px[(size_t)y * l->stride + x] = argb;
}

/*
 * Plots a curve given as points: rounds them to pixels, drops repeats, and
 * drops every corner pixel whose neighbours already touch, so the line is
 * one pixel wide and 8-connected.
 */
static void led_curve(struct led *l, const struct path *pa, uint32_t argb)
{
	int *xs = xalloc(NULL, (size_t)pa->n + 1, sizeof(int));
	int *ys = xalloc(NULL, (size_t)pa->n + 1, sizeof(int));
	int i, n = 0;

	for (i = 0; i < pa->n; i++) {
		int x = (int)floorf(pa->p[i].x), y = (int)floorf(pa->p[i].y);

		if (n && xs[n - 1] == x && ys[n - 1] == y)
			continue;
		if (n >= 2 && abs(xs[n - 2] - x) <= 1 &&
		    abs(ys[n - 2] - y) <= 1)
			n--;
		xs[n] = x, ys[n] = y, n++;
	}
	for (i = 0; i < n; i++)
		led_set(l, xs[i], ys[i], argb);
	free(xs);
	free(ys);
}

/* A twisted wire on one row: dashes of two pixels, shifted on the second. */
static void led_rope(struct led *l, int y, int rows, uint32_t argb)
{
	int x;

	for (x = 0; x < l->w; x++) {
		if (x % 3 != 2)
			led_set(l, x, y, argb);
		if (rows > 1 && x % 3 != 0)
			led_set(l, x, y + 1, argb);
	}
}

/* A stone: a filled diamond of radius @rad. */
static void led_stone(struct led *l, int cx, int cy, int rad, uint32_t argb)
{
	int x, y;

	for (y = -rad; y <= rad; y++)
		for (x = -rad; x <= rad; x++)
			if (abs(x) + abs(y) <= rad)
				led_set(l, cx + x, cy + y, argb);
}

/*
 * A curl for 16 px signs, drawn by hand: a spiral of one and a quarter
 * turns whose tail, the top left pixel, touches the wave.
 */
static const char *const CURL16[] = {
	"X.....", ".XXX..", "....X.", ".XX.X.", ".X..X.", "..XX..",
};

/*
 * The running scroll on a sign @h pixels tall: a wave through the middle
 * band, a curl in the hollow under every crest, ropes along the edges;
 * 32 px signs get drawn coils with a stone in each.
 */
static void led_scroll(struct led *l, uint32_t wire, uint32_t stone1,
		       uint32_t stone2)
{
	int big = l->h >= 32, j, x, y;
	float mid = l->h / 2.0f, amp = big ? 7.5f : 3.2f;
	float period = big ? 48 : 32, coil = 5.6f;
	struct path pa = {0};
	float fx;

	led_rope(l, 0, 2, wire);
	led_rope(l, l->h - 2, 2, wire);
	if (big) {
		for (x = 0; x < l->w; x++)
			led_set(l, x, 3, wire), led_set(l, x, l->h - 4, wire);
	}
	for (fx = -period; fx <= l->w + period; fx += 0.05f)
		path_add(&pa, fx, mid + amp * sinf(2 * PI * fx / period));
	led_curve(l, &pa, wire);
	pa.n = 0;
	for (j = -2; j <= 2 * l->w / (int)period + 2; j++) {
		/* Crests alternate up (side -1) and down; the coil sits in
		   the hollow of each, its stem leaving the wave before it. */
		float xp = period * (j / 2.0f + 0.25f);
		int side = (j & 1) ? -1 : 1;
		float xa = xp - period * 0.17f;
		float ya = mid + amp * sinf(2 * PI * xa / period);
		float sl = amp * 2 * PI / period * cosf(2 * PI * xa / period);
		float len = hypotf(1, sl);
		struct pt c = {xp + 2.5f, mid + side * (amp - coil - 2.4f)};

		if (!big) {
			int ox = (int)floorf(xp) - 3;
			int oy = (int)floorf(mid +
					     amp * sinf(2 * PI * ox / period)) -
				 side;

			for (y = 0; y < 6; y++)
				for (x = 0; x < 6; x++)
					if (CURL16[y][x] == 'X')
						led_set(l, ox + x,
							oy - side * y, wire);
			continue;
		}
		path_shoot(&pa, c, coil, side > 0 ? 1 : -1, 1.35f,
			   (struct pt){xa, ya}, (struct pt){1 / len, sl / len});
		led_curve(l, &pa, wire);
		pa.n = 0;
		led_stone(l, (int)c.x, (int)c.y, 1, (j & 1) ? stone1 : stone2);
	}
	free(pa.p);
}

static int led_art(const char *dir, const char *name, int w, int h)
{
	struct errbuf e;
	struct led l = {canvas_create(w, h, &e), NULL, w, h, 0};
	char path[4096];
	int rc;

	if (!l.c) {
		fprintf(stderr, "filigree: %s\n", e.msg);
		return -1;
	}
	l.px = canvas_pixels(l.c);
	l.stride = canvas_stride(l.c);
	canvas_clear(l.c, ARGB(255, 0, 0, 0));
	if (h >= 32)
		led_scroll(&l, ARGB(255, 255, 176, 32), ARGB(255, 255, 32, 32),
			   ARGB(255, 32, 224, 96));
	else
		led_scroll(&l, ARGB(255, 255, 176, 32), 0, 0);
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	rc = pngio_save(l.c, path, &e);
	if (rc < 0)
		fprintf(stderr, "filigree: %s\n", e.msg);
	canvas_destroy(l.c);
	return rc;
}

/* ---- output ---- */

static int save(const struct ras *r, const char *dir, const char *name)
{
	int w = r->w / SS, h = r->h / SS, x, y, i, j, rc;
	struct errbuf e;
	struct canvas *c = canvas_create(w, h, &e);
	char path[4096];
	uint32_t *px;

	if (!c) {
		fprintf(stderr, "filigree: %s\n", e.msg);
		return -1;
	}
	px = canvas_pixels(c);
	for (y = 0; y < h; y++) {
		for (x = 0; x < w; x++) {
			struct rgb s = {0, 0, 0};

			for (j = 0; j < SS; j++)
				for (i = 0; i < SS; i++)
					s = add3(s,
						 r->px[(size_t)(y * SS + j) *
							       r->w +
						       x * SS + i],
						 1.0f / (SS * SS));
			px[(size_t)y * canvas_stride(c) + x] =
				ARGB(255, (int)(clampf(s.r, 0, 1) * 255 + 0.5f),
				     (int)(clampf(s.g, 0, 1) * 255 + 0.5f),
				     (int)(clampf(s.b, 0, 1) * 255 + 0.5f));
		}
	}
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	rc = pngio_save(c, path, &e);
	if (rc < 0)
		fprintf(stderr, "filigree: %s\n", e.msg);
	canvas_destroy(c);
	return rc;
}

static struct ras ras_new(int w, int h)
{
	struct ras r = {w * SS, h * SS, NULL};

	r.px = xalloc(NULL, (size_t)r.w * r.h, sizeof(*r.px));
	return r;
}

int main(int argc, char **argv)
{
	struct ras r;
	int rc = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: filigree OUTDIR\n");
		return 2;
	}
	r = ras_new(1024, 1024);
	art_square(&r, 1024);
	rc |= save(&r, argv[1], "filigree-1024.png");
	free(r.px);
	r = ras_new(1920, 360);
	art_banner(&r, 1920, 360);
	rc |= save(&r, argv[1], "filigree-banner.png");
	free(r.px);
	rc |= led_art(argv[1], "filigree-led16.png", 160, 16);
	rc |= led_art(argv[1], "filigree-led32.png", 192, 32);
	return rc ? 1 : 0;
}
