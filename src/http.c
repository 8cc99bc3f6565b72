/*
 * http.c: the MHD access handler.  Accumulates a request body up to the
 * limit, routes, parses JSON, calls the resource handler and sends its
 * reply with an ETag.  Never runs SQL itself.
 */
#include "buildconf.h"

#include <sys/socket.h>
#include <sys/types.h>

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
#include "log.h"
#include "store.h"
#include "timefmt.h"
#include "util.h"

#if MHD_VERSION < 0x00097100
typedef int MHD_RESULT;
#else
typedef enum MHD_Result MHD_RESULT;
#endif

struct http {
	struct MHD_Daemon	*mhd;
	struct store		*store;
	size_t			 max_body;
	char			 token[256];	/* "": open access */
	unsigned int		 inflight;	/* requests begun, not done */
};

/* Per-request state, from the first call of the handler to completion. */
struct request {
	char		*body;
	size_t		 len;
	size_t		 cap;
	int		 too_big;
};

static const char *
query_cb(void *cls, const char *key)
{
	return MHD_lookup_connection_value(cls, MHD_GET_ARGUMENT_KIND, key);
}

/* Every query parameter, repeats included (api_req's query_each). */
struct query_walk {
	int	(*fn)(void *, const char *, const char *);
	void	*arg;
};

static MHD_RESULT
query_walk_cb(void *cls, enum MHD_ValueKind kind, const char *key,
    const char *value)
{
	struct query_walk	*w = cls;

	(void)kind;
	return w->fn(w->arg, key, value) == 0 ? MHD_YES : MHD_NO;
}

static void
query_each_cb(void *qcls, int (*fn)(void *, const char *, const char *),
    void *arg)
{
	struct query_walk	w = { fn, arg };

	MHD_get_connection_values(qcls, MHD_GET_ARGUMENT_KIND, query_walk_cb,
	    &w);
}

static const char *
header(struct MHD_Connection *c, const char *name)
{
	return MHD_lookup_connection_value(c, MHD_HEADER_KIND, name);
}

/* Whether If-None-Match (a list, or "*") matches etag, weakly. */
static int
etag_matches(const char *inm, const char *etag)
{
	const char	*p = inm, *tag;
	size_t		 n, tl;

	if (strncmp(etag, "W/", 2) == 0)
		etag += 2;
	tl = strlen(etag);
	while (*p != '\0') {
		p += strspn(p, " \t,");
		if (*p == '\0')
			break;
		n = strcspn(p, ",");
		tag = p;
		while (n > 0 && (tag[n - 1] == ' ' || tag[n - 1] == '\t'))
			n--;
		if (n == 1 && *tag == '*')
			return 1;
		if (n > 2 && strncmp(tag, "W/", 2) == 0) {
			tag += 2;
			n -= 2;
		}
		if (n == tl && memcmp(tag, etag, n) == 0)
			return 1;
		p += strcspn(p, ",");
	}
	return 0;
}

/* Whether a Prefer header asks for handling=strict (RFC 7240). */
static int
prefers_strict(const char *prefer)
{
	char	 buf[256], *tok, *save = NULL, *eq, *k, *v;
	size_t	 n;

	if (prefer == NULL)
		return 0;
	snprintf(buf, sizeof(buf), "%s", prefer);
	for (tok = strtok_r(buf, ",;", &save); tok != NULL;
	    tok = strtok_r(NULL, ",;", &save)) {
		if ((eq = strchr(tok, '=')) == NULL)
			continue;
		*eq = '\0';
		k = tok + strspn(tok, " \t");
		for (n = strlen(k); n > 0 && (k[n - 1] == ' ' ||
		    k[n - 1] == '\t'); n--)
			k[n - 1] = '\0';
		v = eq + 1 + strspn(eq + 1, " \t\"");
		for (n = strlen(v); n > 0 && (v[n - 1] == ' ' ||
		    v[n - 1] == '\t' || v[n - 1] == '"'); n--)
			v[n - 1] = '\0';
		if (strcasecmp(k, "handling") == 0 &&
		    strcasecmp(v, "strict") == 0)
			return 1;
	}
	return 0;
}

/* Whether a Content-Type is JSON: application/json or application/x+json. */
static int
is_json_type(const char *ct)
{
	size_t	n;

	if (ct == NULL)
		return 0;
	n = strcspn(ct, ";");
	while (n > 0 && (ct[n - 1] == ' ' || ct[n - 1] == '\t'))
		n--;
	if (n == 16 && strncasecmp(ct, "application/json", 16) == 0)
		return 1;
	return n > 17 && strncasecmp(ct, "application/", 12) == 0 &&
	    strncasecmp(ct + n - 5, "+json", 5) == 0;
}

static MHD_RESULT
send_reply(struct MHD_Connection *c, struct api_resp *resp, int is_get)
{
	struct MHD_Response	*r;
	char			*text = NULL, etag[96];
	size_t			 len = 0;
	int			 status = resp->status;
	const char		*inm;
	MHD_RESULT		 ret;

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
		if (inm != NULL && etag_matches(inm, etag)) {
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
		    resp->problem ? "application/problem+json" :
		    resp->content_type != NULL ? resp->content_type :
		    "application/json");
	if (etag[0] != '\0') {
		MHD_add_response_header(r, MHD_HTTP_HEADER_ETAG, etag);
		MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL,
		    "no-cache");
	}
	if (resp->location[0] != '\0')
		MHD_add_response_header(r, MHD_HTTP_HEADER_LOCATION,
		    resp->location);
	if (resp->allow[0] != '\0')
		MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, resp->allow);
	if (resp->retry_after > 0) {
		char	ra[16];

		snprintf(ra, sizeof(ra), "%d", resp->retry_after);
		MHD_add_response_header(r, MHD_HTTP_HEADER_RETRY_AFTER, ra);
	}
	if (resp->www_authenticate)
		MHD_add_response_header(r, MHD_HTTP_HEADER_WWW_AUTHENTICATE,
		    "Bearer realm=\"needled\"");
	if (resp->preference_applied)
		MHD_add_response_header(r, "Preference-Applied",
		    "handling=strict");
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
	const char	*a;
	size_t		 i, n, tl;
	unsigned char	 diff = 0;

	if (h->token[0] == '\0' || need == API_AUTH_NONE)
		return 1;
	if ((a = header(c, MHD_HTTP_HEADER_AUTHORIZATION)) != NULL &&
	    strncasecmp(a, "Bearer ", 7) == 0)
		a += 7;
	else if (need == API_AUTH_READ_URL)
		a = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND,
		    "token");
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
	*known = 1;
	if (strcmp(m, "GET") == 0 || strcmp(m, "HEAD") == 0)
		return API_GET;
	if (strcmp(m, "POST") == 0)
		return API_POST;
	if (strcmp(m, "PUT") == 0)
		return API_PUT;
	if (strcmp(m, "PATCH") == 0)
		return API_PATCH;
	if (strcmp(m, "DELETE") == 0)
		return API_DELETE;
	*known = strcmp(m, "OPTIONS") == 0;
	return 0;
}

/* Parse the accumulated body into req->body; 0, or -1 with resp filled. */
static int
parse_body(struct MHD_Connection *c, struct request *rq, struct api_req *req,
    struct api_resp *resp, size_t max_body)
{
	json_error_t	 jerr;

	if (rq->too_big) {
		api_problem(resp, 413, "body", "is larger than %zu bytes",
		    max_body);
		return -1;
	}
	if (!is_json_type(header(c, MHD_HTTP_HEADER_CONTENT_TYPE))) {
		api_problem(resp, 415, "Content-Type", "must be "
		    "application/json");
		return -1;
	}
	if (rq->len == 0) {
		api_problem(resp, 400, "body", "is empty; send a JSON object");
		return -1;
	}
	req->body = json_loadb(rq->body, rq->len, JSON_REJECT_DUPLICATES,
	    &jerr);
	if (req->body == NULL) {
		api_problem(resp, 400, "body", "is not valid JSON: %s (line "
		    "%d, column %d)", jerr.text, jerr.line, jerr.column);
		return -1;
	}
	if (!json_is_object(req->body)) {
		api_problem(resp, 422, "body", "must be a JSON object");
		return -1;
	}
	return 0;
}

static MHD_RESULT
on_request(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *upload_data,
    size_t *upload_data_size, void **con_cls)
{
	struct http	*h = cls;
	struct request	*rq = *con_cls;
	struct api_req		 req;
	struct api_resp		 resp;
	const struct api_route	*route;
	enum api_auth		 need;
	const char		*cl;
	int		 known, status = 0, is_get;
	MHD_RESULT	 ret;

	(void)version;
	if (rq == NULL) {
		if ((rq = calloc(1, sizeof(*rq))) == NULL)
			return MHD_NO;
		*con_cls = rq;
		h->inflight++;
		/* Refuse a declared oversize body before it is sent. */
		cl = header(c, MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (cl != NULL && strtoull(cl, NULL, 10) > h->max_body)
			rq->too_big = 1;
		return MHD_YES;
	}
	if (*upload_data_size > 0) {
		if (!rq->too_big && rq->len + *upload_data_size <= h->max_body) {
			if (rq->len + *upload_data_size > rq->cap) {
				size_t	 ncap = rq->cap ? rq->cap * 2 : 4096;
				char	*nb;

				while (ncap < rq->len + *upload_data_size)
					ncap *= 2;
				if ((nb = realloc(rq->body, ncap)) == NULL)
					return MHD_NO;
				rq->body = nb;
				rq->cap = ncap;
			}
			memcpy(rq->body + rq->len, upload_data,
			    *upload_data_size);
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
	req.strict = prefers_strict(header(c, "Prefer"));
	is_get = req.method == API_GET;

	route = api_route(url, req.method, req.arg, sizeof(req.arg), &status,
	    &need, resp.allow, sizeof(resp.allow));
	req.route = route;
	if (req.method == API_POST)
		req.idempotency_key = header(c, "Idempotency-Key");
	if (!authorized(h, c, need)) {
		resp.allow[0] = '\0';
		api_problem(&resp, 401, NULL, "this needled requires "
		    "\"Authorization: Bearer <token>\" (see token in "
		    "needled.conf)");
		resp.www_authenticate = 1;
		goto reply;
	}
	if (!known) {
		api_problem(&resp, 405, NULL, "method %s is not supported",
		    method);
		snprintf(resp.allow, sizeof(resp.allow),
		    "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
		goto reply;
	}
	if (route == NULL) {
		if (status == 204)
			api_no_content(&resp);
		else if (status == 405)
			api_problem(&resp, 405, NULL, "%s is not allowed on "
			    "%s (allowed: %s)", method, url, resp.allow);
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
	if (req.strict && (req.method & (API_POST | API_PUT | API_PATCH)))
		resp.preference_applied = 1;
 reply:
	log_debug("%s %s %d", method, url, resp.status);
	ret = send_reply(c, &resp, is_get);
	json_decref(req.body);
	json_decref(resp.body);
	free(resp.text);
	return ret;
}

static void
on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct http	*h = cls;
	struct request	*rq = *con_cls;

	(void)c;
	(void)toe;
	if (rq != NULL) {
		h->inflight--;
		free(rq->body);
		free(rq);
		*con_cls = NULL;
	}
}

static void
mhd_log(void *cls, const char *fmt, va_list ap)
{
	char	buf[512];
	size_t	n;

	(void)cls;
	vsnprintf(buf, sizeof(buf), fmt, ap);
	n = strlen(buf);
	while (n > 0 && buf[n - 1] == '\n')
		buf[--n] = '\0';
	log_debug("http: %s", buf);
}

int
http_listen(const struct config *cfg, char *where, size_t wherelen,
    char *err, size_t errlen)
{
	struct addrinfo		 hints, *res = NULL, *ai;
	struct sockaddr_storage	 ss;
	socklen_t		 sl = sizeof(ss);
	char			 host[256], port[16], addr[INET6_ADDRSTRLEN];
	unsigned int		 p;
	int			 fd = -1, on = 1, rc, saved = 0;

#ifdef HAVE_SYSTEMD
	if ((rc = sd_listen_fds(1)) > 1) {
		snprintf(err, errlen, "systemd passed %d sockets; needled "
		    "takes one", rc);
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
		snprintf(err, errlen, "listen: '%s' is not ADDR:PORT",
		    cfg->listen);
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
		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC |
		    SOCK_NONBLOCK, ai->ai_protocol);
		if (fd == -1) {
			saved = errno;
			continue;
		}
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
		if (bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 &&
		    listen(fd, 128) == 0)
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
		snprintf(where, wherelen, "[%s]:%u", addr,
		    ntohs(s6->sin6_port));
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;

		inet_ntop(AF_INET, &s4->sin_addr, addr, sizeof(addr));
		snprintf(where, wherelen, "%s:%u", addr, ntohs(s4->sin_port));
	}
	return fd;
}

int
http_start(int fd, const struct config *cfg, struct store *store,
    struct http **out, char *err, size_t errlen)
{
	struct http	*h;

	if ((h = calloc(1, sizeof(*h))) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	h->store = store;
	h->max_body = cfg->max_body;
	snprintf(h->token, sizeof(h->token), "%s", cfg->token);
	/* External epoll mode: no thread of MHD's own; loop.c drives it. */
	h->mhd = MHD_start_daemon(MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME |
	    MHD_USE_ERROR_LOG, 0, NULL, NULL, on_request, h,
	    MHD_OPTION_LISTEN_SOCKET, (MHD_socket)fd,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned int)cfg->connection_limit,
	    MHD_OPTION_CONNECTION_TIMEOUT,
	    (unsigned int)cfg->connection_timeout,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(128 * 1024),
	    MHD_OPTION_NOTIFY_COMPLETED, on_completed, h,
	    MHD_OPTION_EXTERNAL_LOGGER, mhd_log, h,
	    MHD_OPTION_END);
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
	const union MHD_DaemonInfo	*info;

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
	MHD_UNSIGNED_LONG_LONG	ms;

	if (MHD_get_timeout(h->mhd, &ms) != MHD_YES)
		return -1;
	return (long long)ms;
}

void
http_quiesce(struct http *h)
{
	MHD_socket	fd;

	fd = MHD_quiesce_daemon(h->mhd);
	if (fd != MHD_INVALID_SOCKET)
		close(fd);
}

unsigned int
http_requests(struct http *h)
{
	return h->inflight;
}

unsigned int
http_connections(struct http *h)
{
	const union MHD_DaemonInfo	*info;

	info = MHD_get_daemon_info(h->mhd,
	    MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
	return info ? info->num_connections : 0;
}

void
http_stop(struct http *h)
{
	if (h == NULL)
		return;
	MHD_stop_daemon(h->mhd);
	free(h);
}
