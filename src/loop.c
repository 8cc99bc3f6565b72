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

/* The handles of struct loop, in the order they are made. */
#define LOOP_NHANDLES 7

struct loop {
	uv_loop_t   *uv;
	struct http *http;
	uv_poll_t    poll;
	uv_prepare_t prepare;
	uv_timer_t   timer;
	uv_timer_t   grace;
	uv_signal_t  sigterm;
	uv_signal_t  sigint;
	uv_signal_t  sighup;
	unsigned int grace_ms;
	int          stopping;
};

int
loop_hold_signals(int hold)
{
	sigset_t sigs;

	if (sigemptyset(&sigs) == -1 || sigaddset(&sigs, SIGTERM) == -1 ||
	    sigaddset(&sigs, SIGINT) == -1 || sigaddset(&sigs, SIGHUP) == -1)
		return -1;
	return sigprocmask(hold ? SIG_BLOCK : SIG_UNBLOCK, &sigs, NULL);
}

/* Close the first n handles of l (in the order loop_run() made them). */
static void
close_handles(struct loop *l, size_t n)
{
	uv_handle_t *hs[] = {
		(uv_handle_t *)&l->poll,
		(uv_handle_t *)&l->prepare,
		(uv_handle_t *)&l->timer,
		(uv_handle_t *)&l->grace,
		(uv_handle_t *)&l->sigterm,
		(uv_handle_t *)&l->sigint,
		(uv_handle_t *)&l->sighup,
	};
	size_t i;

	for (i = 0; i < n && i < sizeof(hs) / sizeof(hs[0]); i++)
		if (!uv_is_closing(hs[i]))
			uv_close(hs[i], NULL);
}

static void
close_all(struct loop *l)
{
	/*
	 * Closing a uv_signal_t restores the default action: hold the stop
	 * signals so that another SIGTERM cannot kill needled while it
	 * closes the database.
	 */
	if (loop_hold_signals(1) == -1)
		log_warn("sigprocmask");
	close_handles(l, LOOP_NHANDLES);
}

static void
on_poll(uv_poll_t *p, int status, int events)
{
	struct loop *l = p->data;

	(void)status;
	(void)events;
	http_run(l->http);
}

static void
on_timer(uv_timer_t *t)
{
	struct loop *l = t->data;

	http_run(l->http);
}

static void
on_grace(uv_timer_t *t)
{
	struct loop *l = t->data;

	log_warnx("shutdown: %u request(s) still in flight after %u ms; "
	          "closing their connections",
	    http_requests(l->http), l->grace_ms);
	close_all(l);
}

/*
 * Before the loop sleeps: resume the requests waiting for a change that
 * are due, re-arm MHD's deadline, finish a shutdown.
 */
static void
on_prepare(uv_prepare_t *p)
{
	struct loop *l = p->data;
	long long    ms;
	int          rc;

	/* Requests waiting for a change: a write, their deadline, a stop. */
	http_before_sleep(l->http);
	if (l->stopping && http_requests(l->http) == 0) {
		close_all(l);
		return;
	}
	ms = http_timeout(l->http);
	if (ms < 0)
		uv_timer_stop(&l->timer);
	else if ((rc = uv_timer_start(&l->timer, on_timer, (uint64_t)ms, 0)) !=
	    0) {
		/* Cannot happen with a live timer and a callback. */
		log_warnx("event loop: MHD timer: %s", uv_strerror(rc));
	}
}

static void
on_stop_signal(uv_signal_t *s, int signum)
{
	struct loop *l = s->data;
	int          rc;

	if (l->stopping)
		return;
	log_info("%s: shutting down", signum == SIGTERM ? "SIGTERM" : "SIGINT");
	l->stopping = 1;
	http_quiesce(l->http);
	if ((rc = uv_timer_start(&l->grace, on_grace, l->grace_ms, 0)) != 0) {
		/* No grace period then: close what is open now. */
		log_warnx("event loop: grace timer: %s", uv_strerror(rc));
		close_all(l);
		return;
	}
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
	struct loop l = { 0 };
	size_t      made = 0;
	int         fd, rc;

	l.uv = uv_default_loop();
	l.http = h;
	l.grace_ms = grace_ms;
	if ((fd = http_epoll_fd(h)) == -1) {
		log_warnx("no epoll fd from the HTTP server");
		return -1;
	}
	if (signal(SIGPIPE, SIG_IGN) == SIG_ERR) {
		log_warn("signal(SIGPIPE)");
		return -1;
	}
	/* made counts the handles to close if set-up fails half-way. */
	if ((rc = uv_poll_init(l.uv, &l.poll, fd)) != 0)
		goto fail;
	made++;
	if ((rc = uv_prepare_init(l.uv, &l.prepare)) != 0)
		goto fail;
	made++;
	if ((rc = uv_timer_init(l.uv, &l.timer)) != 0)
		goto fail;
	made++;
	if ((rc = uv_timer_init(l.uv, &l.grace)) != 0)
		goto fail;
	made++;
	if ((rc = uv_signal_init(l.uv, &l.sigterm)) != 0)
		goto fail;
	made++;
	if ((rc = uv_signal_init(l.uv, &l.sigint)) != 0)
		goto fail;
	made++;
	if ((rc = uv_signal_init(l.uv, &l.sighup)) != 0)
		goto fail;
	made++;
	l.poll.data = l.prepare.data = l.timer.data = l.grace.data = &l;
	l.sigterm.data = l.sigint.data = l.sighup.data = &l;
	if ((rc = uv_poll_start(&l.poll, UV_READABLE, on_poll)) != 0 ||
	    (rc = uv_prepare_start(&l.prepare, on_prepare)) != 0 ||
	    (rc = uv_signal_start(&l.sigterm, on_stop_signal, SIGTERM)) != 0 ||
	    (rc = uv_signal_start(&l.sigint, on_stop_signal, SIGINT)) != 0 ||
	    (rc = uv_signal_start(&l.sighup, on_sighup, SIGHUP)) != 0)
		goto fail;
	/* main() held these during start-up; libuv takes them from here. */
	if (loop_hold_signals(0) == -1) {
		log_warn("sigprocmask");
		rc = 0;
		goto fail;
	}

	/* MHD may already have work (none usually): let it run once. */
	http_run(h);
	uv_run(l.uv, UV_RUN_DEFAULT);
	/* Every handle is closed: drain their close callbacks. */
	uv_run(l.uv, UV_RUN_DEFAULT);
	if ((rc = uv_loop_close(l.uv)) != 0)
		log_warnx("event loop close: %s", uv_strerror(rc));
	return 0;

fail:
	if (rc != 0)
		log_warnx("event loop: %s", uv_strerror(rc));
	/* Close what was made, and let libuv finish closing it. */
	close_handles(&l, made);
	uv_run(l.uv, UV_RUN_DEFAULT);
	if ((rc = uv_loop_close(l.uv)) != 0)
		log_warnx("event loop close: %s", uv_strerror(rc));
	return -1;
}
