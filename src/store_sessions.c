/*
 * store_sessions.c: sessions, their treatments and the applications of the
 * products they list.
 */
#include "buildconf.h"

#include <stdio.h>
#include <string.h>

#include "jsonv.h"
#include "log.h"
#include "store.h"

int
store_session_device(struct store *s, int64_t id,
    struct store_session_device *d)
{
	sqlite3_stmt	*st = store_stmt_lit(s, "SELECT d.name, d.kind, "
	    "k.fixed_length, k.single_use_cartridge, d.needle_length_mm, "
	    "d.max_uses, d.max_age_days FROM device d "
	    "JOIN device_kind k ON k.kind = d.kind WHERE d.id = ?");
	int		 rc;

	if (st == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
		sqlite3_reset(st);
		return rc == SQLITE_DONE ? STORE_NOTFOUND : STORE_ERROR;
	}
	memset(d, 0, sizeof(*d));
	d->id = id;
	snprintf(d->name, sizeof(d->name), "%s", sqlite3_column_text(st, 0));
	snprintf(d->kind, sizeof(d->kind), "%s", sqlite3_column_text(st, 1));
	d->fixed_length = sqlite3_column_int(st, 2);
	d->single_use_cartridge = sqlite3_column_int(st, 3);
	d->needle_length_mm = sqlite3_column_type(st, 4) == SQLITE_NULL ? 0 :
	    sqlite3_column_double(st, 4);
	d->max_uses = sqlite3_column_type(st, 5) == SQLITE_NULL ? -1 :
	    sqlite3_column_int64(st, 5);
	d->max_age_days = sqlite3_column_type(st, 6) == SQLITE_NULL ? -1 :
	    sqlite3_column_int64(st, 6);
	sqlite3_reset(st);
	return 0;
}

int64_t
store_session_put(struct store *s, int64_t id, int64_t started_at,
    const char *setting, int64_t device_id, int new_cartridge,
    const char *notes)
{
	sqlite3_stmt	*st;
	int		 rc;

	if (id == 0)
		st = store_stmt_lit(s, "INSERT INTO session (profile_id, "
		    "started_at, setting, device_id, new_cartridge, notes) "
		    "VALUES (1, ?1, ?2, ?3, ?4, ?5)");
	else
		st = store_stmt_lit(s, "UPDATE session SET started_at = ?1, "
		    "setting = ?2, device_id = ?3, new_cartridge = ?4, "
		    "notes = ?5 WHERE id = ?6");
	if (st == NULL)
		return STORE_ERROR;
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
	return id != 0 ? id : sqlite3_last_insert_rowid(store_db(s));
}

int
store_session_clear(struct store *s, int64_t id)
{
	sqlite3_stmt	*st;
	int		 rc;

	if ((st = store_stmt_lit(s, "DELETE FROM treatment WHERE session_id = ?"))
	    == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = store_exec_stmt(s, st)) != 0)
		return rc;
	if ((st = store_stmt_lit(s, "DELETE FROM application "
	    "WHERE session_id = ?")) == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(st, 1, id);
	return store_exec_stmt(s, st);
}

int
store_treatment_insert(struct store *s, int64_t session_id, int64_t area_id,
    int pos, int64_t at, double depth_mm, long long passes)
{
	sqlite3_stmt	*st = store_stmt_lit(s, "INSERT INTO treatment "
	    "(session_id, area_id, pos, at, depth_mm, passes) "
	    "VALUES (?, ?, ?, ?, ?, ?)");

	if (st == NULL)
		return STORE_ERROR;
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
	return store_delete_row(s, store_stmt_lit(s,
	    "DELETE FROM session WHERE id = ?"), id);
}

json_t *
store_session_json(struct store *s, int64_t id)
{
	sqlite3_stmt	*st;
	json_t		*o, *list;
	int		 rc;

	if ((st = store_stmt_lit(s, "SELECT id, started_at, setting, device_id, "
	    "new_cartridge, notes FROM session WHERE id = ?")) == NULL)
		return NULL;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return NULL;
	}
	o = json_pack("{s:I, s:o, s:s, s:o, s:o}",
	    "id", (json_int_t)sqlite3_column_int64(st, 0),
	    "started_at", jv_time_json(sqlite3_column_int64(st, 1)),
	    "setting", (const char *)sqlite3_column_text(st, 2),
	    "device_id", store_col_integer(st, 3),
	    "new_cartridge", sqlite3_column_type(st, 4) == SQLITE_NULL ?
	    json_null() : json_boolean(sqlite3_column_int(st, 4)));
	/* Kept aside: "notes" goes last, after the lists. */
	list = json_string((const char *)sqlite3_column_text(st, 5));
	sqlite3_reset(st);
	json_object_set_new(o, "notes", list);

	if ((st = store_stmt_lit(s, "SELECT a.slug, t.depth_mm, t.passes "
	    "FROM treatment t JOIN area a ON a.id = t.area_id "
	    "WHERE t.session_id = ? ORDER BY t.pos")) == NULL)
		goto fail;
	sqlite3_bind_int64(st, 1, id);
	list = json_array();
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(list, json_pack("{s:s, s:o, s:o}",
		    "area", (const char *)sqlite3_column_text(st, 0),
		    "depth_mm", jv_number(sqlite3_column_double(st, 1)),
		    "passes", store_col_integer(st, 2)));
	sqlite3_reset(st);
	json_object_set_new(o, "treatments", list);

	if ((st = store_stmt_lit(s, "SELECT product_id, id FROM application "
	    "WHERE session_id = ? ORDER BY id")) == NULL)
		goto fail;
	sqlite3_bind_int64(st, 1, id);
	list = json_array();
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(list, json_pack("{s:I, s:I}",
		    "product_id", (json_int_t)sqlite3_column_int64(st, 0),
		    "application_id", (json_int_t)sqlite3_column_int64(st, 1)));
	sqlite3_reset(st);
	json_object_set_new(o, "products", list);
	/* notes after the lists, as in API.md's example. */
	list = json_incref(json_object_get(o, "notes"));
	json_object_del(o, "notes");
	json_object_set_new(o, "notes", list);
	return o;
 fail:
	json_decref(o);
	return NULL;
}

json_t *
store_session_list(struct store *s, const struct store_filter *f,
    int *more, int64_t *last_time, int64_t *last_id)
{
	sqlite3_stmt	*st = store_stmt_lit(s, "SELECT id, started_at FROM session "
	    "WHERE profile_id = 1 AND started_at >= ?1 AND started_at <= ?2 "
	    "AND (?3 = 0 OR (started_at, id) < (?4, ?5)) "
	    "AND (?6 = 0 OR EXISTS (SELECT 1 FROM treatment t "
	    "    WHERE t.session_id = session.id AND t.area_id = ?6)) "
	    "ORDER BY started_at DESC, id DESC LIMIT ?7");
	json_t		*list, *o;
	long long	 n = 0;
	int		 rc;

	if (st == NULL)
		return NULL;
	sqlite3_bind_int64(st, 1, f->since);
	sqlite3_bind_int64(st, 2, f->until);
	sqlite3_bind_int(st, 3, f->has_cursor);
	sqlite3_bind_int64(st, 4, f->cursor_time);
	sqlite3_bind_int64(st, 5, f->cursor_id);
	sqlite3_bind_int64(st, 6, f->area_id);
	sqlite3_bind_int64(st, 7, f->limit + 1);
	list = json_array();
	*more = 0;
	/* Collect ids first: building a session reuses other statements. */
	{
		int64_t	ids[501], times[501];
		long long i;

		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			if (n == f->limit || n == 500) {
				*more = 1;
				break;
			}
			ids[n] = sqlite3_column_int64(st, 0);
			times[n] = sqlite3_column_int64(st, 1);
			n++;
		}
		sqlite3_reset(st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
			json_decref(list);
			return NULL;
		}
		for (i = 0; i < n; i++) {
			if ((o = store_session_json(s, ids[i])) == NULL) {
				json_decref(list);
				return NULL;
			}
			json_array_append_new(list, o);
			*last_time = times[i];
			*last_id = ids[i];
		}
	}
	return list;
}
