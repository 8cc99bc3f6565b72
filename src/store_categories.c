/*
 * store_categories.c: product categories and their waits
 * (healing-model.md §3).
 */
#include "buildconf.h"

#include "jsonv.h"
#include "store.h"

static json_t *
category_row(sqlite3_stmt *st)
{
	return json_pack("{s:s, s:s, s:o, s:o, s:b}",
	    "slug", (const char *)sqlite3_column_text(st, 0),
	    "name", (const char *)sqlite3_column_text(st, 1),
	    "stop_before_h", jv_number(sqlite3_column_double(st, 2)),
	    "avoid_after_h", jv_number(sqlite3_column_double(st, 3)),
	    "systemic", sqlite3_column_int(st, 4));
}

#define CATEGORY_COLUMNS \
	"slug, name, stop_before_h, avoid_after_h, systemic, id " \
	"FROM product_category "

json_t *
store_category_json(struct store *s, int64_t id)
{
	return store_row_json(s, store_stmt_lit(s,
	    "SELECT " CATEGORY_COLUMNS "WHERE id = ?1"), id, category_row,
	    "category");
}

json_t *
store_category_list(struct store *s, int64_t after_id, long long limit,
    int *more, int64_t *last_id)
{
	return store_list_rows(s, store_stmt_lit(s,
	    "SELECT " CATEGORY_COLUMNS "WHERE id > ?1 ORDER BY id LIMIT ?2"),
	    after_id, limit, more, last_id, category_row, 5,
	    "product categories");
}

int
store_category_update(struct store *s, int64_t id, const char *name,
    double stop_before_h, double avoid_after_h, int systemic)
{
	sqlite3_stmt	*st = store_stmt_lit(s,
	    "UPDATE product_category SET name = ?, stop_before_h = ?, "
	    "avoid_after_h = ?, systemic = ? WHERE id = ?");

	if (st == NULL)
		return STORE_ERROR;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_double(st, 2, stop_before_h);
	sqlite3_bind_double(st, 3, avoid_after_h);
	sqlite3_bind_int(st, 4, systemic != 0);
	sqlite3_bind_int64(st, 5, id);
	return store_exec_stmt(s, st);
}
