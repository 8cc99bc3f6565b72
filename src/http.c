/*
 * http.c: the MHD access handler.  Accumulates a request body up to the
 * limit, routes, parses JSON, calls the resource handler and sends its
 * reply with an ETag.  Never runs SQL itself.
 */
#include "buildconf.h"

#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/uio.h>

#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <microhttpd.h>
#ifdef HAVE_SYSTEMD
#include <systemd/sd-daemon.h>
#endif

#include "api.h"
#include "config.h"
#include "http.h"
#include "httputil.h"
#include "log.h"
#include "store.h"
#include "timefmt.h"
#include "util.h"

#if MHD_VERSION < 0x00097100
typedef int MHD_RESULT;
#else
typedef enum MHD_Result MHD_RESULT;
#endif

struct conn;

struct http {
	struct MHD_Daemon *mhd;
	struct store      *store;
	size_t             max_body;
	char               token[256]; /* "": open access */
	unsigned int       inflight; /* requests begun, not done */
	unsigned int       header_timeout; /* s: no request yet */
	unsigned int       request_timeout; /* s: one under way */
	struct conn       *conns; /* every open connection */
	struct request    *waiters; /* suspended, waiting */
	unsigned int       nwaiters;
	uint64_t           seen_generation; /* of the store */
	int                stopping;
};

/*
 * Requests waiting at once for a change (long-polls): suspended
 * connections never time out in MHD, so needled caps them itself; the
 * next one is answered at once.
 */
#define HTTP_MAX_WAITERS 256

/* One open connection, from accept to close. */
struct conn {
	struct MHD_Connection *c;
	int                    fd;
	int                    answered; /* by write_problem() */
	struct conn           *prev;
	struct conn           *next;
};

/*
 * Per-request state, from the request line (on_uri()) to completion
 * (on_completed()).
 */
struct request {
	char  *body;
	size_t len;
	size_t cap;
	int    too_big;
	int    begun; /* the handler has been called */
	int    target; /* 0, or httputil_target_check()'s */
	/* Waiting for a change (api_resp.wait_s): */
	struct MHD_Connection *conn;
	int64_t                wait_until; /* monotonic ms; 0: never waited */
	int                    waiting; /* suspended, in http.waiters */
	struct request        *wprev, *wnext;
};

/* Milliseconds of the monotonic clock: deadlines of waiting requests. */
static int64_t
mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
waiter_unlink(struct http *h, struct request *rq)
{
	if (!rq->waiting)
		return;
	if (rq->wprev != NULL)
		rq->wprev->wnext = rq->wnext;
	else
		h->waiters = rq->wnext;
	if (rq->wnext != NULL)
		rq->wnext->wprev = rq->wprev;
	rq->wprev = rq->wnext = NULL;
	rq->waiting = 0;
	h->nwaiters--;
}

static const char *
query_cb(void *cls, const char *key)
{
	return MHD_lookup_connection_value(cls, MHD_GET_ARGUMENT_KIND, key);
}

/* Every query parameter, repeats included (api_req's query_each). */
struct query_walk {
	int (*fn)(void *, const char *, const char *);
	void *arg;
};

static MHD_RESULT
query_walk_cb(
    void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	struct query_walk *w = cls;

	(void)kind;
	return w->fn(w->arg, key, value) == 0 ? MHD_YES : MHD_NO;
}

static void
query_each_cb(
    void *qcls, int (*fn)(void *, const char *, const char *), void *arg)
{
	struct query_walk w = { fn, arg };

	MHD_get_connection_values(
	    qcls, MHD_GET_ARGUMENT_KIND, query_walk_cb, &w);
}

static const char *
header(struct MHD_Connection *c, const char *name)
{
	return MHD_lookup_connection_value(c, MHD_HEADER_KIND, name);
}

/*
 * Queue resp as the reply on c.  is_get: add an ETag (and answer 304 to a
 * matching If-None-Match); must_close: the connection cannot carry another
 * request after this one ("Connection: close").
 */
static MHD_RESULT
send_reply(
    struct MHD_Connection *c, struct api_resp *resp, int is_get, int must_close)
{
	struct MHD_Response *r;
	char                *text = NULL, etag[96];
	size_t               len = 0;
	int                  status = resp->status;
	const char          *inm;
	MHD_RESULT           ret;

	if (resp->text != NULL) {
		text = resp->text;
		len = resp->text_len;
		resp->text = NULL;
	} else if (resp->body != NULL &&
	    (text = api_dump(resp->body, &len)) == NULL) {
		status = 500;
		if ((text = strdup("{\"title\":\"Internal Server Error\","
		                   "\"status\":500}\n")) == NULL)
			return MHD_NO;
		len = strlen(text);
	}
	etag[0] = '\0';
	if (is_get && status == 200 && text != NULL) {
		if (resp->etag[0] != '\0')
			snprintf(etag, sizeof(etag), "%s", resp->etag);
		else
			snprintf(etag, sizeof(etag), "\"%016llx\"",
			    (unsigned long long)fnv1a64(text, len));
		inm = header(c, MHD_HTTP_HEADER_IF_NONE_MATCH);
		if (inm != NULL && httputil_etag_matches(inm, etag)) {
			free(text);
			text = NULL;
			len = 0;
			status = 304;
		}
	}
	r = MHD_create_response_from_buffer(len, text, MHD_RESPMEM_MUST_FREE);
	if (r == NULL) {
		free(text);
		return MHD_NO;
	}
	if (text != NULL)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
		    resp->problem ? "application/problem+json"
		        : resp->content_type != NULL ? resp->content_type
		                                     : "application/json");
	if (etag[0] != '\0') {
		MHD_add_response_header(r, MHD_HTTP_HEADER_ETAG, etag);
		MHD_add_response_header(
		    r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache");
	}
	if (resp->location[0] != '\0')
		MHD_add_response_header(
		    r, MHD_HTTP_HEADER_LOCATION, resp->location);
	if (resp->allow[0] != '\0')
		MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, resp->allow);
	if (resp->retry_after > 0) {
		char ra[16];

		snprintf(ra, sizeof(ra), "%d", resp->retry_after);
		MHD_add_response_header(r, MHD_HTTP_HEADER_RETRY_AFTER, ra);
	}
	if (resp->www_authenticate)
		MHD_add_response_header(r, MHD_HTTP_HEADER_WWW_AUTHENTICATE,
		    "Bearer realm=\"needled\"");
	if (resp->preference_applied)
		MHD_add_response_header(
		    r, "Preference-Applied", "handling=strict");
	if (must_close)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONNECTION, "close");
	ret = MHD_queue_response(c, (unsigned int)status, r);
	MHD_destroy_response(r);
	return ret;
}

/*
 * Whether the request may proceed: open access unless a token is
 * configured, then "Authorization: Bearer <token>" (compared in constant
 * time) for every route that needs one (the route table says which).
 */
static int
authorized(struct http *h, struct MHD_Connection *c, enum api_auth need)
{
	const char   *a;
	size_t        i, n, tl;
	unsigned char diff = 0;

	if (h->token[0] == '\0' || need == API_AUTH_NONE)
		return 1;
	if ((a = header(c, MHD_HTTP_HEADER_AUTHORIZATION)) != NULL &&
	    strncasecmp(a, "Bearer ", 7) == 0)
		a += 7;
	else if (need == API_AUTH_READ_URL)
		a = MHD_lookup_connection_value(
		    c, MHD_GET_ARGUMENT_KIND, "token");
	else
		a = NULL;
	if (a == NULL)
		return 0;
	n = strlen(a);
	tl = strlen(h->token);
	if (n != tl)
		return 0;
	for (i = 0; i < n; i++)
		diff |= (unsigned char)(a[i] ^ h->token[i]);
	return diff == 0;
}

static enum api_method
method_of(const char *m, int *known)
{
	static const struct {
		const char     *name;
		enum api_method method; /* 0: OPTIONS */
	} methods[] = {
		{ "GET", API_GET },
		{ "HEAD", API_GET },
		{ "POST", API_POST },
		{ "PUT", API_PUT },
		{ "PATCH", API_PATCH },
		{ "DELETE", API_DELETE },
		{ "OPTIONS", 0 },
	};
	size_t i;

	for (i = 0; i < NELEM(methods); i++)
		if (strcmp(m, methods[i].name) == 0) {
			*known = 1;
			return methods[i].method;
		}
	*known = 0;
	return 0;
}

/* Parse the accumulated body into req->body; 0, or -1 with resp filled. */
static int
parse_body(struct MHD_Connection *c, struct request *rq, struct api_req *req,
    struct api_resp *resp, size_t max_body)
{
	json_error_t jerr;

	if (rq->too_big) {
		api_problem(
		    resp, 413, "body", "is larger than %zu bytes", max_body);
		return -1;
	}
	if (!httputil_is_json_type(header(c, MHD_HTTP_HEADER_CONTENT_TYPE))) {
		api_problem(resp, 415, "Content-Type",
		    "must be "
		    "application/json");
		return -1;
	}
	if (rq->len == 0) {
		api_problem(resp, 400, "body", "is empty; send a JSON object");
		return -1;
	}
	req->body = json_loadb(
	    rq->body, rq->len, JSON_REJECT_DUPLICATES, &jerr);
	if (req->body == NULL) {
		api_problem(resp, 400, "body",
		    "is not valid JSON: %s (line "
		    "%d, column %d)",
		    jerr.text, jerr.line, jerr.column);
		return -1;
	}
	if (!json_is_object(req->body)) {
		api_problem(resp, 422, "body", "must be a JSON object");
		return -1;
	}
	return 0;
}

/*
 * The inactivity timeout of one connection, in seconds: header_timeout
 * while it has no request (just accepted, or idle between requests),
 * request_timeout once a request line has come.
 */
static void
set_timeout(struct MHD_Connection *c, unsigned int secs)
{
	if (MHD_set_connection_option(c, MHD_CONNECTION_OPTION_TIMEOUT, secs) !=
	    MHD_YES)
		log_debug("http: cannot set a connection's timeout");
}

/* MHD_get_connection_values() iterator: one header into the framing. */
static MHD_RESULT
head_cb(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	(void)kind;
	if (key != NULL)
		httputil_head_add(cls, key, value != NULL ? value : "");
	return MHD_YES;
}

/*
 * What can be refused before the body is read: ambiguous framing (RFC
 * 9112 6.3) and a missing Host, a request target over the limits
 * (on_uri() judged it), a declared body over max_body.  Returns 0, or -1
 * with resp filled and *must_close set when the connection must not carry
 * another request (where the body ends is unknown, or it is not read).
 */
static int
early_problem(struct http *h, struct MHD_Connection *c, struct request *rq,
    const char *version, struct api_resp *resp, int *must_close)
{
	struct httputil_head hd;
	const char          *field, *why;
	int                  http11;

	*must_close = 0;
	memset(&hd, 0, sizeof(hd));
	MHD_get_connection_values(c, MHD_HEADER_KIND, head_cb, &hd);
	http11 = version != NULL && strcmp(version, MHD_HTTP_VERSION_1_1) == 0;
	if (httputil_head_check(&hd, http11, &field, &why) != 0) {
		api_problem(resp, 400, field, "%s", why);
		*must_close = 1;
		return -1;
	}
	if (rq->target == 414) {
		api_problem(resp, 414, "url", "is longer than %d bytes",
		    HTTPUTIL_MAX_TARGET);
		return -1;
	}
	if (rq->target != 0) {
		api_problem(resp, 400, "query", "has more than %d parameters",
		    HTTPUTIL_MAX_PARAMS);
		return -1;
	}
	if (hd.n_length > 0 && hd.length > h->max_body) {
		api_problem(
		    resp, 413, "body", "is larger than %zu bytes", h->max_body);
		*must_close = 1;
		return -1;
	}
	return 0;
}

/*
 * MHD_OPTION_URI_LOG_CALLBACK: a request line has come.  Runs before MHD
 * splits the query into its own records, one per parameter, from the
 * connection's fixed memory pool: thousands of them exhaust it, and MHD
 * 0.9.75 then neither answers nor closes (issue #6).  So a target over the
 * limits has its query cut off here, in MHD's buffer (the one place where
 * needled writes through MHD's const), and the first call of the handler
 * answers 414 or 400.  Returns the request's state, which MHD hands to
 * the handler as *con_cls.
 */
static void *
on_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
	struct http    *h = cls;
	struct request *rq;
	char           *q;

	set_timeout(c, h->request_timeout);
	if ((rq = calloc(1, sizeof(*rq))) == NULL)
		return NULL;
	if (uri != NULL && (rq->target = httputil_target_check(uri)) != 0 &&
	    (q = strchr(uri, '?')) != NULL)
		q[1] = '\0';
	return rq;
}

static MHD_RESULT
on_request(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *upload_data,
    size_t *upload_data_size, void **con_cls)
{
	struct http            *h = cls;
	struct request         *rq = *con_cls;
	struct api_req          req;
	struct api_resp         resp;
	const struct api_route *route;
	enum api_auth           need;
	int                     known, status = 0, is_get, must_close;
	MHD_RESULT              ret;

	if (rq == NULL) {
		/* on_uri() could not allocate it. */
		if ((rq = calloc(1, sizeof(*rq))) == NULL)
			return MHD_NO;
		*con_cls = rq;
	}
	if (!rq->begun) {
		/*
		 * The first call: the headers are in, the body is not.  A
		 * reply queued now is sent before "100 Continue" and before
		 * any of the body is read.
		 */
		rq->begun = 1;
		h->inflight++;
		memset(&resp, 0, sizeof(resp));
		if (early_problem(h, c, rq, version, &resp, &must_close) == 0)
			return MHD_YES;
		log_debug(
		    "%s %s %d (before the body)", method, url, resp.status);
		ret = send_reply(c, &resp, 0, must_close);
		json_decref(resp.body);
		free(resp.text);
		return ret;
	}
	if (*upload_data_size > 0) {
		if (!rq->too_big &&
		    rq->len + *upload_data_size <= h->max_body) {
			if (rq->len + *upload_data_size > rq->cap) {
				size_t ncap = rq->cap ? rq->cap * 2 : 4096;
				char  *nb;

				while (ncap < rq->len + *upload_data_size)
					ncap *= 2;
				if ((nb = realloc(rq->body, ncap)) == NULL)
					return MHD_NO;
				rq->body = nb;
				rq->cap = ncap;
			}
			memcpy(
			    rq->body + rq->len, upload_data, *upload_data_size);
			rq->len += *upload_data_size;
		} else
			rq->too_big = 1;
		*upload_data_size = 0;
		return MHD_YES;
	}

	/* The whole request is here: answer it. */
	memset(&req, 0, sizeof(req));
	memset(&resp, 0, sizeof(resp));
	req.method = method_of(method, &known);
	req.path = url;
	req.now = timefmt_now();
	req.store = h->store;
	req.query = query_cb;
	req.qcls = c;
	req.query_each = query_each_cb;
	req.strict = httputil_prefers_strict(header(c, "Prefer"));
	req.wait_expired = rq->wait_until != 0 && mono_ms() >= rq->wait_until;
	is_get = req.method == API_GET;

	route = api_route(url, req.method, req.arg, sizeof(req.arg), &status,
	    &need, resp.allow, sizeof(resp.allow));
	req.route = route;
	if (req.method == API_POST)
		req.idempotency_key = header(c, "Idempotency-Key");
	if (!authorized(h, c, need)) {
		resp.allow[0] = '\0';
		api_problem(&resp, 401, NULL,
		    "this needled requires "
		    "\"Authorization: Bearer <token>\" (see token in "
		    "needled.conf)");
		resp.www_authenticate = 1;
		goto reply;
	}
	if (!known) {
		api_problem(
		    &resp, 405, NULL, "method %s is not supported", method);
		snprintf(resp.allow, sizeof(resp.allow),
		    "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
		goto reply;
	}
	if (route == NULL) {
		if (status == 204)
			api_no_content(&resp);
		else if (status == 405)
			api_problem(&resp, 405, NULL,
			    "%s is not allowed on "
			    "%s (allowed: %s)",
			    method, url, resp.allow);
		else {
			resp.allow[0] = '\0';
			api_problem(&resp, 404, NULL, "no resource at %s", url);
		}
		goto reply;
	}
	if (req.method & (API_POST | API_PUT | API_PATCH)) {
		if (parse_body(c, rq, &req, &resp, h->max_body) == -1)
			goto reply;
	} else if (rq->too_big) {
		api_problem(&resp, 413, "body", "is larger than %zu bytes",
		    h->max_body);
		goto reply;
	}
	api_dispatch(&req, &resp);
	if (resp.status == 0)
		api_internal(&resp);
	if (resp.wait_s > 0 && resp.status == 200 && !req.wait_expired &&
	    !h->stopping && (rq->waiting || h->nwaiters < HTTP_MAX_WAITERS)) {
		/*
		 * Nothing to say yet: park the connection (no thread, no
		 * polling) until a write commits or the time is up, then
		 * serve the request again (http_before_sleep()).
		 */
		if (rq->wait_until == 0)
			rq->wait_until = mono_ms() +
			    (int64_t)resp.wait_s * 1000;
		rq->conn = c;
		rq->waiting = 1;
		rq->wprev = NULL;
		if ((rq->wnext = h->waiters) != NULL)
			h->waiters->wprev = rq;
		h->waiters = rq;
		h->nwaiters++;
		MHD_suspend_connection(c);
		json_decref(req.body);
		json_decref(resp.body);
		free(resp.text);
		return MHD_YES;
	}
	if (req.strict && (req.method & (API_POST | API_PUT | API_PATCH)))
		resp.preference_applied = 1;
reply:
	log_debug("%s %s %d", method, url, resp.status);
	ret = send_reply(c, &resp, is_get, 0);
	json_decref(req.body);
	json_decref(resp.body);
	free(resp.text);
	return ret;
}

static void
on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct http    *h = cls;
	struct request *rq = *con_cls;

	if (rq != NULL) {
		if (rq->begun)
			h->inflight--;
		waiter_unlink(h, rq);
		free(rq->body);
		free(rq);
		*con_cls = NULL;
	}
	/* Idle between requests: back to the short timeout. */
	if (toe == MHD_REQUEST_TERMINATED_COMPLETED_OK)
		set_timeout(c, h->header_timeout);
}

/* MHD_OPTION_NOTIFY_CONNECTION: keep the list of open connections. */
static void
on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
    enum MHD_ConnectionNotificationCode code)
{
	struct http                    *h = cls;
	struct conn                    *k = *socket_context;
	const union MHD_ConnectionInfo *ci;

	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		if ((k = calloc(1, sizeof(*k))) == NULL)
			return; /* untracked: MHD's own replies */
		k->c = c;
		ci = MHD_get_connection_info(
		    c, MHD_CONNECTION_INFO_CONNECTION_FD);
		k->fd = ci != NULL ? ci->connect_fd : -1;
		if ((k->next = h->conns) != NULL)
			k->next->prev = k;
		h->conns = k;
		*socket_context = k;
	} else if (code == MHD_CONNECTION_NOTIFY_CLOSED && k != NULL) {
		if (k->prev != NULL)
			k->prev->next = k->next;
		else
			h->conns = k->next;
		if (k->next != NULL)
			k->next->prev = k->prev;
		free(k);
		*socket_context = NULL;
	}
}

/*
 * Send a problem+json straight on a connection's socket, then shut its
 * sending side: whatever MHD sends after it fails, and MHD closes the
 * connection.  Only for write_bad_lengths().
 */
static void
write_problem(
    int fd, int status, const char *reason, const char *field, const char *msg)
{
	struct api_resp resp;
	struct iovec    iov[2];
	struct msghdr   mh;
	struct tm       tm;
	time_t          now = (time_t)timefmt_now();
	char            head[256], date[64], *text;
	size_t          len;
	int             n;

	memset(&resp, 0, sizeof(resp));
	api_problem(&resp, status, field, "%s", msg);
	text = api_dump(resp.body, &len);
	json_decref(resp.body);
	if (text == NULL)
		len = 0;
	gmtime_r(&now, &tm);
	strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S GMT", &tm);
	n = snprintf(head, sizeof(head),
	    "HTTP/1.1 %d %s\r\nDate: %s\r\n"
	    "Connection: close\r\nContent-Type: application/problem+json\r\n"
	    "Content-Length: %zu\r\n\r\n",
	    status, reason, date, len);
	iov[0].iov_base = head;
	iov[0].iov_len = (size_t)n;
	iov[1].iov_base = text;
	iov[1].iov_len = len;
	memset(&mh, 0, sizeof(mh));
	mh.msg_iov = iov;
	mh.msg_iovlen = text != NULL ? 2 : 1;
	/* A new reply on a connection MHD has not written to: it fits. */
	if (sendmsg(fd, &mh, MSG_NOSIGNAL | MSG_DONTWAIT) == -1)
		log_debug(
		    "http: reply to a bad Content-Length: %s", strerror(errno));
	if (shutdown(fd, SHUT_WR) == -1)
		log_debug("http: shutdown: %s", strerror(errno));
	free(text);
}

/*
 * libmicrohttpd 0.9.75 refuses a request whose Content-Length is not a
 * number ("-1", "1e3", 2^64) itself, before any handler runs, and sends the
 * head of its refusal twice: transmit_error_response() builds it and sets
 * the request state to "fully received", then MHD_connection_handle_idle()
 * overwrites that state with "headers processed" and builds it again.
 * The client reads two status lines and an HTML page.  The only callback
 * that runs in between is the error log, with no connection named.  So
 * when MHD logs that error, find the connection it is about (headers in,
 * no reply queued, a Content-Length that does not parse: only the one MHD
 * is refusing can be in that state), and answer it first, once, as
 * problem+json.
 */
static void
write_bad_lengths(struct http *h)
{
	struct conn *k;
	const char  *cl;
	uint64_t     n;

	for (k = h->conns; k != NULL; k = k->next) {
		if (k->answered || k->fd == -1 ||
		    MHD_get_connection_info(k->c,
		        MHD_CONNECTION_INFO_REQUEST_HEADER_SIZE) == NULL ||
		    MHD_get_connection_info(
		        k->c, MHD_CONNECTION_INFO_HTTP_STATUS) != NULL)
			continue;
		if ((cl = header(k->c, MHD_HTTP_HEADER_CONTENT_LENGTH)) ==
		        NULL ||
		    httputil_content_length(cl, &n) == 0)
			continue;
		k->answered = 1;
		write_problem(k->fd, 400, "Bad Request", "Content-Length",
		    "must be a number of bytes (digits only)");
	}
}

static void
mhd_log(void *cls, const char *fmt, va_list ap)
{
	char   buf[512];
	size_t n;

	vsnprintf(buf, sizeof(buf), fmt, ap);
	n = strlen(buf);
	while (n > 0 && buf[n - 1] == '\n')
		buf[--n] = '\0';
	log_debug("http: %s", buf);
	if (strstr(fmt, "Content-Length") != NULL)
		write_bad_lengths(cls);
}

int
http_listen(const struct config *cfg, char *where, size_t wherelen, char *err,
    size_t errlen)
{
	struct addrinfo         hints, *res = NULL, *ai;
	struct sockaddr_storage ss;
	socklen_t               sl = sizeof(ss);
	char                    host[256], port[16], addr[INET6_ADDRSTRLEN];
	unsigned int            p;
	int                     fd = -1, on = 1, rc, saved = 0;

#ifdef HAVE_SYSTEMD
	if ((rc = sd_listen_fds(1)) > 1) {
		snprintf(err, errlen,
		    "systemd passed %d sockets; needled "
		    "takes one",
		    rc);
		return -1;
	} else if (rc == 1) {
		fd = SD_LISTEN_FDS_START;
		if (getsockname(fd, (struct sockaddr *)&ss, &sl) == -1) {
			snprintf(err, errlen, "socket from systemd: %s",
			    strerror(errno));
			return -1;
		}
		goto name;
	}
#endif
	if (config_split_listen(cfg->listen, host, sizeof(host), &p) == -1) {
		snprintf(
		    err, errlen, "listen: '%s' is not ADDR:PORT", cfg->listen);
		return -1;
	}
	snprintf(port, sizeof(port), "%u", p);
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	if ((rc = getaddrinfo(host, port, &hints, &res)) != 0) {
		snprintf(err, errlen, "cannot listen on %s: %s", cfg->listen,
		    gai_strerror(rc));
		return -1;
	}
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		fd = socket(ai->ai_family,
		    ai->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK,
		    ai->ai_protocol);
		if (fd == -1) {
			saved = errno;
			continue;
		}
		/* A restart must not wait for TIME_WAIT to pass. */
		if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) ==
		        0 &&
		    bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 &&
		    listen(fd, SOMAXCONN) == 0)
			break;
		saved = errno;
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	if (fd == -1) {
		snprintf(err, errlen, "cannot listen on %s: %s", cfg->listen,
		    strerror(saved));
		return -1;
	}
	if (getsockname(fd, (struct sockaddr *)&ss, &sl) == -1) {
		snprintf(err, errlen, "getsockname: %s", strerror(errno));
		close(fd);
		return -1;
	}
#ifdef HAVE_SYSTEMD
name:
#endif
	if (ss.ss_family == AF_INET6) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;

		inet_ntop(AF_INET6, &s6->sin6_addr, addr, sizeof(addr));
		snprintf(
		    where, wherelen, "[%s]:%u", addr, ntohs(s6->sin6_port));
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;

		inet_ntop(AF_INET, &s4->sin_addr, addr, sizeof(addr));
		snprintf(where, wherelen, "%s:%u", addr, ntohs(s4->sin_port));
	}
	return fd;
}

/*
 * How many connections fit in the fd limit: want, or fewer when the soft
 * RLIMIT_NOFILE leaves less than HTTP_FD_RESERVE descriptors for the
 * rest (SQLite's database, journal and WAL, the epoll and listen fds,
 * libuv's own, the log).
 */
#define HTTP_FD_RESERVE 64

static unsigned int
fd_budget(unsigned int want)
{
	struct rlimit rl;
	rlim_t        avail;

	if (getrlimit(RLIMIT_NOFILE, &rl) == -1) {
		log_warn("getrlimit(RLIMIT_NOFILE)");
		return want;
	}
	if (rl.rlim_cur == RLIM_INFINITY)
		return want;
	avail = rl.rlim_cur > HTTP_FD_RESERVE + 1
	    ? rl.rlim_cur - HTTP_FD_RESERVE
	    : 1;
	if (avail >= want)
		return want;
	log_warnx("connection_limit %u lowered to %llu: the limit on open "
	          "files is %llu (ulimit -n, LimitNOFILE=)",
	    want, (unsigned long long)avail, (unsigned long long)rl.rlim_cur);
	return (unsigned int)avail;
}

int
http_start(int fd, const struct config *cfg, struct store *store,
    struct http **out, char *err, size_t errlen)
{
	struct http *h;

	if ((h = calloc(1, sizeof(*h))) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	h->store = store;
	h->seen_generation = store_generation(store);
	h->max_body = cfg->max_body;
	h->header_timeout = cfg->header_timeout;
	h->request_timeout = cfg->connection_timeout;
	snprintf(h->token, sizeof(h->token), "%s", cfg->token);
	/*
	 * External epoll mode: no thread of MHD's own; loop.c drives it.
	 * The daemon-wide timeout is the short one, for connections that
	 * have not sent a request line; on_uri() lengthens it per
	 * connection, on_completed() shortens it again.
	 */
	h->mhd = MHD_start_daemon(
	    MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG, 0,
	    NULL, NULL, on_request, h, MHD_OPTION_EXTERNAL_LOGGER, mhd_log, h,
	    MHD_OPTION_LISTEN_SOCKET, (MHD_socket)fd,
	    MHD_OPTION_CONNECTION_LIMIT, fd_budget(cfg->connection_limit),
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)cfg->header_timeout,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(128 * 1024),
	    MHD_OPTION_URI_LOG_CALLBACK, on_uri, h,
	    MHD_OPTION_NOTIFY_CONNECTION, on_connection, h,
	    MHD_OPTION_NOTIFY_COMPLETED, on_completed, h, MHD_OPTION_END);
	if (h->mhd == NULL) {
		snprintf(err, errlen, "cannot start the HTTP server");
		free(h);
		return -1;
	}
	*out = h;
	return 0;
}

int
http_epoll_fd(struct http *h)
{
	const union MHD_DaemonInfo *info;

	info = MHD_get_daemon_info(h->mhd, MHD_DAEMON_INFO_EPOLL_FD);
	return info ? info->epoll_fd : -1;
}

void
http_run(struct http *h)
{
	MHD_run(h->mhd);
}

long long
http_timeout(struct http *h)
{
	MHD_UNSIGNED_LONG_LONG ms;
	struct request        *rq;
	long long              t = -1, left;
	int64_t                now;

	if (MHD_get_timeout(h->mhd, &ms) == MHD_YES)
		t = (long long)ms;
	if (h->waiters != NULL) {
		now = mono_ms();
		for (rq = h->waiters; rq != NULL; rq = rq->wnext) {
			left = rq->wait_until > now ? rq->wait_until - now : 0;
			if (t < 0 || left < t)
				t = left;
		}
	}
	return t;
}

void
http_before_sleep(struct http *h)
{
	struct request *rq, *next;
	uint64_t        gen = store_generation(h->store);
	int64_t         now;
	int             changed = gen != h->seen_generation, resumed = 0;

	h->seen_generation = gen;
	if (h->waiters == NULL)
		return;
	now = mono_ms();
	for (rq = h->waiters; rq != NULL; rq = next) {
		next = rq->wnext;
		if (!changed && !h->stopping && now < rq->wait_until)
			continue;
		waiter_unlink(h, rq);
		MHD_resume_connection(rq->conn);
		resumed = 1;
	}
	/* MHD_resume_connection() does not wake the loop: run MHD now. */
	if (resumed)
		MHD_run(h->mhd);
}

void
http_quiesce(struct http *h)
{
	MHD_socket fd;

	h->stopping = 1; /* waiting requests are answered now */

	fd = MHD_quiesce_daemon(h->mhd);
	if (fd != MHD_INVALID_SOCKET)
		close(fd);
}

unsigned int
http_requests(struct http *h)
{
	return h->inflight;
}

void
http_stop(struct http *h)
{
	if (h == NULL)
		return;
	MHD_stop_daemon(h->mhd);
	free(h);
}
