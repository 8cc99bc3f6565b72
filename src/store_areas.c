/*
 * store_areas.c: skin areas.
 */
#include "buildconf.h"

#include <stdio.h>
#include <string.h>

#include "jsonv.h"
#include "store.h"

static json_t *
area_row(sqlite3_stmt *st)
{
	return json_pack("{s:s, s:s, s:s, s:o, s:b, s:b}",
	    "slug", (const char *)sqlite3_column_text(st, 0),
	    "name", (const char *)sqlite3_column_text(st, 1),
	    "region", (const char *)sqlite3_column_text(st, 2),
	    "max_home_depth_mm", jv_number(sqlite3_column_double(st, 3)),
	    "tracked", sqlite3_column_int(st, 4),
	    "archived", sqlite3_column_int(st, 5));
}

#define AREA_COLUMNS \
	"slug, name, region, max_home_depth_mm, " \
	"archived = 0 AND EXISTS (SELECT 1 FROM treatment t " \
	"    WHERE t.area_id = area.id), archived, id "

json_t *
store_area_json(struct store *s, int64_t id)
{
	return store_row_json(s, store_stmt_lit(s,
	    "SELECT " AREA_COLUMNS "FROM area WHERE id = ?1"), id, area_row,
	    "area");
}

json_t *
store_area_list(struct store *s, int64_t after_id, long long limit,
    int *more, int64_t *last_id)
{
	return store_list_rows(s, store_stmt_lit(s,
	    "SELECT " AREA_COLUMNS "FROM area WHERE profile_id = 1 AND id > ? "
	    "ORDER BY id LIMIT ?"), after_id, limit, more, last_id, area_row,
	    6, "areas");
}

int64_t
store_area_insert(struct store *s, const char *slug, const char *name,
    const char *region, double cap, int archived)
{
	sqlite3_stmt	*st = store_stmt_lit(s,
	    "INSERT INTO area (profile_id, slug, name, region, "
	    "max_home_depth_mm, archived) VALUES (1, ?, ?, ?, ?, ?)");
	int		 rc;

	if (st == NULL)
		return STORE_ERROR;
	sqlite3_bind_text(st, 1, slug, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, region, -1, SQLITE_STATIC);
	sqlite3_bind_double(st, 4, cap);
	sqlite3_bind_int(st, 5, archived);
	if ((rc = store_exec_stmt(s, st)) != 0)
		return rc;
	return sqlite3_last_insert_rowid(store_db(s));
}

int
store_area_update(struct store *s, int64_t id, const char *slug,
    const char *name, const char *region, double cap, int archived)
{
	sqlite3_stmt	*st = store_stmt_lit(s,
	    "UPDATE area SET slug = ?, name = ?, region = ?, "
	    "max_home_depth_mm = ?, archived = ? WHERE id = ?");

	if (st == NULL)
		return STORE_ERROR;
	sqlite3_bind_text(st, 1, slug, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, region, -1, SQLITE_STATIC);
	sqlite3_bind_double(st, 4, cap);
	sqlite3_bind_int(st, 5, archived);
	sqlite3_bind_int64(st, 6, id);
	return store_exec_stmt(s, st);
}

int
store_area_delete(struct store *s, int64_t id)
{
	sqlite3_stmt	*st;
	int		 rc;

	rc = store_exists_lit(s,
	    "SELECT EXISTS (SELECT 1 FROM treatment WHERE area_id = ?1) "
	    "OR EXISTS (SELECT 1 FROM application_area WHERE area_id = ?1) "
	    "OR EXISTS (SELECT 1 FROM checkin WHERE area_id = ?1)", id);
	if (rc != 0)
		return rc == 1 ? STORE_CONFLICT : STORE_ERROR;
	if ((st = store_stmt_lit(s, "DELETE FROM area WHERE id = ?")) == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(st, 1, id);
	return store_exec_stmt(s, st);
}

int
store_area_slug(struct store *s, int64_t id, char *buf, size_t len)
{
	sqlite3_stmt	*st = store_stmt_lit(s, "SELECT slug FROM area WHERE id = ?");
	int		 rc = STORE_NOTFOUND;

	if (st == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		snprintf(buf, len, "%s", sqlite3_column_text(st, 0));
		rc = 0;
	}
	sqlite3_reset(st);
	return rc;
}

double
store_area_cap(struct store *s, int64_t id)
{
	sqlite3_stmt	*st = store_stmt_lit(s,
	    "SELECT max_home_depth_mm FROM area WHERE id = ?");
	double		 cap = -1;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		cap = sqlite3_column_double(st, 0);
	sqlite3_reset(st);
	return cap;
}

int
store_tracked_areas(struct store *s, int64_t now, int64_t *ids,
    char (*slugs)[HEAL_SLUG_LEN], size_t max)
{
	sqlite3_stmt	*st = store_stmt_lit(s,
	    "SELECT id, slug FROM area a WHERE profile_id = 1 AND archived = 0 "
	    "AND EXISTS (SELECT 1 FROM treatment t WHERE t.area_id = a.id "
	    "    AND t.at <= ?) ORDER BY id");
	size_t		 n = 0;
	int		 rc;

	if (st == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(st, 1, now);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < max) {
		ids[n] = sqlite3_column_int64(st, 0);
		snprintf(slugs[n], HEAL_SLUG_LEN, "%s",
		    sqlite3_column_text(st, 1));
		n++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return STORE_ERROR;
	return (int)n;
}
