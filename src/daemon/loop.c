/*
 * loop: see loop.h.
 *
 * One turn of the loop: do everything that is due (message expiry, the
 * simulated trip, panel retries and frames, the watchdog ping, readiness
 * and STATUS=), arm the timer to the earliest next deadline, and sleep in
 * poll() until the timer, a signal or the control socket wakes us.
 */
#define _GNU_SOURCE
#include "daemon/loop.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "daemon/commands.h"
#include "daemon/notify.h"
#include "util/log.h"

int64_t loop_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void report_log(void *arg, const char *msg)
{
	(void)arg;
	log_errx("%s", msg);
}

static void tz_apply(const char *tz)
{
	setenv("TZ", tz, 1);
	tzset();
}

const struct content_route *loop_route(const struct loop *l)
{
	return content_route_find(l->content, scene_trip(l->scene)->route);
}

static int route_stops(const struct loop *l)
{
	const struct content_route *r = loop_route(l);

	return r ? r->nstops : 0;
}

void loop_poke(struct loop *l)
{
	int64_t now = loop_now();
	int i;

	for (i = 0; i < l->nout; i++)
		output_poke(l->out[i], now);
}

int loop_set_trip(struct loop *l, const struct trip_state *t,
		  struct errbuf *e)
{
	if (scene_set_trip(l->scene, t, e) < 0)
		return -1;
	simtrip_reset(&l->sim, scene_trip(l->scene), route_stops(l),
		      loop_now());
	loop_poke(l);
	return 0;
}

int loop_message(struct loop *l, const char *text, int priority,
		 int64_t for_ms, struct errbuf *e)
{
	int64_t expires = for_ms > 0 ? loop_now() + for_ms : SCENE_NEVER;

	if (scene_message(l->scene, text, priority, expires, e) < 0)
		return -1;
	l->msg.active = *text != 0;
	snprintf(l->msg.text, sizeof(l->msg.text), "%s", text);
	l->msg.priority = priority;
	l->msg.expires = expires;
	loop_poke(l);
	return 0;
}

/* The trip the config asks for at start; the scene's own if it cannot. */
static void trip_default(struct loop *l)
{
	struct trip_state t = *scene_trip(l->scene);
	struct errbuf e;

	snprintf(t.route, sizeof(t.route), "%s", l->cfg->vehicle.route);
	t.direction = l->cfg->vehicle.direction;
	t.stop = 0;
	t.phase = TRIP_AT_STOP;
	t.doors_open = 0;
	t.stop_requested = 0;
	if (scene_set_trip(l->scene, &t, &e) < 0)
		log_warnx("route %s from %s: %s; showing %s",
			  l->cfg->vehicle.route, l->cfg->path, e.msg,
			  scene_trip(l->scene)->route);
}

static int signals_open(struct loop *l, struct errbuf *e)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	/* Blocked before any panel starts a thread, so threads inherit it. */
	if (sigprocmask(SIG_BLOCK, &set, NULL) < 0) {
		errbuf_errno(e, "sigprocmask");
		return -1;
	}
	signal(SIGPIPE, SIG_IGN);
	l->sfd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	if (l->sfd < 0) {
		errbuf_errno(e, "signalfd");
		return -1;
	}
	l->tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	if (l->tfd < 0) {
		errbuf_errno(e, "timerfd_create");
		return -1;
	}
	return 0;
}

static void outputs_open(struct loop *l, int64_t now)
{
	int i;

	for (i = 0; i < l->nout; i++)
		if (!l->out[i]->state)
			output_open(l->out[i], l->scene, now,
				    l->cfg->vehicle.retry_min_ms,
				    l->cfg->vehicle.retry_max_ms);
}

struct loop *loop_create(const struct loop_opts *o, struct errbuf *e)
{
	struct loop *l = calloc(1, sizeof(*l));
	int64_t now;
	int i;

	if (!l) {
		errbuf_errno(e, "pidsd");
		return NULL;
	}
	l->sfd = l->tfd = -1;
	l->started = loop_now();
	if (signals_open(l, e) < 0)
		goto fail;
	l->cfg = config_load(o->config_path, report_log, NULL, e);
	if (!l->cfg)
		goto fail;
	tz_apply(l->cfg->vehicle.timezone);
	l->ctl = control_create(l->cfg->vehicle.control_socket,
				l->cfg->vehicle.control_group, commands_handle,
				l, e);
	if (!l->ctl)
		goto fail;
	l->content = content_load_fonts(l->cfg->vehicle.content_dir,
					 l->cfg->vehicle.fonts_dir, e);
	if (!l->content)
		goto fail;
	l->scene = scene_create(l->content, l->cfg->vehicle.fonts_dir, e);
	if (!l->scene)
		goto fail;
	trip_default(l);
	for (i = 0; i < l->cfg->npanels; i++) {
		l->out[i] = output_create(&l->cfg->panels[i]);
		if (!l->out[i]) {
			errbuf_errno(e, "panel %s", l->cfg->panels[i].common.name);
			goto fail;
		}
		l->nout++;
	}
	now = loop_now();
	outputs_open(l, now);
	if (o->simulate_speed > 0)
		simtrip_start(&l->sim, o->simulate_speed, scene_trip(l->scene),
			      route_stops(l), now);
	l->wd_ms = notify_watchdog_ms();
	l->wd_next = now + l->wd_ms;
	log_info("vehicle %s: content %s from %s, %d panels%s",
		 l->cfg->vehicle.id, content_version(l->content),
		 l->cfg->vehicle.content_dir, l->nout,
		 l->sim.speed > 0 ? ", simulated trip" : "");
	return l;
fail:
	loop_destroy(l);
	return NULL;
}

void loop_destroy(struct loop *l)
{
	int i;

	if (!l)
		return;
	for (i = 0; i < l->nout; i++)
		output_destroy(l->out[i]);
	scene_destroy(l->scene);
	content_destroy(l->content);
	control_destroy(l->ctl);
	config_destroy(l->cfg);
	if (l->sfd >= 0)
		close(l->sfd);
	if (l->tfd >= 0)
		close(l->tfd);
	free(l);
}

/* "T45 → 北关, next 张家湾 (3/12); content 2024.1; panels 4/4 ok" */
static void status_line(struct loop *l, char *buf, size_t len)
{
	char desc[256];
	int i, ok = 0;

	scene_describe(l->scene, desc, sizeof(desc));
	for (i = 0; i < l->nout; i++)
		ok += l->out[i]->state && l->out[i]->shown_once;
	snprintf(buf, len, "%s; content %s; panels %d/%d ok%s", desc,
		 content_version(l->content), ok, l->nout,
		 l->msg.active ? "; message shown" : "");
}

static void loop_notify(struct loop *l)
{
	char status[sizeof(l->status)];
	int i;

	if (!l->ready) {
		for (i = 0; i < l->nout; i++)
			if (!output_settled(l->out[i]))
				return;
		status_line(l, l->status, sizeof(l->status));
		notify_ready(l->status);
		l->ready = 1;
		log_info("ready: %s (%.3f s after start)", l->status,
			 (loop_now() - l->started) / 1000.0);
		return;
	}
	status_line(l, status, sizeof(status));
	if (strcmp(status, l->status) != 0) {
		memcpy(l->status, status, sizeof(status));
		notify_status(status);
	}
}

/* Runs everything due at @now. */
static void loop_due(struct loop *l, int64_t now)
{
	struct scene_clock clk = { .mono_ms = now, .wall = time(NULL) };
	struct trip_state t;
	struct errbuf e;
	int i;

	if (l->msg.active && l->msg.expires <= now) {
		l->msg.active = 0;
		scene_message(l->scene, "", MSG_INFO, SCENE_NEVER, NULL);
		loop_poke(l);
	}
	t = *scene_trip(l->scene);
	if (simtrip_step(&l->sim, &t, route_stops(l), now)) {
		if (scene_set_trip(l->scene, &t, &e) < 0)
			log_warnx("simulated trip: %s", e.msg);
		loop_poke(l);
	}
	for (i = 0; i < l->nout; i++)
		output_update(l->out[i], l->scene, &clk,
			      l->cfg->vehicle.retry_min_ms,
			      l->cfg->vehicle.retry_max_ms);
	if (l->wd_ms && now >= l->wd_next) {
		notify_watchdog();
		l->wd_next = now + l->wd_ms;
	}
	loop_notify(l);
}

static int64_t loop_next(const struct loop *l)
{
	int64_t next = simtrip_next(&l->sim), t;
	int i;

	for (i = 0; i < l->nout; i++)
		if ((t = output_next(l->out[i])) < next)
			next = t;
	if (l->msg.active && l->msg.expires < next)
		next = l->msg.expires;
	if (l->wd_ms && l->wd_next < next)
		next = l->wd_next;
	return next;
}

static void timer_arm(int tfd, int64_t at)
{
	struct itimerspec its = { { 0, 0 }, { 0, 0 } };

	if (at != INT64_MAX) {
		its.it_value.tv_sec = at / 1000;
		its.it_value.tv_nsec = at % 1000 * 1000000;
		if (!its.it_value.tv_sec && !its.it_value.tv_nsec)
			its.it_value.tv_nsec = 1; /* 0 would disarm */
	}
	if (timerfd_settime(tfd, TFD_TIMER_ABSTIME, &its, NULL) < 0)
		log_err("timerfd_settime");
}

static void loop_signals(struct loop *l)
{
	struct signalfd_siginfo si;
	struct errbuf e;

	while (read(l->sfd, &si, sizeof(si)) == sizeof(si)) {
		switch (si.ssi_signo) {
		case SIGHUP:
			log_notice("SIGHUP: reloading %s", l->cfg->path);
			if (loop_reload(l, &e) < 0)
				log_errx("reload failed, still showing content %s: %s",
					 content_version(l->content), e.msg);
			break;
		case SIGTERM:
		case SIGINT:
			log_notice("%s: stopping",
				   si.ssi_signo == SIGTERM ? "SIGTERM" : "SIGINT");
			l->quit = 1;
			break;
		}
	}
}

int loop_run(struct loop *l)
{
	struct pollfd fds[2 + CONTROL_MAX_CLIENTS + 1];
	uint64_t ticks;
	int64_t next;
	int n;

	while (!l->quit) {
		loop_due(l, loop_now());
		next = loop_next(l);
		timer_arm(l->tfd, next);
		fds[0] = (struct pollfd){ .fd = l->sfd, .events = POLLIN };
		fds[1] = (struct pollfd){ .fd = l->tfd, .events = POLLIN };
		n = 2 + control_pollfds(l->ctl, fds + 2,
					CONTROL_MAX_CLIENTS + 1);
		if (poll(fds, n, next <= loop_now() ? 0 : -1) < 0) {
			if (errno == EINTR)
				continue;
			log_err("poll");
			return -1;
		}
		if (fds[1].revents & POLLIN)
			(void)!read(l->tfd, &ticks, sizeof(ticks));
		control_dispatch(l->ctl, fds + 2, n - 2);
		if (fds[0].revents & POLLIN)
			loop_signals(l);
	}
	notify_stopping();
	return 0;
}

/* Index in @l->out of an open-or-closed output configured exactly like
   @pc, or -1. */
static int output_match(const struct loop *l, const struct panel_conf *pc)
{
	int j;

	for (j = 0; j < l->nout; j++)
		if (l->out[j] && config_panel_same(pc, l->out[j]->conf))
			return j;
	return -1;
}

/* After a new scene: the trip and the message carry over. */
static void scene_carry(struct loop *l, const struct trip_state *t)
{
	struct errbuf e;

	if (scene_set_trip(l->scene, t, &e) < 0) {
		log_notice("trip %s after reload: %s", t->route, e.msg);
		trip_default(l);
	}
	if (l->msg.active)
		scene_message(l->scene, l->msg.text, l->msg.priority,
			      l->msg.expires, NULL);
}

/* Switches @l to @cfg, @ct and (if not NULL) @sc; @keep[i] is the output
   kept for new panel i (or -1), @idx its index in @sc. */
static void reload_commit(struct loop *l, struct config *cfg,
			  struct content *ct, struct scene *sc,
			  const int *keep, const int *idx)
{
	struct output *out[CONFIG_MAX_PANELS] = { NULL };
	struct trip_state trip = *scene_trip(l->scene);
	int used[CONFIG_MAX_PANELS] = { 0 }, i, n = 0;

	for (i = 0; i < cfg->npanels; i++)
		if (keep[i] >= 0)
			used[keep[i]] = 1;
	for (i = 0; i < l->nout; i++)
		if (!used[i])
			output_destroy(l->out[i]); /* before a new one opens
						      the same device */
	for (i = 0; i < cfg->npanels; i++) {
		struct output *o = keep[i] >= 0
					   ? l->out[keep[i]]
					   : output_create(&cfg->panels[i]);

		if (!o) {
			log_err("panel %s", cfg->panels[i].common.name);
			continue;
		}
		o->conf = &cfg->panels[i];
		if (sc && keep[i] >= 0)
			o->scene_index = idx[i];
		out[n++] = o;
	}
	if (sc) {
		scene_destroy(l->scene);
		l->scene = sc;
	} else {
		scene_set_content(l->scene, ct);
	}
	content_destroy(l->content);
	l->content = ct;
	if (strcmp(cfg->vehicle.timezone, l->cfg->vehicle.timezone) != 0)
		tz_apply(cfg->vehicle.timezone);
	if (strcmp(cfg->vehicle.control_socket,
		   l->cfg->vehicle.control_socket) ||
	    strcmp(cfg->vehicle.control_group, l->cfg->vehicle.control_group))
		log_notice("control_socket and control_group take effect at the next start");
	config_destroy(l->cfg);
	l->cfg = cfg;
	memcpy(l->out, out, sizeof(out));
	l->nout = n;
	if (sc)
		scene_carry(l, &trip);
	outputs_open(l, loop_now());
	simtrip_reset(&l->sim, scene_trip(l->scene), route_stops(l),
		      loop_now());
}

int loop_reload(struct loop *l, struct errbuf *e)
{
	int keep[CONFIG_MAX_PANELS], idx[CONFIG_MAX_PANELS], i, same;
	struct scene *sc = NULL;
	struct content *ct;
	struct config *cfg;

	notify_reloading();
	l->reloads++;
	cfg = config_load(l->cfg->path, report_log, NULL, e);
	if (!cfg)
		goto fail;
	ct = content_load_fonts(cfg->vehicle.content_dir,
				cfg->vehicle.fonts_dir, e);
	if (!ct)
		goto fail_content;
	same = cfg->npanels == l->nout &&
	       strcmp(cfg->vehicle.fonts_dir, l->cfg->vehicle.fonts_dir) == 0;
	for (i = 0; i < cfg->npanels; i++) {
		keep[i] = output_match(l, &cfg->panels[i]);
		idx[i] = -1;
		same = same && keep[i] >= 0;
	}
	if (!same) {
		sc = scene_create(ct, cfg->vehicle.fonts_dir, e);
		if (!sc)
			goto fail_scene;
		for (i = 0; i < cfg->npanels; i++) {
			struct output *o = keep[i] < 0 ? NULL : l->out[keep[i]];

			if (!o || o->scene_index < 0)
				continue;
			idx[i] = scene_add_panel(sc, &o->common, e);
			if (idx[i] < 0)
				goto fail_panel;
		}
	}
	reload_commit(l, cfg, ct, sc, keep, idx);
	loop_poke(l);
	l->reload_error[0] = 0;
	status_line(l, l->status, sizeof(l->status));
	notify_ready(l->status);
	log_notice("reloaded: content %s, %d panels%s",
		   content_version(l->content), l->nout,
		   sc ? "" : " (scene kept)");
	return 0;
fail_panel:
	scene_destroy(sc);
fail_scene:
	content_destroy(ct);
fail_content:
	config_destroy(cfg);
fail:
	l->reload_failures++;
	snprintf(l->reload_error, sizeof(l->reload_error), "%s", e->msg);
	notify_ready(l->status);
	return -1;
}
