/*
 * config: see config.h.
 *
 * inih does the INI syntax; we feed it lines through our own reader so that
 * we know the line number of every key (Debian's libinih is built without
 * INI_HANDLER_LINENO), catch what inih would silently accept (a "[panel.x"
 * without "]" would put the following keys into the previous section) and
 * report every syntax error rather than only the first.
 *
 * Parsing collects each section's keys first and applies them afterwards,
 * because a panel's type decides which keys it has and "type" may come
 * last in its section.
 */
#include "daemon/config.h"

#include <ctype.h>
#include <errno.h>
#include <ini.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef PIDS_DATADIR
#define PIDS_DATADIR "/usr/share/pids"
#endif

#define V(field) offsetof(struct vehicle_conf, field)
#define VSIZE(field) sizeof(((struct vehicle_conf *)0)->field)
const struct cfg_key config_vehicle_keys[] = {
	{ .name = "id", .type = CFG_STR, .off = V(id), .size = VSIZE(id),
	  .def = "bus", .help = "vehicle number, shown by pidsctl status" },
	{ .name = "route", .type = CFG_STR, .off = V(route),
	  .size = VSIZE(route), .def = "T45",
	  .help = "route shown at start, until pidsctl trip sets one" },
	{ .name = "direction", .type = CFG_INT, .off = V(direction), .min = 0,
	  .max = 1, .def = "0", .help = "direction shown at start: 0 or 1" },
	{ .name = "timezone", .type = CFG_STR, .off = V(timezone),
	  .size = VSIZE(timezone), .def = "Asia/Shanghai",
	  .help = "time zone of the displayed clock (IANA name)" },
	{ .name = "content_dir", .type = CFG_STR, .off = V(content_dir),
	  .size = VSIZE(content_dir), .def = PIDS_DATADIR "/content",
	  .help = "content directory: routes, themes, slides (README)" },
	{ .name = "fonts_dir", .type = CFG_STR, .off = V(fonts_dir),
	  .size = VSIZE(fonts_dir), .def = PIDS_DATADIR "/fonts",
	  .help = "directory of the bundled fonts" },
	{ .name = "control_socket", .type = CFG_STR, .off = V(control_socket),
	  .size = VSIZE(control_socket), .def = "/run/pids/control",
	  .help = "unix socket of pidsctl (mode 0660)" },
	{ .name = "control_group", .type = CFG_STR, .off = V(control_group),
	  .size = VSIZE(control_group), .def = "pids",
	  .help = "group given the control socket if it exists; empty = ours" },
	{ .name = "retry_min", .type = CFG_MS, .off = V(retry_min_ms),
	  .min = 100, .max = 600000, .def = "1s",
	  .help = "first retry of a panel that failed" },
	{ .name = "retry_max", .type = CFG_MS, .off = V(retry_max_ms),
	  .min = 100, .max = 3600000, .def = "30s",
	  .help = "longest wait between retries (the wait doubles)" },
	{ .name = NULL },
};
#undef V
#undef VSIZE

enum section_kind { SEC_VEHICLE, SEC_PANEL };

struct entry {
	char *key, *value;
	int line;
};

struct section {
	enum section_kind kind;
	char name[32];
	int line;
	struct entry *v;
	size_t n, cap;
};

struct parse {
	const char *path;
	FILE *f;
	char *buf;
	size_t bufcap;
	int line;
	int skip; /* inside a bad section: its keys are ignored */
	int cur;  /* index of the current section, -1 before any */
	struct section *sec;
	size_t nsec, capsec;
	int nerr;
	int oom;
	config_report_fn *report;
	void *arg;
	char first[ERRBUF_LEN + 300];
};

static void perr(struct parse *p, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void perr(struct parse *p, int line, const char *fmt, ...)
{
	char msg[sizeof(p->first)];
	va_list ap;
	int n;

	if (line > 0)
		n = snprintf(msg, sizeof(msg), "%s:%d: ", p->path, line);
	else
		n = snprintf(msg, sizeof(msg), "%s: ", p->path);
	va_start(ap, fmt);
	vsnprintf(msg + n, sizeof(msg) - n, fmt, ap);
	va_end(ap);
	if (p->nerr++ == 0)
		memcpy(p->first, msg, sizeof(p->first));
	if (p->report)
		p->report(p->arg, msg);
}

static int name_valid(const char *s)
{
	if (!*s || strlen(s) >= 32)
		return 0;
	for (; *s; s++)
		if (!islower((unsigned char)*s) &&
		    !isdigit((unsigned char)*s) && *s != '-' && *s != '_')
			return 0;
	return 1;
}

static struct section *section_find(struct parse *p, enum section_kind k,
				    const char *name)
{
	size_t i;

	for (i = 0; i < p->nsec; i++)
		if (p->sec[i].kind == k && strcmp(p->sec[i].name, name) == 0)
			return &p->sec[i];
	return NULL;
}

static void section_begin(struct parse *p, const char *name)
{
	enum section_kind kind;
	const char *pname = "";
	struct section *s;

	p->skip = 1;
	if (strcmp(name, "vehicle") == 0) {
		kind = SEC_VEHICLE;
	} else if (strncmp(name, "panel.", 6) == 0) {
		kind = SEC_PANEL;
		pname = name + 6;
		if (!name_valid(pname)) {
			perr(p, p->line,
			     "[%s]: a panel name is 1 to 31 of a-z, 0-9, - and _",
			     name);
			return;
		}
	} else {
		perr(p, p->line,
		     "unknown section [%s] (expected [vehicle] or [panel.NAME])",
		     name);
		return;
	}
	s = section_find(p, kind, pname);
	if (s) {
		perr(p, p->line, "[%s] appears twice (first at line %d)", name,
		     s->line);
		return;
	}
	if (p->nsec == p->capsec) {
		size_t cap = p->capsec ? 2 * p->capsec : 8;
		struct section *n = realloc(p->sec, cap * sizeof(*n));

		if (!n) {
			p->oom = 1;
			return;
		}
		p->sec = n;
		p->capsec = cap;
	}
	s = &p->sec[p->nsec];
	memset(s, 0, sizeof(*s));
	s->kind = kind;
	snprintf(s->name, sizeof(s->name), "%s", pname);
	s->line = p->line;
	p->cur = p->nsec++;
	p->skip = 0;
}

/* Checks one line as inih will see it; returns 0 if inih may parse it. */
static int line_check(struct parse *p, char *s)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	if (!*s || *s == ';' || *s == '#')
		return 0;
	if (*s == '[') {
		end = strchr(s, ']');
		if (!end) {
			perr(p, p->line, "syntax error: '[' without ']'");
			p->skip = 1;
			return -1;
		}
		*end = 0;
		for (end++; isspace((unsigned char)*end); end++)
			;
		if (*end && *end != ';' && *end != '#') {
			perr(p, p->line, "syntax error: text after [%s]", s + 1);
			p->skip = 1;
			return -1;
		}
		section_begin(p, s + 1);
		return 0;
	}
	if (!strpbrk(s, "=:")) {
		perr(p, p->line, "syntax error: expected 'key = value'");
		return -1;
	}
	return 0;
}

/*
 * The inih reader: one line per call, like fgets().  Lines inih must not
 * see (bad syntax, too long, NUL bytes, control characters) are reported
 * here and replaced by an empty line.
 */
static char *config_reader(char *str, int num, void *stream)
{
	struct parse *p = stream;
	const char *s;
	ssize_t len;
	char *copy;

	len = getline(&p->buf, &p->bufcap, p->f);
	if (len < 0)
		return NULL;
	p->line++;
	if (strlen(p->buf) != (size_t)len) {
		perr(p, p->line, "NUL byte in line");
		goto blank;
	}
	if (len > 0 && p->buf[len - 1] == '\n')
		len--;
	if (len > 0 && p->buf[len - 1] == '\r')
		len--;
	p->buf[len] = 0;
	if (len + 2 >= num) {
		perr(p, p->line, "line too long (more than %d characters)",
		     num - 3);
		goto blank;
	}
	/* Nor control characters: they would end up in values, in errors
	   echoing them ("file:line: ..." must stay one line) and in logs. */
	for (s = p->buf; *s; s++) {
		if (((unsigned char)*s < 0x20 && *s != '\t') || *s == 0x7f) {
			perr(p, p->line, "control character 0x%02x in line",
			     (unsigned char)*s);
			goto blank;
		}
	}
	copy = strdup(p->buf);
	if (!copy) {
		p->oom = 1;
		goto blank;
	}
	len = line_check(p, copy);
	free(copy);
	if (len < 0)
		goto blank;
	snprintf(str, num, "%s\n", p->buf);
	return str;
blank:
	snprintf(str, num, "\n");
	return str;
}

static int config_handler(void *user, const char *section, const char *name,
			  const char *value)
{
	struct parse *p = user;
	struct section *s;
	struct entry *e;

	(void)section; /* we track sections ourselves, see line_check() */
	if (p->skip)
		return 1;
	if (p->cur < 0) {
		perr(p, p->line, "'%s' outside any section", name);
		return 1;
	}
	if (!*name) {
		perr(p, p->line, "syntax error: empty key");
		return 1;
	}
	s = &p->sec[p->cur];
	if (s->n == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 16;
		struct entry *n = realloc(s->v, cap * sizeof(*n));

		if (!n) {
			p->oom = 1;
			return 1;
		}
		s->v = n;
		s->cap = cap;
	}
	e = &s->v[s->n];
	e->key = strdup(name);
	e->value = strdup(value);
	e->line = p->line;
	if (!e->key || !e->value) {
		free(e->key);
		free(e->value);
		p->oom = 1;
		return 1;
	}
	s->n++;
	return 1;
}

/* 1 if @e's key was already given earlier in @s (and reports it). */
static int entry_dup(struct parse *p, const struct section *s,
		     const struct entry *e)
{
	const struct entry *o;

	for (o = s->v; o < e; o++) {
		if (strcmp(o->key, e->key) == 0) {
			perr(p, e->line, "'%s' set twice (first at line %d)",
			     e->key, o->line);
			return 1;
		}
	}
	return 0;
}

static void set_key(struct parse *p, const struct cfg_key *k, void *obj,
		    const struct entry *e)
{
	struct errbuf err;

	if (cfgtab_set(k, obj, e->value, &err) < 0)
		perr(p, e->line, "%s", err.msg);
}

static int timezone_known(const char *tz)
{
	char path[128];

	if (tz[0] == '/' || strstr(tz, ".."))
		return 0;
	if (access("/usr/share/zoneinfo", F_OK) < 0)
		return 1; /* no database to check against */
	snprintf(path, sizeof(path), "/usr/share/zoneinfo/%s", tz);
	return access(path, R_OK) == 0;
}

static void apply_vehicle(struct parse *p, const struct section *s,
			  struct vehicle_conf *v)
{
	const struct cfg_key *k;
	const struct entry *e;
	int before = p->nerr;

	/* s->v is NULL in a section without keys (NULL + 0 is UB). */
	for (e = s->v; e && e < s->v + s->n; e++) {
		if (entry_dup(p, s, e))
			continue;
		k = cfgtab_find(config_vehicle_keys, e->key);
		if (!k) {
			perr(p, e->line, "unknown key '%s' in [vehicle]",
			     e->key);
			continue;
		}
		set_key(p, k, v, e);
	}
	if (p->nerr > before)
		return;
	if (!timezone_known(v->timezone))
		perr(p, s->line, "[vehicle]: timezone: '%s' is not a known time zone",
		     v->timezone);
	if (v->retry_max_ms < v->retry_min_ms)
		perr(p, s->line, "[vehicle]: retry_max is below retry_min");
}

static const struct entry *entry_find(const struct section *s, const char *key)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->v[i].key, key) == 0)
			return &s->v[i];
	return NULL;
}

/* Reports required keys (no default) that @s does not set. */
static void check_required(struct parse *p, const struct section *s,
			   const struct cfg_key *tab)
{
	for (; tab->name; tab++)
		if (!tab->def && !entry_find(s, tab->name))
			perr(p, s->line, "[panel.%s]: missing key '%s'", s->name,
			     tab->name);
}

static void apply_panel(struct parse *p, const struct section *s,
			struct panel_conf *pc)
{
	const struct entry *e, *type = entry_find(s, "type");
	const struct cfg_key *k;
	struct errbuf err;
	int before = p->nerr;

	if (cfgtab_defaults(panel_common_keys, &pc->common, &err) < 0)
		perr(p, s->line, "[panel.%s]: %s", s->name, err.msg);
	snprintf(pc->common.name, sizeof(pc->common.name), "%s", s->name);
	pc->line = s->line;
	check_required(p, s, panel_common_keys);
	if (type && cfgtab_set(cfgtab_find(panel_common_keys, "type"),
			       &pc->common, type->value, &err) == 0) {
		pc->ops = panel_backends[pc->common.type];
		pc->settings = calloc(1, pc->ops->settings_size + 1);
		if (!pc->settings) {
			p->oom = 1;
			return;
		}
		if (cfgtab_defaults(pc->ops->keys, pc->settings, &err) < 0)
			perr(p, s->line, "[panel.%s]: %s", s->name, err.msg);
		check_required(p, s, pc->ops->keys);
	}
	for (e = s->v; e && e < s->v + s->n; e++) {
		if (entry_dup(p, s, e))
			continue;
		k = cfgtab_find(panel_common_keys, e->key);
		if (k) {
			set_key(p, k, &pc->common, e);
			continue;
		}
		if (!pc->ops)
			continue; /* unknown type: cannot judge its keys */
		k = cfgtab_find(pc->ops->keys, e->key);
		if (k)
			set_key(p, k, pc->settings, e);
		else
			perr(p, e->line, "unknown key '%s' for a panel of type %s",
			     e->key, pc->ops->type);
	}
	if (p->nerr > before || !pc->ops)
		return;
	if (panel_color_parse(pc->common.color, &(uint32_t){ 0 }) < 0) {
		e = entry_find(s, "color");
		perr(p, e ? e->line : s->line,
		     "color: '%s' is not amber, red, white, green, blue, yellow or #rrggbb",
		     pc->common.color);
		return;
	}
	if (pc->ops->validate &&
	    pc->ops->validate(&pc->common, pc->settings, &err) < 0)
		perr(p, s->line, "[panel.%s]: %s", s->name, err.msg);
}

static void apply(struct parse *p, struct config *c)
{
	struct errbuf err;
	size_t i;

	if (cfgtab_defaults(config_vehicle_keys, &c->vehicle, &err) < 0)
		perr(p, 0, "%s", err.msg);
	for (i = 0; i < p->nsec; i++) {
		struct section *s = &p->sec[i];

		if (s->kind == SEC_VEHICLE) {
			apply_vehicle(p, s, &c->vehicle);
			continue;
		}
		if (c->npanels == CONFIG_MAX_PANELS) {
			perr(p, s->line, "more than %d panels",
			     CONFIG_MAX_PANELS);
			continue;
		}
		apply_panel(p, s, &c->panels[c->npanels++]);
	}
	if (c->npanels == 0 && p->nerr == 0)
		perr(p, 0, "no [panel.NAME] section: nothing to drive");
}

static void parse_free(struct parse *p)
{
	size_t i, j;

	for (i = 0; i < p->nsec; i++) {
		for (j = 0; j < p->sec[i].n; j++) {
			free(p->sec[i].v[j].key);
			free(p->sec[i].v[j].value);
		}
		free(p->sec[i].v);
	}
	free(p->sec);
	free(p->buf);
}

struct config *config_load(const char *path, config_report_fn *report,
			   void *arg, struct errbuf *e)
{
	struct parse p = { .path = path, .cur = -1, .report = report,
			   .arg = arg };
	struct config *c;
	int rc;

	c = calloc(1, sizeof(*c));
	if (!c) {
		errbuf_errno(e, "%s", path);
		return NULL;
	}
	snprintf(c->path, sizeof(c->path), "%s", path);
	p.f = fopen(path, "r");
	if (!p.f) {
		errbuf_errno(e, "%s", path);
		perr(&p, 0, "%s", strerror(errno));
		goto fail_open;
	}
	ini_allow_multiline = 0;
	rc = ini_parse_stream(config_reader, &p, config_handler, &p);
	if (ferror(p.f))
		perr(&p, p.line, "read error");
	else if (rc > 0 && p.nerr == 0)
		perr(&p, rc, "syntax error");
	else if (rc < 0)
		p.oom = 1;
	fclose(p.f);
	if (!p.oom)
		apply(&p, c);
	if (p.oom) {
		errno = ENOMEM;
		errbuf_errno(e, "%s", path);
		goto fail;
	}
	if (p.nerr) {
		char more[40] = "";

		/* The count survives a first error too long for @e. */
		if (p.nerr > 1)
			snprintf(more, sizeof(more), " (and %d more error%s)",
				 p.nerr - 1, p.nerr > 2 ? "s" : "");
		errbuf_set(e, "%.*s%s", (int)(ERRBUF_LEN - 1 - strlen(more)),
			   p.first, more);
		errno = EINVAL;
		goto fail;
	}
	parse_free(&p);
	return c;
fail:
	parse_free(&p);
fail_open:
	config_destroy(c);
	return NULL;
}

void config_destroy(struct config *c)
{
	int i;

	if (!c)
		return;
	for (i = 0; i < c->npanels; i++)
		free(c->panels[i].settings);
	free(c);
}

static void print_keys(FILE *f, const struct cfg_key *tab, const void *obj)
{
	char buf[512];

	for (; tab->name; tab++) {
		if (cfgtab_format(tab, obj, buf, sizeof(buf)) < 0)
			continue;
		if (tab->help)
			fprintf(f, "# %s\n", tab->help);
		fprintf(f, "%s =%s%s\n", tab->name, buf[0] ? " " : "", buf);
	}
}

void config_print(FILE *f, const struct config *c)
{
	int i;

	fprintf(f, "# pidsd.conf, normalised by pidsd -n -v\n\n[vehicle]\n");
	print_keys(f, config_vehicle_keys, &c->vehicle);
	for (i = 0; i < c->npanels; i++) {
		const struct panel_conf *pc = &c->panels[i];

		fprintf(f, "\n[panel.%s]\n", pc->common.name);
		print_keys(f, panel_common_keys, &pc->common);
		print_keys(f, pc->ops->keys, pc->settings);
	}
}

static int keys_same(const struct cfg_key *tab, const void *a, const void *b)
{
	char va[512], vb[512];

	for (; tab->name; tab++) {
		if (cfgtab_format(tab, a, va, sizeof(va)) < 0 ||
		    cfgtab_format(tab, b, vb, sizeof(vb)) < 0 ||
		    strcmp(va, vb) != 0)
			return 0;
	}
	return 1;
}

int config_panel_same(const struct panel_conf *a, const struct panel_conf *b)
{
	return a->ops == b->ops &&
	       strcmp(a->common.name, b->common.name) == 0 &&
	       keys_same(panel_common_keys, &a->common, &b->common) &&
	       keys_same(a->ops->keys, a->settings, b->settings);
}

const struct panel_conf *config_panel_find(const struct config *c,
					   const char *name)
{
	int i;

	for (i = 0; i < c->npanels; i++)
		if (strcmp(c->panels[i].common.name, name) == 0)
			return &c->panels[i];
	return NULL;
}
