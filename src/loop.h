/*
 * loop.h: the one libuv loop.  It watches MHD's epoll fd, re-arms one
 * timer from MHD's timeout before it sleeps, and turns SIGTERM/SIGINT into
 * an orderly shutdown.  An idle daemon (no connections) sleeps in epoll
 * with no timer armed.
 */
#ifndef NEEDLED_LOOP_H
#define NEEDLED_LOOP_H

struct http;

/*
 * Run the loop until SIGTERM or SIGINT: then stop accepting, let
 * in-flight requests finish (at most grace_ms; idle keep-alive
 * connections are not waited for), and return 0.  Returns -1
 * if the loop cannot be set up.
 */
int loop_run(struct http *h, unsigned int grace_ms);

/*
 * Hold (hold 1) or release (hold 0) SIGTERM, SIGINT and SIGHUP, the
 * signals the loop turns into events: main() holds them from the start,
 * so that one that comes during start-up is delivered once the loop
 * watches it; the loop holds them again while it shuts down.  Returns 0,
 * or -1 with errno set.
 */
int loop_hold_signals(int hold);

#endif /* NEEDLED_LOOP_H */
