/*
 * api.c: the route table, problem replies, paging and the helpers every
 * resource shares.
 */
#include "buildconf.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "heal.h"
#include "store.h"
#include "timefmt.h"
#include "util.h"

#define LIMIT_DEFAULT 50 /* API.md: ?limit= default and cap */
#define LIMIT_MAX 500
#define BUSY_RETRY_S 1 /* Retry-After of a locked database */

#define GET API_GET
#define POST API_POST
#define PUT API_PUT
#define PATCH API_PATCH
#define DELETE API_DELETE
#define OPEN API_AUTH_NONE
#define READ API_AUTH_READ
#define WRITE API_AUTH_WRITE

static const struct api_route routes[] = {
	{ GET, "/health", api_health, OPEN, NULL, NULL,
	    "Liveness: version, database state, uptime", NULL },
	{ GET, "/next-session", api_next_session, READ, NULL, NULL,
	    "Which tracked area is ready soonest, and why the others wait",
	    "area region at" },
	{ GET, "/avoid", api_avoid, READ, NULL, NULL,
	    "What must not go on which area now, and until when", "area at" },
	{ GET, "/areas", api_areas_list, READ, NULL, NULL, "List skin areas",
	    "limit cursor" },
	{ POST, "/areas", api_areas_create, WRITE, &api_area_body,
	    "area.created", "Add a skin area", NULL },
	{ GET, "/areas/{}", api_area_get, READ, NULL, NULL,
	    "One area with its readiness", "at" },
	{ PATCH, "/areas/{}", api_area_patch, WRITE, &api_area_body,
	    "area.updated", "Edit an area (cap, name, archived)", NULL },
	{ DELETE, "/areas/{}", api_area_delete, WRITE, NULL, "area.deleted",
	    "Delete an area without history", NULL },
	{ GET, "/devices", api_devices_list, READ, NULL, NULL, "List devices",
	    "limit cursor" },
	{ POST, "/devices", api_devices_create, WRITE, &api_device_body,
	    "device.created", "Add a roller, stamp or pen", NULL },
	{ GET, "/devices/{}", api_device_get, READ, NULL, NULL,
	    "One device with its wear", NULL },
	{ PATCH, "/devices/{}", api_device_patch, WRITE, &api_device_body,
	    "device.updated", "Edit a device", NULL },
	{ DELETE, "/devices/{}", api_device_delete, WRITE, NULL,
	    "device.deleted", "Delete a device no session used", NULL },
	{ GET, "/products", api_products_list, READ, NULL, NULL,
	    "List products", "limit cursor" },
	{ POST, "/products", api_products_create, WRITE, &api_product_body,
	    "product.created", "Add a product", NULL },
	{ GET, "/products/{}", api_product_get, READ, NULL, NULL, "One product",
	    NULL },
	{ PATCH, "/products/{}", api_product_patch, WRITE, &api_product_body,
	    "product.updated", "Edit a product", NULL },
	{ DELETE, "/products/{}", api_product_delete, WRITE, NULL,
	    "product.deleted", "Delete a product never applied", NULL },
	{ GET, "/product-categories", api_categories_list, READ, NULL, NULL,
	    "List product categories and their waits", "limit cursor" },
	{ GET, "/product-categories/{}", api_category_get, READ, NULL, NULL,
	    "One product category", NULL },
	{ PATCH, "/product-categories/{}", api_category_patch, WRITE,
	    &api_category_body, "rules.changed", "Edit a category's waits",
	    NULL },
	{ GET, "/rules/intervals", api_rules_get, READ, NULL, NULL,
	    "The healing intervals by needle depth", NULL },
	{ PUT, "/rules/intervals", api_rules_put, WRITE, &api_rules_body,
	    "rules.changed", "Replace the healing intervals", NULL },
	{ GET, "/sessions", api_sessions_list, READ, NULL, NULL,
	    "List sessions, newest first",
	    "limit cursor since until area region include" },
	{ POST, "/sessions", api_sessions_create, WRITE, &api_session_body,
	    "session.created",
	    "Log a session (answers its warnings and aftercare)", NULL },
	{ GET, "/sessions/{}", api_session_get, READ, NULL, NULL, "One session",
	    NULL },
	{ PATCH, "/sessions/{}", api_session_patch, WRITE, &api_session_body,
	    "session.updated", "Correct a session", NULL },
	{ DELETE, "/sessions/{}", api_session_delete, WRITE, NULL,
	    "session.deleted", "Delete a session", NULL },
	{ GET, "/applications", api_applications_list, READ, NULL, NULL,
	    "List product applications, newest first",
	    "limit cursor since until area" },
	{ POST, "/applications", api_applications_create, WRITE,
	    &api_application_body, "application.created",
	    "Log a product put on areas", NULL },
	{ GET, "/applications/{}", api_application_get, READ, NULL, NULL,
	    "One application", NULL },
	{ PATCH, "/applications/{}", api_application_patch, WRITE,
	    &api_application_body, "application.updated",
	    "Correct an application", NULL },
	{ DELETE, "/applications/{}", api_application_delete, WRITE, NULL,
	    "application.deleted", "Delete an application no session lists",
	    NULL },
	{ GET, "/checkins", api_checkins_list, READ, NULL, NULL,
	    "List check-ins, newest first", "limit cursor since until area" },
	{ POST, "/checkins", api_checkins_create, WRITE, &api_checkin_body,
	    "checkin.created", "Log how an area looks and feels", NULL },
	{ GET, "/checkins/{}", api_checkin_get, READ, NULL, NULL,
	    "One check-in", NULL },
	{ PATCH, "/checkins/{}", api_checkin_patch, WRITE, &api_checkin_body,
	    "checkin.updated", "Correct a check-in", NULL },
	{ DELETE, "/checkins/{}", api_checkin_delete, WRITE, NULL,
	    "checkin.deleted", "Delete a check-in", NULL },
	{ GET, "/events", api_events, READ, NULL, NULL,
	    "The change feed: events after ?since=, waiting up to ?timeout=",
	    "since timeout limit types" },
	{ GET, "/calendar.ics", api_calendar, API_AUTH_READ_URL, NULL, NULL,
	    "Readiness and past sessions as an iCalendar feed", "at token" },
	{ GET, "/profile", api_profile_get, READ, NULL, NULL,
	    "The profile (skin type, sensitivity)", NULL },
	{ PATCH, "/profile", api_profile_patch, WRITE, &api_profile_body,
	    "profile.updated", "Edit the profile", NULL },
	{ GET, "/openapi.json", api_openapi, READ, NULL, NULL,
	    "This API as an OpenAPI 3.1 document", NULL },
};

/* The methods in the order Allow lists them. */
static const struct {
	enum api_method method;
	const char     *name;
} methods[] = {
	{ API_GET, "GET, HEAD" },
	{ API_POST, "POST" },
	{ API_PUT, "PUT" },
	{ API_PATCH, "PATCH" },
	{ API_DELETE, "DELETE" },
};

/* Statuses needled answers with, and the problem type of each error. */
static const struct {
	int         status;
	const char *title;
	const char *type;
} statuses[] = {
	{ 200, "OK", NULL },
	{ 201, "Created", NULL },
	{ 204, "No Content", NULL },
	{ 304, "Not Modified", NULL },
	{ 400, "Bad Request", "urn:needled:problem:malformed-request" },
	{ 401, "Unauthorized", "urn:needled:problem:unauthorized" },
	{ 403, "Forbidden", "urn:needled:problem:forbidden" },
	{ 404, "Not Found", "urn:needled:problem:not-found" },
	{ 405, "Method Not Allowed", "urn:needled:problem:method-not-allowed" },
	{ 409, "Conflict", "urn:needled:problem:conflict" },
	{ 410, "Gone", "urn:needled:problem:gone" },
	{ 413, "Content Too Large", "urn:needled:problem:body-too-large" },
	{ 414, "URI Too Long", "urn:needled:problem:uri-too-long" },
	{ 415, "Unsupported Media Type",
	    "urn:needled:problem:unsupported-media-type" },
	{ 422, "Unprocessable Content", "urn:needled:problem:invalid-field" },
	{ 431, "Request Header Fields Too Large",
	    "urn:needled:problem:headers-too-large" },
	{ 500, "Internal Server Error", "urn:needled:problem:internal" },
	{ 503, "Service Unavailable", "urn:needled:problem:unavailable" },
	{ 507, "Insufficient Storage",
	    "urn:needled:problem:insufficient-storage" },
};

const struct api_route *
api_routes(size_t *n)
{
	*n = NELEM(routes);
	return routes;
}

/* Match path against pattern; copy the "{}" segment into arg. */
static int
match(const char *pattern, const char *path, char *arg, size_t arglen)
{
	size_t n;

	while (*pattern != '\0') {
		if (pattern[0] == '{' && pattern[1] == '}') {
			n = strcspn(path, "/");
			if (n == 0 || n >= arglen)
				return 0;
			memcpy(arg, path, n);
			arg[n] = '\0';
			path += n;
			pattern += 2;
			continue;
		}
		if (*pattern++ != *path++)
			return 0;
	}
	return *path == '\0';
}

const struct api_route *
api_route(const char *path, enum api_method method, char *arg, size_t arglen,
    int *status, enum api_auth *auth, char *allow, size_t allowlen)
{
	const char  *pattern = NULL;
	unsigned int have = 0;
	size_t       i, n;

	arg[0] = '\0';
	allow[0] = '\0';
	*auth = API_AUTH_NONE;
	for (i = 0; i < NELEM(routes); i++) {
		if (pattern != NULL
		        ? strcmp(routes[i].pattern, pattern) != 0
		        : !match(routes[i].pattern, path, arg, arglen))
			continue;
		pattern = routes[i].pattern;
		if (routes[i].method == method) {
			*auth = routes[i].auth;
			return &routes[i];
		}
		have |= routes[i].method;
		if (routes[i].auth > *auth)
			*auth = routes[i].auth;
	}
	if (pattern == NULL) {
		*auth = API_AUTH_READ;
		*status = 404;
		return NULL;
	}
	for (i = 0; i < NELEM(methods); i++) {
		if (!(have & methods[i].method))
			continue;
		n = strlen(allow);
		snprintf(allow + n, allowlen - n, "%s, ", methods[i].name);
	}
	n = strlen(allow);
	snprintf(allow + n, allowlen - n, "OPTIONS");
	*status = method == 0 ? 204 : 405;
	return NULL;
}

/* The query parameters of a request, checked against its route's. */
struct params_walk {
	const char      *params; /* the route's, space-separated */
	uint32_t         seen; /* bit i: its parameter i, seen */
	struct api_resp *resp;
};

/*
 * The index of key in the space-separated list, or -1.  A list holds at
 * most 32 names (one bit each in struct params_walk).
 */
static int
param_index(const char *list, const char *key)
{
	size_t n, klen = strlen(key);
	int    i;

	for (i = 0; list != NULL && *list != '\0'; i++) {
		n = strcspn(list, " ");
		if (n == klen && strncmp(list, key, n) == 0)
			return i;
		list += n;
		list += strspn(list, " ");
	}
	return -1;
}

/* One query parameter (query_each()'s callback): 0, or 1 after a 400. */
static int
param_check(void *arg, const char *key, const char *value)
{
	struct params_walk *w = arg;
	const char         *p;
	char                known[256];
	size_t              i;
	int                 k;

	(void)value;
	if ((k = param_index(w->params, key)) == -1) {
		/* "limit cursor" as "limit, cursor". */
		for (i = 0, p = w->params;
		     p != NULL && *p != '\0' && i + 3 < sizeof(known); p++) {
			if (*p == ' ')
				known[i++] = ',';
			known[i++] = *p;
		}
		known[i] = '\0';
		if (w->params == NULL)
			api_problem(w->resp, 400, key,
			    "is not a query "
			    "parameter of this route, which takes none");
		else
			api_problem(w->resp, 400, key,
			    "is not a query "
			    "parameter of this route; it takes: %s",
			    known);
		return 1;
	}
	if (k < 32 && (w->seen & (UINT32_C(1) << k))) {
		api_problem(w->resp, 400, key,
		    "is given twice; give it "
		    "once");
		return 1;
	}
	if (k < 32)
		w->seen |= UINT32_C(1) << k;
	return 0;
}

void
api_dispatch(struct api_req *req, struct api_resp *resp)
{
	struct params_walk w = { req->route->params, 0, resp };
	int                rc;

	if (req->query_each != NULL) {
		req->query_each(req->qcls, param_check, &w);
		if (resp->status != 0)
			return;
	}
	if (req->method != API_GET) {
		req->route->handler(req, resp);
		return;
	}
	if ((rc = store_read_begin(req->store)) != 0) {
		api_store_error(resp, rc);
		return;
	}
	req->route->handler(req, resp);
	store_read_end(req->store);
}

const char *
api_status_title(int status)
{
	size_t i;

	for (i = 0; i < NELEM(statuses); i++)
		if (statuses[i].status == status)
			return statuses[i].title;
	return "Error";
}

static const char *
status_type(int status)
{
	size_t i;

	for (i = 0; i < NELEM(statuses); i++)
		if (statuses[i].status == status && statuses[i].type != NULL)
			return statuses[i].type;
	return "about:blank";
}

/*
 * Copy s into buf as valid UTF-8: a byte that does not start a
 * well-formed sequence is written as "\xHH", so that a detail quoting a
 * path like /sessions/%FF can still be packed as JSON.
 */
static void
utf8_escape(const char *s, char *buf, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t               o = 0, n, k;
	unsigned int         cp;

	while (*p != '\0' && o + 5 < len) {
		if (*p < 0x80)
			n = 1, cp = *p;
		else if ((*p & 0xe0) == 0xc0)
			n = 2, cp = *p & 0x1f;
		else if ((*p & 0xf0) == 0xe0)
			n = 3, cp = *p & 0x0f;
		else if ((*p & 0xf8) == 0xf0)
			n = 4, cp = *p & 0x07;
		else
			n = 0, cp = 0;
		for (k = 1; k < n; k++) {
			if ((p[k] & 0xc0) != 0x80)
				break;
			cp = cp << 6 | (p[k] & 0x3f);
		}
		/* Overlong forms, surrogates and values past U+10FFFF. */
		if (n == 0 || k < n || (n == 2 && cp < 0x80) ||
		    (n == 3 &&
		        (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
		    (n == 4 && (cp < 0x10000 || cp > 0x10ffff))) {
			o += (size_t)snprintf(buf + o, len - o, "\\x%02X", *p);
			p++;
			continue;
		}
		if (o + n >= len)
			break;
		memcpy(buf + o, p, n);
		o += n;
		p += n;
	}
	buf[o] = '\0';
}

/* Replace resp's body with a problem document. */
static json_t *
problem_new(struct api_resp *resp, int status, const char *detail)
{
	json_decref(resp->body);
	resp->status = status;
	resp->problem = 1;
	resp->body = json_pack("{s:s, s:s, s:i, s:s, s:[]}", "type",
	    status_type(status), "title", api_status_title(status), "status",
	    status, "detail", detail, "errors");
	if (resp->body == NULL) /* out of memory */
		resp->body = json_pack("{s:s, s:i}", "title",
		    api_status_title(status), "status", status);
	return resp->body;
}

void
api_problem(
    struct api_resp *resp, int status, const char *field, const char *fmt, ...)
{
	va_list ap;
	char    raw[JV_MSG_LEN], msg[JV_MSG_LEN];
	char    detail[JV_FIELD_LEN + JV_MSG_LEN + 2];
	json_t *p;

	char fbuf[JV_FIELD_LEN];

	va_start(ap, fmt);
	vsnprintf(raw, sizeof(raw), fmt, ap);
	va_end(ap);
	utf8_escape(raw, msg, sizeof(msg));
	if (field != NULL) {
		utf8_escape(field, fbuf, sizeof(fbuf));
		field = fbuf;
	}
	if (field != NULL && *field != '\0')
		snprintf(detail, sizeof(detail), "%s %s", field, msg);
	else
		snprintf(detail, sizeof(detail), "%s", msg);
	p = problem_new(resp, status, detail);
	if (field != NULL && p != NULL && json_object_get(p, "errors"))
		json_array_append_new(json_object_get(p, "errors"),
		    json_pack("{s:s, s:s}", "field", field, "message", msg));
}

void
api_problems(struct api_resp *resp, int status, const struct jv_errors *errs)
{
	char    detail[JV_FIELD_LEN + JV_MSG_LEN + 64];
	char    raw[sizeof(detail)], field[JV_FIELD_LEN];
	json_t *p, *list;
	size_t  i;

	if (errs->n == 0) {
		api_problem(resp, status, NULL, "invalid request");
		return;
	}
	snprintf(detail, sizeof(detail), "%s %s%s", errs->e[0].field,
	    errs->e[0].message, errs->n > 1 ? " (and more: see errors)" : "");
	utf8_escape(detail, raw, sizeof(raw));
	if ((p = problem_new(resp, status, raw)) == NULL)
		return;
	list = json_object_get(p, "errors");
	for (i = 0; i < errs->n; i++) {
		utf8_escape(errs->e[i].field, field, sizeof(field));
		utf8_escape(errs->e[i].message, raw, sizeof(raw));
		json_array_append_new(list,
		    json_pack("{s:s, s:s}", "field", field, "message", raw));
	}
}

/* api_store_error(), saying whether a write was rolled back. */
static void
store_error(struct api_resp *resp, int rc, int writing)
{
	const char *undone = writing ? "; nothing was changed" : "";

	switch (rc) {
	case STORE_BUSY:
		api_problem(resp, 503, NULL,
		    "the database is locked by "
		    "another program%s; try again shortly",
		    undone);
		resp->retry_after = BUSY_RETRY_S;
		break;
	case STORE_FULL:
		api_problem(resp, 507, NULL,
		    "the disk holding the database "
		    "is full%s; free some space and try again",
		    undone);
		break;
	case STORE_NOTFOUND:
		api_problem(resp, 404, NULL, "no such object%s", undone);
		break;
	case STORE_CONFLICT:
		api_problem(resp, 409, NULL,
		    "conflicts with a stored "
		    "object%s",
		    undone);
		break;
	case STORE_INVALID:
		api_problem(resp, 422, NULL,
		    "a value breaks a rule of the "
		    "database (see the daemon's log)%s",
		    undone);
		break;
	default:
		api_problem(resp, 500, NULL,
		    "the database failed (see the "
		    "daemon's log)%s",
		    undone);
		break;
	}
}

void
api_store_error(struct api_resp *resp, int rc)
{
	store_error(resp, rc, 0);
}

void
api_internal(struct api_resp *resp)
{
	api_problem(
	    resp, 500, NULL, "the server failed (see the daemon's log)");
}

/*
 * The change feed's record of a successful write: the route's event type
 * with the id (or slug) of the object written, from the reply or, for a
 * DELETE, from the path.
 */
static int
record_event(struct api_req *req, struct api_resp *resp)
{
	json_t *data, *v;
	int64_t id;
	int     rc;

	if (req->route == NULL || req->route->event == NULL)
		return 0;
	if ((data = json_object()) == NULL)
		return STORE_ERROR;
	if ((v = json_object_get(resp->body, "id")) != NULL &&
	    json_is_integer(v))
		json_object_set(data, "id", v);
	else if ((v = json_object_get(resp->body, "slug")) != NULL &&
	    json_is_string(v))
		json_object_set(data, "slug", v);
	else if (req->arg[0] != '\0' && (id = api_arg_id(req)) > 0)
		json_object_set_new(data, "id", json_integer(id));
	else if (req->arg[0] != '\0')
		json_object_set_new(data, "slug", json_string(req->arg));
	rc = store_event_append(req->store, req->route->event, req->now, data);
	json_decref(data);
	return rc;
}

/*
 * An Idempotency-Key as given (a bare token, or a structured-field string
 * in double quotes) into buf; -1 if it is not 1 to 255 visible ASCII
 * characters.
 */
static int
idem_key(const char *h, char *buf, size_t len)
{
	size_t n = strlen(h), i;

	if (n >= 2 && h[0] == '"' && h[n - 1] == '"') {
		h++;
		n -= 2;
	}
	if (n == 0 || n > 255 || n >= len)
		return -1;
	for (i = 0; i < n; i++)
		if (h[i] < 0x21 || h[i] > 0x7e || h[i] == '"')
			return -1;
	memcpy(buf, h, n);
	buf[n] = '\0';
	return 0;
}

/* What identifies a request's body: a hash of its canonical form. */
static int
idem_hash(const struct api_req *req, char *buf, size_t len)
{
	char *text;

	if ((text = json_dumps(req->body,
	         JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY)) == NULL)
		return -1;
	snprintf(buf, len, "%016llx",
	    (unsigned long long)fnv1a64(text, strlen(text)));
	free(text);
	return 0;
}

/*
 * Before the write: the first reply to this key, if any.  Returns 1 when
 * resp holds the answer (the replay, or 422 for a reused key), 0 to run
 * the write, or a negative STORE_ code.
 */
static int
idem_replay(struct api_req *req, struct api_resp *resp, const char *key,
    const char *hash)
{
	struct store_idem r;
	int               rc;

	rc = store_idem_get(req->store, key, "POST", req->path, req->now, &r);
	if (rc == STORE_NOTFOUND)
		return 0;
	if (rc != 0)
		return rc;
	if (strcmp(r.request_hash, hash) != 0)
		api_problem(resp, 422, "Idempotency-Key",
		    "was used for "
		    "another request body; a new request needs a new key");
	else {
		json_decref(resp->body);
		resp->body = NULL;
		resp->problem = 0;
		resp->status = r.status;
		resp->text = r.body;
		resp->text_len = r.body_len;
		r.body = NULL;
		snprintf(
		    resp->location, sizeof(resp->location), "%s", r.location);
	}
	store_idem_clear(&r);
	return 1;
}

/* After the write: keep its reply for the key. */
static int
idem_keep(struct api_req *req, struct api_resp *resp, const char *key,
    const char *hash)
{
	struct store_idem r;
	int               rc;

	memset(&r, 0, sizeof(r));
	if ((r.body = api_dump(resp->body, &r.body_len)) == NULL)
		return STORE_ERROR;
	r.request_hash = (char *)hash;
	r.status = resp->status;
	r.location = resp->location;
	rc = store_idem_put(req->store, key, "POST", req->path, req->now, &r);
	free(r.body);
	return rc;
}

/*
 * The body field that names an area, for a strict refusal's errors[]:
 * "treatments[1].area", "areas[0]" or "area" where the body names it,
 * else the array or member the route's body holds areas in; a warning
 * about no area (a worn device) names "device_id".
 */
static void
area_field(const struct api_req *req, const char *area, char *buf, size_t len)
{
	static const char *const holders[] = { "treatments", "areas", "area" };
	const struct jv_schema  *sch;
	json_t                  *v, *item;
	size_t                   i, k;

	sch = req->route != NULL ? req->route->body : NULL;
	if (area == NULL || *area == '\0') {
		snprintf(buf, len, "device_id");
		return;
	}
	json_array_foreach(json_object_get(req->body, "treatments"), i,
	    item) if ((v = json_object_get(item, "area")) != NULL &&
	    json_is_string(v) && strcmp(json_string_value(v), area) == 0)
	{
		snprintf(buf, len, "treatments[%zu].area", i);
		return;
	}
	json_array_foreach(json_object_get(req->body, "areas"), i,
	    v) if (json_is_string(v) && strcmp(json_string_value(v), area) == 0)
	{
		snprintf(buf, len, "areas[%zu]", i);
		return;
	}
	snprintf(buf, len, "area");
	for (k = 0; sch != NULL && k < NELEM(holders); k++)
		for (i = 0; i < sch->nfields; i++)
			if (strcmp(sch->fields[i].name, holders[k]) == 0) {
				snprintf(buf, len, "%s", holders[k]);
				return;
			}
}

/* A strict refusal's errors[] name body fields, not area slugs. */
static void
strict_fields(const struct api_req *req, struct api_resp *resp)
{
	json_t *e, *w;
	size_t  i;
	char    field[JV_FIELD_LEN];

	w = json_object_get(resp->body, "warnings");
	json_array_foreach(json_object_get(resp->body, "errors"), i, e)
	{
		area_field(req,
		    json_string_value(
		        json_object_get(json_array_get(w, i), "area")),
		    field, sizeof(field));
		json_object_set_new(e, "field", json_string(field));
	}
}

void
api_write(
    struct api_req *req, struct api_resp *resp, api_write_fn *fn, void *arg)
{
	char key[256], hash[32];
	int  rc, idem = 0;

	if (req->idempotency_key != NULL) {
		if (idem_key(req->idempotency_key, key, sizeof(key)) == -1) {
			api_problem(resp, 400, "Idempotency-Key",
			    "must be 1 "
			    "to 255 visible ASCII characters, such as a UUID");
			return;
		}
		if (idem_hash(req, hash, sizeof(hash)) == -1) {
			api_internal(resp);
			return;
		}
		idem = 1;
	}
	if ((rc = store_begin(req->store)) != 0) {
		store_error(resp, rc, 1);
		return;
	}
	if (idem && (rc = idem_replay(req, resp, key, hash)) != 0) {
		store_rollback(req->store);
		if (rc < 0)
			store_error(resp, rc, 1);
		return;
	}
	rc = fn(req, resp, arg);
	if (rc == 0 && resp->status == 409 && resp->preference_applied)
		strict_fields(req, resp);
	if (rc == 0 && resp->status == 0)
		rc = STORE_ERROR; /* a handler that answered nothing */
	if (rc == 0 && resp->status >= 200 && resp->status < 300) {
		if ((rc = record_event(req, resp)) == 0 &&
		    (!idem || (rc = idem_keep(req, resp, key, hash)) == 0) &&
		    (rc = store_commit(req->store)) == 0)
			return;
		/* The commit failed and rolled back: nothing is stored. */
	}
	store_rollback(req->store);
	if (rc < 0)
		store_error(resp, rc, 1);
}

void
api_not_found(struct api_resp *resp, const char *what, const char *arg)
{
	api_problem(resp, 404, NULL, "no %s '%s'", what, arg);
}

char *
api_dump(const json_t *body, size_t *len)
{
	char  *text, *t;
	size_t n;

	if ((text = json_dumps(
	         body, JSON_INDENT(2) | JSON_REAL_PRECISION(10))) == NULL)
		return NULL;
	n = strlen(text);
	if ((t = realloc(text, n + 2)) == NULL) {
		free(text);
		return NULL;
	}
	t[n++] = '\n';
	t[n] = '\0';
	*len = n;
	return t;
}

void
api_ok(struct api_resp *resp, json_t *body)
{
	json_decref(resp->body);
	resp->status = 200;
	resp->problem = 0;
	resp->body = body;
	if (body == NULL)
		api_internal(resp);
}

void
api_created(struct api_resp *resp, json_t *body, const char *fmt, ...)
{
	va_list ap;

	api_ok(resp, body);
	if (body == NULL)
		return;
	resp->status = 201;
	va_start(ap, fmt);
	vsnprintf(resp->location, sizeof(resp->location), fmt, ap);
	va_end(ap);
}

void
api_no_content(struct api_resp *resp)
{
	json_decref(resp->body);
	resp->body = NULL;
	resp->problem = 0;
	resp->status = 204;
}

/* A positive decimal integer without sign or leading zeros; else -1. */
static int64_t
parse_id(const char *s)
{
	char     *end;
	long long v;

	if (*s < '1' || *s > '9')
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || v <= 0)
		return -1;
	return v;
}

int64_t
api_arg_id(const struct api_req *req)
{
	return parse_id(req->arg);
}

int64_t
api_path_id(struct api_req *req, struct api_resp *resp, const char *what,
    int (*exists)(struct store *, int64_t))
{
	int64_t id;
	int     rc = 0;

	if ((id = api_arg_id(req)) == -1 ||
	    (rc = exists(req->store, id)) == 0) {
		api_not_found(resp, what, req->arg);
		return 0;
	}
	if (rc != 1) {
		api_store_error(resp, rc);
		return 0;
	}
	return id;
}

struct delete_ctx {
	int64_t id;
	int (*del)(struct store *, int64_t);
	const char *what, *field;
	char        msg[JV_MSG_LEN];
};

static int
delete_row(struct api_req *req, struct api_resp *resp, void *arg)
{
	struct delete_ctx *d = arg;
	int                rc;

	rc = d->del(req->store, d->id);
	if (rc == STORE_NOTFOUND)
		api_not_found(resp, d->what, req->arg);
	else if (rc == STORE_CONFLICT && d->msg[0] != '\0')
		api_problem(resp, 409, d->field, "%s", d->msg);
	else if (rc == 0)
		api_no_content(resp);
	else
		return rc;
	return 0;
}

void
api_delete(struct api_req *req, struct api_resp *resp, int64_t id,
    int (*del)(struct store *, int64_t), const char *what, const char *field,
    const char *fmt, ...)
{
	struct delete_ctx d = {
		.id = id, .del = del, .what = what, .field = field
	};
	va_list ap;

	if (id <= 0) {
		api_not_found(resp, what, req->arg);
		return;
	}
	if (fmt != NULL) {
		va_start(ap, fmt);
		vsnprintf(d.msg, sizeof(d.msg), fmt, ap);
		va_end(ap);
	}
	api_write(req, resp, delete_row, &d);
}

static const char *
query(struct api_req *req, const char *key)
{
	return req->query ? req->query(req->qcls, key) : NULL;
}

int
api_list_params(struct api_req *req, struct api_resp *resp, int timed,
    struct api_page *page)
{
	const char *s, *dot;
	char       *end;
	long long   v;

	memset(page, 0, sizeof(*page));
	page->limit = LIMIT_DEFAULT;
	if ((s = query(req, "limit")) != NULL) {
		errno = 0;
		v = strtoll(s, &end, 10);
		if (*s < '0' || *s > '9' || *end != '\0' || errno != 0 ||
		    v < 1) {
			api_problem(resp, 400, "limit",
			    "must be an integer "
			    "of at least 1");
			return -1;
		}
		page->limit = v > LIMIT_MAX ? LIMIT_MAX : v;
	}
	if ((s = query(req, "cursor")) != NULL) {
		page->has_cursor = 1;
		if (timed) {
			char t[32];

			dot = strchr(s, '.');
			if (dot == NULL || (size_t)(dot - s) >= sizeof(t) ||
			    dot == s)
				goto bad;
			memcpy(t, s, (size_t)(dot - s));
			t[dot - s] = '\0';
			errno = 0;
			page->cursor_time = strtoll(t, &end, 10);
			if (*end != '\0' || errno != 0 ||
			    (page->cursor_id = parse_id(dot + 1)) == -1)
				goto bad;
		} else if ((page->cursor_id = parse_id(s)) == -1)
			goto bad;
	}
	return 0;
bad:
	api_problem(resp, 400, "cursor",
	    "is not a cursor this server gave "
	    "out; use the list's \"next\" value as is");
	return -1;
}

/*
 * A query string decodes '+' as a space, so "?at=...T14:00:00+02:00" typed
 * into curl arrives as "...T14:00:00 02:00".  A space followed by exactly
 * "hh:mm" at the end can only be that sign: put it back.
 */
static int
parse_query_time(const char *s, int64_t *out)
{
	char   buf[64];
	size_t n = strlen(s);

	if (timefmt_parse(s, out) == 0)
		return 0;
	if (n < 17 || n >= sizeof(buf) || s[n - 6] != ' ' || s[n - 3] != ':')
		return -1;
	memcpy(buf, s, n + 1);
	buf[n - 6] = '+';
	return timefmt_parse(buf, out);
}

int
api_query_time(struct api_req *req, struct api_resp *resp, const char *key,
    int64_t fallback, int64_t *out)
{
	const char *s;

	*out = fallback;
	if ((s = query(req, key)) == NULL)
		return 0;
	if (parse_query_time(s, out) == -1) {
		api_problem(resp, 400, key,
		    "must be an RFC 3339 time such as "
		    "2026-11-21T09:30:00Z (URL-encode '+' as %%2B)");
		return -1;
	}
	return 0;
}

int
api_query_area(struct api_req *req, struct api_resp *resp, int64_t *area_id)
{
	char        hint[JV_FIELD_LEN + 24];
	const char *s;
	int         rc;

	*area_id = 0;
	if ((s = query(req, "area")) == NULL)
		return 0;
	if (!jv_slug_ok(s)) {
		api_problem(
		    resp, 422, "area", "'%.64s' is not an area slug", s);
		return -1;
	}
	if ((rc = store_area_id(req->store, s, area_id)) == STORE_NOTFOUND) {
		api_problem(resp, 422, "area",
		    "'%s' is not a known area%s "
		    "(see GET /areas)",
		    s,
		    api_did_you_mean(
		        req->store, SQL_AREA_SLUGS, s, hint, sizeof(hint)));
		return -1;
	}
	if (rc != 0) {
		api_store_error(resp, rc);
		return -1;
	}
	return 0;
}

const char *
api_did_you_mean(struct store *s, enum store_sql list, const char *word,
    char *buf, size_t len)
{
	char names[2048], near[JV_FIELD_LEN];

	buf[0] = '\0';
	if (store_names(s, list, names, sizeof(names)) == 0 &&
	    jv_nearest(word, names, near, sizeof(near)))
		snprintf(buf, len, "; did you mean %s?", near);
	return buf;
}

int
api_query_region(
    struct api_req *req, struct api_resp *resp, const char **region)
{
	char        known[512], *p, *e;
	const char *s;
	size_t      n;
	int         rc;

	*region = NULL;
	if ((s = query(req, "region")) == NULL)
		return 0;
	if ((rc = store_area_regions(req->store, known, sizeof(known))) != 0) {
		api_store_error(resp, rc);
		return -1;
	}
	/* known is "body, face, neck, scalp". */
	n = strlen(s);
	for (p = known; *p != '\0'; p = *e != '\0' ? e + 2 : e) {
		e = p + strcspn(p, ",");
		if ((size_t)(e - p) == n && strncmp(p, s, n) == 0) {
			*region = s;
			return 0;
		}
	}
	api_problem(resp, 422, "region",
	    "'%.64s' is not a region of any "
	    "area; the regions are: %s",
	    s, known);
	return -1;
}

/* Wrap items as {"<plural>": items, "next": cursor|null}. */
static json_t *
api_list(const char *plural, json_t *items, const char *next)
{
	return json_pack("{s:o, s:s?}", plural, items, "next", next);
}

void
api_page(struct api_req *req, struct api_resp *resp, const struct api_list *l)
{
	struct api_page    page;
	struct store_query q;
	json_t            *items, *o;
	int64_t            last_t = 0, last_id = 0;
	int                more, rc;
	size_t             i;
	char               next[48];

	memset(&q, 0, sizeof(q));
	q.now = req->now;
	q.since = INT64_MIN;
	q.until = INT64_MAX;
	if (api_list_params(req, resp, l->list->timed, &page) == -1)
		return;
	if ((l->filters & API_FILTER_TIME) &&
	    (api_query_time(req, resp, "since", INT64_MIN, &q.since) == -1 ||
	        api_query_time(req, resp, "until", INT64_MAX, &q.until) == -1))
		return;
	if ((l->filters & API_FILTER_AREA) &&
	    api_query_area(req, resp, &q.area_id) == -1)
		return;
	if ((l->filters & API_FILTER_REGION) &&
	    api_query_region(req, resp, &q.region) == -1)
		return;
	q.limit = page.limit;
	q.has_cursor = page.has_cursor;
	q.cursor_time = page.cursor_time;
	q.cursor_id = page.cursor_id;
	if ((rc = store_page(req->store, l->list, &q, &items, &more, &last_t,
	         &last_id)) != 0) {
		api_store_error(resp, rc);
		return;
	}
	if (l->each != NULL)
		json_array_foreach(items, i, o) if ((rc = l->each(req, o)) != 0)
		{
			json_decref(items);
			api_store_error(resp, rc);
			return;
		}
	if (l->list->timed)
		snprintf(next, sizeof(next), "%lld.%lld", (long long)last_t,
		    (long long)last_id);
	else
		snprintf(next, sizeof(next), "%lld", (long long)last_id);
	api_ok(resp, api_list(l->plural, items, more ? next : NULL));
}

/* Set a new member, its value NULL when out of memory: 0 or -1. */
static int
set_new(json_t *o, const char *key, json_t *v)
{
	return v == NULL || json_object_set_new(o, key, v) != 0 ? -1 : 0;
}

int
api_facts_json(json_t *o, const struct heal_facts *f)
{
	int rc = 0;

	if (f->at != HEAL_NONE)
		rc |= set_new(o, "at", jv_time_json(f->at));
	if (f->session_id != 0)
		rc |= set_new(o, "session_id", json_integer(f->session_id));
	if (!isnan(f->depth_mm))
		rc |= set_new(o, "depth_mm", jv_number(f->depth_mm));
	if (!isnan(f->limit_mm))
		rc |= set_new(o, "limit_mm", jv_number(f->limit_mm));
	if (f->product_id != 0)
		rc |= set_new(o, "product_id", json_integer(f->product_id));
	if (f->product[0] != '\0')
		rc |= set_new(o, "product", json_string(f->product));
	if (f->category[0] != '\0')
		rc |= set_new(o, "category", json_string(f->category));
	if (f->checkin_id != 0)
		rc |= set_new(o, "checkin_id", json_integer(f->checkin_id));
	if (f->condition[0] != '\0')
		rc |= set_new(o, "condition", json_string(f->condition));
	if (f->redness >= 0)
		rc |= set_new(o, "redness", json_integer(f->redness));
	if (f->swelling >= 0)
		rc |= set_new(o, "swelling", json_integer(f->swelling));
	if (f->infection_signs >= 0)
		rc |= set_new(
		    o, "infection_signs", json_boolean(f->infection_signs));
	if (!isnan(f->interval_h))
		rc |= set_new(o, "interval_h", jv_number(f->interval_h));
	if (!isnan(f->skin_factor))
		rc |= set_new(o, "skin_factor", jv_number(f->skin_factor));
	if (f->device_id != 0)
		rc |= set_new(o, "device_id", json_integer(f->device_id));
	if (f->device[0] != '\0')
		rc |= set_new(o, "device", json_string(f->device));
	return rc;
}

json_t *
api_warnings_json(const struct heal_warnings *w)
{
	json_t *list = json_array(), *o;
	size_t  i;

	if (list == NULL)
		return NULL;
	for (i = 0; i < w->n; i++) {
		o = json_pack("{s:s, s:s}", "code",
		    heal_warning_name(w->w[i].code), "severity",
		    heal_severity_name(w->w[i].severity));
		if (o == NULL || json_array_append_new(list, o) != 0 ||
		    (w->w[i].area[0] != '\0' &&
		        set_new(o, "area", json_string(w->w[i].area)) != 0) ||
		    (w->w[i].until != HEAL_NONE &&
		        set_new(o, "until", jv_time_json(w->w[i].until)) !=
		            0) ||
		    set_new(o, "message", json_string(w->w[i].message)) != 0 ||
		    api_facts_json(o, &w->w[i].facts) != 0) {
			json_decref(list);
			return NULL;
		}
	}
	return list;
}

int
api_warnings_refuse(const struct heal_warnings *w)
{
	size_t i;

	for (i = 0; i < w->n; i++)
		if (w->w[i].severity >= HEAL_WARNING)
			return 1;
	return 0;
}

void
api_strict_refusal(struct api_resp *resp, json_t *warnings)
{
	json_t *p, *e, *errs;
	size_t  i;

	p = problem_new(resp, 409,
	    "refused under Prefer: handling=strict; "
	    "nothing was stored");
	json_object_set_new(
	    p, "type", json_string("urn:needled:problem:strict-warning"));
	errs = json_object_get(p, "errors");
	json_array_foreach(warnings, i, e)
	{
		const char *area = json_string_value(
		    json_object_get(e, "area"));

		json_array_append_new(errs,
		    json_pack("{s:s, s:O}", "field", area ? area : "",
		        "message", json_object_get(e, "message")));
	}
	json_object_set_new(p, "warnings", warnings);
	resp->preference_applied = 1;
}

void
api_health(struct api_req *req, struct api_resp *resp)
{
	const char *db = store_health(req->store);

	api_ok(resp,
	    json_pack("{s:s, s:s, s:s, s:I, s:i}", "status",
	        strcmp(db, "ok") == 0 ? "ok" : "degraded", "version",
	        PACKAGE_VERSION, "db", db, "uptime_s",
	        (json_int_t)(req->now - needled_started_at), "schema",
	        store_schema_version(req->store)));
	if (strcmp(db, "ok") != 0)
		resp->status = 503;
}

int
api_written(struct api_resp *resp, json_t *o, const struct heal_warnings *w,
    int created, const char *collection, int64_t id)
{
	json_t *list;

	if ((list = api_warnings_json(w)) == NULL ||
	    json_object_set_new(o, "warnings", list) != 0) {
		json_decref(o);
		return STORE_ERROR;
	}
	if (created)
		api_created(resp, o, "%s/%lld", collection, (long long)id);
	else
		api_ok(resp, o);
	return 0;
}
