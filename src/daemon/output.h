/*
 * output: one panel as the daemon drives it.
 *
 * Wraps a backend (panel_ops) with what the loop needs: the canvas the
 * scene draws into, a copy of what the device shows (to compute the
 * damage rectangle), the deadline of the next frame, and the retry state
 * of a device that is missing or failed.  A failing output never stops the
 * others: it is closed, logged with the backend's reason, and reopened
 * after a back-off that doubles from retry_min up to retry_max.
 */
#ifndef PIDS_OUTPUT_H
#define PIDS_OUTPUT_H

#include <stdint.h>

#include "daemon/config.h"
#include "panel/panel.h"
#include "render/canvas.h"
#include "scene/scene.h"
#include "util/errbuf.h"

/* The shortest time between two frames of one panel (100 Hz), whatever the
   scene asks: a guard against a busy loop. */
#define OUTPUT_MIN_FRAME_MS 10

/*
 * Damage.  Panels of up to OUTPUT_COPY_MAX pixels (every LED sign) keep a
 * copy of what they show and diff against it (canvas_diff): exact.  Larger
 * ones (LCDs: a 1920x540 copy would cost 4 MB) keep a 64-bit hash per
 * OUTPUT_TILE x OUTPUT_TILE tile instead, and the damage is the bounding
 * box of the tiles whose hash changed: a little larger than exact, and
 * wrong only on a hash collision (one in 2^64 per changed tile).
 */
#define OUTPUT_COPY_MAX (256 * 256)
#define OUTPUT_TILE 32

struct output {
	const struct panel_conf *conf; /* borrowed from the config in use */
	struct panel_common common;    /* as opened (the device may set the
					  size) */
	void *state;                   /* backend state; NULL while closed */
	struct canvas *frame;          /* what the scene drew last; once
					  shown, what the device shows */
	struct canvas *shown;          /* small panels: copy of the shown */
	uint64_t *tiles;               /* large panels: hashes of the shown */
	uint64_t *tiles_new;           /* ...and of @frame, until shown */
	int scene_index;               /* -1 until the scene has it */
	int64_t due;                   /* next render; SCENE_NEVER: on change */
	int64_t retry_at;              /* next open while closed */
	int retry_ms;                  /* current back-off, 0 = none yet */
	int has_frame;                 /* @frame holds a drawn image */
	int fresh;                     /* opened, nothing shown yet */
	int shown_once;                /* showed a frame since opened */
	int brightness;                /* set by pidsctl; 0 = the scene's
					  (config scaled by day/night) */
	int bright_applied;            /* percent the device runs at */
	int64_t bright_due;            /* next brightness check */
	unsigned long frames;          /* frames shown since start */
	unsigned long failures;        /* opens or shows that failed */
	char error[ERRBUF_LEN];        /* last failure, "" when fine */
};

/* A closed output for @pc, due to open at once.  NULL on ENOMEM. */
struct output *output_create(const struct panel_conf *pc);
/* Closes the device (LED: blanked) and frees.  Accepts NULL. */
void output_destroy(struct output *o);

/* Opens the device and makes sure @scene has the panel.  On failure logs
   the reason, schedules a retry (@retry_min_ms doubling to @retry_max_ms)
   and returns -1. */
int output_open(struct output *o, struct scene *scene, int64_t now,
		int retry_min_ms, int retry_max_ms);
/* Closes the device, keeping the canvases (so a reopen shows the last
   frame at once). */
void output_close(struct output *o);

/* If due at @clk, renders the panel and shows the frame if it changed
   (or if the device was just opened).  A failed show closes the output
   and schedules a retry.  Returns 1 if a frame was shown. */
int output_update(struct output *o, struct scene *scene,
		  const struct scene_clock *clk, int retry_min_ms,
		  int retry_max_ms);

/* The trip, a message or the content changed: render at @now. */
void output_poke(struct output *o, int64_t now);

/* When output_update() or output_open() is next due (SCENE_NEVER); the
   brightness schedule included. */
int64_t output_next(const struct output *o);

/* 1 if the device is open and has shown its first frame, or is closed
   (a failed panel does not hold up readiness). */
int output_settled(const struct output *o);

void output_status(const struct output *o, struct panel_status *st);

/* Holds the brightness at @percent (1..100), also after a reopen, or with
   0 gives it back to the scene (the config's level, dimmed at night by the
   theme).  Applied at the next output_update().  -1 with a reason if the
   backend has no brightness control. */
int output_brightness(struct output *o, int percent, struct errbuf *e);

/* Writes what the device shows now to @dir/<name>.png.  -1 with a reason
   (e.g. a panel that is closed or has not shown anything yet). */
int output_snapshot(const struct output *o, const char *dir, struct errbuf *e);

#endif
