/*
 * store_logs.c: the two logs of the diary besides sessions: applications
 * (a product put on one or more areas) and check-ins (how one area looks
 * and feels at one time).
 *
 * Both tables repeat a few columns of their parent in their child rows
 * (application_area.product_id and .at, checkin_condition.area_id and .at)
 * so that the readiness reads are index seeks; every insert here fills
 * them.  Lists are newest first by time, then id, and page with the
 * (time, id) of the last item served.
 */
#include "buildconf.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "jsonv.h"
#include "log.h"
#include "store.h"

/* Log a failed step (before the statement is reset) and say so. */
static int
step_failed(struct store *s, const char *what)
{
	log_warnx("%s: %s", what, sqlite3_errmsg(store_db(s)));
	return STORE_ERROR;
}

/*
 * Collect the first text column of every row of st (bound, not yet
 * stepped) into a new JSON array.  NULL on error.
 */
static json_t *
text_column(struct store *s, sqlite3_stmt *st, const char *what)
{
	json_t	*list;
	int	 rc;

	if ((list = json_array()) == NULL) {
		sqlite3_reset(st);
		return NULL;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(list,
		    json_string((const char *)sqlite3_column_text(st, 0)));
	if (rc != SQLITE_DONE) {
		step_failed(s, what);
		json_decref(list);
		list = NULL;
	}
	sqlite3_reset(st);
	return list;
}

/* The slugs of an application's areas, in the order they were given. */
static json_t *
application_areas(struct store *s, int64_t id)
{
	sqlite3_stmt	*st = store_stmt_lit(s,
	    "SELECT a.slug FROM application_area x JOIN area a "
	    "ON a.id = x.area_id WHERE x.application_id = ? ORDER BY x.pos");

	if (st == NULL)
		return NULL;
	sqlite3_bind_int64(st, 1, id);
	return text_column(s, st, "application areas");
}

/* The slugs of the conditions in a bitmask, in the order of their bits. */
static json_t *
condition_slugs(struct store *s, int64_t bits)
{
	sqlite3_stmt	*st;

	if (bits == 0)
		return json_array();
	if ((st = store_stmt_lit(s, "SELECT slug FROM condition "
	    "WHERE (?1 >> bit) & 1 ORDER BY bit")) == NULL)
		return NULL;
	sqlite3_bind_int64(st, 1, bits);
	return text_column(s, st, "check-in conditions");
}

/* Columns read by application_row(); id first, time third. */
#define APPLICATION_COLUMNS \
	"a.id, a.product_id, a.applied_at, a.notes, a.session_id "

static json_t *
application_row(struct store *s, sqlite3_stmt *st)
{
	json_t	*areas;

	if ((areas = application_areas(s, sqlite3_column_int64(st, 0))) ==
	    NULL)
		return NULL;
	return json_pack("{s:I, s:I, s:o, s:o, s:s, s:o}",
	    "id", (json_int_t)sqlite3_column_int64(st, 0),
	    "product_id", (json_int_t)sqlite3_column_int64(st, 1),
	    "areas", areas,
	    "applied_at", jv_time_json(sqlite3_column_int64(st, 2)),
	    "notes", (const char *)sqlite3_column_text(st, 3),
	    "session_id", store_col_integer(st, 4));
}

/* Columns read by checkin_row(); id first, time third. */
#define CHECKIN_COLUMNS \
	"c.id, ar.slug, c.at, c.redness, c.swelling, c.pain, " \
	"c.infection_signs, c.conditions, c.notes "

static json_t *
checkin_row(struct store *s, sqlite3_stmt *st)
{
	json_t	*conds;

	if ((conds = condition_slugs(s, sqlite3_column_int64(st, 7))) == NULL)
		return NULL;
	return json_pack("{s:I, s:s, s:o, s:i, s:i, s:i, s:b, s:o, s:s}",
	    "id", (json_int_t)sqlite3_column_int64(st, 0),
	    "area", (const char *)sqlite3_column_text(st, 1),
	    "at", jv_time_json(sqlite3_column_int64(st, 2)),
	    "redness", sqlite3_column_int(st, 3),
	    "swelling", sqlite3_column_int(st, 4),
	    "pain", sqlite3_column_int(st, 5),
	    "infection_signs", sqlite3_column_int(st, 6),
	    "conditions", conds,
	    "notes", (const char *)sqlite3_column_text(st, 8));
}

/* The one row of st (bound, not yet stepped) as JSON, or NULL. */
static json_t *
one_row(struct store *s, sqlite3_stmt *st,
    json_t *(*row)(struct store *, sqlite3_stmt *), const char *what)
{
	json_t	*o = NULL;
	int	 rc;

	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		o = row(s, st);
	else if (rc != SQLITE_DONE)
		step_failed(s, what);
	sqlite3_reset(st);
	return o;
}

/* Bind the time window, cursor and limit: ?1 .. ?5 of a list query. */
static void
bind_query(sqlite3_stmt *st, const struct store_filter *q)
{
	sqlite3_bind_int64(st, 1, q->since);
	sqlite3_bind_int64(st, 2, q->until);
	/* No cursor: before everything. */
	sqlite3_bind_int64(st, 3,
	    q->has_cursor ? q->cursor_time : INT64_MAX);
	sqlite3_bind_int64(st, 4,
	    q->has_cursor ? q->cursor_id : INT64_MAX);
	sqlite3_bind_int64(st, 5, q->limit + 1);
}

/*
 * Run a list query st (NULL: a failed prepare) with bind_query()'s ?1 ..
 * ?5, and the area as ?6 when q->area_id is set.  It selects limit + 1
 * rows, time in column 2 and id in column 0; up to q->limit of them come
 * back as a JSON array.  NULL on error.
 */
static json_t *
page_rows(struct store *s, sqlite3_stmt *st, const struct store_filter *q,
    json_t *(*row)(struct store *, sqlite3_stmt *), const char *what,
    int *more, int64_t *last_time, int64_t *last_id)
{
	json_t		*list, *o;
	long long	 n = 0;
	int		 rc;

	if (st == NULL)
		return NULL;
	bind_query(st, q);
	if (q->area_id != 0)
		sqlite3_bind_int64(st, 6, q->area_id);
	*more = 0;
	if ((list = json_array()) == NULL) {
		sqlite3_reset(st);
		return NULL;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n++ == q->limit) {
			*more = 1;
			break;
		}
		if ((o = row(s, st)) == NULL ||
		    json_array_append_new(list, o) != 0) {
			rc = SQLITE_NOMEM;
			break;
		}
		*last_time = sqlite3_column_int64(st, 2);
		*last_id = sqlite3_column_int64(st, 0);
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		if (rc != SQLITE_NOMEM)
			step_failed(s, what);
		json_decref(list);
		list = NULL;
	}
	sqlite3_reset(st);
	return list;
}

/*
 * Step an INSERT.  The API checked every reference before, so a
 * constraint failure here is a bug or a race: log it too.
 */
static int
insert_step(struct store *s, sqlite3_stmt *st, const char *what)
{
	int	rc;

	if ((rc = store_exec_stmt(s, st)) == STORE_CONFLICT)
		log_warnx("%s: %s", what, sqlite3_errmsg(store_db(s)));
	return rc;
}

json_t *
store_application_json(struct store *s, int64_t id)
{
	sqlite3_stmt	*st = store_stmt_lit(s, "SELECT " APPLICATION_COLUMNS
	    "FROM application a WHERE a.id = ? AND a.profile_id = 1");

	if (st == NULL)
		return NULL;
	sqlite3_bind_int64(st, 1, id);
	return one_row(s, st, application_row, "application");
}

json_t *
store_application_list(struct store *s, const struct store_filter *q,
    int *more, int64_t *last_time, int64_t *last_id)
{
	sqlite3_stmt	*st;

	/*
	 * With an area, walk application_area's (area_id, at) index (its
	 * primary key adds application_id), else application's own.
	 */
	if (q->area_id != 0)
		st = store_stmt_lit(s, "SELECT " APPLICATION_COLUMNS
		    "FROM application_area x "
		    "JOIN application a ON a.id = x.application_id "
		    "WHERE x.area_id = ?6 AND x.at >= ?1 AND x.at <= ?2 "
		    "AND (x.at, x.application_id) < (?3, ?4) "
		    "ORDER BY x.at DESC, x.application_id DESC LIMIT ?5");
	else
		st = store_stmt_lit(s, "SELECT " APPLICATION_COLUMNS
		    "FROM application a WHERE a.profile_id = 1 "
		    "AND a.applied_at >= ?1 AND a.applied_at <= ?2 "
		    "AND (a.applied_at, a.id) < (?3, ?4) "
		    "ORDER BY a.applied_at DESC, a.id DESC LIMIT ?5");
	return page_rows(s, st, q, application_row, "applications", more,
	    last_time, last_id);
}

int64_t
store_application_insert(struct store *s, int64_t session_id,
    int64_t product_id, const int64_t *area_ids, size_t nareas,
    int64_t applied_at, const char *notes)
{
	sqlite3_stmt	*st = store_stmt_lit(s,
	    "INSERT INTO application (profile_id, product_id, session_id, "
	    "applied_at, notes) VALUES (1, ?, ?, ?, ?)");
	int64_t		 id;
	size_t		 i;
	int		 rc;

	if (st == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(st, 1, product_id);
	if (session_id > 0)
		sqlite3_bind_int64(st, 2, session_id);
	sqlite3_bind_int64(st, 3, applied_at);
	sqlite3_bind_text(st, 4, notes, -1, SQLITE_STATIC);
	if ((rc = insert_step(s, st, "application")) != 0)
		return rc;
	id = sqlite3_last_insert_rowid(store_db(s));
	for (i = 0; i < nareas; i++) {
		if ((st = store_stmt_lit(s, "INSERT INTO application_area "
		    "(application_id, area_id, pos, product_id, at) "
		    "VALUES (?, ?, ?, ?, ?)")) == NULL)
			return STORE_ERROR;
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, area_ids[i]);
		sqlite3_bind_int64(st, 3, (sqlite3_int64)i);
		sqlite3_bind_int64(st, 4, product_id);
		sqlite3_bind_int64(st, 5, applied_at);
		if ((rc = insert_step(s, st, "application area")) != 0)
			return rc;
	}
	return id;
}

int
store_application_delete(struct store *s, int64_t id)
{
	/* application_area rows go with it (ON DELETE CASCADE). */
	return store_delete_row(s, store_stmt_lit(s, "DELETE FROM application "
	    "WHERE id = ? AND profile_id = 1"), id);
}

json_t *
store_checkin_json(struct store *s, int64_t id)
{
	sqlite3_stmt	*st = store_stmt_lit(s, "SELECT " CHECKIN_COLUMNS
	    "FROM checkin c JOIN area ar ON ar.id = c.area_id "
	    "WHERE c.id = ? AND c.profile_id = 1");

	if (st == NULL)
		return NULL;
	sqlite3_bind_int64(st, 1, id);
	return one_row(s, st, checkin_row, "check-in");
}

json_t *
store_checkin_list(struct store *s, const struct store_filter *q,
    int *more, int64_t *last_time, int64_t *last_id)
{
	sqlite3_stmt	*st;

	if (q->area_id != 0)
		st = store_stmt_lit(s, "SELECT " CHECKIN_COLUMNS
		    "FROM checkin c JOIN area ar ON ar.id = c.area_id "
		    "WHERE c.area_id = ?6 AND c.at >= ?1 AND c.at <= ?2 "
		    "AND (c.at, c.id) < (?3, ?4) "
		    "ORDER BY c.at DESC, c.id DESC LIMIT ?5");
	else
		st = store_stmt_lit(s, "SELECT " CHECKIN_COLUMNS
		    "FROM checkin c JOIN area ar ON ar.id = c.area_id "
		    "WHERE c.profile_id = 1 AND c.at >= ?1 AND c.at <= ?2 "
		    "AND (c.at, c.id) < (?3, ?4) "
		    "ORDER BY c.at DESC, c.id DESC LIMIT ?5");
	return page_rows(s, st, q, checkin_row, "check-ins", more, last_time,
	    last_id);
}

int64_t
store_checkin_insert(struct store *s, int64_t area_id,
    const struct heal_checkin *c, const char *notes)
{
	sqlite3_stmt	*st = store_stmt_lit(s,
	    "INSERT INTO checkin (profile_id, area_id, at, redness, "
	    "swelling, pain, infection_signs, conditions, notes) "
	    "VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?)");
	int64_t		 id;
	int		 rc;

	if (st == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(st, 1, area_id);
	sqlite3_bind_int64(st, 2, c->at);
	sqlite3_bind_int(st, 3, c->redness);
	sqlite3_bind_int(st, 4, c->swelling);
	sqlite3_bind_int(st, 5, c->pain);
	sqlite3_bind_int(st, 6, c->infection_signs != 0);
	sqlite3_bind_int64(st, 7, (sqlite3_int64)c->conditions);
	sqlite3_bind_text(st, 8, notes, -1, SQLITE_STATIC);
	if ((rc = insert_step(s, st, "check-in")) != 0)
		return rc;
	id = sqlite3_last_insert_rowid(store_db(s));
	if (c->conditions == 0)
		return id;
	/* One checkin_condition row per bit set, named by the table. */
	if ((st = store_stmt_lit(s, "INSERT INTO checkin_condition "
	    "(checkin_id, area_id, condition, at) "
	    "SELECT ?1, ?2, slug, ?3 FROM condition "
	    "WHERE (?4 >> bit) & 1")) == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, area_id);
	sqlite3_bind_int64(st, 3, c->at);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)c->conditions);
	if ((rc = insert_step(s, st, "check-in condition")) != 0)
		return rc;
	return id;
}

int
store_checkin_delete(struct store *s, int64_t id)
{
	/* checkin_condition rows go with it (ON DELETE CASCADE). */
	return store_delete_row(s, store_stmt_lit(s, "DELETE FROM checkin "
	    "WHERE id = ? AND profile_id = 1"), id);
}
