/*
 * api_products.c: /products and /products/{id} (healing-model.md §3).
 */
#include "buildconf.h"

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
#define NPRODUCT_SCHEMA NELEM(product_schema)
const struct jv_schema api_product_body = { product_schema, NPRODUCT_SCHEMA };

/* product_category(): no such category (answer 422). */
#define PRODUCT_INVALID 1

/*
 * The category named by a checked product object: 0 with its id in *out,
 * PRODUCT_INVALID after adding an error, or a negative STORE_ code.
 */
static int
product_category(
    struct store *s, const json_t *o, int64_t *out, struct jv_errors *errs)
{
	const char *slug = jv_str(o, "category", "");
	char        hint[JV_FIELD_LEN + 24];
	int         rc;

	if ((rc = store_category_id(s, slug, out)) == STORE_NOTFOUND) {
		jv_add(errs, "category",
		    "'%.64s' is not a product "
		    "category%s (see GET /product-categories)",
		    slug,
		    api_did_you_mean(
		        s, SQL_CATEGORY_SLUGS, slug, hint, sizeof(hint)));
		return PRODUCT_INVALID;
	}
	return rc;
}

static const struct api_list products_list = {
	.plural = "products",
	.list = &store_product_list,
};

void
api_products_list(struct api_req *req, struct api_resp *resp)
{
	api_page(req, resp, &products_list);
}

/*
 * Store product o (a checked POST body, or the stored product with a
 * PATCH body laid over it): insert (id 0) or update id, then answer the
 * stored product (201 or 200), or 422 for an unknown category.  0 after
 * answering, or a negative STORE_ code for api_write().
 */
static int
product_put(
    struct api_req *req, struct api_resp *resp, int64_t id, const json_t *o)
{
	struct jv_errors errs = { .n = 0 };
	json_t          *out;
	int64_t          cat, rid = id;
	int              rc;

	if ((rc = product_category(req->store, o, &cat, &errs)) ==
	    PRODUCT_INVALID) {
		api_problems(resp, 422, &errs);
		return 0;
	}
	if (rc != 0)
		return rc;
	if (id == 0) {
		rid = store_product_insert(req->store, jv_str(o, "name", ""),
		    cat, jv_num(o, "stop_before_h", -1),
		    jv_num(o, "avoid_after_h", -1));
		if (rid < 0)
			return (int)rid;
	} else if ((rc = store_product_update(req->store, id,
	                jv_str(o, "name", ""), cat,
	                jv_num(o, "stop_before_h", -1),
	                jv_num(o, "avoid_after_h", -1))) != 0)
		return rc;
	if ((rc = store_product_json(req->store, rid, &out)) != 0)
		return rc;
	if (id == 0)
		api_created(resp, out, "/products/%lld", (long long)rid);
	else
		api_ok(resp, out);
	return 0;
}

/* api_write() of POST /products. */
static int
product_create(struct api_req *req, struct api_resp *resp, void *arg)
{
	(void)arg;
	return product_put(req, resp, 0, req->body);
}

void
api_products_create(struct api_req *req, struct api_resp *resp)
{
	struct jv_errors errs = { .n = 0 };

	if (jv_check(req->body, product_schema, NPRODUCT_SCHEMA, 1, "",
	        req->now, &errs) > 0) {
		api_problems(resp, 422, &errs);
		return;
	}
	api_write(req, resp, product_create, NULL);
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
	json_t *o;
	int64_t id;
	int     rc;

	if ((id = path_product(req, resp)) == 0)
		return;
	if ((rc = store_product_json(req->store, id, &o)) != 0) {
		api_store_error(resp, rc);
		return;
	}
	api_ok(resp, o);
}

/*
 * api_write() of PATCH /products/{id}: the stored product with the body
 * laid over it.  The strings written are borrowed from merged, which
 * lives until the product is written and read back.
 */
static int
product_update(struct api_req *req, struct api_resp *resp, void *arg)
{
	const int64_t *id = arg;
	json_t        *merged = NULL;
	int            rc;

	if ((rc = store_product_json(req->store, *id, &merged)) != 0)
		return rc;
	if (json_object_update(merged, req->body) != 0)
		rc = STORE_ERROR;
	else
		rc = product_put(req, resp, *id, merged);
	json_decref(merged);
	return rc;
}

void
api_product_patch(struct api_req *req, struct api_resp *resp)
{
	struct jv_errors errs = { .n = 0 };
	int64_t          id;

	if ((id = path_product(req, resp)) == 0)
		return;
	if (jv_check(req->body, product_schema, NPRODUCT_SCHEMA, 0, "",
	        req->now, &errs) > 0) {
		api_problems(resp, 422, &errs);
		return;
	}
	api_write(req, resp, product_update, &id);
}

void
api_product_delete(struct api_req *req, struct api_resp *resp)
{
	int64_t id;

	if ((id = path_product(req, resp)) != 0)
		api_delete(req, resp, id, store_product_delete, "product", "id",
		    "product %lld has applications; delete them first, "
		    "or keep the product",
		    (long long)id);
}
