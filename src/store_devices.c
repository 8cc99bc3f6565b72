/*
 * store_devices.c: rollers, stamps and pens.
 *
 * A device's wear (uses, first use, worn) is derived from the sessions
 * that name it, never stored: deleting or back-dating a session changes
 * it, and there is no counter to drift.
 */
#include "buildconf.h"

#include <stdio.h>
#include <string.h>

#include "jsonv.h"
#include "log.h"
#include "store.h"

#define DEVICE_COLUMNS \
	"id, name, kind, needle_length_mm, needle_count, max_uses, " \
	"max_age_days, retired "

/* A nullable INTEGER column, or -1 for NULL. */
static long long
col_or_none(sqlite3_stmt *st, int col)
{
	if (sqlite3_column_type(st, col) == SQLITE_NULL)
		return -1;
	return sqlite3_column_int64(st, col);
}

/*
 * A device row as JSON, with its wear as of now from the sessions at or
 * before now (store_device_uses(), the same count a session's device_worn
 * warning uses).  New reference, or NULL on error.
 */
static json_t *
device_row(struct store *s, sqlite3_stmt *st, int64_t now)
{
	long long	 uses;
	int64_t		 first;
	int		 worn;

	if (store_device_uses(s, sqlite3_column_int64(st, 0), now, 1, 0,
	    &uses, &first) != 0)
		return NULL;
	worn = heal_device_worn(col_or_none(st, 5), col_or_none(st, 6), uses,
	    first, now);
	return json_pack("{s:I, s:s, s:s, s:o, s:o, s:o, s:o, s:I, s:o, s:b, "
	    "s:b}",
	    "id", (json_int_t)sqlite3_column_int64(st, 0),
	    "name", (const char *)sqlite3_column_text(st, 1),
	    "kind", (const char *)sqlite3_column_text(st, 2),
	    "needle_length_mm", store_col_number(st, 3),
	    "needle_count", store_col_integer(st, 4),
	    "max_uses", store_col_integer(st, 5),
	    "max_age_days", store_col_integer(st, 6),
	    "uses", (json_int_t)uses,
	    "first_used_at", jv_time_json(first),
	    "worn", worn,
	    "retired", sqlite3_column_int(st, 7));
}

json_t *
store_device_json(struct store *s, int64_t id, int64_t now)
{
	sqlite3_stmt	*st = store_stmt_lit(s,
	    "SELECT " DEVICE_COLUMNS "FROM device WHERE id = ?");
	json_t		*o = NULL;
	int		 rc;

	if (st == NULL)
		return NULL;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		o = device_row(s, st, now);
	else if (rc != SQLITE_DONE)
		log_warnx("device: %s", sqlite3_errmsg(store_db(s)));
	sqlite3_reset(st);
	return o;
}

json_t *
store_device_list(struct store *s, int64_t after_id, long long limit,
    int64_t now, int *more, int64_t *last_id)
{
	sqlite3_stmt	*st = store_stmt_lit(s,
	    "SELECT " DEVICE_COLUMNS "FROM device "
	    "WHERE profile_id = 1 AND id > ? ORDER BY id LIMIT ?");
	json_t		*list, *o;
	long long	 n = 0;
	int		 rc, failed = 0;

	if (st == NULL)
		return NULL;
	sqlite3_bind_int64(st, 1, after_id);
	sqlite3_bind_int64(st, 2, limit + 1);
	list = json_array();
	*more = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n++ == limit) {
			*more = 1;
			break;
		}
		if ((o = device_row(s, st, now)) == NULL) {
			failed = 1;
			break;
		}
		json_array_append_new(list, o);
		*last_id = sqlite3_column_int64(st, 0);
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		log_warnx("devices: %s", sqlite3_errmsg(store_db(s)));
		failed = 1;
	}
	if (failed) {
		json_decref(list);
		list = NULL;
	}
	sqlite3_reset(st);
	return list;
}

int
store_device_kind(struct store *s, const char *kind, int *fixed_length,
    long long *max_uses, long long *max_age_days)
{
	sqlite3_stmt	*st = store_stmt_lit(s,
	    "SELECT fixed_length, max_uses, max_age_days FROM device_kind "
	    "WHERE kind = ?");
	int		 rc;

	if (st == NULL)
		return STORE_ERROR;
	sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*fixed_length = sqlite3_column_int(st, 0);
		*max_uses = col_or_none(st, 1);
		*max_age_days = col_or_none(st, 2);
		rc = 0;
	} else if (rc == SQLITE_DONE)
		rc = STORE_NOTFOUND;
	else {
		log_warnx("device kind: %s", sqlite3_errmsg(store_db(s)));
		rc = STORE_ERROR;
	}
	sqlite3_reset(st);
	return rc;
}

int
store_device_kinds(struct store *s, char *buf, size_t len)
{
	sqlite3_stmt	*st = store_stmt_lit(s,
	    "SELECT kind FROM device_kind ORDER BY kind");
	size_t		 used = 0;
	int		 rc;

	if (len == 0)
		return STORE_ERROR;
	buf[0] = '\0';
	if (st == NULL)
		return STORE_ERROR;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && used < len) {
		used += (size_t)snprintf(buf + used, len - used, "%s%s",
		    used > 0 ? ", " : "", sqlite3_column_text(st, 0));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return STORE_ERROR;
	return 0;
}

int
store_device_exists(struct store *s, int64_t id)
{
	return store_exists_lit(s, "SELECT EXISTS (SELECT 1 FROM device "
	    "WHERE id = ? AND profile_id = 1)", id);
}

int
store_device_referenced(struct store *s, int64_t id)
{
	return store_exists_lit(s, "SELECT EXISTS (SELECT 1 FROM session "
	    "WHERE device_id = ?)", id);
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
	sqlite3_stmt	*st = store_stmt_lit(s,
	    "INSERT INTO device (profile_id, name, kind, needle_length_mm, "
	    "needle_count, max_uses, max_age_days, retired) "
	    "VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7)");
	int		 rc;

	if (st == NULL)
		return STORE_ERROR;
	bind_device(st, d);
	if ((rc = store_exec_stmt(s, st)) != 0)
		return rc;
	return sqlite3_last_insert_rowid(store_db(s));
}

int
store_device_update(struct store *s, int64_t id, const struct store_device *d)
{
	sqlite3_stmt	*st = store_stmt_lit(s,
	    "UPDATE device SET name = ?1, kind = ?2, needle_length_mm = ?3, "
	    "needle_count = ?4, max_uses = ?5, max_age_days = ?6, "
	    "retired = ?7 WHERE id = ?8");

	if (st == NULL)
		return STORE_ERROR;
	bind_device(st, d);
	sqlite3_bind_int64(st, 8, id);
	return store_exec_stmt(s, st);
}

int
store_device_delete(struct store *s, int64_t id)
{
	sqlite3_stmt	*st;
	int		 rc;

	if ((rc = store_device_referenced(s, id)) != 0)
		return rc == 1 ? STORE_CONFLICT : STORE_ERROR;
	if ((st = store_stmt_lit(s, "DELETE FROM device WHERE id = ?")) == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(st, 1, id);
	return store_exec_stmt(s, st);
}
