/*
 * store.h: the SQLite database.  One connection, used from the loop thread
 * only.  WAL, synchronous=FULL, foreign keys on.  Schema migrations of
 * sql/ are embedded and applied at open, each in its own transaction.
 *
 * Statements are prepared once and cached (store_stmt()).  A write request
 * is exactly one transaction: store_begin() ... store_commit(), or
 * store_rollback() on any error, so that nothing is half-written.
 */
#ifndef NEEDLED_STORE_H
#define NEEDLED_STORE_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>
#include <sqlite3.h>

#include "heal.h"

#include "store_sql.h"

#define STORE_ERR_LEN 512

/*
 * Return codes besides 0: every store function that can fail returns one
 * of these (negative), and the API maps each to its own status
 * (api_store_error()).  SQLite's codes stay inside the store.
 */
#define STORE_ERROR (-1) /* SQLite failed (logged): 500 */
#define STORE_NOTFOUND (-2) /* no such row */
#define STORE_CONFLICT \
	(-3) /* UNIQUE, PRIMARY KEY or FOREIGN KEY: a
				 * duplicate, or a row still referenced */
#define STORE_BUSY (-4) /* locked by another process: 503 */
#define STORE_FULL (-5) /* disk or database full: 507 */
#define STORE_INVALID \
	(-6) /* CHECK or NOT NULL: a value the schema
				 * refuses (a validation gap: logged) */

struct store;

/*
 * Open (creating if missing) the database at path, check that it is a
 * needled database this binary understands (application_id, user_version
 * no newer than the embedded migrations, PRAGMA quick_check), set the
 * pragmas, apply the missing migrations and prepare every statement of
 * store_sql.c.  A file that fails a check is left untouched.  Returns 0
 * and *out, or -1 with a one-line message in err.
 */
int store_open(const char *path, struct store **out, char *err, size_t errlen);

/* Finalize every statement and close the connection (WAL checkpointed). */
void store_close(struct store *);

/* The schema version (PRAGMA user_version) after migrations. */
int store_schema_version(struct store *);

/* "ok" if the connection answers a trivial query, else "error". */
const char *store_health(struct store *);

/*
 * The prepared statement of the registry (store_sql.h), reset and with
 * its bindings cleared.  Never NULL: store_open() prepared them all.
 */
sqlite3_stmt *store_stmt(struct store *, enum store_sql);

/* The raw connection, for sqlite3_changes() and sqlite3_last_insert_rowid(). */
sqlite3 *store_db(struct store *);

/*
 * BEGIN IMMEDIATE / COMMIT / ROLLBACK.  0, STORE_BUSY (another process
 * holds the write lock: needled never waits for it), STORE_FULL or
 * STORE_ERROR.  A failed COMMIT has rolled back.
 */
int  store_begin(struct store *);
int  store_commit(struct store *);
void store_rollback(struct store *);

/*
 * A read transaction (BEGIN DEFERRED): the reads between them see one
 * snapshot and take the file locks once.  0 or a negative STORE_ code;
 * store_read_end() ends it (and is a no-op outside one).
 */
int  store_read_begin(struct store *);
void store_read_end(struct store *);

/*
 * A counter bumped by every committed write: readiness caches and ETags
 * key on it.
 */
uint64_t store_generation(struct store *);

/*
 * The STORE_ code of a failed sqlite3_step() result, logged with the
 * statement's name.  SQLITE_CONSTRAINT_CHECK/NOTNULL are STORE_INVALID,
 * the other constraints STORE_CONFLICT.
 */
int store_failed(struct store *, sqlite3_stmt *, int rc);

/*
 * Step once: 1 (a row), 0 (done), or a negative STORE_ code (logged; the
 * statement is reset).
 */
int store_step(struct store *, sqlite3_stmt *);

/*
 * Step a statement that returns no row (or whose rows are not wanted) to
 * its end and reset it.  Returns 0 or a negative STORE_ code.
 */
int store_exec_stmt(struct store *, sqlite3_stmt *);

/*
 * Single-row reads: the first column of the first row.  0 with *out set,
 * STORE_NOTFOUND when there is no row (or the value is NULL), or another
 * negative STORE_ code.  The statement is reset.
 */
int store_get_int(struct store *, sqlite3_stmt *, int64_t *out);
int store_get_double(struct store *, sqlite3_stmt *, double *out);

/*
 * A yes/no question about row id: the statement is a SELECT EXISTS (...)
 * with the id as parameter 1.  Returns 1, 0 or a negative STORE_ code.
 */
int store_exists(struct store *, enum store_sql, int64_t id);

/*
 * Run a DELETE statement with the id as parameter 1.  Returns 0,
 * STORE_NOTFOUND if it deleted no row, or another negative STORE_ code.
 */
int store_delete_row(struct store *, sqlite3_stmt *st, int64_t id);

/*
 * What a list or a read asks for.  Lists bind these by name where their
 * statement has the parameter (store_page()): :since and :until
 * (inclusive), :area (0: any), the cursor as :ctime and :cid, :limit and
 * :now.
 */
struct store_query {
	int64_t     now;
	int64_t     since, until; /* INT64_MIN / INT64_MAX: open */
	int64_t     area_id; /* 0: any */
	const char *region; /* sessions with a treatment in
					 * it; NULL: any */
	int         has_cursor;
	int64_t     cursor_time, cursor_id;
	long long   limit;
};

/*
 * A row of a result as its JSON representation: a new reference, or NULL
 * on failure (out of memory, or a nested read failed: logged).
 */
typedef json_t *
store_row_fn(struct store *, sqlite3_stmt *, const struct store_query *);

/*
 * One row as JSON: step st (bound, not yet stepped) once and turn the
 * row into JSON with row().  0 with *out, STORE_NOTFOUND, or another
 * negative STORE_ code.  q (may be NULL) is passed to row().
 */
int store_get_json(struct store *, sqlite3_stmt *st, store_row_fn *row,
    const struct store_query *q, json_t **out);

/*
 * A list the API pages through: its statement (and the one used with an
 * area filter, when it has one), its order and its row builder.
 *
 * A timed list is newest first by (time, id) and its statement selects
 * "(t, id) < (:ctime, :cid)"; otherwise it is in creation order and
 * selects "id > :cid".  Either way it ends "LIMIT :limit".
 */
struct store_list {
	const char    *what; /* "sessions", for the log */
	enum store_sql sql;
	enum store_sql sql_area; /* with ?area= (SQL__COUNT: none) */
	int            timed;
	int            idcol, timecol; /* columns of the cursor */
	store_row_fn  *row;
};

/*
 * A page of a list: 0 with a new JSON array of at most q->limit items in
 * *items, *more set when another page follows, and the last item's time
 * and id (the cursor of the next page); or a negative STORE_ code.
 */
int store_page(struct store *, const struct store_list *,
    const struct store_query *, json_t **items, int *more, int64_t *last_time,
    int64_t *last_id);

/* Nullable columns as JSON (new references): a number, an integer, or null. */
json_t *store_col_number(sqlite3_stmt *, int col);
json_t *store_col_integer(sqlite3_stmt *, int col);

/*
 * Look-ups by key: 0 with the row id (or the condition's bit) in *out,
 * STORE_NOTFOUND, or another negative STORE_ code.
 */
int store_area_id(struct store *, const char *slug, int64_t *out);
int store_category_id(struct store *, const char *slug, int64_t *out);
int store_condition_bit(struct store *, const char *slug, int64_t *out);
/*
 * The first column of every row of a one-column statement (SQL_AREA_SLUGS,
 * SQL_CATEGORY_SLUGS, SQL_CONDITION_SLUGS), comma-separated into buf (cut
 * at len): 0 or a negative STORE_ code.
 */
int store_names(struct store *, enum store_sql, char *buf, size_t len);

/*
 * Readiness input (store_heal.c).
 *
 * store_load_rules() fills the rule set and the profile (when p is not
 * NULL) from their tables: 0 or a negative STORE_ code.  The profile's
 * time_zone is the one in effect: the stored one, or when it is "" (or
 * no longer a zone of tzdata) the host's (timefmt_host_zone(), else
 * "UTC").  r->categories is left NULL: a caller that wants category names
 * in messages points it at store_load_categories()'s array.
 * store_load_categories() fills up to max categories (names included), in
 * creation order, and returns how many, or a negative STORE_ code.
 */
int
store_load_rules(struct store *, struct heal_rules *, struct heal_profile *);
int
store_load_categories(struct store *, struct heal_category *cats, size_t max);

/*
 * The history the rules need for one area as it stood at `now` (events at
 * or before now only), read with index seeks: treatments in the window
 * before the latest one, the latest application of each product whose
 * effective stop_before_h is positive (systemic ones from any area), the
 * latest check-in, the rests of §4.  The arrays live in *buf until the
 * next call with the same buf.  Returns 0 or a negative STORE_ code
 * (never a history with a failed read left out).
 */
struct store_history_buf {
	struct heal_treatment   *treatments;
	size_t                   ntreatments, captreatments;
	struct heal_application *applications;
	size_t                   napplications, capapplications;
};
int  store_area_history(struct store *, const struct heal_rules *,
     const struct heal_profile *, int64_t area_id, const char *slug, int64_t now,
     struct heal_area_history *out, struct store_history_buf *buf);
void store_history_buf_free(struct store_history_buf *);

/*
 * The readiness of one area at now (rules, profile, history, engine).
 * Returns 0 or a negative STORE_ code.
 */
int store_area_readiness(struct store *, const struct heal_rules *,
    const struct heal_profile *, int64_t area_id, const char *slug, int64_t now,
    struct heal_readiness *out);

/*
 * The latest treatment of an area at or before t (its time, depth and
 * session; of two sessions at the same time the later written), and of
 * any area: what a systemic product's product_too_soon looks at (§3), the
 * latest session with treatments, its depth the deepest of them.  0 with
 * *out filled, STORE_NOTFOUND when never treated (*out then has at =
 * HEAL_NONE, for the engine's "none"), or another negative STORE_ code
 * (*out untouched): a failed read is never "never treated".
 */
int store_last_treatment(
    struct store *, int64_t area_id, int64_t t, struct heal_treatment *out);
int
store_last_treatment_any(struct store *, int64_t t, struct heal_treatment *out);

/*
 * A device's wear inputs: how many sessions used it with started_at < at
 * (or <= at when inclusive), and its first use (HEAL_NONE if none).
 * exclude_session (0: none) is left out, so that a PATCHed session does not
 * count itself.  Returns 0 or a negative STORE_ code.
 */
int
store_device_uses(struct store *, int64_t device_id, int64_t at, int inclusive,
    int64_t exclude_session, long long *uses, int64_t *first_used_at);

/* --- store_areas.c (areas) --- */

/*
 * The catalogue resources (areas, devices, products, product categories,
 * interval rules, the profile) come out as their API representation:
 * store_<resource>_json() reads one (0 with a new reference in *out,
 * STORE_NOTFOUND, or another negative STORE_ code) and the
 * store_<resource>_list objects page through them with store_page(), in
 * creation order.  Nothing here decides a rule: what the engine needs
 * comes out as plain structs (store_heal.c).
 */
int store_area_json(struct store *, int64_t area_id, json_t **out);
extern const struct store_list store_area_list;
/*
 * Insert an area (fields of the API object; absent ones have defaults
 * already filled).  Returns the id, STORE_CONFLICT (the slug is taken),
 * STORE_INVALID (a value the schema refuses) or another negative STORE_
 * code.
 */
int64_t store_area_insert(struct store *, const char *slug, const char *name,
    const char *region, double max_home_depth_mm, int archived);
/* Replace every stored field of an area: 0 or as store_area_insert(). */
int store_area_update(struct store *, int64_t id, const char *slug,
    const char *name, const char *region, double max_home_depth_mm,
    int archived);
/*
 * Delete an area no history references: 0, STORE_CONFLICT (referenced),
 * STORE_NOTFOUND or another negative STORE_ code.
 */
int store_area_delete(struct store *, int64_t id);
/* The area's home depth cap: 0 with *out, STORE_NOTFOUND or failed. */
int store_area_cap(struct store *, int64_t id, double *out);
/*
 * The tracked areas at now (treated at least once at or before now, not
 * archived), in creation order: fills ids and slugs (HEAL_SLUG_LEN each)
 * up to max, returns the count or a negative STORE_ code.
 */
int store_tracked_areas(struct store *, int64_t now, int64_t *ids,
    char (*slugs)[HEAL_SLUG_LEN], size_t max);
/*
 * store_tracked_areas() of one region (NULL: all); same returns.
 */
int store_tracked_areas_in(struct store *, int64_t now, const char *region,
    int64_t *ids, char (*slugs)[HEAL_SLUG_LEN], size_t max);
/*
 * The regions areas have ("body, face, neck, scalp"), comma-separated
 * into buf: 0 or a negative STORE_ code.
 */
int store_area_regions(struct store *, char *buf, size_t len);
/*
 * The non-archived areas of a region, by id: how many were written (at
 * most max; 0 when the region has none), or a negative STORE_ code.
 */
int store_region_areas(struct store *, const char *region, int64_t *ids,
    char (*slugs)[HEAL_SLUG_LEN], size_t max);

/* --- store_devices.c (devices) --- */

/*
 * A device's stored fields.  Negative numbers stand for null (NULL in the
 * row); name and kind are borrowed for the call.
 */
struct store_device {
	const char *name;
	const char *kind;
	double      needle_length_mm;
	long long   needle_count;
	long long   max_uses;
	long long   max_age_days;
	int         retired;
};

/*
 * A device as JSON with its use as of now: "uses" (sessions at or before
 * now) and "first_used_at" (store_device_uses()).  Whether it is worn is
 * the rules' business (heal_device_worn()), not the store's.  The list
 * counts as of its query's now.
 */
int
store_device_json(struct store *, int64_t device_id, int64_t now, json_t **out);
extern const struct store_list store_device_list;
/*
 * A row of device_kind: whether its needles have a fixed length and its
 * wear defaults (-1: the kind does not wear).  Returns 0, STORE_NOTFOUND
 * or another negative STORE_ code.
 */
int store_device_kind(struct store *, const char *kind, int *fixed_length,
    long long *max_uses, long long *max_age_days);
/* The device kinds, ", "-separated, into buf: 0 or a STORE_ code. */
int store_device_kinds(struct store *, char *buf, size_t len);
/* Whether the device exists: 1, 0 or a negative STORE_ code. */
int store_device_exists(struct store *, int64_t id);
/* Whether any session names the device: 1, 0 or a negative STORE_ code. */
int store_device_referenced(struct store *, int64_t id);
/*
 * Insert a device (already valid for its kind): the id, STORE_INVALID (a
 * value the schema refuses) or another negative STORE_ code.
 */
int64_t store_device_insert(struct store *, const struct store_device *);
/* Replace every stored field of a device: 0 or as store_device_insert(). */
int
store_device_update(struct store *, int64_t id, const struct store_device *);
/*
 * Delete a device no session names: 0, STORE_CONFLICT (referenced),
 * STORE_NOTFOUND or another negative STORE_ code.
 */
int store_device_delete(struct store *, int64_t id);

/* --- store_products.c (products) --- */

/*
 * A product as the rules see it: its name, category and effective waits
 * (its overrides, else its category's).  0 with *out filled,
 * STORE_NOTFOUND, or another negative STORE_ code.
 */
struct store_product_info {
	int64_t id;
	char    name[HEAL_NAME_LEN];
	char    category[HEAL_SLUG_LEN];
	double  stop_before_h;
	double  avoid_after_h;
	int     systemic;
};
int store_product_info(
    struct store *, int64_t product_id, struct store_product_info *);
/*
 * The products that wait after a session (an effective avoid_after_h
 * above 0), by id, as a malloc'd array in *out (the caller frees it; NULL
 * when there are none) of *n: 0 or a negative STORE_ code.
 */
struct store_product_wait {
	int64_t id;
	char    name[HEAL_NAME_LEN];
	char    category[HEAL_SLUG_LEN];
	double  avoid_after_h;
};
int
store_product_waits(struct store *, struct store_product_wait **out, size_t *n);

int store_product_json(struct store *, int64_t product_id, json_t **out);
extern const struct store_list store_product_list;
/* Whether the product exists: 1, 0 or a negative STORE_ code. */
int store_product_exists(struct store *, int64_t id);
/*
 * Insert or update a product.  A negative wait is null: the category's
 * applies.  Insert returns the id, update 0; both return a negative
 * STORE_ code on failure (STORE_INVALID: a value the schema refuses).
 */
int64_t store_product_insert(struct store *, const char *name,
    int64_t category_id, double stop_before_h, double avoid_after_h);
int     store_product_update(struct store *, int64_t id, const char *name,
        int64_t category_id, double stop_before_h, double avoid_after_h);
/*
 * Delete a product no application names: 0, STORE_CONFLICT (applied),
 * STORE_NOTFOUND or another negative STORE_ code.
 */
int store_product_delete(struct store *, int64_t id);

/* --- store_categories.c (product categories) --- */

int store_category_json(struct store *, int64_t category_id, json_t **out);
extern const struct store_list store_category_list;
/*
 * Replace a category's editable fields (not its slug): 0 or a negative
 * STORE_ code (STORE_INVALID: a value the schema refuses).
 */
int store_category_update(struct store *, int64_t id, const char *name,
    double stop_before_h, double avoid_after_h, int systemic);

/* --- store_rules.c (interval rules) --- */

/* {"bands": [{max_depth_mm, interval_h}], "skin_factor"}, as above. */
int store_rules_json(struct store *, json_t **out);
/*
 * Replace the interval bands (already valid: increasing depth, the last
 * at 3 mm) and rules.skin_factor.  Call inside a transaction.  0 or a
 * negative STORE_ code.
 */
int store_rules_replace(struct store *, const struct heal_band *bands,
    size_t nbands, double skin_factor);

/* --- store_profile.c (the profile) --- */

/*
 * {name, fitzpatrick (null when unset), sensitive, melasma, time_zone} as
 * stored (time_zone "": the host's).  The skin factor it implies is the
 * rules' to compute, the zone in effect store_load_rules()'s.
 */
int store_profile_json(struct store *, json_t **out);
/*
 * Update the profile; fitzpatrick 0 stores null, time_zone "" the host's
 * zone (the caller checks a name with timefmt_zone_valid()).  0 or a
 * negative STORE_ code (STORE_INVALID: a value the schema refuses).
 */
int store_profile_update(struct store *, const char *name, int fitzpatrick,
    int sensitive, int melasma, const char *time_zone);

/* --- store_sessions.c (sessions) --- */

/* A session's device, with its kind's traits. */
struct store_session_device {
	int64_t   id;
	char      name[HEAL_NAME_LEN];
	char      kind[16];
	int       fixed_length; /* roller, stamp */
	int       single_use_cartridge; /* pen */
	double    needle_length_mm; /* 0 when none */
	long long max_uses; /* -1: does not wear */
	long long max_age_days; /* -1: does not wear */
};
/* 0 with *d filled, STORE_NOTFOUND or another negative STORE_ code. */
int store_session_device(
    struct store *, int64_t device_id, struct store_session_device *);
/*
 * Insert (id 0) or update a session row.  device_id 0: none;
 * new_cartridge -1: null.  Returns the id, or a negative STORE_ code
 * (STORE_NOTFOUND: no session id to update).
 */
int64_t store_session_put(struct store *, int64_t id, int64_t started_at,
    const char *setting, int64_t device_id, int new_cartridge,
    const char *notes);
/* Delete a session's treatments and product applications (to rewrite). */
int store_session_clear(struct store *, int64_t id);
/* passes <= 0: null. */
int store_treatment_insert(struct store *, int64_t session_id, int64_t area_id,
    int pos, int64_t at, double depth_mm, long long passes);
/*
 * Delete a session with its treatments and applications: 0,
 * STORE_NOTFOUND or another negative STORE_ code.
 */
int store_session_delete(struct store *, int64_t id);
/*
 * A session as the API shows it (without aftercare and warnings, which
 * the API adds): 0 with a new reference in *out, STORE_NOTFOUND, or
 * another negative STORE_ code.
 */
int store_session_json(struct store *, int64_t id, json_t **out);
/* Sessions, newest first; ?since, ?until and ?area (store_page()). */
extern const struct store_list store_session_list;

/* --- store_applications.c (applications) --- */

/*
 * An application as the API shows it: 0 with a new reference in *out,
 * STORE_NOTFOUND, or another negative STORE_ code.
 */
int store_application_json(struct store *, int64_t id, json_t **out);
/* Applications, newest first; ?since, ?until and ?area (store_page()). */
extern const struct store_list store_application_list;
/*
 * Insert an application of a product to nareas areas, in that order, with
 * the denormalized application_area columns filled; session_id > 0 links
 * it to the session that listed the product (0: none).  The caller holds
 * the transaction and has checked the ids.  Returns the id or a negative
 * STORE_ code.
 */
int64_t store_application_insert(struct store *, int64_t session_id,
    int64_t product_id, const int64_t *area_ids, size_t nareas,
    int64_t applied_at, const char *notes);
/*
 * Delete one with its areas: 0, STORE_NOTFOUND, STORE_CONFLICT when a
 * session lists it (it goes with the session), or another STORE_ code.
 */
int store_application_delete(struct store *, int64_t id);
/*
 * Replace application id's product, areas, time and notes (its session
 * stays): 0, STORE_NOTFOUND or a negative STORE_ code.
 */
int store_application_update(struct store *, int64_t id, int64_t product_id,
    const int64_t *area_ids, size_t nareas, int64_t applied_at,
    const char *notes);
/*
 * The session that lists application id, into *session_id (0: none): 0,
 * STORE_NOTFOUND or a negative STORE_ code.
 */
int store_application_session(struct store *, int64_t id, int64_t *session_id);

/* --- store_checkins.c (check-ins) --- */

/*
 * A check-in as the API shows it: 0 with a new reference in *out,
 * STORE_NOTFOUND, or another negative STORE_ code.
 */
int store_checkin_json(struct store *, int64_t id, json_t **out);
/* Check-ins, newest first; ?since, ?until and ?area (store_page()). */
extern const struct store_list store_checkin_list;
/*
 * Insert a check-in of an area; c->conditions is the bitmask of
 * condition.bit and gets one checkin_condition row per bit.  Returns the
 * id or a negative STORE_ code.
 */
int64_t store_checkin_insert(struct store *, int64_t area_id,
    const struct heal_checkin *c, const char *notes);
/* Delete one with its conditions: 0, STORE_NOTFOUND or another code. */
int store_checkin_delete(struct store *, int64_t id);
/* Replace check-in id whole: 0, STORE_NOTFOUND or a negative STORE_ code. */
int store_checkin_update(struct store *, int64_t id, int64_t area_id,
    const struct heal_checkin *c, const char *notes);

/*
 * store_avoid.c: each area's latest treatment after from, up to at, by
 * area id (area_id 0: every area), as a malloc'd array in *out (the
 * caller frees it; NULL when none) of *n: 0 or a negative STORE_ code.
 */
struct store_treated {
	char    slug[HEAL_SLUG_LEN];
	int64_t at;
};
int store_avoid_treated(struct store *, int64_t from, int64_t at,
    int64_t area_id, struct store_treated **out, size_t *n);

/* --- store_events.c (the change feed) --- */

/* How many events are kept (the newest); events_keep in needled.conf. */
#define STORE_EVENTS_KEEP 10000
void      store_set_events_keep(struct store *, long long keep);
long long store_events_keep(struct store *);

/*
 * Append an event (type "session.created", data a JSON object, borrowed)
 * inside the caller's transaction and drop the oldest beyond the kept
 * number.  Returns 0 or a negative STORE_ code.
 */
int store_event_append(
    struct store *, const char *type, int64_t at, const json_t *data);

/*
 * The events after id since, oldest first, at most limit of them whose
 * type match() accepts (NULL: all), as a new JSON array of
 * {id, type, at, data}.  Returns 0 or a negative STORE_ code.
 */
int store_events_since(struct store *, int64_t since, long long limit,
    int (*match)(const char *type, void *arg), void *arg, json_t **out);

/*
 * The oldest and newest kept event ids (0 when none is kept), and the
 * newest id ever given (kept or pruned).  Returns 0 or a negative code.
 */
int store_event_bounds(
    struct store *, int64_t *oldest, int64_t *newest, int64_t *last_given);

/* --- store_idempotency.c (Idempotency-Key of POSTs) --- */

/* How long a key's first reply is kept: 24 hours. */
#define STORE_IDEMPOTENCY_S 86400

/* A stored first reply; the strings are malloc'd (free with _clear). */
struct store_idem {
	char  *request_hash;
	int    status;
	char  *location;
	char  *body;
	size_t body_len;
};

/*
 * The first reply to (key, method, path) kept since now - 24 h: 0 with
 * *out filled, STORE_NOTFOUND, or another negative STORE_ code.
 */
int store_idem_get(struct store *, const char *key, const char *method,
    const char *path, int64_t now, struct store_idem *out);
/*
 * Keep a first reply, inside the caller's transaction, and drop the
 * replies older than 24 h.  0 or a negative STORE_ code.
 */
int  store_idem_put(struct store *, const char *key, const char *method,
     const char *path, int64_t now, const struct store_idem *);
void store_idem_clear(struct store_idem *);

/* --- store_calendar.c (what /calendar.ics shows besides readiness) --- */

/* A past session as the calendar shows it; strings borrowed for the call. */
struct store_cal_session {
	int64_t     id;
	int64_t     started_at;
	const char *setting; /* "home", "clinic" */
	const char *notes;
	const char *treated; /* "cheeks 0.5 mm, chin 0.25 mm" */
};

/*
 * Call fn for each session started at or after since, newest first, at
 * most limit of them; fn returns 0 to go on, or a negative STORE_ code to
 * stop with it.  Returns 0 or a negative STORE_ code.
 */
int store_calendar_sessions(struct store *, int64_t since, long long limit,
    int (*fn)(const struct store_cal_session *, void *), void *arg);

#endif /* NEEDLED_STORE_H */
