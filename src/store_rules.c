/*
 * store_rules.c: the interval rules (healing-model.md §1).
 */
#include "buildconf.h"

#include <stdio.h>
#include <string.h>

#include "jsonv.h"
#include "log.h"
#include "store.h"

json_t *
store_rules_json(struct store *s)
{
	sqlite3_stmt	*st;
	json_t		*bands, *o = NULL;
	double		 factor;
	int		 rc;

	st = store_stmt_lit(s, "SELECT skin_factor FROM rules WHERE id = 1");
	if (st == NULL)
		return NULL;
	if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
		log_warnx("rules: %s", rc == SQLITE_DONE ? "no row" :
		    sqlite3_errmsg(store_db(s)));
		sqlite3_reset(st);
		return NULL;
	}
	factor = sqlite3_column_double(st, 0);
	sqlite3_reset(st);

	st = store_stmt_lit(s, "SELECT max_depth_mm, interval_h FROM interval_band "
	    "ORDER BY max_depth_mm");
	if (st == NULL)
		return NULL;
	bands = json_array();
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(bands, json_pack("{s:o, s:o}",
		    "max_depth_mm", jv_number(sqlite3_column_double(st, 0)),
		    "interval_h", jv_number(sqlite3_column_double(st, 1))));
	if (rc != SQLITE_DONE) {
		log_warnx("interval bands: %s", sqlite3_errmsg(store_db(s)));
		json_decref(bands);
	} else
		o = json_pack("{s:o, s:o}", "bands", bands,
		    "skin_factor", jv_number(factor));
	sqlite3_reset(st);
	return o;
}

int
store_rules_replace(struct store *s, const struct heal_band *bands,
    size_t nbands, double skin_factor)
{
	sqlite3_stmt	*st;
	size_t		 i;
	int		 rc;

	if ((st = store_stmt_lit(s, "DELETE FROM interval_band")) == NULL)
		return STORE_ERROR;
	if ((rc = store_exec_stmt(s, st)) != 0)
		return rc;
	for (i = 0; i < nbands; i++) {
		st = store_stmt_lit(s, "INSERT INTO interval_band (max_depth_mm, "
		    "interval_h) VALUES (?, ?)");
		if (st == NULL)
			return STORE_ERROR;
		sqlite3_bind_double(st, 1, bands[i].max_depth_mm);
		sqlite3_bind_double(st, 2, bands[i].interval_h);
		if ((rc = store_exec_stmt(s, st)) != 0)
			return rc;
	}
	st = store_stmt_lit(s, "UPDATE rules SET skin_factor = ? WHERE id = 1");
	if (st == NULL)
		return STORE_ERROR;
	sqlite3_bind_double(st, 1, skin_factor);
	return store_exec_stmt(s, st);
}
