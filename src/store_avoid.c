/*
 * store_avoid.c: what GET /avoid reads, each area's latest treatment
 * within the longest wait after a session (healing-model.md §3, §8).
 * The rule (which category waits how long) is applied above the store,
 * in api_avoid.c.
 */
#include "buildconf.h"

#include <stdio.h>
#include <stdlib.h>

#include "store.h"

int
store_avoid_treated(struct store *s, int64_t from, int64_t at, int64_t area_id,
    struct store_treated **out, size_t *n)
{
	sqlite3_stmt         *st = store_stmt(s, SQL_AVOID_TREATED);
	struct store_treated *list = NULL, *p;
	size_t                cap = 0;
	int                   rc;

	*out = NULL;
	*n = 0;
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, at);
	sqlite3_bind_int64(st, 3, area_id);
	while ((rc = store_step(s, st)) == 1) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			if ((p = realloc(list, cap * sizeof(*p))) == NULL) {
				rc = STORE_ERROR;
				break;
			}
			list = p;
		}
		p = &list[(*n)++];
		snprintf(p->slug, sizeof(p->slug), "%s",
		    (const char *)sqlite3_column_text(st, 0));
		p->at = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	if (rc < 0) {
		free(list);
		*n = 0;
		return rc;
	}
	*out = list;
	return 0;
}
