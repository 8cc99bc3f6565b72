/*
 * httputil.h: the pure parts of needled's HTTP handling.  Header values
 * and request targets in, verdicts out; no MHD, no jansson, no I/O, so
 * that tests/check_http.c can test them one by one.
 */
#ifndef NEEDLED_HTTPUTIL_H
#define NEEDLED_HTTPUTIL_H

#include <stddef.h>
#include <stdint.h>

/*
 * The longest request target (path and query) needled reads, in bytes;
 * a longer one is 414.  The most query parameters of one request; more
 * is 400.  Both are far above what the API needs and far below what
 * would exhaust libmicrohttpd's per-connection memory.
 */
#define HTTPUTIL_MAX_TARGET 8192
#define HTTPUTIL_MAX_PARAMS 64

/*
 * Parse a Content-Length value: one or more ASCII digits and nothing
 * else (no sign, no space, no list), whose value fits in 64 bits.
 * Returns 0 and the value in *out, or -1 (then *out is untouched).
 */
int httputil_content_length(const char *s, uint64_t *out);

/*
 * The number of query parameters of a request target ("/a?x=1&y" has
 * 2): the non-empty '&'-separated fields after the first '?'.  0 when
 * there is no query.
 */
size_t httputil_query_count(const char *target);

/*
 * Whether a request target may be served: 0, or the HTTP status that
 * refuses it (414: longer than HTTPUTIL_MAX_TARGET bytes; 400: more than
 * HTTPUTIL_MAX_PARAMS query parameters).
 */
int httputil_target_check(const char *target);

/*
 * What the framing headers of one request say, gathered header by
 * header with httputil_head_add() from a zeroed struct, then judged by
 * httputil_head_check().
 */
struct httputil_head {
	unsigned int n_length; /* Content-Length lines */
	unsigned int n_te; /* Transfer-Encoding lines */
	int          bad_te; /* one that is not just "chunked" */
	unsigned int n_host; /* Host lines */
	int          bad_length; /* a value that is not a length */
	int          differ; /* two lengths that differ */
	uint64_t     length; /* the (first) length */
};

/* Take one request header line into account (name case-insensitive). */
void
httputil_head_add(struct httputil_head *, const char *name, const char *value);

/*
 * Judge the framing (RFC 9112 sections 3.2 and 6.3): 0 if the request
 * may proceed, else 400 with *field the header to name and *why a
 * sentence fragment for the problem's detail ("must not come with
 * Transfer-Encoding").  http11 is whether the request is HTTP/1.1 (then
 * exactly one Host is required; HTTP/1.0 may have none, never two).
 * Any refusal here must close the connection: the body's length is not
 * known.
 */
int httputil_head_check(const struct httputil_head *, int http11,
    const char **field, const char **why);

/* Whether If-None-Match (a list, or "*") matches etag, weakly. */
int httputil_etag_matches(const char *inm, const char *etag);

/* Whether a Prefer header asks for handling=strict (RFC 7240). */
int httputil_prefers_strict(const char *prefer);

/*
 * Whether a Content-Type is JSON: application/json or
 * application/<anything>+json, parameters ignored.
 */
int httputil_is_json_type(const char *ct);

#endif /* NEEDLED_HTTPUTIL_H */
