/*
 * http.h: libmicrohttpd in external epoll mode.  http.c owns the MHD
 * daemon and its access handler (body accumulation with a size limit,
 * routing through api_route(), JSON and problem+json replies, ETags);
 * loop.c drives it from the libuv loop.
 */
#ifndef NEEDLED_HTTP_H
#define NEEDLED_HTTP_H

#include <stddef.h>
#include <stdint.h>

struct config;
struct store;
struct http;

/*
 * The listening socket: the one systemd passed (socket activation), else
 * a new one bound to cfg->listen.  "where" gets the bound address as
 * "ADDR:PORT" (the real port when cfg->listen asked for port 0).  Returns
 * the fd, or -1 with a one-line message in err.
 */
int http_listen(const struct config *cfg, char *where, size_t wherelen,
    char *err, size_t errlen);

/*
 * Start MHD on the listening fd (MHD owns and closes it).  Returns 0 and
 * *out, or -1 with a message in err.
 */
int http_start(int fd, const struct config *cfg, struct store *store,
    struct http **out, char *err, size_t errlen);

/* The epoll fd to watch for readability. */
int http_epoll_fd(struct http *);

/* Let MHD do its work: accept, read, answer, time out idle connections. */
void http_run(struct http *);

/*
 * Milliseconds until MHD needs http_run() again without I/O (0: at once,
 * there is buffered work), or -1 for "no deadline".
 */
long long http_timeout(struct http *);

/*
 * Before the loop sleeps: resume the requests waiting for a change (a
 * committed write since the last call), whose time is up, or all of them
 * when shutting down, and let MHD answer them.
 */
void http_before_sleep(struct http *);

/* Stop accepting new connections (shutdown begins). */
void http_quiesce(struct http *);

/*
 * Requests begun and not yet completed (their reply not yet sent): what a
 * shutdown waits for.  Idle keep-alive connections do not count.
 */
unsigned int http_requests(struct http *);

/* Stop MHD: closes every connection, the epoll and listen fds. */
void http_stop(struct http *);

#endif /* NEEDLED_HTTP_H */
