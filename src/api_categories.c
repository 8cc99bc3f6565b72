/*
 * api_categories.c: /product-categories and /product-categories/{slug}
 * (healing-model.md §3).
 */
#include "buildconf.h"

#include <string.h>

#include "api.h"
#include "store.h"
#include "util.h"

static const struct jv_field category_schema[] = {
	{ "slug", JV_STRING, 0, 0, 64, NULL },
	{ "name", JV_STRING, JV_REQUIRED, 0, 128, NULL },
	{ "stop_before_h", JV_NUMBER, 0, 0, API_WAIT_MAX_H, NULL },
	{ "avoid_after_h", JV_NUMBER, 0, 0, API_WAIT_MAX_H, NULL },
	{ "systemic", JV_BOOL, 0, 0, 0, NULL },
};
#define NCATEGORY_SCHEMA NELEM(category_schema)
const struct jv_schema api_category_body = { category_schema,
	NCATEGORY_SCHEMA };

static const struct api_list categories_list = {
	.plural = "product_categories",
	.list = &store_category_list,
};

void
api_categories_list(struct api_req *req, struct api_resp *resp)
{
	api_page(req, resp, &categories_list);
}

/* The category named by the path, or 0 after answering 404 (or failed). */
static int64_t
path_category(struct api_req *req, struct api_resp *resp)
{
	int64_t id;
	int     rc;

	if ((rc = store_category_id(req->store, req->arg, &id)) ==
	    STORE_NOTFOUND) {
		api_not_found(resp, "product category", req->arg);
		return 0;
	}
	if (rc != 0) {
		api_store_error(resp, rc);
		return 0;
	}
	return id;
}

void
api_category_get(struct api_req *req, struct api_resp *resp)
{
	json_t *o;
	int64_t id;
	int     rc;

	if ((id = path_category(req, resp)) == 0)
		return;
	if ((rc = store_category_json(req->store, id, &o)) != 0) {
		api_store_error(resp, rc);
		return;
	}
	api_ok(resp, o);
}

/*
 * api_write() of PATCH /product-categories/{slug}: the stored category
 * with the body laid over it, read back.  cur lives until the end.
 */
static int
category_update(struct api_req *req, struct api_resp *resp, void *arg)
{
	const int64_t *id = arg;
	json_t        *cur = NULL, *o;
	int            rc;

	if ((rc = store_category_json(req->store, *id, &cur)) != 0)
		return rc;
	rc = store_category_update(req->store, *id,
	    jv_str(req->body, "name", jv_str(cur, "name", "")),
	    jv_num(req->body, "stop_before_h", jv_num(cur, "stop_before_h", 0)),
	    jv_num(req->body, "avoid_after_h", jv_num(cur, "avoid_after_h", 0)),
	    jv_bool(req->body, "systemic", jv_bool(cur, "systemic", 0)));
	if (rc == 0 && (rc = store_category_json(req->store, *id, &o)) == 0)
		api_ok(resp, o);
	json_decref(cur);
	return rc;
}

void
api_category_patch(struct api_req *req, struct api_resp *resp)
{
	struct jv_errors errs = { .n = 0 };
	const char      *slug;
	int64_t          id;

	if ((id = path_category(req, resp)) == 0)
		return;
	jv_check(req->body, category_schema, NCATEGORY_SCHEMA, 0, "", req->now,
	    &errs);
	slug = jv_str(req->body, "slug", NULL);
	if (slug != NULL && strcmp(slug, req->arg) != 0)
		jv_add(&errs, "slug",
		    "cannot be changed: products and their "
		    "history refer to '%s'",
		    req->arg);
	if (errs.n > 0) {
		api_problems(resp, 422, &errs);
		return;
	}
	api_write(req, resp, category_update, &id);
}
