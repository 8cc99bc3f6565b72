/*
 * store_checkins.c: check-ins, how one area looks and feels at one time.
 *
 * checkin_condition repeats the check-in's area_id and at, so that the
 * readiness reads (store_heal.c) are index seeks; store_checkin_insert()
 * fills them.  The list is newest first by time, then id, and pages with
 * the (time, id) of the last item served.
 */
#include "buildconf.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "jsonv.h"
#include "log.h"
#include "store.h"

/*
 * The slugs of the conditions in a bitmask, in the order of their bits,
 * as a new JSON array; NULL on failure (logged).
 */
static json_t *
condition_slugs(struct store *s, int64_t bits)
{
	sqlite3_stmt *st;
	json_t       *list;
	int           rc;

	if ((list = json_array()) == NULL || bits == 0)
		return list;
	st = store_stmt(s, SQL_CHECKIN_CONDITIONS);
	sqlite3_bind_int64(st, 1, bits);
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

/* A row of SQL_CHECKIN_GET or _LIST (CHECKIN_COLUMNS of store_sql.c). */
static json_t *
checkin_row(struct store *s, sqlite3_stmt *st, const struct store_query *q)
{
	json_t *conds;

	(void)q;
	if ((conds = condition_slugs(s, sqlite3_column_int64(st, 7))) == NULL)
		return NULL;
	return json_pack("{s:I, s:s, s:o, s:i, s:i, s:i, s:b, s:o, s:s}", "id",
	    (json_int_t)sqlite3_column_int64(st, 0), "area",
	    (const char *)sqlite3_column_text(st, 1), "at",
	    jv_time_json(sqlite3_column_int64(st, 2)), "redness",
	    sqlite3_column_int(st, 3), "swelling", sqlite3_column_int(st, 4),
	    "pain", sqlite3_column_int(st, 5), "infection_signs",
	    sqlite3_column_int(st, 6), "conditions", conds, "notes",
	    (const char *)sqlite3_column_text(st, 8));
}

const struct store_list store_checkin_list = {
	.what = "check-ins",
	.sql = SQL_CHECKIN_LIST,
	.sql_area = SQL_CHECKIN_LIST_AREA,
	.timed = 1,
	.idcol = 0,
	.timecol = 2,
	.row = checkin_row,
};

int
store_checkin_json(struct store *s, int64_t id, json_t **out)
{
	sqlite3_stmt *st = store_stmt(s, SQL_CHECKIN_GET);

	sqlite3_bind_int64(st, 1, id);
	return store_get_json(s, st, checkin_row, NULL, out);
}

int64_t
store_checkin_insert(struct store *s, int64_t area_id,
    const struct heal_checkin *c, const char *notes)
{
	sqlite3_stmt *st = store_stmt(s, SQL_CHECKIN_INSERT);
	int64_t       id;
	int           rc;

	sqlite3_bind_int64(st, 1, area_id);
	sqlite3_bind_int64(st, 2, c->at);
	sqlite3_bind_int(st, 3, c->redness);
	sqlite3_bind_int(st, 4, c->swelling);
	sqlite3_bind_int(st, 5, c->pain);
	sqlite3_bind_int(st, 6, c->infection_signs != 0);
	sqlite3_bind_int64(st, 7, (sqlite3_int64)c->conditions);
	sqlite3_bind_text(st, 8, notes, -1, SQLITE_STATIC);
	if ((rc = store_exec_stmt(s, st)) != 0)
		return rc;
	id = sqlite3_last_insert_rowid(store_db(s));
	if (c->conditions == 0)
		return id;
	/* One checkin_condition row per bit set, named by the table. */
	st = store_stmt(s, SQL_CHECKIN_CONDITION_INSERT);
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, area_id);
	sqlite3_bind_int64(st, 3, c->at);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)c->conditions);
	if ((rc = store_exec_stmt(s, st)) != 0)
		return rc;
	return id;
}

int
store_checkin_delete(struct store *s, int64_t id)
{
	/* checkin_condition rows go with it (ON DELETE CASCADE). */
	return store_delete_row(s, store_stmt(s, SQL_CHECKIN_DELETE), id);
}

int
store_checkin_update(struct store *s, int64_t id, int64_t area_id,
    const struct heal_checkin *c, const char *notes)
{
	sqlite3_stmt *st = store_stmt(s, SQL_CHECKIN_UPDATE);
	int           rc;

	sqlite3_bind_int64(st, 1, area_id);
	sqlite3_bind_int64(st, 2, c->at);
	sqlite3_bind_int(st, 3, c->redness);
	sqlite3_bind_int(st, 4, c->swelling);
	sqlite3_bind_int(st, 5, c->pain);
	sqlite3_bind_int(st, 6, c->infection_signs != 0);
	sqlite3_bind_int64(st, 7, (sqlite3_int64)c->conditions);
	sqlite3_bind_text(st, 8, notes, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 9, id);
	if ((rc = store_exec_stmt(s, st)) != 0)
		return rc;
	if (sqlite3_changes(store_db(s)) == 0)
		return STORE_NOTFOUND;
	st = store_stmt(s, SQL_CHECKIN_CLEAR_CONDITIONS);
	sqlite3_bind_int64(st, 1, id);
	if ((rc = store_exec_stmt(s, st)) != 0 || c->conditions == 0)
		return rc;
	st = store_stmt(s, SQL_CHECKIN_CONDITION_INSERT);
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, area_id);
	sqlite3_bind_int64(st, 3, c->at);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)c->conditions);
	return store_exec_stmt(s, st);
}
