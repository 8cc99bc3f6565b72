/*
 * store_sessions.c: sessions, their treatments and the applications of the
 * products they list.
 *
 * treatment repeats its session's started_at (as at), so that the
 * readiness reads and the list filtered by area are index seeks on
 * (area, time); every writer here keeps it equal.
 */
#include "buildconf.h"

#include <stdio.h>
#include <string.h>

#include "jsonv.h"
#include "log.h"
#include "store.h"

int
store_session_device(
    struct store *s, int64_t id, struct store_session_device *d)
{
	sqlite3_stmt *st = store_stmt(s, SQL_SESSION_DEVICE);
	int           rc;

	sqlite3_bind_int64(st, 1, id);
	if ((rc = store_step(s, st)) != 1)
		return rc == 0 ? STORE_NOTFOUND : rc;
	memset(d, 0, sizeof(*d));
	d->id = id;
	snprintf(d->name, sizeof(d->name), "%s", sqlite3_column_text(st, 0));
	snprintf(d->kind, sizeof(d->kind), "%s", sqlite3_column_text(st, 1));
	d->fixed_length = sqlite3_column_int(st, 2);
	d->single_use_cartridge = sqlite3_column_int(st, 3);
	d->needle_length_mm = sqlite3_column_type(st, 4) == SQLITE_NULL
	    ? 0
	    : sqlite3_column_double(st, 4);
	d->max_uses = sqlite3_column_type(st, 5) == SQLITE_NULL
	    ? -1
	    : sqlite3_column_int64(st, 5);
	d->max_age_days = sqlite3_column_type(st, 6) == SQLITE_NULL
	    ? -1
	    : sqlite3_column_int64(st, 6);
	sqlite3_reset(st);
	return 0;
}

int64_t
store_session_put(struct store *s, int64_t id, int64_t started_at,
    const char *setting, int64_t device_id, int new_cartridge,
    const char *notes)
{
	sqlite3_stmt *st;
	int           rc;

	st = store_stmt(s, id == 0 ? SQL_SESSION_INSERT : SQL_SESSION_UPDATE);
	sqlite3_bind_int64(st, 1, started_at);
	sqlite3_bind_text(st, 2, setting, -1, SQLITE_STATIC);
	if (device_id > 0)
		sqlite3_bind_int64(st, 3, device_id);
	if (new_cartridge >= 0)
		sqlite3_bind_int(st, 4, new_cartridge);
	sqlite3_bind_text(st, 5, notes, -1, SQLITE_STATIC);
	if (id != 0)
		sqlite3_bind_int64(st, 6, id);
	if ((rc = store_exec_stmt(s, st)) != 0)
		return rc;
	if (id != 0)
		return sqlite3_changes(store_db(s)) == 0 ? STORE_NOTFOUND : id;
	return sqlite3_last_insert_rowid(store_db(s));
}

int
store_session_clear(struct store *s, int64_t id)
{
	sqlite3_stmt *st;
	int           rc;

	st = store_stmt(s, SQL_SESSION_CLEAR_TREATMENTS);
	sqlite3_bind_int64(st, 1, id);
	if ((rc = store_exec_stmt(s, st)) != 0)
		return rc;
	st = store_stmt(s, SQL_SESSION_CLEAR_APPLICATIONS);
	sqlite3_bind_int64(st, 1, id);
	return store_exec_stmt(s, st);
}

int
store_treatment_insert(struct store *s, int64_t session_id, int64_t area_id,
    int pos, int64_t at, double depth_mm, long long passes)
{
	sqlite3_stmt *st = store_stmt(s, SQL_TREATMENT_INSERT);

	sqlite3_bind_int64(st, 1, session_id);
	sqlite3_bind_int64(st, 2, area_id);
	sqlite3_bind_int(st, 3, pos);
	sqlite3_bind_int64(st, 4, at);
	sqlite3_bind_double(st, 5, depth_mm);
	if (passes > 0)
		sqlite3_bind_int64(st, 6, passes);
	return store_exec_stmt(s, st);
}

int
store_session_delete(struct store *s, int64_t id)
{
	/* Its treatments and applications go with it (ON DELETE CASCADE). */
	return store_delete_row(s, store_stmt(s, SQL_SESSION_DELETE), id);
}

/* A row of SQL_SESSION_TREATMENTS as its JSON item. */
static json_t *
treatment_item(sqlite3_stmt *st)
{
	return json_pack("{s:s, s:o, s:o}", "area",
	    (const char *)sqlite3_column_text(st, 0), "depth_mm",
	    jv_number(sqlite3_column_double(st, 1)), "passes",
	    store_col_integer(st, 2));
}

/* A row of SQL_SESSION_PRODUCTS as its JSON item. */
static json_t *
product_item(sqlite3_stmt *st)
{
	return json_pack("{s:I, s:I}", "product_id",
	    (json_int_t)sqlite3_column_int64(st, 0), "application_id",
	    (json_int_t)sqlite3_column_int64(st, 1));
}

/*
 * The rows of a session's child statement as a new JSON array; NULL on
 * failure (logged).
 */
static json_t *
child_rows(struct store *s, enum store_sql which, int64_t id,
    json_t *(*item)(sqlite3_stmt *))
{
	sqlite3_stmt *st = store_stmt(s, which);
	json_t       *list;
	int           rc;

	if ((list = json_array()) == NULL)
		return NULL;
	sqlite3_bind_int64(st, 1, id);
	while ((rc = store_step(s, st)) == 1)
		if (json_array_append_new(list, item(st)) != 0) {
			rc = STORE_ERROR;
			break;
		}
	sqlite3_reset(st);
	if (rc != 0) {
		json_decref(list);
		return NULL;
	}
	return list;
}

/* A row of SQL_SESSION_GET or _LIST (SESSION_COLUMNS of store_sql.c). */
static json_t *
session_row(struct store *s, sqlite3_stmt *st, const struct store_query *q)
{
	int64_t id = sqlite3_column_int64(st, 0);
	json_t *treatments, *products;

	(void)q;
	if ((treatments = child_rows(
	         s, SQL_SESSION_TREATMENTS, id, treatment_item)) == NULL)
		return NULL;
	if ((products = child_rows(
	         s, SQL_SESSION_PRODUCTS, id, product_item)) == NULL) {
		json_decref(treatments);
		return NULL;
	}
	/* notes after the lists, as in API.md's example. */
	return json_pack("{s:I, s:o, s:s, s:o, s:o, s:o, s:o, s:s}", "id",
	    (json_int_t)id, "started_at",
	    jv_time_json(sqlite3_column_int64(st, 1)), "setting",
	    (const char *)sqlite3_column_text(st, 2), "device_id",
	    store_col_integer(st, 3), "new_cartridge",
	    sqlite3_column_type(st, 4) == SQLITE_NULL
	        ? json_null()
	        : json_boolean(sqlite3_column_int(st, 4)),
	    "treatments", treatments, "products", products, "notes",
	    (const char *)sqlite3_column_text(st, 5));
}

/*
 * With an area, the list walks treatment's (area_id, at) index: a
 * session treats an area at most once, and at is its started_at.
 */
const struct store_list store_session_list = {
	.what = "sessions",
	.sql = SQL_SESSION_LIST,
	.sql_area = SQL_SESSION_LIST_AREA,
	.timed = 1,
	.idcol = 0,
	.timecol = 1,
	.row = session_row,
};

int
store_session_json(struct store *s, int64_t id, json_t **out)
{
	sqlite3_stmt *st = store_stmt(s, SQL_SESSION_GET);

	sqlite3_bind_int64(st, 1, id);
	return store_get_json(s, st, session_row, NULL, out);
}
