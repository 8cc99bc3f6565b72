/*
 * needled: remembers micro-needling sessions and says, with reasons, when
 * each skin area is ready again.  main() reads like a table of contents:
 * options, config, store, HTTP, run, shut down in reverse.
 */
#include "buildconf.h"

#include <sys/resource.h>
#include <sys/stat.h>

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#ifdef HAVE_SYSTEMD
#include <systemd/sd-daemon.h>
#endif

#include "api.h"
#include "config.h"
#include "http.h"
#include "log.h"
#include "loop.h"
#include "store.h"
#include "timefmt.h"

#define SHUTDOWN_GRACE_MS 3000

int64_t needled_started_at;

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: needled [-c file] [-d dbfile] [-l addr:port] "
	    "[--version] [--help]\n");
}

/* mkdir -p for the directory part of path. */
static int
make_parent(const char *path, char *err, size_t errlen)
{
	char dir[PATH_MAX], *p;

	if (snprintf(dir, sizeof(dir), "%s", path) >= (int)sizeof(dir)) {
		snprintf(err, errlen, "%s: path too long", path);
		return -1;
	}
	if ((p = strrchr(dir, '/')) == NULL || p == dir)
		return 0;
	*p = '\0';
	for (p = dir + 1;; p++) {
		if (*p == '/' || *p == '\0') {
			char c = *p;

			*p = '\0';
			if (mkdir(dir, 0700) == -1 && errno != EEXIST) {
				snprintf(err, errlen, "cannot create %s: %s",
				    dir, strerror(errno));
				return -1;
			}
			if ((*p = c) == '\0')
				break;
		}
	}
	return 0;
}

/*
 * Raise the soft limit on open files to the hard one: every connection
 * is a descriptor, and the soft limit (often 1024) would cap them below
 * connection_limit.  http_start() sizes MHD's limit from the result.
 */
static void
raise_fd_limit(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == -1) {
		log_warn("getrlimit(RLIMIT_NOFILE)");
		return;
	}
	if (rl.rlim_cur == rl.rlim_max)
		return;
	rl.rlim_cur = rl.rlim_max;
	if (setrlimit(RLIMIT_NOFILE, &rl) == -1)
		log_warn("setrlimit(RLIMIT_NOFILE, %llu)",
		    (unsigned long long)rl.rlim_max);
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = { { "config", required_argument,
		                                      NULL, 'c' },
		{ "database", required_argument, NULL, 'd' },
		{ "listen", required_argument, NULL, 'l' },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 } };
	struct config              cfg;
	struct store              *store = NULL;
	struct http               *http = NULL;
	const char *conffile = NULL, *dbfile = NULL, *listen = NULL;
	char        err[CONFIG_ERR_LEN + STORE_ERR_LEN], where[300];
	int         ch, fd;

	while (
	    (ch = getopt_long(argc, argv, "c:d:l:Vh", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c': conffile = optarg; break;
		case 'd': dbfile = optarg; break;
		case 'l': listen = optarg; break;
		case 'V': printf("needled %s\n", PACKAGE_VERSION); return 0;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 1;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return 1;
	}

	/*
	 * Hold SIGTERM, SIGINT and SIGHUP until the loop watches them
	 * (loop_run() unblocks them): one that comes during start-up then
	 * still ends in an orderly shutdown, never half-way through a
	 * migration.
	 */
	if (loop_hold_signals(1) == -1)
		fatal("sigprocmask");

	/* Defaults, then the file, then the command line. */
	log_init(LOG_LEVEL_INFO);
	config_defaults(&cfg);
	if (conffile != NULL &&
	    config_load(&cfg, conffile, err, sizeof(err)) == -1)
		fatalx("%s", err);
	if (dbfile != NULL &&
	    config_set(&cfg, "database", dbfile, err, sizeof(err)) == -1)
		fatalx("%s", err);
	if (listen != NULL &&
	    config_set(&cfg, "listen", listen, err, sizeof(err)) == -1)
		fatalx("%s", err);
	if (cfg.database[0] == '\0') {
		if (config_default_database(cfg.database, sizeof(cfg.database),
		        err, sizeof(err)) == -1)
			fatalx("%s", err);
		if (make_parent(cfg.database, err, sizeof(err)) == -1)
			fatalx("%s", err);
	}
	log_set_level(cfg.log_level);
	needled_started_at = timefmt_now();
	raise_fd_limit();

	/* The port first: a clash must not leave a new database behind. */
	if ((fd = http_listen(&cfg, where, sizeof(where), err, sizeof(err))) ==
	    -1)
		fatalx("%s", err);
	if (store_open(cfg.database, &store, err, sizeof(err)) == -1) {
		close(fd);
		fatalx("%s", err);
	}
	store_set_events_keep(store, cfg.events_keep);
	if (http_start(fd, &cfg, store, &http, err, sizeof(err)) == -1) {
		store_close(store);
		fatalx("%s", err);
	}
	log_info("needled %s: database %s (schema %d)", PACKAGE_VERSION,
	    cfg.database, store_schema_version(store));
	log_info("listening on %s", where);
#ifdef HAVE_SYSTEMD
	sd_notify(0, "READY=1\nSTATUS=serving");
#endif

	if (loop_run(http, SHUTDOWN_GRACE_MS) == -1) {
		http_stop(http);
		api_next_cache_free();
		store_close(store);
		return 1;
	}

#ifdef HAVE_SYSTEMD
	sd_notify(0, "STOPPING=1");
#endif
	http_stop(http);
	api_next_cache_free();
	store_close(store);
	log_info("stopped");
	return 0;
}
