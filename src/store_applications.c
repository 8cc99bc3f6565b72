/*
 * store_applications.c: applications, a product put on one or more areas
 * at one time.
 *
 * application_area repeats the application's product_id and time (as
 * at), so that the readiness reads (store_heal.c) are index seeks;
 * store_application_insert() fills them.  The list is newest first by
 * time, then id, and pages with the (time, id) of the last item served.
 */
#include "buildconf.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "jsonv.h"
#include "log.h"
#include "store.h"

/*
 * The slugs of an application's areas, in the order they were given, as
 * a new JSON array; NULL on failure (logged).
 */
static json_t *
application_areas(struct store *s, int64_t id)
{
	sqlite3_stmt *st;
	json_t       *list;
	int           rc;

	if ((list = json_array()) == NULL)
		return NULL;
	st = store_stmt(s, SQL_APPLICATION_AREAS);
	sqlite3_bind_int64(st, 1, id);
	while ((rc = store_step(s, st)) == 1)
		if (json_array_append_new(list,
		        json_string(
		            (const char *)sqlite3_column_text(st, 0))) != 0) {
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

/* A row of SQL_APPLICATION_GET or _LIST (APPLICATION_COLUMNS). */
static json_t *
application_row(struct store *s, sqlite3_stmt *st, const struct store_query *q)
{
	json_t *areas;

	(void)q;
	if ((areas = application_areas(s, sqlite3_column_int64(st, 0))) == NULL)
		return NULL;
	return json_pack("{s:I, s:I, s:o, s:o, s:s, s:o}", "id",
	    (json_int_t)sqlite3_column_int64(st, 0), "product_id",
	    (json_int_t)sqlite3_column_int64(st, 1), "areas", areas,
	    "applied_at", jv_time_json(sqlite3_column_int64(st, 2)), "notes",
	    (const char *)sqlite3_column_text(st, 3), "session_id",
	    store_col_integer(st, 4));
}

/*
 * With an area, the list walks application_area's (area_id, at) index,
 * else application's own.
 */
const struct store_list store_application_list = {
	.what = "applications",
	.sql = SQL_APPLICATION_LIST,
	.sql_area = SQL_APPLICATION_LIST_AREA,
	.timed = 1,
	.idcol = 0,
	.timecol = 2,
	.row = application_row,
};

int
store_application_json(struct store *s, int64_t id, json_t **out)
{
	sqlite3_stmt *st = store_stmt(s, SQL_APPLICATION_GET);

	sqlite3_bind_int64(st, 1, id);
	return store_get_json(s, st, application_row, NULL, out);
}

/* The application_area rows of application id: 0 or a STORE_ code. */
static int
application_areas_put(struct store *s, int64_t id, int64_t product_id,
    const int64_t *area_ids, size_t nareas, int64_t applied_at)
{
	sqlite3_stmt *st;
	size_t        i;
	int           rc;

	for (i = 0; i < nareas; i++) {
		st = store_stmt(s, SQL_APPLICATION_AREA_INSERT);
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, area_ids[i]);
		sqlite3_bind_int64(st, 3, (sqlite3_int64)i);
		sqlite3_bind_int64(st, 4, product_id);
		sqlite3_bind_int64(st, 5, applied_at);
		if ((rc = store_exec_stmt(s, st)) != 0)
			return rc;
	}
	return 0;
}

int64_t
store_application_insert(struct store *s, int64_t session_id,
    int64_t product_id, const int64_t *area_ids, size_t nareas,
    int64_t applied_at, const char *notes)
{
	sqlite3_stmt *st = store_stmt(s, SQL_APPLICATION_INSERT);
	int64_t       id;
	int           rc;

	sqlite3_bind_int64(st, 1, product_id);
	if (session_id > 0)
		sqlite3_bind_int64(st, 2, session_id);
	sqlite3_bind_int64(st, 3, applied_at);
	sqlite3_bind_text(st, 4, notes, -1, SQLITE_STATIC);
	if ((rc = store_exec_stmt(s, st)) != 0)
		return rc;
	id = sqlite3_last_insert_rowid(store_db(s));
	if ((rc = application_areas_put(
	         s, id, product_id, area_ids, nareas, applied_at)) != 0)
		return rc;
	return id;
}

int
store_application_update(struct store *s, int64_t id, int64_t product_id,
    const int64_t *area_ids, size_t nareas, int64_t applied_at,
    const char *notes)
{
	sqlite3_stmt *st = store_stmt(s, SQL_APPLICATION_UPDATE);
	int           rc;

	sqlite3_bind_int64(st, 1, product_id);
	sqlite3_bind_int64(st, 2, applied_at);
	sqlite3_bind_text(st, 3, notes, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, id);
	if ((rc = store_exec_stmt(s, st)) != 0)
		return rc;
	if (sqlite3_changes(store_db(s)) == 0)
		return STORE_NOTFOUND;
	st = store_stmt(s, SQL_APPLICATION_CLEAR_AREAS);
	sqlite3_bind_int64(st, 1, id);
	if ((rc = store_exec_stmt(s, st)) != 0)
		return rc;
	return application_areas_put(
	    s, id, product_id, area_ids, nareas, applied_at);
}

int
store_application_session(struct store *s, int64_t id, int64_t *session_id)
{
	sqlite3_stmt *st = store_stmt(s, SQL_APPLICATION_SESSION);

	sqlite3_bind_int64(st, 1, id);
	return store_get_int(s, st, session_id);
}

int
store_application_delete(struct store *s, int64_t id)
{
	int64_t sid = 0;
	int     rc;

	/* A session's own products go with the session (or its PATCH). */
	if ((rc = store_application_session(s, id, &sid)) != 0 &&
	    rc != STORE_NOTFOUND)
		return rc;
	if (sid > 0)
		return STORE_CONFLICT;
	/* application_area rows go with it (ON DELETE CASCADE). */
	return store_delete_row(s, store_stmt(s, SQL_APPLICATION_DELETE), id);
}
