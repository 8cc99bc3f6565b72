/*
 * store_sql.h: every SQL statement needled runs, by name.
 *
 * The texts are one table in store_sql.c (OpenSMTPD's table_sqlite is the
 * model): each is prepared and checked when the database opens, so a
 * broken query stops needled at start-up instead of failing a request,
 * and every query the daemon can run is visible in one place.  Each
 * resource's statements sit together, in the order of the store_*.c
 * files; add a name here and its text there.
 */
#ifndef NEEDLED_STORE_SQL_H
#define NEEDLED_STORE_SQL_H

/*
 * The one profile, until several come: the value written into every
 * profile_id column and matched in every WHERE, as SQL text.
 */
#define STORE_PROFILE_SQL	"1"

enum store_sql {
	/* store.c: health and look-ups by key */
	SQL_HEALTH,
	SQL_AREA_ID,
	SQL_CATEGORY_ID,
	SQL_CONDITION_BIT,

	/* store_areas.c */
	SQL_AREA_GET,
	SQL_AREA_LIST,
	SQL_AREA_INSERT,
	SQL_AREA_UPDATE,
	SQL_AREA_REFERENCED,
	SQL_AREA_DELETE,
	SQL_AREA_CAP,
	SQL_AREA_TRACKED,

	/* store_devices.c */
	SQL_DEVICE_GET,
	SQL_DEVICE_LIST,
	SQL_DEVICE_KIND,
	SQL_DEVICE_KINDS,
	SQL_DEVICE_EXISTS,
	SQL_DEVICE_REFERENCED,
	SQL_DEVICE_INSERT,
	SQL_DEVICE_UPDATE,
	SQL_DEVICE_DELETE,

	/* store_products.c, store_categories.c */
	SQL_PRODUCT_GET,
	SQL_PRODUCT_LIST,
	SQL_PRODUCT_EXISTS,
	SQL_PRODUCT_APPLIED,
	SQL_PRODUCT_INSERT,
	SQL_PRODUCT_UPDATE,
	SQL_PRODUCT_DELETE,
	SQL_CATEGORY_GET,
	SQL_CATEGORY_LIST,
	SQL_CATEGORY_UPDATE,

	/* store_rules.c, store_profile.c */
	SQL_RULES_FACTOR,
	SQL_RULES_BANDS,
	SQL_RULES_BANDS_CLEAR,
	SQL_RULES_BAND_INSERT,
	SQL_RULES_FACTOR_SET,
	SQL_PROFILE_GET,
	SQL_PROFILE_UPDATE,

	/* store_sessions.c */

	/* store_applications.c */

	/* store_checkins.c */

	/* store_heal.c */

	SQL__COUNT
};

struct store_sql_def {
	const char	*name;	/* for the log: "area_id" */
	const char	*sql;
};

/* The table, indexed by enum store_sql. */
extern const struct store_sql_def	store_sql_defs[SQL__COUNT];

#endif /* NEEDLED_STORE_SQL_H */
