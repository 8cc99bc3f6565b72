/*
 * store_categories.c: product categories and their waits
 * (healing-model.md §3).
 */
#include "buildconf.h"

#include "jsonv.h"
#include "store.h"

/* A row of SQL_CATEGORY_GET or SQL_CATEGORY_LIST as the API shows it. */
static json_t *
category_row(struct store *s, sqlite3_stmt *st, const struct store_query *q)
{
	(void)s;
	(void)q;
	return json_pack("{s:s, s:s, s:o, s:o, s:b}", "slug",
	    (const char *)sqlite3_column_text(st, 0), "name",
	    (const char *)sqlite3_column_text(st, 1), "stop_before_h",
	    jv_number(sqlite3_column_double(st, 2)), "avoid_after_h",
	    jv_number(sqlite3_column_double(st, 3)), "systemic",
	    sqlite3_column_int(st, 4));
}

const struct store_list store_category_list = {
	.what = "product categories",
	.sql = SQL_CATEGORY_LIST,
	.sql_area = SQL__COUNT,
	.idcol = 5,
	.row = category_row,
};

int
store_category_json(struct store *s, int64_t id, json_t **out)
{
	sqlite3_stmt *st = store_stmt(s, SQL_CATEGORY_GET);

	sqlite3_bind_int64(st, 1, id);
	return store_get_json(s, st, category_row, NULL, out);
}

int
store_category_update(struct store *s, int64_t id, const char *name,
    double stop_before_h, double avoid_after_h, int systemic)
{
	sqlite3_stmt *st = store_stmt(s, SQL_CATEGORY_UPDATE);

	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_double(st, 2, stop_before_h);
	sqlite3_bind_double(st, 3, avoid_after_h);
	sqlite3_bind_int(st, 4, systemic != 0);
	sqlite3_bind_int64(st, 5, id);
	return store_exec_stmt(s, st);
}
