/*
 * store_calendar.c: the reads of /calendar.ics besides readiness: past
 * sessions with what they treated, in one statement.
 */
#include "buildconf.h"

#include "store.h"

int
store_calendar_sessions(struct store *s, int64_t since, long long limit,
    int (*fn)(const struct store_cal_session *, void *), void *arg)
{
	sqlite3_stmt            *st = store_stmt(s, SQL_CALENDAR_SESSIONS);
	struct store_cal_session c;
	int                      rc;

	sqlite3_bind_int64(st, 1, since);
	sqlite3_bind_int64(st, 2, limit);
	while ((rc = store_step(s, st)) == 1) {
		c.id = sqlite3_column_int64(st, 0);
		c.started_at = sqlite3_column_int64(st, 1);
		c.setting = (const char *)sqlite3_column_text(st, 2);
		c.notes = (const char *)sqlite3_column_text(st, 3);
		c.treated = (const char *)sqlite3_column_text(st, 4);
		if (c.treated == NULL)
			c.treated = "";
		if ((rc = fn(&c, arg)) != 0)
			break;
	}
	sqlite3_reset(st);
	return rc < 0 ? rc : 0;
}
