/*
 * api_areas.c: /areas and /areas/{slug}.
 */
#include "buildconf.h"

#include <string.h>

#include "api.h"
#include "store.h"
#include "util.h"

/* Defaults of a POSTed area: the most cautious cap of the seeded ones. */
#define AREA_DEFAULT_REGION	"body"
#define AREA_DEFAULT_CAP	0.25

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
#define NAREA_SCHEMA	NELEM(area_schema)
const struct jv_schema	api_area_body = { area_schema, NAREA_SCHEMA };

void
api_areas_list(struct api_req *req, struct api_resp *resp)
{
	api_id_list(req, resp, "areas", store_area_list);
}

void
api_areas_create(struct api_req *req, struct api_resp *resp)
{
	struct jv_errors	 errs = { .n = 0 };
	const char		*slug;
	int64_t			 id;

	if (jv_check(req->body, area_schema, NAREA_SCHEMA, 1, "", req->now,
	    &errs) > 0) {
		api_problems(resp, 422, &errs);
		return;
	}
	slug = jv_str(req->body, "slug", "");
	if (store_begin(req->store) != 0) {
		api_internal(resp);
		return;
	}
	id = store_area_insert(req->store, slug,
	    jv_str(req->body, "name", slug),
	    jv_str(req->body, "region", AREA_DEFAULT_REGION),
	    jv_num(req->body, "max_home_depth_mm", AREA_DEFAULT_CAP),
	    jv_bool(req->body, "archived", 0));
	if (id == STORE_CONFLICT) {
		store_rollback(req->store);
		api_problem(resp, 409, "slug", "'%s' is already an area", slug);
		return;
	}
	if (id < 0 || store_commit(req->store) != 0) {
		store_rollback(req->store);
		api_internal(resp);
		return;
	}
	api_created(resp, store_area_json(req->store, id), "/areas/%s", slug);
}

/* The area named by the path, or 0 after answering 404. */
static int64_t
path_area(struct api_req *req, struct api_resp *resp)
{
	int64_t	id;

	int	rc;

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
	json_t	*o, *r;
	int64_t	 id, at;

	if ((id = path_area(req, resp)) == 0)
		return;
	if (api_query_time(req, resp, "at", req->now, &at) == -1)
		return;
	if ((o = store_area_json(req->store, id)) == NULL ||
	    (r = api_readiness_json(req->store, id, req->arg, at)) == NULL) {
		json_decref(o);
		api_internal(resp);
		return;
	}
	json_object_set_new(o, "readiness", r);
	api_ok(resp, o);
}

void
api_area_patch(struct api_req *req, struct api_resp *resp)
{
	struct jv_errors	 errs = { .n = 0 };
	json_t			*cur;
	const char		*slug;
	int64_t			 id;
	int			 rc;

	if ((id = path_area(req, resp)) == 0)
		return;
	if (jv_check(req->body, area_schema, NAREA_SCHEMA, 0, "", req->now,
	    &errs) > 0) {
		api_problems(resp, 422, &errs);
		return;
	}
	if (store_begin(req->store) != 0 ||
	    (cur = store_area_json(req->store, id)) == NULL) {
		store_rollback(req->store);
		api_internal(resp);
		return;
	}
	slug = jv_str(req->body, "slug", jv_str(cur, "slug", ""));
	rc = store_area_update(req->store, id, slug,
	    jv_str(req->body, "name", jv_str(cur, "name", "")),
	    jv_str(req->body, "region", jv_str(cur, "region", "")),
	    jv_num(req->body, "max_home_depth_mm",
	    jv_num(cur, "max_home_depth_mm", AREA_DEFAULT_CAP)),
	    jv_bool(req->body, "archived", jv_bool(cur, "archived", 0)));
	if (rc == STORE_CONFLICT) {
		store_rollback(req->store);
		json_decref(cur);
		api_problem(resp, 409, "slug", "'%s' is already an area", slug);
		return;
	}
	if (rc != 0 || store_commit(req->store) != 0) {
		store_rollback(req->store);
		json_decref(cur);
		api_internal(resp);
		return;
	}
	json_decref(cur);
	api_ok(resp, store_area_json(req->store, id));
}

void
api_area_delete(struct api_req *req, struct api_resp *resp)
{
	int64_t	id;

	if ((id = path_area(req, resp)) != 0)
		api_delete(req, resp, id, store_area_delete, "area", "slug",
		    "'%s' has history (sessions, applications or check-ins); "
		    "archive it instead (PATCH {\"archived\": true})",
		    req->arg);
}
