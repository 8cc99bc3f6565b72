/*
 * store_areas.c: skin areas.
 */
#include "buildconf.h"

#include <stdio.h>

#include "jsonv.h"
#include "store.h"

/* A row of SQL_AREA_GET or SQL_AREA_LIST as the API shows it. */
static json_t *
area_row(struct store *s, sqlite3_stmt *st, const struct store_query *q)
{
	(void)s;
	(void)q;
	return json_pack("{s:s, s:s, s:s, s:o, s:b, s:b}", "slug",
	    (const char *)sqlite3_column_text(st, 0), "name",
	    (const char *)sqlite3_column_text(st, 1), "region",
	    (const char *)sqlite3_column_text(st, 2), "max_home_depth_mm",
	    jv_number(sqlite3_column_double(st, 3)), "tracked",
	    sqlite3_column_int(st, 4), "archived", sqlite3_column_int(st, 5));
}

const struct store_list store_area_list = {
	.what = "areas",
	.sql = SQL_AREA_LIST,
	.sql_area = SQL__COUNT,
	.idcol = 6,
	.row = area_row,
};

int
store_area_json(struct store *s, int64_t id, json_t **out)
{
	sqlite3_stmt *st = store_stmt(s, SQL_AREA_GET);

	sqlite3_bind_int64(st, 1, id);
	return store_get_json(s, st, area_row, NULL, out);
}

/* Bind an area's fields from parameter 1 on. */
static void
bind_area(sqlite3_stmt *st, const char *slug, const char *name,
    const char *region, double cap, int archived)
{
	sqlite3_bind_text(st, 1, slug, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, region, -1, SQLITE_STATIC);
	sqlite3_bind_double(st, 4, cap);
	sqlite3_bind_int(st, 5, archived != 0);
}

int64_t
store_area_insert(struct store *s, const char *slug, const char *name,
    const char *region, double cap, int archived)
{
	sqlite3_stmt *st = store_stmt(s, SQL_AREA_INSERT);
	int           rc;

	bind_area(st, slug, name, region, cap, archived);
	if ((rc = store_exec_stmt(s, st)) != 0)
		return rc;
	return sqlite3_last_insert_rowid(store_db(s));
}

int
store_area_update(struct store *s, int64_t id, const char *slug,
    const char *name, const char *region, double cap, int archived)
{
	sqlite3_stmt *st = store_stmt(s, SQL_AREA_UPDATE);

	bind_area(st, slug, name, region, cap, archived);
	sqlite3_bind_int64(st, 6, id);
	return store_exec_stmt(s, st);
}

int
store_area_delete(struct store *s, int64_t id)
{
	int rc;

	if ((rc = store_exists(s, SQL_AREA_REFERENCED, id)) != 0)
		return rc == 1 ? STORE_CONFLICT : rc;
	return store_delete_row(s, store_stmt(s, SQL_AREA_DELETE), id);
}

int
store_area_cap(struct store *s, int64_t id, double *out)
{
	sqlite3_stmt *st = store_stmt(s, SQL_AREA_CAP);

	sqlite3_bind_int64(st, 1, id);
	return store_get_double(s, st, out);
}

int
store_tracked_areas(struct store *s, int64_t now, int64_t *ids,
    char (*slugs)[HEAL_SLUG_LEN], size_t max)
{
	return store_tracked_areas_in(s, now, NULL, ids, slugs, max);
}

int
store_tracked_areas_in(struct store *s, int64_t now, const char *region,
    int64_t *ids, char (*slugs)[HEAL_SLUG_LEN], size_t max)
{
	sqlite3_stmt *st = store_stmt(s, SQL_AREA_TRACKED);
	size_t        n = 0;
	int           rc = 0;

	sqlite3_bind_int64(st, 1, now);
	/* Bindings outlive a reset: NULL is bound, not left over. */
	sqlite3_bind_text(st, 2, region, -1, SQLITE_STATIC);
	while (n < max && (rc = store_step(s, st)) == 1) {
		ids[n] = sqlite3_column_int64(st, 0);
		snprintf(
		    slugs[n], HEAL_SLUG_LEN, "%s", sqlite3_column_text(st, 1));
		n++;
	}
	sqlite3_reset(st);
	if (n < max && rc < 0)
		return rc;
	return (int)n;
}

int
store_area_regions(struct store *s, char *buf, size_t len)
{
	sqlite3_stmt *st = store_stmt(s, SQL_AREA_REGIONS);
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
store_region_areas(struct store *s, const char *region, int64_t *ids,
    char (*slugs)[HEAL_SLUG_LEN], size_t max)
{
	sqlite3_stmt *st = store_stmt(s, SQL_AREA_REGION);
	size_t        n = 0;
	int           rc = 0;

	sqlite3_bind_text(st, 1, region, -1, SQLITE_STATIC);
	while (n < max && (rc = store_step(s, st)) == 1) {
		ids[n] = sqlite3_column_int64(st, 0);
		snprintf(
		    slugs[n], HEAL_SLUG_LEN, "%s", sqlite3_column_text(st, 1));
		n++;
	}
	sqlite3_reset(st);
	if (n < max && rc < 0)
		return rc;
	return (int)n;
}
