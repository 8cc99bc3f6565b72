/*
 * loop.c: libuv drives libmicrohttpd (external epoll mode).
 *
 * MHD's epoll fd is watched with a uv_poll_t; readable -> http_run().  A
 * uv_prepare_t runs before the loop sleeps and re-arms the one uv_timer_t
 * from MHD's timeout (0 included: that is how MHD reports buffered work
 * on its edge-triggered sockets).  No timer is armed when MHD has no
 * deadline, so an idle daemon does not wake up.
 */
#include "buildconf.h"

#include <signal.h>
#include <stdint.h>
#include <stdlib.h>

#include <uv.h>

#include "http.h"
#include "log.h"
#include "loop.h"

struct loop {
	uv_loop_t	*uv;
	struct http	*http;
	uv_poll_t	 poll;
	uv_prepare_t	 prepare;
	uv_timer_t	 timer;
	uv_timer_t	 grace;
	uv_signal_t	 sigterm;
	uv_signal_t	 sigint;
	uv_signal_t	 sighup;
	unsigned int	 grace_ms;
	int		 stopping;
};

/* Hold (or release) the signals that stop needled. */
static void
stop_signals(int how)
{
	sigset_t	sigs;

	sigemptyset(&sigs);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGHUP);
	sigprocmask(how, &sigs, NULL);
}

static void
close_all(struct loop *l)
{
	uv_handle_t	*hs[] = {
		(uv_handle_t *)&l->poll, (uv_handle_t *)&l->prepare,
		(uv_handle_t *)&l->timer, (uv_handle_t *)&l->grace,
		(uv_handle_t *)&l->sigterm, (uv_handle_t *)&l->sigint,
		(uv_handle_t *)&l->sighup,
	};
	size_t		 i;

	/*
	 * Closing a uv_signal_t restores the default action: hold the stop
	 * signals so that another SIGTERM cannot kill needled while it
	 * closes the database.
	 */
	stop_signals(SIG_BLOCK);
	for (i = 0; i < sizeof(hs) / sizeof(hs[0]); i++)
		if (!uv_is_closing(hs[i]))
			uv_close(hs[i], NULL);
}

static void
on_poll(uv_poll_t *p, int status, int events)
{
	struct loop	*l = p->data;

	(void)status;
	(void)events;
	http_run(l->http);
}

static void
on_timer(uv_timer_t *t)
{
	struct loop	*l = t->data;

	http_run(l->http);
}

static void
on_grace(uv_timer_t *t)
{
	struct loop	*l = t->data;

	log_warnx("shutdown: %u request(s) still in flight after %u ms; "
	    "closing their connections", http_requests(l->http), l->grace_ms);
	close_all(l);
}

/* Before the loop sleeps: re-arm MHD's deadline; finish a shutdown. */
static void
on_prepare(uv_prepare_t *p)
{
	struct loop	*l = p->data;
	long long	 ms;

	if (l->stopping && http_requests(l->http) == 0) {
		close_all(l);
		return;
	}
	ms = http_timeout(l->http);
	if (ms < 0)
		uv_timer_stop(&l->timer);
	else
		uv_timer_start(&l->timer, on_timer, (uint64_t)ms, 0);
}

static void
on_stop_signal(uv_signal_t *s, int signum)
{
	struct loop	*l = s->data;

	if (l->stopping)
		return;
	log_info("%s: shutting down", signum == SIGTERM ? "SIGTERM" :
	    "SIGINT");
	l->stopping = 1;
	http_quiesce(l->http);
	uv_timer_start(&l->grace, on_grace, l->grace_ms, 0);
	uv_unref((uv_handle_t *)&l->grace);
}

static void
on_sighup(uv_signal_t *s, int signum)
{
	(void)s;
	(void)signum;
	log_info("SIGHUP: nothing to reload in this version");
}

int
loop_run(struct http *h, unsigned int grace_ms)
{
	struct loop	 l = { 0 };
	int		 fd, rc;

	l.uv = uv_default_loop();
	l.http = h;
	l.grace_ms = grace_ms;
	if ((fd = http_epoll_fd(h)) == -1) {
		log_warnx("no epoll fd from the HTTP server");
		return -1;
	}
	signal(SIGPIPE, SIG_IGN);
	if ((rc = uv_poll_init(l.uv, &l.poll, fd)) != 0 ||
	    (rc = uv_prepare_init(l.uv, &l.prepare)) != 0 ||
	    (rc = uv_timer_init(l.uv, &l.timer)) != 0 ||
	    (rc = uv_timer_init(l.uv, &l.grace)) != 0 ||
	    (rc = uv_signal_init(l.uv, &l.sigterm)) != 0 ||
	    (rc = uv_signal_init(l.uv, &l.sigint)) != 0 ||
	    (rc = uv_signal_init(l.uv, &l.sighup)) != 0) {
		log_warnx("event loop: %s", uv_strerror(rc));
		return -1;
	}
	l.poll.data = l.prepare.data = l.timer.data = l.grace.data = &l;
	l.sigterm.data = l.sigint.data = l.sighup.data = &l;
	uv_poll_start(&l.poll, UV_READABLE, on_poll);
	uv_prepare_start(&l.prepare, on_prepare);
	uv_signal_start(&l.sigterm, on_stop_signal, SIGTERM);
	uv_signal_start(&l.sigint, on_stop_signal, SIGINT);
	uv_signal_start(&l.sighup, on_sighup, SIGHUP);
	/* main() held these during start-up; libuv takes them from here. */
	stop_signals(SIG_UNBLOCK);

	/* MHD may already have work (none usually): let it run once. */
	http_run(h);
	uv_run(l.uv, UV_RUN_DEFAULT);
	/* Every handle is closed: drain their close callbacks. */
	uv_run(l.uv, UV_RUN_DEFAULT);
	if ((rc = uv_loop_close(l.uv)) != 0)
		log_warnx("event loop close: %s", uv_strerror(rc));
	return 0;
}
