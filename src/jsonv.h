/*
 * jsonv.h: validating request bodies and query values against small
 * schema tables, collecting every error with the field it names.
 *
 * Field names in errors: top-level fields by name ("redness"), nested ones
 * with dots and brackets ("treatments[0].depth_mm"), query parameters by
 * name ("limit").
 */
#ifndef NEEDLED_JSONV_H
#define NEEDLED_JSONV_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#define JV_FIELD_LEN 96
#define JV_MSG_LEN 224
#define JV_MAX_ERRORS 16

/* Seconds a written time may lie in the future (clock skew). */
#define JV_FUTURE_SLACK 300

struct jv_error {
	char field[JV_FIELD_LEN];
	char message[JV_MSG_LEN];
};

struct jv_errors {
	struct jv_error e[JV_MAX_ERRORS];
	size_t          n;
};

enum jv_type {
	JV_STRING, /* max: length in bytes (0: no limit but 4096) */
	JV_SLUG, /* ^[a-z0-9]+(-[a-z0-9]+)*$, at most 64 */
	JV_INT, /* integer in [min, max] */
	JV_NUMBER, /* integer or real in [min, max] (see JV_MIN_EXCL) */
	JV_BOOL,
	JV_TIME, /* RFC 3339 string, at most JV_FUTURE_SLACK ahead */
	JV_ARRAY, /* max: most elements */
	JV_OBJECT,
	JV_ANY /* computed by the server: ignored on input */
};

#define JV_REQUIRED 0x01 /* must be present and not null (POST) */
#define JV_NULLABLE 0x02 /* null is a value (clears it) */
#define JV_MIN_EXCL 0x04 /* number must be > min, not >= */

struct jv_schema;

struct jv_field {
	const char  *name;
	enum jv_type type;
	unsigned int flags;
	double       min;
	double       max;
	/* JV_ARRAY of objects: the schema of each item, checked with the
	 * field named "key[i]"; NULL: items are checked by the caller. */
	const struct jv_schema *items;
};

/* A schema: what a request body (or an item of one) may hold. */
struct jv_schema {
	const struct jv_field *fields;
	size_t                 nfields;
};

/* Append one error.  Beyond JV_MAX_ERRORS errors are dropped. */
void jv_add(struct jv_errors *, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/*
 * Check obj against the schema: every member must be a field of the
 * schema (else "unknown field") or one of the fields the server computes
 * everywhere (id, uses, worn, first_used_at, tracked, readiness,
 * aftercare, warnings: ignored), of its type and range; with `create`,
 * JV_REQUIRED fields must be present and non-null.  A null member is
 * accepted only for JV_NULLABLE fields, and for optional fields on create
 * (it means "absent").  JV_ANY members are ignored.  prefix ("" or
 * "treatments[0]") is put before field names.  now is for JV_TIME.
 * Returns the number of errors added.
 */
size_t
jv_check(const json_t *obj, const struct jv_field *schema, size_t nschema,
    int create, const char *prefix, int64_t now, struct jv_errors *errs);

/* jv_check() with a schema object. */
size_t jv_check_schema(const json_t *obj, const struct jv_schema *, int create,
    const char *prefix, int64_t now, struct jv_errors *errs);

/*
 * The name in list (separated by commas and spaces: "forehead, nose")
 * nearest to word, for a "did you mean" hint: one within a small edit
 * distance (a third of the word's length, rounded down), or one that word
 * starts or ends (a word of 3 or more characters: "depth" for
 * "depth_mm").  Copies it into out and returns 1, or returns 0.
 */
int jv_nearest(const char *word, const char *list, char *out, size_t outlen);

/* Whether s is a valid area slug. */
int jv_slug_ok(const char *s);

/*
 * Getters for members already checked by jv_check().  They return the
 * fallback when the member is absent or null.
 */
const char *jv_str(const json_t *obj, const char *key, const char *fallback);
long long   jv_int(const json_t *obj, const char *key, long long fallback);
double      jv_num(const json_t *obj, const char *key, double fallback);
int         jv_bool(const json_t *obj, const char *key, int fallback);
/* A JV_TIME member as Unix seconds, or fallback. */
int64_t jv_time(const json_t *obj, const char *key, int64_t fallback);
/* Whether the member is present (null included). */
int jv_has(const json_t *obj, const char *key);
/* Whether the member is present and null. */
int jv_is_null(const json_t *obj, const char *key);

/*
 * Numbers are stored and shown to 6 decimals (JV_DECIMALS): jv_num()
 * gives a member rounded so, and jv_check() checks the rounded value, so
 * that what passes validation is what is stored (1e-7 mm is 0 mm, out of
 * range, not accepted and later shown as 0).
 */
#define JV_DECIMALS 6
double jv_round(double v);

/*
 * A number for output: an integer when it is whole (168, not 168.0), else
 * a real rounded to JV_DECIMALS decimals.  New reference.
 */
json_t *jv_number(double v);
/* RFC 3339 string for t, or JSON null for INT64_MIN.  New reference. */
json_t *jv_time_json(int64_t t);

#endif /* NEEDLED_JSONV_H */
