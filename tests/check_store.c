/*
 * check_store.c: unit tests for the store (store.c, store_areas.c,
 * store_heal.c) on real SQLite files.
 *
 * Every test gets a fresh mkdtemp() directory.  History rows for the
 * readiness tests are written with raw SQL through store_db(), so that the
 * readers are tested against the schema, not against the store's own
 * writers.  Expected times are RFC 3339 strings compared through
 * timefmt_format(), so a failure reads as a date; nothing reads the clock.
 */
#include "buildconf.h"

#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "heal.h"
#include "log.h"
#include "migrations.h"
#include "store.h"
#include "timefmt.h"
#include "check_util.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define HOUR ((int64_t)3600)
#define DAY ((int64_t)86400)

/* "NDLD" */
#define APPLICATION_ID 0x4e444c44

/* ------------------------------------------------------------------ */
/* Temporary directory */

static char tmpdir[PATH_MAX];
static char dbpath[PATH_MAX + 16];

static void
setup_tmp(void)
{
	const char *base = getenv("TMPDIR");

	if (base == NULL || *base == '\0')
		base = "/tmp";
	snprintf(tmpdir, sizeof(tmpdir), "%s/check_store.XXXXXX", base);
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
	snprintf(dbpath, sizeof(dbpath), "%s/needled.db", tmpdir);
}

static void
teardown_tmp(void)
{
	char           p[PATH_MAX + 256];
	struct dirent *de;
	DIR           *d;

	if ((d = opendir(tmpdir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		snprintf(p, sizeof(p), "%s/%s", tmpdir, de->d_name);
		unlink(p);
	}
	closedir(d);
	rmdir(tmpdir);
}

/* ------------------------------------------------------------------ */
/* Helpers */

static struct store *
open_ok(const char *path)
{
	struct store *s = NULL;
	char          err[STORE_ERR_LEN] = "";

	ck_assert_msg(
	    store_open(path, &s, err, sizeof(err)) == 0, "store_open: %s", err);
	ck_assert_ptr_nonnull(s);
	return s;
}

/* One integer from raw SQL on the store's connection. */
static long long
q_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	long long     v;

	ck_assert_msg(sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK,
	    "%s: %s", sql, sqlite3_errmsg(db));
	ck_assert_msg(sqlite3_step(st) == SQLITE_ROW, "%s: no row", sql);
	v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* One text value into buf. */
static const char *
q_text(sqlite3 *db, const char *sql, char *buf, size_t len)
{
	sqlite3_stmt *st;

	ck_assert_msg(sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK,
	    "%s: %s", sql, sqlite3_errmsg(db));
	ck_assert_msg(sqlite3_step(st) == SQLITE_ROW, "%s: no row", sql);
	snprintf(buf, len, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return buf;
}

static void
exec_ok(sqlite3 *db, const char *sql)
{
	char *msg = NULL;

	ck_assert_msg(sqlite3_exec(db, sql, NULL, NULL, &msg) == SQLITE_OK,
	    "%s: %s", sql, msg ? msg : "?");
}

/* The whole file, malloc'ed; *len its size. */
static unsigned char *
slurp(const char *path, size_t *len)
{
	unsigned char *buf;
	struct stat    sb;
	FILE          *f;

	ck_assert_int_eq(stat(path, &sb), 0);
	*len = (size_t)sb.st_size;
	ck_assert_ptr_nonnull(buf = malloc(*len + 1));
	ck_assert_ptr_nonnull(f = fopen(path, "rb"));
	ck_assert_uint_eq(fread(buf, 1, *len, f), *len);
	fclose(f);
	return buf;
}

static void
spew(const char *path, const unsigned char *buf, size_t len)
{
	FILE *f;

	ck_assert_ptr_nonnull(f = fopen(path, "wb"));
	ck_assert_uint_eq(fwrite(buf, 1, len, f), len);
	ck_assert_int_eq(fclose(f), 0);
}

static int
exists(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0;
}

/* Whether path-suffix exists ("-wal", "-shm", "-journal"). */
static int
sidecar_exists(const char *path, const char *suffix)
{
	char p[PATH_MAX + 32];

	snprintf(p, sizeof(p), "%s%s", path, suffix);
	return exists(p);
}

/*
 * store_open() must refuse the file at dbpath with a message containing
 * want, and leave its bytes exactly as they were.
 */
static void
assert_refused_untouched(const char *want)
{
	struct store  *s = NULL;
	unsigned char *before, *after;
	size_t         nbefore, nafter;
	char           err[STORE_ERR_LEN] = "";

	before = slurp(dbpath, &nbefore);
	ck_assert_int_eq(store_open(dbpath, &s, err, sizeof(err)), -1);
	ck_assert_ptr_null(s);
	ck_assert_msg(
	    strstr(err, want) != NULL, "error \"%s\" lacks \"%s\"", err, want);
	ck_assert_msg(strstr(err, dbpath) != NULL,
	    "error \"%s\" lacks the "
	    "path",
	    err);
	after = slurp(dbpath, &nafter);
	ck_assert_uint_eq(nafter, nbefore);
	ck_assert_msg(memcmp(before, after, nbefore) == 0,
	    "store_open changed a file it refused");
	ck_assert_int_eq(sidecar_exists(dbpath, "-journal"), 0);
	free(after);
	free(before);
}

/* ------------------------------------------------------------------ */
/* Raw history writer */

struct writer {
	sqlite3      *db;
	sqlite3_stmt *session, *treatment, *application, *app_area;
	sqlite3_stmt *checkin, *cond;
};

static sqlite3_stmt *
prep(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;

	ck_assert_msg(sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK,
	    "%s: %s", sql, sqlite3_errmsg(db));
	return st;
}

static void
writer_init(struct writer *w, struct store *s)
{
	w->db = store_db(s);
	w->session = prep(w->db,
	    "INSERT INTO session (started_at, setting) "
	    "VALUES (?, 'home')");
	w->treatment = prep(w->db,
	    "INSERT INTO treatment (session_id, "
	    "area_id, pos, at, depth_mm) VALUES (?, ?, 0, ?, ?)");
	w->application = prep(w->db,
	    "INSERT INTO application (product_id, "
	    "applied_at) VALUES (?, ?)");
	w->app_area = prep(w->db,
	    "INSERT INTO application_area "
	    "(application_id, area_id, pos, product_id, at) "
	    "VALUES (?, ?, 0, ?, ?)");
	w->checkin = prep(w->db,
	    "INSERT INTO checkin (area_id, at, redness, "
	    "swelling, pain, infection_signs, conditions) "
	    "VALUES (?, ?, ?, ?, 0, ?, ?)");
	/* One checkin_condition row per bit set in the mask. */
	w->cond = prep(w->db,
	    "INSERT INTO checkin_condition (checkin_id, "
	    "area_id, condition, at) SELECT ?1, ?2, slug, ?3 FROM condition "
	    "WHERE (?4 >> bit) & 1");
}

static void
writer_free(struct writer *w)
{
	sqlite3_finalize(w->cond);
	sqlite3_finalize(w->checkin);
	sqlite3_finalize(w->app_area);
	sqlite3_finalize(w->application);
	sqlite3_finalize(w->treatment);
	sqlite3_finalize(w->session);
}

static void
step_done(struct writer *w, sqlite3_stmt *st)
{
	ck_assert_msg(sqlite3_step(st) == SQLITE_DONE, "%s: %s",
	    sqlite3_sql(st), sqlite3_errmsg(w->db));
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
}

/* The id of an area, or the STORE_ code of the look-up. */
static int64_t
area_id(struct store *s, const char *slug)
{
	int64_t id;
	int     rc;

	if ((rc = store_area_id(s, slug, &id)) != 0)
		return rc;
	return id;
}

static int64_t
area(struct store *s, const char *slug)
{
	int64_t id = area_id(s, slug);

	ck_assert_msg(id > 0, "no area %s", slug);
	return id;
}

static int64_t
category_id(struct store *s, const char *slug)
{
	int64_t id;
	int     rc;

	if ((rc = store_category_id(s, slug, &id)) != 0)
		return rc;
	return id;
}

static int64_t
condition_bit(struct store *s, const char *slug)
{
	int64_t bit;
	int     rc;

	if ((rc = store_condition_bit(s, slug, &bit)) != 0)
		return rc;
	return bit;
}

/* A home session at `at` treating one area at depth. */
static void
w_treat(struct writer *w, int64_t area_id, int64_t at, double depth)
{
	int64_t sid;

	sqlite3_bind_int64(w->session, 1, at);
	step_done(w, w->session);
	sid = sqlite3_last_insert_rowid(w->db);
	sqlite3_bind_int64(w->treatment, 1, sid);
	sqlite3_bind_int64(w->treatment, 2, area_id);
	sqlite3_bind_int64(w->treatment, 3, at);
	sqlite3_bind_double(w->treatment, 4, depth);
	step_done(w, w->treatment);
}

/* An application of a product to one area. */
static void
w_apply(struct writer *w, int64_t product_id, int64_t area_id, int64_t at)
{
	int64_t aid;

	sqlite3_bind_int64(w->application, 1, product_id);
	sqlite3_bind_int64(w->application, 2, at);
	step_done(w, w->application);
	aid = sqlite3_last_insert_rowid(w->db);
	sqlite3_bind_int64(w->app_area, 1, aid);
	sqlite3_bind_int64(w->app_area, 2, area_id);
	sqlite3_bind_int64(w->app_area, 3, product_id);
	sqlite3_bind_int64(w->app_area, 4, at);
	step_done(w, w->app_area);
}

/* A check-in with its conditions bitmask and checkin_condition rows. */
static void
w_checkin(struct writer *w, int64_t area_id, int64_t at, int redness,
    int swelling, int infection, uint32_t conditions)
{
	int64_t cid;

	sqlite3_bind_int64(w->checkin, 1, area_id);
	sqlite3_bind_int64(w->checkin, 2, at);
	sqlite3_bind_int(w->checkin, 3, redness);
	sqlite3_bind_int(w->checkin, 4, swelling);
	sqlite3_bind_int(w->checkin, 5, infection);
	sqlite3_bind_int64(w->checkin, 6, conditions);
	step_done(w, w->checkin);
	cid = sqlite3_last_insert_rowid(w->db);
	sqlite3_bind_int64(w->cond, 1, cid);
	sqlite3_bind_int64(w->cond, 2, area_id);
	sqlite3_bind_int64(w->cond, 3, at);
	sqlite3_bind_int64(w->cond, 4, conditions);
	step_done(w, w->cond);
}

/* A product of a category (by slug); returns its id. */
static int64_t
add_product(struct store *s, const char *name, const char *category)
{
	sqlite3_stmt *st;
	sqlite3      *db = store_db(s);

	st = prep(db,
	    "INSERT INTO product (name, category_id) VALUES "
	    "(?, (SELECT id FROM product_category WHERE slug = ?))");
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, category, -1, SQLITE_STATIC);
	ck_assert_msg(sqlite3_step(st) == SQLITE_DONE, "product %s: %s", name,
	    sqlite3_errmsg(db));
	sqlite3_finalize(st);
	return sqlite3_last_insert_rowid(db);
}

/* Readiness of an area at now with the stored rules and profile. */
static void
readiness(
    struct store *s, const char *slug, int64_t now, struct heal_readiness *out)
{
	struct heal_rules   r;
	struct heal_profile p;

	ck_assert_int_eq(store_load_rules(s, &r, &p), 0);
	ck_assert_int_eq(
	    store_area_readiness(s, &r, &p, area(s, slug), slug, now, out), 0);
}

static int
bit_of(struct store *s, const char *condition)
{
	int bit = (int)condition_bit(s, condition);

	ck_assert_msg(bit >= 0, "no condition %s", condition);
	return bit;
}

/* ------------------------------------------------------------------ */
/* Opening and checking */

/* A new file gets the whole schema, the defaults and the pragmas. */
START_TEST(test_new_database_is_migrated)
{
	struct store *s = open_ok(dbpath);
	sqlite3      *db = store_db(s);
	char          buf[32];

	ck_assert_uint_gt(nmigrations, 0);
	ck_assert_int_eq(store_schema_version(s), (int)nmigrations);
	ck_assert_int_eq(q_int(db, "PRAGMA user_version"),
	    migrations[nmigrations - 1].version);
	ck_assert_int_eq(q_int(db, "SELECT count(*) FROM area"), 16);
	ck_assert_int_eq(
	    q_int(db, "SELECT count(*) FROM product_category"), 16);
	ck_assert_int_eq(q_int(db, "SELECT count(*) FROM interval_band"), 7);
	ck_assert_int_eq(q_int(db, "SELECT count(*) FROM condition"), 5);
	ck_assert_int_eq(q_int(db, "SELECT count(*) FROM device_kind"), 3);
	ck_assert_int_eq(q_int(db, "SELECT count(*) FROM profile"), 1);
	ck_assert_int_eq(q_int(db, "SELECT count(*) FROM rules"), 1);
	ck_assert_str_eq(
	    q_text(db, "PRAGMA journal_mode", buf, sizeof(buf)), "wal");
	ck_assert_int_eq(q_int(db, "PRAGMA foreign_keys"), 1);
	ck_assert_int_eq(q_int(db, "PRAGMA synchronous"), 2); /* FULL */
	ck_assert_int_eq(q_int(db, "PRAGMA application_id"), APPLICATION_ID);
	ck_assert_str_eq(store_health(s), "ok");
	store_close(s);
}
END_TEST

/* Migration versions are 1, 2, 3, ... in order (migrations.h). */
START_TEST(test_migrations_numbered)
{
	size_t i;

	for (i = 0; i < nmigrations; i++) {
		ck_assert_int_eq(migrations[i].version, (int)i + 1);
		ck_assert_ptr_nonnull(migrations[i].sql);
		ck_assert_ptr_nonnull(migrations[i].name);
	}
}
END_TEST

/* Reopening keeps the data and does not run any migration again. */
START_TEST(test_reopen_keeps_data)
{
	struct store *s = open_ok(dbpath);
	int64_t       id;

	id = store_area_insert(s, "knees", "Knees", "body", 1.0, 0);
	ck_assert_int_gt(id, 0);
	store_close(s);
	ck_assert_int_eq(sidecar_exists(dbpath, "-wal"), 0);

	s = open_ok(dbpath);
	/* No row written by opening: nothing was migrated twice. */
	ck_assert_int_eq(sqlite3_total_changes(store_db(s)), 0);
	ck_assert_int_eq(store_schema_version(s), (int)nmigrations);
	ck_assert_int_eq(area_id(s, "knees"), id);
	ck_assert_int_eq(q_int(store_db(s), "SELECT count(*) FROM area"), 17);
	ck_assert_int_eq(q_int(store_db(s),
	                     "SELECT count(*) FROM "
	                     "product_category"),
	    16);
	ck_assert_int_eq(
	    q_int(store_db(s), "PRAGMA user_version"), (long long)nmigrations);
	store_close(s);
}
END_TEST

/* An existing empty file is a new database, not a foreign one. */
START_TEST(test_empty_file_is_new)
{
	struct store *s;

	spew(dbpath, (const unsigned char *)"", 0);
	s = open_ok(dbpath);
	ck_assert_int_eq(q_int(store_db(s), "SELECT count(*) FROM area"), 16);
	store_close(s);
}
END_TEST

/* A file of random bytes is refused and left alone. */
START_TEST(test_random_file_refused)
{
	unsigned char buf[8192];
	uint32_t      x = 12345;
	size_t        i;

	for (i = 0; i < sizeof(buf); i++) {
		x = x * 1103515245u + 12345u; /* deterministic noise */
		buf[i] = (unsigned char)(x >> 16);
	}
	spew(dbpath, buf, sizeof(buf));
	assert_refused_untouched("not a needled database");
	ck_assert_int_eq(sidecar_exists(dbpath, "-wal"), 0);
}
END_TEST

/* A text file is refused and left alone. */
START_TEST(test_text_file_refused)
{
	static const char text[] = "listen = 127.0.0.1:8420\n"
	                           "# this is needled.conf, not needled.db\n";

	spew(dbpath, (const unsigned char *)text, sizeof(text) - 1);
	assert_refused_untouched("not a needled database");
}
END_TEST

/* Another program's SQLite database is refused and left alone. */
START_TEST(test_foreign_sqlite_refused)
{
	sqlite3 *db;

	ck_assert_int_eq(sqlite3_open(dbpath, &db), SQLITE_OK);
	exec_ok(db,
	    "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);"
	    "INSERT INTO notes (body) VALUES ('mine, not needled''s');");
	sqlite3_close(db);
	assert_refused_untouched("not a needled database");

	/* Still the other program's data. */
	ck_assert_int_eq(sqlite3_open(dbpath, &db), SQLITE_OK);
	ck_assert_int_eq(q_int(db, "SELECT count(*) FROM notes"), 1);
	ck_assert_int_eq(q_int(db,
	                     "SELECT count(*) FROM sqlite_schema "
	                     "WHERE name = 'area'"),
	    0);
	sqlite3_close(db);
}
END_TEST

/* Even with no tables: a foreign application_id is not ours. */
START_TEST(test_foreign_application_id_refused)
{
	sqlite3 *db;

	ck_assert_int_eq(sqlite3_open(dbpath, &db), SQLITE_OK);
	exec_ok(db, "PRAGMA application_id = 42");
	sqlite3_close(db);
	assert_refused_untouched("application_id 42");
}
END_TEST

/* A needled database from a newer needled is refused, untouched. */
START_TEST(test_newer_schema_refused)
{
	struct store *s = open_ok(dbpath);
	sqlite3      *db;

	store_close(s);
	ck_assert_int_eq(sqlite3_open(dbpath, &db), SQLITE_OK);
	exec_ok(db, "PRAGMA user_version = 9999");
	sqlite3_close(db);
	ck_assert_int_eq(sidecar_exists(dbpath, "-wal"), 0);
	assert_refused_untouched("newer");

	ck_assert_int_eq(sqlite3_open(dbpath, &db), SQLITE_OK);
	ck_assert_int_eq(q_int(db, "PRAGMA user_version"), 9999);
	sqlite3_close(db);
}
END_TEST

/*
 * A needled database with a damaged index page is refused, untouched.  The
 * schema pages are intact, so only PRAGMA quick_check can see the damage.
 */
START_TEST(test_corrupt_database_refused)
{
	struct store  *s = open_ok(dbpath);
	unsigned char *buf;
	size_t         len, page, root;
	sqlite3       *db;

	store_close(s); /* checkpointed: the file is the database */
	ck_assert_int_eq(sqlite3_open(dbpath, &db), SQLITE_OK);
	page = (size_t)q_int(db, "PRAGMA page_size");
	root = (size_t)q_int(db,
	    "SELECT rootpage FROM sqlite_schema "
	    "WHERE name = 'treatment_area_time'");
	sqlite3_close(db);
	ck_assert_uint_gt(root, 1);
	buf = slurp(dbpath, &len);
	ck_assert_uint_ge(len, root * page);
	/* An invalid b-tree page type and header. */
	memset(buf + (root - 1) * page, 0x5a, 8);
	spew(dbpath, buf, len);
	free(buf);
	assert_refused_untouched("corrupt");
}
END_TEST

/* A directory that does not exist: -1, with the path in the message. */
START_TEST(test_missing_directory)
{
	struct store *s = NULL;
	char          path[PATH_MAX + 64], err[STORE_ERR_LEN] = "";

	snprintf(path, sizeof(path), "%s/no/such/dir/needled.db", tmpdir);
	ck_assert_int_eq(store_open(path, &s, err, sizeof(err)), -1);
	ck_assert_ptr_null(s);
	ck_assert_msg(strstr(err, path) != NULL, "error \"%s\"", err);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Statements, transactions, constraints */

/*
 * The registry: every statement has a name and a text and is prepared at
 * open; store_stmt() hands back the same statement, reset, bindings
 * cleared.
 */
START_TEST(test_stmt_registry)
{
	struct store *s = open_ok(dbpath);
	sqlite3_stmt *a, *b;
	int64_t       v = 0;
	size_t        i, j;

	for (i = 0; i < SQL__COUNT; i++) {
		ck_assert_msg(store_sql_defs[i].name != NULL &&
		        store_sql_defs[i].sql != NULL,
		    "statement %zu", i);
		for (j = 0; j < i; j++)
			ck_assert_msg(strcmp(store_sql_defs[i].name,
			                  store_sql_defs[j].name) != 0,
			    "two statements "
			    "named %s",
			    store_sql_defs[i].name);
	}
	a = store_stmt(s, SQL_AREA_ID);
	sqlite3_bind_text(a, 1, "forehead", -1, SQLITE_STATIC);
	ck_assert_int_eq(store_get_int(s, a, &v), 0);
	ck_assert_int_gt(v, 0);
	/* The same statement again, its binding cleared: no row. */
	ck_assert_ptr_eq(b = store_stmt(s, SQL_AREA_ID), a);
	ck_assert_int_eq(store_get_int(s, b, &v), STORE_NOTFOUND);
	store_close(s);
}
END_TEST

/*
 * A database locked by another connection is STORE_BUSY at once, never
 * a wait: the loop has one thread.
 */
START_TEST(test_locked_is_busy)
{
	struct store *s = open_ok(dbpath);
	sqlite3      *other;
	int64_t       id;

	ck_assert_int_eq(sqlite3_open(dbpath, &other), SQLITE_OK);
	ck_assert_int_eq(
	    sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL),
	    SQLITE_OK);
	ck_assert_int_eq(store_begin(s), STORE_BUSY);
	/* WAL: reads go on while another process writes. */
	ck_assert_int_eq(store_area_id(s, "forehead", &id), 0);
	ck_assert_int_eq(
	    sqlite3_exec(other, "ROLLBACK", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(other);
	ck_assert_int_eq(store_begin(s), 0);
	store_rollback(s);
	store_close(s);
}
END_TEST

START_TEST(test_lookups)
{
	struct store *s = open_ok(dbpath);
	double        cap;

	ck_assert_int_gt(area_id(s, "forehead"), 0);
	ck_assert_int_eq(area_id(s, "elbow"), STORE_NOTFOUND);
	ck_assert_int_gt(category_id(s, "retinoid"), 0);
	ck_assert_int_eq(category_id(s, "retinol"), STORE_NOTFOUND);
	ck_assert_int_eq(condition_bit(s, "active_acne"), 0);
	ck_assert_int_eq(condition_bit(s, "cold_sore"), 1);
	ck_assert_int_eq(condition_bit(s, "sunburn"), 2);
	ck_assert_int_eq(condition_bit(s, "rash"), STORE_NOTFOUND);
	ck_assert_int_eq(store_area_cap(s, area_id(s, "under-eye"), &cap), 0);
	ck_assert(cap == 0.25);
	ck_assert_int_eq(store_area_cap(s, area_id(s, "back"), &cap), 0);
	ck_assert(cap == 1.0);
	cap = -7;
	ck_assert_int_eq(store_area_cap(s, 9999, &cap), STORE_NOTFOUND);
	ck_assert(cap == -7);
	store_close(s);
}
END_TEST

/* A duplicate slug is a conflict and adds nothing. */
START_TEST(test_duplicate_area_conflict)
{
	struct store *s = open_ok(dbpath);

	ck_assert_int_eq(
	    store_area_insert(s, "forehead", "Again", "face", 0.5, 0),
	    STORE_CONFLICT);
	ck_assert_int_eq(q_int(store_db(s), "SELECT count(*) FROM area"), 16);
	ck_assert_int_gt(
	    store_area_insert(s, "knees", "Knees", "body", 1.0, 0), 16);
	ck_assert_int_eq(store_area_insert(s, "knees", "Knees", "body", 1.0, 0),
	    STORE_CONFLICT);
	/*
	 * A CHECK failure is not a duplicate: STORE_INVALID, so the API can
	 * tell "already an area" from "a value the database refuses".
	 */
	ck_assert_int_eq(store_area_insert(s, "shins", "Shins", "body", 3.5, 0),
	    STORE_INVALID);
	ck_assert_int_eq(area_id(s, "shins"), STORE_NOTFOUND);
	store_close(s);
}
END_TEST

/*
 * An area that history references cannot be deleted: a treatment, an
 * application or a check-in each keep it.
 */
enum { REF_TREATMENT, REF_APPLICATION, REF_CHECKIN, REF_NONE };

START_TEST(test_delete_referenced_area)
{
	struct store *s = open_ok(dbpath);
	struct writer w;
	int64_t       id = area(s, "chin"), prod;
	int64_t       t = ts("2026-01-01T00:00:00Z");

	writer_init(&w, s);
	switch (_i) {
	case REF_TREATMENT: w_treat(&w, id, t, 0.25); break;
	case REF_APPLICATION:
		prod = add_product(s, "Cream", "moisturizer");
		w_apply(&w, prod, id, t);
		break;
	case REF_CHECKIN: w_checkin(&w, id, t, 0, 0, 0, 0); break;
	}
	if (_i == REF_NONE) {
		ck_assert_int_eq(store_area_delete(s, id), 0);
		ck_assert_int_eq(area_id(s, "chin"), STORE_NOTFOUND);
	} else {
		ck_assert_int_eq(store_area_delete(s, id), STORE_CONFLICT);
		ck_assert_int_eq(area_id(s, "chin"), id);
	}
	writer_free(&w);
	store_close(s);
}
END_TEST

/* Foreign keys are enforced on every connection the store opens. */
START_TEST(test_foreign_keys_enforced)
{
	struct store *s = open_ok(dbpath);
	sqlite3_stmt *st;

	/* A check-in of an area that does not exist. */
	ck_assert_int_eq(
	    sqlite3_prepare_v2(store_db(s),
	        "INSERT INTO checkin "
	        "(area_id, at, redness, swelling, pain, infection_signs) "
	        "VALUES (9999, 0, 0, 0, 0, 0)",
	        -1, &st, NULL),
	    SQLITE_OK);
	ck_assert_int_eq(store_exec_stmt(s, st), STORE_CONFLICT);
	sqlite3_finalize(st);
	ck_assert_int_eq(q_int(store_db(s), "SELECT count(*) FROM checkin"), 0);
	store_close(s);
}
END_TEST

/* A rolled-back transaction leaves nothing behind. */
START_TEST(test_rollback_leaves_nothing)
{
	struct store *s = open_ok(dbpath);
	struct writer w;
	uint64_t      g = store_generation(s);

	writer_init(&w, s);
	ck_assert_int_eq(store_begin(s), 0);
	ck_assert_int_eq(sqlite3_get_autocommit(store_db(s)), 0);
	ck_assert_int_gt(
	    store_area_insert(s, "knees", "Knees", "body", 1.0, 0), 0);
	w_treat(&w, area(s, "knees"), ts("2026-01-01T00:00:00Z"), 0.5);
	ck_assert_int_eq(
	    q_int(store_db(s), "SELECT count(*) FROM treatment"), 1);
	store_rollback(s);
	ck_assert_int_eq(sqlite3_get_autocommit(store_db(s)), 1);
	ck_assert_int_eq(area_id(s, "knees"), STORE_NOTFOUND);
	ck_assert_int_eq(
	    q_int(store_db(s), "SELECT count(*) FROM treatment"), 0);
	ck_assert_int_eq(q_int(store_db(s), "SELECT count(*) FROM session"), 0);
	ck_assert_uint_eq(store_generation(s), g);
	/* Rolling back with no transaction open is harmless. */
	store_rollback(s);
	ck_assert_uint_eq(store_generation(s), g);
	writer_free(&w);
	store_close(s);
}
END_TEST

/* The generation moves on commit (and touch), never on rollback. */
START_TEST(test_generation_on_commit_only)
{
	struct store *s = open_ok(dbpath);
	uint64_t      g0 = store_generation(s);

	ck_assert_int_eq(store_begin(s), 0);
	ck_assert_int_gt(
	    store_area_insert(s, "knees", "Knees", "body", 1.0, 0), 0);
	ck_assert_uint_eq(store_generation(s), g0); /* not yet */
	ck_assert_int_eq(store_commit(s), 0);
	ck_assert_uint_eq(store_generation(s), g0 + 1);

	ck_assert_int_eq(store_begin(s), 0);
	ck_assert_int_gt(
	    store_area_insert(s, "shins", "Shins", "body", 1.0, 0), 0);
	store_rollback(s);
	ck_assert_uint_eq(store_generation(s), g0 + 1);

	ck_assert_int_gt(area_id(s, "knees"), 0);
	ck_assert_int_eq(area_id(s, "shins"), STORE_NOTFOUND);
	store_close(s);
}
END_TEST

/* Transactions do not nest: a second begin fails, the first stays open. */
START_TEST(test_begin_does_not_nest)
{
	struct store *s = open_ok(dbpath);

	ck_assert_int_eq(store_begin(s), 0);
	ck_assert_int_eq(store_begin(s), STORE_ERROR);
	ck_assert_int_eq(sqlite3_get_autocommit(store_db(s)), 0);
	store_rollback(s);
	ck_assert_int_eq(sqlite3_get_autocommit(store_db(s)), 1);
	/* Committing with nothing open is an error and bumps nothing. */
	{
		uint64_t g = store_generation(s);

		ck_assert_int_eq(store_commit(s), STORE_ERROR);
		ck_assert_uint_eq(store_generation(s), g);
	}
	store_close(s);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Catalogue reads: found, not found, failed */

static int
read_area(struct store *s, int64_t id, json_t **out)
{
	return store_area_json(s, id, out);
}

static int
read_device(struct store *s, int64_t id, json_t **out)
{
	return store_device_json(s, id, ts("2026-01-01T00:00:00Z"), out);
}

static int
read_product(struct store *s, int64_t id, json_t **out)
{
	return store_product_json(s, id, out);
}

static int
read_category(struct store *s, int64_t id, json_t **out)
{
	return store_category_json(s, id, out);
}

static int
read_rules(struct store *s, int64_t id, json_t **out)
{
	(void)id;
	return store_rules_json(s, out);
}

static int
read_profile(struct store *s, int64_t id, json_t **out)
{
	(void)id;
	return store_profile_json(s, out);
}

/*
 * Each single-row read of the catalogue, the member a found row has,
 * the SQL that makes the row go missing (NULL: ask for id 9999) and
 * the table dropped to make the read fail.
 */
static const struct {
	const char *what;
	int (*read)(struct store *, int64_t, json_t **);
	const char              *key, *value;
	const char              *remove;
	const char              *table;
	const struct store_list *list;
} reads[] = {
	{ "area", read_area, "slug", "chin", NULL, "area", &store_area_list },
	{ "device", read_device, "name", "Roller", NULL, "device",
	    &store_device_list },
	{ "product", read_product, "name", "Cream", NULL, "product",
	    &store_product_list },
	{ "category", read_category, "slug", "retinoid", NULL,
	    "product_category", &store_category_list },
	{ "rules", read_rules, "skin_factor", NULL, "DELETE FROM rules",
	    "rules", NULL },
	{ "profile", read_profile, "name", "",
	    "PRAGMA foreign_keys = OFF; DELETE FROM profile", "profile", NULL },
};

/* The id of the row reads[i] finds in a new database. */
static int64_t
read_row(struct store *s, size_t i)
{
	struct store_device d = { "Roller", "roller", 0.5, -1, 12, 42, 0 };

	switch (i) {
	case 0: return area(s, "chin");
	case 1: return store_device_insert(s, &d);
	case 2: return add_product(s, "Cream", "moisturizer");
	case 3: return category_id(s, "retinoid");
	}
	return 0;
}

/*
 * A read tells "found" (0 and the row), "not found" (STORE_NOTFOUND)
 * and "failed" (another negative code) apart: the API answers 200, 404
 * and 500 from them.
 */
START_TEST(test_catalogue_read_status)
{
	struct store      *s = open_ok(dbpath);
	json_t            *o = NULL, *marker = json_object();
	int64_t            id, now = ts("2026-01-01T00:00:00Z");
	int                rc, more;
	int64_t            lt, lid;
	struct store_query q = { .now = now, .limit = 50 };

	ck_assert_int_gt(id = read_row(s, _i), -1);
	ck_assert_int_eq(reads[_i].read(s, id, &o), 0);
	ck_assert_ptr_nonnull(json_object_get(o, reads[_i].key));
	if (reads[_i].value != NULL)
		ck_assert_str_eq(
		    json_string_value(json_object_get(o, reads[_i].key)),
		    reads[_i].value);
	json_decref(o);

	if (reads[_i].remove != NULL)
		exec_ok(store_db(s), reads[_i].remove);
	else
		id = 9999;
	o = marker;
	ck_assert_int_eq(reads[_i].read(s, id, &o), STORE_NOTFOUND);
	ck_assert_ptr_null(o);

	if (reads[_i].list != NULL) {
		ck_assert_int_eq(
		    store_page(s, reads[_i].list, &q, &o, &more, &lt, &lid), 0);
		ck_assert_uint_gt(json_array_size(o), 0);
		json_decref(o);
	}
	exec_ok(store_db(s), "PRAGMA foreign_keys = OFF");
	{
		char sql[64];

		snprintf(sql, sizeof(sql), "DROP TABLE %s", reads[_i].table);
		exec_ok(store_db(s), sql);
	}
	o = marker;
	rc = reads[_i].read(s, id, &o);
	ck_assert_msg(rc < 0 && rc != STORE_NOTFOUND,
	    "%s: %d after the "
	    "table went",
	    reads[_i].what, rc);
	ck_assert_ptr_null(o);
	if (reads[_i].list != NULL) {
		o = marker;
		rc = store_page(s, reads[_i].list, &q, &o, &more, &lt, &lid);
		ck_assert_msg(rc < 0 && rc != STORE_NOTFOUND, "%s list: %d",
		    reads[_i].what, rc);
		ck_assert_ptr_null(o);
	}
	json_decref(marker);
	store_close(s);
}
END_TEST

/* The cap and the device kind: found, not found, failed. */
START_TEST(test_cap_and_kind_status)
{
	struct store *s = open_ok(dbpath);
	long long     uses = 0, age = 0;
	double        cap = -7;
	int           fixed = -7;

	ck_assert_int_eq(
	    store_device_kind(s, "roller", &fixed, &uses, &age), 0);
	ck_assert_int_eq(fixed, 1);
	ck_assert_int_eq(uses, 12);
	ck_assert_int_eq(age, 42);
	ck_assert_int_eq(store_device_kind(s, "pen", &fixed, &uses, &age), 0);
	ck_assert_int_eq(fixed, 0);
	ck_assert_int_eq(uses, -1);
	ck_assert_int_eq(
	    store_device_kind(s, "laser", &fixed, &uses, &age), STORE_NOTFOUND);
	exec_ok(store_db(s),
	    "PRAGMA foreign_keys = OFF; "
	    "DROP TABLE device_kind; DROP TABLE area");
	ck_assert_int_eq(
	    store_device_kind(s, "roller", &fixed, &uses, &age), STORE_ERROR);
	ck_assert_int_eq(store_area_cap(s, 1, &cap), STORE_ERROR);
	ck_assert(cap == -7);
	store_close(s);
}
END_TEST

/* Lists page in creation order: the cursor is the last item's id. */
START_TEST(test_catalogue_pages)
{
	struct store      *s = open_ok(dbpath);
	struct store_query q = { .limit = 10 };
	json_t            *items;
	int64_t            lt = 0, lid = 0;
	int                more;

	ck_assert_int_eq(
	    store_page(s, &store_area_list, &q, &items, &more, &lt, &lid), 0);
	ck_assert_uint_eq(json_array_size(items), 10);
	ck_assert_int_eq(more, 1);
	ck_assert_str_eq(json_string_value(
	                     json_object_get(json_array_get(items, 0), "slug")),
	    "forehead");
	json_decref(items);
	q.has_cursor = 1;
	q.cursor_id = lid;
	ck_assert_int_eq(
	    store_page(s, &store_area_list, &q, &items, &more, &lt, &lid), 0);
	ck_assert_uint_eq(json_array_size(items), 6);
	ck_assert_int_eq(more, 0);
	ck_assert_str_eq(json_string_value(
	                     json_object_get(json_array_get(items, 5), "slug")),
	    "back");
	json_decref(items);
	store_close(s);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Rules */

static const struct heal_band seeded_bands[] = { { 0.30, 72 }, { 0.50, 336 },
	{ 0.75, 504 }, { 1.00, 672 }, { 1.50, 1008 }, { 2.00, 1008 },
	{ 3.00, 1344 } };

static const struct {
	const char *slug;
	double      rest_h;
} seeded_conditions[] = {
	{ "active_acne", 0 },
	{ "cold_sore", 336 },
	{ "sunburn", 336 },
	{ "open_wound", 0 },
	{ "eczema_flare", 0 },
};

/* The seeded rules of healing-model.md come back from the tables. */
START_TEST(test_load_seeded_rules)
{
	struct store       *s = open_ok(dbpath);
	struct heal_rules   r;
	struct heal_profile p;
	size_t              i;

	memset(&p, 0x5a, sizeof(p));
	ck_assert_int_eq(store_load_rules(s, &r, &p), 0);
	ck_assert_uint_eq(r.nbands, NELEM(seeded_bands));
	for (i = 0; i < NELEM(seeded_bands); i++) {
		ck_assert(
		    r.bands[i].max_depth_mm == seeded_bands[i].max_depth_mm);
		ck_assert(r.bands[i].interval_h == seeded_bands[i].interval_h);
	}
	ck_assert(r.skin_factor == 1.5);
	ck_assert_int_eq(r.sensitive_fitzpatrick, 4);
	ck_assert(r.pigment_depth_mm == 0.5);
	ck_assert(r.prolonged_h == 72);
	ck_assert(r.clinician_h == 168);
	ck_assert_uint_eq(r.nconditions, NELEM(seeded_conditions));
	for (i = 0; i < NELEM(seeded_conditions); i++) {
		int bit = bit_of(s, seeded_conditions[i].slug);

		ck_assert_str_eq(
		    r.conditions[bit].slug, seeded_conditions[i].slug);
		ck_assert(
		    r.conditions[bit].rest_h == seeded_conditions[i].rest_h);
	}
	ck_assert_str_eq(r.conditions[1].slug, "cold_sore");
	ck_assert_str_eq(r.conditions[2].slug, "sunburn");
	ck_assert_int_eq(p.fitzpatrick, 0);
	ck_assert_int_eq(p.sensitive, 0);
	ck_assert_int_eq(p.melasma, 0);
	store_close(s);
}
END_TEST

/* Edited tables are what the rules say: nothing is cached or built in. */
START_TEST(test_load_edited_rules)
{
	struct store       *s = open_ok(dbpath);
	struct heal_rules   r;
	struct heal_profile p;

	exec_ok(store_db(s),
	    "UPDATE rules SET skin_factor = 2;"
	    "UPDATE profile SET fitzpatrick = 5, melasma = 1;"
	    "DELETE FROM interval_band WHERE max_depth_mm < 3;"
	    "INSERT INTO condition (slug, bit, rest_h) VALUES ('rash', 7, "
	    "24);");
	ck_assert_int_eq(store_load_rules(s, &r, &p), 0);
	ck_assert(r.skin_factor == 2);
	ck_assert_uint_eq(r.nbands, 1);
	ck_assert(r.bands[0].interval_h == 1344);
	ck_assert_uint_eq(r.nconditions, 8); /* bits 0..7 */
	ck_assert_str_eq(r.conditions[7].slug, "rash");
	ck_assert(r.conditions[7].rest_h == 24);
	ck_assert_str_eq(r.conditions[5].slug, ""); /* the gap */
	ck_assert_int_eq(p.fitzpatrick, 5);
	ck_assert_int_eq(p.melasma, 1);
	/* A NULL rules profile pointer is allowed. */
	ck_assert_int_eq(store_load_rules(s, &r, NULL), 0);
	store_close(s);
}
END_TEST

START_TEST(test_load_categories)
{
	struct store        *s = open_ok(dbpath);
	struct heal_category c[32];

	ck_assert_int_eq(store_load_categories(s, c, NELEM(c)), 16);
	ck_assert_str_eq(c[0].slug, "retinoid");
	ck_assert(c[0].stop_before_h == 168 && c[0].avoid_after_h == 240);
	ck_assert_int_eq(c[0].systemic, 0);
	ck_assert_str_eq(c[4].slug, "vitamin_c");
	ck_assert(c[4].stop_before_h == 24 && c[4].avoid_after_h == 72);
	ck_assert_str_eq(c[10].slug, "oral_isotretinoin");
	ck_assert(c[10].stop_before_h == 4380 && c[10].avoid_after_h == 0);
	ck_assert_int_eq(c[10].systemic, 1);
	ck_assert_str_eq(c[15].slug, "other");
	/* At most max. */
	memset(c, 0, sizeof(c));
	ck_assert_int_eq(store_load_categories(s, c, 3), 3);
	ck_assert_str_eq(c[3].slug, "");
	store_close(s);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Readiness from stored history */

/* Worked example 1: 0.5 mm on forehead -> ready 14 days later. */
START_TEST(test_example_1_stored)
{
	struct store         *s = open_ok(dbpath);
	struct heal_readiness r;
	struct writer         w;
	int64_t               t = ts("2026-03-01T09:00:00Z");

	writer_init(&w, s);
	w_treat(&w, area(s, "forehead"), t, 0.5);

	readiness(s, "forehead", t, &r);
	ck_assert_int_eq(r.ready, 0);
	ck_assert_int_eq(r.blocked, 0);
	ck_assert_time(r.ready_at, "2026-03-15T09:00:00Z");
	ck_assert_uint_eq(r.nreasons, 1);
	ck_assert_int_eq(r.reasons[0].code, HEAL_R_HEALING);
	ck_assert_time(r.reasons[0].until, "2026-03-15T09:00:00Z");
	ck_assert_str_eq(
	    r.reasons[0].message, "0.5 mm on 1 Mar: 14 days to heal");
	ck_assert_time(r.last_session_at, "2026-03-01T09:00:00Z");
	ck_assert(r.last_depth_mm == 0.5);

	/* One second early: not ready; on time: ready. */
	readiness(s, "forehead", ts("2026-03-15T08:59:59Z"), &r);
	ck_assert_int_eq(r.ready, 0);
	readiness(s, "forehead", ts("2026-03-15T09:00:00Z"), &r);
	ck_assert_int_eq(r.ready, 1);
	ck_assert_time(r.ready_at, "2026-03-15T09:00:00Z");
	ck_assert_uint_eq(r.nreasons, 0);

	/* Another area is untouched. */
	readiness(s, "cheeks", t, &r);
	ck_assert_int_eq(r.ready, 1);
	ck_assert_time(r.ready_at, "null");
	ck_assert_time(r.last_session_at, "null");
	writer_free(&w);
	store_close(s);
}
END_TEST

/* Worked example 2: a touch-up does not shorten the first interval. */
START_TEST(test_example_2_stored)
{
	struct store         *s = open_ok(dbpath);
	struct heal_readiness r;
	struct writer         w;

	writer_init(&w, s);
	w_treat(&w, area(s, "forehead"), ts("2026-03-01T09:00:00Z"), 0.5);
	w_treat(&w, area(s, "forehead"), ts("2026-03-05T09:00:00Z"), 0.25);
	readiness(s, "forehead", ts("2026-03-05T09:00:00Z"), &r);
	ck_assert_time(r.ready_at, "2026-03-15T09:00:00Z");
	ck_assert_uint_eq(r.nreasons, 2);
	ck_assert_time(r.last_session_at, "2026-03-05T09:00:00Z");
	ck_assert(r.last_depth_mm == 0.25);
	readiness(s, "forehead", ts("2026-03-09T09:00:00Z"), &r);
	ck_assert_int_eq(r.ready, 0);
	ck_assert_time(r.ready_at, "2026-03-15T09:00:00Z");
	writer_free(&w);
	store_close(s);
}
END_TEST

/* Worked example 3: retinol on cheeks treated long ago -> 7 days. */
START_TEST(test_example_3_stored)
{
	struct store         *s = open_ok(dbpath);
	struct heal_readiness r;
	struct writer         w;
	int64_t               retinol, cream, cheeks = area(s, "cheeks");

	writer_init(&w, s);
	retinol = add_product(s, "Retinol", "retinoid");
	cream = add_product(s, "Cream", "moisturizer");
	w_treat(&w, cheeks, ts("2025-06-01T09:00:00Z"), 0.5);
	w_apply(&w, retinol, cheeks, ts("2026-03-10T21:00:00Z"));
	/* A zero-wait product adds no constraint (§3). */
	w_apply(&w, cream, cheeks, ts("2026-03-10T22:00:00Z"));
	/* Retinol elsewhere does not reach the cheeks. */
	w_apply(&w, retinol, area(s, "forehead"), ts("2026-03-12T21:00:00Z"));

	readiness(s, "cheeks", ts("2026-03-11T00:00:00Z"), &r);
	ck_assert_int_eq(r.ready, 0);
	ck_assert_int_eq(r.blocked, 0);
	ck_assert_time(r.ready_at, "2026-03-17T21:00:00Z");
	ck_assert_uint_eq(r.nreasons, 1);
	ck_assert_int_eq(r.reasons[0].code, HEAL_R_PRODUCT);
	ck_assert_str_eq(r.reasons[0].message,
	    "Retinol (retinoid) on "
	    "10 Mar 21:00 UTC: stop 7 days before needling");
	ck_assert_time(r.last_session_at, "2025-06-01T09:00:00Z");

	/* Only the latest application of a product counts. */
	w_apply(&w, retinol, cheeks, ts("2026-03-01T21:00:00Z"));
	readiness(s, "cheeks", ts("2026-03-11T00:00:00Z"), &r);
	ck_assert_time(r.ready_at, "2026-03-17T21:00:00Z");
	ck_assert_uint_eq(r.nreasons, 1);
	writer_free(&w);
	store_close(s);
}
END_TEST

/* A systemic product constrains every area, wherever it was logged. */
START_TEST(test_systemic_product_any_area)
{
	struct store         *s = open_ok(dbpath);
	struct heal_readiness r;
	struct writer         w;
	int64_t               iso;

	writer_init(&w, s);
	iso = add_product(s, "Isotretinoin", "oral_isotretinoin");
	w_apply(&w, iso, area(s, "back"), ts("2026-01-01T00:00:00Z"));
	readiness(s, "nose", ts("2026-02-01T00:00:00Z"), &r);
	ck_assert_int_eq(r.ready, 0);
	ck_assert_uint_eq(r.nreasons, 1);
	ck_assert_int_eq(r.reasons[0].code, HEAL_R_PRODUCT);
	ck_assert_int_eq(r.ready_at, ts("2026-01-01T00:00:00Z") + 4380 * HOUR);
	writer_free(&w);
	store_close(s);
}
END_TEST

/* A product's own stop_before_h overrides its category's. */
static const struct {
	const char *override; /* SQL literal */
	const char *ready_at;
} overrides[] = {
	{ "NULL", "2026-03-17T21:00:00Z" }, /* the category's 168 h */
	{ "0", "null" }, /* no constraint at all */
	{ "48", "2026-03-12T21:00:00Z" },
};

START_TEST(test_product_override)
{
	struct store         *s = open_ok(dbpath);
	struct heal_readiness r;
	struct writer         w;
	char                  sql[128];
	int64_t               p;

	writer_init(&w, s);
	p = add_product(s, "Gentle retinol", "retinoid");
	snprintf(sql, sizeof(sql),
	    "UPDATE product SET stop_before_h = %s "
	    "WHERE id = %lld",
	    overrides[_i].override, (long long)p);
	exec_ok(store_db(s), sql);
	w_apply(&w, p, area(s, "cheeks"), ts("2026-03-10T21:00:00Z"));
	readiness(s, "cheeks", ts("2026-03-11T00:00:00Z"), &r);
	ck_assert_time(r.ready_at, overrides[_i].ready_at);
	ck_assert_uint_eq(
	    r.nreasons, strcmp(overrides[_i].ready_at, "null") ? 1 : 0);
	writer_free(&w);
	store_close(s);
}
END_TEST

/* An inflamed latest check-in blocks; a clear one lifts it (example 5). */
START_TEST(test_inflammation_blocks)
{
	struct store         *s = open_ok(dbpath);
	struct heal_readiness r;
	struct writer         w;
	int64_t               cheeks = area(s, "cheeks");

	writer_init(&w, s);
	w_treat(&w, cheeks, ts("2026-05-01T08:00:00Z"), 1.0);
	w_checkin(&w, cheeks, ts("2026-05-04T10:00:00Z"), 2, 0, 0, 0);

	readiness(s, "cheeks", ts("2026-05-05T00:00:00Z"), &r);
	ck_assert_int_eq(r.blocked, 1);
	ck_assert_int_eq(r.ready, 0);
	ck_assert_time(r.ready_at, "null");
	ck_assert_uint_eq(r.nreasons, 2);
	ck_assert_int_eq(r.reasons[0].code, HEAL_R_INFLAMMATION);
	ck_assert_time(r.reasons[0].until, "null");
	ck_assert_str_eq(r.reasons[0].message,
	    "redness 2 at "
	    "check-in 4 May 10:00 UTC: wait for a clear check-in");
	ck_assert_int_eq(r.reasons[1].code, HEAL_R_HEALING);
	/* 74 h after the session: the standing warning. */
	ck_assert_uint_eq(r.warnings.n, 1);
	ck_assert_int_eq(r.warnings.w[0].code, HEAL_W_PROLONGED_INFLAMMATION);

	/* Still blocked long after the healing interval. */
	readiness(s, "cheeks", ts("2026-07-01T00:00:00Z"), &r);
	ck_assert_int_eq(r.blocked, 1);

	w_checkin(&w, cheeks, ts("2026-05-06T10:00:00Z"), 0, 0, 0, 0);
	readiness(s, "cheeks", ts("2026-05-07T00:00:00Z"), &r);
	ck_assert_int_eq(r.blocked, 0);
	ck_assert_time(r.ready_at, "2026-05-29T08:00:00Z");
	ck_assert_uint_eq(r.nreasons, 1);
	ck_assert_int_eq(r.reasons[0].code, HEAL_R_HEALING);
	ck_assert_uint_eq(r.warnings.n, 0);
	writer_free(&w);
	store_close(s);
}
END_TEST

/* Two check-ins at the same second: the later id is the latest. */
START_TEST(test_checkin_same_second_latest_id)
{
	struct store         *s = open_ok(dbpath);
	struct heal_readiness r;
	struct writer         w;
	int64_t               chin = area(s, "chin");
	int64_t               t = ts("2026-05-04T10:00:00Z");

	writer_init(&w, s);
	w_checkin(&w, chin, t, 0, 0, 0, 0);
	w_checkin(&w, chin, t, 0, 2, 0, 0);
	readiness(s, "chin", t + HOUR, &r);
	ck_assert_int_eq(r.blocked, 1);
	w_checkin(&w, chin, t, 0, 0, 0, 0);
	readiness(s, "chin", t + HOUR, &r);
	ck_assert_int_eq(r.blocked, 0);
	writer_free(&w);
	store_close(s);
}
END_TEST

/*
 * A listed condition blocks; cold_sore and sunburn then rest the area 14
 * days from the first clear check-in; the others end with the clear one.
 */
static const struct {
	const char *condition;
	const char *ready_at; /* after the clear check-in */
	const char *message; /* of the rest reason, or NULL */
	const char *name; /* in messages */
} conds[] = {
	{ "cold_sore", "2026-06-26T08:00:00Z",
	    "cold sore cleared 12 Jun: rest 14 days", "cold sore" },
	{ "sunburn", "2026-06-26T08:00:00Z",
	    "sunburn cleared 12 Jun: rest 14 days", "sunburn" },
	{ "active_acne", "null", NULL, "active acne" },
	{ "open_wound", "null", NULL, "open wound" },
	{ "eczema_flare", "null", NULL, "eczema flare" },
};

START_TEST(test_condition_rest)
{
	struct store         *s = open_ok(dbpath);
	struct heal_readiness r;
	struct writer         w;
	int64_t               chin = area(s, "chin");
	char                  want[HEAL_MSG_LEN];
	uint32_t              mask;

	writer_init(&w, s);
	mask = (uint32_t)1 << bit_of(s, conds[_i].condition);
	w_checkin(&w, chin, ts("2026-06-08T08:00:00Z"), 0, 0, 0, mask);
	w_checkin(&w, chin, ts("2026-06-10T08:00:00Z"), 0, 0, 0, mask);
	readiness(s, "chin", ts("2026-06-11T00:00:00Z"), &r);
	ck_assert_int_eq(r.blocked, 1);
	ck_assert_time(r.ready_at, "null");
	ck_assert_uint_eq(r.nreasons, 1);
	ck_assert_int_eq(r.reasons[0].code, HEAL_R_CONDITION);
	snprintf(want, sizeof(want),
	    "%s at check-in 10 Jun: wait until it "
	    "has cleared",
	    conds[_i].name);
	ck_assert_str_eq(r.reasons[0].message, want);

	/* Clear on 12 Jun, and again on 14 Jun: the first one counts. */
	w_checkin(&w, chin, ts("2026-06-12T08:00:00Z"), 0, 0, 0, 0);
	w_checkin(&w, chin, ts("2026-06-14T08:00:00Z"), 0, 0, 0, 0);
	readiness(s, "chin", ts("2026-06-15T00:00:00Z"), &r);
	ck_assert_int_eq(r.blocked, 0);
	ck_assert_time(r.ready_at, conds[_i].ready_at);
	if (conds[_i].message != NULL) {
		ck_assert_int_eq(r.ready, 0);
		ck_assert_uint_eq(r.nreasons, 1);
		ck_assert_int_eq(r.reasons[0].code, HEAL_R_CONDITION);
		ck_assert_str_eq(r.reasons[0].message, conds[_i].message);
	} else {
		ck_assert_int_eq(r.ready, 1);
		ck_assert_uint_eq(r.nreasons, 0);
	}
	writer_free(&w);
	store_close(s);
}
END_TEST

/* Events after `now` are invisible: ?at= answers as history stood then. */
START_TEST(test_future_events_ignored)
{
	struct store         *s = open_ok(dbpath);
	struct heal_readiness r;
	struct writer         w;
	int64_t               cheeks = area(s, "cheeks");
	int64_t               now = ts("2026-04-01T12:00:00Z");
	int64_t               retinol, iso;

	writer_init(&w, s);
	retinol = add_product(s, "Retinol", "retinoid");
	iso = add_product(s, "Isotretinoin", "oral_isotretinoin");
	w_treat(&w, cheeks, ts("2026-01-01T12:00:00Z"), 0.25);
	w_treat(&w, cheeks, now + 1, 1.0);
	w_apply(&w, retinol, cheeks, now + 1);
	w_apply(&w, iso, area(s, "back"), now + 1);
	w_checkin(&w, cheeks, now + 1, 3, 3, 1,
	    (uint32_t)1 << bit_of(s, "cold_sore"));

	readiness(s, "cheeks", now, &r);
	ck_assert_int_eq(r.ready, 1);
	ck_assert_int_eq(r.blocked, 0);
	ck_assert_uint_eq(r.nreasons, 0);
	ck_assert_uint_eq(r.warnings.n, 0);
	ck_assert_time(r.last_session_at, "2026-01-01T12:00:00Z");
	ck_assert_time(r.ready_at, "2026-01-04T12:00:00Z");

	/* One second later all of it is there. */
	readiness(s, "cheeks", now + 1, &r);
	ck_assert_int_eq(r.blocked, 1);
	ck_assert_time(r.last_session_at, "2026-04-01T12:00:01Z");
	ck_assert_uint_ge(r.nreasons, 4);
	writer_free(&w);
	store_close(s);
}
END_TEST

/* ------------------------------------------------------------------ */
/* The cost of a readiness read */

static int
count_step(void *arg)
{
	(*(unsigned long long *)arg)++;
	return 0;
}

/* SQLite VM steps of one readiness call (after a warm-up call). */
static unsigned long long
readiness_steps(
    struct store *s, const char *slug, int64_t now, struct heal_readiness *out)
{
	struct heal_rules   r;
	struct heal_profile p;
	unsigned long long  n = 0;
	int64_t             id = area(s, slug);

	ck_assert_int_eq(store_load_rules(s, &r, &p), 0);
	/* Warm up: prepare every cached statement, load the schema. */
	ck_assert_int_eq(
	    store_area_readiness(s, &r, &p, id, slug, now, out), 0);
	sqlite3_progress_handler(store_db(s), 1, count_step, &n);
	ck_assert_int_eq(
	    store_area_readiness(s, &r, &p, id, slug, now, out), 0);
	sqlite3_progress_handler(store_db(s), 0, NULL, NULL);
	return n;
}

/* VM steps of a query that does read the whole history: the control. */
static unsigned long long
scan_steps(struct store *s, int64_t area_id)
{
	unsigned long long n = 0;
	sqlite3_stmt      *st;

	st = prep(store_db(s),
	    "SELECT count(*) FROM treatment "
	    "WHERE area_id = ? AND depth_mm > 0");
	sqlite3_bind_int64(st, 1, area_id);
	sqlite3_progress_handler(store_db(s), 1, count_step, &n);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	sqlite3_progress_handler(store_db(s), 0, NULL, NULL);
	sqlite3_finalize(st);
	return n;
}

/*
 * Readiness reads do not grow with history: 100 treatments over 8 years
 * (with applications and check-ins), then 20,000 more older treatments and
 * 5,000 older applications and check-ins on the same area.  The VM step
 * count of one store_area_readiness() call may grow by at most half.
 */
START_TEST(test_readiness_cost_flat)
{
	struct store         *s = open_ok(dbpath);
	struct heal_readiness small, big;
	struct writer         w;
	int64_t               back = area(s, "back"), arms = area(s, "arms");
	int64_t               base = ts("2018-01-01T00:00:00Z");
	int64_t               prods[3], now, t;
	unsigned long long    nsmall, nbig, scan_small, scan_big;
	static const double   depths[] = { 0.25, 0.5, 1.0, 1.5 };
	uint32_t              cold, sun;
	int                   i;

	writer_init(&w, s);
	cold = (uint32_t)1 << bit_of(s, "cold_sore");
	sun = (uint32_t)1 << bit_of(s, "sunburn");
	prods[0] = add_product(s, "Retinol", "retinoid");
	prods[1] = add_product(s, "Scrub", "scrub");
	prods[2] = add_product(s, "Isotretinoin", "oral_isotretinoin");
	(void)add_product(s, "Cream", "moisturizer");

	/* The recent history: every path of the readers is exercised. */
	ck_assert_int_eq(store_begin(s), 0);
	for (i = 0; i < 100; i++)
		w_treat(&w, back, base + i * 30 * DAY, depths[i % 4]);
	for (i = 0; i < 10; i++)
		w_apply(
		    &w, prods[i % 2], back, base + i * 300 * DAY + 12 * HOUR);
	w_apply(&w, prods[2], arms, base + 100 * DAY);
	for (i = 0; i < 10; i++)
		w_checkin(&w, back, base + i * 300 * DAY + 2 * DAY, i == 4, 0,
		    0,
		    i == 3       ? cold
		        : i == 5 ? sun
		                 : 0);
	ck_assert_int_eq(store_commit(s), 0);
	now = base + 99 * 30 * DAY + 10 * DAY;
	nsmall = readiness_steps(s, "back", now, &small);
	scan_small = scan_steps(s, back);
	ck_assert_int_eq(small.ready, 0); /* 1.5 mm, 10 days ago */
	ck_assert_uint_gt(nsmall, 0);

	/* 20,000 older treatments, 5,000 older applications and check-ins. */
	ck_assert_int_eq(store_begin(s), 0);
	for (i = 0; i < 20000; i++)
		w_treat(&w, back, base - (i + 1) * 12 * HOUR, depths[i % 4]);
	for (i = 0; i < 5000; i++) {
		t = base - (i + 1) * DAY - HOUR;
		if (i % 10 == 9)
			w_apply(&w, prods[2], back, t);
		else
			w_apply(&w, prods[i % 2], back, t);
		w_checkin(&w, back, t - HOUR, i % 5 == 0, i % 3 == 0, 0,
		    (i % 7 == 0 ? cold : 0) | (i % 11 == 0 ? sun : 0));
	}
	ck_assert_int_eq(store_commit(s), 0);
	ck_assert_int_eq(
	    q_int(store_db(s), "SELECT count(*) FROM treatment"), 20100);
	nbig = readiness_steps(s, "back", now, &big);
	scan_big = scan_steps(s, back);

	printf("readiness VM steps: %llu with 100 treatments, %llu with "
	       "20,100 (control scan: %llu -> %llu)\n",
	    nsmall, nbig, scan_small, scan_big);
	/* The counter does see history growth when a query scans it. */
	ck_assert_uint_gt(scan_big, 10 * scan_small);
	ck_assert_msg(nbig * 2 <= nsmall * 3,
	    "readiness grew with history: "
	    "%llu VM steps, was %llu",
	    nbig, nsmall);
	/* And the answer is the same: old history is past every window. */
	ck_assert_int_eq(big.ready, small.ready);
	ck_assert_int_eq(big.blocked, small.blocked);
	ck_assert_int_eq(big.ready_at, small.ready_at);
	ck_assert_uint_eq(big.nreasons, small.nreasons);
	writer_free(&w);
	store_close(s);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Sessions, applications, check-ins: reads that tell "no row" from
 * "failed", lists, writes read back inside their transaction */

/*
 * Make every statement that reads table fail from now on, as a damaged
 * or foreign schema would: SQLite re-prepares the cached statements and
 * the re-prepare fails.
 */
static void
break_table(struct store *s, const char *table)
{
	char sql[128];

	snprintf(sql, sizeof(sql),
	    "PRAGMA foreign_keys = OFF; "
	    "DROP TABLE %s",
	    table);
	exec_ok(store_db(s), sql);
}

/* A session at `at` treating one area, written by the store's writers. */
static int64_t
put_session(struct store *s, int64_t area_id, int64_t at, double depth)
{
	int64_t sid;

	sid = store_session_put(s, 0, at, "home", 0, -1, "n");
	ck_assert_int_gt(sid, 0);
	ck_assert_int_eq(
	    store_treatment_insert(s, sid, area_id, 0, at, depth, 3), 0);
	return sid;
}

START_TEST(test_session_json_status)
{
	struct store *s = open_ok(dbpath);
	int64_t       chin = area(s, "chin"), sid;
	int64_t       t = ts("2026-11-01T08:00:00Z");
	json_t       *o = NULL, *tr;

	sid = put_session(s, chin, t, 0.5);
	ck_assert_int_eq(store_session_json(s, sid, &o), 0);
	ck_assert_int_eq(json_integer_value(json_object_get(o, "id")), sid);
	ck_assert_str_eq(json_string_value(json_object_get(o, "started_at")),
	    "2026-11-01T08:00:00Z");
	tr = json_array_get(json_object_get(o, "treatments"), 0);
	ck_assert_str_eq(
	    json_string_value(json_object_get(tr, "area")), "chin");
	ck_assert_int_eq(json_integer_value(json_object_get(tr, "passes")), 3);
	ck_assert_int_eq(json_array_size(json_object_get(o, "products")), 0);
	json_decref(o);
	o = json_null(); /* a static value: the call must reset it */
	ck_assert_int_eq(store_session_json(s, sid + 1, &o), STORE_NOTFOUND);
	ck_assert_ptr_null(o);
	/* Updating a session that does not exist is "not found" too. */
	ck_assert_int_eq(store_session_put(s, sid + 1, t, "home", 0, -1, ""),
	    STORE_NOTFOUND);
	/* A child read that fails fails the read: no short session. */
	break_table(s, "treatment");
	ck_assert_int_eq(store_session_json(s, sid, &o), STORE_ERROR);
	ck_assert_ptr_null(o);
	store_close(s);
}
END_TEST

START_TEST(test_application_checkin_json_status)
{
	struct store       *s = open_ok(dbpath);
	struct heal_checkin c = { 0 };
	int64_t             ids[2] = { area(s, "chin"), area(s, "nose") };
	int64_t             pid = add_product(s, "Cream", "moisturizer");
	int64_t             aid, cid;
	json_t             *o;

	aid = store_application_insert(
	    s, 0, pid, ids, 2, ts("2026-11-01T08:00:00Z"), "night");
	ck_assert_int_gt(aid, 0);
	ck_assert_int_eq(store_application_json(s, aid, &o), 0);
	ck_assert_int_eq(json_array_size(json_object_get(o, "areas")), 2);
	ck_assert_str_eq(
	    json_string_value(json_array_get(json_object_get(o, "areas"), 1)),
	    "nose");
	ck_assert(json_is_null(json_object_get(o, "session_id")));
	json_decref(o);
	ck_assert_int_eq(
	    store_application_json(s, aid + 1, &o), STORE_NOTFOUND);

	c.at = ts("2026-11-02T08:00:00Z");
	c.redness = 2;
	c.conditions = (uint32_t)1 << bit_of(s, "sunburn");
	cid = store_checkin_insert(s, ids[0], &c, "");
	ck_assert_int_gt(cid, 0);
	ck_assert_int_eq(store_checkin_json(s, cid, &o), 0);
	ck_assert_int_eq(json_integer_value(json_object_get(o, "redness")), 2);
	ck_assert_str_eq(json_string_value(json_array_get(
	                     json_object_get(o, "conditions"), 0)),
	    "sunburn");
	json_decref(o);
	ck_assert_int_eq(store_checkin_json(s, cid + 1, &o), STORE_NOTFOUND);
	ck_assert_int_eq(store_checkin_delete(s, cid), 0);
	ck_assert_int_eq(store_checkin_delete(s, cid), STORE_NOTFOUND);

	break_table(s, "application_area");
	ck_assert_int_eq(store_application_json(s, aid, &o), STORE_ERROR);
	ck_assert_ptr_null(o);
	break_table(s, "checkin");
	ck_assert_int_eq(store_checkin_json(s, cid, &o), STORE_ERROR);
	store_close(s);
}
END_TEST

/*
 * "Never treated" is an answer, a failed read is not: it used to come
 * back as HEAL_NONE, which dropped product_too_soon and check-in
 * warnings without a word.
 */
START_TEST(test_last_treated_status)
{
	struct store         *s = open_ok(dbpath);
	struct heal_treatment last;
	int64_t               chin = area(s, "chin");
	int64_t               nose = area(s, "nose");
	int64_t               t = ts("2026-11-01T08:00:00Z");
	int64_t               sid, sid2;

	ck_assert_int_eq(
	    store_last_treatment(s, chin, t, &last), STORE_NOTFOUND);
	ck_assert(last.at == HEAL_NONE);
	ck_assert_int_eq(store_last_treatment_any(s, t, &last), STORE_NOTFOUND);
	ck_assert(last.at == HEAL_NONE);
	sid = put_session(s, chin, t, 0.5);
	ck_assert_int_eq(store_last_treatment(s, chin, t + DAY, &last), 0);
	ck_assert_int_eq(last.at, t);
	ck_assert_int_eq(last.session_id, sid);
	ck_assert(last.depth_mm == 0.5);
	ck_assert_int_eq(
	    store_last_treatment(s, nose, t + DAY, &last), STORE_NOTFOUND);
	ck_assert(last.at == HEAL_NONE);
	ck_assert_int_eq(
	    store_last_treatment(s, chin, t - 1, &last), STORE_NOTFOUND);
	ck_assert_int_eq(store_last_treatment_any(s, t, &last), 0);
	ck_assert_int_eq(last.at, t);
	ck_assert_int_eq(last.session_id, sid);
	/* Two sessions at the same time: the later written; any area: the
	 * deepest treatment of the latest session. */
	sid2 = put_session(s, chin, t, 0.25);
	ck_assert_int_eq(
	    store_treatment_insert(s, sid2, nose, 1, t, 1.0, 1), 0);
	ck_assert_int_eq(store_last_treatment(s, chin, t, &last), 0);
	ck_assert_int_eq(last.session_id, sid2);
	ck_assert(last.depth_mm == 0.25);
	ck_assert_int_eq(store_last_treatment_any(s, t, &last), 0);
	ck_assert_int_eq(last.session_id, sid2);
	ck_assert(last.depth_mm == 1.0);

	break_table(s, "treatment");
	last.at = 0;
	ck_assert_int_eq(
	    store_last_treatment(s, chin, t + DAY, &last), STORE_ERROR);
	ck_assert_int_eq(store_last_treatment_any(s, t, &last), STORE_ERROR);
	ck_assert_int_eq(last.at, 0); /* untouched */
	store_close(s);
}
END_TEST

START_TEST(test_engine_reads_status)
{
	struct store             *s = open_ok(dbpath);
	struct store_product_info pi;
	struct heal_rules         r;
	struct heal_profile       p;
	struct heal_readiness     out;
	struct heal_category      cats[32];
	struct heal_checkin       c = { 0 };
	int64_t                   pid = add_product(s, "Retinol", "retinoid");
	int64_t                   chin = area(s, "chin"), first;
	long long                 uses;

	ck_assert_int_eq(store_product_info(s, pid, &pi), 0);
	ck_assert_str_eq(pi.name, "Retinol");
	ck_assert_str_eq(pi.category, "retinoid");
	ck_assert_int_eq(store_product_info(s, pid + 1, &pi), STORE_NOTFOUND);
	ck_assert_int_eq(store_device_uses(s, 1, 0, 1, 0, &uses, &first), 0);
	ck_assert_int_eq(uses, 0);
	ck_assert(first == HEAL_NONE);
	ck_assert_int_eq(store_load_rules(s, &r, &p), 0);

	/* A failed history read is an error, not an empty history. */
	break_table(s, "checkin_condition");
	ck_assert_int_eq(store_area_readiness(s, &r, &p, chin, "chin",
	                     ts("2026-11-01T08:00:00Z"), &out),
	    0); /* no check-in */
	c.at = ts("2026-10-01T08:00:00Z");
	ck_assert_int_gt(store_checkin_insert(s, chin, &c, ""), 0);
	ck_assert_int_eq(store_area_readiness(s, &r, &p, chin, "chin",
	                     ts("2026-11-01T08:00:00Z"), &out),
	    STORE_ERROR);
	break_table(s, "session");
	ck_assert_int_lt(store_device_uses(s, 1, 0, 1, 0, &uses, &first), 0);
	break_table(s, "product_category");
	ck_assert_int_eq(store_product_info(s, pid, &pi), STORE_ERROR);
	ck_assert_int_eq(
	    store_load_categories(s, cats, NELEM(cats)), STORE_ERROR);
	break_table(s, "interval_band");
	ck_assert_int_eq(store_load_rules(s, &r, &p), STORE_ERROR);
	store_close(s);
}
END_TEST

/*
 * What store_area_history() gives the engine besides times (issue #8):
 * treatments with their sessions, applications with their products, the
 * latest check-in's id, the first clear check-in's id of a rest, the
 * session before the latest check-in; category names; the profile's zone.
 */
START_TEST(test_history_ids)
{
	struct store            *s = open_ok(dbpath);
	struct store_history_buf buf = { 0 };
	struct heal_area_history h;
	struct heal_rules        r;
	struct heal_profile      p;
	struct heal_category     cats[32];
	struct heal_checkin      c = { 0 };
	int64_t                  chin = area(s, "chin");
	int64_t                  pid = add_product(s, "Retinol", "retinoid");
	int64_t                  t = ts("2026-11-01T08:00:00Z");
	int64_t                  sid1, sid2, cid1, cid2, cid3;
	int                      n, i;

	ck_assert_int_eq(store_load_rules(s, &r, &p), 0);
	ck_assert_ptr_null(r.categories);
	ck_assert_str_ne(p.time_zone, ""); /* the host's, else UTC */
	ck_assert(timefmt_zone_valid(p.time_zone));
	ck_assert_int_eq(
	    store_profile_update(s, "", 0, 0, 0, "Australia/Brisbane"), 0);
	ck_assert_int_eq(store_load_rules(s, &r, &p), 0);
	ck_assert_str_eq(p.time_zone, "Australia/Brisbane");
	n = store_load_categories(s, cats, NELEM(cats));
	ck_assert_int_gt(n, 0);
	for (i = 0; i < n && strcmp(cats[i].slug, "vitamin_c") != 0; i++)
		continue;
	ck_assert_int_lt(i, n);
	ck_assert_str_eq(cats[i].name, "Vitamin C (L-ascorbic acid)");

	sid1 = put_session(s, chin, t, 0.5);
	sid2 = put_session(s, chin, t + DAY, 0.25);
	ck_assert_int_gt(
	    store_application_insert(s, 0, pid, &chin, 1, t + 2 * DAY, ""), 0);
	c.at = t + 3 * DAY;
	c.redness = 1;
	c.conditions = (uint32_t)1 << bit_of(s, "cold_sore");
	cid1 = store_checkin_insert(s, chin, &c, "");
	memset(&c, 0, sizeof(c));
	c.at = t + 4 * DAY;
	cid2 = store_checkin_insert(s, chin, &c, "");
	c.at = t + 5 * DAY;
	cid3 = store_checkin_insert(s, chin, &c, "");
	ck_assert_int_gt(cid1, 0);
	ck_assert_int_gt(cid2, cid1);
	ck_assert_int_gt(cid3, cid2);

	ck_assert_int_eq(
	    store_area_history(s, &r, &p, chin, "chin", t + 6 * DAY, &h, &buf),
	    0);
	ck_assert_uint_eq(h.ntreatments, 2);
	for (i = 0; i < 2; i++)
		ck_assert_int_eq(h.treatments[i].session_id,
		    h.treatments[i].at == t ? sid1 : sid2);
	ck_assert_uint_eq(h.napplications, 1);
	ck_assert_int_eq(h.applications[0].product_id, pid);
	ck_assert_str_eq(h.applications[0].product, "Retinol");
	ck_assert_int_eq(h.latest.id, cid3);
	ck_assert_int_eq(h.treated_before_latest, t + DAY);
	ck_assert_int_eq(h.treated_before_latest_session, sid2);
	ck_assert_uint_eq(h.nrests, 1);
	ck_assert_int_eq(h.rests[0].first_clear, t + 4 * DAY);
	ck_assert_int_eq(h.rests[0].first_clear_id, cid2);
	store_history_buf_free(&buf);
	store_close(s);
}
END_TEST

/* The three lists through store_page(): order, filters, cursor. */
START_TEST(test_log_lists_page)
{
	struct store            *s = open_ok(dbpath);
	struct store_query       q;
	struct heal_checkin      c = { 0 };
	const struct store_list *lists[3] = { &store_session_list,
		&store_application_list, &store_checkin_list };
	int64_t                  chin = area(s, "chin"), nose = area(s, "nose");
	int64_t                  pid = add_product(s, "Cream", "moisturizer");
	int64_t                  t = ts("2026-11-01T08:00:00Z"), lt, lid;
	json_t                  *items;
	size_t                   i;
	int                      k, more;

	/* Per list: chin at t, nose at t + 1 day, chin at t + 2 days. */
	for (k = 0; k < 3; k++) {
		int64_t a = k == 1 ? nose : chin, at = t + k * DAY;

		(void)put_session(s, a, at, 0.25);
		ck_assert_int_gt(
		    store_application_insert(s, 0, pid, &a, 1, at, ""), 0);
		c.at = at;
		ck_assert_int_gt(store_checkin_insert(s, a, &c, ""), 0);
	}
	for (i = 0; i < NELEM(lists); i++) {
		const char *tk = i == 0 ? "started_at"
		    : i == 1            ? "applied_at"
		                        : "at";

		memset(&q, 0, sizeof(q));
		q.since = INT64_MIN;
		q.until = INT64_MAX;
		q.limit = 2;
		ck_assert_int_eq(
		    store_page(s, lists[i], &q, &items, &more, &lt, &lid), 0);
		ck_assert_int_eq(json_array_size(items), 2);
		ck_assert_int_eq(more, 1);
		ck_assert_str_eq(json_string_value(json_object_get(
		                     json_array_get(items, 0), tk)),
		    "2026-11-03T08:00:00Z");
		ck_assert_int_eq(lt, t + DAY);
		json_decref(items);
		/* The next page: what comes strictly after the cursor. */
		q.has_cursor = 1;
		q.cursor_time = lt;
		q.cursor_id = lid;
		ck_assert_int_eq(
		    store_page(s, lists[i], &q, &items, &more, &lt, &lid), 0);
		ck_assert_int_eq(json_array_size(items), 1);
		ck_assert_int_eq(more, 0);
		ck_assert_int_eq(lt, t);
		json_decref(items);
		/* By area, bounded in time. */
		memset(&q, 0, sizeof(q));
		q.since = t + 1;
		q.until = INT64_MAX;
		q.area_id = chin;
		q.limit = 50;
		ck_assert_int_eq(
		    store_page(s, lists[i], &q, &items, &more, &lt, &lid), 0);
		ck_assert_int_eq(json_array_size(items), 1);
		ck_assert_int_eq(lt, t + 2 * DAY);
		json_decref(items);
	}
	break_table(s, "area");
	memset(&q, 0, sizeof(q));
	q.limit = 5;
	q.until = INT64_MAX;
	ck_assert_int_eq(
	    store_page(s, &store_checkin_list, &q, &items, &more, &lt, &lid),
	    STORE_ERROR);
	ck_assert_ptr_null(items);
	store_close(s);
}
END_TEST

/*
 * What api_write() relies on for the reply of a write: inside the
 * transaction the new row reads back whole, so the reply is built
 * before COMMIT; if that read fails the write is rolled back, and
 * nothing is stored that the client was told failed.
 */
START_TEST(test_read_back_inside_transaction)
{
	struct store *s = open_ok(dbpath);
	int64_t       chin = area(s, "chin"), sid;
	uint64_t      gen = store_generation(s);
	json_t       *o;

	ck_assert_int_eq(store_begin(s), 0);
	sid = put_session(s, chin, ts("2026-11-01T08:00:00Z"), 0.5);
	ck_assert_int_eq(store_session_json(s, sid, &o), 0);
	ck_assert_int_eq(json_array_size(json_object_get(o, "treatments")), 1);
	json_decref(o);
	/* The read-back failed: roll back, and the session is not there. */
	store_rollback(s);
	ck_assert_int_eq(store_generation(s), gen);
	ck_assert_int_eq(store_session_json(s, sid, &o), STORE_NOTFOUND);
	ck_assert_int_eq(
	    q_int(store_db(s), "SELECT count(*) FROM treatment"), 0);
	store_close(s);
}
END_TEST

static Suite *
store_suite(void)
{
	Suite *s;
	TCase *tc;

	s = suite_create("store");

	tc = tcase_create("open");
	tcase_add_checked_fixture(tc, setup_tmp, teardown_tmp);
	tcase_add_test(tc, test_new_database_is_migrated);
	tcase_add_test(tc, test_migrations_numbered);
	tcase_add_test(tc, test_reopen_keeps_data);
	tcase_add_test(tc, test_empty_file_is_new);
	tcase_add_test(tc, test_random_file_refused);
	tcase_add_test(tc, test_text_file_refused);
	tcase_add_test(tc, test_foreign_sqlite_refused);
	tcase_add_test(tc, test_foreign_application_id_refused);
	tcase_add_test(tc, test_newer_schema_refused);
	tcase_add_test(tc, test_corrupt_database_refused);
	tcase_add_test(tc, test_missing_directory);
	suite_add_tcase(s, tc);

	tc = tcase_create("write");
	tcase_add_checked_fixture(tc, setup_tmp, teardown_tmp);
	tcase_add_test(tc, test_stmt_registry);
	tcase_add_test(tc, test_locked_is_busy);
	tcase_add_test(tc, test_lookups);
	tcase_add_test(tc, test_duplicate_area_conflict);
	tcase_add_loop_test(
	    tc, test_delete_referenced_area, REF_TREATMENT, REF_NONE + 1);
	tcase_add_test(tc, test_foreign_keys_enforced);
	tcase_add_test(tc, test_rollback_leaves_nothing);
	tcase_add_test(tc, test_generation_on_commit_only);
	tcase_add_test(tc, test_begin_does_not_nest);
	suite_add_tcase(s, tc);

	tc = tcase_create("catalogue");
	tcase_add_checked_fixture(tc, setup_tmp, teardown_tmp);
	tcase_add_loop_test(tc, test_catalogue_read_status, 0, NELEM(reads));
	tcase_add_test(tc, test_cap_and_kind_status);
	tcase_add_test(tc, test_catalogue_pages);
	suite_add_tcase(s, tc);

	tc = tcase_create("rules");
	tcase_add_checked_fixture(tc, setup_tmp, teardown_tmp);
	tcase_add_test(tc, test_load_seeded_rules);
	tcase_add_test(tc, test_load_edited_rules);
	tcase_add_test(tc, test_load_categories);
	suite_add_tcase(s, tc);

	tc = tcase_create("readiness");
	tcase_add_checked_fixture(tc, setup_tmp, teardown_tmp);
	tcase_add_test(tc, test_example_1_stored);
	tcase_add_test(tc, test_example_2_stored);
	tcase_add_test(tc, test_example_3_stored);
	tcase_add_test(tc, test_systemic_product_any_area);
	tcase_add_loop_test(tc, test_product_override, 0, NELEM(overrides));
	tcase_add_test(tc, test_inflammation_blocks);
	tcase_add_test(tc, test_checkin_same_second_latest_id);
	tcase_add_loop_test(tc, test_condition_rest, 0, NELEM(conds));
	tcase_add_test(tc, test_future_events_ignored);
	suite_add_tcase(s, tc);

	tc = tcase_create("cost");
	tcase_add_checked_fixture(tc, setup_tmp, teardown_tmp);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_readiness_cost_flat);
	suite_add_tcase(s, tc);

	tc = tcase_create("logs");
	tcase_add_checked_fixture(tc, setup_tmp, teardown_tmp);
	tcase_add_test(tc, test_session_json_status);
	tcase_add_test(tc, test_application_checkin_json_status);
	tcase_add_test(tc, test_last_treated_status);
	tcase_add_test(tc, test_history_ids);
	tcase_add_test(tc, test_engine_reads_status);
	tcase_add_test(tc, test_log_lists_page);
	tcase_add_test(tc, test_read_back_inside_transaction);
	suite_add_tcase(s, tc);

	return s;
}

int
main(void)
{
	/* Migrations log at info; keep the test output to the results. */
	log_init(LOG_LEVEL_ERROR);
	return check_run(store_suite());
}
