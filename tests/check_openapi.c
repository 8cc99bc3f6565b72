/*
 * check_openapi.c: the OpenAPI document served at /openapi.json
 * (src/openapi.json, embedded at build time) against the route table and
 * the request body schemas, both ways: every row is documented and every
 * documented operation is a row; every body schema is documented field by
 * field (names, required, types, bounds, null); auth needs, summaries,
 * the problem types and the statuses each kind of route answers agree.
 *
 * Each check is a function that counts the disagreements it finds and
 * keeps the first as a message.  The checks run on the real document
 * (no disagreement) and on copies broken on purpose (each must find one),
 * so that a check that cannot fail is caught too.
 */
#include "buildconf.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <check.h>
#include <jansson.h>

#include "api.h"
#include "openapi.h"
#include "util.h"
#include "check_util.h"

/* main.c's, which this program does not link. */
int64_t needled_started_at;

#define AREA_SLUG_RE "^[a-z0-9]+(-[a-z0-9]+)*$"
#define JV_STRING_MAX 4096 /* jsonv.c: a JV_STRING of max 0 */
#define JV_SLUG_MAX 64

static const struct {
	enum api_method method;
	const char     *name; /* its key in a path item */
} methods[] = {
	{ API_GET, "get" },
	{ API_POST, "post" },
	{ API_PUT, "put" },
	{ API_PATCH, "patch" },
	{ API_DELETE, "delete" },
	/* Documented operations that no row serves. */
	{ 0, "options" },
	{ 0, "head" },
	{ 0, "trace" },
};

/* The disagreements a check found, and the first few, one a line. */
struct findings {
	int  n;
	char first[2048];
};

static void __attribute__((format(printf, 2, 3)))
found(struct findings *f, const char *fmt, ...)
{
	va_list ap;
	size_t  o = strlen(f->first);

	f->n++;
	if (o + 2 >= sizeof(f->first))
		return;
	f->first[o++] = '\n';
	va_start(ap, fmt);
	vsnprintf(f->first + o, sizeof(f->first) - o, fmt, ap);
	va_end(ap);
}

/* A JSON string's value, or "" for anything else. */
static const char *
jstr(const json_t *v)
{
	const char *s = json_string_value(v);

	return s != NULL ? s : "";
}

static json_t *
load_doc(void)
{
	json_error_t err;
	json_t      *doc;

	doc = json_loadb((const char *)openapi_json, openapi_json_len,
	    JSON_REJECT_DUPLICATES, &err);
	ck_assert_msg(doc != NULL, "src/openapi.json:%d:%d: %s", err.line,
	    err.column, err.text);
	return doc;
}

/* What a JSON pointer ("#/components/schemas/Area") points at, or NULL. */
static json_t *
pointer(json_t *doc, const char *ref)
{
	json_t     *node = doc;
	char        tok[256];
	const char *p;
	size_t      n, i, o;

	if (strncmp(ref, "#/", 2) != 0)
		return NULL;
	for (p = ref + 2; node != NULL && *p != '\0'; p += n + (p[n] == '/')) {
		n = strcspn(p, "/");
		for (i = o = 0; i < n && o + 1 < sizeof(tok); i++) {
			if (p[i] == '~' && i + 1 < n &&
			    (p[i + 1] == '0' || p[i + 1] == '1')) {
				tok[o++] = p[i + 1] == '0' ? '~' : '/';
				i++;
			} else
				tok[o++] = p[i];
		}
		tok[o] = '\0';
		if (json_is_object(node))
			node = json_object_get(node, tok);
		else
			node = NULL;
	}
	return node;
}

/* node with its $ref followed (a few times at most), or NULL. */
static json_t *
deref(json_t *doc, json_t *node)
{
	const char *ref;
	int         i;

	for (i = 0; i < 8 && node != NULL; i++) {
		if ((ref = json_string_value(json_object_get(node, "$ref"))) ==
		    NULL)
			return node;
		node = pointer(doc, ref);
	}
	return NULL;
}

/* Every "$ref" under node resolves in doc. */
static void
check_refs(json_t *doc, json_t *node, const char *where, struct findings *f)
{
	const char *key, *ref;
	json_t     *v;
	size_t      i;

	if (json_is_object(node)) {
		json_object_foreach(node, key, v)
		{
			if (strcmp(key, "$ref") == 0) {
				ref = json_string_value(v);
				if (ref == NULL || pointer(doc, ref) == NULL)
					found(f,
					    "%s: $ref %s does not "
					    "resolve",
					    where,
					    ref ? ref : "(not a string)");
			} else
				check_refs(doc, v, key, f);
		}
	} else if (json_is_array(node))
		json_array_foreach(node, i, v) check_refs(doc, v, where, f);
}

/* A documented path as a route pattern: "/areas/{slug}" is "/areas/{}". */
static void
as_pattern(const char *path, char *buf, size_t len)
{
	size_t o = 0;

	for (; *path != '\0' && o + 3 < len; path++) {
		if (*path == '{') {
			buf[o++] = '{';
			buf[o++] = '}';
			path += strcspn(path, "}");
			if (*path == '\0')
				break;
		} else
			buf[o++] = *path;
	}
	buf[o] = '\0';
}

/* The documented path item of a pattern, and its path, or NULL. */
static json_t *
path_of(json_t *doc, const char *pattern, const char **path)
{
	const char *key;
	json_t     *item, *hit = NULL;
	char        pat[256];

	json_object_foreach(json_object_get(doc, "paths"), key, item)
	{
		as_pattern(key, pat, sizeof(pat));
		if (strcmp(pat, pattern) == 0) {
			if (hit != NULL)
				return NULL; /* two for one pattern */
			hit = item;
			*path = key;
		}
	}
	return hit;
}

static const char *
method_name(enum api_method m)
{
	size_t i;

	for (i = 0; i < NELEM(methods); i++)
		if (methods[i].method == m)
			return methods[i].name;
	return "?";
}

/* The operation documented for a row, or NULL. */
static json_t *
operation_of(json_t *doc, const struct api_route *r, const char **path)
{
	json_t *item;

	if ((item = path_of(doc, r->pattern, path)) == NULL)
		return NULL;
	return json_object_get(item, method_name(r->method));
}

/*
 * Every row is documented, under its path with "{}" named, with its
 * summary and a path parameter "id" or "slug" declared for the "{}".
 */
static void
check_rows_documented(
    json_t *doc, const struct api_route *rt, size_t n, struct findings *f)
{
	const char *path = "", *name;
	json_t     *op, *p, *params;
	char        want[64];
	size_t      i, k;
	int         have;

	for (i = 0; i < n; i++) {
		if ((op = operation_of(doc, &rt[i], &path)) == NULL) {
			found(f, "%s %s: not documented",
			    method_name(rt[i].method), rt[i].pattern);
			continue;
		}
		if (!json_is_string(json_object_get(op, "summary")) ||
		    strcmp(json_string_value(json_object_get(op, "summary")),
		        rt[i].summary) != 0)
			found(f, "%s %s: summary is not the table's \"%s\"",
			    method_name(rt[i].method), path, rt[i].summary);
		if (!json_is_string(json_object_get(op, "operationId")))
			found(f, "%s %s: no operationId",
			    method_name(rt[i].method), path);
		if (strstr(rt[i].pattern, "{}") == NULL)
			continue;
		name = strchr(path, '{') + 1;
		snprintf(
		    want, sizeof(want), "%.*s", (int)strcspn(name, "}"), name);
		if (strcmp(want, "id") != 0 && strcmp(want, "slug") != 0)
			found(f,
			    "%s: the path parameter is {%s}, not {id} "
			    "or {slug}",
			    path, want);
		have = 0;
		params = json_object_get(op, "parameters");
		json_array_foreach(params, k, p)
		{
			p = deref(doc, p);
			if (p != NULL &&
			    json_is_true(json_object_get(p, "required")) &&
			    strcmp(jstr(json_object_get(p, "in")), "path") ==
			        0 &&
			    strcmp(jstr(json_object_get(p, "name")), want) == 0)
				have = 1;
		}
		if (!have)
			found(f, "%s %s: no required path parameter '%s'",
			    method_name(rt[i].method), path, want);
	}
}

/* Whether the space-separated list holds name. */
static int
in_list(const char *list, const char *name)
{
	size_t n, len = strlen(name);

	while (list != NULL && *list != '\0') {
		n = strcspn(list, " ");
		if (n == len && strncmp(list, name, n) == 0)
			return 1;
		list += n;
		list += strspn(list, " ");
	}
	return 0;
}

/*
 * The query parameters of each row (the ones api_dispatch() lets
 * through) are the ones documented "in": "query", both ways.
 */
static void
check_query_params(
    json_t *doc, const struct api_route *rt, size_t n, struct findings *f)
{
	const char *path = "", *name, *list;
	json_t     *op, *p;
	char        want[64];
	size_t      i, k, len;

	for (i = 0; i < n; i++) {
		if ((op = operation_of(doc, &rt[i], &path)) == NULL)
			continue;
		json_array_foreach(json_object_get(op, "parameters"), k, p)
		{
			p = deref(doc, p);
			if (p == NULL ||
			    strcmp(jstr(json_object_get(p, "in")), "query") !=
			        0)
				continue;
			name = jstr(json_object_get(p, "name"));
			if (!in_list(rt[i].params, name))
				found(f,
				    "%s %s: documents ?%s=, which the "
				    "route refuses (400)",
				    method_name(rt[i].method), path, name);
		}
		for (list = rt[i].params; list != NULL && *list != '\0';
		     list += strspn(list, " ")) {
			len = strcspn(list, " ");
			snprintf(want, sizeof(want), "%.*s", (int)len, list);
			list += len;
			/* ?token= is the bearer scheme's, documented there. */
			if (strcmp(want, "token") == 0)
				continue;
			json_array_foreach(
			    json_object_get(op, "parameters"), k, p)
			{
				p = deref(doc, p);
				if (p != NULL &&
				    strcmp(jstr(json_object_get(p, "in")),
				        "query") == 0 &&
				    strcmp(jstr(json_object_get(p, "name")),
				        want) == 0)
					break;
			}
			if (k ==
			    json_array_size(json_object_get(op, "parameters")))
				found(f, "%s %s: ?%s= is not documented",
				    method_name(rt[i].method), path, want);
		}
	}
}

/* Every documented operation is served by a row. */
static void
check_documented_served(
    json_t *doc, const struct api_route *rt, size_t n, struct findings *f)
{
	const char *path, *key;
	json_t     *item, *v;
	char        pat[256];
	size_t      i, m;
	int         served;

	json_object_foreach(json_object_get(doc, "paths"), path, item)
	{
		as_pattern(path, pat, sizeof(pat));
		json_object_foreach(item, key, v)
		{
			for (m = 0; m < NELEM(methods); m++)
				if (strcmp(key, methods[m].name) == 0)
					break;
			if (m == NELEM(methods))
				continue; /* parameters, summary... */
			served = 0;
			for (i = 0; i < n; i++)
				if (rt[i].method == methods[m].method &&
				    strcmp(rt[i].pattern, pat) == 0)
					served = 1;
			if (!served)
				found(f,
				    "%s %s: documented but no route "
				    "serves it",
				    key, path);
		}
	}
}

/* The security of a row: [] open, else the bearer scheme with a role. */
static void
check_security(
    json_t *doc, const struct api_route *rt, size_t n, struct findings *f)
{
	const char *path = "", *role;
	json_t     *op, *sec, *scheme;
	size_t      i;

	scheme = json_object_get(
	    json_object_get(
	        json_object_get(doc, "components"), "securitySchemes"),
	    "bearer");
	if (strcmp(jstr(json_object_get(scheme, "type")), "http") != 0 ||
	    strcmp(jstr(json_object_get(scheme, "scheme")), "bearer") != 0)
		found(f,
		    "components.securitySchemes.bearer is not HTTP "
		    "bearer");
	for (i = 0; i < n; i++) {
		if ((op = operation_of(doc, &rt[i], &path)) == NULL)
			continue; /* check_rows_documented() says so */
		if ((sec = json_object_get(op, "security")) == NULL)
			sec = json_object_get(doc, "security");
		if (rt[i].auth == API_AUTH_NONE) {
			if (!json_is_array(sec) || json_array_size(sec) != 0)
				found(f, "%s %s: open, so security: []",
				    method_name(rt[i].method), path);
			continue;
		}
		role = rt[i].auth == API_AUTH_WRITE ? "write" : "read";
		if (!json_is_array(sec) || json_array_size(sec) != 1 ||
		    json_object_size(json_array_get(sec, 0)) != 1 ||
		    json_array_size(json_object_get(
		        json_array_get(sec, 0), "bearer")) != 1 ||
		    strcmp(
		        jstr(json_array_get(
		            json_object_get(json_array_get(sec, 0), "bearer"),
		            0)),
		        role) != 0)
			found(f,
			    "%s %s: security is not [{\"bearer\": "
			    "[\"%s\"]}]",
			    method_name(rt[i].method), path, role);
	}
}

/*
 * The properties and the required names of a body schema, following $ref
 * and allOf: merged into props (name: schema) and req (name: true).
 */
static void
collect(json_t *doc, json_t *schema, json_t *props, json_t *req, int depth)
{
	const char *key;
	json_t     *v;
	size_t      i;

	if (depth > 8 || (schema = deref(doc, schema)) == NULL)
		return;
	json_object_foreach(json_object_get(schema, "properties"), key, v)
	    json_object_set(
	        props, key, deref(doc, v) != NULL ? deref(doc, v) : v);
	json_array_foreach(
	    json_object_get(schema, "required"), i, v) if (json_is_string(v))
	    json_object_set_new(req, json_string_value(v), json_true());
	json_array_foreach(json_object_get(schema, "allOf"), i, v)
	    collect(doc, v, props, req, depth + 1);
}

/* Whether a schema's type is t, or [t, "null"] when nullable. */
static int
type_is(json_t *s, const char *t, int nullable)
{
	json_t *type = json_object_get(s, "type");

	if (!nullable)
		return json_is_string(type) &&
		    strcmp(json_string_value(type), t) == 0;
	return json_is_array(type) && json_array_size(type) == 2 &&
	    strcmp(jstr(json_array_get(type, 0)), t) == 0 &&
	    strcmp(jstr(json_array_get(type, 1)), "null") == 0;
}

/* Whether member key of s is the number want (absent when !present). */
static int
num_is(json_t *s, const char *key, int present, double want)
{
	json_t *v = json_object_get(s, key);

	if (!present)
		return v == NULL;
	return json_is_number(v) && fabs(json_number_value(v) - want) < 1e-9;
}

/* One field of a body schema against its documented property. */
static void
check_field(
    const char *where, const struct jv_field *fd, json_t *p, struct findings *f)
{
	int nullable = (fd->flags & JV_NULLABLE) != 0;
	int required = (fd->flags & JV_REQUIRED) != 0;
	int ok = 1;
	int bounded;

	switch (fd->type) {
	case JV_STRING:
		ok = type_is(p, "string", nullable) &&
		    num_is(p, "maxLength", 1,
		        fd->max > 0 ? fd->max : JV_STRING_MAX) &&
		    num_is(p, "minLength", required, 1);
		break;
	case JV_SLUG:
		ok = type_is(p, "string", nullable) &&
		    num_is(p, "maxLength", 1, JV_SLUG_MAX) &&
		    strcmp(jstr(json_object_get(p, "pattern")), AREA_SLUG_RE) ==
		        0;
		break;
	case JV_INT:
		/* The bounds of "any integer" are not written. */
		bounded = fd->min > -9e18 && fd->max < 9e18;
		ok = type_is(p, "integer", nullable) &&
		    num_is(p, "minimum", bounded, fd->min) &&
		    num_is(p, "maximum", bounded, fd->max);
		break;
	case JV_NUMBER:
		ok = type_is(p, "number", nullable) &&
		    num_is(p, "maximum", 1, fd->max) &&
		    ((fd->flags & JV_MIN_EXCL)
		            ? num_is(p, "exclusiveMinimum", 1, fd->min) &&
		                num_is(p, "minimum", 0, 0)
		            : num_is(p, "minimum", 1, fd->min) &&
		                num_is(p, "exclusiveMinimum", 0, 0));
		break;
	case JV_BOOL: ok = type_is(p, "boolean", nullable); break;
	case JV_TIME:
		ok = type_is(p, "string", nullable) &&
		    strcmp(jstr(json_object_get(p, "format")), "date-time") ==
		        0;
		break;
	case JV_ARRAY:
		ok = type_is(p, "array", nullable) &&
		    num_is(p, "minItems", fd->min > 0, fd->min) &&
		    num_is(p, "maxItems", fd->max > 0, fd->max) &&
		    json_object_get(p, "items") != NULL;
		break;
	case JV_OBJECT: ok = type_is(p, "object", nullable); break;
	case JV_ANY: break;
	}
	if (!ok)
		found(f,
		    "%s: does not document its type, bounds or null as "
		    "the body schema has them",
		    where);
}

/*
 * Every body schema, field by field: the documented properties are the
 * fields the client may write (JV_ANY ones are computed and ignored), both
 * ways; required is the JV_REQUIRED fields on POST and PUT (which create
 * or replace the whole object) and nothing on PATCH (which jv_check()s
 * with create 0: it changes the fields given).
 */
static void
check_bodies(
    json_t *doc, const struct api_route *rt, size_t n, struct findings *f)
{
	const struct jv_field *fd;
	const char            *path = "", *key;
	json_t                *op, *rb, *schema, *props, *req, *v;
	char                   where[256];
	size_t                 i, k, nreq;
	int                    patch;

	for (i = 0; i < n; i++) {
		if ((op = operation_of(doc, &rt[i], &path)) == NULL)
			continue;
		rb = deref(doc, json_object_get(op, "requestBody"));
		if (rt[i].body == NULL) {
			if (rb != NULL)
				found(f,
				    "%s %s: documents a body the route "
				    "does not take",
				    method_name(rt[i].method), path);
			continue;
		}
		schema = json_object_get(
		    json_object_get(
		        json_object_get(rb, "content"), "application/json"),
		    "schema");
		if (schema == NULL ||
		    !json_is_true(json_object_get(rb, "required"))) {
			found(f, "%s %s: no required application/json body",
			    method_name(rt[i].method), path);
			continue;
		}
		props = json_object();
		req = json_object();
		collect(doc, schema, props, req, 0);
		patch = rt[i].method == API_PATCH;
		nreq = 0;
		for (k = 0; k < rt[i].body->nfields; k++) {
			fd = &rt[i].body->fields[k];
			snprintf(where, sizeof(where), "%s %s: body field %s",
			    method_name(rt[i].method), path, fd->name);
			v = json_object_get(props, fd->name);
			if (fd->type == JV_ANY) {
				if (v != NULL)
					found(f,
					    "%s: computed, so not a "
					    "property to write",
					    where);
				continue;
			}
			if (v == NULL) {
				found(f, "%s: not documented", where);
				continue;
			}
			check_field(where, fd, v, f);
			if ((fd->flags & JV_REQUIRED) && !patch) {
				nreq++;
				if (json_object_get(req, fd->name) == NULL)
					found(f,
					    "%s: required, documented "
					    "optional",
					    where);
			}
		}
		/* Documented properties the schema does not have. */
		json_object_foreach(props, key, v)
		{
			for (k = 0; k < rt[i].body->nfields; k++)
				if (strcmp(rt[i].body->fields[k].name, key) ==
				        0 &&
				    rt[i].body->fields[k].type != JV_ANY)
					break;
			if (k == rt[i].body->nfields)
				found(f,
				    "%s %s: documents body field %s, "
				    "which the route refuses (422)",
				    method_name(rt[i].method), path, key);
		}
		if (json_object_size(req) != nreq)
			found(f,
			    "%s %s: required lists %zu fields, the body "
			    "schema %s %zu",
			    method_name(rt[i].method), path,
			    json_object_size(req),
			    patch ? "(PATCH) needs" : "has", nreq);
		json_decref(props);
		json_decref(req);
	}
}

/* Whether responses has status with a header (NULL: any) after $refs. */
static int
has_response(
    json_t *doc, json_t *responses, const char *status, const char *hdr)
{
	json_t *r = deref(doc, json_object_get(responses, status));

	if (r == NULL)
		return 0;
	return hdr == NULL ||
	    deref(doc, json_object_get(json_object_get(r, "headers"), hdr)) !=
	    NULL;
}

/* A problem response: application/problem+json with the Problem schema. */
static int
is_problem(json_t *doc, json_t *responses, const char *status)
{
	json_t *r = deref(doc, json_object_get(responses, status));
	json_t *s;

	s = json_object_get(json_object_get(json_object_get(r, "content"),
	                        "application/problem+json"),
	    "schema");
	return s != NULL &&
	    deref(doc, s) == pointer(doc, "#/components/schemas/Problem");
}

/*
 * The statuses of each kind of route (API.md: Conventions), with their
 * headers: GET 200 with ETag and 304; POST 201 with Location; PATCH and
 * PUT 200; DELETE 204; 401 unless open; 404 with a path parameter; writes
 * with a body 400, 413, 415 and 422; 500, 503 with Retry-After; 507 on
 * writes; a list's ?limit= and ?cursor=.  Errors are problems.
 */
static void
check_responses(
    json_t *doc, const struct api_route *rt, size_t n, struct findings *f)
{
	static const char *const body_errors[] = { "400", "413", "415", "422" };
	const char              *path = "", *m, *key, *name;
	json_t                  *op, *res, *r, *ok, *p;
	size_t                   i, k;
	int                      limit, cursor;

	for (i = 0; i < n; i++) {
		if ((op = operation_of(doc, &rt[i], &path)) == NULL)
			continue;
		m = method_name(rt[i].method);
		res = json_object_get(op, "responses");
		switch (rt[i].method) {
		case API_GET:
			if (!has_response(doc, res, "200", "ETag") ||
			    !has_response(doc, res, "304", "ETag"))
				found(f, "%s %s: no 200 and 304 with ETag", m,
				    path);
			break;
		case API_POST:
			if (!has_response(doc, res, "201", "Location"))
				found(
				    f, "%s %s: no 201 with Location", m, path);
			break;
		case API_PUT:
		case API_PATCH:
			if (!has_response(doc, res, "200", NULL))
				found(f, "%s %s: no 200", m, path);
			break;
		case API_DELETE:
			if (!has_response(doc, res, "204", NULL))
				found(f, "%s %s: no 204", m, path);
			break;
		}
		if (rt[i].auth != API_AUTH_NONE &&
		    !has_response(doc, res, "401", "WWW-Authenticate"))
			found(
			    f, "%s %s: no 401 with WWW-Authenticate", m, path);
		if (strstr(rt[i].pattern, "{}") != NULL &&
		    !has_response(doc, res, "404", NULL))
			found(f, "%s %s: no 404", m, path);
		if (rt[i].body != NULL)
			for (k = 0; k < NELEM(body_errors); k++)
				if (!has_response(
				        doc, res, body_errors[k], NULL))
					found(f, "%s %s: no %s", m, path,
					    body_errors[k]);
		if (rt[i].auth != API_AUTH_NONE &&
		    (!has_response(doc, res, "500", NULL) ||
		        !has_response(doc, res, "503", "Retry-After")))
			found(f, "%s %s: no 500, or 503 with Retry-After", m,
			    path);
		if (rt[i].method != API_GET &&
		    !has_response(doc, res, "507", NULL))
			found(f, "%s %s: no 507", m, path);
		json_object_foreach(res, key, r) if (key[0] >= '4' &&
		    rt[i].auth != API_AUTH_NONE && !is_problem(doc, res, key))
		    found(f,
		        "%s %s: %s is not a problem+json "
		        "Problem",
		        m, path, key);
		/* A list (its 200 has "next") pages. */
		ok = deref(doc,
		    json_object_get(
		        json_object_get(
		            json_object_get(
		                deref(doc, json_object_get(res, "200")),
		                "content"),
		            "application/json"),
		        "schema"));
		if (rt[i].method != API_GET ||
		    json_object_get(
		        json_object_get(ok, "properties"), "next") == NULL)
			continue;
		limit = cursor = 0;
		json_array_foreach(json_object_get(op, "parameters"), k, p)
		{
			p = deref(doc, p);
			name = json_string_value(json_object_get(p, "name"));
			if (name != NULL && strcmp(name, "limit") == 0)
				limit = 1;
			if (name != NULL && strcmp(name, "cursor") == 0)
				cursor = 1;
		}
		if (!limit || !cursor)
			found(f,
			    "%s %s: a list without ?limit= and ?cursor=", m,
			    path);
	}
}

/*
 * The problem types: the documented enum is every type needled answers
 * (api.c's status table, and strict refusals), both ways.
 */
static void
check_problem_types(json_t *doc, struct findings *f)
{
	struct api_resp resp;
	json_t         *types, *produced, *v;
	const char     *t;
	size_t          i;
	int             status;

	types = json_object_get(
	    json_object_get(
	        json_object_get(
	            pointer(doc, "#/components/schemas/Problem"), "properties"),
	        "type"),
	    "enum");
	if (!json_is_array(types)) {
		found(f, "Problem.type has no enum");
		return;
	}
	produced = json_object();
	for (status = 400; status < 600; status++) {
		memset(&resp, 0, sizeof(resp));
		api_problem(&resp, status, NULL, "test");
		t = json_string_value(json_object_get(resp.body, "type"));
		if (t != NULL && strcmp(t, "about:blank") != 0)
			json_object_set_new(produced, t, json_true());
		json_decref(resp.body);
	}
	memset(&resp, 0, sizeof(resp));
	api_strict_refusal(&resp, json_array());
	t = json_string_value(json_object_get(resp.body, "type"));
	json_object_set_new(produced, t ? t : "", json_true());
	json_decref(resp.body);

	json_array_foreach(types, i,
	    v) if (json_object_get(produced, jstr(v)) == NULL) found(f,
	    "Problem.type %s: needled never answers it", json_string_value(v));
	if (json_array_size(types) < json_object_size(produced))
		found(f, "Problem.type lists %zu types, needled answers %zu",
		    json_array_size(types), json_object_size(produced));
	json_decref(produced);
}

/* The real document: it parses, is 3.1 and its $refs resolve. */
START_TEST(test_document_parses)
{
	struct findings f = { 0 };
	json_t         *doc = load_doc();
	const char     *v;

	ck_assert_int_eq(openapi_json[openapi_json_len], '\0');
	v = json_string_value(json_object_get(doc, "openapi"));
	ck_assert_msg(v != NULL && strncmp(v, "3.1.", 4) == 0, "openapi: %s",
	    v ? v : "(none)");
	ck_assert_str_eq(json_string_value(json_object_get(
	                     json_object_get(doc, "info"), "version")),
	    PACKAGE_VERSION);
	check_refs(doc, doc, "document", &f);
	ck_assert_msg(f.n == 0, "%d: %s", f.n, f.first);
	json_decref(doc);
}
END_TEST

typedef void
check_fn(json_t *, const struct api_route *, size_t, struct findings *);

static void
run_check(check_fn *fn)
{
	struct findings         f = { 0 };
	const struct api_route *rt;
	json_t                 *doc = load_doc();
	size_t                  n;

	rt = api_routes(&n);
	fn(doc, rt, n, &f);
	ck_assert_msg(f.n == 0, "%d disagreement(s):%s", f.n, f.first);
	json_decref(doc);
}

START_TEST(test_every_row_documented)
{
	run_check(check_rows_documented);
}
END_TEST

START_TEST(test_every_operation_served)
{
	run_check(check_documented_served);
}
END_TEST

START_TEST(test_query_params_documented)
{
	run_check(check_query_params);
}
END_TEST

START_TEST(test_security_matches_auth)
{
	run_check(check_security);
}
END_TEST

START_TEST(test_bodies_match_schemas)
{
	run_check(check_bodies);
}
END_TEST

START_TEST(test_responses_per_route)
{
	run_check(check_responses);
}
END_TEST

START_TEST(test_problem_types)
{
	struct findings f = { 0 };
	json_t         *doc = load_doc();

	check_problem_types(doc, &f);
	ck_assert_msg(f.n == 0, "%d: %s", f.n, f.first);
	json_decref(doc);
}
END_TEST

/*
 * The checks can fail: each breakage of a copy of the document, or of the
 * route table, is found by the check named.
 */
static json_t *
op_at(json_t *doc, const char *path, const char *method)
{
	return json_object_get(
	    json_object_get(json_object_get(doc, "paths"), path), method);
}

static json_t *
schema_at(json_t *doc, const char *name)
{
	return json_object_get(
	    json_object_get(json_object_get(doc, "components"), "schemas"),
	    name);
}

static json_t *
prop_at(json_t *doc, const char *schema, const char *prop)
{
	return json_object_get(
	    json_object_get(schema_at(doc, schema), "properties"), prop);
}

enum breakage {
	B_DROP_PATH,
	B_DROP_METHOD,
	B_EXTRA_METHOD,
	B_EXTRA_PATH,
	B_SUMMARY,
	B_PARAM_NAME,
	B_OPEN_READ,
	B_WRITE_AS_READ,
	B_EXTRA_PROPERTY,
	B_DROP_PROPERTY,
	B_COMPUTED_PROPERTY,
	B_DROP_REQUIRED,
	B_PATCH_REQUIRED,
	B_MAX,
	B_NULLABLE,
	B_EXCL_MIN,
	B_DROP_ETAG,
	B_DROP_401,
	B_DROP_422,
	B_PROBLEM_TYPE,
	B_BAD_REF,
	B_EXTRA_ROUTE,
	B_BODY_ON_GET,
	B_DROP_QUERY,
	B_EXTRA_QUERY
};

static const struct {
	enum breakage b;
	const char   *what;
} breakages[] = {
	{ B_DROP_PATH, "a path not documented" },
	{ B_DROP_METHOD, "a method not documented" },
	{ B_EXTRA_METHOD, "a method documented, not served" },
	{ B_EXTRA_PATH, "a path documented, not served" },
	{ B_SUMMARY, "a summary not the table's" },
	{ B_PARAM_NAME, "a path parameter not declared" },
	{ B_OPEN_READ, "/health not open" },
	{ B_WRITE_AS_READ, "a write documented as a read" },
	{ B_EXTRA_PROPERTY, "a body property the route refuses" },
	{ B_DROP_PROPERTY, "a body field not documented" },
	{ B_COMPUTED_PROPERTY, "a computed field documented as writable" },
	{ B_DROP_REQUIRED, "a required field documented optional" },
	{ B_PATCH_REQUIRED, "a PATCH field documented required" },
	{ B_MAX, "a bound not the schema's" },
	{ B_NULLABLE, "null not documented" },
	{ B_EXCL_MIN, "an exclusive minimum documented inclusive" },
	{ B_DROP_ETAG, "a GET without its ETag" },
	{ B_DROP_401, "a route without 401" },
	{ B_DROP_422, "a write without 422" },
	{ B_PROBLEM_TYPE, "a problem type needled never answers" },
	{ B_BAD_REF, "a $ref that resolves to nothing" },
	{ B_EXTRA_ROUTE, "a route added to the table, not documented" },
	{ B_BODY_ON_GET, "a request body on a route that takes none" },
	{ B_DROP_QUERY, "a query parameter taken, not documented" },
	{ B_EXTRA_QUERY, "a query parameter documented, refused" },
};

START_TEST(test_checks_can_fail)
{
	struct findings         f = { 0 };
	struct api_route       *rt;
	const struct api_route *real;
	json_t                 *doc = load_doc(), *v;
	size_t                  n, k;

	real = api_routes(&n);
	ck_assert_ptr_nonnull(rt = calloc(n + 1, sizeof(*rt)));
	memcpy(rt, real, n * sizeof(*rt));
	switch (breakages[_i].b) {
	case B_DROP_PATH:
		json_object_del(json_object_get(doc, "paths"), "/profile");
		break;
	case B_DROP_METHOD:
		json_object_del(json_object_get(json_object_get(doc, "paths"),
		                    "/sessions/{id}"),
		    "delete");
		break;
	case B_EXTRA_METHOD:
		json_object_set(json_object_get(json_object_get(doc, "paths"),
		                    "/checkins/{id}"),
		    "patch", op_at(doc, "/checkins/{id}", "get"));
		break;
	case B_EXTRA_PATH:
		json_object_set(json_object_get(doc, "paths"), "/export",
		    json_object_get(json_object_get(doc, "paths"), "/profile"));
		break;
	case B_SUMMARY:
		json_object_set_new(op_at(doc, "/areas", "get"), "summary",
		    json_string("List areas"));
		break;
	case B_PARAM_NAME:
		v = json_object_get(
		    json_object_get(doc, "paths"), "/devices/{id}");
		json_object_set(
		    json_object_get(doc, "paths"), "/devices/{device}", v);
		json_object_del(json_object_get(doc, "paths"), "/devices/{id}");
		break;
	case B_OPEN_READ:
		json_object_set_new(op_at(doc, "/health", "get"), "security",
		    json_pack("[{s:[s]}]", "bearer", "read"));
		break;
	case B_WRITE_AS_READ:
		json_object_set_new(op_at(doc, "/sessions", "post"), "security",
		    json_pack("[{s:[s]}]", "bearer", "read"));
		break;
	case B_EXTRA_PROPERTY:
		json_object_set_new(
		    json_object_get(
		        schema_at(doc, "CheckinCreate"), "properties"),
		    "mood", json_pack("{s:s}", "type", "string"));
		break;
	case B_DROP_PROPERTY:
		json_object_del(json_object_get(schema_at(doc, "DeviceFields"),
		                    "properties"),
		    "retired");
		break;
	case B_COMPUTED_PROPERTY:
		json_object_set_new(
		    json_object_get(
		        schema_at(doc, "SessionFields"), "properties"),
		    "aftercare", json_pack("{s:s}", "type", "array"));
		break;
	case B_DROP_REQUIRED:
		json_object_set_new(schema_at(doc, "ProductCreate"), "required",
		    json_pack("[s]", "name"));
		break;
	case B_PATCH_REQUIRED:
		json_object_set_new(schema_at(doc, "AreaFields"), "required",
		    json_pack("[s]", "slug"));
		break;
	case B_MAX:
		json_object_set_new(
		    prop_at(doc, "ProfileFields", "fitzpatrick"), "maximum",
		    json_integer(5));
		break;
	case B_NULLABLE:
		json_object_set_new(prop_at(doc, "DeviceFields", "max_uses"),
		    "type", json_string("integer"));
		break;
	case B_EXCL_MIN:
		v = prop_at(doc, "AreaFields", "max_home_depth_mm");
		json_object_del(v, "exclusiveMinimum");
		json_object_set_new(v, "minimum", json_integer(0));
		break;
	case B_DROP_ETAG:
		json_object_del(
		    json_object_get(
		        json_object_get(
		            json_object_get(
		                op_at(doc, "/devices", "get"), "responses"),
		            "200"),
		        "headers"),
		    "ETag");
		break;
	case B_DROP_401:
		json_object_del(
		    json_object_get(
		        op_at(doc, "/rules/intervals", "put"), "responses"),
		    "401");
		break;
	case B_DROP_422:
		json_object_del(
		    json_object_get(
		        op_at(doc, "/applications", "post"), "responses"),
		    "422");
		break;
	case B_PROBLEM_TYPE:
		json_array_append_new(
		    json_object_get(prop_at(doc, "Problem", "type"), "enum"),
		    json_string("urn:needled:problem:teapot"));
		break;
	case B_BAD_REF:
		json_object_set_new(prop_at(doc, "Session", "aftercare"),
		    "items",
		    json_pack(
		        "{s:s}", "$ref", "#/components/schemas/AfterCare"));
		break;
	case B_EXTRA_ROUTE:
		rt[n] = real[0];
		rt[n].pattern = "/export";
		n++;
		break;
	case B_BODY_ON_GET:
		json_object_set(op_at(doc, "/profile", "get"), "requestBody",
		    json_object_get(
		        op_at(doc, "/profile", "patch"), "requestBody"));
		break;
	case B_DROP_QUERY:
		json_array_remove(
		    json_object_get(op_at(doc, "/avoid", "get"), "parameters"),
		    0);
		break;
	case B_EXTRA_QUERY:
		/* The table stops taking what the document lists. */
		for (k = 0; k < n; k++)
			if (strcmp(rt[k].pattern, "/sessions") == 0 &&
			    rt[k].method == API_GET)
				rt[k].params = "limit cursor";
		break;
	}
	check_rows_documented(doc, rt, n, &f);
	check_documented_served(doc, rt, n, &f);
	check_security(doc, rt, n, &f);
	check_query_params(doc, rt, n, &f);
	check_bodies(doc, rt, n, &f);
	check_responses(doc, rt, n, &f);
	check_problem_types(doc, &f);
	check_refs(doc, doc, "document", &f);
	ck_assert_msg(f.n > 0, "not found: %s", breakages[_i].what);
	free(rt);
	json_decref(doc);
}
END_TEST

static Suite *
openapi_suite(void)
{
	Suite *s = suite_create("openapi");
	TCase *tc;

	tc = tcase_create("document");
	tcase_add_test(tc, test_document_parses);
	tcase_add_test(tc, test_every_row_documented);
	tcase_add_test(tc, test_every_operation_served);
	tcase_add_test(tc, test_security_matches_auth);
	tcase_add_test(tc, test_query_params_documented);
	tcase_add_test(tc, test_bodies_match_schemas);
	tcase_add_test(tc, test_responses_per_route);
	tcase_add_test(tc, test_problem_types);
	suite_add_tcase(s, tc);

	tc = tcase_create("checks");
	tcase_add_loop_test(tc, test_checks_can_fail, 0, NELEM(breakages));
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_run(openapi_suite());
}
