/*
 * fsync_ref: the floor for durable writes on this machine and filesystem.
 *
 * usage: fsync_ref DBFILE SECONDS
 *
 * A fresh SQLite database in WAL mode with synchronous=FULL (what needled
 * uses), one connection, one thread, and a loop of one-row transactions
 * (BEGIN IMMEDIATE; INSERT; COMMIT) for SECONDS seconds.  Every commit
 * waits for an fsync of the WAL, so the rate is about the rate at which
 * the filesystem completes fsyncs.  Prints, on one line:
 *
 *     tx/s <rate> tx <count> seconds <elapsed> sqlite <version>
 *
 * The row is about the size of a session row (an id, two integers, a
 * real, a short text) in a table with one secondary index, like needled's
 * session table.  The files DBFILE, DBFILE-wal and DBFILE-shm are removed
 * first and left behind afterwards (the caller removes them).
 *
 * Build: cc -O2 -o fsync_ref fsync_ref.c -lsqlite3
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
die(sqlite3 *db, const char *what)
{
	fprintf(
	    stderr, "fsync_ref: %s: %s\n", what, db ? sqlite3_errmsg(db) : "?");
	exit(1);
}

static void
exec(sqlite3 *db, const char *sql)
{
	char *err = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
		fprintf(stderr, "fsync_ref: %s: %s\n", sql, err ? err : "?");
		exit(1);
	}
}

int
main(int argc, char **argv)
{
	sqlite3      *db = NULL;
	sqlite3_stmt *ins, *begin, *commit;
	char          path[4096];
	double        seconds, t0, t;
	long long     n = 0;

	if (argc != 3 || (seconds = atof(argv[2])) <= 0) {
		fprintf(stderr, "usage: fsync_ref DBFILE SECONDS\n");
		return 2;
	}
	unlink(argv[1]);
	snprintf(path, sizeof(path), "%s-wal", argv[1]);
	unlink(path);
	snprintf(path, sizeof(path), "%s-shm", argv[1]);
	unlink(path);
	if (sqlite3_open_v2(argv[1], &db,
	        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
	            SQLITE_OPEN_NOMUTEX,
	        NULL) != SQLITE_OK)
		die(db, argv[1]);
	exec(db, "PRAGMA journal_mode = WAL");
	exec(db, "PRAGMA synchronous = FULL");
	exec(db,
	    "CREATE TABLE session (id INTEGER PRIMARY KEY,"
	    " started_at INTEGER NOT NULL, area_id INTEGER NOT NULL,"
	    " depth_mm REAL, notes TEXT NOT NULL DEFAULT '')");
	exec(db, "CREATE INDEX session_time ON session(started_at, id)");
	if (sqlite3_prepare_v2(db, "BEGIN IMMEDIATE", -1, &begin, NULL) !=
	        SQLITE_OK ||
	    sqlite3_prepare_v2(db, "COMMIT", -1, &commit, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db,
	        "INSERT INTO session (started_at, area_id,"
	        " depth_mm, notes) VALUES (?, ?, ?, '')",
	        -1, &ins, NULL) != SQLITE_OK)
		die(db, "prepare");
	t0 = now_s();
	do {
		if (sqlite3_step(begin) != SQLITE_DONE)
			die(db, "BEGIN");
		sqlite3_reset(begin);
		sqlite3_bind_int64(ins, 1, 1700000000 + n);
		sqlite3_bind_int64(ins, 2, 1 + n % 10);
		sqlite3_bind_double(ins, 3, 0.25 * (double)(1 + n % 4));
		if (sqlite3_step(ins) != SQLITE_DONE)
			die(db, "INSERT");
		sqlite3_reset(ins);
		if (sqlite3_step(commit) != SQLITE_DONE)
			die(db, "COMMIT");
		sqlite3_reset(commit);
		n++;
	} while ((t = now_s()) - t0 < seconds);
	sqlite3_finalize(begin);
	sqlite3_finalize(commit);
	sqlite3_finalize(ins);
	if (sqlite3_close(db) != SQLITE_OK)
		die(db, "close");
	printf("tx/s %.0f tx %lld seconds %.3f sqlite %s\n",
	    (double)n / (t - t0), n, t - t0, sqlite3_libversion());
	return 0;
}
