/*
 * store_sql.c: the text of every statement (see store_sql.h).  Lists
 * bind their filters and cursor by name (store_page()): :since, :until,
 * :area, :ctime, :cid, :limit and :now.
 */
#include "buildconf.h"

#include "store_sql.h"

#define P STORE_PROFILE_SQL

const struct store_sql_def store_sql_defs[SQL__COUNT] = {
	/* store.c */
	[SQL_HEALTH] = { "health", "SELECT 1 FROM profile LIMIT 1" },
	[SQL_AREA_ID] = { "area_id",
	    "SELECT id FROM area WHERE profile_id = " P " AND slug = ?" },
	[SQL_CATEGORY_ID] = { "category_id",
	    "SELECT id FROM product_category WHERE slug = ?" },
	[SQL_CONDITION_BIT] = { "condition_bit",
	    "SELECT bit FROM condition WHERE slug = ?" },
	/* The names a "did you mean" hint is chosen from (store_names()). */
	[SQL_AREA_SLUGS] = { "area_slugs",
	    "SELECT slug FROM area WHERE profile_id = " P " ORDER BY id" },
	[SQL_CATEGORY_SLUGS] = { "category_slugs",
	    "SELECT slug FROM product_category ORDER BY id" },
	[SQL_CONDITION_SLUGS] = { "condition_slugs",
	    "SELECT slug FROM condition ORDER BY bit" },

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
	    "AND (?2 IS NULL OR region = ?2) "
	    "AND EXISTS (SELECT 1 FROM treatment t WHERE t.area_id = a.id "
	    "    AND t.at <= ?1) ORDER BY id" },
	/* The areas a treatment's "region" stands for. */
	[SQL_AREA_REGION] = { "area_region",
	    "SELECT id, slug, max_home_depth_mm FROM area "
	    "WHERE profile_id = " P " AND region = ?1 AND archived = 0 "
	    "ORDER BY id" },
	[SQL_AREA_REGIONS] = { "area_regions",
	    "SELECT DISTINCT region FROM area WHERE profile_id = " P " "
	    "ORDER BY region" },

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
	    "SELECT " PRODUCT_COLUMNS "WHERE p.id = ?1 AND p.profile_id = " P },
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
	[SQL_PRODUCT_INFO] = { "product_info",
	    "SELECT p.name, c.slug, "
	    "coalesce(p.stop_before_h, c.stop_before_h), "
	    "coalesce(p.avoid_after_h, c.avoid_after_h), c.systemic "
	    "FROM product p JOIN product_category c ON c.id = p.category_id "
	    "WHERE p.id = ?1" },
	/* The products that must wait after a session (§3, §8). */
	[SQL_PRODUCT_WAITS] = { "product_waits",
	    "SELECT p.id, p.name, c.slug, "
	    "coalesce(p.avoid_after_h, c.avoid_after_h) "
	    "FROM product p JOIN product_category c ON c.id = p.category_id "
	    "WHERE p.profile_id = " P " "
	    "AND coalesce(p.avoid_after_h, c.avoid_after_h) > 0 "
	    "ORDER BY p.id" },
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
	    "SELECT name, fitzpatrick, sensitive, melasma, time_zone "
	    "FROM profile WHERE id = " P },
	[SQL_PROFILE_UPDATE] = { "profile_update",
	    "UPDATE profile SET name = ?1, fitzpatrick = ?2, sensitive = ?3, "
	    "melasma = ?4, time_zone = ?5 WHERE id = " P },

/* store_sessions.c */
/* What session_row() reads by position: id 0, time 1 (store_list). */
#define SESSION_COLUMNS \
	"s.id, s.started_at, s.setting, s.device_id, s.new_cartridge, " \
	"s.notes "
	[SQL_SESSION_DEVICE] = { "session_device",
	    "SELECT d.name, d.kind, k.fixed_length, k.single_use_cartridge, "
	    "d.needle_length_mm, d.max_uses, d.max_age_days FROM device d "
	    "JOIN device_kind k ON k.kind = d.kind WHERE d.id = ?1" },
	[SQL_SESSION_INSERT] = { "session_insert",
	    "INSERT INTO session (profile_id, started_at, setting, device_id, "
	    "new_cartridge, notes) VALUES (" P ", ?1, ?2, ?3, ?4, ?5)" },
	[SQL_SESSION_UPDATE] = { "session_update",
	    "UPDATE session SET started_at = ?1, setting = ?2, "
	    "device_id = ?3, new_cartridge = ?4, notes = ?5 "
	    "WHERE id = ?6 AND profile_id = " P },
	[SQL_SESSION_CLEAR_TREATMENTS] = { "session_clear_treatments",
	    "DELETE FROM treatment WHERE session_id = ?1" },
	[SQL_SESSION_CLEAR_APPLICATIONS] = { "session_clear_applications",
	    "DELETE FROM application WHERE session_id = ?1" },
	[SQL_TREATMENT_INSERT] = { "treatment_insert",
	    "INSERT INTO treatment (session_id, area_id, pos, at, depth_mm, "
	    "passes) VALUES (?1, ?2, ?3, ?4, ?5, ?6)" },
	[SQL_SESSION_DELETE] = { "session_delete",
	    "DELETE FROM session WHERE id = ?1 AND profile_id = " P },
	[SQL_SESSION_GET] = { "session_get",
	    "SELECT " SESSION_COLUMNS "FROM session s "
	    "WHERE s.id = ?1 AND s.profile_id = " P },
	[SQL_SESSION_TREATMENTS] = { "session_treatments",
	    "SELECT a.slug, t.depth_mm, t.passes FROM treatment t "
	    "JOIN area a ON a.id = t.area_id WHERE t.session_id = ?1 "
	    "ORDER BY t.pos" },
	[SQL_SESSION_PRODUCTS] = { "session_products",
	    "SELECT product_id, id FROM application WHERE session_id = ?1 "
	    "ORDER BY id" },
	[SQL_SESSION_LIST] = { "session_list",
	    "SELECT " SESSION_COLUMNS "FROM session s "
	    "WHERE s.profile_id = " P " "
	    "AND s.started_at >= :since AND s.started_at <= :until "
	    "AND (:region IS NULL OR EXISTS (SELECT 1 FROM treatment rt "
	    "JOIN area ra ON ra.id = rt.area_id WHERE rt.session_id = s.id "
	    "AND ra.region = :region)) "
	    "AND (s.started_at, s.id) < (:ctime, :cid) "
	    "ORDER BY s.started_at DESC, s.id DESC LIMIT :limit" },
	[SQL_SESSION_LIST_AREA] = { "session_list_area",
	    "SELECT " SESSION_COLUMNS "FROM treatment t "
	    "JOIN session s ON s.id = t.session_id "
	    "WHERE t.area_id = :area AND t.at >= :since AND t.at <= :until "
	    "AND (:region IS NULL OR EXISTS (SELECT 1 FROM treatment rt "
	    "JOIN area ra ON ra.id = rt.area_id WHERE rt.session_id = s.id "
	    "AND ra.region = :region)) "
	    "AND (t.at, t.session_id) < (:ctime, :cid) "
	    "ORDER BY t.at DESC, t.session_id DESC LIMIT :limit" },

/* store_applications.c */
/* What application_row() reads by position: id 0, time 2. */
#define APPLICATION_COLUMNS \
	"a.id, a.product_id, a.applied_at, a.notes, a.session_id "
	[SQL_APPLICATION_GET] = { "application_get",
	    "SELECT " APPLICATION_COLUMNS "FROM application a "
	    "WHERE a.id = ?1 AND a.profile_id = " P },
	[SQL_APPLICATION_AREAS] = { "application_areas",
	    "SELECT a.slug FROM application_area x JOIN area a "
	    "ON a.id = x.area_id WHERE x.application_id = ?1 ORDER BY x.pos" },
	[SQL_APPLICATION_LIST] = { "application_list",
	    "SELECT " APPLICATION_COLUMNS "FROM application a "
	    "WHERE a.profile_id = " P " "
	    "AND a.applied_at >= :since AND a.applied_at <= :until "
	    "AND (a.applied_at, a.id) < (:ctime, :cid) "
	    "ORDER BY a.applied_at DESC, a.id DESC LIMIT :limit" },
	[SQL_APPLICATION_LIST_AREA] = { "application_list_area",
	    "SELECT " APPLICATION_COLUMNS "FROM application_area x "
	    "JOIN application a ON a.id = x.application_id "
	    "WHERE x.area_id = :area AND x.at >= :since AND x.at <= :until "
	    "AND (x.at, x.application_id) < (:ctime, :cid) "
	    "ORDER BY x.at DESC, x.application_id DESC LIMIT :limit" },
	[SQL_APPLICATION_INSERT] = { "application_insert",
	    "INSERT INTO application (profile_id, product_id, session_id, "
	    "applied_at, notes) VALUES (" P ", ?1, ?2, ?3, ?4)" },
	[SQL_APPLICATION_AREA_INSERT] = { "application_area_insert",
	    "INSERT INTO application_area (application_id, area_id, pos, "
	    "product_id, at) VALUES (?1, ?2, ?3, ?4, ?5)" },
	[SQL_APPLICATION_DELETE] = { "application_delete",
	    "DELETE FROM application WHERE id = ?1 AND profile_id = " P },
	[SQL_APPLICATION_UPDATE] = { "application_update",
	    "UPDATE application SET product_id = ?1, applied_at = ?2, "
	    "notes = ?3 WHERE id = ?4 AND profile_id = " P },
	[SQL_APPLICATION_CLEAR_AREAS] = { "application_clear_areas",
	    "DELETE FROM application_area WHERE application_id = ?1" },
	[SQL_APPLICATION_SESSION] = { "application_session",
	    "SELECT coalesce(session_id, 0) FROM application "
	    "WHERE id = ?1 AND profile_id = " P },

/* store_checkins.c */
/* What checkin_row() reads by position: id 0, time 2. */
#define CHECKIN_COLUMNS \
	"c.id, ar.slug, c.at, c.redness, c.swelling, c.pain, " \
	"c.infection_signs, c.conditions, c.notes "
	[SQL_CHECKIN_GET] = { "checkin_get",
	    "SELECT " CHECKIN_COLUMNS "FROM checkin c "
	    "JOIN area ar ON ar.id = c.area_id "
	    "WHERE c.id = ?1 AND c.profile_id = " P },
	[SQL_CHECKIN_CONDITIONS] = { "checkin_conditions",
	    "SELECT slug FROM condition WHERE (?1 >> bit) & 1 ORDER BY bit" },
	[SQL_CHECKIN_LIST] = { "checkin_list",
	    "SELECT " CHECKIN_COLUMNS "FROM checkin c "
	    "JOIN area ar ON ar.id = c.area_id "
	    "WHERE c.profile_id = " P " AND c.at >= :since AND c.at <= :until "
	    "AND (c.at, c.id) < (:ctime, :cid) "
	    "ORDER BY c.at DESC, c.id DESC LIMIT :limit" },
	[SQL_CHECKIN_LIST_AREA] = { "checkin_list_area",
	    "SELECT " CHECKIN_COLUMNS "FROM checkin c "
	    "JOIN area ar ON ar.id = c.area_id "
	    "WHERE c.area_id = :area AND c.at >= :since AND c.at <= :until "
	    "AND (c.at, c.id) < (:ctime, :cid) "
	    "ORDER BY c.at DESC, c.id DESC LIMIT :limit" },
	[SQL_CHECKIN_INSERT] = { "checkin_insert",
	    "INSERT INTO checkin (profile_id, area_id, at, redness, swelling, "
	    "pain, infection_signs, conditions, notes) "
	    "VALUES (" P ", ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)" },
	/* One checkin_condition row per bit set, named by the table. */
	[SQL_CHECKIN_CONDITION_INSERT] = { "checkin_condition_insert",
	    "INSERT INTO checkin_condition (checkin_id, area_id, condition, "
	    "at) SELECT ?1, ?2, slug, ?3 FROM condition "
	    "WHERE (?4 >> bit) & 1" },
	[SQL_CHECKIN_DELETE] = { "checkin_delete",
	    "DELETE FROM checkin WHERE id = ?1 AND profile_id = " P },
	[SQL_CHECKIN_UPDATE] = { "checkin_update",
	    "UPDATE checkin SET area_id = ?1, at = ?2, redness = ?3, "
	    "swelling = ?4, pain = ?5, infection_signs = ?6, conditions = ?7, "
	    "notes = ?8 WHERE id = ?9 AND profile_id = " P },
	[SQL_CHECKIN_CLEAR_CONDITIONS] = { "checkin_clear_conditions",
	    "DELETE FROM checkin_condition WHERE checkin_id = ?1" },

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
	    "SELECT coalesce(fitzpatrick, 0), sensitive, melasma, time_zone "
	    "FROM profile WHERE id = " P },
	[SQL_HEAL_CATEGORIES] = { "heal_categories",
	    "SELECT slug, stop_before_h, avoid_after_h, systemic, name "
	    "FROM product_category ORDER BY id" },
	[SQL_LAST_TREATMENT] = { "last_treatment",
	    "SELECT at, depth_mm, session_id FROM treatment WHERE area_id = ?1 "
	    "AND at <= ?2 ORDER BY at DESC, session_id DESC LIMIT 1" },
	/* session_time's index, newest first; a session has treatments,
	 * the deepest stands for it. */
	[SQL_LAST_TREATMENT_ANY] = { "last_treatment_any",
	    "SELECT started_at, (SELECT max(depth_mm) FROM treatment tr "
	    "WHERE tr.session_id = se.id), id FROM session se "
	    "WHERE profile_id = " P " AND started_at <= ?1 AND EXISTS "
	    "(SELECT 1 FROM treatment tr WHERE tr.session_id = se.id) "
	    "ORDER BY started_at DESC, id DESC LIMIT 1" },
	[SQL_DEVICE_USES] = { "device_uses",
	    "SELECT count(*), min(started_at) FROM session "
	    "WHERE device_id = ?1 AND id != ?4 AND "
	    "(started_at < ?2 OR (?3 AND started_at = ?2))" },
	[SQL_HEAL_LAST_TREATMENT] = { "heal_last_treatment",
	    "SELECT at, depth_mm FROM treatment WHERE area_id = ?1 "
	    "AND at <= ?2 ORDER BY at DESC LIMIT 1" },
	[SQL_HEAL_TREATMENTS] = { "heal_treatments",
	    "SELECT at, depth_mm, session_id FROM treatment WHERE area_id = ?1 "
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
	    "SELECT at, redness, swelling, pain, infection_signs, conditions, "
	    "id FROM checkin WHERE area_id = ?1 AND at <= ?2 "
	    "ORDER BY at DESC, id DESC LIMIT 1" },
	[SQL_HEAL_CONDITION_LISTED] = { "heal_condition_listed",
	    "SELECT max(at) FROM checkin_condition WHERE area_id = ?1 "
	    "AND condition = ?2 AND at <= ?3" },
	[SQL_HEAL_FIRST_CLEAR] = { "heal_first_clear",
	    "SELECT at, id FROM checkin WHERE area_id = ?1 AND clear = 1 "
	    "AND at > ?2 AND at <= ?3 ORDER BY at, id LIMIT 1" },

	/* store_events.c */
	[SQL_EVENT_INSERT] = { "event_insert",
	    "INSERT INTO event (type, at, data) VALUES (?1, ?2, ?3)" },
	[SQL_EVENT_PRUNE] = { "event_prune",
	    "DELETE FROM event WHERE id <= "
	    "(SELECT max(id) FROM event) - ?1" },
	[SQL_EVENT_SINCE] = { "event_since",
	    "SELECT id, type, at, data FROM event WHERE id > ?1 "
	    "ORDER BY id" },
	[SQL_EVENT_BOUNDS] = { "event_bounds",
	    "SELECT coalesce(min(id), 0), coalesce(max(id), 0), "
	    "(SELECT coalesce(max(seq), 0) FROM sqlite_sequence "
	    "WHERE name = 'event') FROM event" },

	/* store_idempotency.c */
	[SQL_IDEM_GET] = { "idempotency_get",
	    "SELECT request_hash, status, location, body FROM idempotency "
	    "WHERE key = ?1 AND method = ?2 AND path = ?3 AND at >= ?4" },
	[SQL_IDEM_PUT] = { "idempotency_put",
	    "INSERT OR REPLACE INTO idempotency (key, method, path, "
	    "request_hash, status, location, body, at) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)" },
	[SQL_IDEM_EXPIRE] = { "idempotency_expire",
	    "DELETE FROM idempotency WHERE at < ?1" },

	/* store_calendar.c */
	[SQL_CALENDAR_SESSIONS] = { "calendar_sessions",
	    "SELECT s.id, s.started_at, s.setting, s.notes, "
	    "(SELECT group_concat(x, ', ') FROM (SELECT a.slug || ' ' || "
	    "t.depth_mm || ' mm' AS x FROM treatment t JOIN area a "
	    "ON a.id = t.area_id WHERE t.session_id = s.id ORDER BY t.pos)) "
	    "FROM session s WHERE s.profile_id = " P " AND s.started_at >= ?1 "
	    "ORDER BY s.started_at DESC, s.id DESC LIMIT ?2" },

	/*
	 * store_avoid.c: each area's latest treatment in (?1, ?2], one
	 * index seek per area (treatment_area_time).
	 */
	[SQL_AVOID_TREATED] = { "avoid_treated",
	    "SELECT a.slug, (SELECT max(t.at) FROM treatment t "
	    "WHERE t.area_id = a.id AND t.at > ?1 AND t.at <= ?2) AS last "
	    "FROM area a WHERE a.profile_id = " P " "
	    "AND (?3 = 0 OR a.id = ?3) AND last IS NOT NULL ORDER BY a.id" },
};
