/*
 * api_events.c: GET /events, the change feed (the Syncthing events model).
 *
 * ?since=ID answers the events after ID, oldest first, as a JSON array of
 * {id, type, at, data}; ids rise by exactly one.  ?types=a,b keeps those
 * types ("device.*" names a family).  A since older than the oldest kept
 * event (or newer than any: the database was replaced) is 410 Gone with
 * the oldest and latest ids, so that the client knows it missed some and
 * must read the state again.
 */
#include "buildconf.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "store.h"
#include "util.h"

#define EVENTS_LIMIT_DEFAULT 1000
#define EVENTS_LIMIT_MAX 10000
#define EVENTS_TIMEOUT_DEFAULT 60 /* seconds a request may wait */
#define EVENTS_TIMEOUT_MAX 300
#define EVENTS_MAX_TYPES 32

/* Every event type the feed carries; "x.*" in ?types= names a family. */
static const char *const event_types[] = {
	"session.created",
	"session.updated",
	"session.deleted",
	"application.created",
	"application.updated",
	"application.deleted",
	"checkin.created",
	"checkin.updated",
	"checkin.deleted",
	"device.created",
	"device.updated",
	"device.deleted",
	"product.created",
	"product.updated",
	"product.deleted",
	"area.created",
	"area.updated",
	"area.deleted",
	"area.ready",
	"profile.updated",
	"rules.changed",
};

struct type_filter {
	size_t n;
	char   types[EVENTS_MAX_TYPES][32];
};

static int
type_matches(const char *pattern, const char *type)
{
	size_t n = strlen(pattern);

	if (n >= 2 && strcmp(pattern + n - 2, ".*") == 0)
		return strncmp(pattern, type, n - 1) == 0;
	return strcmp(pattern, type) == 0;
}

static int
filter_match(const char *type, void *arg)
{
	struct type_filter *f = arg;
	size_t              i;

	for (i = 0; i < f->n; i++)
		if (type_matches(f->types[i], type))
			return 1;
	return 0;
}

/* Parse ?types=a,b into f: 0, or -1 after answering 400. */
static int
parse_types(const char *s, struct type_filter *f, struct api_resp *resp)
{
	const char *p = s;
	size_t      n, i;
	int         known;

	f->n = 0;
	while (*p != '\0') {
		n = strcspn(p, ",");
		if (n == 0 || n >= sizeof(f->types[0]) ||
		    f->n == EVENTS_MAX_TYPES)
			goto bad;
		memcpy(f->types[f->n], p, n);
		f->types[f->n][n] = '\0';
		known = 0;
		for (i = 0; i < NELEM(event_types); i++)
			if (type_matches(f->types[f->n], event_types[i]))
				known = 1;
		if (!known)
			goto bad;
		f->n++;
		p += n;
		if (*p == ',')
			p++;
	}
	if (f->n > 0)
		return 0;
bad:
	api_problem(resp, 400, "types",
	    "must be a comma-separated list of "
	    "event types such as session.created,area.ready or a family "
	    "such as device.* (types: session.*, application.*, checkin.*, "
	    "device.*, product.*, area.*, area.ready, profile.updated, "
	    "rules.changed)");
	return -1;
}

/* A whole number from min to max in ?key=, clamped above; -1 on 400. */
static int
query_count(struct api_req *req, struct api_resp *resp, const char *key,
    long long min, long long max, long long *out)
{
	const char *s = req->query ? req->query(req->qcls, key) : NULL;
	char       *end;
	long long   v;

	if (s == NULL)
		return 0;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (*s < '0' || *s > '9' || *end != '\0' || errno != 0 || v < min) {
		api_problem(resp, 400, key,
		    "must be a whole number of at "
		    "least %lld",
		    min);
		return -1;
	}
	*out = v > max ? max : v;
	return 0;
}

void
api_events(struct api_req *req, struct api_resp *resp)
{
	struct type_filter filter;
	const char        *types;
	long long          since = 0, timeout = EVENTS_TIMEOUT_DEFAULT;
	long long          limit = EVENTS_LIMIT_DEFAULT;
	int64_t            oldest, newest, given;
	json_t            *list, *p;
	int                rc;

	if (query_count(req, resp, "since", 0, INT64_MAX, &since) == -1 ||
	    query_count(
	        req, resp, "timeout", 0, EVENTS_TIMEOUT_MAX, &timeout) == -1 ||
	    query_count(req, resp, "limit", 1, EVENTS_LIMIT_MAX, &limit) == -1)
		return;
	types = req->query ? req->query(req->qcls, "types") : NULL;
	if (types != NULL && parse_types(types, &filter, resp) == -1)
		return;
	if ((rc = store_event_bounds(req->store, &oldest, &newest, &given)) !=
	    0) {
		api_store_error(resp, rc);
		return;
	}
	/*
	 * Events since+1 .. oldest-1 were pruned (or, with none kept, every
	 * one up to the last given): the client has missed some.
	 */
	if (since > given) {
		api_problem(resp, 410, "since",
		    "is beyond the newest event "
		    "(%lld): this database is not the one you followed; read "
		    "the state again",
		    (long long)given);
		goto gone;
	}
	/*
	 * Events since+1 .. oldest-1 were pruned (or, with none kept, every
	 * one up to the last given): the client has missed some.
	 */
	if ((oldest > 0 && since + 1 < oldest) ||
	    (oldest == 0 && since < given)) {
		api_problem(resp, 410, "since",
		    "events after %lld are no "
		    "longer kept (the oldest kept is %lld); read the state "
		    "again, then follow from %lld",
		    since, (long long)(oldest > 0 ? oldest : given + 1),
		    (long long)given);
		goto gone;
	}
	if ((rc = store_events_since(req->store, since, limit,
	         types != NULL ? filter_match : NULL, &filter, &list)) != 0) {
		api_store_error(resp, rc);
		return;
	}
	/* Nothing yet: wait for the next write (http.c suspends). */
	if (json_array_size(list) == 0 && timeout > 0 && !req->wait_expired)
		resp->wait_s = (int)timeout;
	api_ok(resp, list);
	return;
gone:
	p = resp->body;
	json_object_set_new(p, "oldest", json_integer(oldest));
	json_object_set_new(p, "latest", json_integer(given));
}
