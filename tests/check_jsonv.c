/*
 * check_jsonv.c: unit tests for jsonv.c, the request body schema checks.
 *
 * Most cases are one-field schemas ("x") checked against a small JSON
 * object written as text, with the number of errors and the exact first
 * message expected, so that a changed message or a missed check both fail.
 * Times are computed from a fixed `now`, never from the clock.
 */
#include "buildconf.h"

#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonv.h"
#include "timefmt.h"
#include "check_util.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* A fixed "now" for JV_TIME: 2026-11-21T09:30:00Z. */
#define NOW ((int64_t)1795253400)

#define MSG_SLUG \
	"must be lowercase letters, digits and single " \
	"hyphens, at most 64 characters"
#define MSG_TIME \
	"must be an RFC 3339 time such as " \
	"2026-11-21T09:30:00Z"
#define MSG_FUTURE \
	"is in the future (now is 2026-11-21T09:30:00Z); " \
	"history cannot be written ahead of time"

/* ------------------------------------------------------------------ */
/* Helpers */

static json_t *
load(const char *text)
{
	json_error_t e;
	json_t      *v;

	v = json_loads(text, JSON_DECODE_ANY | JSON_ALLOW_NUL, &e);
	ck_assert_msg(v != NULL, "bad JSON in test: %s: %s", text, e.text);
	return v;
}

/* A string of n copies of c. */
static char *
repeat(char c, size_t n)
{
	char *s;

	ck_assert_ptr_nonnull(s = malloc(n + 1));
	memset(s, c, n);
	s[n] = '\0';
	return s;
}

/* {"x": <s as a JSON string>} */
static json_t *
obj_str(const char *s)
{
	json_t *o = json_object();

	json_object_set_new(o, "x", json_string(s));
	return o;
}

/* Check obj against one field; returns the count added to a fresh errs. */
static size_t
check1(const json_t *obj, const struct jv_field *f, int create,
    struct jv_errors *errs)
{
	size_t n;

	memset(errs, 0, sizeof(*errs));
	n = jv_check(obj, f, 1, create, "", NOW, errs);
	ck_assert_uint_eq(n, errs->n);
	return n;
}

/* ------------------------------------------------------------------ */
/* jv_slug_ok */

static const struct {
	const char *s;
	int         ok;
} slugs[] = {
	{ "forehead", 1 },
	{ "under-eye", 1 },
	{ "a1", 1 },
	{ "a", 1 },
	{ "0", 1 },
	{ "a-b-c", 1 },
	{ "upper-lip-2", 1 },
	{ "", 0 },
	{ "-a", 0 },
	{ "a-", 0 },
	{ "-", 0 },
	{ "a--b", 0 },
	{ "A", 0 },
	{ "Forehead", 0 },
	{ "a_b", 0 },
	{ "a b", 0 },
	{ " a", 0 },
	{ "a.b", 0 },
	{ "a/b", 0 },
	{ "\xc3\xa9", 0 }, /* "é" */
	{ "caf\xc3\xa9", 0 },
};

START_TEST(test_slug_table)
{
	ck_assert_msg(!!jv_slug_ok(slugs[_i].s) == slugs[_i].ok,
	    "jv_slug_ok(\"%s\") should be %d", slugs[_i].s, slugs[_i].ok);
}
END_TEST

/* 64 characters is the longest slug; 65 is one too many. */
START_TEST(test_slug_length_limit)
{
	char *s64 = repeat('a', 64), *s65 = repeat('a', 65);
	char *h64 = repeat('b', 64);

	ck_assert_int_eq(!!jv_slug_ok(s64), 1);
	ck_assert_int_eq(!!jv_slug_ok(s65), 0);
	/* Hyphens count toward the length too. */
	h64[1] = '-';
	h64[62] = '-';
	ck_assert_int_eq(!!jv_slug_ok(h64), 1);
	free(h64);
	free(s65);
	free(s64);
}
END_TEST

/* ------------------------------------------------------------------ */
/* jv_check: types, ranges, lengths, presence */

static const struct {
	const char     *what;
	struct jv_field f;
	int             create;
	const char     *json; /* the object checked */
	size_t          nerr;
	const char     *msg; /* first error's message, or NULL */
} cases[] = {
	/* Types. */
	{ "string for string", { "x", JV_STRING, 0, 0, 0, NULL }, 0,
	    "{\"x\": \"abc\"}", 0, NULL },
	{ "int for string", { "x", JV_STRING, 0, 0, 0, NULL }, 0, "{\"x\": 5}",
	    1, "must be a string" },
	{ "array for string", { "x", JV_STRING, 0, 0, 0, NULL }, 0,
	    "{\"x\": [\"a\"]}", 1, "must be a string" },
	{ "int for slug", { "x", JV_SLUG, 0, 0, 0, NULL }, 0, "{\"x\": 7}", 1,
	    "must be a string" },
	{ "bad slug", { "x", JV_SLUG, 0, 0, 0, NULL }, 0,
	    "{\"x\": \"Forehead\"}", 1, MSG_SLUG },
	{ "good slug", { "x", JV_SLUG, 0, 0, 0, NULL }, 0,
	    "{\"x\": \"under-eye\"}", 0, NULL },
	{ "empty slug", { "x", JV_SLUG, 0, 0, 0, NULL }, 0, "{\"x\": \"\"}", 1,
	    MSG_SLUG },
	{ "string for int", { "x", JV_INT, 0, 0, 10, NULL }, 0,
	    "{\"x\": \"3\"}", 1, "must be an integer" },
	{ "real for int", { "x", JV_INT, 0, 0, 10, NULL }, 0, "{\"x\": 3.0}", 1,
	    "must be an integer" },
	{ "fraction for int", { "x", JV_INT, 0, 0, 10, NULL }, 0,
	    "{\"x\": 2.5}", 1, "must be an integer" },
	{ "bool for int", { "x", JV_INT, 0, 0, 10, NULL }, 0, "{\"x\": true}",
	    1, "must be an integer" },
	{ "int for int", { "x", JV_INT, 0, 0, 10, NULL }, 0, "{\"x\": 3}", 0,
	    NULL },
	{ "int for number", { "x", JV_NUMBER, 0, 0, 3, NULL }, 0, "{\"x\": 3}",
	    0, NULL },
	{ "real for number", { "x", JV_NUMBER, 0, 0, 3, NULL }, 0,
	    "{\"x\": 2.5}", 0, NULL },
	{ "string for number", { "x", JV_NUMBER, 0, 0, 3, NULL }, 0,
	    "{\"x\": \"2.5\"}", 1, "must be a number" },
	{ "bool for number", { "x", JV_NUMBER, 0, 0, 3, NULL }, 0,
	    "{\"x\": false}", 1, "must be a number" },
	{ "int for bool", { "x", JV_BOOL, 0, 0, 0, NULL }, 0, "{\"x\": 1}", 1,
	    "must be true or false" },
	{ "real for bool", { "x", JV_BOOL, 0, 0, 0, NULL }, 0, "{\"x\": 0.0}",
	    1, "must be true or false" },
	{ "string for bool", { "x", JV_BOOL, 0, 0, 0, NULL }, 0,
	    "{\"x\": \"true\"}", 1, "must be true or false" },
	{ "true for bool", { "x", JV_BOOL, 0, 0, 0, NULL }, 0, "{\"x\": true}",
	    0, NULL },
	{ "false for bool", { "x", JV_BOOL, 0, 0, 0, NULL }, 0,
	    "{\"x\": false}", 0, NULL },
	{ "number for time", { "x", JV_TIME, 0, 0, 0, NULL }, 0,
	    "{\"x\": 1795253400}", 1, "must be a string" },
	{ "object for array", { "x", JV_ARRAY, 0, 0, 0, NULL }, 0,
	    "{\"x\": {}}", 1, "must be an array" },
	{ "string for array", { "x", JV_ARRAY, 0, 0, 0, NULL }, 0,
	    "{\"x\": \"[]\"}", 1, "must be an array" },
	{ "array for object", { "x", JV_OBJECT, 0, 0, 0, NULL }, 0,
	    "{\"x\": []}", 1, "must be an object" },
	{ "object for object", { "x", JV_OBJECT, 0, 0, 0, NULL }, 0,
	    "{\"x\": {\"y\": 1}}", 0, NULL },

	/* JV_ANY is computed by the server: anything goes, even null. */
	{ "array for any", { "x", JV_ANY, 0, 0, 0, NULL }, 0,
	    "{\"x\": [1, {\"a\": 2}]}", 0, NULL },
	{ "string for any", { "x", JV_ANY, 0, 0, 0, NULL }, 1,
	    "{\"x\": \"whatever\"}", 0, NULL },
	{ "null for any on patch", { "x", JV_ANY, 0, 0, 0, NULL }, 0,
	    "{\"x\": null}", 0, NULL },

	/* Fields the server computes are ignored by every schema (API.md). */
	{ "computed warnings on any resource", { "x", JV_INT, 0, 0, 3, NULL },
	    1, "{\"warnings\": [], \"id\": 7, \"tracked\": true}", 0, NULL },
	{ "computed worn on any resource", { "x", JV_INT, 0, 0, 3, NULL }, 0,
	    "{\"worn\": false, \"aftercare\": [], \"readiness\": {}}", 0,
	    NULL },
	{ "a near-computed name is still unknown",
	    { "x", JV_INT, 0, 0, 3, NULL }, 0, "{\"warning\": []}", 1,
	    "is not a field of this resource, which has: x" },

	/* Integer ranges are inclusive. */
	{ "int below min", { "x", JV_INT, 0, 0, 3, NULL }, 0, "{\"x\": -1}", 1,
	    "must be an integer from 0 to 3" },
	{ "int at min", { "x", JV_INT, 0, 0, 3, NULL }, 0, "{\"x\": 0}", 0,
	    NULL },
	{ "int at max", { "x", JV_INT, 0, 0, 3, NULL }, 0, "{\"x\": 3}", 0,
	    NULL },
	{ "int above max", { "x", JV_INT, 0, 0, 3, NULL }, 0, "{\"x\": 4}", 1,
	    "must be an integer from 0 to 3" },
	{ "int far above max", { "x", JV_INT, 0, 1, 1000, NULL }, 0,
	    "{\"x\": 9007199254740993}", 1,
	    "must be an integer from 1 to 1000" },

	/* JV_MIN_EXCL: (min, max]. */
	{ "excl: 0 rejected", { "x", JV_NUMBER, JV_MIN_EXCL, 0, 3, NULL }, 0,
	    "{\"x\": 0}", 1, "must be more than 0 and at most 3" },
	{ "excl: 0.0 rejected", { "x", JV_NUMBER, JV_MIN_EXCL, 0, 3, NULL }, 0,
	    "{\"x\": 0.0}", 1, "must be more than 0 and at most 3" },
	{ "excl: -0.0 rejected", { "x", JV_NUMBER, JV_MIN_EXCL, 0, 3, NULL }, 0,
	    "{\"x\": -0.0}", 1, "must be more than 0 and at most 3" },
	{ "excl: negative rejected",
	    { "x", JV_NUMBER, JV_MIN_EXCL, 0, 3, NULL }, 0, "{\"x\": -0.25}", 1,
	    "must be more than 0 and at most 3" },
	{ "excl: tiny accepted", { "x", JV_NUMBER, JV_MIN_EXCL, 0, 3, NULL }, 0,
	    "{\"x\": 0.0001}", 0, NULL },
	{ "excl: 3 accepted", { "x", JV_NUMBER, JV_MIN_EXCL, 0, 3, NULL }, 0,
	    "{\"x\": 3}", 0, NULL },
	{ "excl: 3.0 accepted", { "x", JV_NUMBER, JV_MIN_EXCL, 0, 3, NULL }, 0,
	    "{\"x\": 3.0}", 0, NULL },
	{ "excl: 3.0001 rejected", { "x", JV_NUMBER, JV_MIN_EXCL, 0, 3, NULL },
	    0, "{\"x\": 3.0001}", 1, "must be more than 0 and at most 3" },
	{ "incl: 0 accepted", { "x", JV_NUMBER, 0, 0, 3, NULL }, 0,
	    "{\"x\": 0}", 0, NULL },
	{ "incl: below rejected", { "x", JV_NUMBER, 0, 0, 3, NULL }, 0,
	    "{\"x\": -0.5}", 1, "must be at least 0 and at most 3" },
	{ "incl: above rejected", { "x", JV_NUMBER, 0, 0, 3, NULL }, 0,
	    "{\"x\": 3.5}", 1, "must be at least 0 and at most 3" },
	{ "fractional bounds printed short",
	    { "x", JV_NUMBER, 0, 0.25, 0.5, NULL }, 0, "{\"x\": 0.75}", 1,
	    "must be at least 0.25 and at most 0.5" },

	/* String lengths are in bytes. */
	{ "string at max", { "x", JV_STRING, 0, 0, 5, NULL }, 0,
	    "{\"x\": \"abcde\"}", 0, NULL },
	{ "string over max", { "x", JV_STRING, 0, 0, 5, NULL }, 0,
	    "{\"x\": \"abcdef\"}", 1, "must be at most 5 bytes long" },
	{ "2-byte chars within max", { "x", JV_STRING, 0, 0, 5, NULL }, 0,
	    "{\"x\": \"\xc3\xa9\xc3\xa9\"}", 0, NULL },
	{ "2-byte chars over max", { "x", JV_STRING, 0, 0, 5, NULL }, 0,
	    "{\"x\": \"\xc3\xa9\xc3\xa9\xc3\xa9\"}", 1,
	    "must be at most 5 bytes long" },
	{ "required empty string", { "x", JV_STRING, JV_REQUIRED, 0, 16, NULL },
	    1, "{\"x\": \"\"}", 1, "must not be empty" },
	{ "optional empty string", { "x", JV_STRING, 0, 0, 16, NULL }, 1,
	    "{\"x\": \"\"}", 0, NULL },
	{ "NUL inside string", { "x", JV_STRING, 0, 0, 16, NULL }, 0,
	    "{\"x\": \"a\\u0000b\"}", 1, "must not contain NUL characters" },

	/* Arrays: max always, min when required. */
	{ "required array empty", { "x", JV_ARRAY, JV_REQUIRED, 1, 3, NULL }, 1,
	    "{\"x\": []}", 1, "must have at least 1 entry" },
	{ "required array short", { "x", JV_ARRAY, JV_REQUIRED, 2, 3, NULL }, 1,
	    "{\"x\": [1]}", 1, "must have at least 2 entries" },
	{ "array at min", { "x", JV_ARRAY, JV_REQUIRED, 1, 3, NULL }, 1,
	    "{\"x\": [1]}", 0, NULL },
	{ "array at max", { "x", JV_ARRAY, JV_REQUIRED, 1, 3, NULL }, 1,
	    "{\"x\": [1, 2, 3]}", 0, NULL },
	{ "array over max", { "x", JV_ARRAY, JV_REQUIRED, 1, 3, NULL }, 1,
	    "{\"x\": [1, 2, 3, 4]}", 1, "must have at most 3 entries" },
	{ "optional array over max", { "x", JV_ARRAY, 0, 0, 2, NULL }, 0,
	    "{\"x\": [1, 2, 3]}", 1, "must have at most 2 entries" },
	{ "optional array empty", { "x", JV_ARRAY, 0, 0, 2, NULL }, 0,
	    "{\"x\": []}", 0, NULL },

	/* Presence and null. */
	{ "required missing on create",
	    { "x", JV_INT, JV_REQUIRED, 0, 9, NULL }, 1, "{}", 1,
	    "is required" },
	{ "required missing on patch", { "x", JV_INT, JV_REQUIRED, 0, 9, NULL },
	    0, "{}", 0, NULL },
	{ "required null on create", { "x", JV_INT, JV_REQUIRED, 0, 9, NULL },
	    1, "{\"x\": null}", 1, "must not be null" },
	{ "required null on patch", { "x", JV_INT, JV_REQUIRED, 0, 9, NULL }, 0,
	    "{\"x\": null}", 1, "must not be null" },
	{ "nullable null on create", { "x", JV_INT, JV_NULLABLE, 0, 9, NULL },
	    1, "{\"x\": null}", 0, NULL },
	{ "nullable null on patch", { "x", JV_INT, JV_NULLABLE, 0, 9, NULL }, 0,
	    "{\"x\": null}", 0, NULL },
	{ "nullable still typed", { "x", JV_INT, JV_NULLABLE, 0, 9, NULL }, 0,
	    "{\"x\": \"1\"}", 1, "must be an integer" },
	{ "optional null on create", { "x", JV_INT, 0, 0, 9, NULL }, 1,
	    "{\"x\": null}", 0, NULL },
	{ "optional null on patch", { "x", JV_INT, 0, 0, 9, NULL }, 0,
	    "{\"x\": null}", 1, "must not be null" },
	{ "optional missing on create", { "x", JV_INT, 0, 0, 9, NULL }, 1, "{}",
	    0, NULL },
	{ "unknown field", { "x", JV_INT, 0, 0, 9, NULL }, 0, "{\"y\": 1}", 1,
	    "is not a field of this resource, which has: x" },
	{ "field names are case-sensitive", { "x", JV_INT, 0, 0, 9, NULL }, 0,
	    "{\"X\": 1}", 1, "is not a field of this resource, which has: x" },
};

START_TEST(test_check_table)
{
	struct jv_errors errs;
	json_t          *o = load(cases[_i].json);
	size_t           n;

	n = check1(o, &cases[_i].f, cases[_i].create, &errs);
	ck_assert_msg(n == cases[_i].nerr, "%s: %zu errors, want %zu%s%s",
	    cases[_i].what, n, cases[_i].nerr, n ? ": first " : "",
	    n ? errs.e[0].message : "");
	if (cases[_i].msg != NULL) {
		ck_assert_str_eq(errs.e[0].message, cases[_i].msg);
		ck_assert_str_eq(errs.e[0].field,
		    json_object_size(o) > 0
		        ? json_object_iter_key(json_object_iter(o))
		        : "x");
	}
	json_decref(o);
}
END_TEST

/* "Did you mean": near by edit distance, or a part of the name. */
static const struct {
	const char *word, *list, *want; /* want NULL: no hint */
} nearest[] = {
	{ "depth", "area, depth_mm, passes", "depth_mm" },
	{ "forehaed", "forehead, nose, cheeks", "forehead" },
	{ "retinol", "retinoid, scrub, makeup", "retinoid" },
	{ "cheek", "forehead, nose, cheeks", "cheeks" },
	{ "y", "x", NULL },
	{ "X", "x", NULL },
	{ "elbow", "forehead, nose, cheeks", NULL },
	{ "", "forehead", NULL },
	{ "nose", "", NULL },
};

START_TEST(test_nearest)
{
	char out[64];
	int  got;

	got = jv_nearest(nearest[_i].word, nearest[_i].list, out, sizeof(out));
	if (nearest[_i].want == NULL)
		ck_assert_msg(!got, "%s: offered %s", nearest[_i].word, out);
	else {
		ck_assert_msg(got, "%s: no hint", nearest[_i].word);
		ck_assert_str_eq(out, nearest[_i].want);
	}
}
END_TEST

/* Unknown fields are named with the prefix of the nested object. */
START_TEST(test_unknown_field_prefixed)
{
	static const struct jv_field schema[] = {
		{ "area", JV_SLUG, JV_REQUIRED, 0, 0, NULL },
		{ "depth_mm", JV_NUMBER, JV_MIN_EXCL, 0, 3, NULL },
	};
	struct jv_errors errs = { .n = 0 };
	json_t          *o;

	o = load("{\"area\": \"cheeks\", \"bogus\": 1}");
	ck_assert_uint_eq(
	    jv_check(o, schema, NELEM(schema), 1, "treatments[0]", NOW, &errs),
	    1);
	ck_assert_str_eq(errs.e[0].field, "treatments[0].bogus");
	ck_assert_str_eq(errs.e[0].message,
	    "is not a field of this resource, "
	    "which has: area, depth_mm");
	json_decref(o);

	/* A near name is offered instead of the list. */
	memset(&errs, 0, sizeof(errs));
	o = load("{\"area\": \"cheeks\", \"depth\": 1}");
	ck_assert_uint_eq(
	    jv_check(o, schema, NELEM(schema), 1, "", NOW, &errs), 1);
	ck_assert_str_eq(errs.e[0].message,
	    "is not a field of this resource; "
	    "did you mean depth_mm?");
	json_decref(o);

	/* Without a prefix, the bare name (no leading dot). */
	memset(&errs, 0, sizeof(errs));
	o = load("{\"area\": \"cheeks\", \"bogus\": 1}");
	ck_assert_uint_eq(
	    jv_check(o, schema, NELEM(schema), 1, "", NOW, &errs), 1);
	ck_assert_str_eq(errs.e[0].field, "bogus");
	json_decref(o);
}
END_TEST

/* Type, range and "required" errors carry the prefix as well. */
START_TEST(test_nested_errors_prefixed)
{
	static const struct jv_field schema[] = {
		{ "area", JV_SLUG, JV_REQUIRED, 0, 0, NULL },
		{ "depth_mm", JV_NUMBER, JV_MIN_EXCL, 0, 3, NULL },
		{ "passes", JV_INT, 0, 1, 1000, NULL },
	};
	struct jv_errors errs = { .n = 0 };
	json_t          *o;
	size_t           i;
	int              seen_depth = 0, seen_passes = 0;
	int              seen_area = 0;

	o = load("{\"depth_mm\": 3.5, \"passes\": \"2\"}");
	ck_assert_uint_eq(
	    jv_check(o, schema, NELEM(schema), 1, "treatments[2]", NOW, &errs),
	    3);
	for (i = 0; i < errs.n; i++) {
		if (strcmp(errs.e[i].field, "treatments[2].depth_mm") == 0)
			seen_depth++;
		else if (strcmp(errs.e[i].field, "treatments[2].passes") == 0)
			seen_passes++;
		else if (strcmp(errs.e[i].field, "treatments[2].area") == 0) {
			seen_area++;
			ck_assert_str_eq(errs.e[i].message, "is required");
		} else
			ck_abort_msg("unexpected field %s", errs.e[i].field);
	}
	ck_assert_int_eq(seen_depth, 1);
	ck_assert_int_eq(seen_passes, 1);
	ck_assert_int_eq(seen_area, 1);
	json_decref(o);
}
END_TEST

/* Every error is collected, not only the first one. */
START_TEST(test_all_errors_collected)
{
	static const struct jv_field schema[] = {
		{ "redness", JV_INT, JV_REQUIRED, 0, 3, NULL },
		{ "swelling", JV_INT, JV_REQUIRED, 0, 3, NULL },
		{ "pain", JV_INT, JV_REQUIRED, 0, 3, NULL },
		{ "infection_signs", JV_BOOL, 0, 0, 0, NULL },
		{ "notes", JV_STRING, 0, 0, 4, NULL },
	};
	struct jv_errors errs = { .n = 0 };
	json_t          *o;

	o = load("{\"redness\": 4, \"swelling\": -1, \"infection_signs\": 1, "
	         "\"notes\": \"too long\", \"x\": 0}");
	/* redness, swelling, infection_signs, notes, x, pain missing. */
	ck_assert_uint_eq(
	    jv_check(o, schema, NELEM(schema), 1, "", NOW, &errs), 6);
	ck_assert_str_eq(errs.e[errs.n - 1].field, "pain");
	ck_assert_str_eq(errs.e[errs.n - 1].message, "is required");
	json_decref(o);
}
END_TEST

/* The return value counts only the errors this call added. */
START_TEST(test_returns_errors_added)
{
	static const struct jv_field schema[] = {
		{ "x", JV_INT, 0, 0, 3, NULL },
	};
	struct jv_errors errs = { .n = 0 };
	json_t          *o = load("{\"x\": 9}");

	jv_add(&errs, "a", "first");
	jv_add(&errs, "b", "second %d", 2);
	ck_assert_uint_eq(jv_check(o, schema, 1, 0, "", NOW, &errs), 1);
	ck_assert_uint_eq(errs.n, 3);
	ck_assert_str_eq(errs.e[1].message, "second 2");
	ck_assert_str_eq(errs.e[2].field, "x");
	json_decref(o);
}
END_TEST

/* Strings without an explicit max are limited to 4096 bytes. */
START_TEST(test_string_default_limit)
{
	static const struct jv_field f = { "x", JV_STRING, 0, 0, 0, NULL };
	struct jv_errors             errs;
	char                        *s4096 = repeat('n', 4096);
	char                        *s4097 = repeat('n', 4097);
	json_t                      *o;

	o = obj_str(s4096);
	ck_assert_uint_eq(check1(o, &f, 1, &errs), 0);
	json_decref(o);
	o = obj_str(s4097);
	ck_assert_uint_eq(check1(o, &f, 1, &errs), 1);
	ck_assert_str_eq(errs.e[0].message, "must be at most 4096 bytes long");
	json_decref(o);
	free(s4097);
	free(s4096);
}
END_TEST

/* A slug field of 64 characters passes, 65 does not. */
START_TEST(test_slug_field_length)
{
	static const struct jv_field f = { "x", JV_SLUG, 0, 0, 0, NULL };
	struct jv_errors             errs;
	char                        *s64 = repeat('z', 64);
	char                        *s65 = repeat('z', 65);
	json_t                      *o;

	o = obj_str(s64);
	ck_assert_uint_eq(check1(o, &f, 1, &errs), 0);
	json_decref(o);
	o = obj_str(s65);
	ck_assert_uint_eq(check1(o, &f, 1, &errs), 1);
	ck_assert_str_eq(errs.e[0].message, MSG_SLUG);
	json_decref(o);
	free(s65);
	free(s64);
}
END_TEST

/* ------------------------------------------------------------------ */
/* JV_TIME */

static const struct {
	const char *in;
	const char *msg; /* NULL: accepted */
} times_fixed[] = {
	{ "2026-11-01T00:00:00Z", NULL }, { "2020-01-01T00:00:00Z", NULL },
	{ "2026-11-21T10:30:00+01:00", NULL }, /* exactly now */
	{ "2026-11-21t09:30:00.999z", NULL },
	{ "2026-13-01T00:00:00Z", MSG_TIME },
	{ "2026-02-29T00:00:00Z", MSG_TIME }, { "2026-11-21", MSG_TIME },
	{ "2026-11-21T09:30:00", MSG_TIME }, /* no offset */
	{ "yesterday", MSG_TIME }, { "", MSG_TIME },
	{ "1969-12-31T23:59:59Z", MSG_TIME },
	{ "2026-11-22T09:30:00Z", MSG_FUTURE }, /* a day ahead */
};

START_TEST(test_time_fixed)
{
	static const struct jv_field f = { "x", JV_TIME, 0, 0, 0, NULL };
	struct jv_errors             errs;
	json_t                      *o = obj_str(times_fixed[_i].in);

	if (times_fixed[_i].msg == NULL)
		ck_assert_msg(check1(o, &f, 1, &errs) == 0, "%s: %s",
		    times_fixed[_i].in, errs.n ? errs.e[0].message : "");
	else {
		ck_assert_msg(check1(o, &f, 1, &errs) == 1, "%s accepted",
		    times_fixed[_i].in);
		ck_assert_str_eq(errs.e[0].message, times_fixed[_i].msg);
	}
	json_decref(o);
}
END_TEST

/* Clock skew: up to JV_FUTURE_SLACK (5 minutes) ahead of now is fine. */
static const struct {
	int64_t ahead; /* seconds after NOW */
	int     ok;
} skews[] = {
	{ -86400, 1 },
	{ 0, 1 },
	{ 240, 1 }, /* 4 minutes */
	{ JV_FUTURE_SLACK, 1 }, /* 5 minutes: the edge */
	{ JV_FUTURE_SLACK + 1, 0 },
	{ 360, 0 }, /* 6 minutes */
	{ 86400 * 365, 0 },
};

START_TEST(test_time_future_slack)
{
	static const struct jv_field f = { "x", JV_TIME, 0, 0, 0, NULL };
	struct jv_errors             errs;
	char                         buf[TIMEFMT_RFC3339_LEN];
	json_t                      *o;

	ck_assert_int_eq(JV_FUTURE_SLACK, 300);
	o = obj_str(timefmt_format(NOW + skews[_i].ahead, buf, sizeof(buf)));
	ck_assert_msg(check1(o, &f, 1, &errs) == (skews[_i].ok ? 0u : 1u),
	    "%s (now + %lld s)", buf, (long long)skews[_i].ahead);
	if (!skews[_i].ok)
		ck_assert_str_eq(errs.e[0].message, MSG_FUTURE);
	json_decref(o);
}
END_TEST

/* ------------------------------------------------------------------ */
/* The error cap */

/* jv_add() keeps the first JV_MAX_ERRORS errors and drops the rest. */
START_TEST(test_add_cap)
{
	struct jv_errors errs = { .n = 0 };
	char             field[16];
	int              i;

	for (i = 0; i < JV_MAX_ERRORS + 5; i++) {
		snprintf(field, sizeof(field), "f%d", i);
		jv_add(&errs, field, "error %d", i);
	}
	ck_assert_uint_eq(errs.n, JV_MAX_ERRORS);
	ck_assert_str_eq(errs.e[0].field, "f0");
	ck_assert_str_eq(errs.e[JV_MAX_ERRORS - 1].field, "f15");
	ck_assert_str_eq(errs.e[JV_MAX_ERRORS - 1].message, "error 15");
}
END_TEST

/* 40 bad members give JV_MAX_ERRORS errors, and the count says so. */
START_TEST(test_check_cap)
{
	static const struct jv_field schema[] = {
		{ "x", JV_INT, 0, 0, 3, NULL },
	};
	struct jv_errors errs = { .n = 0 };
	json_t          *o = json_object();
	char             key[16];
	int              i;

	for (i = 0; i < 40; i++) {
		snprintf(key, sizeof(key), "bogus%d", i);
		json_object_set_new(o, key, json_integer(i));
	}
	ck_assert_uint_eq(
	    jv_check(o, schema, 1, 0, "", NOW, &errs), JV_MAX_ERRORS);
	ck_assert_uint_eq(errs.n, JV_MAX_ERRORS);

	/* Already 10 errors in: only 6 more fit. */
	memset(&errs, 0, sizeof(errs));
	for (i = 0; i < 10; i++)
		jv_add(&errs, "earlier", "earlier error");
	ck_assert_uint_eq(
	    jv_check(o, schema, 1, 0, "", NOW, &errs), JV_MAX_ERRORS - 10);
	ck_assert_uint_eq(errs.n, JV_MAX_ERRORS);
	json_decref(o);
}
END_TEST

/* A very long field name is cut, never overflows. */
START_TEST(test_long_field_name_truncated)
{
	static const struct jv_field schema[] = {
		{ "x", JV_INT, 0, 0, 3, NULL },
	};
	struct jv_errors errs = { .n = 0 };
	char            *key = repeat('k', 500);
	json_t          *o = json_object();

	json_object_set_new(o, key, json_true());
	ck_assert_uint_eq(
	    jv_check(o, schema, 1, 0, "treatments[0]", NOW, &errs), 1);
	ck_assert_uint_eq(strlen(errs.e[0].field), JV_FIELD_LEN - 1);
	ck_assert(strncmp(errs.e[0].field, "treatments[0].kkk", 17) == 0);
	json_decref(o);
	free(key);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Getters */

START_TEST(test_getters)
{
	json_t *o = load("{\"s\": \"v\", \"i\": 7, \"r\": 2.5, \"b\": true, "
	                 "\"f\": false, \"t\": \"2026-11-21T10:30:00+01:00\", "
	                 "\"bad\": \"x\", \"n\": null}");

	ck_assert_str_eq(jv_str(o, "s", "fb"), "v");
	ck_assert_str_eq(jv_str(o, "i", "fb"), "fb");
	ck_assert_str_eq(jv_str(o, "n", "fb"), "fb");
	ck_assert_str_eq(jv_str(o, "missing", "fb"), "fb");
	ck_assert_ptr_null(jv_str(o, "missing", NULL));

	ck_assert_int_eq(jv_int(o, "i", -1), 7);
	ck_assert_int_eq(jv_int(o, "r", -1), -1); /* a real */
	ck_assert_int_eq(jv_int(o, "n", -1), -1);
	ck_assert_int_eq(jv_int(o, "missing", 42), 42);

	ck_assert(jv_num(o, "i", -1) == 7.0); /* an int is a number */
	ck_assert(jv_num(o, "r", -1) == 2.5);
	ck_assert(jv_num(o, "s", -1) == -1);
	ck_assert(jv_num(o, "n", -1) == -1);

	ck_assert_int_eq(jv_bool(o, "b", -1), 1);
	ck_assert_int_eq(jv_bool(o, "f", -1), 0);
	ck_assert_int_eq(jv_bool(o, "i", -1), -1);
	ck_assert_int_eq(jv_bool(o, "n", -1), -1);

	ck_assert_int_eq(jv_time(o, "t", -5), NOW);
	ck_assert_int_eq(jv_time(o, "bad", -5), -5);
	ck_assert_int_eq(jv_time(o, "i", -5), -5);
	ck_assert_int_eq(jv_time(o, "missing", -5), -5);

	ck_assert_int_eq(jv_has(o, "n"), 1);
	ck_assert_int_eq(jv_has(o, "s"), 1);
	ck_assert_int_eq(jv_has(o, "missing"), 0);
	ck_assert_int_eq(jv_is_null(o, "n"), 1);
	ck_assert_int_eq(jv_is_null(o, "s"), 0);
	ck_assert_int_eq(jv_is_null(o, "missing"), 0);
	json_decref(o);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Output */

static const struct {
	double      v;
	int         integer; /* 1: JSON integer, 0: real */
	const char *text; /* json_dumps() of it */
} numbers[] = {
	{ 168, 1, "168" }, { 168.0, 1, "168" }, { 0, 1, "0" }, { -3, 1, "-3" },
	{ 4380, 1, "4380" }, { 0.25, 0, "0.25" }, { 0.5, 0, "0.5" },
	{ 1.0 / 3, 0, "0.333333" }, { 0.1 + 0.2, 0, "0.3" },
	{ 1e16, 0, "1e16" }, /* whole but beyond 2^53 */
};

START_TEST(test_number_output)
{
	json_t *v = jv_number(numbers[_i].v);
	char   *s;

	ck_assert_ptr_nonnull(v);
	ck_assert_msg((json_is_integer(v) != 0) == numbers[_i].integer,
	    "%.17g: integer should be %d", numbers[_i].v, numbers[_i].integer);
	if (numbers[_i].integer)
		ck_assert_int_eq(
		    json_integer_value(v), (json_int_t)numbers[_i].v);
	else
		ck_assert(json_is_real(v));
	s = json_dumps(v, JSON_ENCODE_ANY | JSON_REAL_PRECISION(6));
	ck_assert_str_eq(s, numbers[_i].text);
	free(s);
	json_decref(v);
}
END_TEST

START_TEST(test_time_json)
{
	json_t *v;

	v = jv_time_json(INT64_MIN);
	ck_assert(json_is_null(v));
	json_decref(v);

	v = jv_time_json(0);
	ck_assert(json_is_string(v));
	ck_assert_str_eq(json_string_value(v), "1970-01-01T00:00:00Z");
	json_decref(v);

	v = jv_time_json(NOW);
	ck_assert_str_eq(json_string_value(v), "2026-11-21T09:30:00Z");
	json_decref(v);
}
END_TEST

static Suite *
jsonv_suite(void)
{
	Suite *s;
	TCase *tc;

	s = suite_create("jsonv");

	tc = tcase_create("slug");
	tcase_add_loop_test(tc, test_slug_table, 0, NELEM(slugs));
	tcase_add_test(tc, test_slug_length_limit);
	suite_add_tcase(s, tc);

	tc = tcase_create("check");
	tcase_add_loop_test(tc, test_check_table, 0, NELEM(cases));
	tcase_add_test(tc, test_unknown_field_prefixed);
	tcase_add_loop_test(tc, test_nearest, 0, NELEM(nearest));
	tcase_add_test(tc, test_nested_errors_prefixed);
	tcase_add_test(tc, test_all_errors_collected);
	tcase_add_test(tc, test_returns_errors_added);
	tcase_add_test(tc, test_string_default_limit);
	tcase_add_test(tc, test_slug_field_length);
	suite_add_tcase(s, tc);

	tc = tcase_create("time");
	tcase_add_loop_test(tc, test_time_fixed, 0, NELEM(times_fixed));
	tcase_add_loop_test(tc, test_time_future_slack, 0, NELEM(skews));
	suite_add_tcase(s, tc);

	tc = tcase_create("limits");
	tcase_add_test(tc, test_add_cap);
	tcase_add_test(tc, test_check_cap);
	tcase_add_test(tc, test_long_field_name_truncated);
	suite_add_tcase(s, tc);

	tc = tcase_create("getters");
	tcase_add_test(tc, test_getters);
	suite_add_tcase(s, tc);

	tc = tcase_create("output");
	tcase_add_loop_test(tc, test_number_output, 0, NELEM(numbers));
	tcase_add_test(tc, test_time_json);
	suite_add_tcase(s, tc);

	return s;
}

int
main(void)
{
	return check_run(jsonv_suite());
}
