/*
 * store_products.c: products (healing-model.md §3).
 *
 * A product's own waits are NULL unless it overrides its category's; the
 * effective waits are computed on every read, so that editing a category
 * changes every product that follows it.
 */
#include "buildconf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonv.h"
#include "store.h"

/* A row of SQL_PRODUCT_GET or SQL_PRODUCT_LIST as the API shows it. */
static json_t *
product_row(struct store *s, sqlite3_stmt *st, const struct store_query *q)
{
	(void)s;
	(void)q;
	return json_pack("{s:I, s:s, s:s, s:o, s:o, s:o, s:o}", "id",
	    (json_int_t)sqlite3_column_int64(st, 0), "name",
	    (const char *)sqlite3_column_text(st, 1), "category",
	    (const char *)sqlite3_column_text(st, 2), "stop_before_h",
	    store_col_number(st, 3), "avoid_after_h", store_col_number(st, 4),
	    "effective_stop_before_h", jv_number(sqlite3_column_double(st, 5)),
	    "effective_avoid_after_h", jv_number(sqlite3_column_double(st, 6)));
}

const struct store_list store_product_list = {
	.what = "products",
	.sql = SQL_PRODUCT_LIST,
	.sql_area = SQL__COUNT,
	.idcol = 0,
	.row = product_row,
};

int
store_product_json(struct store *s, int64_t id, json_t **out)
{
	sqlite3_stmt *st = store_stmt(s, SQL_PRODUCT_GET);

	sqlite3_bind_int64(st, 1, id);
	return store_get_json(s, st, product_row, NULL, out);
}

int
store_product_exists(struct store *s, int64_t id)
{
	return store_exists(s, SQL_PRODUCT_EXISTS, id);
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
	sqlite3_stmt *st = store_stmt(s, SQL_PRODUCT_INSERT);
	int           rc;

	bind_product(st, name, category_id, stop_before_h, avoid_after_h);
	if ((rc = store_exec_stmt(s, st)) != 0)
		return rc;
	return sqlite3_last_insert_rowid(store_db(s));
}

int
store_product_update(struct store *s, int64_t id, const char *name,
    int64_t category_id, double stop_before_h, double avoid_after_h)
{
	sqlite3_stmt *st = store_stmt(s, SQL_PRODUCT_UPDATE);

	bind_product(st, name, category_id, stop_before_h, avoid_after_h);
	sqlite3_bind_int64(st, 5, id);
	return store_exec_stmt(s, st);
}

int
store_product_delete(struct store *s, int64_t id)
{
	int rc;

	if ((rc = store_exists(s, SQL_PRODUCT_APPLIED, id)) != 0)
		return rc == 1 ? STORE_CONFLICT : rc;
	return store_delete_row(s, store_stmt(s, SQL_PRODUCT_DELETE), id);
}

int
store_product_info(struct store *s, int64_t id, struct store_product_info *pi)
{
	sqlite3_stmt *st = store_stmt(s, SQL_PRODUCT_INFO);
	int           rc;

	sqlite3_bind_int64(st, 1, id);
	if ((rc = store_step(s, st)) != 1)
		return rc == 0 ? STORE_NOTFOUND : rc;
	memset(pi, 0, sizeof(*pi));
	pi->id = id;
	snprintf(pi->name, sizeof(pi->name), "%s",
	    (const char *)sqlite3_column_text(st, 0));
	snprintf(pi->category, sizeof(pi->category), "%s",
	    (const char *)sqlite3_column_text(st, 1));
	pi->stop_before_h = sqlite3_column_double(st, 2);
	pi->avoid_after_h = sqlite3_column_double(st, 3);
	pi->systemic = sqlite3_column_int(st, 4);
	sqlite3_reset(st);
	return 0;
}

int
store_product_waits(struct store *s, struct store_product_wait **out, size_t *n)
{
	struct store_product_wait *list = NULL, *p;
	sqlite3_stmt              *st;
	size_t                     cap = 0;
	int                        rc;

	*out = NULL;
	*n = 0;
	st = store_stmt(s, SQL_PRODUCT_WAITS);
	while ((rc = store_step(s, st)) == 1) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			if ((p = realloc(list, cap * sizeof(*p))) == NULL) {
				rc = STORE_ERROR;
				break;
			}
			list = p;
		}
		p = &list[(*n)++];
		p->id = sqlite3_column_int64(st, 0);
		snprintf(p->name, sizeof(p->name), "%s",
		    (const char *)sqlite3_column_text(st, 1));
		snprintf(p->category, sizeof(p->category), "%s",
		    (const char *)sqlite3_column_text(st, 2));
		p->avoid_after_h = sqlite3_column_double(st, 3);
	}
	sqlite3_reset(st);
	if (rc < 0) {
		free(list);
		*n = 0;
		return rc;
	}
	*out = list;
	return 0;
}
