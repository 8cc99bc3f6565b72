/*
 * fuzz_route.c: libFuzzer target for URL, path and query parsing.
 *
 * The input is a request target as a client sends it.  It goes through
 * what needled does with one before any handler runs: the target and
 * query checks of httputil.c (length, parameter count), the
 * Content-Length parser (on the same bytes), the If-None-Match, Prefer
 * and Content-Type parsers, and route matching for every method
 * (api_route(), on the path part).  Checks: a route found has the
 * method asked for and a path argument that fits; a 405 has an Allow
 * that names OPTIONS; the parsers return what their contracts say.
 */
#include "buildconf.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "httputil.h"

/* main.c's, which this target does not link. */
int64_t needled_started_at;

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const enum api_method methods[] = { API_GET, API_POST, API_PUT,
	API_PATCH, API_DELETE, 0 };

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct api_route *r;
	enum api_auth           auth;
	char                   *s, *q, arg[API_ARG_LEN], allow[64];
	uint64_t                cl;
	size_t                  i;
	int                     status;

	if (size > 16384 || (s = malloc(size + 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';

	(void)httputil_target_check(s);
	(void)httputil_query_count(s);
	if (httputil_content_length(s, &cl) == 0 && s[0] == '\0')
		abort(); /* an empty Content-Length is not a number */
	(void)httputil_etag_matches(s, "\"0123456789abcdef\"");
	(void)httputil_etag_matches("*", s);
	(void)httputil_prefers_strict(s);
	(void)httputil_is_json_type(s);

	if ((q = strchr(s, '?')) != NULL)
		*q = '\0';
	for (i = 0; i < sizeof(methods) / sizeof(methods[0]); i++) {
		status = 0;
		memset(arg, 0x5a, sizeof(arg));
		r = api_route(s, methods[i], arg, sizeof(arg), &status, &auth,
		    allow, sizeof(allow));
		if (memchr(arg, '\0', sizeof(arg)) == NULL)
			abort(); /* the argument must fit */
		if (r != NULL) {
			if (r->method != methods[i] || r->handler == NULL)
				abort();
		} else if (status == 405 || status == 204) {
			if (strstr(allow, "OPTIONS") == NULL)
				abort();
		} else if (status != 404)
			abort();
	}
	free(s);
	return 0;
}
