/*
 * fuzz_jsonv.c: libFuzzer target for request-body validation.
 *
 * The input is parsed as http.c parses a body (json_loadb with
 * JSON_REJECT_DUPLICATES); an object is checked with jv_check() against
 * the schemas below, on create and on update, nested arrays element by
 * element with a "treatments[i]" prefix as api_sessions.c does, and the
 * getters are called on every member.  Checks: at most JV_MAX_ERRORS
 * errors, the count jv_check() returns matches what it added (while there
 * is room), every field and message NUL-terminated and not empty.
 *
 * The schemas are COPIES of those in src/api_sessions.c and
 * src/api_logs.c (as of this writing).  When the route table exports
 * them, this target should iterate over the real table instead.
 */
#include "buildconf.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "jsonv.h"

#define ID_MAX		9007199254740991.0	/* 2^53 - 1 */
#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define NOW		((int64_t)1795000000)	/* 2026-11-19 */

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const struct jv_field session_schema[] = {
	{ "started_at", JV_TIME, 0, 0, 0 },
	{ "setting", JV_STRING, 0, 0, 16 },
	{ "device_id", JV_INT, JV_NULLABLE, 1, ID_MAX },
	{ "new_cartridge", JV_BOOL, JV_NULLABLE, 0, 0 },
	{ "treatments", JV_ARRAY, JV_REQUIRED, 1, 32 },
	{ "products", JV_ARRAY, 0, 0, 16 },
	{ "notes", JV_STRING, 0, 0, 4096 },
	{ "id", JV_ANY, 0, 0, 0 },
	{ "aftercare", JV_ANY, 0, 0, 0 },
	{ "warnings", JV_ANY, 0, 0, 0 },
};
static const struct jv_field treatment_schema[] = {
	{ "area", JV_SLUG, JV_REQUIRED, 0, 0 },
	{ "depth_mm", JV_NUMBER, JV_MIN_EXCL, 0, 3 },
	{ "passes", JV_INT, 0, 1, 1000 },
};
static const struct jv_field product_schema[] = {
	{ "product_id", JV_INT, JV_REQUIRED, 1, ID_MAX },
	{ "application_id", JV_ANY, 0, 0, 0 },
};
static const struct jv_field application_schema[] = {
	{ "product_id", JV_INT, JV_REQUIRED, (double)INT64_MIN,
	    (double)INT64_MAX },
	{ "areas", JV_ARRAY, JV_REQUIRED, 1, 0 },
	{ "applied_at", JV_TIME, 0, 0, 0 },
	{ "notes", JV_STRING, 0, 0, 0 },
	{ "id", JV_ANY, 0, 0, 0 },
	{ "session_id", JV_ANY, 0, 0, 0 },
	{ "warnings", JV_ANY, 0, 0, 0 },
};
static const struct jv_field checkin_schema[] = {
	{ "area", JV_SLUG, JV_REQUIRED, 0, 0 },
	{ "at", JV_TIME, 0, 0, 0 },
	{ "redness", JV_INT, 0, 0, 3 },
	{ "swelling", JV_INT, 0, 0, 3 },
	{ "pain", JV_INT, 0, 0, 3 },
	{ "infection_signs", JV_BOOL, 0, 0, 0 },
	{ "conditions", JV_ARRAY, 0, 0, 0 },
	{ "notes", JV_STRING, 0, 0, 0 },
	{ "id", JV_ANY, 0, 0, 0 },
	{ "warnings", JV_ANY, 0, 0, 0 },
};

static void
check_errors(const struct jv_errors *e, size_t before, size_t added)
{
	size_t	i;

	if (e->n > JV_MAX_ERRORS || e->n < before)
		abort();
	if (e->n < JV_MAX_ERRORS && e->n - before != added)
		abort();	/* returned count and errors disagree */
	for (i = 0; i < e->n; i++) {
		if (memchr(e->e[i].field, '\0', JV_FIELD_LEN) == NULL ||
		    memchr(e->e[i].message, '\0', JV_MSG_LEN) == NULL ||
		    e->e[i].message[0] == '\0')
			abort();
	}
}

static void
check(const json_t *obj, const struct jv_field *schema, size_t n,
    const char *prefix, struct jv_errors *e)
{
	int	create;
	size_t	before, added;

	for (create = 0; create <= 1; create++) {
		before = e->n;
		added = jv_check(obj, schema, n, create, prefix, NOW, e);
		check_errors(e, before, added);
	}
}

/* Each object element of obj[key] against schema, as the API does. */
static void
check_elements(const json_t *obj, const char *key,
    const struct jv_field *schema, size_t n, struct jv_errors *e)
{
	json_t	*arr = json_object_get(obj, key), *item;
	char	 prefix[JV_FIELD_LEN];
	size_t	 i;

	if (!json_is_array(arr))
		return;
	json_array_foreach(arr, i, item) {
		if (!json_is_object(item))
			continue;
		snprintf(prefix, sizeof(prefix), "%s[%zu]", key, i);
		check(item, schema, n, prefix, e);
	}
}

/* The getters on every member: they must not crash on any type. */
static void
getters(const json_t *obj)
{
	const char	*key;
	json_t		*v;
	volatile size_t	 sink = 0;
	volatile double	 dsink = 0;

	json_object_foreach((json_t *)obj, key, v) {
		const char *s = jv_str(obj, key, NULL);

		sink += s ? strlen(s) : 0;
		sink += (size_t)jv_int(obj, key, 0);
		dsink += jv_num(obj, key, 0);
		sink += (size_t)jv_time(obj, key, 0);
		sink += (size_t)jv_bool(obj, key, 0);
		sink += (size_t)jv_has(obj, key) + (size_t)jv_is_null(obj, key);
		sink += jv_slug_ok(key);
		if (json_is_string(v))
			sink += jv_slug_ok(json_string_value(v));
	}
	(void)sink;
	(void)dsink;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct jv_errors	 e;
	json_error_t		 jerr;
	json_t			*obj, *num;

	if (size > 65536)
		return 0;
	obj = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES,
	    &jerr);
	if (obj == NULL)
		return 0;
	if (json_is_object(obj)) {
		memset(&e, 0, sizeof(e));
		check(obj, session_schema, NELEM(session_schema), "", &e);
		check_elements(obj, "treatments", treatment_schema,
		    NELEM(treatment_schema), &e);
		check_elements(obj, "products", product_schema,
		    NELEM(product_schema), &e);
		memset(&e, 0, sizeof(e));
		check(obj, application_schema, NELEM(application_schema), "",
		    &e);
		memset(&e, 0, sizeof(e));
		check(obj, checkin_schema, NELEM(checkin_schema), "", &e);
		getters(obj);
	} else if (json_is_number(obj)) {
		num = jv_number(json_number_value(obj));
		json_decref(num);
	}
	json_decref(obj);
	return 0;
}
