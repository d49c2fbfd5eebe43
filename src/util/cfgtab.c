/* cfgtab: see cfgtab.h. */
#include "util/cfgtab.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const struct cfg_key *cfgtab_find(const struct cfg_key *tab, const char *name)
{
	for (; tab->name; tab++)
		if (strcmp(tab->name, name) == 0)
			return tab;
	return NULL;
}

static int parse_long(const char *s, long *out, const char **rest)
{
	char *end;

	errno = 0;
	*out = strtol(s, &end, 10);
	if (end == s || errno)
		return -1;
	*rest = end;
	return 0;
}

static int check_bounds(const struct cfg_key *k, double v, const char *value,
			struct errbuf *e)
{
	if (v < k->min) {
		errbuf_set(e, "%s: %s is below the minimum %g", k->name, value,
			   k->min);
		return -1;
	}
	if (v > k->max) {
		errbuf_set(e, "%s: %s is above the maximum %g", k->name, value,
			   k->max);
		return -1;
	}
	return 0;
}

static int parse_ms(const char *value, long *ms)
{
	static const struct {
		const char *unit;
		long mul;
	} units[] = { { "", 1 },      { "ms", 1 },     { "s", 1000 },
		      { "min", 60000 }, { "h", 3600000 } };
	const char *rest;
	long v;
	size_t i;

	if (parse_long(value, &v, &rest) < 0 || v < 0)
		return -1;
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (strcmp(rest, units[i].unit) == 0) {
			if (v > 2147483647L / units[i].mul)
				return -1;
			*ms = v * units[i].mul;
			return 0;
		}
	}
	return -1;
}

static int set_bool(const struct cfg_key *k, int *p, const char *value,
		    struct errbuf *e)
{
	static const char *const yes[] = { "yes", "true", "on", "1" };
	static const char *const no[] = { "no", "false", "off", "0" };
	size_t i;

	for (i = 0; i < 4; i++) {
		if (strcasecmp(value, yes[i]) == 0)
			return *p = 1, 0;
		if (strcasecmp(value, no[i]) == 0)
			return *p = 0, 0;
	}
	errbuf_set(e, "%s: '%s' is not yes or no", k->name, value);
	return -1;
}

static int set_enum(const struct cfg_key *k, int *p, const char *value,
		    struct errbuf *e)
{
	char list[160] = "";
	int i;

	for (i = 0; k->names[i]; i++) {
		if (strcmp(k->names[i], value) == 0)
			return *p = i, 0;
		if (strlen(list) + strlen(k->names[i]) + 3 < sizeof(list)) {
			if (i)
				strcat(list, ", ");
			strcat(list, k->names[i]);
		}
	}
	errbuf_set(e, "%s: '%s' is not one of %s", k->name, value, list);
	return -1;
}

static int set_intlist(const struct cfg_key *k, char *obj, const char *value,
		       struct errbuf *e)
{
	int *arr = (int *)(obj + k->off);
	int *count = (int *)(obj + k->off2);
	const char *s = value, *rest;
	size_t n = 0;
	long v;

	while (*s) {
		while (*s == ' ')
			s++;
		if (parse_long(s, &v, &rest) < 0) {
			errbuf_set(e, "%s: '%s' is not a list of numbers",
				   k->name, value);
			return -1;
		}
		if (check_bounds(k, v, value, e) < 0)
			return -1;
		if (n == k->size) {
			errbuf_set(e, "%s: more than %zu values", k->name,
				   k->size);
			return -1;
		}
		arr[n++] = v;
		while (*rest == ' ')
			rest++;
		if (*rest == ',')
			rest++;
		else if (*rest) {
			errbuf_set(e, "%s: '%s' is not a list of numbers",
				   k->name, value);
			return -1;
		}
		s = rest;
	}
	*count = n;
	return 0;
}

int cfgtab_set(const struct cfg_key *k, void *obj, const char *value,
	       struct errbuf *e)
{
	char *base = obj;
	const char *rest;
	char *end;
	long v;
	double d;

	switch (k->type) {
	case CFG_INT:
		if (parse_long(value, &v, &rest) < 0 || *rest) {
			errbuf_set(e, "%s: '%s' is not a whole number", k->name,
				   value);
			return -1;
		}
		if (check_bounds(k, v, value, e) < 0)
			return -1;
		*(int *)(base + k->off) = v;
		return 0;
	case CFG_MS:
		if (parse_ms(value, &v) < 0) {
			errbuf_set(e, "%s: '%s' is not a duration (500ms, 5s, 2min)",
				   k->name, value);
			return -1;
		}
		if (check_bounds(k, v, value, e) < 0)
			return -1;
		*(int *)(base + k->off) = v;
		return 0;
	case CFG_DOUBLE:
		errno = 0;
		d = strtod(value, &end);
		if (end == value || *end || errno || !isfinite(d)) {
			errbuf_set(e, "%s: '%s' is not a number", k->name, value);
			return -1;
		}
		if (check_bounds(k, d, value, e) < 0)
			return -1;
		*(double *)(base + k->off) = d;
		return 0;
	case CFG_BOOL:
		return set_bool(k, (int *)(base + k->off), value, e);
	case CFG_ENUM:
		return set_enum(k, (int *)(base + k->off), value, e);
	case CFG_STR:
		if (strlen(value) >= k->size) {
			errbuf_set(e, "%s: longer than %zu bytes", k->name,
				   k->size - 1);
			return -1;
		}
		strcpy(base + k->off, value);
		return 0;
	case CFG_INTLIST:
		return set_intlist(k, base, value, e);
	}
	errbuf_set(e, "%s: unknown key type", k->name);
	return -1;
}

int cfgtab_defaults(const struct cfg_key *tab, void *obj, struct errbuf *e)
{
	for (; tab->name; tab++)
		if (tab->def && cfgtab_set(tab, obj, tab->def, e) < 0)
			return -1;
	return 0;
}

int cfgtab_format(const struct cfg_key *k, const void *obj, char *buf,
		  size_t len)
{
	const char *base = obj;
	const int *arr;
	size_t n, i;
	int w = 0;

	switch (k->type) {
	case CFG_INT:
		w = snprintf(buf, len, "%d", *(const int *)(base + k->off));
		break;
	case CFG_MS:
		w = snprintf(buf, len, "%dms", *(const int *)(base + k->off));
		break;
	case CFG_DOUBLE:
		w = snprintf(buf, len, "%g", *(const double *)(base + k->off));
		break;
	case CFG_BOOL:
		w = snprintf(buf, len, "%s",
			     *(const int *)(base + k->off) ? "yes" : "no");
		break;
	case CFG_ENUM:
		w = snprintf(buf, len, "%s",
			     k->names[*(const int *)(base + k->off)]);
		break;
	case CFG_STR:
		w = snprintf(buf, len, "%s", base + k->off);
		break;
	case CFG_INTLIST:
		arr = (const int *)(base + k->off);
		n = *(const int *)(base + k->off2);
		buf[0] = 0;
		for (i = 0; i < n && w >= 0 && (size_t)w < len; i++)
			w += snprintf(buf + w, len - w, "%s%d", i ? "," : "",
				      arr[i]);
		break;
	}
	return w < 0 || (size_t)w >= len ? -1 : 0;
}

void cfgtab_print(FILE *f, const struct cfg_key *tab, const void *obj)
{
	char buf[512];

	for (; tab->name; tab++) {
		if (cfgtab_format(tab, obj, buf, sizeof(buf)) < 0)
			continue;
		if (tab->type == CFG_STR && !buf[0] && !tab->def)
			continue;
		fprintf(f, "%s = %s\n", tab->name, buf);
	}
}
