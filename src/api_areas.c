/*
 * api_areas.c: /areas and /areas/{slug}.
 */
#include "buildconf.h"

#include <string.h>

#include "api.h"
#include "store.h"
#include "util.h"

/* Defaults of a POSTed area: the most cautious cap of the seeded ones. */
#define AREA_DEFAULT_REGION "body"
#define AREA_DEFAULT_CAP 0.25

static const struct jv_field area_schema[] = {
	{ "slug", JV_SLUG, JV_REQUIRED, 0, 0, NULL },
	{ "name", JV_STRING, 0, 0, 128, NULL },
	{ "region", JV_STRING, 0, 0, 32, NULL },
	{ "max_home_depth_mm", JV_NUMBER, JV_MIN_EXCL, 0, 3, NULL },
	{ "archived", JV_BOOL, 0, 0, 0, NULL },
	{ "tracked", JV_ANY, 0, 0, 0, NULL },
	{ "readiness", JV_ANY, 0, 0, 0, NULL },
	{ "id", JV_ANY, 0, 0, 0, NULL },
};
#define NAREA_SCHEMA NELEM(area_schema)
const struct jv_schema api_area_body = { area_schema, NAREA_SCHEMA };

static const struct api_list areas_list = {
	.plural = "areas",
	.list = &store_area_list,
};

void
api_areas_list(struct api_req *req, struct api_resp *resp)
{
	api_page(req, resp, &areas_list);
}

/*
 * A write of area id (0: a new one) with slug failed with rc.  A
 * conflict is "already an area" only when another area does hold the
 * slug; anything else is answered for what it is (api_write()).
 * Returns 0 after answering, or rc for api_write() to answer.
 */
static int
area_refused(struct api_req *req, struct api_resp *resp, int64_t id,
    const char *slug, int rc)
{
	int64_t other;
	int     rc2;

	if (rc != STORE_CONFLICT)
		return rc;
	if ((rc2 = store_area_id(req->store, slug, &other)) == STORE_NOTFOUND ||
	    (rc2 == 0 && other == id))
		return rc;
	if (rc2 != 0)
		return rc2;
	api_problem(resp, 409, "slug", "'%s' is already an area", slug);
	return 0;
}

/* api_write() of POST /areas: insert, read back, 201. */
static int
area_create(struct api_req *req, struct api_resp *resp, void *arg)
{
	const char *slug = jv_str(req->body, "slug", "");
	json_t     *o;
	int64_t     id;
	int         rc;

	(void)arg;
	id = store_area_insert(req->store, slug,
	    jv_str(req->body, "name", slug),
	    jv_str(req->body, "region", AREA_DEFAULT_REGION),
	    jv_num(req->body, "max_home_depth_mm", AREA_DEFAULT_CAP),
	    jv_bool(req->body, "archived", 0));
	if (id < 0)
		return area_refused(req, resp, 0, slug, (int)id);
	if ((rc = store_area_json(req->store, id, &o)) != 0)
		return rc;
	api_created(resp, o, "/areas/%s", slug);
	return 0;
}

void
api_areas_create(struct api_req *req, struct api_resp *resp)
{
	struct jv_errors errs = { .n = 0 };

	if (jv_check(req->body, area_schema, NAREA_SCHEMA, 1, "", req->now,
	        &errs) > 0) {
		api_problems(resp, 422, &errs);
		return;
	}
	api_write(req, resp, area_create, NULL);
}

/* The area named by the path, or 0 after answering 404 (or the failure). */
static int64_t
path_area(struct api_req *req, struct api_resp *resp)
{
	int64_t id;
	int     rc;

	if (!jv_slug_ok(req->arg) ||
	    (rc = store_area_id(req->store, req->arg, &id)) == STORE_NOTFOUND) {
		api_not_found(resp, "area", req->arg);
		return 0;
	}
	if (rc != 0) {
		api_store_error(resp, rc);
		return 0;
	}
	return id;
}

void
api_area_get(struct api_req *req, struct api_resp *resp)
{
	json_t *o, *r;
	int64_t id, at;
	int     rc;

	if ((id = path_area(req, resp)) == 0)
		return;
	if (api_query_time(req, resp, "at", req->now, &at) == -1)
		return;
	if ((rc = store_area_json(req->store, id, &o)) != 0) {
		api_store_error(resp, rc);
		return;
	}
	if ((rc = api_area_readiness(req->store, id, req->arg, at, &r)) != 0) {
		json_decref(o);
		api_store_error(resp, rc);
		return;
	}
	json_object_set_new(o, "readiness", r);
	api_ok(resp, o);
}

/*
 * api_write() of PATCH /areas/{slug}: the stored area with the body laid
 * over it, written whole, read back.  The strings of cur live until the
 * end, after every use (the problem of a conflict quotes the slug).
 */
static int
area_update(struct api_req *req, struct api_resp *resp, void *arg)
{
	const int64_t *id = arg;
	const char    *slug;
	json_t        *cur = NULL, *o;
	int            rc;

	if ((rc = store_area_json(req->store, *id, &cur)) != 0)
		return rc;
	slug = jv_str(req->body, "slug", jv_str(cur, "slug", ""));
	rc = store_area_update(req->store, *id, slug,
	    jv_str(req->body, "name", jv_str(cur, "name", "")),
	    jv_str(req->body, "region", jv_str(cur, "region", "")),
	    jv_num(req->body, "max_home_depth_mm",
	        jv_num(cur, "max_home_depth_mm", AREA_DEFAULT_CAP)),
	    jv_bool(req->body, "archived", jv_bool(cur, "archived", 0)));
	if (rc != 0)
		rc = area_refused(req, resp, *id, slug, rc);
	else if ((rc = store_area_json(req->store, *id, &o)) == 0)
		api_ok(resp, o);
	json_decref(cur);
	return rc;
}

void
api_area_patch(struct api_req *req, struct api_resp *resp)
{
	struct jv_errors errs = { .n = 0 };
	int64_t          id;

	if ((id = path_area(req, resp)) == 0)
		return;
	if (jv_check(req->body, area_schema, NAREA_SCHEMA, 0, "", req->now,
	        &errs) > 0) {
		api_problems(resp, 422, &errs);
		return;
	}
	api_write(req, resp, area_update, &id);
}

void
api_area_delete(struct api_req *req, struct api_resp *resp)
{
	int64_t id;

	if ((id = path_area(req, resp)) != 0)
		api_delete(req, resp, id, store_area_delete, "area", "slug",
		    "'%s' has history (sessions, applications or check-ins); "
		    "archive it instead (PATCH {\"archived\": true})",
		    req->arg);
}
