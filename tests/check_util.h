/*
 * check_util.h: what the Check test programs share.  Header-only (static
 * functions), so that each test links only the modules it tests.
 */
#ifndef NEEDLED_CHECK_UTIL_H
#define NEEDLED_CHECK_UTIL_H

#include <check.h>
#include <stdint.h>
#include <stdlib.h>

#ifdef NEEDLED_TIMEFMT_H
/* An RFC 3339 literal of a test as Unix seconds; fails the test if bad. */
static inline int64_t
ts(const char *s)
{
	int64_t t;

	ck_assert_msg(timefmt_parse(s, &t) == 0, "bad time in test: %s", s);
	return t;
}

/* RFC 3339, or "null" for INT64_MIN (HEAL_NONE), into buf. */
static inline const char *
tstr(int64_t t, char *buf, size_t len)
{
	if (t == INT64_MIN)
		return "null";
	return timefmt_format(t, buf, len);
}

#define ck_assert_time(got, want) \
	do { \
		char _tb[TIMEFMT_RFC3339_LEN]; \
		ck_assert_str_eq(tstr((got), _tb, sizeof(_tb)), (want)); \
	} while (0)
#endif

/* Run one suite; the exit status of a test program. */
static inline int
check_run(Suite *s)
{
	SRunner *sr;
	int      failed;

	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

#endif /* NEEDLED_CHECK_UTIL_H */
