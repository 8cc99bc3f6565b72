/*
 * store_profile.c: the profile (skin type, sensitivity).
 */
#include "buildconf.h"

#include <string.h>

#include "jsonv.h"
#include "log.h"
#include "store.h"

json_t *
store_profile_json(struct store *s)
{
	sqlite3_stmt		*st = store_stmt_lit(s,
	    "SELECT p.name, p.fitzpatrick, p.sensitive, p.melasma, "
	    "r.skin_factor, r.sensitive_fitzpatrick "
	    "FROM profile p, rules r WHERE p.id = 1 AND r.id = 1");
	struct heal_rules	 rules;
	struct heal_profile	 prof;
	json_t			*o = NULL;
	int			 rc;

	if (st == NULL)
		return NULL;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		/* heal_skin_factor() reads only these members. */
		memset(&rules, 0, sizeof(rules));
		memset(&prof, 0, sizeof(prof));
		rules.skin_factor = sqlite3_column_double(st, 4);
		rules.sensitive_fitzpatrick = sqlite3_column_int(st, 5);
		prof.fitzpatrick = sqlite3_column_int(st, 1);	/* NULL: 0 */
		prof.sensitive = sqlite3_column_int(st, 2);
		prof.melasma = sqlite3_column_int(st, 3);
		o = json_pack("{s:s, s:o, s:b, s:b, s:o}",
		    "name", (const char *)sqlite3_column_text(st, 0),
		    "fitzpatrick", sqlite3_column_type(st, 1) == SQLITE_NULL ?
		    json_null() : json_integer(prof.fitzpatrick),
		    "sensitive", prof.sensitive,
		    "melasma", prof.melasma,
		    "skin_factor", jv_number(heal_skin_factor(&rules, &prof)));
	} else
		log_warnx("profile: %s", rc == SQLITE_DONE ? "no row" :
		    sqlite3_errmsg(store_db(s)));
	sqlite3_reset(st);
	return o;
}

int
store_profile_update(struct store *s, const char *name, int fitzpatrick,
    int sensitive, int melasma)
{
	sqlite3_stmt	*st = store_stmt_lit(s,
	    "UPDATE profile SET name = ?, fitzpatrick = ?, sensitive = ?, "
	    "melasma = ? WHERE id = 1");

	if (st == NULL)
		return STORE_ERROR;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	if (fitzpatrick > 0)
		sqlite3_bind_int(st, 2, fitzpatrick);
	sqlite3_bind_int(st, 3, sensitive != 0);
	sqlite3_bind_int(st, 4, melasma != 0);
	return store_exec_stmt(s, st);
}
