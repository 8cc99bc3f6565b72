/*
 * api_applications.c: /applications and /applications/{id}, the log of
 * products put on the skin.
 *
 * An application is history (healing-model.md §7): it is stored even
 * when it earns warnings, which are evaluated at its own time against
 * the history before it and returned with the stored object.  Under
 * Prefer: handling=strict a warning of severity warning or danger
 * refuses it (409) and nothing is stored.
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
	{ "areas", JV_ARRAY, JV_REQUIRED, 1, API_MAX_AREAS, NULL },
	{ "applied_at", JV_TIME, 0, 0, 0, NULL },
	{ "notes", JV_STRING, 0, 0, 0, NULL },
	{ "id", JV_ANY, 0, 0, 0, NULL },
	{ "session_id", JV_ANY, 0, 0, 0, NULL },
	{ "warnings", JV_ANY, 0, 0, 0, NULL },
};
const struct jv_schema api_application_body = { application_schema,
	NELEM(application_schema) };

static const struct api_list application_list = {
	.plural = "applications",
	.list = &store_application_list,
	.filters = API_FILTER_TIME | API_FILTER_AREA,
};

/* An application, validated and resolved against the store. */
struct application_in {
	struct store_product_info prod;
	const json_t             *areas; /* borrowed from the body */
	size_t                    n;
	int64_t                   ids[API_MAX_AREAS];
	int64_t                   at;
	const char               *notes; /* borrowed from the body */
	int64_t                   id; /* PATCHed; 0: new */
};

void
api_applications_list(struct api_req *req, struct api_resp *resp)
{
	api_page(req, resp, &application_list);
}

void
api_application_get(struct api_req *req, struct api_resp *resp)
{
	json_t *o;
	int64_t id;
	int     rc;

	if ((id = api_arg_id(req)) == -1 ||
	    (rc = store_application_json(req->store, id, &o)) == STORE_NOTFOUND)
		api_not_found(resp, "application", req->arg);
	else if (rc != 0)
		api_store_error(resp, rc);
	else
		api_ok(resp, o);
}

void
api_application_delete(struct api_req *req, struct api_resp *resp)
{
	int64_t id = api_arg_id(req), sid = 0;
	int     rc;

	/* A session's products are the session's: it says which. */
	if (id > 0 &&
	    (rc = store_application_session(req->store, id, &sid)) != 0 &&
	    rc != STORE_NOTFOUND) {
		api_store_error(resp, rc);
		return;
	}
	api_delete(req, resp, id, store_application_delete, "application",
	    "session_id",
	    "is %lld: the application is listed by session "
	    "%lld; edit or delete the session instead",
	    (long long)sid, (long long)sid);
}

/* An element of a body array: its id, then its index (the tie-break). */
struct id_ref {
	int64_t id;
	size_t  i;
};

static int
cmp_id_ref(const void *pa, const void *pb)
{
	const struct id_ref *a = pa, *b = pb;

	if (a->id != b->id)
		return a->id < b->id ? -1 : 1;
	return a->i < b->i ? -1 : a->i > b->i;
}

void
api_first_dups(const int64_t *ids, size_t n, size_t *first)
{
	struct id_ref refs[API_MAX_AREAS];
	size_t        i, nr = 0;

	for (i = 0; i < n && i < API_MAX_AREAS; i++) {
		first[i] = i;
		if (ids[i] != 0) {
			refs[nr].id = ids[i];
			refs[nr++].i = i;
		}
	}
	/* Equal ids are neighbours, the first given first. */
	qsort(refs, nr, sizeof(refs[0]), cmp_id_ref);
	for (i = 1; i < nr; i++)
		if (refs[i].id == refs[i - 1].id)
			first[refs[i].i] = first[refs[i - 1].i];
}

/*
 * The areas[] of an application (at most API_MAX_AREAS: the schema
 * checked that): each a known area slug, none twice.  Fills in->ids (0
 * where the element is not usable) and adds an error per bad element;
 * the duplicate check sorts the ids (api_first_dups()).  Returns 0 or a
 * negative STORE_ code.
 */
static int
check_areas(struct store *s, struct application_in *in, struct jv_errors *errs)
{
	size_t      first[API_MAX_AREAS];
	const char *slug;
	char        field[JV_FIELD_LEN], hint[JV_FIELD_LEN + 24];
	size_t      i;
	int         rc;

	for (i = 0; i < in->n; i++) {
		in->ids[i] = 0;
		snprintf(field, sizeof(field), "areas[%zu]", i);
		slug = json_string_value(json_array_get(in->areas, i));
		if (slug == NULL) {
			jv_add(errs, field, "must be an area slug (a string)");
			continue;
		}
		if (!jv_slug_ok(slug)) {
			jv_add(
			    errs, field, "'%.64s' is not an area slug", slug);
			continue;
		}
		if ((rc = store_area_id(s, slug, &in->ids[i])) != 0) {
			in->ids[i] = 0;
			if (rc != STORE_NOTFOUND)
				return rc;
			jv_add(errs, field,
			    "'%s' is not a known area%s "
			    "(see GET /areas)",
			    slug,
			    api_did_you_mean(
			        s, SQL_AREA_SLUGS, slug, hint, sizeof(hint)));
		}
	}
	api_first_dups(in->ids, in->n, first);
	for (i = 0; i < in->n; i++) {
		if (first[i] == i)
			continue;
		snprintf(field, sizeof(field), "areas[%zu]", i);
		jv_add(errs, field, "'%s' is already listed as areas[%zu]",
		    json_string_value(json_array_get(in->areas, i)), first[i]);
	}
	return 0;
}

/*
 * Validate the body into *in: 0 (errs says whether it is valid) or a
 * negative STORE_ code.
 */
static int
parse_application(struct api_req *req, const json_t *body,
    struct application_in *in, struct jv_errors *errs)
{
	long long pid;
	int       rc;

	memset(in, 0, sizeof(*in));
	jv_check_schema(body, &api_application_body, 1, "", req->now, errs);
	/* The references too, where the schema let them through. */
	in->areas = json_object_get(body, "areas");
	if (json_is_array(in->areas) &&
	    json_array_size(in->areas) <= API_MAX_AREAS) {
		in->n = json_array_size(in->areas);
		if ((rc = check_areas(req->store, in, errs)) != 0)
			return rc;
	}
	if (json_is_integer(json_object_get(body, "product_id"))) {
		pid = jv_int(body, "product_id", 0);
		rc = pid > 0 ? store_product_info(req->store, pid, &in->prod)
		             : STORE_NOTFOUND;
		if (rc == STORE_NOTFOUND)
			jv_add(errs, "product_id",
			    "no product %lld (see GET "
			    "/products)",
			    pid);
		else if (rc != 0)
			return rc;
	}
	in->at = jv_time(body, "applied_at", req->now);
	in->notes = jv_str(body, "notes", "");
	return 0;
}

/*
 * §3 product_too_soon per area, at applied_at; a systemic product
 * reaches every area, so any area's latest treatment counts.  0 or a
 * negative STORE_ code.
 */
static int
application_warnings(
    struct store *s, const struct application_in *in, struct heal_warnings *w)
{
	struct heal_rules       rules;
	struct heal_profile     prof;
	struct heal_application a;
	struct heal_treatment   last;
	size_t                  i;
	int                     rc;

	if ((rc = store_load_rules(s, &rules, &prof)) != 0)
		return rc;
	memset(&a, 0, sizeof(a));
	a.at = in->at;
	a.product_id = in->prod.id;
	snprintf(a.product, sizeof(a.product), "%s", in->prod.name);
	snprintf(a.category, sizeof(a.category), "%s", in->prod.category);
	if (in->prod.systemic &&
	    (rc = store_last_treatment_any(s, in->at, &last)) != 0 &&
	    rc != STORE_NOTFOUND)
		return rc;
	for (i = 0; i < in->n; i++) {
		if (!in->prod.systemic &&
		    (rc = store_last_treatment(s, in->ids[i], in->at, &last)) !=
		        0 &&
		    rc != STORE_NOTFOUND)
			return rc;
		heal_application_warning(&prof,
		    json_string_value(json_array_get(in->areas, i)), &a,
		    in->prod.avoid_after_h, &last, w);
	}
	return 0;
}

/*
 * The write (api_write_fn): warnings, the insert, and the stored
 * application read back before the commit.
 */
static int
application_write(struct api_req *req, struct api_resp *resp, void *arg)
{
	struct application_in *in = arg;
	struct store          *s = req->store;
	struct heal_warnings  *w;
	json_t                *o;
	int64_t                id;
	int                    rc;

	if ((w = calloc(1, sizeof(*w))) == NULL)
		return STORE_ERROR;
	if ((rc = application_warnings(s, in, w)) != 0)
		goto done;
	if (req->strict && api_warnings_refuse(w)) {
		api_strict_refusal(resp, api_warnings_json(w));
		goto done;
	}
	if (in->id != 0) {
		id = in->id;
		if ((rc = store_application_update(s, id, in->prod.id, in->ids,
		         in->n, in->at, in->notes)) != 0)
			goto done;
	} else if ((id = store_application_insert(s, 0, in->prod.id, in->ids,
	                in->n, in->at, in->notes)) < 0) {
		rc = (int)id;
		goto done;
	}
	if ((rc = store_application_json(s, id, &o)) != 0) {
		rc = rc == STORE_NOTFOUND ? STORE_ERROR : rc;
		goto done;
	}
	rc = api_written(resp, o, w, in->id == 0, "/applications", id);
done:
	free(w);
	return rc;
}

void
api_applications_create(struct api_req *req, struct api_resp *resp)
{
	struct jv_errors      errs = { .n = 0 };
	struct application_in in;
	int                   rc;

	if ((rc = parse_application(req, req->body, &in, &errs)) != 0)
		api_store_error(resp, rc);
	else if (errs.n > 0)
		api_problems(resp, 422, &errs);
	else
		api_write(req, resp, application_write, &in);
}

/*
 * The write of a PATCH (api_write_fn; arg points to the id): the stored
 * application with the body's members replaced, validated whole, then
 * written as a POST would be (its warnings at its own time).  An
 * application a session lists is the session's to change: 409.
 */
static int
application_patch(struct api_req *req, struct api_resp *resp, void *arg)
{
	struct jv_errors      errs = { .n = 0 };
	struct application_in in;
	int64_t               id = *(int64_t *)arg;
	json_t               *cur = NULL, *sid;
	int                   rc;

	if ((rc = store_application_json(req->store, id, &cur)) ==
	    STORE_NOTFOUND) {
		api_not_found(resp, "application", req->arg);
		return 0;
	}
	if (rc != 0)
		return rc;
	if (json_is_integer(sid = json_object_get(cur, "session_id"))) {
		api_problem(resp, 409, "session_id",
		    "is %lld: the "
		    "application is listed by session %lld; edit the session "
		    "instead",
		    (long long)json_integer_value(sid),
		    (long long)json_integer_value(sid));
		goto done;
	}
	if (jv_check_schema(
	        req->body, &api_application_body, 0, "", req->now, &errs) > 0) {
		api_problems(resp, 422, &errs);
		goto done;
	}
	if (json_object_update(cur, req->body) != 0) {
		rc = STORE_ERROR;
		goto done;
	}
	if ((rc = parse_application(req, cur, &in, &errs)) != 0)
		goto done;
	if (errs.n > 0) {
		api_problems(resp, 422, &errs);
		goto done;
	}
	in.id = id;
	rc = application_write(req, resp, &in);
done:
	/* in borrows from cur. */
	json_decref(cur);
	return rc;
}

void
api_application_patch(struct api_req *req, struct api_resp *resp)
{
	int64_t id = api_arg_id(req);

	if (id <= 0) {
		api_not_found(resp, "application", req->arg);
		return;
	}
	api_write(req, resp, application_patch, &id);
}
