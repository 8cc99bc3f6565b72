/*
 * store.c: opening, checking and migrating the database; the prepared
 * statements of the registry (store_sql.c); transactions; the query
 * helpers the resource files share: single-row reads that tell "no row"
 * from "failed", and the one paging loop.
 */
#include "buildconf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "jsonv.h"
#include "log.h"
#include "migrations.h"
#include "store.h"

/* PRAGMA application_id of a needled database: "NDLD". */
#define NEEDLED_APPLICATION_ID 0x4e444c44
/*
 * Start-up may wait this long for another process's lock; once serving,
 * needled never waits (the one thread would stall): a locked database
 * is STORE_BUSY at once, 503 with Retry-After.
 */
#define OPEN_BUSY_TIMEOUT_MS 2000

struct store {
	sqlite3      *db;
	sqlite3_stmt *stmts[SQL__COUNT];
	uint64_t      generation;
	long long     events_keep;
	int           version;
};

/* Run SQL text with no result rows.  Returns 0, or -1 with err filled. */
static int
exec(sqlite3 *db, const char *sql, char *err, size_t errlen)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		snprintf(err, errlen, "%s", msg ? msg : sqlite3_errmsg(db));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

/* One integer from a query, or -1 with err filled. */
static int
query_int(
    sqlite3 *db, const char *sql, long long *out, char *err, size_t errlen)
{
	sqlite3_stmt *st;
	int           rc;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s", sqlite3_errmsg(db));
		return -1;
	}
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	else if (rc != SQLITE_DONE) {
		snprintf(err, errlen, "%s", sqlite3_errmsg(db));
		sqlite3_finalize(st);
		return -1;
	} else
		*out = 0;
	sqlite3_finalize(st);
	return 0;
}

/*
 * Decide, without writing anything, whether the file is a needled
 * database this binary can use.  Returns the schema version (0 for a new,
 * empty file) or -1 with err filled.
 */
static int
check_database(sqlite3 *db, const char *path, char *err, size_t errlen)
{
	long long     appid, version, tables;
	char          msg[STORE_ERR_LEN];
	sqlite3_stmt *st;
	const char   *res;

	if (query_int(db, "PRAGMA application_id", &appid, msg, sizeof(msg)) ==
	        -1 ||
	    query_int(db, "PRAGMA user_version", &version, msg, sizeof(msg)) ==
	        -1 ||
	    query_int(db, "SELECT count(*) FROM sqlite_schema", &tables, msg,
	        sizeof(msg)) == -1) {
		if ((sqlite3_errcode(db) & 0xff) == SQLITE_CORRUPT)
			snprintf(err, errlen,
			    "%s: database is corrupt (%s); "
			    "restore it from a backup",
			    path, msg);
		else if ((sqlite3_errcode(db) & 0xff) == SQLITE_CANTOPEN ||
		    (sqlite3_errcode(db) & 0xff) == SQLITE_READONLY ||
		    (sqlite3_errcode(db) & 0xff) == SQLITE_PERM)
			snprintf(err, errlen,
			    "%s: cannot open the database "
			    "(%s): needled must be able to read and write it "
			    "and "
			    "to create its -wal and -shm files in its "
			    "directory",
			    path, msg);
		else if ((sqlite3_errcode(db) & 0xff) == SQLITE_BUSY ||
		    (sqlite3_errcode(db) & 0xff) == SQLITE_LOCKED)
			snprintf(err, errlen,
			    "%s: database is locked by "
			    "another process (%s); stop it and start needled "
			    "again",
			    path, msg);
		else
			snprintf(err, errlen, "%s: not a needled database (%s)",
			    path, msg);
		return -1;
	}
	if (appid == 0 && version == 0 && tables == 0)
		return 0; /* new or empty: ours to set up */
	if (appid != NEEDLED_APPLICATION_ID) {
		snprintf(err, errlen,
		    "%s: not a needled database "
		    "(application_id %lld); refusing to touch it",
		    path, appid);
		return -1;
	}
	if (version > (long long)nmigrations) {
		snprintf(err, errlen,
		    "%s: schema version %lld is newer than "
		    "this needled knows (%zu); upgrade needled",
		    path, version, nmigrations);
		return -1;
	}
	if (sqlite3_prepare_v2(db, "PRAGMA quick_check", -1, &st, NULL) !=
	    SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", path, sqlite3_errmsg(db));
		return -1;
	}
	if (sqlite3_step(st) != SQLITE_ROW) {
		snprintf(err, errlen, "%s: integrity check failed: %s%s", path,
		    sqlite3_errmsg(db),
		    (sqlite3_errcode(db) & 0xff) == SQLITE_BUSY
		        ? " (locked by another process)"
		        : "");
		sqlite3_finalize(st);
		return -1;
	}
	res = (const char *)sqlite3_column_text(st, 0);
	if (res == NULL || strcmp(res, "ok") != 0) {
		snprintf(err, errlen,
		    "%s: database is corrupt (%s); restore "
		    "it from a backup",
		    path, res ? res : "?");
		sqlite3_finalize(st);
		return -1;
	}
	sqlite3_finalize(st);
	return (int)version;
}

static int
migrate(sqlite3 *db, int from, char *err, size_t errlen)
{
	char   msg[STORE_ERR_LEN], sql[64];
	size_t i;

	for (i = (size_t)from; i < nmigrations; i++) {
		if (exec(db, "BEGIN IMMEDIATE", msg, sizeof(msg)) == -1)
			goto fail;
		snprintf(sql, sizeof(sql), "PRAGMA user_version = %d",
		    migrations[i].version);
		if (exec(db, migrations[i].sql, msg, sizeof(msg)) == -1 ||
		    exec(db, sql, msg, sizeof(msg)) == -1 ||
		    (i == 0 &&
		        exec(db, "PRAGMA application_id = 1313098820", msg,
		            sizeof(msg)) == -1) ||
		    exec(db, "COMMIT", msg, sizeof(msg)) == -1) {
			exec(db, "ROLLBACK", sql, sizeof(sql));
			goto fail;
		}
		log_info("database migrated to schema %d (%s)",
		    migrations[i].version, migrations[i].name);
	}
	return 0;
fail:
	snprintf(
	    err, errlen, "migration %s failed: %s", migrations[i].name, msg);
	return -1;
}

/* Prepare every statement of the registry: -1 with err naming the first
 * that fails. */
static int
prepare_all(struct store *s, char *err, size_t errlen)
{
	const struct store_sql_def *d;
	size_t                      i;

	for (i = 0; i < SQL__COUNT; i++) {
		d = &store_sql_defs[i];
		if (d->sql == NULL) {
			snprintf(err, errlen,
			    "statement %zu has no text "
			    "(store_sql.c)",
			    i);
			return -1;
		}
		if (sqlite3_prepare_v3(s->db, d->sql, -1,
		        SQLITE_PREPARE_PERSISTENT, &s->stmts[i],
		        NULL) != SQLITE_OK) {
			snprintf(err, errlen, "statement %s: %s", d->name,
			    sqlite3_errmsg(s->db));
			return -1;
		}
	}
	return 0;
}

static void
finalize_all(struct store *s)
{
	size_t i;

	for (i = 0; i < SQL__COUNT; i++) {
		sqlite3_finalize(s->stmts[i]);
		s->stmts[i] = NULL;
	}
}

/* Fold a message into one line: SQLite's can hold newlines. */
static void
one_line(char *s)
{
	for (; *s != '\0'; s++)
		if (*s == '\n' || *s == '\r')
			*s = ' ';
}

int
store_open(const char *path, struct store **out, char *err, size_t errlen)
{
	struct store *s;
	char          msg[STORE_ERR_LEN];
	int           version;

	_Static_assert(NEEDLED_APPLICATION_ID == 1313098820,
	    "application_id literal in migrate()");
	if ((s = calloc(1, sizeof(*s))) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (sqlite3_open_v2(path, &s->db,
	        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
	            SQLITE_OPEN_NOMUTEX,
	        NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", path,
		    s->db ? sqlite3_errmsg(s->db) : "cannot open");
		goto fail;
	}
	sqlite3_extended_result_codes(s->db, 1);
	sqlite3_busy_timeout(s->db, OPEN_BUSY_TIMEOUT_MS);
	/*
	 * Until the file is known to be ours, closing must not fold a WAL
	 * into it (SQLite checkpoints on close): a refused file stays
	 * byte-identical, -wal included.
	 */
	if (sqlite3_db_config(s->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1,
	        NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", path, sqlite3_errmsg(s->db));
		goto fail;
	}
	/* SQLite opens a file it may not write read-only, silently:
	 * say so before the first read, which would create a -wal. */
	if (sqlite3_db_readonly(s->db, "main") == 1) {
		snprintf(err, errlen,
		    "%s: database is read-only; needled "
		    "must be able to write it (and to create its -wal and "
		    "-shm files beside it)",
		    path);
		goto fail;
	}
	if ((version = check_database(s->db, path, err, errlen)) == -1)
		goto fail;
	if (exec(s->db, "PRAGMA journal_mode = WAL", msg, sizeof(msg)) == -1 ||
	    exec(s->db, "PRAGMA synchronous = FULL", msg, sizeof(msg)) == -1 ||
	    exec(s->db, "PRAGMA foreign_keys = ON", msg, sizeof(msg)) == -1) {
		snprintf(err, errlen, "%s: %s", path, msg);
		goto fail;
	}
	if (migrate(s->db, version, msg, sizeof(msg)) == -1) {
		snprintf(err, errlen, "%s: %s", path, msg);
		goto fail;
	}
	if (prepare_all(s, msg, sizeof(msg)) == -1) {
		snprintf(err, errlen, "%s: %s", path, msg);
		goto fail;
	}
	sqlite3_busy_timeout(s->db, 0);
	(void)sqlite3_db_config(
	    s->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 0, NULL);
	s->events_keep = STORE_EVENTS_KEEP;
	s->version = (int)nmigrations;
	s->generation = 1;
	*out = s;
	return 0;
fail:
	finalize_all(s);
	sqlite3_close(s->db);
	free(s);
	one_line(err);
	return -1;
}

void
store_close(struct store *s)
{
	if (s == NULL)
		return;
	finalize_all(s);
	if (sqlite3_close(s->db) != SQLITE_OK)
		log_warnx("database close: %s", sqlite3_errmsg(s->db));
	free(s);
}

int
store_schema_version(struct store *s)
{
	return s->version;
}

const char *
store_health(struct store *s)
{
	sqlite3_stmt *st = store_stmt(s, SQL_HEALTH);
	int           rc = sqlite3_step(st);

	sqlite3_reset(st);
	return rc == SQLITE_ROW ? "ok" : "error";
}

sqlite3_stmt *
store_stmt(struct store *s, enum store_sql which)
{
	sqlite3_stmt *st = s->stmts[which];

	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return st;
}

sqlite3 *
store_db(struct store *s)
{
	return s->db;
}

/*
 * The STORE_ code of a SQLite result code.  A full disk shows as
 * SQLITE_FULL, or as an I/O error whose errno is ENOSPC (fsync, truncate).
 */
static int
classify(struct store *s, int rc)
{
	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED: return STORE_BUSY;
	case SQLITE_FULL: return STORE_FULL;
	case SQLITE_IOERR:
		if (sqlite3_system_errno(s->db) == ENOSPC ||
		    sqlite3_system_errno(s->db) == EDQUOT)
			return STORE_FULL;
		return STORE_ERROR;
	case SQLITE_CONSTRAINT:
		if (rc == SQLITE_CONSTRAINT_CHECK ||
		    rc == SQLITE_CONSTRAINT_NOTNULL)
			return STORE_INVALID;
		return STORE_CONFLICT;
	}
	return STORE_ERROR;
}

/* Run one transaction-control statement: 0 or a STORE_ code (logged). */
static int
control(struct store *s, const char *sql)
{
	int rc;

	if ((rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL)) == SQLITE_OK)
		return 0;
	rc = sqlite3_extended_errcode(s->db);
	log_warnx("%s: %s", sql, sqlite3_errmsg(s->db));
	return classify(s, rc);
}

int
store_begin(struct store *s)
{
	return control(s, "BEGIN IMMEDIATE");
}

int
store_commit(struct store *s)
{
	int rc;

	if ((rc = control(s, "COMMIT")) != 0) {
		store_rollback(s);
		return rc;
	}
	s->generation++;
	return 0;
}

int
store_read_begin(struct store *s)
{
	return control(s, "BEGIN DEFERRED");
}

void
store_read_end(struct store *s)
{
	/* Nothing was written: COMMIT only releases the snapshot. */
	if (!sqlite3_get_autocommit(s->db))
		(void)control(s, "COMMIT");
}

void
store_rollback(struct store *s)
{
	if (!sqlite3_get_autocommit(s->db))
		(void)control(s, "ROLLBACK");
}

uint64_t
store_generation(struct store *s)
{
	return s->generation;
}

void
store_set_events_keep(struct store *s, long long keep)
{
	s->events_keep = keep;
}

long long
store_events_keep(struct store *s)
{
	return s->events_keep;
}

/* The registry name of a statement, for the log. */
static const char *
stmt_name(struct store *s, sqlite3_stmt *st)
{
	size_t i;

	for (i = 0; i < SQL__COUNT; i++)
		if (s->stmts[i] == st)
			return store_sql_defs[i].name;
	return sqlite3_sql(st);
}

int
store_failed(struct store *s, sqlite3_stmt *st, int rc)
{
	int code;

	rc = sqlite3_extended_errcode(s->db);
	code = classify(s, rc);
	/* A duplicate or a reference is an answer, not a failure. */
	if (code != STORE_CONFLICT)
		log_warnx(
		    "sql %s: %s", stmt_name(s, st), sqlite3_errmsg(s->db));
	return code;
}

int
store_step(struct store *s, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	rc = store_failed(s, st, rc);
	sqlite3_reset(st);
	return rc;
}

int
store_exec_stmt(struct store *s, sqlite3_stmt *st)
{
	int rc;

	if (st == NULL)
		return STORE_ERROR;
	while ((rc = store_step(s, st)) == 1)
		;
	sqlite3_reset(st);
	return rc;
}

int
store_get_int(struct store *s, sqlite3_stmt *st, int64_t *out)
{
	int rc;

	if ((rc = store_step(s, st)) == 1) {
		rc = STORE_NOTFOUND;
		if (sqlite3_column_type(st, 0) != SQLITE_NULL) {
			*out = sqlite3_column_int64(st, 0);
			rc = 0;
		}
	} else if (rc == 0)
		rc = STORE_NOTFOUND;
	sqlite3_reset(st);
	return rc;
}

int
store_get_double(struct store *s, sqlite3_stmt *st, double *out)
{
	int rc;

	if ((rc = store_step(s, st)) == 1) {
		rc = STORE_NOTFOUND;
		if (sqlite3_column_type(st, 0) != SQLITE_NULL) {
			*out = sqlite3_column_double(st, 0);
			rc = 0;
		}
	} else if (rc == 0)
		rc = STORE_NOTFOUND;
	sqlite3_reset(st);
	return rc;
}

int
store_exists(struct store *s, enum store_sql which, int64_t id)
{
	sqlite3_stmt *st = store_stmt(s, which);
	int64_t       v;
	int           rc;

	sqlite3_bind_int64(st, 1, id);
	if ((rc = store_get_int(s, st, &v)) == STORE_NOTFOUND)
		return 0;
	return rc < 0 ? rc : v != 0;
}

int
store_delete_row(struct store *s, sqlite3_stmt *st, int64_t id)
{
	int rc;

	if (st == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = store_exec_stmt(s, st)) != 0)
		return rc;
	return sqlite3_changes(s->db) == 0 ? STORE_NOTFOUND : 0;
}

int
store_get_json(struct store *s, sqlite3_stmt *st, store_row_fn *row,
    const struct store_query *q, json_t **out)
{
	int rc;

	*out = NULL;
	if ((rc = store_step(s, st)) == 1) {
		if ((*out = row(s, st, q)) == NULL)
			rc = STORE_ERROR;
		else
			rc = 0;
	} else if (rc == 0)
		rc = STORE_NOTFOUND;
	sqlite3_reset(st);
	return rc;
}

/* Bind a value to a named parameter, where the statement has it. */
static void
bind_named(sqlite3_stmt *st, const char *name, int64_t v)
{
	int i;

	if ((i = sqlite3_bind_parameter_index(st, name)) > 0)
		sqlite3_bind_int64(st, i, v);
}

int
store_page(struct store *s, const struct store_list *l,
    const struct store_query *q, json_t **items, int *more, int64_t *last_time,
    int64_t *last_id)
{
	sqlite3_stmt *st;
	json_t       *list, *o;
	long long     n = 0;
	int           rc, i;

	st = store_stmt(s,
	    q->area_id != 0 && l->sql_area != SQL__COUNT ? l->sql_area
	                                                 : l->sql);
	bind_named(st, ":since", q->since);
	bind_named(st, ":until", q->until);
	bind_named(st, ":area", q->area_id);
	if ((i = sqlite3_bind_parameter_index(st, ":region")) > 0)
		sqlite3_bind_text(st, i, q->region, -1, SQLITE_STATIC);
	bind_named(st, ":now", q->now);
	bind_named(st, ":limit", q->limit + 1); /* one more: is there more? */
	if (l->timed) {
		/* No cursor: strictly before everything. */
		bind_named(
		    st, ":ctime", q->has_cursor ? q->cursor_time : INT64_MAX);
		bind_named(
		    st, ":cid", q->has_cursor ? q->cursor_id : INT64_MAX);
	} else
		bind_named(st, ":cid", q->has_cursor ? q->cursor_id : 0);
	*items = NULL;
	*more = 0;
	if ((list = json_array()) == NULL) {
		sqlite3_reset(st);
		return STORE_ERROR;
	}
	while ((rc = store_step(s, st)) == 1) {
		if (n++ == q->limit) {
			*more = 1;
			break;
		}
		if ((o = l->row(s, st, q)) == NULL ||
		    json_array_append_new(list, o) != 0) {
			log_warnx("%s: a row could not be read", l->what);
			rc = STORE_ERROR;
			break;
		}
		*last_id = sqlite3_column_int64(st, l->idcol);
		if (l->timed)
			*last_time = sqlite3_column_int64(st, l->timecol);
	}
	sqlite3_reset(st);
	if (rc < 0) {
		json_decref(list);
		return rc;
	}
	*items = list;
	return 0;
}

json_t *
store_col_number(sqlite3_stmt *st, int col)
{
	if (sqlite3_column_type(st, col) == SQLITE_NULL)
		return json_null();
	return jv_number(sqlite3_column_double(st, col));
}

json_t *
store_col_integer(sqlite3_stmt *st, int col)
{
	if (sqlite3_column_type(st, col) == SQLITE_NULL)
		return json_null();
	return json_integer(sqlite3_column_int64(st, col));
}

/* A look-up by a text key: 0 with the value, STORE_NOTFOUND or failed. */
static int
by_key(struct store *s, enum store_sql which, const char *key, int64_t *out)
{
	sqlite3_stmt *st = store_stmt(s, which);

	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	return store_get_int(s, st, out);
}

int
store_area_id(struct store *s, const char *slug, int64_t *out)
{
	return by_key(s, SQL_AREA_ID, slug, out);
}

int
store_category_id(struct store *s, const char *slug, int64_t *out)
{
	return by_key(s, SQL_CATEGORY_ID, slug, out);
}

int
store_condition_bit(struct store *s, const char *slug, int64_t *out)
{
	return by_key(s, SQL_CONDITION_BIT, slug, out);
}

int
store_names(struct store *s, enum store_sql which, char *buf, size_t len)
{
	sqlite3_stmt *st = store_stmt(s, which);
	size_t        used = 0;
	int           rc;

	if (len == 0)
		return STORE_ERROR;
	buf[0] = '\0';
	while ((rc = store_step(s, st)) == 1 && used < len)
		used += (size_t)snprintf(buf + used, len - used, "%s%s",
		    used > 0 ? ", " : "", sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	return rc < 0 ? rc : 0;
}
