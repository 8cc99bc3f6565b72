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
#define STORE_PROFILE_SQL "1"

enum store_sql {
	/* store.c: health and look-ups by key */
	SQL_HEALTH,
	SQL_AREA_ID,
	SQL_CATEGORY_ID,
	SQL_CONDITION_BIT,
	SQL_AREA_SLUGS,
	SQL_CATEGORY_SLUGS,
	SQL_CONDITION_SLUGS,

	/* store_areas.c */
	SQL_AREA_GET,
	SQL_AREA_LIST,
	SQL_AREA_INSERT,
	SQL_AREA_UPDATE,
	SQL_AREA_REFERENCED,
	SQL_AREA_DELETE,
	SQL_AREA_CAP,
	SQL_AREA_TRACKED,
	SQL_AREA_REGION,
	SQL_AREA_REGIONS,

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
	SQL_PRODUCT_INFO,
	SQL_PRODUCT_WAITS,
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
	SQL_SESSION_DEVICE,
	SQL_SESSION_INSERT,
	SQL_SESSION_UPDATE,
	SQL_SESSION_CLEAR_TREATMENTS,
	SQL_SESSION_CLEAR_APPLICATIONS,
	SQL_TREATMENT_INSERT,
	SQL_SESSION_DELETE,
	SQL_SESSION_GET,
	SQL_SESSION_TREATMENTS,
	SQL_SESSION_PRODUCTS,
	SQL_SESSION_LIST,
	SQL_SESSION_LIST_AREA,

	/* store_applications.c */
	SQL_APPLICATION_GET,
	SQL_APPLICATION_AREAS,
	SQL_APPLICATION_LIST,
	SQL_APPLICATION_LIST_AREA,
	SQL_APPLICATION_INSERT,
	SQL_APPLICATION_AREA_INSERT,
	SQL_APPLICATION_DELETE,
	SQL_APPLICATION_UPDATE,
	SQL_APPLICATION_CLEAR_AREAS,
	SQL_APPLICATION_SESSION,

	/* store_checkins.c */
	SQL_CHECKIN_GET,
	SQL_CHECKIN_CONDITIONS,
	SQL_CHECKIN_LIST,
	SQL_CHECKIN_LIST_AREA,
	SQL_CHECKIN_INSERT,
	SQL_CHECKIN_CONDITION_INSERT,
	SQL_CHECKIN_DELETE,
	SQL_CHECKIN_UPDATE,
	SQL_CHECKIN_CLEAR_CONDITIONS,

	/* store_heal.c */
	SQL_HEAL_BANDS,
	SQL_HEAL_RULES,
	SQL_HEAL_CONDITIONS,
	SQL_HEAL_PROFILE,
	SQL_HEAL_CATEGORIES,
	SQL_LAST_TREATMENT,
	SQL_LAST_TREATMENT_ANY,
	SQL_DEVICE_USES,
	SQL_HEAL_LAST_TREATMENT,
	SQL_HEAL_TREATMENTS,
	SQL_HEAL_PRODUCTS,
	SQL_HEAL_APPLIED_ANY,
	SQL_HEAL_APPLIED_AREA,
	SQL_HEAL_LATEST_CHECKIN,
	SQL_HEAL_CONDITION_LISTED,
	SQL_HEAL_FIRST_CLEAR,

	/* store_events.c */
	SQL_EVENT_INSERT,
	SQL_EVENT_PRUNE,
	SQL_EVENT_SINCE,
	SQL_EVENT_BOUNDS,

	/* store_idempotency.c */
	SQL_IDEM_GET,
	SQL_IDEM_PUT,
	SQL_IDEM_EXPIRE,

	/* store_calendar.c */
	SQL_CALENDAR_SESSIONS,

	/* store_avoid.c */
	SQL_AVOID_TREATED,

	SQL__COUNT
};

struct store_sql_def {
	const char *name; /* for the log: "area_id" */
	const char *sql;
};

/* The table, indexed by enum store_sql. */
extern const struct store_sql_def store_sql_defs[SQL__COUNT];

#endif /* NEEDLED_STORE_SQL_H */
