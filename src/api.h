/*
 * api.h: the REST resources.  http.c parses a request (route, query, JSON
 * body) into a struct api_req and sends whatever the handler leaves in
 * struct api_resp.  Handlers never call MHD; they use the store and the
 * healing engine.
 *
 * A handler either fills resp->body with a JSON value (resp->status 200 or
 * 201) or calls api_problem*() for an error.  A write handler runs its
 * work through api_write(): one transaction, committed only when the work
 * answered success (with the stored object read back inside it), rolled
 * back otherwise.  Store failures are answered by api_store_error(), so
 * that "failed" is never told as "not found".
 */
#ifndef NEEDLED_API_H
#define NEEDLED_API_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "jsonv.h"
#include "store_sql.h"

struct store;
struct api_route;

/* When the daemon started (Unix seconds), for /health. */
extern int64_t needled_started_at;

enum api_method {
	API_GET = 1 << 0,
	API_POST = 1 << 1,
	API_PUT = 1 << 2,
	API_PATCH = 1 << 3,
	API_DELETE = 1 << 4
};

#define API_ARG_LEN 128

struct api_req {
	enum api_method method;
	const char     *path;
	char            arg[API_ARG_LEN]; /* {id} or {slug} of the path */
	json_t         *body; /* the JSON object of POST/PUT/PATCH */
	int             strict; /* Prefer: handling=strict */
	int64_t         now; /* the request's clock, Unix seconds */
	struct store   *store;
	const struct api_route *route; /* the row being served */
	const char             *idempotency_key; /* of a POST; NULL: none */
	int wait_expired; /* a waiting request's time is up */
	/* Query parameter lookup (NULL when absent); set by http.c. */
	const char *(*query)(void *qcls, const char *key);
	void *qcls;
	/*
	 * Every query parameter in order, repeats included: fn(arg, key,
	 * value) for each until fn returns non-zero; set by http.c (NULL:
	 * none to walk).
	 */
	void (*query_each)(void *qcls,
	    int (*fn)(void *arg, const char *key, const char *value),
	    void *arg);
};

struct api_resp {
	int         status;
	json_t     *body; /* owned; NULL for 204 */
	char       *text; /* or the body already serialized by
					 * api_dump() (owned, malloc'd) */
	size_t      text_len;
	int         problem; /* body is application/problem+json */
	char        location[160];
	char        etag[80]; /* set by the handler (weak ETags);
					 * else http.c hashes the body */
	int         preference_applied; /* handling=strict applied */
	char        allow[64]; /* for 405 */
	int         www_authenticate; /* 401: ask for a token */
	int         retry_after; /* seconds, for 503; 0: none */
	const char *content_type; /* of text; NULL: JSON */
	/*
	 * A GET whose answer is "nothing yet" (an empty /events) may ask
	 * to wait this many seconds for a change instead; it still fills
	 * its answer, which is sent when it cannot wait (req->wait_expired,
	 * too many waiting, shutting down).  The request is served again
	 * after each committed write until it has something or its time
	 * is up.
	 */
	int wait_s;
};

typedef void api_handler(struct api_req *, struct api_resp *);

/* What a route needs of the caller when a token is configured. */
enum api_auth {
	API_AUTH_NONE, /* open: monitors (/health) */
	API_AUTH_READ_URL, /* a token that may read, in the header or,
				 * for calendar apps that cannot send one,
				 * as ?token= */
	API_AUTH_READ, /* a token that may read */
	API_AUTH_WRITE /* a token that may write */
};

/*
 * The route table is the contract: one row per method and path, with
 * what it needs of the caller, the schema of its request body and a
 * one-line summary; OPTIONS, 405's Allow and the OpenAPI check are all
 * derived from it.  A pattern's "{}" matches one path segment (an id or
 * a slug).
 */
struct api_route {
	enum api_method         method;
	const char             *pattern;
	api_handler            *handler;
	enum api_auth           auth;
	const struct jv_schema *body; /* NULL: no body */
	const char             *event; /* what a success writes to
						 * the change feed; NULL */
	const char             *summary;
	const char             *params; /* the query parameters it
						 * takes, space-separated;
						 * NULL: none */
};

/* The whole table, for the OpenAPI check and the tests. */
const struct api_route *api_routes(size_t *n);

/*
 * Find the route of a path and method.  Returns the row (and copies the
 * path parameter into arg), or NULL with *status 404 (no such path) or
 * 405 (path exists, method does not; allow lists the methods).  For
 * OPTIONS (method 0) it returns NULL with *status 204 and allow filled.
 * HEAD is GET.  *auth is what the path needs: the route's own, the most
 * any of the path's routes needs for 405 and OPTIONS, and API_AUTH_READ
 * for a path that does not exist.
 */
const struct api_route *
api_route(const char *path, enum api_method method, char *arg, size_t arglen,
    int *status, enum api_auth *auth, char *allow, size_t allowlen);

/*
 * Serve req with req->route's handler.  A query parameter the route does
 * not take, or one given twice, is 400 naming it (with the parameters the
 * route takes) before the handler runs.  A GET runs inside one read
 * transaction: one consistent snapshot, and one lock taken instead of one
 * per statement.  Writes run their own (api_write()).
 */
void api_dispatch(struct api_req *, struct api_resp *);

/* The reason phrase of an HTTP status ("Not Found"). */
const char *api_status_title(int status);

/* Errors as application/problem+json (RFC 9457). */
void api_problem(struct api_resp *, int status, const char *field,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void api_problems(struct api_resp *, int status, const struct jv_errors *);
/*
 * The answer to a failed store call (rc is a negative STORE_ code):
 * STORE_BUSY 503 with Retry-After, STORE_FULL 507, STORE_NOTFOUND 404,
 * STORE_CONFLICT 409, STORE_INVALID 422, anything else 500.  The
 * messages say what happened and, inside api_write(), that nothing was
 * changed.
 */
void api_store_error(struct api_resp *, int rc);
/* 500 for a failure that is not the database's (out of memory). */
void api_internal(struct api_resp *);

/*
 * Run a write: BEGIN, fn(), and COMMIT when fn returned 0 with a 2xx in
 * resp (fn reads the stored object back before it returns, inside the
 * transaction, so a reply is never lost after a commit); else ROLLBACK.
 * The route's event ({"id": N} or {"slug": ...} of the object written)
 * goes into the change feed in the same transaction.  A POST with an
 * Idempotency-Key keeps its first successful reply (same transaction)
 * and gets it again, without running fn, when retried within 24 hours;
 * the same key with another body is 422.
 * fn returns 0 after filling resp (a success or a problem), or a
 * negative STORE_ code, which api_write() answers.  A failed COMMIT is
 * answered too: then nothing was stored.
 */
typedef int api_write_fn(struct api_req *, struct api_resp *, void *arg);
void
api_write(struct api_req *, struct api_resp *, api_write_fn *fn, void *arg);
/* 404 for the path parameter ("no session 7"). */
void api_not_found(struct api_resp *, const char *what, const char *arg);

/*
 * Serialize a reply body the one way needled does (indented, so that curl
 * output reads well, with a final newline).  Returns a malloc'd string and
 * its length, or NULL.
 */
char *api_dump(const json_t *body, size_t *len);

/* Reply with a value (steals the reference): 200, or 201 + Location. */
void api_ok(struct api_resp *, json_t *body);
void api_created(struct api_resp *, json_t *body, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void api_no_content(struct api_resp *);

/*
 * The path parameter as a row id (a positive decimal integer); -1 if it
 * is not one (then the caller answers 404).
 */
int64_t api_arg_id(const struct api_req *);

/*
 * The row named by the path's id: the id, or 0 after answering 404 ("no
 * <what> '<arg>'": not an id, or exists() says no) or 500 (exists()
 * failed).  exists() returns 1, 0 or STORE_ERROR.
 */
int64_t api_path_id(struct api_req *, struct api_resp *, const char *what,
    int (*exists)(struct store *, int64_t));

/*
 * DELETE of row id: del() in its own transaction, then 204.  An id that is
 * not positive (the path held none) or STORE_NOTFOUND from del() answers
 * 404 ("no <what> '<arg>'").  STORE_CONFLICT (the row is still referenced)
 * answers 409 about field with the message fmt, which says what to do
 * instead; with fmt NULL it is a failure like any other: 500.
 */
void api_delete(struct api_req *, struct api_resp *, int64_t id,
    int (*del)(struct store *, int64_t), const char *what, const char *field,
    const char *fmt, ...) __attribute__((format(printf, 7, 8)));

/*
 * The one way to answer a list.  api_page() reads ?limit= and ?cursor=
 * (and the filters the list allows: ?since=, ?until=, ?area=), asks
 * store_page() for the page, runs each() on every item (to add what the
 * store does not hold, such as a session's aftercare) and answers
 * {"<plural>": [...], "next": cursor|null}, or the error.
 */
#define API_FILTER_TIME 0x01 /* ?since= and ?until= */
#define API_FILTER_AREA 0x02 /* ?area=slug */
#define API_FILTER_REGION 0x04 /* ?region= (sessions) */
struct store_list;
struct api_list {
	const char              *plural;
	const struct store_list *list;
	unsigned int             filters;
	/* 0, or a negative STORE_ code; NULL: nothing to add. */
	int (*each)(struct api_req *, json_t *item);
};
void api_page(struct api_req *, struct api_resp *, const struct api_list *);

/*
 * The paging parameters api_page() reads (exported for its unit test):
 * ?limit= and ?cursor=, 0 or -1 after answering 400.  The cursor of a
 * time-ordered list is "TIME.ID" (strictly after that item, newest
 * first), of a creation-ordered list "ID".
 */
struct api_page {
	long long limit;
	int       has_cursor;
	int64_t   cursor_time;
	int64_t   cursor_id;
};
int api_list_params(
    struct api_req *, struct api_resp *, int timed, struct api_page *);
/*
 * Optional time filters ?since= / ?until= (RFC 3339, inclusive) and ?at=:
 * 0 with the value (or fallback when absent), -1 after answering 400.
 */
int api_query_time(struct api_req *, struct api_resp *, const char *key,
    int64_t fallback, int64_t *out);
/*
 * ?area=slug: 0 with the area id (0 when absent), -1 after answering 422
 * (unknown slug) or 400 (malformed).
 */
int api_query_area(struct api_req *, struct api_resp *, int64_t *area_id);
/*
 * A hint for an unknown name: "; did you mean forehead?" when one of the
 * names of list (SQL_AREA_SLUGS, SQL_CATEGORY_SLUGS, ...) is near word,
 * else "" (and on a store failure: the hint is a courtesy).  Writes into
 * buf and returns it.
 */
const char *api_did_you_mean(struct store *, enum store_sql list,
    const char *word, char *buf, size_t len);
/*
 * ?region=: 0 with the region (borrowed from the request; NULL when
 * absent), -1 after answering 422 (no area has it; the message lists the
 * regions areas have) or a store failure.
 */
int api_query_region(struct api_req *, struct api_resp *, const char **region);

/*
 * The facts a reason or warning was made from, as members of o: only the
 * present ones (at as RFC 3339; ids, numbers and names as they are;
 * infection_signs a boolean).  0, or -1 when out of memory.
 */
struct heal_facts;
int api_facts_json(json_t *o, const struct heal_facts *);
/*
 * Warnings: the JSON form of a heal_warnings list ({code, severity, area,
 * until, message} and the facts); whether any is of severity warning or
 * danger (what strict handling refuses); the 409 reply for strict
 * handling (api_write() then names, in its errors[], the body field of
 * each warning's area).
 */
struct heal_warnings;
json_t *api_warnings_json(const struct heal_warnings *);
/*
 * The answer of a write: o (the stored object, read back; stolen) with
 * its warnings, 201 with Location "<collection>/<id>" when created, else
 * 200.  0, or STORE_ERROR when out of memory (o freed).
 */
int  api_written(struct api_resp *, json_t *o, const struct heal_warnings *,
     int created, const char *collection, int64_t id);
int  api_warnings_refuse(const struct heal_warnings *);
void api_strict_refusal(struct api_resp *, json_t *warnings);

/* The resources.  api.c holds the route table that maps paths to these. */
api_handler api_health;

api_handler api_areas_list, api_areas_create;
api_handler api_area_get, api_area_patch, api_area_delete;

api_handler api_devices_list, api_devices_create;
api_handler api_device_get, api_device_patch, api_device_delete;

api_handler api_products_list, api_products_create;
api_handler api_product_get, api_product_patch, api_product_delete;

api_handler api_categories_list;
api_handler api_category_get, api_category_patch;
/*
 * The longest wait a product or a category accepts, in hours (ten
 * years): a bound against typing errors and overflow, not a rule.
 */
#define API_WAIT_MAX_H 87600

api_handler api_rules_get, api_rules_put;
api_handler api_profile_get, api_profile_patch;

/*
 * The most entries an array of a request body may hold (422 beyond),
 * documented in README.md ("Limits") and needled.8.  They bound the work
 * one request can ask of the only thread.
 */
#define API_MAX_TREATMENTS 32 /* a session's treatments[] */
#define API_MAX_PRODUCTS 16 /* a session's products[] */
#define API_MAX_AREAS 64 /* an application's areas[] */
#define API_MAX_CONDITIONS \
	16 /* a check-in's conditions[]: each
					 * known condition at most once */

/*
 * The duplicates of a body array of n ids (n at most API_MAX_AREAS, the
 * largest of the limits above), in n log n: first[i] is the index of the
 * first element with the id of element i, i itself when it is the
 * first.  An id of 0 (an element that did not resolve) is never a
 * duplicate.
 */
void api_first_dups(const int64_t *ids, size_t n, size_t *first);

api_handler api_sessions_list, api_sessions_create;
api_handler api_session_get, api_session_patch, api_session_delete;

api_handler api_applications_list, api_applications_create;
api_handler api_application_get, api_application_patch, api_application_delete;

api_handler api_checkins_list, api_checkins_create;
api_handler api_checkin_get, api_checkin_patch, api_checkin_delete;

api_handler api_next_session;
api_handler api_avoid; /* api_avoid.c: GET /avoid */

api_handler api_events;
api_handler api_calendar;
api_handler api_openapi; /* api_openapi.c: GET /openapi.json */

/*
 * The request body schemas, one per resource: the route table names them.
 */
extern const struct jv_schema api_area_body, api_device_body, api_product_body,
    api_category_body, api_rules_body, api_profile_body, api_session_body,
    api_application_body, api_checkin_body;

/*
 * The readiness JSON of one area (an element of /next-session's areas[]
 * and /areas/{slug}'s "readiness"): 0 with a new reference in *out, or a
 * negative STORE_ code for api_store_error() (STORE_ERROR when out of
 * memory).
 */
int api_area_readiness(struct store *, int64_t area_id, const char *slug,
    int64_t now, json_t **out);
/*
 * The "reasons" array of a readiness ({code, until, message, count} and
 * the facts each), as /next-session and a session's early_session and
 * blocked_area warnings show them.  Identical reasons are merged first
 * (heal_reasons_merge(), in r), count telling how many were folded, 1
 * when none.  New reference, or NULL when out of memory.
 */
struct heal_readiness;
json_t *api_reasons_json(struct heal_readiness *);
/*
 * store_load_rules() with the categories loaded into cats (up to max) and
 * rules->categories pointing at them, so that messages name categories:
 * cats must outlive the use of rules.  0 or a negative STORE_ code.
 */
struct heal_rules;
struct heal_profile;
struct heal_category;
int api_load_rules(struct store *, struct heal_rules *, struct heal_profile *,
    struct heal_category *cats, size_t max);
#define API_MAX_CATEGORIES 64
/*
 * The user's products of category (among the n of p, from
 * store_product_waits()) whose own wait after a session at from still
 * runs at at, as [{id, name, avoid_until}]: for a session's aftercare
 * (at = from) and /avoid.  New reference, or NULL when out of memory.
 */
struct store_product_wait;
json_t *api_avoid_products(const struct store_product_wait *p, size_t n,
    const char *category, int64_t from, int64_t at);
/*
 * Free the cached /next-session answer (at shutdown; a later request
 * builds it again).
 */
void api_next_cache_free(void);

#endif /* NEEDLED_API_H */
