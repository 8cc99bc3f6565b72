/*
 * store_devices.c: rollers, stamps and pens.
 *
 * A device's use (how many sessions, since when) is derived from the
 * sessions that name it, never stored: deleting or back-dating a session
 * changes it, and there is no counter to drift.  Whether that makes it
 * worn is decided by the rules (heal_device_worn()), above the store.
 */
#include "buildconf.h"

#include <stdio.h>
#include <string.h>

#include "jsonv.h"
#include "store.h"

/* A nullable INTEGER column, or -1 for NULL. */
static long long
col_or_none(sqlite3_stmt *st, int col)
{
	if (sqlite3_column_type(st, col) == SQLITE_NULL)
		return -1;
	return sqlite3_column_int64(st, col);
}

/*
 * A row of SQL_DEVICE_GET or SQL_DEVICE_LIST as JSON, with its use as of
 * q->now from the sessions at or before then (store_device_uses(), the
 * count a session's device_worn warning uses).  New reference, or NULL.
 */
static json_t *
device_row(struct store *s, sqlite3_stmt *st, const struct store_query *q)
{
	long long uses;
	int64_t   first;

	if (store_device_uses(s, sqlite3_column_int64(st, 0), q->now, 1, 0,
	        &uses, &first) != 0)
		return NULL;
	return json_pack("{s:I, s:s, s:s, s:o, s:o, s:o, s:o, s:I, s:o, s:b}",
	    "id", (json_int_t)sqlite3_column_int64(st, 0), "name",
	    (const char *)sqlite3_column_text(st, 1), "kind",
	    (const char *)sqlite3_column_text(st, 2), "needle_length_mm",
	    store_col_number(st, 3), "needle_count", store_col_integer(st, 4),
	    "max_uses", store_col_integer(st, 5), "max_age_days",
	    store_col_integer(st, 6), "uses", (json_int_t)uses, "first_used_at",
	    jv_time_json(first), "retired", sqlite3_column_int(st, 7));
}

const struct store_list store_device_list = {
	.what = "devices",
	.sql = SQL_DEVICE_LIST,
	.sql_area = SQL__COUNT,
	.idcol = 0,
	.row = device_row,
};

int
store_device_json(struct store *s, int64_t id, int64_t now, json_t **out)
{
	sqlite3_stmt      *st = store_stmt(s, SQL_DEVICE_GET);
	struct store_query q;

	memset(&q, 0, sizeof(q));
	q.now = now;
	sqlite3_bind_int64(st, 1, id);
	return store_get_json(s, st, device_row, &q, out);
}

int
store_device_kind(struct store *s, const char *kind, int *fixed_length,
    long long *max_uses, long long *max_age_days)
{
	sqlite3_stmt *st = store_stmt(s, SQL_DEVICE_KIND);
	int           rc;

	sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
	if ((rc = store_step(s, st)) == 1) {
		*fixed_length = sqlite3_column_int(st, 0);
		*max_uses = col_or_none(st, 1);
		*max_age_days = col_or_none(st, 2);
		rc = 0;
	} else if (rc == 0)
		rc = STORE_NOTFOUND;
	sqlite3_reset(st);
	return rc;
}

int
store_device_kinds(struct store *s, char *buf, size_t len)
{
	sqlite3_stmt *st = store_stmt(s, SQL_DEVICE_KINDS);
	size_t        used = 0;
	int           rc;

	if (len == 0)
		return STORE_ERROR;
	buf[0] = '\0';
	while ((rc = store_step(s, st)) == 1 && used < len)
		used += (size_t)snprintf(buf + used, len - used, "%s%s",
		    used > 0 ? ", " : "", sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	return rc < 0 ? rc : 0;
}

int
store_device_exists(struct store *s, int64_t id)
{
	return store_exists(s, SQL_DEVICE_EXISTS, id);
}

int
store_device_referenced(struct store *s, int64_t id)
{
	return store_exists(s, SQL_DEVICE_REFERENCED, id);
}

/* Bind the fields of d from parameter 1 on; negative numbers are NULL. */
static void
bind_device(sqlite3_stmt *st, const struct store_device *d)
{
	sqlite3_bind_text(st, 1, d->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, d->kind, -1, SQLITE_STATIC);
	if (d->needle_length_mm >= 0)
		sqlite3_bind_double(st, 3, d->needle_length_mm);
	if (d->needle_count >= 0)
		sqlite3_bind_int64(st, 4, d->needle_count);
	if (d->max_uses >= 0)
		sqlite3_bind_int64(st, 5, d->max_uses);
	if (d->max_age_days >= 0)
		sqlite3_bind_int64(st, 6, d->max_age_days);
	sqlite3_bind_int(st, 7, d->retired != 0);
}

int64_t
store_device_insert(struct store *s, const struct store_device *d)
{
	sqlite3_stmt *st = store_stmt(s, SQL_DEVICE_INSERT);
	int           rc;

	bind_device(st, d);
	if ((rc = store_exec_stmt(s, st)) != 0)
		return rc;
	return sqlite3_last_insert_rowid(store_db(s));
}

int
store_device_update(struct store *s, int64_t id, const struct store_device *d)
{
	sqlite3_stmt *st = store_stmt(s, SQL_DEVICE_UPDATE);

	bind_device(st, d);
	sqlite3_bind_int64(st, 8, id);
	return store_exec_stmt(s, st);
}

int
store_device_delete(struct store *s, int64_t id)
{
	int rc;

	if ((rc = store_device_referenced(s, id)) != 0)
		return rc == 1 ? STORE_CONFLICT : rc;
	return store_delete_row(s, store_stmt(s, SQL_DEVICE_DELETE), id);
}
