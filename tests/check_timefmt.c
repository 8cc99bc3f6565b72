/*
 * check_timefmt.c: unit tests for timefmt.c.
 *
 * Expected Unix seconds were computed independently (Python's datetime);
 * the round-trip test also checks against the C library's gmtime_r().
 */
#include "buildconf.h"

#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "timefmt.h"
#include "check_util.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define SENTINEL	((int64_t)-424242)

static const struct {
	const char	*in;
	int64_t		 want;
} parse_ok[] = {
	{ "1970-01-01T00:00:00Z",		0 },
	{ "2026-11-21T09:30:00Z",		1795253400 },
	{ "2026-11-21T10:30:00+01:00",		1795253400 },
	{ "2026-11-21T04:00:00-05:30",		1795253400 },
	{ "2026-11-21T09:30:00-00:00",		1795253400 },
	{ "2026-11-21t09:30:00.250z",		1795253400 },
	{ "2026-11-21 09:30:00Z",		1795253400 },
	{ "2026-11-21T09:30:00.999999999Z",	1795253400 },
	{ "2026-11-21T09:30:00.0+00:00",	1795253400 },
	{ "2026-11-22T09:29:00+23:59",		1795253400 },
	{ "2026-11-20T09:31:00-23:59",		1795253400 },
	{ "2024-02-29T12:00:00Z",		1709208000 },
	{ "2000-02-29T00:00:00Z",		951782400 },
	{ "2026-12-31T23:59:59Z",		1798761599 },
	{ "2026-12-31T23:59:60Z",		1798761599 },	/* leap sec */
	{ "2027-01-01T00:00:00Z",		1798761600 },
	{ "2038-01-19T03:14:08Z",		2147483648LL },
	{ "2100-03-01T00:00:00Z",		4107542400LL },
	{ "9999-12-31T23:59:59Z",		253402300799LL },
	{ "1970-01-01T00:00:00+01:00",		-3600 },
};

START_TEST(test_parse_valid)
{
	int64_t	 t = SENTINEL;

	ck_assert_msg(timefmt_parse(parse_ok[_i].in, &t) == 0,
	    "parse %s", parse_ok[_i].in);
	ck_assert_msg(t == parse_ok[_i].want, "%s: got %lld, want %lld",
	    parse_ok[_i].in, (long long)t, (long long)parse_ok[_i].want);
}
END_TEST

static const char *const parse_bad[] = {
	"",
	"2026-02-29T00:00:00Z",		/* not a leap year */
	"2100-02-29T00:00:00Z",		/* century, not a leap year */
	"2026-04-31T00:00:00Z",
	"2026-11-00T00:00:00Z",
	"2026-00-01T00:00:00Z",
	"2026-13-01T00:00:00Z",
	"2026-11-21T24:00:00Z",
	"2026-11-21T23:60:00Z",
	"2026-11-21T23:59:61Z",
	"2026-11-21T09:30:00Zx",
	"2026-11-21T09:30:00Z ",
	" 2026-11-21T09:30:00Z",
	"2026-11-21T09:30:00",		/* no offset */
	"2026-11-21",
	"2026-11-21T09:30Z",
	"2026-11-21T09:30:00.Z",	/* fraction without digits */
	"2026-11-21T09:30:00,5Z",
	"2026-11-21T09:30:00+24:00",
	"2026-11-21T09:30:00+01:60",
	"2026-11-21T09:30:00+0100",
	"2026-11-21T09:30:00+01",
	"2026-11-21X09:30:00Z",
	"2026-1-21T09:30:00Z",
	"2026-11-21T9:30:00Z",
	"1969-12-31T23:59:59Z",		/* before 1970 */
	"10000-01-01T00:00:00Z",
	"2026-11-21T09:30:00+01:00Z",
	"-026-11-21T09:30:00Z",
	"2026/11/21T09:30:00Z",
	"2026-11-21T09:30:00\xef\xbc\xba",	/* fullwidth Z */
};

START_TEST(test_parse_invalid)
{
	int64_t	 t = SENTINEL;

	ck_assert_msg(timefmt_parse(parse_bad[_i], &t) == -1,
	    "accepted \"%s\"", parse_bad[_i]);
	ck_assert_msg(t == SENTINEL, "\"%s\" wrote *out", parse_bad[_i]);
}
END_TEST

START_TEST(test_parse_null)
{
	int64_t	 t = SENTINEL;

	ck_assert_int_eq(timefmt_parse(NULL, &t), -1);
	ck_assert_int_eq(t, SENTINEL);
}
END_TEST

static const struct {
	int64_t		 t;
	const char	*want;
} format_ok[] = {
	{ 0,			"1970-01-01T00:00:00Z" },
	{ -1,			"1969-12-31T23:59:59Z" },
	{ 1795253400,		"2026-11-21T09:30:00Z" },
	{ 951782400,		"2000-02-29T00:00:00Z" },
	{ 1709208000,		"2024-02-29T12:00:00Z" },
	{ 1798761599,		"2026-12-31T23:59:59Z" },
	{ 1798761600,		"2027-01-01T00:00:00Z" },
	{ 2147483648LL,		"2038-01-19T03:14:08Z" },
	{ 4107542400LL,		"2100-03-01T00:00:00Z" },
	{ 253402300799LL,	"9999-12-31T23:59:59Z" },
};

START_TEST(test_format)
{
	char	 buf[TIMEFMT_RFC3339_LEN];

	ck_assert_ptr_eq(timefmt_format(format_ok[_i].t, buf, sizeof(buf)),
	    buf);
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
	char		 buf[TIMEFMT_RFC3339_LEN], want[TIMEFMT_RFC3339_LEN];
	struct tm	 tm;
	time_t		 tt;
	int64_t		 t, back, step = 86400LL * 29 + 3607;
	int		 n = 0;

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
	char	 buf[8];

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
	int64_t		 t, ref;
	const char	*day, *day_time;
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
	char	 buf[64];

	ck_assert_str_eq(timefmt_day(days[_i].t, days[_i].ref, buf,
	    sizeof(buf)), days[_i].day);
	ck_assert_str_eq(timefmt_day_time(days[_i].t, days[_i].ref, buf,
	    sizeof(buf)), days[_i].day_time);
}
END_TEST

static const struct {
	int64_t		 secs;
	const char	*want;
} durations[] = {
	{ 86400,		"1 day" },
	{ 14 * 86400,		"14 days" },
	{ 42 * 86400,		"42 days" },
	{ 3600,			"1 hour" },
	{ 36 * 3600,		"36 hours" },
	{ 108 * 3600,		"108 hours" },
	{ 60,			"1 minute" },
	{ 5400,			"90 minutes" },
	{ 61,			"2 minutes" },	/* rounded up */
	{ 1,			"1 minute" },
	{ 0,			"0 minutes" },
	{ -86400,		"-1 day" },
};

START_TEST(test_duration)
{
	char	 buf[64];

	ck_assert_str_eq(timefmt_duration(durations[_i].secs, buf,
	    sizeof(buf)), durations[_i].want);
}
END_TEST

static Suite *
timefmt_suite(void)
{
	Suite	*s;
	TCase	*tc;

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

	return s;
}

int
main(void)
{
	return check_run(timefmt_suite());
}
