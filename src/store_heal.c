/*
 * store_heal.c: what the healing engine reads, and nothing more.
 *
 * Every read here is an index seek on (area, time) or (area, product,
 * time), so the cost of an area's readiness grows with the number of
 * products and conditions, never with the length of the history.
 */
#include "buildconf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "store.h"

static int
sql_failed(struct store *s, const char *what)
{
	log_warnx("%s: %s", what, sqlite3_errmsg(store_db(s)));
	return STORE_ERROR;
}

int
store_load_rules(struct store *s, struct heal_rules *r,
    struct heal_profile *p)
{
	sqlite3_stmt	*st;
	int		 rc, bit;

	memset(r, 0, sizeof(*r));
	if ((st = store_stmt_lit(s, "SELECT max_depth_mm, interval_h "
	    "FROM interval_band ORDER BY max_depth_mm")) == NULL)
		return STORE_ERROR;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW &&
	    r->nbands < HEAL_MAX_BANDS) {
		r->bands[r->nbands].max_depth_mm = sqlite3_column_double(st, 0);
		r->bands[r->nbands].interval_h = sqlite3_column_double(st, 1);
		r->nbands++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sql_failed(s, "interval bands");

	if ((st = store_stmt_lit(s, "SELECT skin_factor, sensitive_fitzpatrick, "
	    "pigment_depth_mm, prolonged_h, clinician_h FROM rules "
	    "WHERE id = 1")) == NULL)
		return STORE_ERROR;
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return sql_failed(s, "rules");
	}
	r->skin_factor = sqlite3_column_double(st, 0);
	r->sensitive_fitzpatrick = sqlite3_column_int(st, 1);
	r->pigment_depth_mm = sqlite3_column_double(st, 2);
	r->prolonged_h = sqlite3_column_double(st, 3);
	r->clinician_h = sqlite3_column_double(st, 4);
	sqlite3_reset(st);

	/* Condition i of the rules is bit i of checkin.conditions. */
	if ((st = store_stmt_lit(s, "SELECT bit, slug, rest_h FROM condition "
	    "ORDER BY bit")) == NULL)
		return STORE_ERROR;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		bit = sqlite3_column_int(st, 0);
		if (bit < 0 || bit >= HEAL_MAX_CONDITIONS)
			continue;
		snprintf(r->conditions[bit].slug, HEAL_SLUG_LEN, "%s",
		    sqlite3_column_text(st, 1));
		r->conditions[bit].rest_h = sqlite3_column_double(st, 2);
		if ((size_t)bit + 1 > r->nconditions)
			r->nconditions = (size_t)bit + 1;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return sql_failed(s, "conditions");

	if (p == NULL)
		return 0;
	memset(p, 0, sizeof(*p));
	if ((st = store_stmt_lit(s, "SELECT coalesce(fitzpatrick, 0), sensitive, "
	    "melasma FROM profile WHERE id = 1")) == NULL)
		return STORE_ERROR;
	if (sqlite3_step(st) == SQLITE_ROW) {
		p->fitzpatrick = sqlite3_column_int(st, 0);
		p->sensitive = sqlite3_column_int(st, 1);
		p->melasma = sqlite3_column_int(st, 2);
	}
	sqlite3_reset(st);
	return 0;
}

int
store_load_categories(struct store *s, struct heal_category *cats,
    size_t max)
{
	sqlite3_stmt	*st;
	size_t		 n = 0;
	int		 rc;

	if ((st = store_stmt_lit(s, "SELECT slug, stop_before_h, avoid_after_h, "
	    "systemic FROM product_category ORDER BY id")) == NULL)
		return STORE_ERROR;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < max) {
		snprintf(cats[n].slug, HEAL_SLUG_LEN, "%s",
		    sqlite3_column_text(st, 0));
		cats[n].stop_before_h = sqlite3_column_double(st, 1);
		cats[n].avoid_after_h = sqlite3_column_double(st, 2);
		cats[n].systemic = sqlite3_column_int(st, 3);
		n++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return sql_failed(s, "categories");
	return (int)n;
}

int
store_product_info(struct store *s, int64_t id, struct store_product_info *pi)
{
	sqlite3_stmt	*st;
	int		 rc;

	if ((st = store_stmt_lit(s, "SELECT p.name, c.slug, "
	    "coalesce(p.stop_before_h, c.stop_before_h), "
	    "coalesce(p.avoid_after_h, c.avoid_after_h), c.systemic "
	    "FROM product p JOIN product_category c ON c.id = p.category_id "
	    "WHERE p.id = ?")) == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
		sqlite3_reset(st);
		return rc == SQLITE_DONE ? STORE_NOTFOUND :
		    sql_failed(s, "product");
	}
	memset(pi, 0, sizeof(*pi));
	pi->id = id;
	snprintf(pi->name, sizeof(pi->name), "%s", sqlite3_column_text(st, 0));
	snprintf(pi->category, sizeof(pi->category), "%s",
	    sqlite3_column_text(st, 1));
	pi->stop_before_h = sqlite3_column_double(st, 2);
	pi->avoid_after_h = sqlite3_column_double(st, 3);
	pi->systemic = sqlite3_column_int(st, 4);
	sqlite3_reset(st);
	return 0;
}

int64_t
store_last_treated(struct store *s, int64_t area_id, int64_t t)
{
	sqlite3_stmt	*st = store_stmt_lit(s, "SELECT max(at) FROM treatment "
	    "WHERE area_id = ? AND at <= ?");

	if (st == NULL)
		return HEAL_NONE;
	sqlite3_bind_int64(st, 1, area_id);
	sqlite3_bind_int64(st, 2, t);
	return store_int(s, st, HEAL_NONE);
}

int
store_device_uses(struct store *s, int64_t device_id, int64_t at,
    int inclusive, int64_t exclude_session, long long *uses,
    int64_t *first_used_at)
{
	sqlite3_stmt	*st = store_stmt_lit(s, "SELECT count(*), min(started_at) "
	    "FROM session WHERE device_id = ?1 AND id != ?4 AND "
	    "(started_at < ?2 OR (?3 AND started_at = ?2))");
	int		 rc;

	if (st == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(st, 1, device_id);
	sqlite3_bind_int64(st, 2, at);
	sqlite3_bind_int(st, 3, inclusive != 0);
	sqlite3_bind_int64(st, 4, exclude_session);
	if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
		sqlite3_reset(st);
		return sql_failed(s, "device uses");
	}
	*uses = sqlite3_column_int64(st, 0);
	*first_used_at = sqlite3_column_type(st, 1) == SQLITE_NULL ? HEAL_NONE :
	    sqlite3_column_int64(st, 1);
	sqlite3_reset(st);
	return 0;
}

/* Grow an array of n elements of size sz to hold at least want. */
static int
reserve(void **p, size_t *cap, size_t want, size_t sz)
{
	size_t	 ncap;
	void	*np;

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
	sqlite3_stmt	*st;
	int		 rc;

	h->last_session_at = HEAL_NONE;
	h->last_depth_mm = 0;
	if ((st = store_stmt_lit(s, "SELECT at, depth_mm FROM treatment "
	    "WHERE area_id = ? AND at <= ? ORDER BY at DESC LIMIT 1")) == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(st, 1, area_id);
	sqlite3_bind_int64(st, 2, now);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		h->last_session_at = sqlite3_column_int64(st, 0);
		h->last_depth_mm = sqlite3_column_double(st, 1);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sql_failed(s, "treatments");
	if (h->last_session_at == HEAL_NONE)
		return 0;

	/* Every treatment whose interval may outlast the latest one's. */
	if ((st = store_stmt_lit(s, "SELECT at, depth_mm FROM treatment "
	    "WHERE area_id = ? AND at > ? AND at <= ?")) == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(st, 1, area_id);
	sqlite3_bind_int64(st, 2, h->last_session_at - heal_window(r, p));
	sqlite3_bind_int64(st, 3, now);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (reserve((void **)&buf->treatments, &buf->captreatments,
		    buf->ntreatments + 1, sizeof(*buf->treatments)) == -1) {
			sqlite3_reset(st);
			return STORE_ERROR;
		}
		buf->treatments[buf->ntreatments].at =
		    sqlite3_column_int64(st, 0);
		buf->treatments[buf->ntreatments].depth_mm =
		    sqlite3_column_double(st, 1);
		buf->ntreatments++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return sql_failed(s, "treatments");
	return 0;
}

static int
read_applications(struct store *s, int64_t area_id, int64_t now,
    struct store_history_buf *buf)
{
	sqlite3_stmt	*prods, *st;
	int		 rc;

	/* Only products that impose a wait before a session matter. */
	if ((prods = store_stmt_lit(s, "SELECT p.id, p.name, c.slug, "
	    "coalesce(p.stop_before_h, c.stop_before_h), c.systemic "
	    "FROM product p JOIN product_category c ON c.id = p.category_id "
	    "WHERE coalesce(p.stop_before_h, c.stop_before_h) > 0")) == NULL)
		return STORE_ERROR;
	while ((rc = sqlite3_step(prods)) == SQLITE_ROW) {
		int64_t	at;

		if (sqlite3_column_int(prods, 4))
			st = store_stmt_lit(s, "SELECT max(applied_at) FROM "
			    "application WHERE product_id = ?1 AND "
			    "applied_at <= ?3");
		else
			st = store_stmt_lit(s, "SELECT max(at) FROM "
			    "application_area WHERE area_id = ?2 AND "
			    "product_id = ?1 AND at <= ?3");
		if (st == NULL)
			break;
		sqlite3_bind_int64(st, 1, sqlite3_column_int64(prods, 0));
		sqlite3_bind_int64(st, 2, area_id);
		sqlite3_bind_int64(st, 3, now);
		if ((at = store_int(s, st, HEAL_NONE)) == HEAL_NONE)
			continue;
		if (reserve((void **)&buf->applications, &buf->capapplications,
		    buf->napplications + 1, sizeof(*buf->applications)) == -1)
			break;
		{
			struct heal_application *a =
			    &buf->applications[buf->napplications++];

			a->at = at;
			a->stop_before_h = sqlite3_column_double(prods, 3);
			snprintf(a->product, sizeof(a->product), "%s",
			    sqlite3_column_text(prods, 1));
			snprintf(a->category, sizeof(a->category), "%s",
			    sqlite3_column_text(prods, 2));
		}
	}
	sqlite3_reset(prods);
	if (rc != SQLITE_DONE)
		return sql_failed(s, "applications");
	return 0;
}

static int
read_checkins(struct store *s, const struct heal_rules *r, int64_t area_id,
    int64_t now, struct heal_area_history *h)
{
	sqlite3_stmt	*st;
	size_t		 i;
	int		 rc;

	h->latest.at = HEAL_NONE;
	h->treated_before_latest = HEAL_NONE;
	if ((st = store_stmt_lit(s, "SELECT at, redness, swelling, pain, "
	    "infection_signs, conditions FROM checkin WHERE area_id = ? AND "
	    "at <= ? ORDER BY at DESC, id DESC LIMIT 1")) == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(st, 1, area_id);
	sqlite3_bind_int64(st, 2, now);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		h->latest.at = sqlite3_column_int64(st, 0);
		h->latest.redness = sqlite3_column_int(st, 1);
		h->latest.swelling = sqlite3_column_int(st, 2);
		h->latest.pain = sqlite3_column_int(st, 3);
		h->latest.infection_signs = sqlite3_column_int(st, 4);
		h->latest.conditions = (uint32_t)sqlite3_column_int64(st, 5);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sql_failed(s, "check-ins");
	if (h->latest.at == HEAL_NONE)
		return 0;
	h->treated_before_latest = store_last_treated(s, area_id,
	    h->latest.at);

	/* §4 rests: the last check-in listing the condition, then the first
	 * clear one after it. */
	for (i = 0; i < r->nconditions; i++) {
		struct heal_rest	*rest;
		int64_t			 listed;

		if (r->conditions[i].rest_h <= 0)
			continue;
		if ((st = store_stmt_lit(s, "SELECT max(at) FROM checkin_condition "
		    "WHERE area_id = ? AND condition = ? AND at <= ?")) == NULL)
			return STORE_ERROR;
		sqlite3_bind_int64(st, 1, area_id);
		sqlite3_bind_text(st, 2, r->conditions[i].slug, -1,
		    SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, now);
		if ((listed = store_int(s, st, HEAL_NONE)) == HEAL_NONE)
			continue;
		rest = &h->rests[h->nrests++];
		rest->condition = i;
		rest->last_listed = listed;
		if ((st = store_stmt_lit(s, "SELECT min(at) FROM checkin "
		    "WHERE area_id = ? AND clear = 1 AND at > ? AND at <= ?")) ==
		    NULL)
			return STORE_ERROR;
		sqlite3_bind_int64(st, 1, area_id);
		sqlite3_bind_int64(st, 2, listed);
		sqlite3_bind_int64(st, 3, now);
		rest->first_clear = store_int(s, st, HEAL_NONE);
	}
	return 0;
}

int
store_area_history(struct store *s, const struct heal_rules *r,
    const struct heal_profile *p, int64_t area_id, const char *slug,
    int64_t now, struct heal_area_history *h, struct store_history_buf *buf)
{
	uint64_t	errors = store_errors(s);
	int		rc;

	memset(h, 0, sizeof(*h));
	snprintf(h->slug, sizeof(h->slug), "%s", slug);
	buf->ntreatments = 0;
	buf->napplications = 0;
	if ((rc = read_treatments(s, r, p, area_id, now, h, buf)) != 0 ||
	    (rc = read_applications(s, area_id, now, buf)) != 0 ||
	    (rc = read_checkins(s, r, area_id, now, h)) != 0)
		return rc;
	if (store_errors(s) != errors)
		return STORE_ERROR;
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
	struct store_history_buf	 buf = { 0 };
	struct heal_area_history	 h;
	int				 rc;

	rc = store_area_history(s, r, p, area_id, slug, now, &h, &buf);
	if (rc == 0)
		heal_area_readiness(r, p, &h, now, out);
	store_history_buf_free(&buf);
	return rc;
}
