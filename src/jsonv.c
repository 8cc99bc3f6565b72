/*
 * jsonv.c: schema checks for request bodies (see jsonv.h).
 */
#include "buildconf.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "jsonv.h"
#include "timefmt.h"

#define JV_STRING_MAX 4096
#define JV_SLUG_MAX 64

void
jv_add(struct jv_errors *errs, const char *field, const char *fmt, ...)
{
	va_list          ap;
	struct jv_error *e;

	if (errs->n >= JV_MAX_ERRORS)
		return;
	e = &errs->e[errs->n++];
	snprintf(e->field, sizeof(e->field), "%s", field);
	va_start(ap, fmt);
	vsnprintf(e->message, sizeof(e->message), fmt, ap);
	va_end(ap);
}

/* Levenshtein distance of two short names (longer ones: far apart). */
static size_t
edit_distance(const char *a, size_t la, const char *b, size_t lb)
{
	size_t row[JV_FIELD_LEN + 1], i, j, diag, up, best;

	if (la > JV_FIELD_LEN || lb > JV_FIELD_LEN)
		return SIZE_MAX;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		diag = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			up = row[j];
			best = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

int
jv_nearest(const char *word, const char *list, char *out, size_t outlen)
{
	size_t      lw = strlen(word), n, d, best = SIZE_MAX, limit;
	const char *p, *found = NULL;
	size_t      flen = 0;

	limit = lw / 3;
	for (p = list; *p != '\0';) {
		p += strspn(p, ", ");
		if ((n = strcspn(p, ", ")) == 0)
			break;
		d = edit_distance(word, lw, p, n);
		/* A part of the name: "depth" of "depth_mm". */
		if (d > limit && lw >= 3 && lw < n &&
		    (strncmp(p, word, lw) == 0 ||
		        strncmp(p + n - lw, word, lw) == 0))
			d = limit;
		if (d <= limit && d < best) {
			best = d;
			found = p;
			flen = n;
		}
		p += n;
	}
	if (found == NULL || outlen == 0)
		return 0;
	snprintf(out, outlen, "%.*s", (int)flen, found);
	return 1;
}

int
jv_slug_ok(const char *s)
{
	size_t n = 0;
	int    prev_hyphen = 1; /* no leading hyphen */

	for (; *s != '\0'; s++, n++) {
		if ((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9'))
			prev_hyphen = 0;
		else if (*s == '-' && !prev_hyphen)
			prev_hyphen = 1;
		else
			return 0;
	}
	return n > 0 && n <= JV_SLUG_MAX && !prev_hyphen;
}

/*
 * Fields the server computes (API.md): ignored on input by every resource,
 * whether or not it has them, so that a client may send back what it got.
 */
static const char *const computed[] = {
	"id",
	"uses",
	"worn",
	"first_used_at",
	"tracked",
	"readiness",
	"aftercare",
	"warnings",
};

static int
is_computed(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(computed) / sizeof(computed[0]); i++)
		if (strcmp(computed[i], name) == 0)
			return 1;
	return 0;
}

static const struct jv_field *
find_field(const struct jv_field *schema, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(schema[i].name, name) == 0)
			return &schema[i];
	return NULL;
}

static const char *
type_name(enum jv_type t)
{
	switch (t) {
	case JV_STRING:
	case JV_SLUG:
	case JV_TIME: return "a string";
	case JV_INT: return "an integer";
	case JV_NUMBER: return "a number";
	case JV_BOOL: return "true or false";
	case JV_ARRAY: return "an array";
	case JV_OBJECT: return "an object";
	case JV_ANY: break;
	}
	return "a value";
}

/* Print a range bound without trailing zeros: 3, 0.5. */
static void
fmt_bound(char *buf, size_t len, double v)
{
	snprintf(buf, len, "%g", v);
}

static void
check_value(const json_t *v, const struct jv_field *f, const char *field,
    int64_t now, struct jv_errors *errs)
{
	char        lo[32], hi[32], when[TIMEFMT_RFC3339_LEN];
	const char *s;
	double      d;
	int64_t     t;

	fmt_bound(lo, sizeof(lo), f->min);
	fmt_bound(hi, sizeof(hi), f->max);
	switch (f->type) {
	case JV_STRING:
		if (!json_is_string(v))
			goto type;
		if (json_string_length(v) >
		    (f->max > 0 ? (size_t)f->max : JV_STRING_MAX))
			jv_add(errs, field, "must be at most %s bytes long",
			    f->max > 0 ? hi : "4096");
		else if ((f->flags & JV_REQUIRED) && json_string_length(v) == 0)
			jv_add(errs, field, "must not be empty");
		else if (strlen(json_string_value(v)) != json_string_length(v))
			jv_add(errs, field, "must not contain NUL characters");
		break;
	case JV_SLUG:
		if (!json_is_string(v))
			goto type;
		if (!jv_slug_ok(json_string_value(v)))
			jv_add(errs, field,
			    "must be lowercase letters, digits "
			    "and single hyphens, at most 64 characters");
		break;
	case JV_INT:
		if (!json_is_integer(v))
			goto type;
		if ((double)json_integer_value(v) < f->min ||
		    (double)json_integer_value(v) > f->max)
			jv_add(errs, field, "must be an integer from %s to %s",
			    lo, hi);
		break;
	case JV_NUMBER:
		if (!json_is_number(v))
			goto type;
		d = jv_round(json_number_value(v));
		if (!isfinite(d) || d > f->max ||
		    ((f->flags & JV_MIN_EXCL) ? d <= f->min : d < f->min))
			jv_add(errs, field, "must be %s %s and at most %s",
			    (f->flags & JV_MIN_EXCL) ? "more than" : "at least",
			    lo, hi);
		break;
	case JV_BOOL:
		if (!json_is_boolean(v))
			goto type;
		break;
	case JV_TIME:
		if (!json_is_string(v))
			goto type;
		s = json_string_value(v);
		if (timefmt_parse(s, &t) == -1)
			jv_add(errs, field,
			    "must be an RFC 3339 time such as "
			    "2026-11-21T09:30:00Z");
		else if (t > now + JV_FUTURE_SLACK)
			jv_add(errs, field,
			    "is in the future (now is %s); "
			    "history cannot be written ahead of time",
			    timefmt_format(now, when, sizeof(when)));
		break;
	case JV_ARRAY:
		if (!json_is_array(v))
			goto type;
		if (f->max > 0 && json_array_size(v) > (size_t)f->max)
			jv_add(errs, field, "must have at most %s entries", hi);
		else if (json_array_size(v) < (size_t)f->min)
			jv_add(errs, field, "must have at least %s entr%s", lo,
			    f->min == 1 ? "y" : "ies");
		break;
	case JV_OBJECT:
		if (!json_is_object(v))
			goto type;
		break;
	case JV_ANY: break;
	}
	return;
type:
	jv_add(errs, field, "must be %s", type_name(f->type));
}

/* Check each item of arr, an object, against items as "field[i]". */
static void
check_items(const json_t *arr, const struct jv_schema *items, int create,
    const char *field, int64_t now, struct jv_errors *errs)
{
	char    name[JV_FIELD_LEN];
	json_t *item;
	size_t  i;

	json_array_foreach((json_t *)arr, i, item)
	{
		snprintf(name, sizeof(name), "%s[%zu]", field, i);
		if (!json_is_object(item))
			jv_add(errs, name, "must be an object");
		else
			jv_check_schema(item, items, create, name, now, errs);
	}
}

size_t
jv_check_schema(const json_t *obj, const struct jv_schema *sch, int create,
    const char *prefix, int64_t now, struct jv_errors *errs)
{
	return jv_check(
	    obj, sch->fields, sch->nfields, create, prefix, now, errs);
}

/* "is not a field of this resource", with the nearest one it has. */
static void
unknown_field(const struct jv_field *schema, size_t nschema, const char *key,
    const char *field, struct jv_errors *errs)
{
	char   names[512], near[JV_FIELD_LEN];
	size_t i, used = 0;

	names[0] = '\0';
	for (i = 0; i < nschema && used < sizeof(names); i++)
		if (schema[i].type != JV_ANY)
			used += (size_t)snprintf(names + used,
			    sizeof(names) - used, "%s%s", used ? ", " : "",
			    schema[i].name);
	if (jv_nearest(key, names, near, sizeof(near)))
		jv_add(errs, field,
		    "is not a field of this resource; did "
		    "you mean %s?",
		    near);
	else
		jv_add(errs, field,
		    "is not a field of this resource, which "
		    "has: %.160s",
		    names);
}

size_t
jv_check(const json_t *obj, const struct jv_field *schema, size_t nschema,
    int create, const char *prefix, int64_t now, struct jv_errors *errs)
{
	const struct jv_field *f;
	const char            *key;
	json_t                *v;
	char                   field[JV_FIELD_LEN];
	size_t                 before = errs->n, i;

	json_object_foreach((json_t *)obj, key, v)
	{
		snprintf(field, sizeof(field), "%s%s%s", prefix,
		    *prefix ? "." : "", key);
		if ((f = find_field(schema, nschema, key)) == NULL) {
			if (is_computed(key))
				continue;
			unknown_field(schema, nschema, key, field, errs);
			continue;
		}
		if (f->type == JV_ANY)
			continue;
		if (json_is_null(v)) {
			if (f->flags & JV_NULLABLE)
				continue;
			if (f->flags & JV_REQUIRED)
				jv_add(errs, field, "must not be null");
			else if (!create)
				jv_add(errs, field, "must not be null");
			continue;
		}
		check_value(v, f, field, now, errs);
		if (f->type == JV_ARRAY && f->items != NULL && json_is_array(v))
			check_items(v, f->items, create, field, now, errs);
	}
	if (create) {
		for (i = 0; i < nschema; i++) {
			f = &schema[i];
			if (!(f->flags & JV_REQUIRED) ||
			    json_object_get(obj, f->name) != NULL)
				continue;
			snprintf(field, sizeof(field), "%s%s%s", prefix,
			    *prefix ? "." : "", f->name);
			jv_add(errs, field, "is required");
		}
	}
	return errs->n - before;
}

const char *
jv_str(const json_t *obj, const char *key, const char *fallback)
{
	json_t *v = json_object_get(obj, key);

	return json_is_string(v) ? json_string_value(v) : fallback;
}

long long
jv_int(const json_t *obj, const char *key, long long fallback)
{
	json_t *v = json_object_get(obj, key);

	return json_is_integer(v) ? (long long)json_integer_value(v) : fallback;
}

double
jv_round(double v)
{
	if (!isfinite(v))
		return v;
	return round(v * 1e6) / 1e6;
}

double
jv_num(const json_t *obj, const char *key, double fallback)
{
	json_t *v = json_object_get(obj, key);

	return json_is_number(v) ? jv_round(json_number_value(v)) : fallback;
}

int
jv_bool(const json_t *obj, const char *key, int fallback)
{
	json_t *v = json_object_get(obj, key);

	return json_is_boolean(v) ? json_is_true(v) : fallback;
}

int64_t
jv_time(const json_t *obj, const char *key, int64_t fallback)
{
	json_t *v = json_object_get(obj, key);
	int64_t t;

	if (!json_is_string(v) || timefmt_parse(json_string_value(v), &t) == -1)
		return fallback;
	return t;
}

int
jv_has(const json_t *obj, const char *key)
{
	return json_object_get(obj, key) != NULL;
}

int
jv_is_null(const json_t *obj, const char *key)
{
	return json_is_null(json_object_get(obj, key));
}

json_t *
jv_number(double v)
{
	if (isfinite(v) && v == floor(v) && fabs(v) < 9007199254740992.0)
		return json_integer((json_int_t)v);
	return json_real(jv_round(v));
}

json_t *
jv_time_json(int64_t t)
{
	char buf[TIMEFMT_RFC3339_LEN];

	if (t == INT64_MIN)
		return json_null();
	return json_string(timefmt_format(t, buf, sizeof(buf)));
}
