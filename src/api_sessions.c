/*
 * api_sessions.c: /sessions and /sessions/{id}.
 *
 * A session is validated whole (a PATCH is merged over the stored session
 * first), its warnings are computed at its started_at against the history
 * as it stood before the write (the session's own old version left out),
 * and it is stored in one transaction (api_write()) with its treatments
 * and the applications of the products it lists, then read back inside
 * that transaction for the reply.
 */
#include "buildconf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "heal.h"
#include "store.h"
#include "util.h"

#define MAX_CATEGORIES 64
#define ID_MAX 9007199254740991.0 /* 2^53 - 1 */

/*
 * A treatment names an area; a "region" instead stands for its areas and
 * is expanded before the schema is checked (expand_regions()).
 */
static const struct jv_field treatment_schema[] = {
	{ "area", JV_SLUG, JV_REQUIRED, 0, 0, NULL },
	{ "region", JV_STRING, 0, 1, 32, NULL },
	{ "depth_mm", JV_NUMBER, JV_MIN_EXCL, 0, 3, NULL },
	{ "passes", JV_INT, 0, 1, 1000, NULL },
};
static const struct jv_schema treatment_body = { treatment_schema,
	NELEM(treatment_schema) };
static const struct jv_field  product_schema[] = {
	 { "product_id", JV_INT, JV_REQUIRED, 1, ID_MAX, NULL },
	 { "application_id", JV_ANY, 0, 0, 0, NULL },
};
static const struct jv_schema product_body = { product_schema,
	NELEM(product_schema) };
#define SESSION_FIELDS(treatment_items, product_items) \
	{ "started_at", JV_TIME, 0, 0, 0, NULL }, \
	    { "setting", JV_STRING, 0, 0, 16, NULL }, \
	    { "device_id", JV_INT, JV_NULLABLE, 1, ID_MAX, NULL }, \
	    { "new_cartridge", JV_BOOL, JV_NULLABLE, 0, 0, NULL }, \
	    { "treatments", JV_ARRAY, JV_REQUIRED, 1, API_MAX_TREATMENTS, \
		    treatment_items }, \
	    { "products", JV_ARRAY, 0, 0, API_MAX_PRODUCTS, product_items }, \
	    { "notes", JV_STRING, 0, 0, 4096, NULL }, \
	    { "id", JV_ANY, 0, 0, 0, NULL }, \
	    { "aftercare", JV_ANY, 0, 0, 0, NULL }, \
	{ \
		"warnings", JV_ANY, 0, 0, 0, NULL \
	}
static const struct jv_field session_schema[] = { SESSION_FIELDS(
    &treatment_body, &product_body) };
const struct jv_schema       api_session_body = { session_schema,
	      NELEM(session_schema) };
/*
 * A PATCH body is checked at the top level only (a null there is not
 * "absent"): the arrays it gives replace the stored ones whole, so their
 * items are checked as new ones, in the merged session.
 */
static const struct jv_field  session_patch_schema[] = { SESSION_FIELDS(
     NULL, NULL) };
static const struct jv_schema session_patch_body = { session_patch_schema,
	NELEM(session_patch_schema) };

/*
 * A session, validated and resolved against the store.  setting and
 * notes are borrowed from the document parsed, which outlives it.
 */
struct session_in {
	int64_t                     started_at;
	const char                 *setting;
	int                         home;
	int                         has_device;
	struct store_session_device dev;
	int                         new_cartridge; /* -1: null */
	const char                 *notes;
	size_t                      nt;
	struct {
		int64_t   area_id;
		char      slug[HEAL_SLUG_LEN];
		double    depth_mm;
		long long passes; /* 0: none */
		double    cap_mm;
	} t[API_MAX_TREATMENTS];
	size_t                    np;
	struct store_product_info p[API_MAX_PRODUCTS];
};

/*
 * The device of a session, and whether its new_cartridge applies.  0 or
 * a negative STORE_ code.
 */
static int
parse_device(
    struct store *s, json_t *doc, struct session_in *in, struct jv_errors *errs)
{
	long long dev = jv_int(doc, "device_id", 0);
	int       rc;

	if (jv_has(doc, "device_id") && !jv_is_null(doc, "device_id")) {
		rc = store_session_device(s, dev, &in->dev);
		if (rc == STORE_NOTFOUND)
			jv_add(errs, "device_id",
			    "no device %lld (see GET "
			    "/devices)",
			    dev);
		else if (rc != 0)
			return rc;
		else
			in->has_device = 1;
	}
	in->new_cartridge = -1;
	if (jv_has(doc, "new_cartridge") && !jv_is_null(doc, "new_cartridge")) {
		if (!in->has_device || !in->dev.single_use_cartridge)
			jv_add(errs, "new_cartridge",
			    "applies only to a "
			    "device with single-use cartridges (a pen)%s",
			    in->has_device ? "" : "; give device_id");
		else
			in->new_cartridge = jv_bool(doc, "new_cartridge", 1);
	} else if (in->has_device && in->dev.single_use_cartridge)
		in->new_cartridge = 1; /* §5: absent means a new one */
	return 0;
}

/* Treatment i (item) of a session: 0 or a negative STORE_ code. */
static int
parse_treatment(struct store *s, json_t *item, size_t i, struct session_in *in,
    struct jv_errors *errs)
{
	const char *slug = jv_str(item, "area", "");
	char        field[JV_FIELD_LEN], hint[JV_FIELD_LEN + 24];
	char        slugs[1][HEAL_SLUG_LEN];
	int64_t     ids[1];
	int         rc;

	snprintf(in->t[i].slug, sizeof(in->t[i].slug), "%s", slug);
	snprintf(field, sizeof(field), "treatments[%zu].area", i);
	rc = store_area_id(s, slug, &in->t[i].area_id);
	if (rc == STORE_NOTFOUND) {
		/* "area": "face" for "region": "face". */
		if ((rc = store_region_areas(s, slug, ids, slugs, 1)) < 0)
			return rc;
		if (rc > 0)
			jv_add(errs, field,
			    "'%s' is a region, not an area: "
			    "give \"region\": \"%s\" for all of its areas",
			    slug, slug);
		else
			jv_add(errs, field,
			    "'%s' is not a known area%s (see "
			    "GET /areas)",
			    slug,
			    api_did_you_mean(
			        s, SQL_AREA_SLUGS, slug, hint, sizeof(hint)));
		return 0;
	}
	if (rc != 0 ||
	    (rc = store_area_cap(s, in->t[i].area_id, &in->t[i].cap_mm)) != 0)
		return rc;
	in->t[i].passes = jv_int(item, "passes", 0);
	snprintf(field, sizeof(field), "treatments[%zu].depth_mm", i);
	if (jv_has(item, "depth_mm") && !jv_is_null(item, "depth_mm"))
		in->t[i].depth_mm = jv_num(item, "depth_mm", 0);
	else if (in->has_device && in->dev.fixed_length)
		in->t[i].depth_mm = in->dev.needle_length_mm;
	else
		jv_add(errs, field,
		    "is required: %s has no fixed needle "
		    "length",
		    in->has_device ? "a pen" : "a session without a device");
	return 0;
}

/*
 * A session's treatments with each "region" replaced by one treatment
 * per (non-archived) area of the region, the rest of the item copied:
 * a new document in *out (a shallow copy of doc), or NULL when no
 * treatment names a region.  Adds an error for a region that names no
 * area or comes with an area.  0 or a negative STORE_ code.
 */
static int
expand_regions(
    struct store *s, json_t *doc, json_t **out, struct jv_errors *errs)
{
	int64_t     ids[API_MAX_TREATMENTS + 1];
	char        slugs[API_MAX_TREATMENTS + 1][HEAL_SLUG_LEN];
	char        field[JV_FIELD_LEN], known[256];
	json_t     *arr = json_object_get(doc, "treatments");
	json_t     *item, *list, *t;
	const char *region;
	size_t      i;
	int         n, k, rc = STORE_ERROR;

	*out = NULL;
	json_array_foreach(arr, i,
	    item) if (json_is_object(item) && jv_has(item, "region")) break;
	if (!json_is_array(arr) || i == json_array_size(arr))
		return 0;
	if ((list = json_array()) == NULL)
		return STORE_ERROR;
	json_array_foreach(arr, i, item)
	{
		if (!json_is_object(item) || !jv_has(item, "region")) {
			if (json_array_append(list, item) != 0)
				goto fail;
			continue;
		}
		snprintf(field, sizeof(field), "treatments[%zu].region", i);
		region = json_string_value(json_object_get(item, "region"));
		if (region == NULL) {
			jv_add(errs, field,
			    "must be a region (a string such "
			    "as \"face\")");
			continue;
		}
		if (jv_has(item, "area")) {
			jv_add(errs, field,
			    "comes with an area; give one or "
			    "the other");
			continue;
		}
		if ((n = store_region_areas(
		         s, region, ids, slugs, NELEM(ids))) < 0) {
			rc = n;
			goto fail;
		}
		if (n == 0) {
			if ((rc = store_area_regions(
			         s, known, sizeof(known))) != 0)
				goto fail;
			rc = STORE_ERROR;
			jv_add(errs, field,
			    "'%.32s' has no area; the regions "
			    "are: %s",
			    region, known);
			continue;
		}
		for (k = 0; k < n; k++) {
			if ((t = json_deep_copy(item)) == NULL ||
			    json_object_del(t, "region") != 0 ||
			    json_object_set_new(
			        t, "area", json_string(slugs[k])) != 0 ||
			    json_array_append_new(list, t) != 0)
				goto fail;
		}
	}
	if ((*out = json_copy(doc)) == NULL ||
	    json_object_set_new(*out, "treatments", list) != 0) {
		json_decref(*out);
		*out = NULL;
		return STORE_ERROR;
	}
	return 0;
fail:
	json_decref(list);
	return rc;
}

/*
 * Validate doc (a whole session) and resolve its references into *in.
 * Returns 0 (errs says whether it is valid) or a negative STORE_ code.
 */
static int
parse_session(struct api_req *req, json_t *doc, struct session_in *in,
    struct jv_errors *errs)
{
	struct store *s = req->store;
	json_t       *arr, *item;
	char          field[JV_FIELD_LEN];
	long long     pid;
	int64_t       ids[API_MAX_TREATMENTS];
	size_t        first[API_MAX_TREATMENTS], i;
	int           rc;

	memset(in, 0, sizeof(*in));
	/* The arrays are bounded by the schema before they are walked. */
	if (jv_check_schema(doc, &api_session_body, 1, "", req->now, errs) > 0)
		return 0;

	in->started_at = jv_time(doc, "started_at", req->now);
	in->setting = jv_str(doc, "setting", "home");
	if (strcmp(in->setting, "home") != 0 &&
	    strcmp(in->setting, "clinic") != 0)
		jv_add(errs, "setting", "must be \"home\" or \"clinic\"");
	in->home = strcmp(in->setting, "home") == 0;
	in->notes = jv_str(doc, "notes", "");
	if ((rc = parse_device(s, doc, in, errs)) != 0)
		return rc;

	arr = json_object_get(doc, "treatments");
	json_array_foreach(arr, i, item) if ((rc = parse_treatment(s, item, i,
	                                          in, errs)) != 0) return rc;
	in->nt = json_array_size(arr);
	for (i = 0; i < in->nt; i++)
		ids[i] = in->t[i].area_id;
	api_first_dups(ids, in->nt, first);
	for (i = 0; i < in->nt; i++)
		if (first[i] != i) {
			snprintf(
			    field, sizeof(field), "treatments[%zu].area", i);
			jv_add(errs, field,
			    "names '%s' again; treat each area "
			    "once per session",
			    in->t[i].slug);
		}

	arr = json_object_get(doc, "products");
	json_array_foreach(arr, i, item)
	{
		snprintf(field, sizeof(field), "products[%zu].product_id", i);
		pid = jv_int(item, "product_id", 0);
		if ((rc = store_product_info(s, pid, &in->p[i])) ==
		    STORE_NOTFOUND) {
			jv_add(errs, field,
			    "no product %lld (see GET "
			    "/products)",
			    pid);
			continue;
		}
		if (rc != 0)
			return rc;
	}
	in->np = json_array_size(arr);
	for (i = 0; i < in->np; i++)
		ids[i] = in->p[i].id; /* 0: not found */
	api_first_dups(ids, in->np, first);
	for (i = 0; i < in->np; i++)
		if (first[i] != i) {
			snprintf(field, sizeof(field),
			    "products[%zu].product_id", i);
			jv_add(errs, field, "lists product %lld again",
			    (long long)in->p[i].id);
		}
	return 0;
}

/* The reasons of early_session / blocked_area warnings, by area. */
static int
attach_reasons(json_t *warnings, const char *area, json_t *reasons)
{
	json_t     *w;
	const char *code, *wa;
	size_t      i;

	json_array_foreach(warnings, i, w)
	{
		code = json_string_value(json_object_get(w, "code"));
		wa = json_string_value(json_object_get(w, "area"));
		if (code == NULL || wa == NULL || strcmp(wa, area) != 0)
			continue;
		if ((strcmp(code, "early_session") == 0 ||
		        strcmp(code, "blocked_area") == 0) &&
		    json_object_set(w, "reasons", reasons) != 0)
			return -1;
	}
	return 0;
}

/*
 * §7 warnings for the session, against the history in the store now (the
 * caller has removed the session's own old treatments), as a new JSON
 * array in *out; *refuse tells whether strict handling refuses them.
 * Returns 0 or a negative STORE_ code.
 */
static int
session_warnings(struct store *s, const struct session_in *in,
    int64_t session_id, json_t **out, int *refuse)
{
	struct heal_rules       rules;
	struct heal_profile     profile;
	struct heal_category    cats[API_MAX_CATEGORIES];
	struct heal_readiness  *r;
	struct heal_warnings   *w;
	struct heal_device      dev;
	struct heal_application a;
	struct heal_treatment   last;
	json_t                 *reasons[API_MAX_TREATMENTS] = { 0 };
	long long               uses;
	int64_t                 first;
	size_t                  i, j;
	int                     rc = STORE_ERROR;

	*out = NULL;
	r = malloc(sizeof(*r));
	w = calloc(1, sizeof(*w));
	if (r == NULL || w == NULL)
		goto done;
	if ((rc = api_load_rules(
	         s, &rules, &profile, cats, API_MAX_CATEGORIES)) != 0)
		goto done;
	for (i = 0; i < in->nt; i++) {
		if ((rc = store_area_readiness(s, &rules, &profile,
		         in->t[i].area_id, in->t[i].slug, in->started_at, r)) !=
		    0)
			goto done;
		heal_session_area_warnings(&rules, &profile, in->t[i].slug, r,
		    in->t[i].depth_mm, in->t[i].cap_mm, in->home,
		    in->started_at, w);
		rc = STORE_ERROR;
		if ((reasons[i] = api_reasons_json(r)) == NULL)
			goto done;
	}
	if (in->has_device) {
		if ((rc = store_device_uses(s, in->dev.id, in->started_at, 0,
		         session_id, &uses, &first)) != 0)
			goto done;
		memset(&dev, 0, sizeof(dev));
		dev.id = in->dev.id;
		dev.name = in->dev.name;
		dev.is_pen = in->dev.single_use_cartridge;
		dev.max_uses = in->dev.max_uses;
		dev.max_age_days = in->dev.max_age_days;
		heal_session_device_warnings(&profile, &dev, session_id,
		    in->new_cartridge != 0, uses, first, in->started_at, w);
	}
	/* §3: products of the session are applied at its start, right after
	 * (at the same instant as) its own treatments. */
	memset(&last, 0, sizeof(last));
	for (i = 0; i < in->np; i++) {
		memset(&a, 0, sizeof(a));
		a.at = in->started_at;
		a.product_id = in->p[i].id;
		snprintf(a.product, sizeof(a.product), "%s", in->p[i].name);
		snprintf(
		    a.category, sizeof(a.category), "%s", in->p[i].category);
		for (j = 0; j < in->nt; j++) {
			last.at = in->started_at;
			last.depth_mm = in->t[j].depth_mm;
			last.session_id = session_id;
			heal_application_warning(&profile, in->t[j].slug, &a,
			    in->p[i].avoid_after_h, &last, w);
		}
	}
	rc = STORE_ERROR;
	*refuse = api_warnings_refuse(w);
	if ((*out = api_warnings_json(w)) == NULL)
		goto done;
	for (i = 0; i < in->nt; i++)
		if (attach_reasons(*out, in->t[i].slug, reasons[i]) != 0) {
			json_decref(*out);
			*out = NULL;
			goto done;
		}
	rc = 0;
done:
	for (i = 0; i < API_MAX_TREATMENTS; i++)
		json_decref(reasons[i]);
	free(r);
	free(w);
	return rc;
}

/*
 * The aftercare entry of category in list, made (with the first area as
 * "area", for the clients of the one-line-per-area form) when new.  NULL
 * when out of memory.
 */
static json_t *
aftercare_entry(json_t *list, const struct heal_aftercare *line,
    const struct store_product_wait *p, size_t np, int64_t started_at)
{
	json_t *e, *products;
	size_t  i;

	json_array_foreach(list, i,
	    e) if (strcmp(json_string_value(json_object_get(e, "category")),
	               line->category) == 0) return e;
	if ((products = api_avoid_products(
	         p, np, line->category, started_at, started_at)) == NULL)
		return NULL;
	e = json_pack("{s:s, s:s, s:[], s:o, s:o}", "category", line->category,
	    "area", line->area, "areas", "avoid_until",
	    jv_time_json(line->avoid_until), "products", products);
	if (json_array_append_new(list, e) != 0)
		return NULL;
	return e;
}

/*
 * Add §8 "aftercare" to a session object, from its areas and start: one
 * entry per category with a wait, naming the areas it covers and the
 * user's products of that category.  0 or a negative STORE_ code.
 */
static int
add_aftercare(struct store *s, json_t *o)
{
	struct heal_category       cats[MAX_CATEGORIES];
	struct heal_aftercare     *out;
	struct store_product_wait *p;
	const char                *areas[API_MAX_TREATMENTS];
	json_t                    *t, *list, *item;
	int64_t                    started_at;
	size_t                     i, na = 0, n, max, np;
	int                        nc, rc = 0;

	started_at = jv_time(o, "started_at", 0);
	if ((nc = store_load_categories(s, cats, MAX_CATEGORIES)) < 0)
		return nc;
	if ((rc = store_product_waits(s, &p, &np)) != 0)
		return rc;
	/* The area slugs are borrowed from o, which outlives them here. */
	json_array_foreach(
	    json_object_get(o, "treatments"), i, t) if (na < API_MAX_TREATMENTS)
	    areas[na++] = json_string_value(json_object_get(t, "area"));
	max = na * (size_t)nc + 1;
	if ((out = calloc(max, sizeof(*out))) == NULL) {
		free(p);
		return STORE_ERROR;
	}
	/* Lines by avoid_until, area, category: entries in that order. */
	n = heal_aftercare(cats, (size_t)nc, areas, na, started_at, out, max);
	if ((list = json_array()) == NULL)
		rc = STORE_ERROR;
	for (i = 0; rc == 0 && i < n; i++)
		if ((item = aftercare_entry(
		         list, &out[i], p, np, started_at)) == NULL ||
		    json_array_append_new(json_object_get(item, "areas"),
		        json_string(out[i].area)) != 0)
			rc = STORE_ERROR;
	free(out);
	free(p);
	if (rc == 0 && json_object_set_new(o, "aftercare", list) != 0)
		return STORE_ERROR;
	if (rc != 0)
		json_decref(list);
	return rc;
}

/* The api_list each() hook of ?include=aftercare. */
static int
session_each(struct api_req *req, json_t *o)
{
	return add_aftercare(req->store, o);
}

/* A list leaves aftercare out (its size) unless asked to include it. */
static const struct api_list session_list = {
	.plural = "sessions",
	.list = &store_session_list,
	.filters = API_FILTER_TIME | API_FILTER_AREA | API_FILTER_REGION,
};
static const struct api_list session_list_aftercare = {
	.plural = "sessions",
	.list = &store_session_list,
	.filters = API_FILTER_TIME | API_FILTER_AREA | API_FILTER_REGION,
	.each = session_each,
};

/*
 * A session as the API shows it, with aftercare: 0 with *out,
 * STORE_NOTFOUND, or another negative STORE_ code.
 */
static int
session_out(struct store *s, int64_t id, json_t **out)
{
	int rc;

	if ((rc = store_session_json(s, id, out)) != 0)
		return rc;
	if ((rc = add_aftercare(s, *out)) != 0) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

/*
 * A new session's id into the facts of the warnings about it, written
 * before it had one.  0 or -1.
 */
static int
own_warnings(json_t *warnings, int64_t sid)
{
	json_t     *w;
	const char *code;
	size_t      i;

	json_array_foreach(warnings, i, w)
	{
		code = json_string_value(json_object_get(w, "code"));
		if (code != NULL &&
		    (strcmp(code, "device_worn") == 0 ||
		        strcmp(code, "cartridge_reused") == 0 ||
		        strcmp(code, "product_too_soon") == 0) &&
		    json_object_set_new(w, "session_id", json_integer(sid)) !=
		        0)
			return -1;
	}
	return 0;
}

/*
 * Store in (valid) as session id (0: a new one) with its treatments and
 * product applications, and answer with it read back, with its warnings.
 * 0 after answering, or a negative STORE_ code.
 */
static int
save_session(struct api_req *req, struct api_resp *resp, int64_t id,
    const struct session_in *in)
{
	struct store *s = req->store;
	json_t       *warnings = NULL, *o;
	int64_t       sid, app, area_ids[API_MAX_TREATMENTS];
	int           refuse = 0, rc;
	size_t        i;

	if (id != 0 && (rc = store_session_clear(s, id)) != 0)
		return rc;
	if ((rc = session_warnings(s, in, id, &warnings, &refuse)) != 0)
		return rc;
	if (req->strict && refuse) {
		api_strict_refusal(resp, warnings);
		return 0;
	}
	if ((sid = store_session_put(s, id, in->started_at, in->setting,
	         in->has_device ? in->dev.id : 0, in->new_cartridge,
	         in->notes)) < 0) {
		rc = (int)sid;
		goto fail;
	}
	for (i = 0; i < in->nt; i++) {
		area_ids[i] = in->t[i].area_id;
		if ((rc = store_treatment_insert(s, sid, in->t[i].area_id,
		         (int)i, in->started_at, in->t[i].depth_mm,
		         in->t[i].passes)) != 0)
			goto fail;
	}
	for (i = 0; i < in->np; i++)
		if ((app = store_application_insert(s, sid, in->p[i].id,
		         area_ids, in->nt, in->started_at, "")) < 0) {
			rc = (int)app;
			goto fail;
		}
	/* Read back before the commit: a reply is never lost after it. */
	if ((rc = session_out(s, sid, &o)) != 0) {
		rc = rc == STORE_NOTFOUND ? STORE_ERROR : rc;
		goto fail;
	}
	if (id == 0 && own_warnings(warnings, sid) != 0) {
		json_decref(o);
		rc = STORE_ERROR;
		goto fail;
	}
	if (json_object_set_new(o, "warnings", warnings) != 0) {
		json_decref(o);
		return STORE_ERROR;
	}
	if (id == 0)
		api_created(resp, o, "/sessions/%lld", (long long)sid);
	else
		api_ok(resp, o);
	return 0;
fail:
	json_decref(warnings);
	return rc;
}

/*
 * The write of POST and PATCH (api_write_fn); arg points to the id of
 * the session to PATCH, 0 for a new one.  A PATCH reads the stored
 * session inside the transaction and merges the body over it.
 */
static int
session_write(struct api_req *req, struct api_resp *resp, void *arg)
{
	struct jv_errors   errs = { .n = 0 };
	struct session_in *in;
	int64_t            id = *(int64_t *)arg;
	json_t            *doc = req->body, *cur = NULL;
	json_t            *exp = NULL;
	int                rc;

	if ((in = malloc(sizeof(*in))) == NULL)
		return STORE_ERROR;
	if (id != 0) {
		if ((rc = store_session_json(req->store, id, &cur)) ==
		    STORE_NOTFOUND) {
			api_not_found(resp, "session", req->arg);
			rc = 0;
			goto done;
		}
		if (rc != 0)
			goto done;
		if (jv_check_schema(req->body, &session_patch_body, 0, "",
		        req->now, &errs) > 0) {
			api_problems(resp, 422, &errs);
			goto done;
		}
		/* The stored session with the given members replaced. */
		if (json_object_update(cur, req->body) != 0) {
			rc = STORE_ERROR;
			goto done;
		}
		doc = cur;
	}
	if ((rc = expand_regions(req->store, doc, &exp, &errs)) != 0)
		goto done;
	if (errs.n > 0) {
		api_problems(resp, 422, &errs);
		goto done;
	}
	if (exp != NULL)
		doc = exp;
	if ((rc = parse_session(req, doc, in, &errs)) != 0)
		goto done;
	if (errs.n > 0)
		api_problems(resp, 422, &errs);
	else
		rc = save_session(req, resp, id, in);
done:
	/* in borrows strings from doc: cur goes only after its last use. */
	free(in);
	json_decref(exp);
	json_decref(cur);
	return rc;
}

void
api_sessions_create(struct api_req *req, struct api_resp *resp)
{
	int64_t id = 0;

	api_write(req, resp, session_write, &id);
}

void
api_session_get(struct api_req *req, struct api_resp *resp)
{
	int64_t id = api_arg_id(req);
	json_t *o;
	int     rc;

	if (id <= 0 || (rc = session_out(req->store, id, &o)) == STORE_NOTFOUND)
		api_not_found(resp, "session", req->arg);
	else if (rc != 0)
		api_store_error(resp, rc);
	else
		api_ok(resp, o);
}

void
api_session_patch(struct api_req *req, struct api_resp *resp)
{
	int64_t id = api_arg_id(req);

	if (id <= 0) {
		api_not_found(resp, "session", req->arg);
		return;
	}
	api_write(req, resp, session_write, &id);
}

void
api_session_delete(struct api_req *req, struct api_resp *resp)
{
	api_delete(req, resp, api_arg_id(req), store_session_delete, "session",
	    NULL, NULL);
}

void
api_sessions_list(struct api_req *req, struct api_resp *resp)
{
	const char *inc = req->query ? req->query(req->qcls, "include") : NULL;

	if (inc != NULL && strcmp(inc, "aftercare") != 0) {
		api_problem(resp, 400, "include",
		    "must be \"aftercare\" "
		    "(the one part a list can add), not '%.64s'",
		    inc);
		return;
	}
	api_page(
	    req, resp, inc != NULL ? &session_list_aftercare : &session_list);
}
