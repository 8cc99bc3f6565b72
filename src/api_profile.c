/*
 * api_profile.c: /profile.
 */
#include "buildconf.h"

#include "api.h"
#include "store.h"
#include "util.h"

static const struct jv_field profile_schema[] = {
	{ "name", JV_STRING, 0, 0, 128, NULL },
	{ "fitzpatrick", JV_INT, JV_NULLABLE, 1, 6, NULL },
	{ "sensitive", JV_BOOL, 0, 0, 0, NULL },
	{ "melasma", JV_BOOL, 0, 0, 0, NULL },
	{ "skin_factor", JV_ANY, 0, 0, 0, NULL },
};
#define NPROFILE_SCHEMA	NELEM(profile_schema)
const struct jv_schema	api_profile_body = { profile_schema, NPROFILE_SCHEMA };

void
api_profile_get(struct api_req *req, struct api_resp *resp)
{
	api_ok(resp, store_profile_json(req->store));
}

void
api_profile_patch(struct api_req *req, struct api_resp *resp)
{
	struct jv_errors	 errs = { .n = 0 };
	json_t			*cur;
	int			 fitzpatrick;

	if (jv_check(req->body, profile_schema, NPROFILE_SCHEMA, 0, "",
	    req->now, &errs) > 0) {
		api_problems(resp, 422, &errs);
		return;
	}
	if (store_begin(req->store) != 0 ||
	    (cur = store_profile_json(req->store)) == NULL) {
		store_rollback(req->store);
		api_internal(resp);
		return;
	}
	/* A null fitzpatrick clears it (0 stands for null). */
	if (jv_is_null(req->body, "fitzpatrick"))
		fitzpatrick = 0;
	else
		fitzpatrick = (int)jv_int(req->body, "fitzpatrick",
		    jv_int(cur, "fitzpatrick", 0));
	if (store_profile_update(req->store,
	    jv_str(req->body, "name", jv_str(cur, "name", "")), fitzpatrick,
	    jv_bool(req->body, "sensitive", jv_bool(cur, "sensitive", 0)),
	    jv_bool(req->body, "melasma", jv_bool(cur, "melasma", 0))) != 0 ||
	    store_commit(req->store) != 0) {
		store_rollback(req->store);
		json_decref(cur);
		api_internal(resp);
		return;
	}
	json_decref(cur);
	api_ok(resp, store_profile_json(req->store));
}
