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

#define STORE_ERR_LEN	512

/* Return codes besides 0. */
#define STORE_ERROR	(-1)	/* SQLite failed: logged; answer 500 */
#define STORE_NOTFOUND	(-2)
#define STORE_CONFLICT	(-3)	/* constraint: duplicate, still referenced */

/* The one profile until several come. */
#define STORE_PROFILE	1

struct store;

/*
 * Open (creating if missing) the database at path, check that it is a
 * needled database this binary understands (application_id, user_version
 * no newer than the embedded migrations, PRAGMA quick_check), set the
 * pragmas and apply the missing migrations.  A file that fails a check is
 * left untouched.  Returns 0 and *out, or -1 with a one-line message in
 * err.
 */
int	 store_open(const char *path, struct store **out, char *err,
	    size_t errlen);

/* Finalize every statement and close the connection (WAL checkpointed). */
void	 store_close(struct store *);

/* The schema version (PRAGMA user_version) after migrations. */
int	 store_schema_version(struct store *);

/* "ok" if the connection answers a trivial query, else "error". */
const char	*store_health(struct store *);

/*
 * The cached prepared statement for sql, reset and with its bindings
 * cleared.  sql must be a string literal (it is the cache key by
 * address).  Returns NULL on a prepare error (logged).
 */
sqlite3_stmt	*store_stmt(struct store *, const char *sql);

/* The raw connection, for sqlite3_changes() and error codes. */
sqlite3		*store_db(struct store *);

/* BEGIN IMMEDIATE / COMMIT / ROLLBACK.  0 or STORE_ERROR. */
int	 store_begin(struct store *);
int	 store_commit(struct store *);
void	 store_rollback(struct store *);

/*
 * A counter bumped by every committed write: readiness caches and ETags
 * key on it.
 */
uint64_t store_generation(struct store *);
/* Bump it without a write (rules edited outside a transaction, etc.). */
void	 store_touch(struct store *);

/*
 * Step a statement that returns no row (or whose rows are not wanted).
 * Returns 0, STORE_CONFLICT for a constraint failure, or STORE_ERROR.
 */
int	 store_exec_stmt(struct store *, sqlite3_stmt *);

/*
 * Run a one-value query: the first column of the first row as an integer,
 * or fallback when there is no row or it is NULL.
 */
int64_t	 store_int(struct store *, sqlite3_stmt *, int64_t fallback);

/* Look-ups by key.  Return the row id, or STORE_NOTFOUND. */
int64_t	 store_area_id(struct store *, const char *slug);
int64_t	 store_category_id(struct store *, const char *slug);
int	 store_condition_bit(struct store *, const char *slug);

/*
 * Readiness input (store_heal.c).
 *
 * store_load_rules() fills the rule set and the profile from their
 * tables.  store_load_categories() fills up to max categories, in
 * creation order, and returns how many (or STORE_ERROR).
 */
int	 store_load_rules(struct store *, struct heal_rules *,
	    struct heal_profile *);
int	 store_load_categories(struct store *, struct heal_category *cats,
	    size_t max);

/*
 * The history the rules need for one area as it stood at `now` (events at
 * or before now only), read with index seeks: treatments in the window
 * before the latest one, the latest application of each product whose
 * effective stop_before_h is positive (systemic ones from any area), the
 * latest check-in, the rests of §4.  The arrays live in *buf until the
 * next call with the same buf.  Returns 0 or STORE_ERROR.
 */
struct store_history_buf {
	struct heal_treatment	*treatments;
	size_t			 ntreatments, captreatments;
	struct heal_application	*applications;
	size_t			 napplications, capapplications;
};
int	 store_area_history(struct store *, const struct heal_rules *,
	    const struct heal_profile *, int64_t area_id, const char *slug,
	    int64_t now, struct heal_area_history *out,
	    struct store_history_buf *buf);
void	 store_history_buf_free(struct store_history_buf *);

/*
 * The readiness of one area at now (rules, profile, history, engine).
 * Returns 0 or STORE_ERROR.
 */
int	 store_area_readiness(struct store *, const struct heal_rules *,
	    const struct heal_profile *, int64_t area_id, const char *slug,
	    int64_t now, struct heal_readiness *out);

/* The latest treatment of an area at or before t, or HEAL_NONE. */
int64_t	 store_last_treated(struct store *, int64_t area_id, int64_t t);

/*
 * A device's wear inputs: how many sessions used it with started_at < at
 * (or <= at when inclusive), and its first use (HEAL_NONE if none).
 * exclude_session (0: none) is left out, so that a PATCHed session does not
 * count itself.  Returns 0 or STORE_ERROR.
 */
int	 store_device_uses(struct store *, int64_t device_id, int64_t at,
	    int inclusive, int64_t exclude_session, long long *uses,
	    int64_t *first_used_at);

/*
 * JSON representations (store_<resource>.c).  Each returns a new reference, or
 * NULL when the row does not exist (or on error, logged).
 */
json_t	*store_area_json(struct store *, int64_t area_id);
json_t	*store_device_json(struct store *, int64_t device_id, int64_t now);
json_t	*store_product_json(struct store *, int64_t product_id);
json_t	*store_category_json(struct store *, int64_t category_id);
json_t	*store_session_json(struct store *, int64_t session_id);
json_t	*store_application_json(struct store *, int64_t application_id);
json_t	*store_checkin_json(struct store *, int64_t checkin_id);
json_t	*store_profile_json(struct store *);
json_t	*store_rules_json(struct store *);

/*
 * Lists.  Each returns a new JSON array of at most limit representations
 * after the cursor, and sets *more when another page follows (the cursor
 * of the next page is the last item's).  NULL on error.
 */

/* store_areas.c: areas in creation order, after id after_id (0: first). */
json_t	*store_area_list(struct store *, int64_t after_id, long long limit,
	    int *more, int64_t *last_id);
/*
 * Insert an area (fields of the API object; absent ones have defaults
 * already filled).  Returns the id, STORE_CONFLICT for a duplicate slug,
 * or STORE_ERROR.
 */
int64_t	 store_area_insert(struct store *, const char *slug, const char *name,
	    const char *region, double max_home_depth_mm, int archived);
int	 store_area_update(struct store *, int64_t id, const char *slug,
	    const char *name, const char *region, double max_home_depth_mm,
	    int archived);
/* Delete an area no history references: 0, STORE_CONFLICT or STORE_ERROR. */
int	 store_area_delete(struct store *, int64_t id);
/* The area's slug into buf; 0 or STORE_NOTFOUND. */
int	 store_area_slug(struct store *, int64_t id, char *buf, size_t len);
/* The area's home depth cap; -1 if not found. */
double	 store_area_cap(struct store *, int64_t id);
/*
 * The tracked areas (treated at least once, not archived), in creation
 * order: fills ids and slugs (HEAL_SLUG_LEN each) up to max, returns the
 * count or STORE_ERROR.
 */
int	 store_tracked_areas(struct store *, int64_t *ids,
	    char (*slugs)[HEAL_SLUG_LEN], size_t max);

/* --- store_devices.c (devices) --- */

/* --- store_products.c (products, product categories) --- */

/* --- store_rules.c (interval rules, profile) --- */

/* --- store_sessions.c (sessions) --- */

/* --- store_logs.c (applications, check-ins) --- */

#endif /* NEEDLED_STORE_H */
