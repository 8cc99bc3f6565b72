/*
 * store_rules.c: the interval rules (healing-model.md §1).
 */
#include "buildconf.h"

#include "jsonv.h"
#include "store.h"

int
store_rules_json(struct store *s, json_t **out)
{
	sqlite3_stmt *st;
	json_t       *bands = NULL, *o;
	double        factor;
	int           rc;

	*out = NULL;
	if ((rc = store_get_double(
	         s, store_stmt(s, SQL_RULES_FACTOR), &factor)) != 0)
		return rc;
	if ((bands = json_array()) == NULL)
		return STORE_ERROR;
	st = store_stmt(s, SQL_RULES_BANDS);
	while ((rc = store_step(s, st)) == 1) {
		o = json_pack("{s:o, s:o}", "max_depth_mm",
		    jv_number(sqlite3_column_double(st, 0)), "interval_h",
		    jv_number(sqlite3_column_double(st, 1)));
		if (json_array_append_new(bands, o) != 0) {
			rc = STORE_ERROR;
			break;
		}
	}
	sqlite3_reset(st);
	if (rc < 0)
		goto fail;
	if ((*out = json_pack("{s:o, s:o}", "bands", bands, "skin_factor",
	         jv_number(factor))) == NULL)
		return STORE_ERROR; /* json_pack took bands */
	return 0;
fail:
	json_decref(bands);
	return rc;
}

int
store_rules_replace(struct store *s, const struct heal_band *bands,
    size_t nbands, double skin_factor)
{
	sqlite3_stmt *st;
	size_t        i;
	int           rc;

	if ((rc = store_exec_stmt(s, store_stmt(s, SQL_RULES_BANDS_CLEAR))) !=
	    0)
		return rc;
	for (i = 0; i < nbands; i++) {
		st = store_stmt(s, SQL_RULES_BAND_INSERT);
		sqlite3_bind_double(st, 1, bands[i].max_depth_mm);
		sqlite3_bind_double(st, 2, bands[i].interval_h);
		if ((rc = store_exec_stmt(s, st)) != 0)
			return rc;
	}
	st = store_stmt(s, SQL_RULES_FACTOR_SET);
	sqlite3_bind_double(st, 1, skin_factor);
	return store_exec_stmt(s, st);
}
