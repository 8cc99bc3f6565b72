/*
 * check_api.c: the route table (the contract's shape), route matching,
 * list parameters and problem documents, without HTTP or a database.
 */
#include "buildconf.h"

#include <stdio.h>
#include <string.h>

#include <check.h>
#include <jansson.h>

#include "api.h"
#include "store.h"
#include "util.h"
#include "check_util.h"

/* main.c's, which this program does not link. */
int64_t needled_started_at;

static const char *const     all_methods[] = { "GET", "POST", "PUT", "PATCH",
	    "DELETE" };
static const enum api_method method_bits[] = { API_GET, API_POST, API_PUT,
	API_PATCH, API_DELETE };

/* A concrete path for a pattern: "{}" becomes "7". */
static void
concrete(const char *pattern, char *buf, size_t len)
{
	const char *p;
	size_t      o = 0;

	for (p = pattern; *p != '\0' && o + 2 < len; p++) {
		if (p[0] == '{' && p[1] == '}') {
			buf[o++] = '7';
			p++;
		} else
			buf[o++] = *p;
	}
	buf[o] = '\0';
}

/* Every row is found by its own method and path, and by nothing else. */
START_TEST(test_every_row_routes_to_itself)
{
	const struct api_route *rt, *r;
	enum api_auth           auth;
	char                    path[128], arg[API_ARG_LEN], allow[64];
	size_t                  n, i, j;
	int                     status;

	rt = api_routes(&n);
	ck_assert_uint_gt(n, 30);
	for (i = 0; i < n; i++) {
		concrete(rt[i].pattern, path, sizeof(path));
		status = 0;
		r = api_route(path, rt[i].method, arg, sizeof(arg), &status,
		    &auth, allow, sizeof(allow));
		ck_assert_msg(r == &rt[i], "%s %s", all_methods[0], path);
		ck_assert_int_eq(auth, rt[i].auth);
		if (strstr(rt[i].pattern, "{}") != NULL)
			ck_assert_str_eq(arg, "7");
		for (j = 0; j < i; j++)
			ck_assert_msg(rt[j].method != rt[i].method ||
			        strcmp(rt[j].pattern, rt[i].pattern) != 0,
			    "two rows for %s", rt[i].pattern);
	}
}
END_TEST

/* The table's rows are complete: summaries, schemas where bodies go. */
START_TEST(test_rows_are_complete)
{
	const struct api_route *rt;
	size_t                  n, i;
	int                     writes;

	rt = api_routes(&n);
	for (i = 0; i < n; i++) {
		writes = rt[i].method & (API_POST | API_PUT | API_PATCH);
		ck_assert_msg(
		    rt[i].summary != NULL && strlen(rt[i].summary) > 5,
		    "%s: no summary", rt[i].pattern);
		ck_assert_msg(rt[i].handler != NULL, "%s", rt[i].pattern);
		ck_assert_msg((rt[i].body != NULL) == (writes != 0),
		    "%s: a body schema goes with POST, PUT and PATCH only",
		    rt[i].pattern);
		if (rt[i].body != NULL)
			ck_assert_uint_gt(rt[i].body->nfields, 0);
		/* A write needs the right to write; only /health is open. */
		/* A write takes no query parameter. */
		if (rt[i].method != API_GET)
			ck_assert_ptr_null(rt[i].params);
		if (rt[i].method != API_GET)
			ck_assert_int_eq(rt[i].auth, API_AUTH_WRITE);
		else if (strcmp(rt[i].pattern, "/health") == 0)
			ck_assert_int_eq(rt[i].auth, API_AUTH_NONE);
		else if (strcmp(rt[i].pattern, "/calendar.ics") == 0)
			ck_assert_int_eq(rt[i].auth, API_AUTH_READ_URL);
		else
			ck_assert_int_eq(rt[i].auth, API_AUTH_READ);
	}
}
END_TEST

/* A method a path lacks is 405 with every method it has in Allow. */
START_TEST(test_405_allow_lists_the_path_methods)
{
	const struct api_route *rt;
	enum api_auth           auth;
	char                    path[128], arg[API_ARG_LEN], allow[64];
	size_t                  n, i, j, k;
	int                     status, has;

	rt = api_routes(&n);
	for (i = 0; i < n; i++) {
		concrete(rt[i].pattern, path, sizeof(path));
		for (k = 0; k < NELEM(method_bits); k++) {
			has = 0;
			for (j = 0; j < n; j++)
				if (strcmp(rt[j].pattern, rt[i].pattern) == 0 &&
				    rt[j].method == method_bits[k])
					has = 1;
			if (has)
				continue;
			status = 0;
			ck_assert_ptr_null(api_route(path, method_bits[k], arg,
			    sizeof(arg), &status, &auth, allow, sizeof(allow)));
			ck_assert_int_eq(status, 405);
			ck_assert_msg(
			    strstr(allow, "OPTIONS") != NULL, "%s", allow);
			for (j = 0; j < n; j++) {
				if (strcmp(rt[j].pattern, rt[i].pattern) != 0)
					continue;
				ck_assert_msg(
				    strstr(allow,
				        rt[j].method == API_GET
				            ? "GET, HEAD"
				            : all_methods[__builtin_ctz(
				                  rt[j].method)]) != NULL,
				    "%s: Allow %s", path, allow);
			}
			ck_assert_msg(strstr(allow, all_methods[k]) == NULL,
			    "%s: Allow %s names %s", path, allow,
			    all_methods[k]);
		}
		/* OPTIONS (method 0): 204 with the same Allow. */
		ck_assert_ptr_null(api_route(path, 0, arg, sizeof(arg), &status,
		    &auth, allow, sizeof(allow)));
		ck_assert_int_eq(status, 204);
	}
}
END_TEST

static const struct {
	const char *path;
} not_found[] = {
	{ "/" }, { "/nope" }, { "/areas/" }, { "/areas/x/y" },
	{ "/sessions/7/" }, { "//areas" }, { "/Areas" }, { "/health/" },
	{ "/next-session/x" },
	{ "/areas/"
	  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	  "a" }, /* a segment longer than API_ARG_LEN */
};

START_TEST(test_not_found)
{
	enum api_auth auth = API_AUTH_NONE;
	char          arg[API_ARG_LEN], allow[64];
	int           status = 0;

	ck_assert_ptr_null(api_route(not_found[_i].path, API_GET, arg,
	    sizeof(arg), &status, &auth, allow, sizeof(allow)));
	ck_assert_int_eq(status, 404);
	/* An unknown path is not open: a token, when set, is asked for. */
	ck_assert_int_eq(auth, API_AUTH_READ);
}
END_TEST

/* ?limit= and ?cursor= through a fake query string. */
static const char *const *fake_query;

static const char *
query_of(void *cls, const char *key)
{
	const char *const *kv;

	(void)cls;
	for (kv = fake_query; kv != NULL && kv[0] != NULL; kv += 2)
		if (strcmp(kv[0], key) == 0)
			return kv[1];
	return NULL;
}

static const struct {
	const char *limit;
	const char *cursor;
	int         timed;
	int         ok;
	long long   want_limit;
	int64_t     want_time, want_id;
} params[] = {
	{ NULL, NULL, 0, 1, 50, 0, 0 },
	{ "1", NULL, 0, 1, 1, 0, 0 },
	{ "500", NULL, 0, 1, 500, 0, 0 },
	{ "501", NULL, 0, 1, 500, 0, 0 },
	{ "99999999999999999999", NULL, 0, 0, 0, 0, 0 },
	{ "0", NULL, 0, 0, 0, 0, 0 },
	{ "-1", NULL, 0, 0, 0, 0, 0 },
	{ "1e3", NULL, 0, 0, 0, 0, 0 },
	{ "", NULL, 0, 0, 0, 0, 0 },
	{ " 5", NULL, 0, 0, 0, 0, 0 },
	{ NULL, "42", 0, 1, 50, 0, 42 },
	{ NULL, "042", 0, 0, 0, 0, 0 },
	{ NULL, "0", 0, 0, 0, 0, 0 },
	{ NULL, "x", 0, 0, 0, 0, 0 },
	{ NULL, "1764000000.9", 1, 1, 50, 1764000000, 9 },
	{ NULL, "-5.9", 1, 1, 50, -5, 9 },
	{ NULL, "1764000000", 1, 0, 0, 0, 0 },
	{ NULL, ".9", 1, 0, 0, 0, 0 },
	{ NULL, "17x.9", 1, 0, 0, 0, 0 },
	{ NULL, "1.0", 1, 0, 0, 0, 0 },
	{ NULL, "1.9.9", 1, 0, 0, 0, 0 },
};

START_TEST(test_list_params)
{
	const char     *kv[5] = { NULL };
	struct api_req  req;
	struct api_resp resp;
	struct api_page page;
	size_t          n = 0;
	int             rc;

	if (params[_i].limit != NULL) {
		kv[n++] = "limit";
		kv[n++] = params[_i].limit;
	}
	if (params[_i].cursor != NULL) {
		kv[n++] = "cursor";
		kv[n++] = params[_i].cursor;
	}
	fake_query = kv;
	memset(&req, 0, sizeof(req));
	memset(&resp, 0, sizeof(resp));
	req.query = query_of;
	rc = api_list_params(&req, &resp, params[_i].timed, &page);
	if (!params[_i].ok) {
		ck_assert_int_eq(rc, -1);
		ck_assert_int_eq(resp.status, 400);
		ck_assert_int_eq(resp.problem, 1);
		ck_assert_str_eq(
		    json_string_value(json_object_get(
		        json_array_get(json_object_get(resp.body, "errors"), 0),
		        "field")),
		    params[_i].limit != NULL ? "limit" : "cursor");
		json_decref(resp.body);
		return;
	}
	ck_assert_int_eq(rc, 0);
	ck_assert_int_eq(page.limit, params[_i].want_limit);
	ck_assert_int_eq(page.has_cursor, params[_i].cursor != NULL);
	ck_assert_int_eq(page.cursor_id, params[_i].want_id);
	ck_assert_int_eq(page.cursor_time, params[_i].want_time);
}
END_TEST

/* A fake query_each(): the pairs of fake_query, in order. */
static void
each_of(void *qcls, int (*fn)(void *, const char *, const char *), void *arg)
{
	const char *const *kv = fake_query;

	(void)qcls;
	for (; kv != NULL && kv[0] != NULL; kv += 2)
		if (fn(arg, kv[0], kv[1]) != 0)
			return;
}

/*
 * api_dispatch() refuses a query parameter the route does not take, or
 * one given twice, with 400 naming it, before the handler (or the store)
 * is reached.
 */
static const struct {
	const char *path;
	const char *kv[7];
	const char *field; /* NULL: let through */
	const char *says;
} strict[] = {
	{ "/profile", { "x", "1", NULL }, "x", "which takes none" },
	{ "/sessions", { "area", "nose", "area", "chin", NULL }, "area",
	    "twice" },
	{ "/sessions", { "limit", "1", "aera", "nose", NULL }, "aera",
	    "takes: limit, cursor, since, until, area, region, include" },
	{ "/checkins/{}", { "at", "x", NULL }, "at", "takes none" },
	{ "/calendar.ics", { "token", "t", "token", "t", NULL }, "token",
	    "twice" },
};

START_TEST(test_query_strict)
{
	const struct api_route *rt;
	struct api_req          req;
	struct api_resp         resp;
	size_t                  n, i;

	rt = api_routes(&n);
	memset(&req, 0, sizeof(req));
	memset(&resp, 0, sizeof(resp));
	for (i = 0; i < n; i++)
		if (rt[i].method == API_GET &&
		    strcmp(rt[i].pattern, strict[_i].path) == 0)
			req.route = &rt[i];
	ck_assert_ptr_nonnull(req.route);
	req.method = API_GET;
	fake_query = strict[_i].kv;
	req.query_each = each_of;
	api_dispatch(&req, &resp);
	ck_assert_int_eq(resp.status, 400);
	ck_assert_str_eq(
	    json_string_value(json_object_get(
	        json_array_get(json_object_get(resp.body, "errors"), 0),
	        "field")),
	    strict[_i].field);
	ck_assert_msg(
	    strstr(json_string_value(json_object_get(resp.body, "detail")),
	        strict[_i].says) != NULL,
	    "%s", json_string_value(json_object_get(resp.body, "detail")));
	json_decref(resp.body);
}
END_TEST

/* A problem quoting bytes that are not UTF-8 is still a JSON document. */
START_TEST(test_problem_escapes_bad_utf8)
{
	struct api_resp resp;
	char           *text;
	size_t          len;
	json_t         *back;

	memset(&resp, 0, sizeof(resp));
	api_problem(&resp, 404, "a\xff", "no session '%s'", "\xff\xc3\x28ok");
	ck_assert_int_eq(resp.status, 404);
	ck_assert_ptr_nonnull(resp.body);
	ck_assert_str_eq(
	    json_string_value(json_object_get(resp.body, "detail")),
	    "a\\xFF no session '\\xFF\\xC3(ok'");
	ck_assert_ptr_nonnull(text = api_dump(resp.body, &len));
	ck_assert_ptr_nonnull(back = json_loads(text, 0, NULL));
	json_decref(back);
	free(text);
	json_decref(resp.body);

	/* Valid multi-byte text passes unchanged. */
	memset(&resp, 0, sizeof(resp));
	api_problem(&resp, 422, "notes", "d\xc3\xa9j\xc3\xa0 \xe2\x82\xac");
	ck_assert_str_eq(
	    json_string_value(json_object_get(resp.body, "detail")),
	    "notes d\xc3\xa9j\xc3\xa0 \xe2\x82\xac");
	json_decref(resp.body);
}
END_TEST

/* Each store failure has its own status, and a busy one a Retry-After. */
START_TEST(test_store_errors)
{
	static const struct {
		int rc, status, retry;
	} map[] = {
		{ STORE_ERROR, 500, 0 },
		{ STORE_BUSY, 503, 1 },
		{ STORE_FULL, 507, 0 },
		{ STORE_NOTFOUND, 404, 0 },
		{ STORE_CONFLICT, 409, 0 },
		{ STORE_INVALID, 422, 0 },
	};
	struct api_resp resp;
	size_t          i;

	for (i = 0; i < NELEM(map); i++) {
		memset(&resp, 0, sizeof(resp));
		api_store_error(&resp, map[i].rc);
		ck_assert_int_eq(resp.status, map[i].status);
		ck_assert_int_eq(resp.problem, 1);
		ck_assert_int_eq(resp.retry_after > 0, map[i].retry);
		ck_assert_str_eq(
		    json_string_value(json_object_get(resp.body, "title")),
		    api_status_title(map[i].status));
		json_decref(resp.body);
	}
}
END_TEST

static Suite *
api_suite(void)
{
	Suite *s = suite_create("api");
	TCase *tc;

	tc = tcase_create("routes");
	tcase_add_test(tc, test_every_row_routes_to_itself);
	tcase_add_test(tc, test_rows_are_complete);
	tcase_add_test(tc, test_405_allow_lists_the_path_methods);
	tcase_add_loop_test(tc, test_not_found, 0, NELEM(not_found));
	suite_add_tcase(s, tc);

	tc = tcase_create("lists");
	tcase_add_loop_test(tc, test_list_params, 0, NELEM(params));
	tcase_add_loop_test(tc, test_query_strict, 0, NELEM(strict));
	suite_add_tcase(s, tc);

	tc = tcase_create("problems");
	tcase_add_test(tc, test_problem_escapes_bad_utf8);
	tcase_add_test(tc, test_store_errors);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_run(api_suite());
}
