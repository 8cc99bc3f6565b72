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
};
