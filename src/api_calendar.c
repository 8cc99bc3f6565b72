/*
 * api_calendar.c: GET /calendar.ics, an RFC 5545 calendar to subscribe to
 * (built with libical, which folds and escapes): one event per tracked
 * area at its ready_at ("cheeks ready"), and the past year's sessions
 * with what they treated.
 *
 * Every event has a stable UID ("ready-cheeks@needled", "session-7@
 * needled"), so a calendar app moves an event rather than adding one when
 * a ready_at changes, and its DTSTAMP is a time of the data, never the
 * time of the request: the same history gives the same bytes (and ETag).
 */
#include "buildconf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libical/ical.h>

#include "api.h"
#include "heal.h"
#include "store.h"
#include "timefmt.h"

#define CAL_SESSIONS_DAYS 400 /* sessions shown: the last 400 days */
#define CAL_SESSIONS_MAX 1000 /* and at most this many */
#define CAL_EVENT_S 1800 /* an event lasts half an hour */
#define CAL_MAX_AREAS 1024

static struct icaltimetype
utc(int64_t t)
{
	return icaltime_from_timet_with_zone(
	    (time_t)t, 0, icaltimezone_get_utc_timezone());
}

/* A VEVENT with the properties every event of the calendar has. */
static icalcomponent *
event_new(const char *uid, int64_t at, int64_t stamp, const char *summary,
    const char *description, int busy)
{
	icalcomponent *ev;

	ev = icalcomponent_vanew(ICAL_VEVENT_COMPONENT,
	    icalproperty_new_uid(uid), icalproperty_new_dtstamp(utc(stamp)),
	    icalproperty_new_dtstart(utc(at)),
	    icalproperty_new_duration(icaldurationtype_from_int(CAL_EVENT_S)),
	    icalproperty_new_summary(summary),
	    icalproperty_new_transp(
	        busy ? ICAL_TRANSP_OPAQUE : ICAL_TRANSP_TRANSPARENT),
	    (void *)0);
	if (ev != NULL && description != NULL && *description != '\0')
		icalcomponent_add_property(
		    ev, icalproperty_new_description(description));
	return ev;
}

static icalproperty *
x_property(const char *name, const char *value)
{
	icalproperty *p = icalproperty_new_x(value);

	icalproperty_set_x_name(p, name);
	return p;
}

/* The ready event of one area, from its readiness JSON; 0 or -1. */
static int
add_ready(icalcomponent *cal, const json_t *r)
{
	const char *slug = json_string_value(json_object_get(r, "area"));
	const char *when = json_string_value(json_object_get(r, "ready_at"));
	const char *last = json_string_value(
	    json_object_get(r, "last_session_at"));
	json_t        *reason;
	char           uid[128], summary[128], desc[2048];
	int64_t        at, stamp;
	size_t         i, n = 0;
	icalcomponent *ev;

	/* Blocked areas have no ready_at: nothing to put in a calendar. */
	if (slug == NULL || when == NULL || timefmt_parse(when, &at) == -1)
		return 0;
	if (last == NULL || timefmt_parse(last, &stamp) == -1)
		stamp = at;
	snprintf(uid, sizeof(uid), "ready-%s@needled", slug);
	snprintf(summary, sizeof(summary), "%s ready", slug);
	desc[0] = '\0';
	json_array_foreach(json_object_get(r, "reasons"), i, reason)
	{
		const char *m = json_string_value(
		    json_object_get(reason, "message"));

		if (m != NULL && n < sizeof(desc))
			n += (size_t)snprintf(desc + n, sizeof(desc) - n,
			    "%s%s", n > 0 ? "\n" : "", m);
	}
	if (n == 0)
		snprintf(desc, sizeof(desc), "%s has no constraint left", slug);
	if ((ev = event_new(uid, at, stamp, summary, desc, 0)) == NULL)
		return -1;
	icalcomponent_add_property(
	    ev, icalproperty_new_categories("needled-ready"));
	icalcomponent_add_component(cal, ev);
	return 0;
}

static int
add_session(const struct store_cal_session *c, void *arg)
{
	icalcomponent *cal = arg, *ev;
	char           uid[64], summary[600], desc[4200];

	snprintf(uid, sizeof(uid), "session-%lld@needled", (long long)c->id);
	snprintf(summary, sizeof(summary), "Micro-needling: %s", c->treated);
	snprintf(desc, sizeof(desc), "%s session %lld%s%s", c->setting,
	    (long long)c->id, *c->notes ? "\n" : "", c->notes);
	if ((ev = event_new(
	         uid, c->started_at, c->started_at, summary, desc, 1)) == NULL)
		return STORE_ERROR;
	icalcomponent_add_property(
	    ev, icalproperty_new_categories("needled-session"));
	icalcomponent_add_component(cal, ev);
	return 0;
}

/* The tracked areas' ready events; 0 or a negative STORE_ code. */
static int
add_readiness(struct store *s, icalcomponent *cal, int64_t now)
{
	int64_t *ids;
	char(*slugs)[HEAL_SLUG_LEN];
	json_t *r;
	int     n, i, rc = 0;

	ids = calloc(CAL_MAX_AREAS, sizeof(*ids));
	slugs = calloc(CAL_MAX_AREAS, sizeof(*slugs));
	if (ids == NULL || slugs == NULL) {
		rc = STORE_ERROR;
		goto done;
	}
	if ((n = store_tracked_areas(s, now, ids, slugs, CAL_MAX_AREAS)) < 0) {
		rc = n;
		goto done;
	}
	for (i = 0; i < n && rc == 0; i++) {
		if ((rc = api_area_readiness(s, ids[i], slugs[i], now, &r)) !=
		    0)
			break;
		if (add_ready(cal, r) == -1)
			rc = STORE_ERROR;
		json_decref(r);
	}
done:
	free(ids);
	free(slugs);
	return rc;
}

void
api_calendar(struct api_req *req, struct api_resp *resp)
{
	icalcomponent *cal;
	char          *text;
	int64_t        now;
	int            rc;

	if (api_query_time(req, resp, "at", req->now, &now) == -1)
		return;
	cal = icalcomponent_vanew(ICAL_VCALENDAR_COMPONENT,
	    icalproperty_new_version("2.0"),
	    icalproperty_new_prodid(
	        "-//needled//needled " PACKAGE_VERSION "//EN"),
	    icalproperty_new_calscale("GREGORIAN"),
	    x_property("X-WR-CALNAME", "needled"),
	    x_property("X-WR-CALDESC",
	        "When each skin area is ready again, "
	        "and past micro-needling sessions (needled is not medical "
	        "advice)"),
	    x_property("X-PUBLISHED-TTL", "PT1H"), (void *)0);
	if (cal == NULL) {
		api_internal(resp);
		return;
	}
	if ((rc = add_readiness(req->store, cal, now)) != 0 ||
	    (rc = store_calendar_sessions(req->store,
	         now - (int64_t)CAL_SESSIONS_DAYS * 86400, CAL_SESSIONS_MAX,
	         add_session, cal)) != 0) {
		icalcomponent_free(cal);
		api_store_error(resp, rc);
		return;
	}
	text = icalcomponent_as_ical_string_r(cal);
	icalcomponent_free(cal);
	if (text == NULL) {
		api_internal(resp);
		return;
	}
	resp->status = 200;
	resp->text = text;
	resp->text_len = strlen(text);
	resp->content_type = "text/calendar; charset=utf-8";
}
