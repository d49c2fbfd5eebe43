/* jsonv: see jsonv.h. */
#include "content/jsonv.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util/utf8.h"

void jsonv_init(struct jsonv *v, const char *file, struct errbuf *e)
{
	v->file = file;
	v->path[0] = '\0';
	v->len = 0;
	v->e = e;
	v->multiline = 0;
}

static size_t append(struct jsonv *v, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static size_t append(struct jsonv *v, const char *fmt, ...)
{
	size_t mark = v->len;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(v->path + v->len, sizeof(v->path) - v->len, fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	v->len += (size_t)n;
	if (v->len >= sizeof(v->path))
		v->len = sizeof(v->path) - 1;
	return mark;
}

size_t jsonv_push(struct jsonv *v, const char *key)
{
	return v->len ? append(v, ".%s", key) : append(v, "%s", key);
}

size_t jsonv_push_index(struct jsonv *v, size_t i)
{
	return append(v, "[%zu]", i);
}

void jsonv_pop(struct jsonv *v, size_t mark)
{
	if (mark < sizeof(v->path)) {
		v->len = mark;
		v->path[mark] = '\0';
	}
}

static void vfail(struct jsonv *v, const char *fmt, va_list ap)
{
	char msg[ERRBUF_LEN];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (v->len)
		errbuf_set(v->e, "%s: %s: %s", v->file, v->path, msg);
	else
		errbuf_set(v->e, "%s: %s", v->file, msg);
	errno = EINVAL;
}

int jsonv_fail(struct jsonv *v, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfail(v, fmt, ap);
	va_end(ap);
	return -1;
}

int jsonv_fail_key(struct jsonv *v, const char *key, const char *fmt, ...)
{
	size_t mark = jsonv_push(v, key);
	va_list ap;

	va_start(ap, fmt);
	vfail(v, fmt, ap);
	va_end(ap);
	jsonv_pop(v, mark);
	return -1;
}

static const char *type_name(const json_t *j)
{
	switch (json_typeof(j)) {
	case JSON_OBJECT: return "an object";
	case JSON_ARRAY: return "an array";
	case JSON_STRING: return "a string";
	case JSON_INTEGER: return "an integer";
	case JSON_REAL: return "a number";
	case JSON_TRUE:
	case JSON_FALSE: return "a boolean";
	case JSON_NULL: return "null";
	}
	return "?";
}

int jsonv_object(struct jsonv *v, const json_t *obj,
		 const char *const *allowed)
{
	const char *key;
	json_t *val;
	size_t i;

	if (!json_is_object(obj))
		return jsonv_fail(v, "must be an object, not %s",
				  type_name(obj));
	json_object_foreach((json_t *)obj, key, val) {
		for (i = 0; allowed[i]; i++)
			if (strcmp(allowed[i], key) == 0)
				break;
		if (!allowed[i])
			return jsonv_fail_key(v, key, "unknown key");
	}
	return 0;
}

/* Looks @key up; 1 found, 0 missing and optional, -1 missing and required. */
static int lookup(struct jsonv *v, const json_t *obj, const char *key,
		  int required, json_t **out)
{
	*out = json_object_get(obj, key);
	if (*out && !json_is_null(*out))
		return 1;
	*out = NULL;
	if (required)
		return jsonv_fail_key(v, key, "missing");
	return 0;
}

int jsonv_str(struct jsonv *v, const json_t *obj, const char *key,
	      int required, const char *def, const char **out)
{
	const unsigned char *p;
	const char *s;
	json_t *j;
	size_t len;
	int r;

	r = lookup(v, obj, key, required, &j);
	if (r <= 0) {
		*out = def;
		return r;
	}
	if (!json_is_string(j))
		return jsonv_fail_key(v, key, "must be a string, not %s",
				      type_name(j));
	s = json_string_value(j);
	len = json_string_length(j);
	if (len == 0)
		return jsonv_fail_key(v, key, "empty");
	if (len > JSONV_STR_MAX)
		return jsonv_fail_key(v, key, "%zu bytes, at most %d", len,
				      JSONV_STR_MAX);
	if (strlen(s) != len || !utf8_valid(s, len))
		return jsonv_fail_key(v, key, "not valid UTF-8 text");
	for (p = (const unsigned char *)s; *p; p++) {
		if (*p == '\n' && !v->multiline)
			return jsonv_fail_key(v, key,
					      "line breaks are only allowed in "
					      "captions");
		if ((*p < 0x20 && *p != '\n') || *p == 0x7f)
			return jsonv_fail_key(v, key,
					      "control character 0x%02x", *p);
	}
	*out = s;
	return 0;
}

int jsonv_int(struct jsonv *v, const json_t *obj, const char *key,
	      int required, long long def, long long min, long long max,
	      int *out)
{
	json_int_t n;
	json_t *j;
	int r;

	r = lookup(v, obj, key, required, &j);
	if (r <= 0) {
		*out = (int)def;
		return r;
	}
	if (!json_is_integer(j))
		return jsonv_fail_key(v, key, "must be an integer, not %s",
				      type_name(j));
	n = json_integer_value(j);
	if (n < min || n > max)
		return jsonv_fail_key(v, key, "%lld is out of range %lld..%lld",
				      (long long)n, min, max);
	*out = (int)n;
	return 0;
}

int jsonv_bool(struct jsonv *v, const json_t *obj, const char *key,
	       int required, int def, int *out)
{
	json_t *j;
	int r;

	r = lookup(v, obj, key, required, &j);
	if (r <= 0) {
		*out = def;
		return r;
	}
	if (!json_is_boolean(j))
		return jsonv_fail_key(v, key, "must be true or false, not %s",
				      type_name(j));
	*out = json_is_true(j);
	return 0;
}

int jsonv_enum(struct jsonv *v, const json_t *obj, const char *key,
	       int required, int def, const char *const *names, int *out)
{
	char list[128];
	const char *s;
	size_t n = 0;
	int i;

	if (jsonv_str(v, obj, key, required, NULL, &s) < 0)
		return -1;
	if (!s) {
		*out = def;
		return 0;
	}
	for (i = 0; names[i]; i++) {
		if (strcmp(names[i], s) == 0) {
			*out = i;
			return 0;
		}
	}
	list[0] = '\0';
	for (i = 0; names[i] && n < sizeof(list); i++)
		n += (size_t)snprintf(list + n, sizeof(list) - n, "%s%s",
				      i ? ", " : "", names[i]);
	return jsonv_fail_key(v, key, "\"%.40s\" is not one of %s", s, list);
}

json_t *jsonv_array(struct jsonv *v, const json_t *obj, const char *key,
		    size_t min, size_t max)
{
	json_t *j;
	size_t n;

	if (lookup(v, obj, key, 1, &j) < 0)
		return NULL;
	if (!json_is_array(j)) {
		jsonv_fail_key(v, key, "must be an array, not %s",
			       type_name(j));
		return NULL;
	}
	n = json_array_size(j);
	if (n < min || n > max) {
		if (min == max)
			jsonv_fail_key(v, key, "%zu entries, must be %zu", n,
				       min);
		else
			jsonv_fail_key(v, key, "%zu entries, must be %zu..%zu",
				       n, min, max);
		return NULL;
	}
	return j;
}

json_t *jsonv_member_object(struct jsonv *v, const json_t *obj,
			    const char *key, int required, int *missing)
{
	json_t *j;
	int r;

	if (missing)
		*missing = 0;
	r = lookup(v, obj, key, required, &j);
	if (r <= 0) {
		if (r == 0 && missing)
			*missing = 1;
		return NULL;
	}
	if (!json_is_object(j)) {
		jsonv_fail_key(v, key, "must be an object, not %s",
			       type_name(j));
		return NULL;
	}
	return j;
}
