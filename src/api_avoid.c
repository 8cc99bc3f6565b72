/*
 * api_avoid.c: GET /avoid, what must not go on which area now and until
 * when ("can I use my retinol tonight?").
 *
 * After a session on an area, each product category with avoid_after_h
 * above 0 waits that long on it (healing-model.md §3, §8).  /avoid walks
 * each area's latest treatment within the longest wait and answers, per
 * category whose wait is still running at ?at= (default now), the areas
 * and until when, with the user's own products of that category.  The
 * same product list goes into a session's aftercare (api_sessions.c).
 */
#include "buildconf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "heal.h"
#include "store.h"
#include "util.h"

#define AVOID_MAX_CATEGORIES 64

json_t *
api_avoid_products(const struct store_product_wait *p, size_t n,
    const char *category, int64_t from, int64_t at)
{
	json_t *list, *o;
	int64_t until;
	size_t  i;

	if ((list = json_array()) == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		if (strcmp(p[i].category, category) != 0)
			continue;
		until = from + heal_hours(p[i].avoid_after_h);
		if (until <= at)
			continue;
		o = json_pack("{s:I, s:s, s:o}", "id", (json_int_t)p[i].id,
		    "name", p[i].name, "avoid_until", jv_time_json(until));
		if (json_array_append_new(list, o) != 0) {
			json_decref(list);
			return NULL;
		}
	}
	return list;
}

/*
 * The entry of one category: the areas (of the n treated) whose wait
 * runs past at, each with its until, the latest until, and the products.
 * NULL in *out when no area still waits.  0 or STORE_ERROR.
 */
static int
category_entry(const struct heal_category *c, const struct store_treated *t,
    size_t nt, const struct store_product_wait *p, size_t np, int64_t at,
    json_t **out)
{
	json_t *areas, *o, *products;
	int64_t wait = heal_hours(c->avoid_after_h), until, last = 0;
	int64_t latest = HEAL_NONE;
	size_t  i;

	*out = NULL;
	if ((areas = json_array()) == NULL)
		return STORE_ERROR;
	for (i = 0; i < nt; i++) {
		if ((until = t[i].at + wait) <= at)
			continue;
		o = json_pack("{s:s, s:o}", "area", t[i].slug, "until",
		    jv_time_json(until));
		if (json_array_append_new(areas, o) != 0)
			goto fail;
		if (latest == HEAL_NONE || until > latest) {
			latest = until;
			last = t[i].at;
		}
	}
	if (json_array_size(areas) == 0) {
		json_decref(areas);
		return 0;
	}
	if ((products = api_avoid_products(p, np, c->slug, last, at)) == NULL)
		goto fail;
	*out = json_pack("{s:s, s:o, s:o, s:o}", "category", c->slug, "until",
	    jv_time_json(latest), "areas", areas, "products", products);
	return *out == NULL ? STORE_ERROR : 0;
fail:
	json_decref(areas);
	return STORE_ERROR;
}

/* Entries by until, then category. */
static int
cmp_entries(const void *pa, const void *pb)
{
	json_t *const *a = pa, *const *b = pb;
	const char    *ua, *ub;
	int            c;

	ua = json_string_value(json_object_get(*a, "until"));
	ub = json_string_value(json_object_get(*b, "until"));
	if ((c = strcmp(ua, ub)) != 0)
		return c;
	return strcmp(json_string_value(json_object_get(*a, "category")),
	    json_string_value(json_object_get(*b, "category")));
}

void
api_avoid(struct api_req *req, struct api_resp *resp)
{
	struct heal_category       cats[AVOID_MAX_CATEGORIES];
	struct store_product_wait *p = NULL;
	struct store_treated      *t = NULL;
	json_t                    *entries[AVOID_MAX_CATEGORIES];
	json_t                    *list = NULL;
	int64_t                    at, area_id, wait, longest = 0;
	size_t                     np = 0, nt = 0, ne = 0, i;
	int                        nc, rc;

	if (api_query_time(req, resp, "at", req->now, &at) == -1 ||
	    api_query_area(req, resp, &area_id) == -1)
		return;
	if ((nc = store_load_categories(
	         req->store, cats, AVOID_MAX_CATEGORIES)) < 0) {
		api_store_error(resp, nc);
		return;
	}
	if ((rc = store_product_waits(req->store, &p, &np)) != 0)
		goto fail;
	/* The longest wait bounds how far back a treatment matters. */
	for (i = 0; i < (size_t)nc; i++)
		if ((wait = heal_hours(cats[i].avoid_after_h)) > longest)
			longest = wait;
	if (longest > 0 &&
	    (rc = store_avoid_treated(
	         req->store, at - longest, at, area_id, &t, &nt)) != 0)
		goto fail;
	rc = STORE_ERROR;
	for (i = 0; i < (size_t)nc; i++) {
		if (heal_hours(cats[i].avoid_after_h) <= 0)
			continue;
		if (category_entry(&cats[i], t, nt, p, np, at, &entries[ne]) !=
		    0)
			goto fail_entries;
		if (entries[ne] != NULL)
			ne++;
	}
	qsort(entries, ne, sizeof(entries[0]), cmp_entries);
	if ((list = json_array()) == NULL)
		goto fail_entries;
	for (i = 0; i < ne; i++)
		json_array_append_new(list, entries[i]);
	ne = 0;
	free(p);
	free(t);
	api_ok(resp,
	    json_pack("{s:o, s:o}", "at", jv_time_json(at), "avoid", list));
	return;
fail_entries:
	for (i = 0; i < ne; i++)
		json_decref(entries[i]);
fail:
	free(p);
	free(t);
	api_store_error(resp, rc);
}
