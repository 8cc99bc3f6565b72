/*
 * api_sessions.c: /sessions and /sessions/{id}.
 *
 * A session is validated whole (a PATCH is merged over the stored session
 * first), its warnings are computed at its started_at against the history
 * as it stood before the write (the session's own old version left out),
 * and it is stored in one transaction with its treatments and the
 * applications of the products it lists.
 */
#include "buildconf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "heal.h"
#include "store.h"
#include "util.h"

#define MAX_TREATMENTS	32
#define MAX_PRODUCTS	16
#define MAX_CATEGORIES	64
#define ID_MAX		9007199254740991.0	/* 2^53 - 1 */

static const struct jv_field session_schema[] = {
	{ "started_at", JV_TIME, 0, 0, 0, NULL },
	{ "setting", JV_STRING, 0, 0, 16, NULL },
	{ "device_id", JV_INT, JV_NULLABLE, 1, ID_MAX, NULL },
	{ "new_cartridge", JV_BOOL, JV_NULLABLE, 0, 0, NULL },
	{ "treatments", JV_ARRAY, JV_REQUIRED, 1, MAX_TREATMENTS, NULL },
	{ "products", JV_ARRAY, 0, 0, MAX_PRODUCTS, NULL },
	{ "notes", JV_STRING, 0, 0, 4096, NULL },
	{ "id", JV_ANY, 0, 0, 0, NULL },
	{ "aftercare", JV_ANY, 0, 0, 0, NULL },
	{ "warnings", JV_ANY, 0, 0, 0, NULL },
};
static const struct jv_field treatment_schema[] = {
	{ "area", JV_SLUG, JV_REQUIRED, 0, 0, NULL },
	{ "depth_mm", JV_NUMBER, JV_MIN_EXCL, 0, 3, NULL },
	{ "passes", JV_INT, 0, 1, 1000, NULL },
};
static const struct jv_field product_schema[] = {
	{ "product_id", JV_INT, JV_REQUIRED, 1, ID_MAX, NULL },
	{ "application_id", JV_ANY, 0, 0, 0, NULL },
};
const struct jv_schema	api_session_body = { session_schema,
			    NELEM(session_schema) };

/* A session, validated and resolved against the store. */
struct session_in {
	int64_t				 started_at;
	const char			*setting;
	int				 home;
	int				 has_device;
	struct store_session_device	 dev;
	int				 new_cartridge;	/* -1: null */
	const char			*notes;
	size_t				 nt;
	struct {
		int64_t		 area_id;
		char		 slug[HEAL_SLUG_LEN];
		double		 depth_mm;
		long long	 passes;	/* 0: none */
		double		 cap_mm;
	}				 t[MAX_TREATMENTS];
	size_t				 np;
	struct store_product_info	 p[MAX_PRODUCTS];
};

/* Check the items of an array member against an item schema. */
static void
check_items(json_t *doc, const char *key, const struct jv_field *schema,
    size_t n, int64_t now, struct jv_errors *errs)
{
	json_t	*arr = json_object_get(doc, key), *item;
	char	 field[JV_FIELD_LEN];
	size_t	 i;

	if (!json_is_array(arr))
		return;
	json_array_foreach(arr, i, item) {
		snprintf(field, sizeof(field), "%s[%zu]", key, i);
		if (!json_is_object(item))
			jv_add(errs, field, "must be an object");
		else
			jv_check(item, schema, n, 1, field, now, errs);
	}
}

/*
 * Validate doc (a whole session) and resolve its references into *in.
 * Returns the number of errors added to errs; STORE_ERROR on a store
 * failure.
 */
static int
parse_session(struct api_req *req, json_t *doc, struct session_in *in,
    struct jv_errors *errs)
{
	struct store	*s = req->store;
	json_t		*arr, *item;
	char		 field[JV_FIELD_LEN];
	size_t		 i, j;
	int		 rc;

	memset(in, 0, sizeof(*in));
	jv_check(doc, session_schema, NELEM(session_schema), 1, "", req->now,
	    errs);
	check_items(doc, "treatments", treatment_schema,
	    NELEM(treatment_schema), req->now, errs);
	check_items(doc, "products", product_schema, NELEM(product_schema),
	    req->now, errs);
	if (errs->n > 0)
		return (int)errs->n;

	in->started_at = jv_time(doc, "started_at", req->now);
	in->setting = jv_str(doc, "setting", "home");
	if (strcmp(in->setting, "home") != 0 &&
	    strcmp(in->setting, "clinic") != 0)
		jv_add(errs, "setting", "must be \"home\" or \"clinic\"");
	in->home = strcmp(in->setting, "home") == 0;
	in->notes = jv_str(doc, "notes", "");

	if (!jv_is_null(doc, "device_id") && jv_has(doc, "device_id")) {
		rc = store_session_device(s, jv_int(doc, "device_id", 0),
		    &in->dev);
		if (rc == STORE_ERROR)
			return STORE_ERROR;
		if (rc == STORE_NOTFOUND)
			jv_add(errs, "device_id", "no device %lld (see GET "
			    "/devices)", jv_int(doc, "device_id", 0));
		else
			in->has_device = 1;
	}
	in->new_cartridge = -1;
	if (jv_has(doc, "new_cartridge") && !jv_is_null(doc, "new_cartridge")) {
		if (!in->has_device || !in->dev.single_use_cartridge)
			jv_add(errs, "new_cartridge", "applies only to a "
			    "device with single-use cartridges (a pen)%s",
			    in->has_device ? "" : "; give device_id");
		else
			in->new_cartridge = jv_bool(doc, "new_cartridge", 1);
	} else if (in->has_device && in->dev.single_use_cartridge)
		in->new_cartridge = 1;	/* §5: absent means a new one */

	arr = json_object_get(doc, "treatments");
	json_array_foreach(arr, i, item) {
		const char	*slug = jv_str(item, "area", "");

		in->t[i].area_id = store_area_id_old(s, slug);
		snprintf(in->t[i].slug, sizeof(in->t[i].slug), "%s", slug);
		snprintf(field, sizeof(field), "treatments[%zu].area", i);
		if (in->t[i].area_id == STORE_NOTFOUND) {
			jv_add(errs, field, "no area '%s' (see GET /areas)",
			    slug);
			continue;
		}
		for (j = 0; j < i; j++)
			if (in->t[j].area_id == in->t[i].area_id)
				jv_add(errs, field, "names '%s' again; treat "
				    "each area once per session", slug);
		if (store_area_cap(s, in->t[i].area_id,
		    &in->t[i].cap_mm) != 0)
			return STORE_ERROR;
		in->t[i].passes = jv_int(item, "passes", 0);
		snprintf(field, sizeof(field), "treatments[%zu].depth_mm", i);
		if (jv_has(item, "depth_mm") && !jv_is_null(item, "depth_mm"))
			in->t[i].depth_mm = jv_num(item, "depth_mm", 0);
		else if (in->has_device && in->dev.fixed_length)
			in->t[i].depth_mm = in->dev.needle_length_mm;
		else
			jv_add(errs, field, "is required: %s has no fixed "
			    "needle length", in->has_device ? "a pen" :
			    "a session without a device");
	}
	in->nt = json_array_size(arr);

	arr = json_object_get(doc, "products");
	json_array_foreach(arr, i, item) {
		snprintf(field, sizeof(field), "products[%zu].product_id", i);
		rc = store_product_info(s, jv_int(item, "product_id", 0),
		    &in->p[i]);
		if (rc == STORE_ERROR)
			return STORE_ERROR;
		if (rc == STORE_NOTFOUND) {
			jv_add(errs, field, "no product %lld (see GET "
			    "/products)", jv_int(item, "product_id", 0));
			continue;
		}
		for (j = 0; j < i; j++)
			if (in->p[j].id == in->p[i].id)
				jv_add(errs, field, "lists product %lld again",
				    (long long)in->p[i].id);
	}
	in->np = json_array_size(arr);
	return (int)errs->n;
}

/* The reasons of early_session / blocked_area warnings, by area. */
static void
attach_reasons(json_t *warnings, const char *area, json_t *reasons)
{
	json_t		*w;
	const char	*code, *wa;
	size_t		 i;

	json_array_foreach(warnings, i, w) {
		code = json_string_value(json_object_get(w, "code"));
		wa = json_string_value(json_object_get(w, "area"));
		if (code == NULL || wa == NULL || strcmp(wa, area) != 0)
			continue;
		if (strcmp(code, "early_session") == 0 ||
		    strcmp(code, "blocked_area") == 0)
			json_object_set(w, "reasons", reasons);
	}
}

/*
 * §7 warnings for the session, against the history in the store now (the
 * caller has removed the session's own old treatments).  Returns a JSON
 * array, or NULL on a store error; *refuse tells whether strict handling
 * refuses it.
 */
static json_t *
session_warnings(struct store *s, const struct session_in *in,
    int64_t session_id, int *refuse)
{
	struct heal_rules	 rules;
	struct heal_profile	 profile;
	struct heal_readiness	*r;
	struct heal_warnings	*w;
	json_t			*list = NULL, *reasons[MAX_TREATMENTS] = { 0 };
	long long		 uses;
	int64_t			 first;
	size_t			 i, j;

	r = malloc(sizeof(*r));
	w = calloc(1, sizeof(*w));
	if (r == NULL || w == NULL ||
	    store_load_rules(s, &rules, &profile) != 0)
		goto done;
	for (i = 0; i < in->nt; i++) {
		if (store_area_readiness(s, &rules, &profile, in->t[i].area_id,
		    in->t[i].slug, in->started_at, r) != 0)
			goto done;
		heal_session_area_warnings(&rules, &profile, in->t[i].slug, r,
		    in->t[i].depth_mm, in->t[i].cap_mm, in->home,
		    in->started_at, w);
		reasons[i] = json_array();
		for (j = 0; j < r->nreasons; j++)
			json_array_append_new(reasons[i], json_pack(
			    "{s:s, s:o, s:s}", "code",
			    heal_reason_name(r->reasons[j].code), "until",
			    jv_time_json(r->reasons[j].until), "message",
			    r->reasons[j].message));
	}
	if (in->has_device) {
		if (store_device_uses(s, in->dev.id, in->started_at, 0,
		    session_id, &uses, &first) != 0)
			goto done;
		heal_device_warnings(in->dev.name,
		    in->dev.single_use_cartridge, in->new_cartridge != 0,
		    in->dev.max_uses, in->dev.max_age_days, uses, first,
		    in->started_at, w);
	}
	/* §3: products of the session are applied at its start, right after
	 * (at the same instant as) its own treatments. */
	for (i = 0; i < in->np; i++)
		for (j = 0; j < in->nt; j++)
			heal_product_warning(in->t[j].slug, in->p[i].name,
			    in->p[i].avoid_after_h, in->started_at,
			    in->started_at, w);
	*refuse = api_warnings_refuse(w);
	list = api_warnings_json(w);
	for (i = 0; i < in->nt; i++)
		attach_reasons(list, in->t[i].slug, reasons[i]);
 done:
	for (i = 0; i < MAX_TREATMENTS; i++)
		json_decref(reasons[i]);
	free(r);
	free(w);
	return list;
}

/* Add §8 "aftercare" to a session object, from its areas and start. */
static int
add_aftercare(struct store *s, json_t *o)
{
	struct heal_category	 cats[MAX_CATEGORIES];
	struct heal_aftercare	*out;
	const char		*areas[MAX_TREATMENTS];
	json_t			*t, *list;
	size_t			 i, na = 0, n, max;
	int			 nc;

	if ((nc = store_load_categories(s, cats, MAX_CATEGORIES)) < 0)
		return -1;
	json_array_foreach(json_object_get(o, "treatments"), i, t)
		if (na < MAX_TREATMENTS)
			areas[na++] = json_string_value(json_object_get(t,
			    "area"));
	max = na * (size_t)nc + 1;
	if ((out = calloc(max, sizeof(*out))) == NULL)
		return -1;
	n = heal_aftercare(cats, (size_t)nc, areas, na,
	    jv_time(o, "started_at", 0), out, max);
	list = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(list, json_pack("{s:s, s:s, s:o}",
		    "area", out[i].area, "category", out[i].category,
		    "avoid_until", jv_time_json(out[i].avoid_until)));
	free(out);
	json_object_set_new(o, "aftercare", list);
	return 0;
}

static json_t *
session_out(struct store *s, int64_t id)
{
	json_t	*o = store_session_json(s, id);

	if (o != NULL && add_aftercare(s, o) == -1) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* Validate and store doc as session id (0: a new one), and reply. */
static void
write_session(struct api_req *req, struct api_resp *resp, int64_t id,
    json_t *doc)
{
	struct store		*s = req->store;
	struct session_in	*in;
	struct jv_errors	 errs = { .n = 0 };
	json_t			*warnings = NULL, *o;
	int64_t			 sid, app;
	int64_t			 area_ids[MAX_TREATMENTS];
	int			 refuse = 0, rc;
	size_t			 i;

	if ((in = malloc(sizeof(*in))) == NULL) {
		api_internal(resp);
		return;
	}
	if (store_begin(s) != 0)
		goto fail;
	if ((rc = parse_session(req, doc, in, &errs)) == STORE_ERROR)
		goto fail;
	if (rc > 0) {
		store_rollback(s);
		api_problems(resp, 422, &errs);
		goto done;
	}
	if (id != 0 && store_session_clear(s, id) != 0)
		goto fail;
	if ((warnings = session_warnings(s, in, id, &refuse)) == NULL)
		goto fail;
	if (req->strict && refuse) {
		store_rollback(s);
		api_strict_refusal(resp, warnings);
		warnings = NULL;
		goto done;
	}
	if ((sid = store_session_put(s, id, in->started_at, in->setting,
	    in->has_device ? in->dev.id : 0, in->new_cartridge,
	    in->notes)) < 0)
		goto fail;
	for (i = 0; i < in->nt; i++) {
		area_ids[i] = in->t[i].area_id;
		if (store_treatment_insert(s, sid, in->t[i].area_id, (int)i,
		    in->started_at, in->t[i].depth_mm, in->t[i].passes) != 0)
			goto fail;
	}
	for (i = 0; i < in->np; i++)
		if ((app = store_application_insert(s, sid, in->p[i].id,
		    area_ids, in->nt, in->started_at, "")) < 0)
			goto fail;
	if (store_commit(s) != 0 || (o = session_out(s, sid)) == NULL)
		goto fail;
	json_object_set_new(o, "warnings", warnings);
	warnings = NULL;
	if (id == 0)
		api_created(resp, o, "/sessions/%lld", (long long)sid);
	else
		api_ok(resp, o);
	goto done;
 fail:
	store_rollback(s);
	api_internal(resp);
 done:
	json_decref(warnings);
	free(in);
}

void
api_sessions_create(struct api_req *req, struct api_resp *resp)
{
	write_session(req, resp, 0, req->body);
}

void
api_session_get(struct api_req *req, struct api_resp *resp)
{
	int64_t	 id = api_arg_id(req);
	json_t	*o;

	if (id <= 0 || (o = session_out(req->store, id)) == NULL) {
		api_not_found(resp, "session", req->arg);
		return;
	}
	api_ok(resp, o);
}

void
api_session_patch(struct api_req *req, struct api_resp *resp)
{
	struct jv_errors	 errs = { .n = 0 };
	int64_t			 id = api_arg_id(req);
	json_t			*cur;

	if (id <= 0 || (cur = store_session_json(req->store, id)) == NULL) {
		api_not_found(resp, "session", req->arg);
		return;
	}
	if (jv_check(req->body, session_schema, NELEM(session_schema), 0, "",
	    req->now, &errs) > 0) {
		json_decref(cur);
		api_problems(resp, 422, &errs);
		return;
	}
	/* The stored session with the given members replaced. */
	json_object_update(cur, req->body);
	write_session(req, resp, id, cur);
	json_decref(cur);
}

void
api_session_delete(struct api_req *req, struct api_resp *resp)
{
	api_delete(req, resp, api_arg_id(req), store_session_delete,
	    "session", NULL, NULL);
}

void
api_sessions_list(struct api_req *req, struct api_resp *resp)
{
	struct api_page		 page;
	struct store_filter	 f;
	json_t			*items, *o;
	int64_t			 last_t = 0, last_id = 0;
	int			 more;
	size_t			 i;
	char			 next[48];

	memset(&f, 0, sizeof(f));
	if (api_list_params(req, resp, 1, &page) == -1 ||
	    api_query_time(req, resp, "since", INT64_MIN, &f.since) == -1 ||
	    api_query_time(req, resp, "until", INT64_MAX, &f.until) == -1 ||
	    api_query_area(req, resp, &f.area_id) == -1)
		return;
	f.limit = page.limit;
	f.has_cursor = page.has_cursor;
	f.cursor_time = page.cursor_time;
	f.cursor_id = page.cursor_id;
	if ((items = store_session_list(req->store, &f, &more, &last_t,
	    &last_id)) == NULL) {
		api_internal(resp);
		return;
	}
	json_array_foreach(items, i, o)
		if (add_aftercare(req->store, o) == -1) {
			json_decref(items);
			api_internal(resp);
			return;
		}
	snprintf(next, sizeof(next), "%lld.%lld", (long long)last_t,
	    (long long)last_id);
	api_ok(resp, api_list("sessions", items, more ? next : NULL));
}
