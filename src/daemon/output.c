/* output: see output.h. */
#include "daemon/output.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/pngio.h"
#include "util/log.h"

struct output *output_create(const struct panel_conf *pc)
{
	struct output *o = calloc(1, sizeof(*o));

	if (!o)
		return NULL;
	o->conf = pc;
	o->common = pc->common;
	o->scene_index = -1;
	o->due = SCENE_NEVER;
	o->retry_at = 0;
	return o;
}

void output_close(struct output *o)
{
	if (!o->state)
		return;
	o->conf->ops->close(o->state);
	o->state = NULL;
	o->shown_once = 0;
}

void output_destroy(struct output *o)
{
	if (!o)
		return;
	output_close(o);
	canvas_destroy(o->frame);
	canvas_destroy(o->shown);
	free(o->tiles);
	free(o->tiles_new);
	free(o);
}

/* Logs @why and schedules the next open. */
static void output_failed(struct output *o, int64_t now, const char *why,
			  int retry_min_ms, int retry_max_ms)
{
	int same = strcmp(o->error, why) == 0;

	if (o->retry_ms == 0)
		o->retry_ms = retry_min_ms;
	else if (o->retry_ms < retry_max_ms / 2)
		o->retry_ms *= 2;
	else
		o->retry_ms = retry_max_ms;
	o->retry_at = now + o->retry_ms;
	o->failures++;
	snprintf(o->error, sizeof(o->error), "%s", why);
	if (same)
		log_info("panel %s: still failing: %s; next try in %.1f s",
			 o->common.name, why, o->retry_ms / 1000.0);
	else
		log_errx("panel %s: %s; retrying in %.1f s", o->common.name,
			 why, o->retry_ms / 1000.0);
}

/* (Re)makes the canvases for the opened size; the scene must then be told
   the panel again. */
static int output_canvases(struct output *o, struct errbuf *e)
{
	int w = o->common.width, h = o->common.height;
	size_t ntiles;

	if (o->frame && canvas_width(o->frame) == w &&
	    canvas_height(o->frame) == h)
		return 0;
	canvas_destroy(o->frame);
	canvas_destroy(o->shown);
	free(o->tiles);
	free(o->tiles_new);
	o->shown = NULL;
	o->tiles = o->tiles_new = NULL;
	o->has_frame = 0;
	o->scene_index = -1;
	o->frame = canvas_create(w, h, e);
	if (!o->frame)
		return -1;
	if ((long)w * h <= OUTPUT_COPY_MAX) {
		o->shown = canvas_create(w, h, e);
		return o->shown ? 0 : -1;
	}
	ntiles = (size_t)((w + OUTPUT_TILE - 1) / OUTPUT_TILE) *
		 ((h + OUTPUT_TILE - 1) / OUTPUT_TILE);
	o->tiles = calloc(ntiles, sizeof(*o->tiles));
	o->tiles_new = calloc(ntiles, sizeof(*o->tiles_new));
	if (!o->tiles || !o->tiles_new) {
		errbuf_errno(e, "panel %s", o->common.name);
		return -1;
	}
	return 0;
}

/* FNV-1a over the tile's pixels, a word at a time. */
static uint64_t tile_hash(const struct canvas *c, struct rect t)
{
	const uint32_t *px = canvas_pixels_const(c);
	int stride = canvas_stride(c), x, y;
	uint64_t h = 14695981039346656037ull;

	for (y = t.y; y < t.y + t.h; y++) {
		for (x = t.x; x < t.x + t.w; x++) {
			h ^= px[(size_t)y * stride + x];
			h *= 1099511628211ull;
		}
	}
	return h;
}

/* The damage of a large panel: the tiles whose hash changed.  The new
   hashes wait in tiles_new until the frame is shown. */
static struct rect tiles_damage(struct output *o)
{
	int w = o->common.width, h = o->common.height, tx, ty, i = 0;
	struct rect d = { 0, 0, 0, 0 }, t;

	for (ty = 0; ty < h; ty += OUTPUT_TILE) {
		for (tx = 0; tx < w; tx += OUTPUT_TILE, i++) {
			t = (struct rect){ tx, ty, OUTPUT_TILE, OUTPUT_TILE };
			if (t.x + t.w > w)
				t.w = w - t.x;
			if (t.y + t.h > h)
				t.h = h - t.y;
			o->tiles_new[i] = tile_hash(o->frame, t);
			if (o->tiles_new[i] != o->tiles[i])
				d = rect_union(d, t);
		}
	}
	return d;
}

int output_open(struct output *o, struct scene *scene, int64_t now,
		int retry_min_ms, int retry_max_ms)
{
	const struct panel_ops *ops = o->conf->ops;
	struct errbuf e = { "" };
	int idx;

	o->common = o->conf->common;
	o->state = ops->open(&o->common, o->conf->settings, &e);
	if (!o->state)
		goto fail;
	if (output_canvases(o, &e) < 0)
		goto fail_close;
	if (o->scene_index < 0) {
		idx = scene_add_panel(scene, &o->common, &e);
		if (idx < 0)
			goto fail_close;
		o->scene_index = idx;
	}
	o->bright_applied = o->common.brightness; /* opened at that */
	o->bright_due = now;
	if (o->error[0] || o->failures)
		log_notice("panel %s: working again", o->common.name);
	else
		log_info("panel %s: %s %dx%d %s", o->common.name, ops->type,
			 o->common.width, o->common.height,
			 panel_look_names[o->common.look]);
	o->error[0] = 0;
	o->retry_ms = 0;
	o->fresh = 1;
	o->shown_once = 0;
	o->due = now;
	return 0;
fail_close:
	output_close(o);
fail:
	if (!e.msg[0])
		snprintf(e.msg, sizeof(e.msg), "cannot open");
	output_failed(o, now, e.msg, retry_min_ms, retry_max_ms);
	return -1;
}

static int output_show(struct output *o, int64_t now, int retry_min_ms,
		       int retry_max_ms)
{
	struct rect all = { 0, 0, o->common.width, o->common.height };
	struct rect damage;
	struct errbuf e = { "" };

	if (o->shown)
		damage = canvas_diff(o->frame, o->shown);
	else
		damage = tiles_damage(o);
	if (o->fresh)
		damage = all;
	if (rect_empty(damage))
		return 0;
	if (o->conf->ops->show(o->state, o->frame, damage, &e) < 0) {
		output_close(o);
		if (!e.msg[0])
			snprintf(e.msg, sizeof(e.msg), "show failed");
		output_failed(o, now, e.msg, retry_min_ms, retry_max_ms);
		return 0;
	}
	if (o->shown) {
		canvas_copy(o->shown, o->frame);
	} else {
		uint64_t *t = o->tiles;

		o->tiles = o->tiles_new;
		o->tiles_new = t;
	}
	o->fresh = 0;
	o->shown_once = 1;
	o->frames++;
	return 1;
}

/* Follows the scene's brightness (night dimming) or the operator's. */
static void output_light(struct output *o, struct scene *scene,
			 const struct scene_clock *clk)
{
	const struct panel_ops *ops = o->conf->ops;
	int64_t next = SCENE_NEVER;
	int want;

	if (!ops->set_brightness || clk->mono_ms < o->bright_due) {
		if (!ops->set_brightness)
			o->bright_due = SCENE_NEVER;
		return;
	}
	want = o->brightness;
	if (!want)
		want = scene_brightness(scene, o->scene_index, clk, &next);
	o->bright_due = next;
	if (want < 1 || want > 100 || want == o->bright_applied)
		return;
	if (ops->set_brightness(o->state, want) < 0) {
		log_warn("panel %s: brightness %d%%", o->common.name, want);
		return;
	}
	log_info("panel %s: brightness %d%%", o->common.name, want);
	o->bright_applied = want;
	o->fresh = 1; /* a simulated panel redraws at the new level */
	o->due = clk->mono_ms;
}

int output_update(struct output *o, struct scene *scene,
		  const struct scene_clock *clk, int retry_min_ms,
		  int retry_max_ms)
{
	int64_t now = clk->mono_ms, next = SCENE_NEVER;
	int r;

	if (!o->state) {
		if (now >= o->retry_at)
			output_open(o, scene, now, retry_min_ms, retry_max_ms);
		if (!o->state)
			return 0;
	}
	output_light(o, scene, clk);
	if (o->due > now)
		return 0;
	r = scene_render(scene, o->scene_index, clk, o->frame, &next);
	if (r < 0) {
		log_errx("panel %s: the scene could not draw it; trying again in 1 s",
			 o->common.name);
		o->due = now + 1000;
		return 0;
	}
	if (next != SCENE_NEVER && next < now + OUTPUT_MIN_FRAME_MS)
		next = now + OUTPUT_MIN_FRAME_MS;
	o->due = next;
	if (r == 1)
		o->has_frame = 1;
	if (!o->has_frame || (r == 0 && !o->fresh))
		return 0;
	return output_show(o, now, retry_min_ms, retry_max_ms);
}

void output_poke(struct output *o, int64_t now)
{
	if (o->due > now)
		o->due = now;
}

int64_t output_next(const struct output *o)
{
	if (!o->state)
		return o->retry_at;
	return o->due < o->bright_due ? o->due : o->bright_due;
}

int output_settled(const struct output *o)
{
	return !o->state || o->shown_once;
}

void output_status(const struct output *o, struct panel_status *st)
{
	memset(st, 0, sizeof(*st));
	if (o->state) {
		o->conf->ops->status(o->state, st);
		st->ok = st->ok && o->shown_once;
	} else {
		snprintf(st->detail, sizeof(st->detail), "%.127s",
			 o->error[0] ? o->error : "closed");
	}
	st->frames = o->frames;
}

int output_brightness(struct output *o, int percent, struct errbuf *e)
{
	const struct panel_ops *ops = o->conf->ops;

	if (!ops->set_brightness) {
		errbuf_set(e, "panel %s: %s panels have no brightness control",
			   o->common.name, ops->type);
		errno = ENOTSUP;
		return -1;
	}
	o->brightness = percent;
	o->bright_due = 0;
	return 0;
}

int output_snapshot(const struct output *o, const char *dir, struct errbuf *e)
{
	char path[512];

	if (!o->state || !o->shown_once) {
		errbuf_set(e, "panel %s: shows nothing (%s)", o->common.name,
			   o->error[0] ? o->error : "no frame yet");
		return -1;
	}
	if ((size_t)snprintf(path, sizeof(path), "%s/%s.png", dir,
			     o->common.name) >= sizeof(path)) {
		errno = ENAMETOOLONG;
		errbuf_errno(e, "%s", dir);
		return -1;
	}
	return pngio_save(o->frame, path, e);
}
