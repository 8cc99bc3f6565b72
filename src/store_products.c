/*
 * store_products.c: products (healing-model.md §3).
 *
 * A product's own waits are NULL unless it overrides its category's; the
 * effective waits are computed on every read, so that editing a category
 * changes every product that follows it.
 */
#include "buildconf.h"

#include <stdio.h>
#include <string.h>

#include "jsonv.h"
#include "log.h"
#include "store.h"

static json_t *
product_row(sqlite3_stmt *st)
{
	return json_pack("{s:I, s:s, s:s, s:o, s:o, s:o, s:o}",
	    "id", (json_int_t)sqlite3_column_int64(st, 0),
	    "name", (const char *)sqlite3_column_text(st, 1),
	    "category", (const char *)sqlite3_column_text(st, 2),
	    "stop_before_h", store_col_number(st, 3),
	    "avoid_after_h", store_col_number(st, 4),
	    "effective_stop_before_h", jv_number(sqlite3_column_double(st, 5)),
	    "effective_avoid_after_h", jv_number(sqlite3_column_double(st, 6)));
}

#define PRODUCT_COLUMNS \
	"p.id, p.name, c.slug, p.stop_before_h, p.avoid_after_h, " \
	"coalesce(p.stop_before_h, c.stop_before_h), " \
	"coalesce(p.avoid_after_h, c.avoid_after_h) " \
	"FROM product p JOIN product_category c ON c.id = p.category_id "

json_t *
store_product_json(struct store *s, int64_t id)
{
	return store_row_json(s, store_stmt_lit(s,
	    "SELECT " PRODUCT_COLUMNS "WHERE p.id = ?1"), id, product_row,
	    "product");
}

json_t *
store_product_list(struct store *s, int64_t after_id, long long limit,
    int *more, int64_t *last_id)
{
	return store_list_rows(s, store_stmt_lit(s,
	    "SELECT " PRODUCT_COLUMNS "WHERE p.profile_id = 1 AND p.id > ?1 "
	    "ORDER BY p.id LIMIT ?2"), after_id, limit, more, last_id,
	    product_row, 0, "products");
}

int
store_product_exists(struct store *s, int64_t id)
{
	return store_exists_lit(s, "SELECT EXISTS (SELECT 1 FROM product "
	    "WHERE id = ? AND profile_id = 1)", id);
}

/* Bind name, category and the waits from parameter 1 on (negative: NULL). */
static void
bind_product(sqlite3_stmt *st, const char *name, int64_t category_id,
    double stop_before_h, double avoid_after_h)
{
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, category_id);
	if (stop_before_h >= 0)
		sqlite3_bind_double(st, 3, stop_before_h);
	if (avoid_after_h >= 0)
		sqlite3_bind_double(st, 4, avoid_after_h);
}

int64_t
store_product_insert(struct store *s, const char *name, int64_t category_id,
    double stop_before_h, double avoid_after_h)
{
	sqlite3_stmt	*st = store_stmt_lit(s,
	    "INSERT INTO product (profile_id, name, category_id, "
	    "stop_before_h, avoid_after_h) VALUES (1, ?1, ?2, ?3, ?4)");
	int		 rc;

	if (st == NULL)
		return STORE_ERROR;
	bind_product(st, name, category_id, stop_before_h, avoid_after_h);
	if ((rc = store_exec_stmt(s, st)) != 0)
		return rc;
	return sqlite3_last_insert_rowid(store_db(s));
}

int
store_product_update(struct store *s, int64_t id, const char *name,
    int64_t category_id, double stop_before_h, double avoid_after_h)
{
	sqlite3_stmt	*st = store_stmt_lit(s,
	    "UPDATE product SET name = ?1, category_id = ?2, "
	    "stop_before_h = ?3, avoid_after_h = ?4 WHERE id = ?5");

	if (st == NULL)
		return STORE_ERROR;
	bind_product(st, name, category_id, stop_before_h, avoid_after_h);
	sqlite3_bind_int64(st, 5, id);
	return store_exec_stmt(s, st);
}

int
store_product_delete(struct store *s, int64_t id)
{
	sqlite3_stmt	*st;
	int		 rc;

	if ((rc = store_exists_lit(s, "SELECT EXISTS (SELECT 1 FROM application "
	    "WHERE product_id = ?)", id)) != 0)
		return rc == 1 ? STORE_CONFLICT : STORE_ERROR;
	if ((st = store_stmt_lit(s, "DELETE FROM product WHERE id = ?")) == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(st, 1, id);
	return store_exec_stmt(s, st);
}
