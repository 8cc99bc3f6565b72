/*
 * api_checkins.c: /checkins and /checkins/{id}, the log of how an area
 * looks and feels.
 *
 * A check-in is history (healing-model.md §7): it is stored even when it
 * earns warnings, which are evaluated at its own time against the
 * history before it and returned with the stored object.  Under Prefer:
 * handling=strict a warning of severity warning or danger refuses it
 * (409) and nothing is stored.
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

_Static_assert(API_MAX_CONDITIONS <= HEAL_MAX_CONDITIONS,
    "a check-in lists each condition at most once");

/* §4: scores run from 0 (none) to 3 (severe). */
static const struct jv_field checkin_schema[] = {
	{ "area", JV_SLUG, JV_REQUIRED, 0, 0, NULL },
	{ "at", JV_TIME, 0, 0, 0, NULL },
	{ "redness", JV_INT, 0, 0, 3, NULL },
	{ "swelling", JV_INT, 0, 0, 3, NULL },
	{ "pain", JV_INT, 0, 0, 3, NULL },
	{ "infection_signs", JV_BOOL, 0, 0, 0, NULL },
	{ "conditions", JV_ARRAY, 0, 0, API_MAX_CONDITIONS, NULL },
	{ "notes", JV_STRING, 0, 0, 0, NULL },
	{ "id", JV_ANY, 0, 0, 0, NULL },
	{ "warnings", JV_ANY, 0, 0, 0, NULL },
};
const struct jv_schema api_checkin_body = { checkin_schema,
	NELEM(checkin_schema) };

static const struct api_list checkin_list = {
	.plural = "checkins",
	.list = &store_checkin_list,
	.filters = API_FILTER_TIME | API_FILTER_AREA,
};

/* A check-in, validated and resolved against the store. */
struct checkin_in {
	int64_t             area_id;
	const char         *slug; /* borrowed from the request body */
	const char         *notes; /* the same */
	struct heal_checkin c;
	int64_t             id; /* to PATCH; 0: a new one */
};

void
api_checkins_list(struct api_req *req, struct api_resp *resp)
{
	api_page(req, resp, &checkin_list);
}

void
api_checkin_get(struct api_req *req, struct api_resp *resp)
{
	json_t *o;
	int64_t id;
	int     rc;

	if ((id = api_arg_id(req)) == -1 ||
	    (rc = store_checkin_json(req->store, id, &o)) == STORE_NOTFOUND)
		api_not_found(resp, "check-in", req->arg);
	else if (rc != 0)
		api_store_error(resp, rc);
	else
		api_ok(resp, o);
}

void
api_checkin_delete(struct api_req *req, struct api_resp *resp)
{
	api_delete(req, resp, api_arg_id(req), store_checkin_delete, "check-in",
	    NULL, NULL);
}

/*
 * The conditions[] of a check-in (at most API_MAX_CONDITIONS: the schema
 * checked that): known condition slugs, none twice, as the bitmask of
 * their bits.  Adds an error per bad element; 0 or a negative STORE_
 * code.
 */
static int
check_conditions(struct store *s, const json_t *conds, uint32_t *bits,
    struct jv_errors *errs)
{
	const char *slug;
	char        field[JV_FIELD_LEN], known[128];
	int64_t     bit;
	size_t      i;
	int         rc;

	*bits = 0;
	for (i = 0; i < json_array_size(conds); i++) {
		snprintf(field, sizeof(field), "conditions[%zu]", i);
		if ((slug = json_string_value(json_array_get(conds, i))) ==
		    NULL) {
			jv_add(errs, field,
			    "must be a condition (a string "
			    "such as \"sunburn\")");
			continue;
		}
		rc = store_condition_bit(s, slug, &bit);
		if (rc != 0 && rc != STORE_NOTFOUND)
			return rc;
		if (rc == STORE_NOTFOUND || bit < 0 ||
		    bit >= HEAL_MAX_CONDITIONS) {
			if ((rc = store_names(s, SQL_CONDITION_SLUGS, known,
			         sizeof(known))) != 0)
				return rc;
			jv_add(errs, field,
			    "'%.64s' is not a known condition "
			    "(one of: %s)",
			    slug, known);
		} else if (*bits & (1u << bit))
			jv_add(errs, field, "'%s' is listed twice", slug);
		else
			*bits |= 1u << bit;
	}
	return 0;
}

/*
 * Validate the body into *in: 0 (errs says whether it is valid) or a
 * negative STORE_ code.
 */
static int
parse_checkin(struct api_req *req, const json_t *body, struct checkin_in *in,
    struct jv_errors *errs)
{
	const json_t *conds;
	char          hint[JV_FIELD_LEN + 24];
	int           rc;

	memset(in, 0, sizeof(*in));
	jv_check_schema(body, &api_checkin_body, 1, "", req->now, errs);
	/* The references too, where the schema let them through. */
	in->slug = jv_str(body, "area", "");
	if (jv_slug_ok(in->slug) &&
	    (rc = store_area_id(req->store, in->slug, &in->area_id)) != 0) {
		if (rc != STORE_NOTFOUND)
			return rc;
		jv_add(errs, "area",
		    "'%s' is not a known area%s (see GET "
		    "/areas)",
		    in->slug,
		    api_did_you_mean(req->store, SQL_AREA_SLUGS, in->slug, hint,
		        sizeof(hint)));
	}
	conds = json_object_get(body, "conditions");
	if (json_array_size(conds) <= API_MAX_CONDITIONS &&
	    (rc = check_conditions(
	         req->store, conds, &in->c.conditions, errs)) != 0)
		return rc;
	in->c.at = jv_time(body, "at", req->now);
	in->c.redness = (int)jv_int(body, "redness", 0);
	in->c.swelling = (int)jv_int(body, "swelling", 0);
	in->c.pain = (int)jv_int(body, "pain", 0);
	in->c.infection_signs = jv_bool(body, "infection_signs", 0);
	in->notes = jv_str(body, "notes", "");
	return 0;
}

/*
 * The write (api_write_fn): §4 warnings at the check-in's time, the
 * insert, and the stored check-in read back before the commit.
 */
static int
checkin_write(struct api_req *req, struct api_resp *resp, void *arg)
{
	struct checkin_in    *in = arg;
	struct store         *s = req->store;
	struct heal_rules     rules;
	struct heal_profile   prof;
	struct heal_treatment last;
	struct heal_warnings *w;
	json_t               *o;
	int64_t               id;
	size_t                i;
	int                   rc;

	if ((w = calloc(1, sizeof(*w))) == NULL)
		return STORE_ERROR;
	/* The treatment the check-in may follow. */
	if ((rc = store_load_rules(s, &rules, &prof)) != 0 ||
	    ((rc = store_last_treatment(s, in->area_id, in->c.at, &last)) !=
	            0 &&
	        rc != STORE_NOTFOUND))
		goto done;
	rc = 0;
	heal_checkin_area_warnings(&rules, &prof, in->slug, &in->c, &last, w);
	if (req->strict && api_warnings_refuse(w)) {
		api_strict_refusal(resp, api_warnings_json(w));
		goto done;
	}
	if (in->id != 0) {
		id = in->id;
		if ((rc = store_checkin_update(
		         s, id, in->area_id, &in->c, in->notes)) != 0)
			goto done;
	} else if ((id = store_checkin_insert(
	                s, in->area_id, &in->c, in->notes)) < 0) {
		rc = (int)id;
		goto done;
	}
	/* The warnings are about this check-in: now it has an id. */
	for (i = 0; i < w->n; i++)
		w->w[i].facts.checkin_id = id;
	if ((rc = store_checkin_json(s, id, &o)) != 0) {
		rc = rc == STORE_NOTFOUND ? STORE_ERROR : rc;
		goto done;
	}
	rc = api_written(resp, o, w, in->id == 0, "/checkins", id);
done:
	free(w);
	return rc;
}

void
api_checkins_create(struct api_req *req, struct api_resp *resp)
{
	struct jv_errors  errs = { .n = 0 };
	struct checkin_in in;
	int               rc;

	if ((rc = parse_checkin(req, req->body, &in, &errs)) != 0)
		api_store_error(resp, rc);
	else if (errs.n > 0)
		api_problems(resp, 422, &errs);
	else
		api_write(req, resp, checkin_write, &in);
}

/*
 * The write of a PATCH (api_write_fn; arg points to the id): the stored
 * check-in with the body's members replaced, validated whole, then
 * written as a POST would be (its warnings at its own time, against the
 * treatment before it).
 */
static int
checkin_patch(struct api_req *req, struct api_resp *resp, void *arg)
{
	struct jv_errors  errs = { .n = 0 };
	struct checkin_in in;
	int64_t           id = *(int64_t *)arg;
	json_t           *cur = NULL;
	int               rc;

	if ((rc = store_checkin_json(req->store, id, &cur)) == STORE_NOTFOUND) {
		api_not_found(resp, "check-in", req->arg);
		return 0;
	}
	if (rc != 0)
		return rc;
	if (jv_check_schema(
	        req->body, &api_checkin_body, 0, "", req->now, &errs) > 0) {
		api_problems(resp, 422, &errs);
		goto done;
	}
	if (json_object_update(cur, req->body) != 0) {
		rc = STORE_ERROR;
		goto done;
	}
	if ((rc = parse_checkin(req, cur, &in, &errs)) != 0)
		goto done;
	if (errs.n > 0) {
		api_problems(resp, 422, &errs);
		goto done;
	}
	in.id = id;
	rc = checkin_write(req, resp, &in);
done:
	/* in borrows from cur. */
	json_decref(cur);
	return rc;
}

void
api_checkin_patch(struct api_req *req, struct api_resp *resp)
{
	int64_t id = api_arg_id(req);

	if (id <= 0) {
		api_not_found(resp, "check-in", req->arg);
		return;
	}
	api_write(req, resp, checkin_patch, &id);
}
