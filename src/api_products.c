/*
 * api_products.c: /products and /products/{id} (healing-model.md §3).
 */
#include "buildconf.h"

#include <string.h>

#include "api.h"
#include "store.h"
#include "util.h"

static const struct jv_field product_schema[] = {
	{ "name", JV_STRING, JV_REQUIRED, 0, 128, NULL },
	{ "category", JV_STRING, JV_REQUIRED, 0, 64, NULL },
	{ "stop_before_h", JV_NUMBER, JV_NULLABLE, 0, API_WAIT_MAX_H, NULL },
	{ "avoid_after_h", JV_NUMBER, JV_NULLABLE, 0, API_WAIT_MAX_H, NULL },
	{ "id", JV_ANY, 0, 0, 0, NULL },
	{ "effective_stop_before_h", JV_ANY, 0, 0, 0, NULL },
	{ "effective_avoid_after_h", JV_ANY, 0, 0, 0, NULL },
};
#define NPRODUCT_SCHEMA	NELEM(product_schema)
const struct jv_schema	api_product_body = { product_schema, NPRODUCT_SCHEMA };

/*
 * The category named by a checked product object: its id, or
 * STORE_NOTFOUND after adding an error.
 */
static int64_t
product_category(struct store *s, const json_t *o, struct jv_errors *errs)
{
	const char	*slug = jv_str(o, "category", "");
	int64_t		 id;

	if ((id = store_category_id_old(s, slug)) < 0)
		jv_add(errs, "category", "'%.64s' is not a product category "
		    "(see GET /product-categories)", slug);
	return id;
}

void
api_products_list(struct api_req *req, struct api_resp *resp)
{
	api_id_list(req, resp, "products", store_product_list);
}

void
api_products_create(struct api_req *req, struct api_resp *resp)
{
	struct jv_errors	 errs = { .n = 0 };
	int64_t			 id, cat;

	if (jv_check(req->body, product_schema, NPRODUCT_SCHEMA, 1, "",
	    req->now, &errs) > 0) {
		api_problems(resp, 422, &errs);
		return;
	}
	if (store_begin(req->store) != 0) {
		api_internal(resp);
		return;
	}
	if ((cat = product_category(req->store, req->body, &errs)) < 0) {
		store_rollback(req->store);
		api_problems(resp, 422, &errs);
		return;
	}
	id = store_product_insert(req->store, jv_str(req->body, "name", ""),
	    cat, jv_num(req->body, "stop_before_h", -1),
	    jv_num(req->body, "avoid_after_h", -1));
	if (id < 0 || store_commit(req->store) != 0) {
		store_rollback(req->store);
		api_internal(resp);
		return;
	}
	api_created(resp, store_product_json(req->store, id),
	    "/products/%lld", (long long)id);
}

/* The product named by the path, or 0 after answering 404 (or 500). */
static int64_t
path_product(struct api_req *req, struct api_resp *resp)
{
	return api_path_id(req, resp, "product", store_product_exists);
}

void
api_product_get(struct api_req *req, struct api_resp *resp)
{
	int64_t	id;

	if ((id = path_product(req, resp)) == 0)
		return;
	api_ok(resp, store_product_json(req->store, id));
}

void
api_product_patch(struct api_req *req, struct api_resp *resp)
{
	struct jv_errors	 errs = { .n = 0 };
	json_t			*cur = NULL, *merged = NULL;
	int64_t			 id, cat;

	if ((id = path_product(req, resp)) == 0)
		return;
	if (jv_check(req->body, product_schema, NPRODUCT_SCHEMA, 0, "",
	    req->now, &errs) > 0) {
		api_problems(resp, 422, &errs);
		return;
	}
	if (store_begin(req->store) != 0 ||
	    (cur = store_product_json(req->store, id)) == NULL ||
	    (merged = json_deep_copy(cur)) == NULL ||
	    json_object_update(merged, req->body) != 0)
		goto fail;
	if ((cat = product_category(req->store, merged, &errs)) < 0) {
		store_rollback(req->store);
		json_decref(merged);
		json_decref(cur);
		api_problems(resp, 422, &errs);
		return;
	}
	if (store_product_update(req->store, id, jv_str(merged, "name", ""),
	    cat, jv_num(merged, "stop_before_h", -1),
	    jv_num(merged, "avoid_after_h", -1)) != 0 ||
	    store_commit(req->store) != 0)
		goto fail;
	json_decref(merged);
	json_decref(cur);
	api_ok(resp, store_product_json(req->store, id));
	return;
 fail:
	store_rollback(req->store);
	json_decref(merged);
	json_decref(cur);
	api_internal(resp);
}

void
api_product_delete(struct api_req *req, struct api_resp *resp)
{
	int64_t	id;

	if ((id = path_product(req, resp)) != 0)
		api_delete(req, resp, id, store_product_delete, "product",
		    "id", "product %lld has applications; delete them first, "
		    "or keep the product", (long long)id);
}
