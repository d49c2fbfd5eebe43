/* commands: see commands.h. */
#include "daemon/commands.h"

#include <jansson.h>
#include <string.h>

#include "daemon/loop.h"
#include "util/log.h"

static const struct content_stop *stop_at(const struct content_route *r,
					  int dir, int i)
{
	return r ? content_route_stop(r, dir, i) : NULL;
}

static json_t *json_str(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *trip_json(struct loop *l)
{
	const struct trip_state *t = scene_trip(l->scene);
	const struct content_route *r = loop_route(l);
	const struct content_stop *cur = stop_at(r, t->direction, t->stop);
	const struct content_stop *next = stop_at(r, t->direction, t->stop + 1);
	int phase = t->phase >= 0 && t->phase <= 2 ? t->phase : 0;

	return json_pack("{s:s, s:i, s:o, s:o, s:i, s:i, s:s, s:o, s:o, s:o, s:o, s:b, s:b}",
			 "route", t->route, "direction", t->direction,
			 "destination", json_str(r ? r->dest[t->direction] : NULL),
			 "destination_en",
			 json_str(r ? r->dest_en[t->direction] : NULL),
			 "stop", t->stop, "stops", r ? r->nstops : 0,
			 "phase", request_phase_words[phase],
			 "stop_name", json_str(cur ? cur->zh : NULL),
			 "stop_name_en", json_str(cur ? cur->en : NULL),
			 "next_stop", json_str(next ? next->zh : NULL),
			 "next_stop_en", json_str(next ? next->en : NULL),
			 "doors_open", t->doors_open,
			 "stop_requested", t->stop_requested);
}

static json_t *panels_json(struct loop *l)
{
	json_t *a = json_array();
	struct panel_status st;
	int i;

	for (i = 0; i < l->nout; i++) {
		const struct output *o = l->out[i];
		json_t *p;

		output_status(o, &st);
		p = json_pack("{s:s, s:s, s:s, s:s, s:i, s:i, s:b, s:f, s:I, s:I, s:s, s:I}",
			      "name", o->common.name,
			      "role", panel_role_names[o->common.role],
			      "type", o->conf->ops->type,
			      "look", panel_look_names[o->common.look],
			      "width", o->common.width,
			      "height", o->common.height, "ok", st.ok,
			      "refresh_hz", st.refresh_hz,
			      "underruns", (json_int_t)st.underruns,
			      "frames", (json_int_t)st.frames,
			      "detail", st.detail,
			      "failures", (json_int_t)o->failures);
		if (p && !o->state)
			json_object_set_new(
				p, "retry_in_ms",
				json_integer(o->retry_at - loop_now()));
		json_array_append_new(a, p);
	}
	return a;
}

static json_t *message_json(struct loop *l)
{
	if (!l->msg.active)
		return json_null();
	return json_pack("{s:s, s:s, s:o}", "text", l->msg.text, "priority",
			 l->msg.priority == MSG_URGENT ? "urgent" : "info",
			 "expires_in_ms",
			 l->msg.expires == SCENE_NEVER
				 ? json_null()
				 : json_integer(l->msg.expires - loop_now()));
}

static void status(struct loop *l, struct control_reply *r)
{
	char desc[256];
	json_t *root;
	char *s;

	scene_describe(l->scene, desc, sizeof(desc));
	root = json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:b, s:I, s:I, s:I, s:o}",
			 "vehicle", l->cfg->vehicle.id,
			 "content_version", content_version(l->content),
			 "describe", desc, "trip", trip_json(l),
			 "message", message_json(l),
			 "simulate", l->sim.speed > 0 ? json_real(l->sim.speed)
						      : json_null(),
			 "panels", panels_json(l), "ready", l->ready,
			 "uptime_ms", (json_int_t)(loop_now() - l->started),
			 "reloads", (json_int_t)l->reloads,
			 "reload_failures", (json_int_t)l->reload_failures,
			 "reload_error",
			 l->reload_error[0] ? json_string(l->reload_error)
					    : json_null());
	s = root ? json_dumps(root, JSON_COMPACT) : NULL;
	if (s)
		control_printf(r, "OK %s", s);
	else
		control_printf(r, "ERR cannot build the status");
	free(s);
	json_decref(root);
}

static void reply_trip(struct loop *l, struct control_reply *r,
		       const struct trip_state *t)
{
	struct errbuf e;
	char desc[256];

	if (loop_set_trip(l, t, &e) < 0) {
		control_printf(r, "ERR %s", e.msg);
		return;
	}
	scene_describe(l->scene, desc, sizeof(desc));
	control_printf(r, "OK %s", desc);
}

static void cmd_trip(struct loop *l, const struct command *c,
		     struct control_reply *r)
{
	struct trip_state t;

	memset(&t, 0, sizeof(t));
	snprintf(t.route, sizeof(t.route), "%s", c->route);
	t.direction = c->direction;
	t.stop = c->stop;
	t.phase = TRIP_AT_STOP;
	reply_trip(l, r, &t);
}

static void cmd_stop(struct loop *l, const struct command *c,
		     struct control_reply *r)
{
	struct trip_state t = *scene_trip(l->scene);
	const struct content_route *rt = loop_route(l);
	int n = rt ? rt->nstops : 0;

	if (c->stop_how == STOP_NEXT)
		t.stop++;
	else if (c->stop_how == STOP_PREV)
		t.stop--;
	else
		t.stop = c->stop;
	if (t.stop < 0 || t.stop >= n) {
		control_printf(r, "ERR stop: %s direction %d has stops 0 to %d",
			       t.route, t.direction, n - 1);
		return;
	}
	t.phase = TRIP_AT_STOP;
	t.doors_open = 0;
	t.stop_requested = 0;
	reply_trip(l, r, &t);
}

static void cmd_phase(struct loop *l, const struct command *c,
		      struct control_reply *r)
{
	struct trip_state t = *scene_trip(l->scene);
	const struct content_route *rt = loop_route(l);

	if (c->phase != TRIP_AT_STOP && (!rt || t.stop + 1 >= rt->nstops)) {
		control_printf(r, "ERR phase: stop %d is the terminal, there is no next stop",
			       t.stop);
		return;
	}
	t.phase = c->phase;
	if (c->phase != TRIP_AT_STOP)
		t.doors_open = 0;
	reply_trip(l, r, &t);
}

static void cmd_flag(struct loop *l, const struct command *c,
		     struct control_reply *r)
{
	struct trip_state t = *scene_trip(l->scene);

	if (c->op == CTL_DOORS)
		t.doors_open = c->on;
	else
		t.stop_requested = c->on;
	reply_trip(l, r, &t);
}

static void cmd_message(struct loop *l, const struct command *c,
			struct control_reply *r)
{
	struct errbuf e;

	if (loop_message(l, c->clear ? "" : c->text, c->priority, c->for_ms,
			 &e) < 0)
		control_printf(r, "ERR %s", e.msg);
	else
		control_printf(r, "OK");
}

static void cmd_brightness(struct loop *l, const struct command *c,
			   struct control_reply *r)
{
	int all = strcmp(c->panel, "all") == 0, i, n = 0;
	struct errbuf e;

	for (i = 0; i < l->nout; i++) {
		if (!all && strcmp(l->out[i]->common.name, c->panel) != 0)
			continue;
		if (output_brightness(l->out[i], c->percent, &e) < 0) {
			if (!all) {
				control_printf(r, "ERR %s", e.msg);
				return;
			}
			continue;
		}
		n++;
	}
	if (!all && n == 0)
		control_printf(r, "ERR no panel named '%s'", c->panel);
	else if (c->percent)
		control_printf(r, "OK %d panels at %d%%", n, c->percent);
	else
		control_printf(r, "OK %d panels follow the theme", n);
}

static void cmd_reload(struct loop *l, struct control_reply *r)
{
	struct errbuf e;

	log_notice("reload requested on the control socket");
	if (loop_reload(l, &e) < 0) {
		log_errx("reload failed, still showing content %s: %s",
			 content_version(l->content), e.msg);
		control_printf(r, "ERR reload failed, still showing content %s: %s",
			       content_version(l->content), e.msg);
		return;
	}
	control_printf(r, "OK content %s", content_version(l->content));
}

static void cmd_snapshot(struct loop *l, const struct command *c,
			 struct control_reply *r)
{
	char first[ERRBUF_LEN] = "";
	struct errbuf e;
	int i, n = 0;

	for (i = 0; i < l->nout; i++) {
		if (output_snapshot(l->out[i], c->dir, &e) == 0)
			n++;
		else if (!first[0])
			memcpy(first, e.msg, sizeof(first));
	}
	if (n < l->nout)
		control_printf(r, "ERR wrote %d of %d panels: %s", n, l->nout,
			       first);
	else
		control_printf(r, "OK wrote %d panels to %s", n, c->dir);
}

void commands_handle(void *arg, const struct request *req,
		     struct control_reply *r)
{
	struct loop *l = arg;
	struct command c;
	struct errbuf e;

	if (request_parse(req, &c, &e) < 0) {
		control_printf(r, "ERR %s", e.msg);
		return;
	}
	switch (c.op) {
	case CTL_STATUS:
		status(l, r);
		break;
	case CTL_TRIP:
		cmd_trip(l, &c, r);
		break;
	case CTL_STOP:
		cmd_stop(l, &c, r);
		break;
	case CTL_PHASE:
		cmd_phase(l, &c, r);
		break;
	case CTL_DOORS:
	case CTL_REQUEST:
		cmd_flag(l, &c, r);
		break;
	case CTL_MESSAGE:
		cmd_message(l, &c, r);
		break;
	case CTL_BRIGHTNESS:
		cmd_brightness(l, &c, r);
		break;
	case CTL_RELOAD:
		cmd_reload(l, r);
		break;
	case CTL_SNAPSHOT:
		cmd_snapshot(l, &c, r);
		break;
	case CTL_HELP:
		control_printf(r, "OK %s", request_help);
		break;
	}
}
