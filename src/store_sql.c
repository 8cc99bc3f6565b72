/*
 * store_sql.c: the text of every statement (see store_sql.h).  Lists
 * bind their filters and cursor by name (store_page()): :since, :until,
 * :area, :ctime, :cid, :limit and :now.
 */
#include "buildconf.h"

#include "store_sql.h"

#define P	STORE_PROFILE_SQL

const struct store_sql_def	store_sql_defs[SQL__COUNT] = {
	/* store.c */
	[SQL_HEALTH] = { "health", "SELECT 1 FROM profile LIMIT 1" },
	[SQL_AREA_ID] = { "area_id",
	    "SELECT id FROM area WHERE profile_id = " P " AND slug = ?" },
	[SQL_CATEGORY_ID] = { "category_id",
	    "SELECT id FROM product_category WHERE slug = ?" },
	[SQL_CONDITION_BIT] = { "condition_bit",
	    "SELECT bit FROM condition WHERE slug = ?" },

	/* store_areas.c */

	/* store_devices.c */

	/* store_products.c, store_categories.c */

	/* store_rules.c, store_profile.c */

	/* store_sessions.c */

	/* store_applications.c */

	/* store_checkins.c */

	/* store_heal.c */
};
