/*
 * check_http.c: unit tests for httputil.c, the pure parts of the HTTP
 * handling: Content-Length values, request framing (RFC 9112 sections
 * 3.2 and 6.3), request target limits, ETag matching, Prefer and
 * Content-Type.
 */
#include "buildconf.h"

#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "httputil.h"
#include "check_util.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------------ */
/* Content-Length */

static const struct {
	const char *in;
	int         rc;
	uint64_t    want;
} lengths[] = {
	{ "0", 0, 0 },
	{ "2", 0, 2 },
	{ "00042", 0, 42 },
	{ "65536", 0, 65536 },
	{ "18446744073709551615", 0, UINT64_MAX },
	{ "18446744073709551616", -1, 0 }, /* 2^64 */
	{ "99999999999999999999", -1, 0 },
	{ "", -1, 0 },
	{ "-1", -1, 0 },
	{ "+1", -1, 0 },
	{ "1e3", -1, 0 },
	{ "1.0", -1, 0 },
	{ " 1", -1, 0 },
	{ "1 ", -1, 0 },
	{ "0x10", -1, 0 },
	{ "5, 5", -1, 0 },
	{ "abc", -1, 0 },
};

START_TEST(test_content_length)
{
	uint64_t v = 12345;

	ck_assert_msg(
	    httputil_content_length(lengths[_i].in, &v) == lengths[_i].rc,
	    "\"%s\"", lengths[_i].in);
	if (lengths[_i].rc == 0)
		ck_assert_msg(v == lengths[_i].want, "\"%s\" gave %llu",
		    lengths[_i].in, (unsigned long long)v);
	else
		ck_assert_msg(v == 12345, "\"%s\" wrote *out", lengths[_i].in);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Request targets */

static const struct {
	const char *target;
	size_t      n;
} queries[] = {
	{ "/health", 0 }, { "/health?", 0 }, { "/a?x=1", 1 }, { "/a?x", 1 },
	{ "/a?x=1&y=2", 2 },
	{ "/a?x=1&y=2&", 2 }, /* a trailing '&' adds nothing */
	{ "/a?x=1&&y=2", 3 }, /* an empty field in between does */
	{ "/a?&", 1 }, { "/a?&&&", 3 },
	{ "/a?x=a?b&c", 2 }, /* only the first '?' starts it */
};

START_TEST(test_query_count)
{
	ck_assert_msg(httputil_query_count(queries[_i].target) == queries[_i].n,
	    "%s: %zu", queries[_i].target,
	    httputil_query_count(queries[_i].target));
}
END_TEST

/* "/p?a=0&a=1&..." with n parameters, into buf. */
static char *
many_params(char *buf, size_t len, size_t n)
{
	size_t i, off;

	off = (size_t)snprintf(buf, len, "/sessions?");
	for (i = 0; i < n; i++) {
		ck_assert(off < len);
		off += (size_t)snprintf(
		    buf + off, len - off, "%sa=%zu", i ? "&" : "", i % 10);
	}
	ck_assert(off < len);
	return buf;
}

START_TEST(test_target_params)
{
	static char buf[65536];

	ck_assert_int_eq(httputil_target_check("/health"), 0);
	ck_assert_int_eq(httputil_target_check(many_params(
	                     buf, sizeof(buf), HTTPUTIL_MAX_PARAMS)),
	    0);
	ck_assert_int_eq(httputil_target_check(many_params(
	                     buf, sizeof(buf), HTTPUTIL_MAX_PARAMS + 1)),
	    400);
	/* The case of issue #6: 5000 of them, in about 20 KB. */
	ck_assert_int_eq(
	    httputil_target_check(many_params(buf, sizeof(buf), 5000)), 414);
	ck_assert_int_eq(
	    httputil_target_check(many_params(buf, sizeof(buf), 1000)), 400);
}
END_TEST

START_TEST(test_target_length)
{
	static char buf[HTTPUTIL_MAX_TARGET + 2];

	memset(buf, 'a', sizeof(buf) - 1);
	buf[0] = '/';
	buf[HTTPUTIL_MAX_TARGET] = '\0';
	ck_assert_int_eq(httputil_target_check(buf), 0);
	buf[HTTPUTIL_MAX_TARGET] = 'a';
	buf[HTTPUTIL_MAX_TARGET + 1] = '\0';
	ck_assert_int_eq(httputil_target_check(buf), 414);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Framing */

/* Header lines "Name: value" joined by '\n'; NULL field when accepted. */
static const struct {
	const char *lines;
	int         http11;
	int         status;
	const char *field;
} heads[] = {
	{ "Host: x", 1, 0, NULL },
	{ "host: x\nContent-Length: 2", 1, 0, NULL },
	{ "Host: x\nTransfer-Encoding: chunked", 1, 0, NULL },
	{ "Host: x\nTransfer-Encoding: Chunked", 1, 0, NULL },
	{ "Host: x\nContent-Length: 2\ncontent-length: 2", 1, 0, NULL },
	{ "", 0, 0, NULL }, /* HTTP/1.0 needs no Host */
	{ "", 1, 400, "Host" },
	{ "Content-Length: 2", 1, 400, "Host" },
	{ "Host: x\nHost: y", 1, 400, "Host" },
	{ "Host: x\nHost: x", 0, 400, "Host" },
	{ "Host: x\nContent-Length: 2\nTransfer-Encoding: chunked", 1, 400,
	    "Transfer-Encoding" },
	{ "Host: x\nTransfer-Encoding: chunked\nContent-Length: 2", 1, 400,
	    "Transfer-Encoding" },
	{ "Host: x\nContent-Length: 2\nContent-Length: 3", 1, 400,
	    "Content-Length" },
	{ "Host: x\nContent-Length: 0\nContent-Length: 30", 1, 400,
	    "Content-Length" },
	{ "Host: x\nContent-Length: 2\nContent-Length: -1", 1, 400,
	    "Content-Length" },
	{ "Host: x\nContent-Length: 1e3", 1, 400, "Content-Length" },
	{ "Host: x\nTransfer-Encoding: gzip", 1, 400, "Transfer-Encoding" },
	{ "Host: x\nTransfer-Encoding: gzip, chunked", 1, 400,
	    "Transfer-Encoding" },
	{ "Host: x\nTransfer-Encoding: chunked\nTransfer-Encoding: chunked", 1,
	    400, "Transfer-Encoding" },
};

START_TEST(test_head_check)
{
	struct httputil_head hd;
	char                 buf[256], *line, *save = NULL, *colon;
	const char          *field, *why;
	int                  st;

	memset(&hd, 0, sizeof(hd));
	snprintf(buf, sizeof(buf), "%s", heads[_i].lines);
	for (line = strtok_r(buf, "\n", &save); line != NULL;
	     line = strtok_r(NULL, "\n", &save)) {
		ck_assert_ptr_nonnull(colon = strchr(line, ':'));
		*colon = '\0';
		httputil_head_add(&hd, line, colon + 2);
	}
	st = httputil_head_check(&hd, heads[_i].http11, &field, &why);
	ck_assert_msg(st == heads[_i].status, "[%s]: %d", heads[_i].lines, st);
	if (heads[_i].field == NULL) {
		ck_assert_ptr_null(field);
		ck_assert_ptr_null(why);
	} else {
		ck_assert_str_eq(field, heads[_i].field);
		ck_assert_ptr_nonnull(why);
		ck_assert(strlen(why) > 0);
	}
}
END_TEST

START_TEST(test_head_length)
{
	struct httputil_head hd;

	memset(&hd, 0, sizeof(hd));
	httputil_head_add(&hd, "Content-Length", "70000");
	httputil_head_add(&hd, "X-Other", "1");
	ck_assert_uint_eq(hd.n_length, 1);
	ck_assert(hd.length == 70000);
	httputil_head_add(&hd, "CONTENT-LENGTH", "70000");
	ck_assert_uint_eq(hd.n_length, 2);
	ck_assert_int_eq(hd.differ, 0);
}
END_TEST

/* ------------------------------------------------------------------ */
/* ETags, Prefer, Content-Type */

static const struct {
	const char *inm;
	const char *etag;
	int         match;
} etags[] = {
	{ "\"abc\"", "\"abc\"", 1 }, { "\"abc\"", "\"abd\"", 0 },
	{ "*", "\"abc\"", 1 }, { " * ", "\"abc\"", 1 },
	{ "W/\"abc\"", "\"abc\"", 1 }, /* weak comparison */
	{ "\"abc\"", "W/\"abc\"", 1 }, { "\"x\", \"abc\"", "\"abc\"", 1 },
	{ "\"x\",\t\"y\" ,", "\"abc\"", 0 }, { "\"ab\"", "\"abc\"", 0 },
	{ "\"abcd\"", "\"abc\"", 0 }, { "", "\"abc\"", 0 },
	{ ",,,", "\"abc\"", 0 },
	{ "abc", "\"abc\"", 0 }, /* unquoted is another tag */
};

START_TEST(test_etag_matches)
{
	ck_assert_msg(httputil_etag_matches(etags[_i].inm, etags[_i].etag) ==
	        etags[_i].match,
	    "If-None-Match [%s] vs %s", etags[_i].inm, etags[_i].etag);
}
END_TEST

static const struct {
	const char *prefer;
	int         strict;
} prefers[] = {
	{ "handling=strict", 1 },
	{ "Handling=Strict", 1 },
	{ "handling=\"strict\"", 1 },
	{ " handling = strict ", 1 },
	{ "respond-async, handling=strict", 1 },
	{ "return=minimal; handling=strict", 1 },
	{ "handling=lenient", 0 },
	{ "handling", 0 },
	{ "strict", 0 },
	{ "xhandling=strict", 0 },
	{ "", 0 },
};

START_TEST(test_prefers_strict)
{
	ck_assert_msg(
	    httputil_prefers_strict(prefers[_i].prefer) == prefers[_i].strict,
	    "Prefer [%s]", prefers[_i].prefer);
}
END_TEST

START_TEST(test_prefers_strict_null)
{
	ck_assert_int_eq(httputil_prefers_strict(NULL), 0);
}
END_TEST

static const struct {
	const char *ct;
	int         json;
} types[] = {
	{ "application/json", 1 },
	{ "Application/JSON", 1 },
	{ "application/json; charset=utf-8", 1 },
	{ "application/json ;charset=utf-8", 1 },
	{ "application/problem+json", 1 },
	{ "application/merge-patch+json", 1 },
	{ "application/+json", 0 },
	{ "application/jsonx", 0 },
	{ "application/json5", 0 },
	{ "text/json", 0 },
	{ "text/plain", 0 },
	{ "application/x-www-form-urlencoded", 0 },
	{ "", 0 },
};

START_TEST(test_is_json_type)
{
	ck_assert_msg(httputil_is_json_type(types[_i].ct) == types[_i].json,
	    "Content-Type [%s]", types[_i].ct);
}
END_TEST

START_TEST(test_is_json_type_null)
{
	ck_assert_int_eq(httputil_is_json_type(NULL), 0);
}
END_TEST

static Suite *
http_suite(void)
{
	Suite *s;
	TCase *tc;

	s = suite_create("http");

	tc = tcase_create("content length");
	tcase_add_loop_test(tc, test_content_length, 0, NELEM(lengths));
	suite_add_tcase(s, tc);

	tc = tcase_create("target");
	tcase_add_loop_test(tc, test_query_count, 0, NELEM(queries));
	tcase_add_test(tc, test_target_params);
	tcase_add_test(tc, test_target_length);
	suite_add_tcase(s, tc);

	tc = tcase_create("framing");
	tcase_add_loop_test(tc, test_head_check, 0, NELEM(heads));
	tcase_add_test(tc, test_head_length);
	suite_add_tcase(s, tc);

	tc = tcase_create("headers");
	tcase_add_loop_test(tc, test_etag_matches, 0, NELEM(etags));
	tcase_add_loop_test(tc, test_prefers_strict, 0, NELEM(prefers));
	tcase_add_test(tc, test_prefers_strict_null);
	tcase_add_loop_test(tc, test_is_json_type, 0, NELEM(types));
	tcase_add_test(tc, test_is_json_type_null);
	suite_add_tcase(s, tc);

	return s;
}

int
main(void)
{
	return check_run(http_suite());
}
