/*
 * sqlcount: an LD_PRELOAD shim that counts, per SQL text, what needled
 * asks of SQLite, without changing needled.
 *
 *   LD_PRELOAD=bench/out/bin/sqlcount.so SQLCOUNT_OUT=file needled ...
 *
 * At exit (needled exits through exit() on SIGTERM) it writes one line
 * per statement to SQLCOUNT_OUT (default stderr):
 *
 *     <execs> <steps> <txns> <prepares> <sql>
 *
 * execs: runs of the statement (a step of a statement that was not
 * already running); steps: sqlite3_step calls; txns: the runs that began
 * a transaction (autocommit on and no other statement of the connection
 * running: an implicit transaction for a SELECT, where SQLite takes and
 * drops a WAL read snapshot just for it, or a BEGIN); prepares:
 * sqlite3_prepare_v2/v3 calls.
 * A last line gives sqlite3_memory_used() and sqlite3_memory_highwater()
 * (all of SQLite's heap: page cache, schema, statements).
 * sqlite3_exec calls are counted as one exec and one step of their text
 * (the steps and prepares it makes inside, through the same exported
 * entry points, are not counted again).
 * Run with 0 and with N requests and subtract to get counts per request
 * (bench/profile.sh does that).
 *
 * Build: cc -O2 -shared -fPIC -o sqlcount.so sqlcount.c -ldl
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NSLOT 1024

struct slot {
	char         *sql;
	unsigned long execs, steps, txns, prepares;
};

static struct slot slots[NSLOT];
static int         in_exec; /* sqlite3_exec's own prepares and steps */

static struct slot *
find(const char *sql)
{
	unsigned long h = 5381;
	const char   *p;
	size_t        i, n;

	if (sql == NULL)
		sql = "(null)";
	for (p = sql; *p; p++)
		h = h * 33 + (unsigned char)*p;
	for (i = h % NSLOT, n = 0; n < NSLOT; n++, i = (i + 1) % NSLOT) {
		if (slots[i].sql == NULL) {
			slots[i].sql = strdup(sql);
			return &slots[i];
		}
		if (strcmp(slots[i].sql, sql) == 0)
			return &slots[i];
	}
	return &slots[0]; /* full: lump together */
}

static int
other_busy(sqlite3 *db, sqlite3_stmt *self)
{
	sqlite3_stmt *s;

	for (s = sqlite3_next_stmt(db, NULL); s; s = sqlite3_next_stmt(db, s))
		if (s != self && sqlite3_stmt_busy(s))
			return 1;
	return 0;
}

int
sqlite3_step(sqlite3_stmt *st)
{
	static int (*real)(sqlite3_stmt *);
	struct slot *s;
	sqlite3     *db = sqlite3_db_handle(st);

	if (real == NULL)
		real = (int (*)(sqlite3_stmt *))dlsym(
		    RTLD_NEXT, "sqlite3_step");
	if (in_exec)
		return real(st);
	s = find(sqlite3_sql(st));
	s->steps++;
	if (!sqlite3_stmt_busy(st)) {
		s->execs++;
		if (sqlite3_get_autocommit(db) && !other_busy(db, st))
			s->txns++;
	}
	return real(st);
}

int
sqlite3_exec(sqlite3 *db, const char               *sql,
    int (*cb)(void *, int, char **, char **), void *arg, char **err)
{
	static int (*real)(sqlite3 *, const char *,
	    int (*)(void *, int, char **, char **), void *, char **);
	struct slot *s;
	int          rc;

	if (real == NULL)
		real = (int (*)(sqlite3 *, const char *,
		    int (*)(void *, int, char **, char **), void *,
		    char **))dlsym(RTLD_NEXT, "sqlite3_exec");
	s = find(sql);
	s->execs++;
	s->steps++;
	if (sqlite3_get_autocommit(db) && !other_busy(db, NULL))
		s->txns++;
	in_exec++;
	rc = real(db, sql, cb, arg, err);
	in_exec--;
	return rc;
}

int
sqlite3_prepare_v2(
    sqlite3 *db, const char *sql, int n, sqlite3_stmt **st, const char **tail)
{
	static int (*real)(
	    sqlite3 *, const char *, int, sqlite3_stmt **, const char **);

	if (real == NULL)
		real = (int (*)(sqlite3 *, const char *, int, sqlite3_stmt **,
		    const char **))dlsym(RTLD_NEXT, "sqlite3_prepare_v2");
	if (!in_exec)
		find(sql)->prepares++;
	return real(db, sql, n, st, tail);
}

int
sqlite3_prepare_v3(sqlite3 *db, const char *sql, int n, unsigned flags,
    sqlite3_stmt **st, const char **tail)
{
	static int (*real)(sqlite3 *, const char *, int, unsigned,
	    sqlite3_stmt **, const char **);

	if (real == NULL)
		real = (int (*)(sqlite3 *, const char *, int, unsigned,
		    sqlite3_stmt **, const char **))dlsym(RTLD_NEXT,
		    "sqlite3_prepare_v3");
	if (!in_exec)
		find(sql)->prepares++;
	return real(db, sql, n, flags, st, tail);
}

__attribute__((destructor)) static void
dump(void)
{
	const char *path = getenv("SQLCOUNT_OUT");
	FILE       *f = path ? fopen(path, "w") : stderr;
	size_t      i;
	char       *p;

	if (f == NULL)
		return;
	for (i = 0; i < NSLOT; i++) {
		if (slots[i].sql == NULL)
			continue;
		for (p = slots[i].sql; *p; p++) /* one line per statement */
			if (*p == '\n' || *p == '\t')
				*p = ' ';
		fprintf(f, "%lu %lu %lu %lu %s\n", slots[i].execs,
		    slots[i].steps, slots[i].txns, slots[i].prepares,
		    slots[i].sql);
	}
	fprintf(f, "# sqlite3_memory_used %lld sqlite3_memory_highwater %lld\n",
	    (long long)sqlite3_memory_used(),
	    (long long)sqlite3_memory_highwater(0));
	if (f != stderr)
		fclose(f);
}
