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
	[SQL_HEAL_BANDS] = { "heal_bands",
	    "SELECT max_depth_mm, interval_h FROM interval_band "
	    "ORDER BY max_depth_mm" },
	[SQL_HEAL_RULES] = { "heal_rules",
	    "SELECT skin_factor, sensitive_fitzpatrick, pigment_depth_mm, "
	    "prolonged_h, clinician_h FROM rules WHERE id = 1" },
	[SQL_HEAL_CONDITIONS] = { "heal_conditions",
	    "SELECT bit, slug, rest_h FROM condition ORDER BY bit" },
	[SQL_HEAL_PROFILE] = { "heal_profile",
	    "SELECT coalesce(fitzpatrick, 0), sensitive, melasma "
	    "FROM profile WHERE id = " P },
	[SQL_HEAL_CATEGORIES] = { "heal_categories",
	    "SELECT slug, stop_before_h, avoid_after_h, systemic "
	    "FROM product_category ORDER BY id" },
	[SQL_PRODUCT_INFO] = { "product_info",
	    "SELECT p.name, c.slug, "
	    "coalesce(p.stop_before_h, c.stop_before_h), "
	    "coalesce(p.avoid_after_h, c.avoid_after_h), c.systemic "
	    "FROM product p JOIN product_category c ON c.id = p.category_id "
	    "WHERE p.id = ?1" },
	[SQL_LAST_TREATED] = { "last_treated",
	    "SELECT max(at) FROM treatment WHERE area_id = ?1 AND at <= ?2" },
	/* session_time's index, newest first; a session has treatments. */
	[SQL_LAST_TREATED_ANY] = { "last_treated_any",
	    "SELECT started_at FROM session se WHERE profile_id = " P " "
	    "AND started_at <= ?1 AND EXISTS (SELECT 1 FROM treatment tr "
	    "WHERE tr.session_id = se.id) "
	    "ORDER BY started_at DESC LIMIT 1" },
	[SQL_DEVICE_USES] = { "device_uses",
	    "SELECT count(*), min(started_at) FROM session "
	    "WHERE device_id = ?1 AND id != ?4 AND "
	    "(started_at < ?2 OR (?3 AND started_at = ?2))" },
	[SQL_HEAL_LAST_TREATMENT] = { "heal_last_treatment",
	    "SELECT at, depth_mm FROM treatment WHERE area_id = ?1 "
	    "AND at <= ?2 ORDER BY at DESC LIMIT 1" },
	[SQL_HEAL_TREATMENTS] = { "heal_treatments",
	    "SELECT at, depth_mm FROM treatment WHERE area_id = ?1 "
	    "AND at > ?2 AND at <= ?3" },
	[SQL_HEAL_PRODUCTS] = { "heal_products",
	    "SELECT p.id, p.name, c.slug, "
	    "coalesce(p.stop_before_h, c.stop_before_h), c.systemic "
	    "FROM product p JOIN product_category c ON c.id = p.category_id "
	    "WHERE coalesce(p.stop_before_h, c.stop_before_h) > 0" },
	[SQL_HEAL_APPLIED_ANY] = { "heal_applied_any",
	    "SELECT max(applied_at) FROM application WHERE product_id = ?1 "
	    "AND applied_at <= ?3" },
	[SQL_HEAL_APPLIED_AREA] = { "heal_applied_area",
	    "SELECT max(at) FROM application_area WHERE area_id = ?2 "
	    "AND product_id = ?1 AND at <= ?3" },
	[SQL_HEAL_LATEST_CHECKIN] = { "heal_latest_checkin",
	    "SELECT at, redness, swelling, pain, infection_signs, conditions "
	    "FROM checkin WHERE area_id = ?1 AND at <= ?2 "
	    "ORDER BY at DESC, id DESC LIMIT 1" },
	[SQL_HEAL_CONDITION_LISTED] = { "heal_condition_listed",
	    "SELECT max(at) FROM checkin_condition WHERE area_id = ?1 "
	    "AND condition = ?2 AND at <= ?3" },
	[SQL_HEAL_FIRST_CLEAR] = { "heal_first_clear",
	    "SELECT min(at) FROM checkin WHERE area_id = ?1 AND clear = 1 "
	    "AND at > ?2 AND at <= ?3" },
};
