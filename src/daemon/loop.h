/*
 * loop: the state of pidsd and its one poll() loop.
 *
 * The loop waits on a signalfd (SIGHUP: reload, SIGTERM/SIGINT: stop), a
 * timerfd armed (CLOCK_MONOTONIC, absolute) to the earliest deadline (a
 * panel's next frame, a panel's retry, the simulated trip, a message's
 * expiry, the watchdog), and the control socket with its clients.  When no
 * panel needs a new frame and nothing else is due, the timer is disarmed
 * and the process sleeps until a signal or a request.
 *
 * The struct is shared with commands.c, which carries out control
 * requests; nothing else touches it.
 */
#ifndef PIDS_LOOP_H
#define PIDS_LOOP_H

#include <stdint.h>

#include "content/content.h"
#include "daemon/config.h"
#include "daemon/control.h"
#include "daemon/output.h"
#include "daemon/request.h"
#include "daemon/simtrip.h"
#include "scene/scene.h"
#include "util/errbuf.h"

struct loop_opts {
	const char *config_path;
	double simulate_speed; /* 0 = no simulated trip */
};

/* The operator message, kept to put it back after a reload. */
struct loop_message {
	int active;
	char text[REQUEST_MAX_TEXT + 1];
	int priority;    /* enum message_priority */
	int64_t expires; /* monotonic ms; SCENE_NEVER = until cleared */
};

struct loop {
	struct config *cfg;
	struct content *content;
	struct scene *scene;
	struct output *out[CONFIG_MAX_PANELS];
	int nout;
	struct control *ctl;
	int sfd, tfd;            /* signalfd, timerfd */
	struct simtrip sim;
	struct loop_message msg;
	int64_t wd_ms, wd_next;  /* watchdog interval (0 = off), next ping */
	int ready;               /* READY=1 sent */
	char status[512];        /* last STATUS= sent */
	int quit;
	int64_t started;         /* monotonic ms */
	unsigned long reloads, reload_failures;
	char reload_error[ERRBUF_LEN];
};

/* Monotonic milliseconds. */
int64_t loop_now(void);

/* Reads the config, loads the content, opens the control socket and the
   panels (a panel that fails is retried later; it does not fail this).
   Blocks SIGHUP, SIGTERM and SIGINT for the signalfd.  NULL with a reason. */
struct loop *loop_create(const struct loop_opts *o, struct errbuf *e);
/* Closes the panels (LED signs blank) and the socket.  Accepts NULL. */
void loop_destroy(struct loop *l);

/* Runs until SIGTERM or SIGINT (returns 0) or a fatal error (-1). */
int loop_run(struct loop *l);

/* Rereads the config and the content; switches to them only if all of it
   loads, else keeps showing what it showed.  -1 with the reason. */
int loop_reload(struct loop *l, struct errbuf *e);

/* Something the panels show changed (trip, message): redraw now. */
void loop_poke(struct loop *l);

/* The route of the current trip in the content, or NULL. */
const struct content_route *loop_route(const struct loop *l);

/* Sets the trip (checked by the scene), restarts the simulated trip's
   phase clock and redraws.  -1 with a reason. */
int loop_set_trip(struct loop *l, const struct trip_state *t,
		  struct errbuf *e);

/* Sets or (with an empty @text) clears the operator message. */
int loop_message(struct loop *l, const char *text, int priority,
		 int64_t for_ms, struct errbuf *e);

#endif
