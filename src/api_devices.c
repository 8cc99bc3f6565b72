/*
 * api_devices.c: /devices and /devices/{id}.
 *
 * What a kind implies comes from the device_kind table: whether its
 * needles have a fixed length (rollers, stamps) and its wear defaults
 * (12 uses, 42 days; none for pens).  Nothing here repeats those values.
 */
#include "buildconf.h"

#include <stdio.h>
#include <string.h>

#include "api.h"
#include "heal.h"
#include "store.h"
#include "util.h"

static const struct jv_field device_schema[] = {
	{ "name", JV_STRING, JV_REQUIRED, 0, 128, NULL },
	{ "kind", JV_STRING, JV_REQUIRED, 0, 32, NULL },
	{ "needle_length_mm", JV_NUMBER, JV_NULLABLE | JV_MIN_EXCL, 0, 3,
	    NULL },
	{ "needle_count", JV_INT, JV_NULLABLE, 1, 100000, NULL },
	{ "max_uses", JV_INT, JV_NULLABLE, 1, 100000, NULL },
	{ "max_age_days", JV_INT, JV_NULLABLE, 1, 36500, NULL },
	{ "retired", JV_BOOL, 0, 0, 0, NULL },
	{ "id", JV_ANY, 0, 0, 0, NULL },
	{ "uses", JV_ANY, 0, 0, 0, NULL },
	{ "first_used_at", JV_ANY, 0, 0, 0, NULL },
	{ "worn", JV_ANY, 0, 0, 0, NULL },
};
#define NDEVICE_SCHEMA NELEM(device_schema)
const struct jv_schema api_device_body = { device_schema, NDEVICE_SCHEMA };

/* device_resolve(): the object breaks a rule of its kind (answer 422). */
#define DEVICE_INVALID 1

/* A nullable integer member of a checked object, or -1 for null/absent. */
static long long
opt_int(const json_t *o, const char *key)
{
	return jv_int(o, key, -1);
}

/*
 * Resolve a device object (a POST body, or the stored object with a PATCH
 * body laid over it) that passed jv_check into *d, applying the rules of
 * its kind: a fixed-length kind needs needle_length_mm, a kind that does
 * not wear takes no wear limits, and an absent or null wear limit of a
 * kind that wears is the kind's default.  Returns 0, DEVICE_INVALID after
 * adding errors, or a negative STORE_ code.
 */
static int
device_resolve(struct store *s, const json_t *o, struct store_device *d,
    struct jv_errors *errs)
{
	char      kinds[128];
	long long def_uses, def_age;
	int       fixed, rc;
	size_t    before = errs->n;

	memset(d, 0, sizeof(*d));
	d->name = jv_str(o, "name", "");
	d->kind = jv_str(o, "kind", "");
	d->needle_length_mm = jv_num(o, "needle_length_mm", -1);
	d->needle_count = opt_int(o, "needle_count");
	d->max_uses = opt_int(o, "max_uses");
	d->max_age_days = opt_int(o, "max_age_days");
	d->retired = jv_bool(o, "retired", 0);

	rc = store_device_kind(s, d->kind, &fixed, &def_uses, &def_age);
	if (rc == STORE_NOTFOUND) {
		if ((rc = store_device_kinds(s, kinds, sizeof(kinds))) != 0)
			return rc;
		jv_add(errs, "kind",
		    "'%.32s' is not a device kind (one of: "
		    "%s)",
		    d->kind, kinds);
		return DEVICE_INVALID;
	}
	if (rc != 0)
		return rc;
	if (fixed && d->needle_length_mm < 0)
		jv_add(errs, "needle_length_mm",
		    "is required for a %s: the "
		    "length of its needles, more than 0 and at most 3 mm",
		    d->kind);
	else if (!fixed && d->needle_length_mm >= 0)
		jv_add(errs, "needle_length_mm",
		    "a %s has no fixed needle "
		    "length; give depth_mm per treatment",
		    d->kind);
	if (def_uses < 0 && d->max_uses >= 0)
		jv_add(errs, "max_uses", "%ss do not wear", d->kind);
	else if (d->max_uses < 0)
		d->max_uses = def_uses;
	if (def_age < 0 && d->max_age_days >= 0)
		jv_add(errs, "max_age_days", "%ss do not wear", d->kind);
	else if (d->max_age_days < 0)
		d->max_age_days = def_age;
	return errs->n > before ? DEVICE_INVALID : 0;
}

/*
 * Add "worn" to a device as the store gives it (uses and first_used_at
 * as of req->now): the rules decide (healing-model.md §5), not the store.
 * Returns 0 or STORE_ERROR (out of memory).
 */
static int
device_worn(struct api_req *req, json_t *o)
{
	int worn;

	worn = heal_device_worn(jv_int(o, "max_uses", -1),
	    jv_int(o, "max_age_days", -1), jv_int(o, "uses", 0),
	    jv_time(o, "first_used_at", HEAL_NONE), req->now);
	if (json_object_set_new(o, "worn", json_boolean(worn)) != 0)
		return STORE_ERROR;
	return 0;
}

/* The device as the API shows it: 0 with *out, or a negative STORE_ code. */
static int
device_json(struct api_req *req, int64_t id, json_t **out)
{
	int rc;

	if ((rc = store_device_json(req->store, id, req->now, out)) != 0)
		return rc;
	if ((rc = device_worn(req, *out)) != 0) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

static const struct api_list devices_list = {
	.plural = "devices",
	.list = &store_device_list,
	.each = device_worn,
};

void
api_devices_list(struct api_req *req, struct api_resp *resp)
{
	api_page(req, resp, &devices_list);
}

/*
 * Resolve o into a device for its kind and store it: insert (id 0) or
 * update id, then answer the stored device (201 or 200), or 422 naming
 * what breaks a rule of its kind.  0 after answering, or a negative
 * STORE_ code for api_write().
 */
static int
device_put(
    struct api_req *req, struct api_resp *resp, int64_t id, const json_t *o)
{
	struct jv_errors    errs = { .n = 0 };
	struct store_device d;
	json_t             *out;
	int64_t             rid = 0;
	int                 rc;

	if ((rc = device_resolve(req->store, o, &d, &errs)) == DEVICE_INVALID) {
		api_problems(resp, 422, &errs);
		return 0;
	}
	if (rc != 0)
		return rc;
	if (id == 0) {
		if ((rid = store_device_insert(req->store, &d)) < 0)
			return (int)rid;
	} else if ((rc = store_device_update(req->store, id, &d)) != 0)
		return rc;
	if ((rc = device_json(req, id == 0 ? rid : id, &out)) != 0)
		return rc;
	if (id == 0)
		api_created(resp, out, "/devices/%lld", (long long)rid);
	else
		api_ok(resp, out);
	return 0;
}

/* api_write() of POST /devices. */
static int
device_create(struct api_req *req, struct api_resp *resp, void *arg)
{
	(void)arg;
	return device_put(req, resp, 0, req->body);
}

void
api_devices_create(struct api_req *req, struct api_resp *resp)
{
	struct jv_errors errs = { .n = 0 };

	if (jv_check(req->body, device_schema, NDEVICE_SCHEMA, 1, "", req->now,
	        &errs) > 0) {
		api_problems(resp, 422, &errs);
		return;
	}
	api_write(req, resp, device_create, NULL);
}

/* The device named by the path, or 0 after answering 404 (or 500). */
static int64_t
path_device(struct api_req *req, struct api_resp *resp)
{
	return api_path_id(req, resp, "device", store_device_exists);
}

void
api_device_get(struct api_req *req, struct api_resp *resp)
{
	json_t *o;
	int64_t id;
	int     rc;

	if ((id = path_device(req, resp)) == 0)
		return;
	if ((rc = device_json(req, id, &o)) != 0) {
		api_store_error(resp, rc);
		return;
	}
	api_ok(resp, o);
}

/*
 * api_write() of PATCH /devices/{id}: the stored device with the body
 * laid over it, resolved again for its kind.  d's strings are borrowed
 * from merged, which lives until the device is written and read back.
 */
static int
device_update(struct api_req *req, struct api_resp *resp, void *arg)
{
	const int64_t *id = arg;
	json_t        *cur = NULL, *merged = NULL;
	const char    *kind;
	int            rc;

	if ((rc = store_device_json(req->store, *id, req->now, &cur)) != 0)
		return rc;
	if ((merged = json_deep_copy(cur)) == NULL ||
	    json_object_update(merged, req->body) != 0) {
		rc = STORE_ERROR;
		goto done;
	}

	/*
	 * The kind decides what a session's depth and wear mean: once a
	 * session names the device, changing it would rewrite that history.
	 */
	kind = jv_str(req->body, "kind", NULL);
	if (kind != NULL && strcmp(kind, jv_str(cur, "kind", "")) != 0) {
		if ((rc = store_device_referenced(req->store, *id)) == 1) {
			api_problem(resp, 422, "kind",
			    "cannot change once a "
			    "session uses this device; add a new device "
			    "instead");
			rc = 0;
			goto done;
		}
		if (rc != 0)
			goto done;
	}
	rc = device_put(req, resp, *id, merged);
done:
	json_decref(merged);
	json_decref(cur);
	return rc;
}

void
api_device_patch(struct api_req *req, struct api_resp *resp)
{
	struct jv_errors errs = { .n = 0 };
	int64_t          id;

	if ((id = path_device(req, resp)) == 0)
		return;
	if (jv_check(req->body, device_schema, NDEVICE_SCHEMA, 0, "", req->now,
	        &errs) > 0) {
		api_problems(resp, 422, &errs);
		return;
	}
	api_write(req, resp, device_update, &id);
}

void
api_device_delete(struct api_req *req, struct api_resp *resp)
{
	int64_t id;

	if ((id = path_device(req, resp)) != 0)
		api_delete(req, resp, id, store_device_delete, "device", "id",
		    "device %lld is used by sessions; retire it instead "
		    "(PATCH {\"retired\": true})",
		    (long long)id);
}
