/*
 * api.c: the route table, problem replies, paging and the helpers every
 * resource shares.
 */
#include "buildconf.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "heal.h"
#include "store.h"
#include "timefmt.h"

#define LIMIT_DEFAULT	50
#define LIMIT_MAX	500

/*
 * The routes.  A pattern's "{}" matches one path segment (an id or a
 * slug).  The table also answers OPTIONS and 405's Allow.
 */
struct route {
	const char	*pattern;
	api_handler	*get, *post, *put, *patch, *del;
};

static const struct route routes[] = {
	{ "/health", api_health, NULL, NULL, NULL, NULL },
	{ "/next-session", api_next_session, NULL, NULL, NULL, NULL },
	{ "/areas", api_areas_list, api_areas_create, NULL, NULL, NULL },
	{ "/areas/{}", api_area_get, NULL, NULL, api_area_patch,
	    api_area_delete },
	{ "/devices", api_devices_list, api_devices_create, NULL, NULL, NULL },
	{ "/devices/{}", api_device_get, NULL, NULL, api_device_patch,
	    api_device_delete },
	{ "/products", api_products_list, api_products_create, NULL, NULL,
	    NULL },
	{ "/products/{}", api_product_get, NULL, NULL, api_product_patch,
	    api_product_delete },
	{ "/product-categories", api_categories_list, NULL, NULL, NULL, NULL },
	{ "/product-categories/{}", api_category_get, NULL, NULL,
	    api_category_patch, NULL },
	{ "/rules/intervals", api_rules_get, NULL, api_rules_put, NULL, NULL },
	{ "/sessions", api_sessions_list, api_sessions_create, NULL, NULL,
	    NULL },
	{ "/sessions/{}", api_session_get, NULL, NULL, api_session_patch,
	    api_session_delete },
	{ "/applications", api_applications_list, api_applications_create,
	    NULL, NULL, NULL },
	{ "/applications/{}", api_application_get, NULL, NULL, NULL,
	    api_application_delete },
	{ "/checkins", api_checkins_list, api_checkins_create, NULL, NULL,
	    NULL },
	{ "/checkins/{}", api_checkin_get, NULL, NULL, NULL,
	    api_checkin_delete },
	{ "/profile", api_profile_get, NULL, NULL, api_profile_patch, NULL },
};

/* Match path against pattern; copy the "{}" segment into arg. */
static int
match(const char *pattern, const char *path, char *arg, size_t arglen)
{
	const char	*seg;
	size_t		 n;

	while (*pattern != '\0') {
		if (pattern[0] == '{' && pattern[1] == '}') {
			seg = path;
			n = strcspn(path, "/");
			if (n == 0 || n >= arglen)
				return 0;
			memcpy(arg, seg, n);
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

static void
allow_list(const struct route *r, char *allow, size_t len)
{
	snprintf(allow, len, "%s%s%s%s%sOPTIONS",
	    r->get ? "GET, HEAD, " : "", r->post ? "POST, " : "",
	    r->put ? "PUT, " : "", r->patch ? "PATCH, " : "",
	    r->del ? "DELETE, " : "");
}

api_handler *
api_route(const char *path, enum api_method method, char *arg, size_t arglen,
    int *status, char *allow, size_t allowlen)
{
	const struct route	*r;
	api_handler		*h = NULL;
	size_t			 i;

	arg[0] = '\0';
	for (i = 0; i < sizeof(routes) / sizeof(routes[0]); i++) {
		r = &routes[i];
		if (!match(r->pattern, path, arg, arglen))
			continue;
		switch (method) {
		case API_GET:
			h = r->get;
			break;
		case API_POST:
			h = r->post;
			break;
		case API_PUT:
			h = r->put;
			break;
		case API_PATCH:
			h = r->patch;
			break;
		case API_DELETE:
			h = r->del;
			break;
		}
		if (h != NULL)
			return h;
		allow_list(r, allow, allowlen);
		*status = method == 0 ? 204 : 405;
		return NULL;
	}
	*status = 404;
	return NULL;
}

static const char *
status_title(int status)
{
	switch (status) {
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 413: return "Content Too Large";
	case 415: return "Unsupported Media Type";
	case 422: return "Unprocessable Content";
	case 500: return "Internal Server Error";
	case 503: return "Service Unavailable";
	}
	return "Error";
}

static const char *
status_type(int status)
{
	switch (status) {
	case 400: return "urn:needled:problem:malformed-request";
	case 401: return "urn:needled:problem:unauthorized";
	case 404: return "urn:needled:problem:not-found";
	case 405: return "urn:needled:problem:method-not-allowed";
	case 409: return "urn:needled:problem:conflict";
	case 413: return "urn:needled:problem:body-too-large";
	case 415: return "urn:needled:problem:unsupported-media-type";
	case 422: return "urn:needled:problem:invalid-field";
	}
	return "about:blank";
}

/* Replace resp's body with a problem document. */
static json_t *
problem_new(struct api_resp *resp, int status, const char *detail)
{
	json_decref(resp->body);
	resp->status = status;
	resp->problem = 1;
	resp->body = json_pack("{s:s, s:s, s:i, s:s, s:[]}",
	    "type", status_type(status), "title", status_title(status),
	    "status", status, "detail", detail, "errors");
	return resp->body;
}

void
api_problem(struct api_resp *resp, int status, const char *field,
    const char *fmt, ...)
{
	va_list	 ap;
	char	 msg[JV_MSG_LEN], detail[JV_FIELD_LEN + JV_MSG_LEN + 2];
	json_t	*p;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (field != NULL && *field != '\0')
		snprintf(detail, sizeof(detail), "%s %s", field, msg);
	else
		snprintf(detail, sizeof(detail), "%s", msg);
	p = problem_new(resp, status, detail);
	if (field != NULL)
		json_array_append_new(json_object_get(p, "errors"),
		    json_pack("{s:s, s:s}", "field", field, "message", msg));
}

void
api_problems(struct api_resp *resp, int status, const struct jv_errors *errs)
{
	char	 detail[JV_FIELD_LEN + JV_MSG_LEN + 64];
	json_t	*p, *list;
	size_t	 i;

	if (errs->n == 0) {
		api_problem(resp, status, NULL, "invalid request");
		return;
	}
	snprintf(detail, sizeof(detail), "%s %s%s", errs->e[0].field,
	    errs->e[0].message, errs->n > 1 ? " (and more: see errors)" : "");
	p = problem_new(resp, status, detail);
	list = json_object_get(p, "errors");
	for (i = 0; i < errs->n; i++)
		json_array_append_new(list, json_pack("{s:s, s:s}",
		    "field", errs->e[i].field, "message", errs->e[i].message));
}

void
api_internal(struct api_resp *resp)
{
	api_problem(resp, 500, NULL, "the database failed; nothing was "
	    "changed (see the daemon's log)");
}

void
api_not_found(struct api_resp *resp, const char *what, const char *arg)
{
	api_problem(resp, 404, NULL, "no %s '%s'", what, arg);
}

char *
api_dump(const json_t *body, size_t *len)
{
	char	*text, *t;
	size_t	 n;

	if ((text = json_dumps(body, JSON_INDENT(2) |
	    JSON_REAL_PRECISION(10))) == NULL)
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
	va_list	ap;

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
	char		*end;
	long long	 v;

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
	int64_t	id;
	int	rc = 0;

	if ((id = api_arg_id(req)) == -1 ||
	    (rc = exists(req->store, id)) == 0) {
		api_not_found(resp, what, req->arg);
		return 0;
	}
	if (rc != 1) {
		api_internal(resp);
		return 0;
	}
	return id;
}

void
api_delete(struct api_req *req, struct api_resp *resp, int64_t id,
    int (*del)(struct store *, int64_t), const char *what,
    const char *field, const char *fmt, ...)
{
	va_list	ap;
	char	msg[JV_MSG_LEN];
	int	rc;

	if (id <= 0) {
		api_not_found(resp, what, req->arg);
		return;
	}
	if (store_begin(req->store) != 0) {
		api_internal(resp);
		return;
	}
	rc = del(req->store, id);
	if (rc == STORE_NOTFOUND) {
		store_rollback(req->store);
		api_not_found(resp, what, req->arg);
		return;
	}
	if (rc == STORE_CONFLICT && fmt != NULL) {
		store_rollback(req->store);
		va_start(ap, fmt);
		vsnprintf(msg, sizeof(msg), fmt, ap);
		va_end(ap);
		api_problem(resp, 409, field, "%s", msg);
		return;
	}
	if (rc != 0 || store_commit(req->store) != 0) {
		store_rollback(req->store);
		api_internal(resp);
		return;
	}
	api_no_content(resp);
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
	const char	*s, *dot;
	char		*end;
	long long	 v;

	memset(page, 0, sizeof(*page));
	page->limit = LIMIT_DEFAULT;
	if ((s = query(req, "limit")) != NULL) {
		errno = 0;
		v = strtoll(s, &end, 10);
		if (*s < '0' || *s > '9' || *end != '\0' || errno != 0 ||
		    v < 1) {
			api_problem(resp, 400, "limit", "must be an integer "
			    "of at least 1");
			return -1;
		}
		page->limit = v > LIMIT_MAX ? LIMIT_MAX : v;
	}
	if ((s = query(req, "cursor")) != NULL) {
		page->has_cursor = 1;
		if (timed) {
			char	t[32];

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
	api_problem(resp, 400, "cursor", "is not a cursor this server gave "
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
	char	buf[64];
	size_t	n = strlen(s);

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
	const char	*s;

	*out = fallback;
	if ((s = query(req, key)) == NULL)
		return 0;
	if (parse_query_time(s, out) == -1) {
		api_problem(resp, 400, key, "must be an RFC 3339 time such as "
		    "2026-11-21T09:30:00Z (URL-encode '+' as %%2B)");
		return -1;
	}
	return 0;
}

int
api_query_area(struct api_req *req, struct api_resp *resp, int64_t *area_id)
{
	const char	*s;

	*area_id = 0;
	if ((s = query(req, "area")) == NULL)
		return 0;
	if (!jv_slug_ok(s)) {
		api_problem(resp, 422, "area", "'%.64s' is not an area slug", s);
		return -1;
	}
	if ((*area_id = store_area_id(req->store, s)) == STORE_NOTFOUND) {
		api_problem(resp, 422, "area", "no area '%s' (see GET /areas)",
		    s);
		return -1;
	}
	return 0;
}

json_t *
api_list(const char *plural, json_t *items, const char *next)
{
	return json_pack("{s:o, s:s?}", plural, items, "next", next);
}

void
api_id_list(struct api_req *req, struct api_resp *resp, const char *plural,
    json_t *(*list)(struct store *, int64_t, long long, int *, int64_t *))
{
	struct api_page	 page;
	json_t		*items;
	int64_t		 last = 0;
	int		 more;
	char		 next[32];

	if (api_list_params(req, resp, 0, &page) == -1)
		return;
	items = list(req->store, page.cursor_id, page.limit, &more, &last);
	if (items == NULL) {
		api_internal(resp);
		return;
	}
	snprintf(next, sizeof(next), "%lld", (long long)last);
	api_ok(resp, api_list(plural, items, more ? next : NULL));
}

json_t *
api_warnings_json(const struct heal_warnings *w)
{
	json_t		*list = json_array(), *o;
	size_t		 i;

	for (i = 0; i < w->n; i++) {
		o = json_pack("{s:s, s:s}",
		    "code", heal_warning_name(w->w[i].code),
		    "severity", heal_severity_name(w->w[i].severity));
		if (w->w[i].area[0] != '\0')
			json_object_set_new(o, "area",
			    json_string(w->w[i].area));
		if (w->w[i].until != HEAL_NONE)
			json_object_set_new(o, "until",
			    jv_time_json(w->w[i].until));
		json_object_set_new(o, "message", json_string(w->w[i].message));
		json_array_append_new(list, o);
	}
	return list;
}

int
api_warnings_refuse(const struct heal_warnings *w)
{
	size_t	i;

	for (i = 0; i < w->n; i++)
		if (w->w[i].severity >= HEAL_WARNING)
			return 1;
	return 0;
}

void
api_strict_refusal(struct api_resp *resp, json_t *warnings)
{
	json_t	*p, *e, *errs;
	size_t	 i;

	p = problem_new(resp, 409, "refused under Prefer: handling=strict; "
	    "nothing was stored");
	json_object_set_new(p, "type",
	    json_string("urn:needled:problem:strict-warning"));
	errs = json_object_get(p, "errors");
	json_array_foreach(warnings, i, e) {
		const char *area = json_string_value(json_object_get(e,
		    "area"));

		json_array_append_new(errs, json_pack("{s:s, s:O}",
		    "field", area ? area : "", "message",
		    json_object_get(e, "message")));
	}
	json_object_set_new(p, "warnings", warnings);
	resp->preference_applied = 1;
}

void
api_health(struct api_req *req, struct api_resp *resp)
{
	const char	*db = store_health(req->store);

	api_ok(resp, json_pack("{s:s, s:s, s:s, s:I, s:i}",
	    "status", strcmp(db, "ok") == 0 ? "ok" : "degraded",
	    "version", PACKAGE_VERSION, "db", db,
	    "uptime_s", (json_int_t)(req->now - needled_started_at),
	    "schema", store_schema_version(req->store)));
	if (strcmp(db, "ok") != 0)
		resp->status = 503;
}
