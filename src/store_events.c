/*
 * store_events.c: the change feed.  Each write request appends its event
 * inside its own transaction (api_write()), so the feed holds exactly
 * the changes that were committed; the newest events_keep are kept.
 */
#include "buildconf.h"

#include <stdlib.h>

#include "jsonv.h"
#include "log.h"
#include "store.h"

int
store_event_append(
    struct store *s, const char *type, int64_t at, const json_t *data)
{
	sqlite3_stmt *st;
	char         *text;
	int           rc;

	if ((text = json_dumps(data, JSON_COMPACT | JSON_SORT_KEYS)) == NULL)
		return STORE_ERROR;
	st = store_stmt(s, SQL_EVENT_INSERT);
	sqlite3_bind_text(st, 1, type, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, at);
	sqlite3_bind_text(st, 3, text, -1, SQLITE_STATIC);
	rc = store_exec_stmt(s, st);
	free(text);
	if (rc != 0)
		return rc;
	st = store_stmt(s, SQL_EVENT_PRUNE);
	sqlite3_bind_int64(st, 1, store_events_keep(s));
	return store_exec_stmt(s, st);
}

int
store_events_since(struct store *s, int64_t since, long long limit,
    int (*match)(const char *, void *), void *arg, json_t **out)
{
	sqlite3_stmt *st = store_stmt(s, SQL_EVENT_SINCE);
	json_t       *list, *data;
	const char   *type;
	long long     n = 0;
	int           rc = 0;

	*out = NULL;
	if ((list = json_array()) == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(st, 1, since);
	while (n < limit && (rc = store_step(s, st)) == 1) {
		type = (const char *)sqlite3_column_text(st, 1);
		if (match != NULL && !match(type, arg))
			continue;
		data = json_loads(
		    (const char *)sqlite3_column_text(st, 3), 0, NULL);
		if (data == NULL ||
		    json_array_append_new(list,
		        json_pack("{s:I, s:s, s:o, s:o}", "id",
		            (json_int_t)sqlite3_column_int64(st, 0), "type",
		            type, "at",
		            jv_time_json(sqlite3_column_int64(st, 2)), "data",
		            data)) != 0) {
			log_warnx("event %lld: unreadable",
			    (long long)sqlite3_column_int64(st, 0));
			rc = STORE_ERROR;
			break;
		}
		n++;
	}
	sqlite3_reset(st);
	if (rc < 0) {
		json_decref(list);
		return rc;
	}
	*out = list;
	return 0;
}

int
store_event_bounds(
    struct store *s, int64_t *oldest, int64_t *newest, int64_t *last_given)
{
	sqlite3_stmt *st = store_stmt(s, SQL_EVENT_BOUNDS);
	int           rc;

	if ((rc = store_step(s, st)) == 1) {
		*oldest = sqlite3_column_int64(st, 0);
		*newest = sqlite3_column_int64(st, 1);
		*last_given = sqlite3_column_int64(st, 2);
		rc = 0;
	} else if (rc == 0)
		rc = STORE_ERROR;
	sqlite3_reset(st);
	return rc;
}
