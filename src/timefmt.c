/*
 * timefmt.c: RFC 3339 times and the short dates used in messages.
 *
 * The calendar arithmetic is done here rather than with timegm() and
 * gmtime_r(): timegm() is not in POSIX, both depend on the width of time_t,
 * and neither is needed for a proleptic Gregorian calendar in UTC.  The
 * conversions are Howard Hinnant's days_from_civil() and civil_from_days(),
 * which are exact for every int64_t day count we can meet.  Nothing here
 * but timefmt_now() reads the clock, and nothing reads the locale.
 *
 * Time zones are the exception to "by hand": their rules change by law
 * every year, so they come from the system's tzdata through the C library
 * (TZ, tzset(), localtime_r()), never from offsets written here.  The one
 * piece of state is the name of the zone TZ was last set to, so that
 * tzset() runs only when the zone changes.
 */
#include "buildconf.h"

#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "timefmt.h"

#define SECS_PER_MIN 60
#define SECS_PER_HOUR 3600
#define SECS_PER_DAY 86400

#define ZONEINFO_DIR "/usr/share/zoneinfo"
#define TZIF_MAGIC "TZif"
#define LABEL_LEN 16 /* "AEST", "+05:30" */

#define YEAR_MIN 1970
#define YEAR_MAX 9999
#define OFFSET_HOUR_MAX 23

struct civil {
	int64_t year;
	int     month; /* 1..12 */
	int     day; /* 1..31 */
};

static const char *const month_abbr[12] = { "Jan", "Feb", "Mar", "Apr", "May",
	"Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

static int
is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
days_in_month(int64_t y, int m)
{
	static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
		30, 31 };

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
	int64_t era, yoe, doy, doe;

	if (m <= 2)
		y--;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400; /* [0, 399] */
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1; /* [0, 365] */
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy; /* [0, 146096] */
	return era * 146097 + doe - 719468;
}

/* The inverse of days_from_civil(). */
static void
civil_from_days(int64_t z, struct civil *c)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097; /* [0, 146096] */
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100); /* [0, 365] */
	mp = (5 * doy + 2) / 153; /* [0, 11] */
	c->day = (int)(doy - (153 * mp + 2) / 5 + 1);
	c->month = (int)(mp < 10 ? mp + 3 : mp - 9);
	c->year = yoe + era * 400 + (c->month <= 2);
}

/* Split t into its UTC date and the seconds since that midnight. */
static void
split_time(int64_t t, struct civil *c, int *secs_of_day)
{
	int64_t days, rem;

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
	const char *s = *sp;
	int         v = 0, i;

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
	int     year, month, day, hour, min, sec, oh = 0, om = 0, sign = 0;
	int64_t t;

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
	/*
	 * The instant must itself be in years 1970..9999 UTC, so that it can
	 * be written back: "1970-01-01T00:59:59+01:00" is 1969 in UTC.
	 */
	if (t < 0 || t > TIMEFMT_MAX)
		return -1;
	*out = t;
	return 0;
}

char *
timefmt_format(int64_t t, char *buf, size_t len)
{
	struct civil c;
	int          sod;

	split_time(t, &c, &sod);
	(void)snprintf(buf, len, "%04lld-%02d-%02dT%02d:%02d:%02dZ",
	    (long long)c.year, c.month, c.day, sod / SECS_PER_HOUR,
	    sod % SECS_PER_HOUR / SECS_PER_MIN, sod % SECS_PER_MIN);
	return buf;
}

/* A time as a person in some zone reads it. */
struct local {
	struct civil c;
	int          sod; /* seconds since local midnight */
	char         label[LABEL_LEN]; /* "UTC", "AEST", "+05:30" */
};

static void
local_utc(int64_t t, struct local *l)
{
	split_time(t, &l->c, &l->sod);
	(void)snprintf(l->label, sizeof(l->label), "UTC");
}

static int
zone_is_utc(const char *zone)
{
	return zone == NULL || *zone == '\0' || strcmp(zone, "UTC") == 0;
}

/*
 * Point TZ at zone, unless it already is.  Returns 0, or -1 if the zone is
 * not valid (then TZ is left as it was).  The name is kept with its
 * verdict, so an invalid zone costs one look at the file system, not one
 * per message.
 */
static int
use_zone(const char *zone)
{
	static char cur[TIMEFMT_ZONE_LEN];
	static int  cur_ok = -1; /* -1: nothing tried yet */
	char        tz[TIMEFMT_ZONE_LEN + 1];

	if (strlen(zone) >= sizeof(cur))
		return -1;
	if (cur_ok != -1 && strcmp(cur, zone) == 0)
		return cur_ok ? 0 : -1;
	(void)snprintf(cur, sizeof(cur), "%s", zone);
	cur_ok = 0;
	if (!timefmt_zone_valid(zone))
		return -1;
	/* A leading ':' tells the C library to read a file, never to parse
	 * the name as a POSIX TZ rule. */
	(void)snprintf(tz, sizeof(tz), ":%s", zone);
	if (setenv("TZ", tz, 1) == -1)
		return -1;
	tzset();
	cur_ok = 1;
	return 0;
}

/*
 * Break t down in zone.  Falls back to UTC (labelled so) when the zone is
 * UTC or unusable, or t is out of the C library's range.
 */
static void
to_local(int64_t t, const char *zone, struct local *l)
{
	struct tm tm;
	time_t    tt = (time_t)t;
	long      off;
	char      sign;

	if (zone_is_utc(zone) || (int64_t)tt != t || use_zone(zone) == -1 ||
	    localtime_r(&tt, &tm) == NULL) {
		local_utc(t, l);
		return;
	}
	l->c.year = (int64_t)tm.tm_year + 1900;
	l->c.month = tm.tm_mon + 1;
	l->c.day = tm.tm_mday;
	l->sod = tm.tm_hour * SECS_PER_HOUR + tm.tm_min * SECS_PER_MIN +
	    tm.tm_sec;
	if (strftime(l->label, sizeof(l->label), "%Z", &tm) == 0)
		l->label[0] = '\0';
	/* Zones without an abbreviation of their own give "-03" or "+0530":
	 * show those, and an empty one, as "+HH:MM". */
	if (l->label[0] == '\0' || l->label[0] == '+' || l->label[0] == '-' ||
	    (l->label[0] >= '0' && l->label[0] <= '9')) {
		off = tm.tm_gmtoff;
		sign = off < 0 ? '-' : '+';
		if (off < 0)
			off = -off;
		(void)snprintf(l->label, sizeof(l->label), "%c%02ld:%02ld",
		    sign, off / SECS_PER_HOUR,
		    off % SECS_PER_HOUR / SECS_PER_MIN);
	}
}

/* Write "14 Nov" or "14 Nov 2025" and return what snprintf() returned. */
static int
format_day(
    const struct local *lt, const struct local *lr, char *buf, size_t len)
{
	if (lt->c.year == lr->c.year)
		return snprintf(
		    buf, len, "%d %s", lt->c.day, month_abbr[lt->c.month - 1]);
	return snprintf(buf, len, "%d %s %lld", lt->c.day,
	    month_abbr[lt->c.month - 1], (long long)lt->c.year);
}

/* Append " HH:MM" and, if label is not NULL, " label". */
static void
format_time(
    const struct local *lt, const char *label, int n, char *buf, size_t len)
{
	if (n < 0 || (size_t)n >= len)
		return;
	(void)snprintf(buf + n, len - (size_t)n, " %02d:%02d%s%s",
	    lt->sod / SECS_PER_HOUR, lt->sod % SECS_PER_HOUR / SECS_PER_MIN,
	    label != NULL ? " " : "", label != NULL ? label : "");
}

char *
timefmt_day(int64_t t, int64_t ref, char *buf, size_t len)
{
	struct local lt, lr;

	local_utc(t, &lt);
	local_utc(ref, &lr);
	(void)format_day(&lt, &lr, buf, len);
	return buf;
}

char *
timefmt_day_time(int64_t t, int64_t ref, char *buf, size_t len)
{
	struct local lt, lr;

	local_utc(t, &lt);
	local_utc(ref, &lr);
	format_time(&lt, NULL, format_day(&lt, &lr, buf, len), buf, len);
	return buf;
}

char *
timefmt_day_tz(int64_t t, int64_t ref, const char *zone, char *buf, size_t len)
{
	struct local lt, lr;

	to_local(t, zone, &lt);
	to_local(ref, zone, &lr);
	(void)format_day(&lt, &lr, buf, len);
	return buf;
}

char *
timefmt_day_time_tz(
    int64_t t, int64_t ref, const char *zone, char *buf, size_t len)
{
	struct local lt, lr;

	to_local(t, zone, &lt);
	to_local(ref, zone, &lr);
	format_time(&lt, lt.label, format_day(&lt, &lr, buf, len), buf, len);
	return buf;
}

/*
 * Only names a zone directory can hold: a name with ".." or a leading '/'
 * would let a profile field read any file, and TZ would take a name that
 * is no file as a POSIX rule ("EST5EDT").
 */
static int
zone_name_ok(const char *name)
{
	const char *p;
	size_t      n = strlen(name);

	if (n == 0 || n >= TIMEFMT_ZONE_LEN || name[0] == '/' ||
	    name[n - 1] == '/' || strstr(name, "..") != NULL ||
	    strstr(name, "//") != NULL)
		return 0;
	for (p = name; *p != '\0'; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		        (*p >= '0' && *p <= '9') || *p == '_' || *p == '+' ||
		        *p == '-' || *p == '/'))
			return 0;
	return 1;
}

int
timefmt_zone_valid(const char *name)
{
	const char *dir;
	char        path[PATH_MAX], magic[sizeof(TZIF_MAGIC) - 1];
	FILE       *f;
	size_t      n;
	int         len;

	if (name == NULL)
		return 0;
	if (strcmp(name, "UTC") == 0)
		return 1;
	if (!zone_name_ok(name))
		return 0;
	if ((dir = getenv("TZDIR")) == NULL || *dir == '\0')
		dir = ZONEINFO_DIR;
	len = snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (len < 0 || (size_t)len >= sizeof(path))
		return 0;
	/* A directory opens but does not read. */
	if ((f = fopen(path, "rb")) == NULL)
		return 0;
	n = fread(magic, 1, sizeof(magic), f);
	(void)fclose(f);
	return n == sizeof(magic) && memcmp(magic, TZIF_MAGIC, n) == 0;
}

/* Copy name into buf if it is a valid zone that fits; 0 or -1. */
static int
take_zone(const char *name, char *buf, size_t len)
{
	if (strlen(name) >= len || !timefmt_zone_valid(name))
		return -1;
	(void)snprintf(buf, len, "%s", name);
	return 0;
}

const char *
timefmt_host_zone(char *buf, size_t len)
{
	static const char marker[] = "zoneinfo/";
	char              line[PATH_MAX], *p;
	FILE             *f;
	ssize_t           n;

	if (len == 0)
		return "UTC";
	/* Debian's /etc/timezone: one name on the first line. */
	if ((f = fopen("/etc/timezone", "r")) != NULL) {
		p = fgets(line, sizeof(line), f);
		(void)fclose(f);
		if (p != NULL) {
			line[strcspn(line, " \t\r\n")] = '\0';
			if (take_zone(line, buf, len) == 0)
				return buf;
		}
	}
	/* /etc/localtime -> /usr/share/zoneinfo/Europe/Paris (or a relative
	 * ../usr/share/zoneinfo/...): the name is what follows the last
	 * "zoneinfo/". */
	if ((n = readlink("/etc/localtime", line, sizeof(line) - 1)) > 0) {
		line[n] = '\0';
		for (p = line; (p = strstr(p, marker)) != NULL;
		     p += sizeof(marker) - 1)
			if (strstr(p + sizeof(marker) - 1, marker) == NULL) {
				if (take_zone(
				        p + sizeof(marker) - 1, buf, len) == 0)
					return buf;
				break;
			}
	}
	(void)snprintf(buf, len, "UTC");
	return buf;
}

char *
timefmt_duration(int64_t secs, char *buf, size_t len)
{
	const char *sign = "";
	char        out[96];
	uint64_t    mag, mins, days, hours;
	int         n = 0;

	if (secs < 0) {
		sign = "-";
		mag = (uint64_t)0 - (uint64_t)secs;
	} else
		mag = (uint64_t)secs;
	mins = mag / SECS_PER_MIN + (mag % SECS_PER_MIN != 0);
	days = mins / (SECS_PER_DAY / SECS_PER_MIN);
	hours = mins % (SECS_PER_DAY / SECS_PER_MIN) / 60;
	mins %= 60;

	n = snprintf(out, sizeof(out), "%s", sign);
	if (days > 0)
		n += snprintf(out + n, sizeof(out) - (size_t)n, "%llu day%s",
		    (unsigned long long)days, days == 1 ? "" : "s");
	if (hours > 0)
		n += snprintf(out + n, sizeof(out) - (size_t)n, "%s%llu h",
		    days > 0 ? " " : "", (unsigned long long)hours);
	if (mins > 0 || (days == 0 && hours == 0))
		(void)snprintf(out + n, sizeof(out) - (size_t)n, "%s%llu min",
		    days > 0 || hours > 0 ? " " : "", (unsigned long long)mins);
	(void)snprintf(buf, len, "%s", out);
	return buf;
}

int64_t
timefmt_now(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_REALTIME, &ts) == -1) {
		perror("needled: clock_gettime(CLOCK_REALTIME)");
		abort();
	}
	return (int64_t)ts.tv_sec;
}
