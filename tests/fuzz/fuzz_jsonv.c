/*
 * fuzz_jsonv.c: libFuzzer target for request-body validation.
 *
 * The input is parsed as http.c parses a body (json_loadb with
 * JSON_REJECT_DUPLICATES); an object is checked with jv_check_schema()
 * against the body schema of every write route of the route table
 * (api_routes(): the very schemas the daemon uses, nested item schemas
 * included), on create and on update, and the getters are called on
 * every member.  Checks: at most JV_MAX_ERRORS errors, the count
 * jv_check() returns matches what it added (while there is room), every
 * field and message NUL-terminated and not empty.
 */
#include "buildconf.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "api.h"
#include "jsonv.h"

/* main.c's, which this target does not link. */
int64_t needled_started_at;

#define NOW ((int64_t)1795000000) /* 2026-11-19 */

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check_errors(const struct jv_errors *e, size_t before, size_t added)
{
	size_t i;

	if (e->n > JV_MAX_ERRORS || e->n < before)
		abort();
	if (e->n < JV_MAX_ERRORS && e->n - before != added)
		abort(); /* returned count and errors disagree */
	for (i = 0; i < e->n; i++) {
		if (memchr(e->e[i].field, '\0', JV_FIELD_LEN) == NULL ||
		    memchr(e->e[i].message, '\0', JV_MSG_LEN) == NULL ||
		    e->e[i].message[0] == '\0')
			abort();
	}
}

static void
check(const json_t *obj, const struct jv_schema *schema, struct jv_errors *e)
{
	int    create;
	size_t before, added;

	for (create = 0; create <= 1; create++) {
		before = e->n;
		added = jv_check_schema(obj, schema, create, "", NOW, e);
		check_errors(e, before, added);
	}
}

/* The getters on every member: they must not crash on any type. */
static void
getters(const json_t *obj)
{
	const char     *key;
	json_t         *v;
	volatile size_t sink = 0;
	volatile double dsink = 0;

	json_object_foreach((json_t *)obj, key, v)
	{
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
	struct jv_errors e;
	json_error_t     jerr;
	json_t          *obj, *num;
	size_t           i, n;

	if (size > 65536)
		return 0;
	obj = json_loadb(
	    (const char *)data, size, JSON_REJECT_DUPLICATES, &jerr);
	if (obj == NULL)
		return 0;
	if (json_is_object(obj)) {
		const struct api_route *rt = api_routes(&n);

		for (i = 0; i < n; i++) {
			if (rt[i].body == NULL)
				continue;
			memset(&e, 0, sizeof(e));
			check(obj, rt[i].body, &e);
		}
		getters(obj);
	} else if (json_is_number(obj)) {
		num = jv_number(json_number_value(obj));
		json_decref(num);
	}
	json_decref(obj);
	return 0;
}
