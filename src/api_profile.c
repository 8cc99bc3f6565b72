/*
 * api_profile.c: /profile.
 */
#include "buildconf.h"

#include <string.h>

#include "api.h"
#include "heal.h"
#include "jsonv.h"
#include "store.h"
#include "timefmt.h"
#include "util.h"

static const struct jv_field profile_schema[] = {
	{ "name", JV_STRING, 0, 0, 128, NULL },
	{ "fitzpatrick", JV_INT, JV_NULLABLE, 1, 6, NULL },
	{ "sensitive", JV_BOOL, 0, 0, 0, NULL },
	{ "melasma", JV_BOOL, 0, 0, 0, NULL },
	{ "skin_factor", JV_ANY, 0, 0, 0, NULL },
	{ "time_zone", JV_STRING, 0, 0, HEAL_ZONE_LEN - 1, NULL },
};
#define NPROFILE_SCHEMA NELEM(profile_schema)
const struct jv_schema api_profile_body = { profile_schema, NPROFILE_SCHEMA };

/*
 * The profile as the API shows it: the stored fields, the skin factor the
 * rules give it (healing-model.md §1) and the time zone in effect (the
 * host's when none is stored).  0 with *out, or a negative STORE_ code.
 */
static int
profile_json(struct api_req *req, json_t **out)
{
	struct heal_rules   rules;
	struct heal_profile prof;
	int                 rc;

	if ((rc = store_profile_json(req->store, out)) != 0)
		return rc;
	if ((rc = store_load_rules(req->store, &rules, &prof)) == 0 &&
	    (json_object_set_new(*out, "skin_factor",
	         jv_number(heal_skin_factor(&rules, &prof))) != 0 ||
	        json_object_set_new(
	            *out, "time_zone", json_string(prof.time_zone)) != 0))
		rc = STORE_ERROR;
	if (rc != 0) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

void
api_profile_get(struct api_req *req, struct api_resp *resp)
{
	json_t *o;
	int     rc;

	if ((rc = profile_json(req, &o)) != 0) {
		api_store_error(resp, rc);
		return;
	}
	api_ok(resp, o);
}

/*
 * api_write() of PATCH /profile: the stored profile with the body laid
 * over it, read back.  cur lives until the end.
 */
static int
profile_update(struct api_req *req, struct api_resp *resp, void *arg)
{
	json_t *cur = NULL, *o;
	int     fitzpatrick, rc;

	(void)arg;
	if ((rc = store_profile_json(req->store, &cur)) != 0)
		return rc;
	/* A null fitzpatrick clears it (0 stands for null). */
	if (jv_is_null(req->body, "fitzpatrick"))
		fitzpatrick = 0;
	else
		fitzpatrick = (int)jv_int(
		    req->body, "fitzpatrick", jv_int(cur, "fitzpatrick", 0));
	rc = store_profile_update(req->store,
	    jv_str(req->body, "name", jv_str(cur, "name", "")), fitzpatrick,
	    jv_bool(req->body, "sensitive", jv_bool(cur, "sensitive", 0)),
	    jv_bool(req->body, "melasma", jv_bool(cur, "melasma", 0)),
	    jv_str(req->body, "time_zone", jv_str(cur, "time_zone", "")));
	if (rc == 0 && (rc = profile_json(req, &o)) == 0)
		api_ok(resp, o);
	json_decref(cur);
	return rc;
}

void
api_profile_patch(struct api_req *req, struct api_resp *resp)
{
	struct jv_errors errs = { .n = 0 };
	const char      *tz;

	jv_check(
	    req->body, profile_schema, NPROFILE_SCHEMA, 0, "", req->now, &errs);
	/* "" goes back to the host's zone. */
	tz = json_string_value(json_object_get(req->body, "time_zone"));
	if (tz != NULL && *tz != '\0' && strlen(tz) < HEAL_ZONE_LEN &&
	    !timefmt_zone_valid(tz))
		jv_add(&errs, "time_zone",
		    "'%s' is not a time zone of this "
		    "system's tzdata; use an IANA name such as Europe/Paris",
		    tz);
	if (errs.n > 0) {
		api_problems(resp, 422, &errs);
		return;
	}
	api_write(req, resp, profile_update, NULL);
}
