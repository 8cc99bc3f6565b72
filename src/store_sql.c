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
#define AREA_COLUMNS \
	"slug, name, region, max_home_depth_mm, " \
	"archived = 0 AND EXISTS (SELECT 1 FROM treatment t " \
	"    WHERE t.area_id = area.id), archived, id "
	[SQL_AREA_GET] = { "area_get",
	    "SELECT " AREA_COLUMNS "FROM area "
	    "WHERE id = ?1 AND profile_id = " P },
	[SQL_AREA_LIST] = { "area_list",
	    "SELECT " AREA_COLUMNS "FROM area "
	    "WHERE profile_id = " P " AND id > :cid ORDER BY id LIMIT :limit" },
	[SQL_AREA_INSERT] = { "area_insert",
	    "INSERT INTO area (profile_id, slug, name, region, "
	    "max_home_depth_mm, archived) VALUES (" P ", ?1, ?2, ?3, ?4, ?5)" },
	[SQL_AREA_UPDATE] = { "area_update",
	    "UPDATE area SET slug = ?1, name = ?2, region = ?3, "
	    "max_home_depth_mm = ?4, archived = ?5 WHERE id = ?6" },
	[SQL_AREA_REFERENCED] = { "area_referenced",
	    "SELECT EXISTS (SELECT 1 FROM treatment WHERE area_id = ?1) "
	    "OR EXISTS (SELECT 1 FROM application_area WHERE area_id = ?1) "
	    "OR EXISTS (SELECT 1 FROM checkin WHERE area_id = ?1)" },
	[SQL_AREA_DELETE] = { "area_delete", "DELETE FROM area WHERE id = ?1" },
	[SQL_AREA_CAP] = { "area_cap",
	    "SELECT max_home_depth_mm FROM area WHERE id = ?1" },
	[SQL_AREA_TRACKED] = { "area_tracked",
	    "SELECT id, slug FROM area a "
	    "WHERE profile_id = " P " AND archived = 0 "
	    "AND EXISTS (SELECT 1 FROM treatment t WHERE t.area_id = a.id "
	    "    AND t.at <= ?1) ORDER BY id" },

	/* store_devices.c */
#define DEVICE_COLUMNS \
	"id, name, kind, needle_length_mm, needle_count, max_uses, " \
	"max_age_days, retired "
	[SQL_DEVICE_GET] = { "device_get",
	    "SELECT " DEVICE_COLUMNS "FROM device "
	    "WHERE id = ?1 AND profile_id = " P },
	[SQL_DEVICE_LIST] = { "device_list",
	    "SELECT " DEVICE_COLUMNS "FROM device "
	    "WHERE profile_id = " P " AND id > :cid ORDER BY id LIMIT :limit" },
	[SQL_DEVICE_KIND] = { "device_kind",
	    "SELECT fixed_length, max_uses, max_age_days FROM device_kind "
	    "WHERE kind = ?1" },
	[SQL_DEVICE_KINDS] = { "device_kinds",
	    "SELECT kind FROM device_kind ORDER BY kind" },
	[SQL_DEVICE_EXISTS] = { "device_exists",
	    "SELECT EXISTS (SELECT 1 FROM device "
	    "WHERE id = ?1 AND profile_id = " P ")" },
	[SQL_DEVICE_REFERENCED] = { "device_referenced",
	    "SELECT EXISTS (SELECT 1 FROM session WHERE device_id = ?1)" },
	[SQL_DEVICE_INSERT] = { "device_insert",
	    "INSERT INTO device (profile_id, name, kind, needle_length_mm, "
	    "needle_count, max_uses, max_age_days, retired) "
	    "VALUES (" P ", ?1, ?2, ?3, ?4, ?5, ?6, ?7)" },
	[SQL_DEVICE_UPDATE] = { "device_update",
	    "UPDATE device SET name = ?1, kind = ?2, needle_length_mm = ?3, "
	    "needle_count = ?4, max_uses = ?5, max_age_days = ?6, "
	    "retired = ?7 WHERE id = ?8" },
	[SQL_DEVICE_DELETE] = { "device_delete",
	    "DELETE FROM device WHERE id = ?1" },

	/* store_products.c, store_categories.c */
#define PRODUCT_COLUMNS \
	"p.id, p.name, c.slug, p.stop_before_h, p.avoid_after_h, " \
	"coalesce(p.stop_before_h, c.stop_before_h), " \
	"coalesce(p.avoid_after_h, c.avoid_after_h) " \
	"FROM product p JOIN product_category c ON c.id = p.category_id "
	[SQL_PRODUCT_GET] = { "product_get",
	    "SELECT " PRODUCT_COLUMNS
	    "WHERE p.id = ?1 AND p.profile_id = " P },
	[SQL_PRODUCT_LIST] = { "product_list",
	    "SELECT " PRODUCT_COLUMNS "WHERE p.profile_id = " P " "
	    "AND p.id > :cid ORDER BY p.id LIMIT :limit" },
	[SQL_PRODUCT_EXISTS] = { "product_exists",
	    "SELECT EXISTS (SELECT 1 FROM product "
	    "WHERE id = ?1 AND profile_id = " P ")" },
	[SQL_PRODUCT_APPLIED] = { "product_applied",
	    "SELECT EXISTS (SELECT 1 FROM application WHERE product_id = ?1)" },
	[SQL_PRODUCT_INSERT] = { "product_insert",
	    "INSERT INTO product (profile_id, name, category_id, "
	    "stop_before_h, avoid_after_h) VALUES (" P ", ?1, ?2, ?3, ?4)" },
	[SQL_PRODUCT_UPDATE] = { "product_update",
	    "UPDATE product SET name = ?1, category_id = ?2, "
	    "stop_before_h = ?3, avoid_after_h = ?4 WHERE id = ?5" },
	[SQL_PRODUCT_DELETE] = { "product_delete",
	    "DELETE FROM product WHERE id = ?1" },
#define CATEGORY_COLUMNS \
	"slug, name, stop_before_h, avoid_after_h, systemic, id " \
	"FROM product_category "
	[SQL_CATEGORY_GET] = { "category_get",
	    "SELECT " CATEGORY_COLUMNS "WHERE id = ?1" },
	[SQL_CATEGORY_LIST] = { "category_list",
	    "SELECT " CATEGORY_COLUMNS
	    "WHERE id > :cid ORDER BY id LIMIT :limit" },
	[SQL_CATEGORY_UPDATE] = { "category_update",
	    "UPDATE product_category SET name = ?1, stop_before_h = ?2, "
	    "avoid_after_h = ?3, systemic = ?4 WHERE id = ?5" },

	/* store_rules.c, store_profile.c (rules has one row: id 1) */
	[SQL_RULES_FACTOR] = { "rules_factor",
	    "SELECT skin_factor FROM rules WHERE id = 1" },
	[SQL_RULES_BANDS] = { "rules_bands",
	    "SELECT max_depth_mm, interval_h FROM interval_band "
	    "ORDER BY max_depth_mm" },
	[SQL_RULES_BANDS_CLEAR] = { "rules_bands_clear",
	    "DELETE FROM interval_band" },
	[SQL_RULES_BAND_INSERT] = { "rules_band_insert",
	    "INSERT INTO interval_band (max_depth_mm, interval_h) "
	    "VALUES (?1, ?2)" },
	[SQL_RULES_FACTOR_SET] = { "rules_factor_set",
	    "UPDATE rules SET skin_factor = ?1 WHERE id = 1" },
	[SQL_PROFILE_GET] = { "profile_get",
	    "SELECT name, fitzpatrick, sensitive, melasma FROM profile "
	    "WHERE id = " P },
	[SQL_PROFILE_UPDATE] = { "profile_update",
	    "UPDATE profile SET name = ?1, fitzpatrick = ?2, sensitive = ?3, "
	    "melasma = ?4 WHERE id = " P },

	/* store_sessions.c */

	/* store_applications.c */

	/* store_checkins.c */

	/* store_heal.c */
};
