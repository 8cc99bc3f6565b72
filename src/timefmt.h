/*
 * timefmt.h: RFC 3339 times and the short dates used in messages.
 *
 * All times inside needled are int64_t Unix seconds (UTC).  Nothing here
 * but timefmt_now() reads the clock.  Messages may be written in an IANA
 * time zone ("Australia/Brisbane"), read from the system's tzdata through
 * the C library; machine fields stay UTC.
 */
#ifndef NEEDLED_TIMEFMT_H
#define NEEDLED_TIMEFMT_H

#include <stddef.h>
#include <stdint.h>

/* Enough for "2026-11-21T09:30:00Z" and its NUL, with room to spare. */
#define TIMEFMT_RFC3339_LEN 32

/* The last instant needled reads or writes: 9999-12-31T23:59:59Z. */
#define TIMEFMT_MAX INT64_C(253402300799)

/* An IANA zone name and its NUL; longer names are not valid zones. */
#define TIMEFMT_ZONE_LEN 64

/* Enough for "28 Nov 2025 09:30 +05:30" or "... AEST" and its NUL. */
#define TIMEFMT_HUMAN_LEN 48

/*
 * Parse an RFC 3339 date-time ("2026-11-21T09:30:00Z",
 * "2026-11-21T10:30:00+01:00", "2026-11-21t09:30:00.250z", lower-case t/z
 * and a space instead of T are accepted, fractional seconds are truncated
 * toward the earlier second).  The whole string must be consumed.  Fields
 * are range-checked (month 1-12, day within the month with leap years,
 * hour 0-23, minute 0-59, second 0-60 where 60 is folded to 59, offsets
 * up to +-23:59).  Years 1970..9999 only, of the instant in UTC too.  Returns 0 and stores Unix
 * seconds in *out, or -1 on any error (then *out is untouched).
 */
int timefmt_parse(const char *s, int64_t *out);

/*
 * Format t as "YYYY-MM-DDTHH:MM:SSZ" into buf (at least
 * TIMEFMT_RFC3339_LEN bytes).  Returns buf.
 */
char *timefmt_format(int64_t t, char *buf, size_t len);

/*
 * Short human date for messages, in UTC: "14 Nov" when t falls in the
 * same UTC year as ref, else "14 Nov 2025".  Returns buf.
 */
char *timefmt_day(int64_t t, int64_t ref, char *buf, size_t len);

/*
 * As timefmt_day() followed by " HH:MM" (UTC, unlabelled): "28 Nov 09:30"
 * or "28 Nov 2025 09:30".  Messages use timefmt_day_time_tz().  Returns
 * buf.
 */
char *timefmt_day_time(int64_t t, int64_t ref, char *buf, size_t len);

/*
 * Whether name is a time zone messages can be written in: "UTC", or a
 * well-formed name (at most TIMEFMT_ZONE_LEN - 1 characters of
 * [A-Za-z0-9_+-/], not starting with '/', no "..", no empty component)
 * naming a TZif file under $TZDIR, else /usr/share/zoneinfo.  Returns 1 or
 * 0; NULL and "" are not valid.  Reads the file system, not the clock.
 */
int timefmt_zone_valid(const char *name);

/*
 * The host's time zone name into buf: the first line of /etc/timezone,
 * else what the /etc/localtime symlink points to below a "zoneinfo/"
 * directory, else "UTC"; a name is used only if timefmt_zone_valid() and
 * it fits in len.  Returns buf (len 0: returns "UTC", a static string).
 */
const char *timefmt_host_zone(char *buf, size_t len);

/*
 * As timefmt_day(), with t and ref seen in the IANA zone `zone`: "14 Nov"
 * when t falls in the same local year as ref, else "14 Nov 2025".  NULL,
 * "" and "UTC" mean UTC, as does a zone that is not timefmt_zone_valid()
 * (a message is still written, in UTC rather than not at all).  Returns
 * buf.
 *
 * The zone is applied by setting the TZ environment variable and calling
 * tzset(), only when it differs from the last zone used: the process's
 * local time zone is whatever these functions last needed.  Not
 * thread-safe; needled formats messages on its one loop thread.
 */
char *
timefmt_day_tz(int64_t t, int64_t ref, const char *zone, char *buf, size_t len);

/*
 * As timefmt_day_tz() followed by " HH:MM" in that zone and the zone's
 * abbreviation, or its offset where the zone has no abbreviation:
 * "28 Nov 09:30 UTC", "4 Dec 07:30 AEST", "2 Mar 2025 10:00 -03:00".
 * Returns buf (TIMEFMT_HUMAN_LEN bytes always suffice).
 */
char *timefmt_day_time_tz(
    int64_t t, int64_t ref, const char *zone, char *buf, size_t len);

/*
 * A duration in seconds for people, in days, hours and minutes, each
 * shown only when not zero: "14 days", "1 day", "31 days 12 h", "3 h",
 * "1 h 30 min", "0 min".  Seconds are rounded up to the minute, so that a
 * wait shown to a person is never shorter than the real one.  Returns buf.
 */
char *timefmt_duration(int64_t secs, char *buf, size_t len);

/*
 * The wall clock in Unix seconds: the one place needled reads it.  Not
 * time(3): glibc serves that from the coarse clock, which can still show
 * the previous second for a tick after the precise one has moved on.
 * CLOCK_REALTIME cannot fail on Linux; if it ever did, needled aborts
 * rather than write history at a wrong time.
 */
int64_t timefmt_now(void);

#endif /* NEEDLED_TIMEFMT_H */
