/*
 * store_heal.c: what the healing engine reads, and nothing more.
 *
 * Every read here is an index seek on (area, time) or (area, product,
 * time), so the cost of an area's readiness grows with the number of
 * products and conditions, never with the length of the history.  Every
 * read returns 0 or the STORE_ code of its failure: a failed read must
 * never pass for "no history", which would drop or invent a warning.
 */
#include "buildconf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "store.h"
#include "timefmt.h"

/* A text column into a buffer ("" for NULL). */
static void
col_text(sqlite3_stmt *st, int col, char *buf, size_t len)
{
	const unsigned char *t = sqlite3_column_text(st, col);

	snprintf(buf, len, "%s", t != NULL ? (const char *)t : "");
}

/* A single-row read of a time whose "no row" or NULL means HEAL_NONE. */
static int
get_time(struct store *s, sqlite3_stmt *st, int64_t *out)
{
	int rc;

	if ((rc = store_get_int(s, st, out)) == STORE_NOTFOUND) {
		*out = HEAL_NONE;
		rc = 0;
	}
	return rc;
}

static int
load_bands(struct store *s, struct heal_rules *r)
{
	sqlite3_stmt *st = store_stmt(s, SQL_HEAL_BANDS);
	int           rc;

	while ((rc = store_step(s, st)) == 1 && r->nbands < HEAL_MAX_BANDS) {
		r->bands[r->nbands].max_depth_mm = sqlite3_column_double(st, 0);
		r->bands[r->nbands].interval_h = sqlite3_column_double(st, 1);
		r->nbands++;
	}
	sqlite3_reset(st);
	return rc < 0 ? rc : 0;
}

static int
load_conditions(struct store *s, struct heal_rules *r)
{
	sqlite3_stmt *st = store_stmt(s, SQL_HEAL_CONDITIONS);
	int           rc, bit;

	/* Condition i of the rules is bit i of checkin.conditions. */
	while ((rc = store_step(s, st)) == 1) {
		bit = sqlite3_column_int(st, 0);
		if (bit < 0 || bit >= HEAL_MAX_CONDITIONS)
			continue;
		col_text(st, 1, r->conditions[bit].slug, HEAL_SLUG_LEN);
		/* condition has no name column: the engine uses the slug. */
		r->conditions[bit].rest_h = sqlite3_column_double(st, 2);
		if ((size_t)bit + 1 > r->nconditions)
			r->nconditions = (size_t)bit + 1;
	}
	sqlite3_reset(st);
	return rc < 0 ? rc : 0;
}

int
store_load_rules(struct store *s, struct heal_rules *r, struct heal_profile *p)
{
	sqlite3_stmt *st;
	int           rc;

	memset(r, 0, sizeof(*r));
	if ((rc = load_bands(s, r)) != 0)
		return rc;
	st = store_stmt(s, SQL_HEAL_RULES);
	if ((rc = store_step(s, st)) != 1) {
		if (rc == 0)
			log_warnx("the rules row is missing");
		return rc == 0 ? STORE_ERROR : rc;
	}
	r->skin_factor = sqlite3_column_double(st, 0);
	r->sensitive_fitzpatrick = sqlite3_column_int(st, 1);
	r->pigment_depth_mm = sqlite3_column_double(st, 2);
	r->prolonged_h = sqlite3_column_double(st, 3);
	r->clinician_h = sqlite3_column_double(st, 4);
	sqlite3_reset(st);
	if ((rc = load_conditions(s, r)) != 0 || p == NULL)
		return rc;

	/* No profile row: the defaults (a profile of no particular skin). */
	memset(p, 0, sizeof(*p));
	st = store_stmt(s, SQL_HEAL_PROFILE);
	if ((rc = store_step(s, st)) == 1) {
		p->fitzpatrick = sqlite3_column_int(st, 0);
		p->sensitive = sqlite3_column_int(st, 1);
		p->melasma = sqlite3_column_int(st, 2);
		col_text(st, 3, p->time_zone, sizeof(p->time_zone));
		rc = 0;
	}
	sqlite3_reset(st);
	/* "" (or a zone tzdata no longer has): the host's, else UTC. */
	if (!timefmt_zone_valid(p->time_zone))
		timefmt_host_zone(p->time_zone, sizeof(p->time_zone));
	return rc;
}

int
store_load_categories(struct store *s, struct heal_category *cats, size_t max)
{
	sqlite3_stmt *st = store_stmt(s, SQL_HEAL_CATEGORIES);
	size_t        n = 0;
	int           rc;

	while ((rc = store_step(s, st)) == 1 && n < max) {
		col_text(st, 0, cats[n].slug, HEAL_SLUG_LEN);
		cats[n].stop_before_h = sqlite3_column_double(st, 1);
		cats[n].avoid_after_h = sqlite3_column_double(st, 2);
		cats[n].systemic = sqlite3_column_int(st, 3);
		col_text(st, 4, cats[n].name, HEAL_NAME_LEN);
		n++;
	}
	sqlite3_reset(st);
	return rc < 0 ? rc : (int)n;
}

/* The row of SQL_LAST_TREATMENT(_ANY): at, depth_mm, session_id. */
static int
get_treatment(struct store *s, sqlite3_stmt *st, struct heal_treatment *out)
{
	int rc;

	if ((rc = store_step(s, st)) >= 0) {
		memset(out, 0, sizeof(*out));
		out->at = HEAL_NONE;
	}
	if (rc == 1) {
		out->at = sqlite3_column_int64(st, 0);
		out->depth_mm = sqlite3_column_double(st, 1);
		out->session_id = sqlite3_column_int64(st, 2);
		rc = 0;
	} else if (rc == 0)
		rc = STORE_NOTFOUND;
	sqlite3_reset(st);
	return rc;
}

int
store_last_treatment(
    struct store *s, int64_t area_id, int64_t t, struct heal_treatment *out)
{
	sqlite3_stmt *st = store_stmt(s, SQL_LAST_TREATMENT);

	sqlite3_bind_int64(st, 1, area_id);
	sqlite3_bind_int64(st, 2, t);
	return get_treatment(s, st, out);
}

int
store_last_treatment_any(struct store *s, int64_t t, struct heal_treatment *out)
{
	sqlite3_stmt *st = store_stmt(s, SQL_LAST_TREATMENT_ANY);

	sqlite3_bind_int64(st, 1, t);
	return get_treatment(s, st, out);
}

int
store_device_uses(struct store *s, int64_t device_id, int64_t at, int inclusive,
    int64_t exclude_session, long long *uses, int64_t *first_used_at)
{
	sqlite3_stmt *st = store_stmt(s, SQL_DEVICE_USES);
	int           rc;

	sqlite3_bind_int64(st, 1, device_id);
	sqlite3_bind_int64(st, 2, at);
	sqlite3_bind_int(st, 3, inclusive != 0);
	sqlite3_bind_int64(st, 4, exclude_session);
	if ((rc = store_step(s, st)) != 1)
		return rc == 0 ? STORE_ERROR : rc; /* count(*) has a row */
	*uses = sqlite3_column_int64(st, 0);
	*first_used_at = sqlite3_column_type(st, 1) == SQLITE_NULL
	    ? HEAL_NONE
	    : sqlite3_column_int64(st, 1);
	sqlite3_reset(st);
	return 0;
}

/* Grow an array of n elements of size sz to hold at least want. */
static int
reserve(void **p, size_t *cap, size_t want, size_t sz)
{
	size_t ncap;
	void  *np;

	if (want <= *cap)
		return 0;
	ncap = *cap ? *cap * 2 : 16;
	while (ncap < want)
		ncap *= 2;
	if ((np = realloc(*p, ncap * sz)) == NULL)
		return -1;
	*p = np;
	*cap = ncap;
	return 0;
}

static int
read_treatments(struct store *s, const struct heal_rules *r,
    const struct heal_profile *p, int64_t area_id, int64_t now,
    struct heal_area_history *h, struct store_history_buf *buf)
{
	struct heal_treatment *t;
	sqlite3_stmt          *st;
	int                    rc;

	h->last_session_at = HEAL_NONE;
	h->last_depth_mm = 0;
	st = store_stmt(s, SQL_HEAL_LAST_TREATMENT);
	sqlite3_bind_int64(st, 1, area_id);
	sqlite3_bind_int64(st, 2, now);
	if ((rc = store_step(s, st)) < 0)
		return rc;
	if (rc == 1) {
		h->last_session_at = sqlite3_column_int64(st, 0);
		h->last_depth_mm = sqlite3_column_double(st, 1);
	}
	sqlite3_reset(st);
	if (h->last_session_at == HEAL_NONE)
		return 0;

	/* Every treatment whose interval may outlast the latest one's. */
	st = store_stmt(s, SQL_HEAL_TREATMENTS);
	sqlite3_bind_int64(st, 1, area_id);
	sqlite3_bind_int64(st, 2, h->last_session_at - heal_window(r, p));
	sqlite3_bind_int64(st, 3, now);
	while ((rc = store_step(s, st)) == 1) {
		if (reserve((void **)&buf->treatments, &buf->captreatments,
		        buf->ntreatments + 1, sizeof(*buf->treatments)) == -1) {
			log_warnx("treatments: out of memory");
			rc = STORE_ERROR;
			break;
		}
		t = &buf->treatments[buf->ntreatments++];
		memset(t, 0, sizeof(*t));
		t->at = sqlite3_column_int64(st, 0);
		t->depth_mm = sqlite3_column_double(st, 1);
		t->session_id = sqlite3_column_int64(st, 2);
	}
	sqlite3_reset(st);
	return rc;
}

/* The latest application of the product at row prods, or HEAL_NONE. */
static int
last_applied(struct store *s, sqlite3_stmt *prods, int64_t area_id, int64_t now,
    int64_t *at)
{
	sqlite3_stmt *st;

	/* A systemic product reaches every area. */
	st = store_stmt(s,
	    sqlite3_column_int(prods, 4) ? SQL_HEAL_APPLIED_ANY
	                                 : SQL_HEAL_APPLIED_AREA);
	sqlite3_bind_int64(st, 1, sqlite3_column_int64(prods, 0));
	sqlite3_bind_int64(st, 2, area_id);
	sqlite3_bind_int64(st, 3, now);
	return get_time(s, st, at);
}

static int
read_applications(struct store *s, int64_t area_id, int64_t now,
    struct store_history_buf *buf)
{
	sqlite3_stmt            *prods = store_stmt(s, SQL_HEAL_PRODUCTS);
	struct heal_application *a;
	int64_t                  at;
	int                      rc;

	/* Only products that impose a wait before a session matter. */
	while ((rc = store_step(s, prods)) == 1) {
		if ((rc = last_applied(s, prods, area_id, now, &at)) != 0)
			break;
		if (at == HEAL_NONE)
			continue;
		if (reserve((void **)&buf->applications, &buf->capapplications,
		        buf->napplications + 1,
		        sizeof(*buf->applications)) == -1) {
			log_warnx("applications: out of memory");
			rc = STORE_ERROR;
			break;
		}
		a = &buf->applications[buf->napplications++];
		memset(a, 0, sizeof(*a));
		a->at = at;
		a->product_id = sqlite3_column_int64(prods, 0);
		a->stop_before_h = sqlite3_column_double(prods, 3);
		col_text(prods, 1, a->product, sizeof(a->product));
		col_text(prods, 2, a->category, sizeof(a->category));
	}
	sqlite3_reset(prods);
	return rc;
}

/* §4 rests: the last check-in listing each condition, then the first
 * clear one after it. */
static int
read_rests(struct store *s, const struct heal_rules *r, int64_t area_id,
    int64_t now, struct heal_area_history *h)
{
	struct heal_rest *rest;
	sqlite3_stmt     *st;
	int64_t           listed;
	size_t            i;
	int               rc;

	for (i = 0; i < r->nconditions; i++) {
		if (r->conditions[i].rest_h <= 0)
			continue;
		st = store_stmt(s, SQL_HEAL_CONDITION_LISTED);
		sqlite3_bind_int64(st, 1, area_id);
		sqlite3_bind_text(
		    st, 2, r->conditions[i].slug, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, now);
		if ((rc = get_time(s, st, &listed)) != 0)
			return rc;
		if (listed == HEAL_NONE)
			continue;
		rest = &h->rests[h->nrests++];
		memset(rest, 0, sizeof(*rest));
		rest->condition = i;
		rest->last_listed = listed;
		rest->first_clear = HEAL_NONE;
		st = store_stmt(s, SQL_HEAL_FIRST_CLEAR);
		sqlite3_bind_int64(st, 1, area_id);
		sqlite3_bind_int64(st, 2, listed);
		sqlite3_bind_int64(st, 3, now);
		if ((rc = store_step(s, st)) == 1) {
			rest->first_clear = sqlite3_column_int64(st, 0);
			rest->first_clear_id = sqlite3_column_int64(st, 1);
		}
		sqlite3_reset(st);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int
read_checkins(struct store *s, const struct heal_rules *r, int64_t area_id,
    int64_t now, struct heal_area_history *h)
{
	struct heal_treatment before;
	sqlite3_stmt         *st;
	int                   rc;

	h->latest.at = HEAL_NONE;
	h->treated_before_latest = HEAL_NONE;
	st = store_stmt(s, SQL_HEAL_LATEST_CHECKIN);
	sqlite3_bind_int64(st, 1, area_id);
	sqlite3_bind_int64(st, 2, now);
	if ((rc = store_step(s, st)) <= 0)
		return rc; /* no check-in (0), or failed */
	h->latest.at = sqlite3_column_int64(st, 0);
	h->latest.redness = sqlite3_column_int(st, 1);
	h->latest.swelling = sqlite3_column_int(st, 2);
	h->latest.pain = sqlite3_column_int(st, 3);
	h->latest.infection_signs = sqlite3_column_int(st, 4);
	h->latest.conditions = (uint32_t)sqlite3_column_int64(st, 5);
	h->latest.id = sqlite3_column_int64(st, 6);
	sqlite3_reset(st);
	rc = store_last_treatment(s, area_id, h->latest.at, &before);
	if (rc != 0 && rc != STORE_NOTFOUND)
		return rc;
	h->treated_before_latest = before.at;
	h->treated_before_latest_session = before.session_id;
	return read_rests(s, r, area_id, now, h);
}

int
store_area_history(struct store *s, const struct heal_rules *r,
    const struct heal_profile *p, int64_t area_id, const char *slug,
    int64_t now, struct heal_area_history *h, struct store_history_buf *buf)
{
	int rc;

	memset(h, 0, sizeof(*h));
	snprintf(h->slug, sizeof(h->slug), "%s", slug);
	buf->ntreatments = 0;
	buf->napplications = 0;
	if ((rc = read_treatments(s, r, p, area_id, now, h, buf)) != 0 ||
	    (rc = read_applications(s, area_id, now, buf)) != 0 ||
	    (rc = read_checkins(s, r, area_id, now, h)) != 0)
		return rc;
	h->treatments = buf->treatments;
	h->ntreatments = buf->ntreatments;
	h->applications = buf->applications;
	h->napplications = buf->napplications;
	return 0;
}

void
store_history_buf_free(struct store_history_buf *buf)
{
	free(buf->treatments);
	free(buf->applications);
	memset(buf, 0, sizeof(*buf));
}

int
store_area_readiness(struct store *s, const struct heal_rules *r,
    const struct heal_profile *p, int64_t area_id, const char *slug,
    int64_t now, struct heal_readiness *out)
{
	struct store_history_buf buf = { 0 };
	struct heal_area_history h;
	int                      rc;

	rc = store_area_history(s, r, p, area_id, slug, now, &h, &buf);
	if (rc == 0)
		heal_area_readiness(r, p, &h, now, out);
	store_history_buf_free(&buf);
	return rc;
}
