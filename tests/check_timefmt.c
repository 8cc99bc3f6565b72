/*
 * check_timefmt.c: unit tests for timefmt.c.
 *
 * Expected Unix seconds were computed independently (Python's datetime);
 * the round-trip test also checks against the C library's gmtime_r().
 */
#include "buildconf.h"

#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>

#include "timefmt.h"
#include "check_util.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define SENTINEL ((int64_t)-424242)

static const struct {
	const char *in;
	int64_t     want;
} parse_ok[] = {
	{ "1970-01-01T00:00:00Z", 0 },
	{ "2026-11-21T09:30:00Z", 1795253400 },
	{ "2026-11-21T10:30:00+01:00", 1795253400 },
	{ "2026-11-21T04:00:00-05:30", 1795253400 },
	{ "2026-11-21T09:30:00-00:00", 1795253400 },
	{ "2026-11-21t09:30:00.250z", 1795253400 },
	{ "2026-11-21 09:30:00Z", 1795253400 },
	{ "2026-11-21T09:30:00.999999999Z", 1795253400 },
	{ "2026-11-21T09:30:00.0+00:00", 1795253400 },
	{ "2026-11-22T09:29:00+23:59", 1795253400 },
	{ "2026-11-20T09:31:00-23:59", 1795253400 },
	{ "2024-02-29T12:00:00Z", 1709208000 },
	{ "2000-02-29T00:00:00Z", 951782400 },
	{ "2026-12-31T23:59:59Z", 1798761599 },
	{ "2026-12-31T23:59:60Z", 1798761599 }, /* leap sec */
	{ "2027-01-01T00:00:00Z", 1798761600 },
	{ "2038-01-19T03:14:08Z", 2147483648LL },
	{ "2100-03-01T00:00:00Z", 4107542400LL },
	{ "9999-12-31T23:59:59Z", 253402300799LL },
	{ "1970-01-01T01:00:00+01:00", 0 },
	{ "9999-12-31T22:59:59-01:00", 253402300799LL },
};

START_TEST(test_parse_valid)
{
	int64_t t = SENTINEL;

	ck_assert_msg(timefmt_parse(parse_ok[_i].in, &t) == 0, "parse %s",
	    parse_ok[_i].in);
	ck_assert_msg(t == parse_ok[_i].want, "%s: got %lld, want %lld",
	    parse_ok[_i].in, (long long)t, (long long)parse_ok[_i].want);
}
END_TEST

static const char *const parse_bad[] = {
	/*
	 * In range as written, out of it in UTC: they could not be written
	 * back (libFuzzer found them; tests/fuzz/regress/timefmt).
	 */
	"1970-01-01T00:00:00+01:00", "1970-01-01T00:59:59+01:00",
	"9999-12-31T23:59:59-01:00", "",
	"2026-02-29T00:00:00Z", /* not a leap year */
	"2100-02-29T00:00:00Z", /* century, not a leap year */
	"2026-04-31T00:00:00Z", "2026-11-00T00:00:00Z", "2026-00-01T00:00:00Z",
	"2026-13-01T00:00:00Z", "2026-11-21T24:00:00Z", "2026-11-21T23:60:00Z",
	"2026-11-21T23:59:61Z", "2026-11-21T09:30:00Zx",
	"2026-11-21T09:30:00Z ", " 2026-11-21T09:30:00Z",
	"2026-11-21T09:30:00", /* no offset */
	"2026-11-21", "2026-11-21T09:30Z",
	"2026-11-21T09:30:00.Z", /* fraction without digits */
	"2026-11-21T09:30:00,5Z", "2026-11-21T09:30:00+24:00",
	"2026-11-21T09:30:00+01:60", "2026-11-21T09:30:00+0100",
	"2026-11-21T09:30:00+01", "2026-11-21X09:30:00Z", "2026-1-21T09:30:00Z",
	"2026-11-21T9:30:00Z", "1969-12-31T23:59:59Z", /* before 1970 */
	"10000-01-01T00:00:00Z", "2026-11-21T09:30:00+01:00Z",
	"-026-11-21T09:30:00Z", "2026/11/21T09:30:00Z",
	"2026-11-21T09:30:00\xef\xbc\xba", /* fullwidth Z */
};

START_TEST(test_parse_invalid)
{
	int64_t t = SENTINEL;

	ck_assert_msg(timefmt_parse(parse_bad[_i], &t) == -1, "accepted \"%s\"",
	    parse_bad[_i]);
	ck_assert_msg(t == SENTINEL, "\"%s\" wrote *out", parse_bad[_i]);
}
END_TEST

START_TEST(test_parse_null)
{
	int64_t t = SENTINEL;

	ck_assert_int_eq(timefmt_parse(NULL, &t), -1);
	ck_assert_int_eq(t, SENTINEL);
}
END_TEST

static const struct {
	int64_t     t;
	const char *want;
} format_ok[] = {
	{ 0, "1970-01-01T00:00:00Z" },
	{ -1, "1969-12-31T23:59:59Z" },
	{ 1795253400, "2026-11-21T09:30:00Z" },
	{ 951782400, "2000-02-29T00:00:00Z" },
	{ 1709208000, "2024-02-29T12:00:00Z" },
	{ 1798761599, "2026-12-31T23:59:59Z" },
	{ 1798761600, "2027-01-01T00:00:00Z" },
	{ 2147483648LL, "2038-01-19T03:14:08Z" },
	{ 4107542400LL, "2100-03-01T00:00:00Z" },
	{ 253402300799LL, "9999-12-31T23:59:59Z" },
};

START_TEST(test_format)
{
	char buf[TIMEFMT_RFC3339_LEN];

	ck_assert_ptr_eq(
	    timefmt_format(format_ok[_i].t, buf, sizeof(buf)), buf);
	ck_assert_str_eq(buf, format_ok[_i].want);
}
END_TEST

/*
 * Format and parse back times spread over 1970..2200 (a step that is prime
 * in seconds, so every time of day and every day of the month come up),
 * and compare the calendar fields with gmtime_r().
 */
START_TEST(test_round_trip)
{
	char      buf[TIMEFMT_RFC3339_LEN], want[TIMEFMT_RFC3339_LEN];
	struct tm tm;
	time_t    tt;
	int64_t   t, back, step = 86400LL * 29 + 3607;
	int       n = 0;

	for (t = 0; t < 7258118400LL; t += step, n++) {
		timefmt_format(t, buf, sizeof(buf));
		ck_assert_msg(timefmt_parse(buf, &back) == 0, "parse %s", buf);
		ck_assert_msg(back == t, "%s: %lld != %lld", buf,
		    (long long)back, (long long)t);
		tt = (time_t)t;
		ck_assert_ptr_nonnull(gmtime_r(&tt, &tm));
		strftime(want, sizeof(want), "%Y-%m-%dT%H:%M:%SZ", &tm);
		ck_assert_str_eq(buf, want);
	}
	ck_assert_int_gt(n, 2500);
}
END_TEST

START_TEST(test_format_truncates)
{
	char buf[8];

	memset(buf, 'x', sizeof(buf));
	timefmt_format(1795253400, buf, 5);
	ck_assert_str_eq(buf, "2026");
	ck_assert_int_eq(buf[5], 'x');
	timefmt_day_time(1795253400, 1795253400, buf, sizeof(buf));
	ck_assert_str_eq(buf, "21 Nov ");
	timefmt_duration(14 * 86400, buf, 4);
	ck_assert_str_eq(buf, "14 ");
}
END_TEST

static const struct {
	int64_t     t, ref;
	const char *day, *day_time;
} days[] = {
	/* 2026-11-14T09:30Z seen from 2026-11-21 and from 2025 / 2027. */
	{ 1794648600, 1795253400, "14 Nov", "14 Nov 09:30" },
	{ 1794648600, 1767223800, "14 Nov 2026", "14 Nov 2026 09:30" },
	{ 1763112600, 1795253400, "14 Nov 2025", "14 Nov 2025 09:30" },
	/* 2026-05-04T10:00Z: no leading zero on the day. */
	{ 1777888800, 1777888800, "4 May", "4 May 10:00" },
	/* The year boundary is UTC's. */
	{ 1798761600, 1798761599, "1 Jan 2027", "1 Jan 2027 00:00" },
	{ 1798761599, 1798761600, "31 Dec 2026", "31 Dec 2026 23:59" },
	{ 1709208000, 1709208000, "29 Feb", "29 Feb 12:00" },
	{ 0, 0, "1 Jan", "1 Jan 00:00" },
};

START_TEST(test_day)
{
	char buf[64];

	ck_assert_str_eq(
	    timefmt_day(days[_i].t, days[_i].ref, buf, sizeof(buf)),
	    days[_i].day);
	ck_assert_str_eq(
	    timefmt_day_time(days[_i].t, days[_i].ref, buf, sizeof(buf)),
	    days[_i].day_time);
}
END_TEST

static const struct {
	int64_t     secs;
	const char *want;
} durations[] = {
	{ 86400, "1 day" },
	{ 14 * 86400, "14 days" },
	{ 42 * 86400, "42 days" },
	{ 3600, "1 h" },
	{ 3 * 3600, "3 h" },
	{ 36 * 3600, "1 day 12 h" },
	{ 108 * 3600, "4 days 12 h" },
	{ 756 * 3600, "31 days 12 h" }, /* never "756 hours" */
	{ 4380 * 3600, "182 days 12 h" },
	{ 60, "1 min" },
	{ 5400, "1 h 30 min" },
	{ 86400 + 60, "1 day 1 min" },
	{ 25 * 3600 + 1, "1 day 1 h 1 min" }, /* rounded up */
	{ 61, "2 min" }, /* rounded up */
	{ 1, "1 min" },
	{ 0, "0 min" },
	{ -86400, "-1 day" },
	{ -36 * 3600, "-1 day 12 h" },
};

START_TEST(test_duration)
{
	char buf[64];

	ck_assert_str_eq(timefmt_duration(durations[_i].secs, buf, sizeof(buf)),
	    durations[_i].want);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Time zones */

static const struct {
	const char *name;
	int         valid;
} zones[] = {
	{ "UTC", 1 }, { "America/New_York", 1 }, { "Australia/Sydney", 1 },
	{ "Australia/Brisbane", 1 }, { "Asia/Tokyo", 1 }, { "Etc/GMT+5", 1 },
	{ "America/Argentina/Buenos_Aires", 1 },
	{ "Mars/Olympus", 0 }, /* well-formed, unknown */
	{ "../etc/passwd", 0 }, { "/etc/passwd", 0 },
	{ "America/../../../etc/passwd", 0 }, { "", 0 },
	{ "America", 0 }, /* a directory */
	{ "America/", 0 }, { "America//New_York", 0 },
	{ "America/New York", 0 }, { "America/New_York\n", 0 },
	{ "zone1970.tab", 0 }, /* a file, not a zone */
	{ "utc", 0 }, /* names are exact */
	{ "Europe/Paris;rm", 0 },
	{ "Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	  "/Zone",
	    0 }, /* too long */
};

START_TEST(test_zone_valid)
{
	ck_assert_msg(timefmt_zone_valid(zones[_i].name) == zones[_i].valid,
	    "\"%s\": want %d", zones[_i].name, zones[_i].valid);
}
END_TEST

START_TEST(test_zone_valid_null)
{
	ck_assert_int_eq(timefmt_zone_valid(NULL), 0);
}
END_TEST

/* $TZDIR is where zones are looked for, as the C library does. */
START_TEST(test_zone_tzdir)
{
	char  dir[] = "/tmp/check_timefmt.XXXXXX", path[256];
	FILE *f;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/Fake", dir);
	ck_assert_int_eq(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/Fake/Zone", dir);
	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	fputs("TZif2", f);
	fclose(f);
	snprintf(path, sizeof(path), "%s/Fake/NotTZif", dir);
	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	fputs("# not a zone", f);
	fclose(f);

	ck_assert_int_eq(setenv("TZDIR", dir, 1), 0);
	ck_assert_int_eq(timefmt_zone_valid("Fake/Zone"), 1);
	ck_assert_int_eq(timefmt_zone_valid("Fake/NotTZif"), 0);
	ck_assert_int_eq(timefmt_zone_valid("America/New_York"), 0);
	ck_assert_int_eq(timefmt_zone_valid("UTC"), 1);
	ck_assert_int_eq(setenv("TZDIR", "", 1), 0);
	ck_assert_int_eq(timefmt_zone_valid("Fake/Zone"), 0);
	ck_assert_int_eq(timefmt_zone_valid("America/New_York"), 1);

	snprintf(path, sizeof(path), "%s/Fake/Zone", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/Fake/NotTZif", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/Fake", dir);
	rmdir(path);
	rmdir(dir);
}
END_TEST

START_TEST(test_host_zone)
{
	char buf[TIMEFMT_ZONE_LEN], small[2];

	ck_assert_ptr_eq(timefmt_host_zone(buf, sizeof(buf)), buf);
	ck_assert_msg(timefmt_zone_valid(buf), "host zone \"%s\"", buf);
	/* Too small for any name but still a string. */
	timefmt_host_zone(small, sizeof(small));
	ck_assert_uint_lt(strlen(small), sizeof(small));
	ck_assert_str_eq(timefmt_host_zone(small, 0), "UTC");
}
END_TEST

/*
 * Expected local times were computed with Python's zoneinfo.  New York
 * leaves daylight saving time on 1 Nov 2026 at 06:00 UTC; Sydney starts it
 * on 4 Oct 2026 at 16:00 UTC (3 Oct) and leaves it on 4 Apr 2027 at 16:00
 * UTC (3 Apr); Brisbane and Tokyo have none.
 */
static const struct {
	const char *zone, *t, *ref;
	const char *day, *day_time;
} tzdays[] = {
	{ "UTC", "2026-11-21T09:30:00Z", "2026-11-21T09:30:00Z", "21 Nov",
	    "21 Nov 09:30 UTC" },
	{ "", "2026-11-21T09:30:00Z", "2026-11-21T09:30:00Z", "21 Nov",
	    "21 Nov 09:30 UTC" },
	{ NULL, "2026-11-21T09:30:00Z", "2025-11-21T09:30:00Z", "21 Nov 2026",
	    "21 Nov 2026 09:30 UTC" },
	{ "Mars/Olympus", "2026-11-21T09:30:00Z", "2026-11-21T09:30:00Z",
	    "21 Nov", "21 Nov 09:30 UTC" }, /* unknown: UTC, said so */
	{ "../etc/passwd", "2026-11-21T09:30:00Z", "2026-11-21T09:30:00Z",
	    "21 Nov", "21 Nov 09:30 UTC" },
	{ "America/New_York", "2026-10-25T13:30:00Z", "2026-10-25T13:30:00Z",
	    "25 Oct", "25 Oct 09:30 EDT" },
	{ "America/New_York", "2026-11-08T14:30:00Z", "2026-10-25T13:30:00Z",
	    "8 Nov", "8 Nov 09:30 EST" },
	{ "America/New_York", "2026-11-01T05:59:59Z", "2026-11-01T05:59:59Z",
	    "1 Nov", "1 Nov 01:59 EDT" },
	{ "America/New_York", "2026-11-01T06:00:00Z", "2026-11-01T05:59:59Z",
	    "1 Nov", "1 Nov 01:00 EST" }, /* the hour repeats */
	{ "America/New_York", "2026-11-14T03:00:00Z", "2026-11-14T03:00:00Z",
	    "13 Nov", "13 Nov 22:00 EST" }, /* the day is local */
	{ "Australia/Sydney", "2026-09-30T21:30:00Z", "2026-09-30T21:30:00Z",
	    "1 Oct", "1 Oct 07:30 AEST" },
	{ "Australia/Sydney", "2026-10-03T15:59:59Z", "2026-10-03T15:59:59Z",
	    "4 Oct", "4 Oct 01:59 AEST" },
	{ "Australia/Sydney", "2026-10-03T16:00:00Z", "2026-10-03T15:59:59Z",
	    "4 Oct", "4 Oct 03:00 AEDT" },
	{ "Australia/Sydney", "2026-12-03T21:30:00Z", "2026-11-21T09:30:00Z",
	    "4 Dec", "4 Dec 08:30 AEDT" },
	{ "Australia/Sydney", "2027-04-03T16:00:00Z", "2026-12-03T21:30:00Z",
	    "4 Apr 2027", "4 Apr 2027 02:00 AEST" },
	{ "Australia/Brisbane", "2026-12-03T21:30:00Z", "2026-11-21T09:30:00Z",
	    "4 Dec", "4 Dec 07:30 AEST" },
	{ "Australia/Brisbane", "2026-06-03T21:30:00Z", "2026-06-03T21:30:00Z",
	    "4 Jun", "4 Jun 07:30 AEST" },
	{ "Asia/Tokyo", "2026-12-03T21:30:00Z", "2026-12-03T21:30:00Z", "4 Dec",
	    "4 Dec 06:30 JST" },
	/* The year is the zone's: New Year in Tokyo is still 2026 in UTC. */
	{ "Asia/Tokyo", "2026-12-31T20:00:00Z", "2026-12-31T20:00:00Z", "1 Jan",
	    "1 Jan 05:00 JST" },
	{ "Asia/Tokyo", "2026-12-31T20:00:00Z", "2026-12-31T10:00:00Z",
	    "1 Jan 2027", "1 Jan 2027 05:00 JST" },
	{ "UTC", "2026-12-31T20:00:00Z", "2026-12-31T10:00:00Z", "31 Dec",
	    "31 Dec 20:00 UTC" },
	/* Zones without an abbreviation: their offset. */
	{ "America/Sao_Paulo", "2026-12-03T21:30:00Z", "2026-12-03T21:30:00Z",
	    "3 Dec", "3 Dec 18:30 -03:00" },
	{ "Asia/Kathmandu", "2026-12-03T21:30:00Z", "2026-12-03T21:30:00Z",
	    "4 Dec", "4 Dec 03:15 +05:45" },
	{ "Etc/GMT-14", "2026-12-03T21:30:00Z", "2026-12-03T21:30:00Z", "4 Dec",
	    "4 Dec 11:30 +14:00" },
};

START_TEST(test_day_tz)
{
	char    buf[TIMEFMT_HUMAN_LEN];
	int64_t t = ts(tzdays[_i].t), ref = ts(tzdays[_i].ref);

	ck_assert_str_eq(
	    timefmt_day_tz(t, ref, tzdays[_i].zone, buf, sizeof(buf)),
	    tzdays[_i].day);
	ck_assert_str_eq(
	    timefmt_day_time_tz(t, ref, tzdays[_i].zone, buf, sizeof(buf)),
	    tzdays[_i].day_time);
}
END_TEST

/* Switching zones back and forth: each call uses its own zone. */
START_TEST(test_zone_switch)
{
	static const char *const want[] = { "4 Dec 08:30 AEDT",
		"3 Dec 16:30 EST", "4 Dec 06:30 JST", "3 Dec 21:30 UTC",
		"4 Dec 07:30 AEST", "3 Dec 16:30 EST" };
	static const char *const zs[] = { "Australia/Sydney",
		"America/New_York", "Asia/Tokyo", "UTC", "Australia/Brisbane",
		"America/New_York" };
	char                     buf[TIMEFMT_HUMAN_LEN];
	int64_t                  t = ts("2026-12-03T21:30:00Z");
	int                      round;
	size_t                   i;

	for (round = 0; round < 2; round++)
		for (i = 0; i < NELEM(zs); i++)
			ck_assert_str_eq(
			    timefmt_day_time_tz(t, t, zs[i], buf, sizeof(buf)),
			    want[i]);
	/* The UTC functions are untouched by the zone last used. */
	ck_assert_str_eq(
	    timefmt_day_time(t, t, buf, sizeof(buf)), "3 Dec 21:30");
	ck_assert_str_eq(timefmt_day(t, t, buf, sizeof(buf)), "3 Dec");
}
END_TEST

START_TEST(test_day_tz_truncates)
{
	char buf[12];

	memset(buf, 'x', sizeof(buf));
	timefmt_day_time_tz(ts("2026-12-03T21:30:00Z"), 0, "Australia/Brisbane",
	    buf, sizeof(buf));
	ck_assert_str_eq(buf, "4 Dec 2026 ");
}
END_TEST

static Suite *
timefmt_suite(void)
{
	Suite *s;
	TCase *tc;

	s = suite_create("timefmt");

	tc = tcase_create("parse");
	tcase_add_loop_test(tc, test_parse_valid, 0, NELEM(parse_ok));
	tcase_add_loop_test(tc, test_parse_invalid, 0, NELEM(parse_bad));
	tcase_add_test(tc, test_parse_null);
	suite_add_tcase(s, tc);

	tc = tcase_create("format");
	tcase_add_loop_test(tc, test_format, 0, NELEM(format_ok));
	tcase_add_test(tc, test_round_trip);
	tcase_add_test(tc, test_format_truncates);
	suite_add_tcase(s, tc);

	tc = tcase_create("human");
	tcase_add_loop_test(tc, test_day, 0, NELEM(days));
	tcase_add_loop_test(tc, test_duration, 0, NELEM(durations));
	suite_add_tcase(s, tc);

	tc = tcase_create("zones");
	tcase_add_loop_test(tc, test_zone_valid, 0, NELEM(zones));
	tcase_add_test(tc, test_zone_valid_null);
	tcase_add_test(tc, test_zone_tzdir);
	tcase_add_test(tc, test_host_zone);
	tcase_add_loop_test(tc, test_day_tz, 0, NELEM(tzdays));
	tcase_add_test(tc, test_zone_switch);
	tcase_add_test(tc, test_day_tz_truncates);
	suite_add_tcase(s, tc);

	return s;
}

int
main(void)
{
	return check_run(timefmt_suite());
}
