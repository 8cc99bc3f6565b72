/*
 * store_idempotency.c: the first reply to each Idempotency-Key, so that a
 * client that retries a POST after a lost reply gets that reply again
 * instead of a second session.  Written in the same transaction as the
 * write it answers: a reply is kept exactly when its write is.
 */
#include "buildconf.h"

#include <stdlib.h>
#include <string.h>

#include "store.h"

static char *
column_dup(sqlite3_stmt *st, int col, size_t *len)
{
	const void *p = sqlite3_column_blob(st, col);
	size_t      n = (size_t)sqlite3_column_bytes(st, col);
	char       *s;

	if ((s = malloc(n + 1)) == NULL)
		return NULL;
	if (n > 0)
		memcpy(s, p, n);
	s[n] = '\0';
	if (len != NULL)
		*len = n;
	return s;
}

int
store_idem_get(struct store *s, const char *key, const char *method,
    const char *path, int64_t now, struct store_idem *out)
{
	sqlite3_stmt *st = store_stmt(s, SQL_IDEM_GET);
	int           rc;

	memset(out, 0, sizeof(*out));
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, method, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, path, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, now - STORE_IDEMPOTENCY_S);
	if ((rc = store_step(s, st)) == 1) {
		out->request_hash = column_dup(st, 0, NULL);
		out->status = sqlite3_column_int(st, 1);
		out->location = column_dup(st, 2, NULL);
		out->body = column_dup(st, 3, &out->body_len);
		rc = 0;
		if (out->request_hash == NULL || out->location == NULL ||
		    out->body == NULL) {
			store_idem_clear(out);
			rc = STORE_ERROR;
		}
	} else if (rc == 0)
		rc = STORE_NOTFOUND;
	sqlite3_reset(st);
	return rc;
}

int
store_idem_put(struct store *s, const char *key, const char *method,
    const char *path, int64_t now, const struct store_idem *r)
{
	sqlite3_stmt *st = store_stmt(s, SQL_IDEM_EXPIRE);
	int           rc;

	sqlite3_bind_int64(st, 1, now - STORE_IDEMPOTENCY_S);
	if ((rc = store_exec_stmt(s, st)) != 0)
		return rc;
	st = store_stmt(s, SQL_IDEM_PUT);
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, method, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, path, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, r->request_hash, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 5, r->status);
	sqlite3_bind_text(st, 6, r->location, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 7, r->body, (int)r->body_len, SQLITE_STATIC);
	sqlite3_bind_int64(st, 8, now);
	return store_exec_stmt(s, st);
}

void
store_idem_clear(struct store_idem *r)
{
	free(r->request_hash);
	free(r->location);
	free(r->body);
	memset(r, 0, sizeof(*r));
}
