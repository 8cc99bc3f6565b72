/*
 * api_next.c: GET /next-session and the readiness of one area.
 *
 * The answer depends only on the stored data (its generation) and the
 * instant it is evaluated at (to the second), so the last answer is kept
 * and served again while both are the same: a companion app polling every
 * second costs one evaluation per second, whatever the request rate.  It
 * is kept serialized, so that a hit costs a copy and no JSON work.  The
 * ETag is weak and leaves "now" out, so that it changes only when the
 * readiness does.
 */
#include "buildconf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "heal.h"
#include "store.h"
#include "util.h"

/* Areas evaluated at most by one /next-session answer. */
#define NEXT_MAX_AREAS 1024

struct next_cache {
	int      valid;
	uint64_t generation;
	int64_t  now;
	int64_t  area_id; /* 0: all tracked areas */
	char     region[64]; /* "": every region */
	char    *text; /* api_dump() of the answer */
	size_t   len;
	char     etag[80];
};

static struct next_cache cache; /* freed by api_next_cache_free() */

struct scored {
	int64_t               id;
	char                  slug[HEAL_SLUG_LEN];
	struct heal_readiness r;
};

void
api_next_cache_free(void)
{
	free(cache.text);
	memset(&cache, 0, sizeof(cache));
}

json_t *
api_reasons_json(struct heal_readiness *r)
{
	struct heal_reason *x;
	json_t             *list, *o;
	size_t              i;

	if ((list = json_array()) == NULL)
		return NULL;
	r->nreasons = heal_reasons_merge(r->reasons, r->nreasons);
	for (i = 0; i < r->nreasons; i++) {
		x = &r->reasons[i];
		o = json_pack("{s:s, s:o, s:s, s:i}", "code",
		    heal_reason_name(x->code), "until", jv_time_json(x->until),
		    "message", x->message, "count", (int)x->count);
		if (o == NULL || json_array_append_new(list, o) != 0 ||
		    api_facts_json(o, &x->facts) != 0) {
			json_decref(list);
			return NULL;
		}
	}
	return list;
}

int
api_load_rules(struct store *s, struct heal_rules *r, struct heal_profile *p,
    struct heal_category *cats, size_t max)
{
	int n, rc;

	if ((rc = store_load_rules(s, r, p)) != 0)
		return rc;
	if ((n = store_load_categories(s, cats, max)) < 0)
		return n;
	r->categories = cats;
	r->ncategories = (size_t)n;
	return 0;
}

static json_t *
readiness_json(const char *slug, struct heal_readiness *r)
{
	return json_pack("{s:s, s:b, s:o, s:b, s:o, s:o, s:o, s:o}", "area",
	    slug, "ready", r->ready, "ready_at", jv_time_json(r->ready_at),
	    "blocked", r->blocked, "last_session_at",
	    jv_time_json(r->last_session_at), "last_depth_mm",
	    r->last_session_at == HEAL_NONE ? json_null()
	                                    : jv_number(r->last_depth_mm),
	    "reasons", api_reasons_json(r), "warnings",
	    api_warnings_json(&r->warnings));
}

int
api_area_readiness(struct store *s, int64_t area_id, const char *slug,
    int64_t now, json_t **out)
{
	struct heal_rules      rules;
	struct heal_profile    profile;
	struct heal_category   cats[API_MAX_CATEGORIES];
	struct heal_readiness *r;
	int                    rc;

	*out = NULL;
	if ((r = malloc(sizeof(*r))) == NULL)
		return STORE_ERROR;
	if ((rc = api_load_rules(
	         s, &rules, &profile, cats, API_MAX_CATEGORIES)) == 0 &&
	    (rc = store_area_readiness(
	         s, &rules, &profile, area_id, slug, now, r)) == 0 &&
	    (*out = readiness_json(slug, r)) == NULL)
		rc = STORE_ERROR;
	free(r);
	return rc;
}

/* "Longest rested" first: never treated counts as rested longest. */
static int
cmp_rested(const struct scored *a, const struct scored *b)
{
	if (a->r.last_session_at != b->r.last_session_at)
		return a->r.last_session_at < b->r.last_session_at ? -1 : 1;
	return strcmp(a->slug, b->slug);
}

/*
 * The order of areas[]: ready ones first, longest rested first; then the
 * ones that will be ready, soonest first; blocked ones last.
 */
static int
cmp_areas(const void *pa, const void *pb)
{
	const struct scored *a = pa, *b = pb;

	if (a->r.ready != b->r.ready)
		return a->r.ready ? -1 : 1;
	if (!a->r.ready) {
		if (a->r.blocked != b->r.blocked)
			return a->r.blocked ? 1 : -1;
		if (!a->r.blocked && a->r.ready_at != b->r.ready_at)
			return a->r.ready_at < b->r.ready_at ? -1 : 1;
	}
	return cmp_rested(a, b);
}

/*
 * Evaluate the areas and build the answer into *out: 0, or a negative
 * STORE_ code (STORE_ERROR for a failure that is not the database's).
 */
static int
evaluate(struct store *s, int64_t area_id, const char *area_slug,
    const char *region, int64_t now, char *etag, size_t etaglen, json_t **out)
{
	struct heal_rules        rules;
	struct heal_profile      profile;
	struct heal_category     cats[API_MAX_CATEGORIES];
	struct store_history_buf buf = { 0 };
	struct heal_area_history h;
	struct scored           *areas = NULL;
	int64_t                 *ids = NULL;
	char(*slugs)[HEAL_SLUG_LEN] = NULL;
	json_t *list = NULL, *top = NULL, *o;
	char   *text = NULL;
	int     n, i, rc;

	*out = NULL;
	if ((rc = api_load_rules(
	         s, &rules, &profile, cats, API_MAX_CATEGORIES)) != 0)
		return rc;
	rc = STORE_ERROR; /* until the answer is built */
	ids = calloc(NEXT_MAX_AREAS, sizeof(*ids));
	slugs = calloc(NEXT_MAX_AREAS, sizeof(*slugs));
	if (ids == NULL || slugs == NULL)
		goto fail;
	if (area_id != 0) {
		ids[0] = area_id;
		snprintf(slugs[0], sizeof(slugs[0]), "%s", area_slug);
		n = 1;
	} else if ((n = store_tracked_areas_in(
	                s, now, region, ids, slugs, NEXT_MAX_AREAS)) < 0) {
		rc = n;
		goto fail;
	}
	if ((areas = calloc((size_t)n + 1, sizeof(*areas))) == NULL)
		goto fail;
	for (i = 0; i < n; i++) {
		areas[i].id = ids[i];
		snprintf(areas[i].slug, sizeof(areas[i].slug), "%s", slugs[i]);
		if ((rc = store_area_history(s, &rules, &profile, ids[i],
		         slugs[i], now, &h, &buf)) != 0)
			goto fail;
		heal_area_readiness(&rules, &profile, &h, now, &areas[i].r);
	}
	rc = STORE_ERROR;
	qsort(areas, (size_t)n, sizeof(*areas), cmp_areas);

	if ((list = json_array()) == NULL)
		goto fail;
	for (i = 0; i < n; i++)
		if ((o = readiness_json(areas[i].slug, &areas[i].r)) == NULL ||
		    json_array_append_new(list, o) != 0)
			goto fail;
	/* The chosen area's reasons, already merged by readiness_json(). */
	if (n > 0)
		top = json_pack("{s:s, s:b, s:o, s:o}", "area", areas[0].slug,
		    "ready", areas[0].r.ready, "ready_at",
		    jv_time_json(areas[0].r.ready_at), "reasons",
		    api_reasons_json(&areas[0].r));
	else
		top = json_pack("{s:n, s:b, s:n, s:[]}", "area", "ready", 1,
		    "ready_at", "reasons");
	if (top == NULL || json_object_set(top, "areas", list) != 0)
		goto fail;

	/* The ETag covers everything but "now". */
	if ((text = json_dumps(top, JSON_COMPACT)) == NULL)
		goto fail;
	snprintf(etag, etaglen, "W/\"%016llx\"",
	    (unsigned long long)fnv1a64(text, strlen(text)));

	if ((*out = json_pack("{s:o}", "now", jv_time_json(now))) == NULL ||
	    json_object_update(*out, top) != 0) {
		json_decref(*out);
		*out = NULL;
		goto fail;
	}
	rc = 0;
fail:
	free(text);
	json_decref(top);
	json_decref(list);
	store_history_buf_free(&buf);
	free(areas);
	free(ids);
	free(slugs);
	return rc;
}

void
api_next_session(struct api_req *req, struct api_resp *resp)
{
	struct store *s = req->store;
	const char   *slug, *region;
	int64_t       now, area_id;
	json_t       *body;
	char         *text;
	size_t        len;
	int           rc;
	char          etag[80];

	if (api_query_time(req, resp, "at", req->now, &now) == -1 ||
	    api_query_area(req, resp, &area_id) == -1 ||
	    api_query_region(req, resp, &region) == -1)
		return;
	if (region != NULL && strlen(region) >= sizeof(cache.region)) {
		api_problem(resp, 422, "region", "is too long");
		return;
	}
	if (!(cache.valid && cache.generation == store_generation(s) &&
	        cache.now == now && cache.area_id == area_id &&
	        strcmp(cache.region, region != NULL ? region : "") == 0)) {
		/* An area id comes from ?area=: the query is there. */
		slug = area_id != 0 && req->query != NULL
		    ? req->query(req->qcls, "area")
		    : NULL;
		if ((rc = evaluate(s, area_id, slug != NULL ? slug : "", region,
		         now, etag, sizeof(etag), &body)) != 0) {
			api_store_error(resp, rc);
			return;
		}
		text = api_dump(body, &len);
		json_decref(body);
		if (text == NULL) {
			api_internal(resp);
			return;
		}
		free(cache.text);
		cache.valid = 1;
		cache.generation = store_generation(s);
		cache.now = now;
		cache.area_id = area_id;
		snprintf(cache.region, sizeof(cache.region), "%s",
		    region != NULL ? region : "");
		cache.text = text;
		cache.len = len;
		snprintf(cache.etag, sizeof(cache.etag), "%s", etag);
	}
	/* MHD sends the reply later: it gets a copy of its own. */
	if ((resp->text = malloc(cache.len + 1)) == NULL) {
		api_internal(resp);
		return;
	}
	memcpy(resp->text, cache.text, cache.len + 1);
	resp->text_len = cache.len;
	resp->status = 200;
	snprintf(resp->etag, sizeof(resp->etag), "%s", cache.etag);
}
