/*
 * timefmt.c: RFC 3339 times and the short dates used in messages.
 *
 * The calendar arithmetic is done here rather than with timegm() and
 * gmtime_r(): timegm() is not in POSIX, both depend on the width of time_t,
 * and neither is needed for a proleptic Gregorian calendar in UTC.  The
 * conversions are Howard Hinnant's days_from_civil() and civil_from_days(),
 * which are exact for every int64_t day count we can meet.  Nothing here
 * but timefmt_now() reads the clock; nothing reads the locale or the time
 * zone, and nothing keeps state.
 */
#include "buildconf.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "timefmt.h"

#define SECS_PER_MIN	60
#define SECS_PER_HOUR	3600
#define SECS_PER_DAY	86400

#define YEAR_MIN	1970
#define YEAR_MAX	9999
#define OFFSET_HOUR_MAX	23

struct civil {
	int64_t		 year;
	int		 month;		/* 1..12 */
	int		 day;		/* 1..31 */
};

static const char *const month_abbr[12] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	"Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
};

static int
is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
days_in_month(int64_t y, int m)
{
	static const int mdays[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	if (m == 2 && is_leap(y))
		return 29;
	return mdays[m - 1];
}

/*
 * Days since 1970-01-01 of a proleptic Gregorian date.  The year is shifted
 * to start in March so that the leap day is the last day of its year.
 */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t	 era, yoe, doy, doe;

	if (m <= 2)
		y--;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;				/* [0, 399] */
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;	/* [0, 365] */
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;	/* [0, 146096] */
	return era * 146097 + doe - 719468;
}

/* The inverse of days_from_civil(). */
static void
civil_from_days(int64_t z, struct civil *c)
{
	int64_t	 era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;				/* [0, 146096] */
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);	/* [0, 365] */
	mp = (5 * doy + 2) / 153;			/* [0, 11] */
	c->day = (int)(doy - (153 * mp + 2) / 5 + 1);
	c->month = (int)(mp < 10 ? mp + 3 : mp - 9);
	c->year = yoe + era * 400 + (c->month <= 2);
}

/* Split t into its UTC date and the seconds since that midnight. */
static void
split_time(int64_t t, struct civil *c, int *secs_of_day)
{
	int64_t	 days, rem;

	days = t / SECS_PER_DAY;
	rem = t % SECS_PER_DAY;
	if (rem < 0) {
		rem += SECS_PER_DAY;
		days--;
	}
	civil_from_days(days, c);
	*secs_of_day = (int)rem;
}

/*
 * Read exactly n decimal digits at *sp into *val and advance *sp.  Returns
 * 0, or -1 if any of the n characters is not a digit.  Locale-free on
 * purpose: isdigit() may accept more than '0'..'9'.
 */
static int
digits(const char **sp, int n, int *val)
{
	const char	*s = *sp;
	int		 v = 0, i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*sp = s + n;
	*val = v;
	return 0;
}

static int
expect(const char **sp, char c)
{
	if (**sp != c)
		return -1;
	(*sp)++;
	return 0;
}

int
timefmt_parse(const char *s, int64_t *out)
{
	int	 year, month, day, hour, min, sec, oh = 0, om = 0, sign = 0;
	int64_t	 t;

	if (s == NULL || out == NULL)
		return -1;
	if (digits(&s, 4, &year) == -1 || expect(&s, '-') == -1 ||
	    digits(&s, 2, &month) == -1 || expect(&s, '-') == -1 ||
	    digits(&s, 2, &day) == -1)
		return -1;
	if (*s != 'T' && *s != 't' && *s != ' ')
		return -1;
	s++;
	if (digits(&s, 2, &hour) == -1 || expect(&s, ':') == -1 ||
	    digits(&s, 2, &min) == -1 || expect(&s, ':') == -1 ||
	    digits(&s, 2, &sec) == -1)
		return -1;
	if (*s == '.') {
		/* At least one digit; the fraction is dropped, which rounds
		 * toward the earlier second since sec >= 0. */
		s++;
		if (*s < '0' || *s > '9')
			return -1;
		while (*s >= '0' && *s <= '9')
			s++;
	}
	if (*s == 'Z' || *s == 'z')
		s++;
	else if (*s == '+' || *s == '-') {
		sign = *s == '+' ? 1 : -1;
		s++;
		if (digits(&s, 2, &oh) == -1 || expect(&s, ':') == -1 ||
		    digits(&s, 2, &om) == -1)
			return -1;
	} else
		return -1;
	if (*s != '\0')
		return -1;

	if (year < YEAR_MIN || year > YEAR_MAX || month < 1 || month > 12 ||
	    day < 1 || day > days_in_month(year, month) || hour > 23 ||
	    min > 59 || sec > 60 || oh > OFFSET_HOUR_MAX || om > 59)
		return -1;
	if (sec == 60)
		sec = 59;

	t = days_from_civil(year, month, day) * SECS_PER_DAY +
	    hour * SECS_PER_HOUR + min * SECS_PER_MIN + sec;
	/* Local time = UTC + offset, so UTC = local time - offset. */
	t -= (int64_t)sign * (oh * SECS_PER_HOUR + om * SECS_PER_MIN);
	*out = t;
	return 0;
}

char *
timefmt_format(int64_t t, char *buf, size_t len)
{
	struct civil	 c;
	int		 sod;

	split_time(t, &c, &sod);
	(void)snprintf(buf, len, "%04lld-%02d-%02dT%02d:%02d:%02dZ",
	    (long long)c.year, c.month, c.day, sod / SECS_PER_HOUR,
	    sod % SECS_PER_HOUR / SECS_PER_MIN, sod % SECS_PER_MIN);
	return buf;
}

/* Write "14 Nov" or "14 Nov 2025" and return what snprintf() returned. */
static int
format_day(int64_t t, int64_t ref, char *buf, size_t len)
{
	struct civil	 c, r;
	int		 sod;

	split_time(t, &c, &sod);
	split_time(ref, &r, &sod);
	if (c.year == r.year)
		return snprintf(buf, len, "%d %s", c.day,
		    month_abbr[c.month - 1]);
	return snprintf(buf, len, "%d %s %lld", c.day, month_abbr[c.month - 1],
	    (long long)c.year);
}

char *
timefmt_day(int64_t t, int64_t ref, char *buf, size_t len)
{
	(void)format_day(t, ref, buf, len);
	return buf;
}

char *
timefmt_day_time(int64_t t, int64_t ref, char *buf, size_t len)
{
	struct civil	 c;
	int		 n, sod;

	n = format_day(t, ref, buf, len);
	if (n < 0 || (size_t)n >= len)
		return buf;
	split_time(t, &c, &sod);
	(void)snprintf(buf + n, len - (size_t)n, " %02d:%02d",
	    sod / SECS_PER_HOUR, sod % SECS_PER_HOUR / SECS_PER_MIN);
	return buf;
}

/*
 * Minutes are rounded up, so that a wait shown to a person is never shorter
 * than the real one.
 */
char *
timefmt_duration(int64_t secs, char *buf, size_t len)
{
	const char	*sign = "", *unit;
	uint64_t	 mag, n;

	if (secs < 0) {
		sign = "-";
		mag = (uint64_t)0 - (uint64_t)secs;
	} else
		mag = (uint64_t)secs;

	if (mag != 0 && mag % SECS_PER_DAY == 0) {
		n = mag / SECS_PER_DAY;
		unit = "day";
	} else if (mag != 0 && mag % SECS_PER_HOUR == 0) {
		n = mag / SECS_PER_HOUR;
		unit = "hour";
	} else {
		n = mag / SECS_PER_MIN + (mag % SECS_PER_MIN != 0);
		unit = "minute";
	}
	(void)snprintf(buf, len, "%s%llu %s%s", sign, (unsigned long long)n,
	    unit, n == 1 ? "" : "s");
	return buf;
}

int64_t
timefmt_now(void)
{
	struct timespec	ts;

	if (clock_gettime(CLOCK_REALTIME, &ts) == -1) {
		perror("needled: clock_gettime(CLOCK_REALTIME)");
		abort();
	}
	return (int64_t)ts.tv_sec;
}
