/*
 * api_logs.c: /applications and /checkins, the logs of products put on
 * the skin and of how an area looks and feels.
 *
 * Both are history (healing-model.md §7): a write is stored even when it
 * earns warnings, which are evaluated at the written event's own time
 * against the history before the write and returned with the stored
 * object.  Under Prefer: handling=strict a warning of severity warning or
 * danger refuses the write (409) and nothing is stored.
 */
#include "buildconf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "heal.h"
#include "store.h"
#include "util.h"

/*
 * Any integer is a product_id as far as types go: an id that names no
 * product is "no product 0", not a range error.
 */
static const struct jv_field application_schema[] = {
	{ "product_id", JV_INT, JV_REQUIRED, (double)INT64_MIN,
	    (double)INT64_MAX, NULL },
	{ "areas", JV_ARRAY, JV_REQUIRED, 1, 0, NULL },
	{ "applied_at", JV_TIME, 0, 0, 0, NULL },
	{ "notes", JV_STRING, 0, 0, 0, NULL },
	{ "id", JV_ANY, 0, 0, 0, NULL },
	{ "session_id", JV_ANY, 0, 0, 0, NULL },
	{ "warnings", JV_ANY, 0, 0, 0, NULL },
};
#define NAPPLICATION_SCHEMA	NELEM(application_schema)
const struct jv_schema	api_application_body = { application_schema,
				    NAPPLICATION_SCHEMA };

/* §4: scores run from 0 (none) to 3 (severe). */
static const struct jv_field checkin_schema[] = {
	{ "area", JV_SLUG, JV_REQUIRED, 0, 0, NULL },
	{ "at", JV_TIME, 0, 0, 0, NULL },
	{ "redness", JV_INT, 0, 0, 3, NULL },
	{ "swelling", JV_INT, 0, 0, 3, NULL },
	{ "pain", JV_INT, 0, 0, 3, NULL },
	{ "infection_signs", JV_BOOL, 0, 0, 0, NULL },
	{ "conditions", JV_ARRAY, 0, 0, 0, NULL },
	{ "notes", JV_STRING, 0, 0, 0, NULL },
	{ "id", JV_ANY, 0, 0, 0, NULL },
	{ "warnings", JV_ANY, 0, 0, 0, NULL },
};
#define NCHECKIN_SCHEMA	NELEM(checkin_schema)
const struct jv_schema	api_checkin_body = { checkin_schema, NCHECKIN_SCHEMA };

typedef json_t	*log_list_fn(struct store *, const struct store_filter *,
		    int *, int64_t *, int64_t *);
typedef json_t	*log_get_fn(struct store *, int64_t);

/* GET of a log: ?limit, ?cursor, ?area, ?since, ?until. */
static void
log_list(struct api_req *req, struct api_resp *resp, const char *plural,
    log_list_fn *list)
{
	struct api_page		 page;
	struct store_filter	 f;
	json_t			*items;
	int64_t			 last_time = 0, last_id = 0;
	int			 more;
	char			 next[48];

	memset(&f, 0, sizeof(f));
	if (api_list_params(req, resp, 1, &page) == -1 ||
	    api_query_area(req, resp, &f.area_id) == -1 ||
	    api_query_time(req, resp, "since", INT64_MIN, &f.since) == -1 ||
	    api_query_time(req, resp, "until", INT64_MAX, &f.until) == -1)
		return;
	f.has_cursor = page.has_cursor;
	f.cursor_time = page.cursor_time;
	f.cursor_id = page.cursor_id;
	f.limit = page.limit;
	if ((items = list(req->store, &f, &more, &last_time,
	    &last_id)) == NULL) {
		api_internal(resp);
		return;
	}
	snprintf(next, sizeof(next), "%lld.%lld", (long long)last_time,
	    (long long)last_id);
	api_ok(resp, api_list(plural, items, more ? next : NULL));
}

/* GET of one entry; 404 for anything but the id of a stored one. */
static void
log_get(struct api_req *req, struct api_resp *resp, const char *what,
    log_get_fn *get)
{
	json_t	*o;
	int64_t	 id;

	if ((id = api_arg_id(req)) == -1 ||
	    (o = get(req->store, id)) == NULL) {
		api_not_found(resp, what, req->arg);
		return;
	}
	api_ok(resp, o);
}

/*
 * Reply to a write that is about to be committed: roll back and answer
 * 409 if strict handling refuses its warnings (returns -1), else 0.
 */
static int
strict_refused(struct api_req *req, struct api_resp *resp,
    const struct heal_warnings *w)
{
	if (!req->strict || !api_warnings_refuse(w))
		return 0;
	store_rollback(req->store);
	api_strict_refusal(resp, api_warnings_json(w));
	return -1;
}

/* Commit, then answer 201 with the stored object and its warnings. */
static void
log_created(struct api_req *req, struct api_resp *resp, int64_t id,
    const struct heal_warnings *w, log_get_fn *get, const char *path)
{
	json_t	*o;

	if (id < 0 || store_commit(req->store) != 0) {
		store_rollback(req->store);
		api_internal(resp);
		return;
	}
	if ((o = get(req->store, id)) != NULL)
		json_object_set_new(o, "warnings", api_warnings_json(w));
	api_created(resp, o, "%s/%lld", path, (long long)id);
}

void
api_applications_list(struct api_req *req, struct api_resp *resp)
{
	log_list(req, resp, "applications", store_application_list);
}

void
api_application_get(struct api_req *req, struct api_resp *resp)
{
	log_get(req, resp, "application", store_application_json);
}

void
api_application_delete(struct api_req *req, struct api_resp *resp)
{
	api_delete(req, resp, api_arg_id(req), store_application_delete,
	    "application", NULL, NULL);
}

/*
 * The areas[] of an application: each a known area slug, none twice.
 * Fills ids[i] (0 where the element is not usable) and adds an error per
 * bad element.
 */
static void
check_areas(struct store *s, const json_t *areas, int64_t *ids,
    struct jv_errors *errs)
{
	const char	*slug;
	char		 field[JV_FIELD_LEN];
	size_t		 i, j;

	for (i = 0; i < json_array_size(areas); i++) {
		ids[i] = 0;
		snprintf(field, sizeof(field), "areas[%zu]", i);
		slug = json_string_value(json_array_get(areas, i));
		if (slug == NULL) {
			jv_add(errs, field, "must be an area slug (a string)");
			continue;
		}
		if (!jv_slug_ok(slug)) {
			jv_add(errs, field, "'%.64s' is not an area slug",
			    slug);
			continue;
		}
		if ((ids[i] = store_area_id_old(s, slug)) < 0) {
			ids[i] = 0;
			jv_add(errs, field, "no area '%s' (see GET /areas)",
			    slug);
			continue;
		}
		for (j = 0; j < i; j++)
			if (ids[j] == ids[i]) {
				jv_add(errs, field, "'%s' is already listed "
				    "as areas[%zu]", slug, j);
				break;
			}
	}
}

void
api_applications_create(struct api_req *req, struct api_resp *resp)
{
	struct jv_errors		 errs = { .n = 0 };
	struct store_product_info	 prod;
	struct heal_warnings		*w = NULL;
	const json_t			*areas;
	int64_t				*ids = NULL, id, at, last = HEAL_NONE;
	long long			 pid;
	size_t				 i, n;
	int				 rc;

	memset(&prod, 0, sizeof(prod));
	jv_check(req->body, application_schema, NAPPLICATION_SCHEMA, 1, "",
	    req->now, &errs);
	areas = json_object_get(req->body, "areas");
	n = json_is_array(areas) ? json_array_size(areas) : 0;
	if ((ids = calloc(n + 1, sizeof(*ids))) == NULL ||
	    (w = calloc(1, sizeof(*w))) == NULL) {
		api_internal(resp);
		goto done;
	}
	check_areas(req->store, areas, ids, &errs);
	if (json_is_integer(json_object_get(req->body, "product_id"))) {
		pid = jv_int(req->body, "product_id", 0);
		rc = pid > 0 ? store_product_info(req->store, pid, &prod) :
		    STORE_NOTFOUND;
		if (rc == STORE_NOTFOUND)
			jv_add(&errs, "product_id", "no product %lld (see GET "
			    "/products)", pid);
		else if (rc != 0) {
			api_internal(resp);
			goto done;
		}
	}
	if (errs.n > 0) {
		api_problems(resp, 422, &errs);
		goto done;
	}
	at = jv_time(req->body, "applied_at", req->now);

	if (store_begin(req->store) != 0) {
		api_internal(resp);
		goto done;
	}
	/*
	 * §3 product_too_soon per area, at applied_at; a systemic product
	 * reaches every area, so any area's latest treatment counts.
	 */
	if (prod.systemic &&
	    store_last_treated_any(req->store, at, &last) != 0)
		last = HEAL_NONE;
	for (i = 0; i < n; i++) {
		if (!prod.systemic &&
		    store_last_treated(req->store, ids[i], at, &last) != 0)
			last = HEAL_NONE;
		heal_product_warning(json_string_value(json_array_get(areas,
		    i)), prod.name, prod.avoid_after_h, last, at, w);
	}
	if (strict_refused(req, resp, w) == -1)
		goto done;
	id = store_application_insert(req->store, 0, prod.id, ids, n, at,
	    jv_str(req->body, "notes", ""));
	log_created(req, resp, id, w, store_application_json,
	    "/applications");
 done:
	free(w);
	free(ids);
}

void
api_checkins_list(struct api_req *req, struct api_resp *resp)
{
	log_list(req, resp, "checkins", store_checkin_list);
}

void
api_checkin_get(struct api_req *req, struct api_resp *resp)
{
	log_get(req, resp, "check-in", store_checkin_json);
}

void
api_checkin_delete(struct api_req *req, struct api_resp *resp)
{
	api_delete(req, resp, api_arg_id(req), store_checkin_delete,
	    "check-in", NULL, NULL);
}

/*
 * The conditions[] of a check-in: known condition slugs (table condition),
 * none twice.  Returns their bitmask and adds an error per bad element.
 */
static uint32_t
check_conditions(struct store *s, const json_t *conds, struct jv_errors *errs)
{
	const char	*slug;
	char		 field[JV_FIELD_LEN];
	uint32_t	 bits = 0;
	size_t		 i;
	int		 bit;

	for (i = 0; i < json_array_size(conds); i++) {
		snprintf(field, sizeof(field), "conditions[%zu]", i);
		slug = json_string_value(json_array_get(conds, i));
		if (slug == NULL)
			jv_add(errs, field, "must be a condition (a string "
			    "such as \"sunburn\")");
		else if ((bit = store_condition_bit_old(s, slug)) < 0 ||
		    bit >= HEAL_MAX_CONDITIONS)
			jv_add(errs, field, "'%.64s' is not a known condition",
			    slug);
		else if (bits & (1u << bit))
			jv_add(errs, field, "'%s' is listed twice", slug);
		else
			bits |= 1u << bit;
	}
	return bits;
}

void
api_checkins_create(struct api_req *req, struct api_resp *resp)
{
	struct jv_errors	 errs = { .n = 0 };
	struct heal_rules	 rules;
	struct heal_profile	 profile;
	struct heal_checkin	 c;
	struct heal_warnings	*w = NULL;
	const char		*slug;
	int64_t			 area_id = 0, id, last;

	jv_check(req->body, checkin_schema, NCHECKIN_SCHEMA, 1, "", req->now,
	    &errs);
	slug = jv_str(req->body, "area", "");
	if (jv_slug_ok(slug) &&
	    (area_id = store_area_id_old(req->store, slug)) < 0)
		jv_add(&errs, "area", "no area '%s' (see GET /areas)", slug);
	memset(&c, 0, sizeof(c));
	c.conditions = check_conditions(req->store,
	    json_object_get(req->body, "conditions"), &errs);
	if (errs.n > 0) {
		api_problems(resp, 422, &errs);
		return;
	}
	c.at = jv_time(req->body, "at", req->now);
	c.redness = (int)jv_int(req->body, "redness", 0);
	c.swelling = (int)jv_int(req->body, "swelling", 0);
	c.pain = (int)jv_int(req->body, "pain", 0);
	c.infection_signs = jv_bool(req->body, "infection_signs", 0);

	if ((w = calloc(1, sizeof(*w))) == NULL ||
	    store_load_rules(req->store, &rules, &profile) != 0 ||
	    store_begin(req->store) != 0) {
		api_internal(resp);
		goto done;
	}
	/* §4 at the check-in's time: the treatment it may follow. */
	if (store_last_treated(req->store, area_id, c.at, &last) != 0)
		last = HEAL_NONE;
	heal_checkin_warnings(&rules, slug, &c, last, w);
	if (strict_refused(req, resp, w) == -1)
		goto done;
	id = store_checkin_insert(req->store, area_id, &c,
	    jv_str(req->body, "notes", ""));
	log_created(req, resp, id, w, store_checkin_json, "/checkins");
 done:
	free(w);
}
