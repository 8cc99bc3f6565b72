/*
 * timefmt.h: RFC 3339 times and the short dates used in messages.
 *
 * All times inside needled are int64_t Unix seconds (UTC).  Nothing here
 * but timefmt_now() reads the clock.
 */
#ifndef NEEDLED_TIMEFMT_H
#define NEEDLED_TIMEFMT_H

#include <stddef.h>
#include <stdint.h>

/* Enough for "2026-11-21T09:30:00Z" and its NUL, with room to spare. */
#define TIMEFMT_RFC3339_LEN	32

/*
 * Parse an RFC 3339 date-time ("2026-11-21T09:30:00Z",
 * "2026-11-21T10:30:00+01:00", "2026-11-21t09:30:00.250z", lower-case t/z
 * and a space instead of T are accepted, fractional seconds are truncated
 * toward the earlier second).  The whole string must be consumed.  Fields
 * are range-checked (month 1-12, day within the month with leap years,
 * hour 0-23, minute 0-59, second 0-60 where 60 is folded to 59, offsets
 * up to +-23:59).  Years 1970..9999 only.  Returns 0 and stores Unix
 * seconds in *out, or -1 on any error (then *out is untouched).
 */
int	 timefmt_parse(const char *s, int64_t *out);

/*
 * Format t as "YYYY-MM-DDTHH:MM:SSZ" into buf (at least
 * TIMEFMT_RFC3339_LEN bytes).  Returns buf.
 */
char	*timefmt_format(int64_t t, char *buf, size_t len);

/*
 * Short human date for messages: "14 Nov" when t falls in the same UTC
 * year as ref, else "14 Nov 2025".  Returns buf.
 */
char	*timefmt_day(int64_t t, int64_t ref, char *buf, size_t len);

/*
 * As timefmt_day() followed by " HH:MM": "28 Nov 09:30" or
 * "28 Nov 2025 09:30".  Returns buf.
 */
char	*timefmt_day_time(int64_t t, int64_t ref, char *buf, size_t len);

/*
 * A duration in seconds for people: whole days when it is a whole number
 * of days ("14 days", "1 day"), else hours ("36 hours", "1 hour"), else
 * minutes.  Returns buf.
 */
char	*timefmt_duration(int64_t secs, char *buf, size_t len);

/*
 * The wall clock in Unix seconds: the one place needled reads it.  Not
 * time(3): glibc serves that from the coarse clock, which can still show
 * the previous second for a tick after the precise one has moved on.
 * CLOCK_REALTIME cannot fail on Linux; if it ever did, needled aborts
 * rather than write history at a wrong time.
 */
int64_t	 timefmt_now(void);

#endif /* NEEDLED_TIMEFMT_H */
