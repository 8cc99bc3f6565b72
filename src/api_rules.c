/*
 * api_rules.c: /rules/intervals (healing-model.md §1).
 */
#include "buildconf.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "api.h"
#include "store.h"
#include "util.h"

/*
 * The deepest treatment the model knows (depths are in (0, 3] mm): the
 * last band must reach it, so that every valid depth has an interval.
 */
#define RULES_MAX_DEPTH_MM 3.0
#define RULES_DEPTH_EPS 1e-9
/*
 * Upper bounds against typing errors and overflow, not rules: ten years
 * of healing, a factor of 100.
 */
#define RULES_MAX_INTERVAL_H 87600
#define RULES_MAX_SKIN_FACTOR 100

static const struct jv_field rules_schema[] = {
	{ "bands", JV_ARRAY, JV_REQUIRED, 1, HEAL_MAX_BANDS, NULL },
	{ "skin_factor", JV_NUMBER, JV_REQUIRED, 1, RULES_MAX_SKIN_FACTOR,
	    NULL },
};
#define NRULES_SCHEMA NELEM(rules_schema)
const struct jv_schema api_rules_body = { rules_schema, NRULES_SCHEMA };

static const struct jv_field band_schema[] = {
	{ "max_depth_mm", JV_NUMBER, JV_REQUIRED | JV_MIN_EXCL, 0,
	    RULES_MAX_DEPTH_MM, NULL },
	{ "interval_h", JV_NUMBER, JV_REQUIRED | JV_MIN_EXCL, 0,
	    RULES_MAX_INTERVAL_H, NULL },
};
#define NBAND_SCHEMA NELEM(band_schema)

void
api_rules_get(struct api_req *req, struct api_resp *resp)
{
	json_t *o;
	int     rc;

	if ((rc = store_rules_json(req->store, &o)) != 0) {
		api_store_error(resp, rc);
		return;
	}
	api_ok(resp, o);
}

/*
 * Check the bands of a rule set (an array of 1 to HEAL_MAX_BANDS values)
 * and copy them into bands.  Every band is checked, so that one reply
 * names every mistake; a band's depth is compared with the last valid
 * band's before it.  Returns the number of errors added.
 */
static size_t
check_bands(const json_t *list, struct heal_band *bands, struct jv_errors *errs)
{
	const json_t *b;
	char          field[JV_FIELD_LEN];
	double        prev = 0;
	size_t        before = errs->n, i, n;
	int           have_prev = 0;

	n = json_array_size(list);
	json_array_foreach(list, i, b)
	{
		snprintf(field, sizeof(field), "bands[%zu]", i);
		if (!json_is_object(b)) {
			jv_add(errs, field,
			    "must be an object "
			    "{\"max_depth_mm\", \"interval_h\"}");
			continue;
		}
		if (jv_check(b, band_schema, NBAND_SCHEMA, 1, field, 0, errs) >
		    0)
			continue;
		bands[i].max_depth_mm = jv_num(b, "max_depth_mm", 0);
		bands[i].interval_h = jv_num(b, "interval_h", 0);
		snprintf(field, sizeof(field), "bands[%zu].max_depth_mm", i);
		if (have_prev && bands[i].max_depth_mm <= prev)
			jv_add(errs, field,
			    "must be more than the previous "
			    "band's (%g); bands go in increasing depth",
			    prev);
		if (i == n - 1 &&
		    fabs(bands[i].max_depth_mm - RULES_MAX_DEPTH_MM) >
		        RULES_DEPTH_EPS)
			jv_add(errs, field,
			    "must be %g: the last band covers "
			    "every depth up to the deepest",
			    RULES_MAX_DEPTH_MM);
		else if (i == n - 1)
			bands[i].max_depth_mm = RULES_MAX_DEPTH_MM;
		prev = bands[i].max_depth_mm;
		have_prev = 1;
	}
	return errs->n - before;
}

/* What PUT /rules/intervals writes: checked bands and the factor. */
struct rules_put {
	struct heal_band bands[HEAL_MAX_BANDS];
	size_t           nbands;
	double           skin_factor;
};

/* api_write() of PUT /rules/intervals: replace, read back. */
static int
rules_replace(struct api_req *req, struct api_resp *resp, void *arg)
{
	const struct rules_put *r = arg;
	json_t                 *o;
	int                     rc;

	if ((rc = store_rules_replace(
	         req->store, r->bands, r->nbands, r->skin_factor)) != 0 ||
	    (rc = store_rules_json(req->store, &o)) != 0)
		return rc;
	api_ok(resp, o);
	return 0;
}

void
api_rules_put(struct api_req *req, struct api_resp *resp)
{
	struct jv_errors errs = { .n = 0 };
	struct rules_put r;
	const json_t    *list;

	jv_check(
	    req->body, rules_schema, NRULES_SCHEMA, 1, "", req->now, &errs);
	list = json_object_get(req->body, "bands");
	r.nbands = json_array_size(list);
	if (json_is_array(list) && r.nbands >= 1 && r.nbands <= HEAL_MAX_BANDS)
		check_bands(list, r.bands, &errs);
	if (errs.n > 0) {
		api_problems(resp, 422, &errs);
		return;
	}
	r.skin_factor = jv_num(req->body, "skin_factor", 1);
	api_write(req, resp, rules_replace, &r);
}
