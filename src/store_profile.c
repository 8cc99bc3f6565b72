/*
 * store_profile.c: the profile (skin type, sensitivity).
 */
#include "buildconf.h"

#include "store.h"

/* The row of SQL_PROFILE_GET as the API shows it. */
static json_t *
profile_row(struct store *s, sqlite3_stmt *st, const struct store_query *q)
{
	(void)s;
	(void)q;
	return json_pack("{s:s, s:o, s:b, s:b, s:s}", "name",
	    (const char *)sqlite3_column_text(st, 0), "fitzpatrick",
	    store_col_integer(st, 1), "sensitive", sqlite3_column_int(st, 2),
	    "melasma", sqlite3_column_int(st, 3), "time_zone",
	    (const char *)sqlite3_column_text(st, 4));
}

int
store_profile_json(struct store *s, json_t **out)
{
	return store_get_json(
	    s, store_stmt(s, SQL_PROFILE_GET), profile_row, NULL, out);
}

int
store_profile_update(struct store *s, const char *name, int fitzpatrick,
    int sensitive, int melasma, const char *time_zone)
{
	sqlite3_stmt *st = store_stmt(s, SQL_PROFILE_UPDATE);

	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	if (fitzpatrick > 0)
		sqlite3_bind_int(st, 2, fitzpatrick);
	sqlite3_bind_int(st, 3, sensitive != 0);
	sqlite3_bind_int(st, 4, melasma != 0);
	sqlite3_bind_text(st, 5, time_zone, -1, SQLITE_STATIC);
	return store_exec_stmt(s, st);
}
