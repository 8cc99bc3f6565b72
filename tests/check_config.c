/*
 * check_config.c: unit tests for config.c, needled.conf and its defaults.
 *
 * Files are written into a fresh mkdtemp() directory per test and removed
 * afterwards.  Tests that read the environment set or unset every variable
 * they depend on; Check runs each test in its own process, so the changes
 * do not leak into other tests.
 */
#include "buildconf.h"

#include <check.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "log.h"
#include "check_util.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------------ */
/* Temporary files */

static char tmpdir[PATH_MAX];
static char conf_path[PATH_MAX];

static void
setup_tmp(void)
{
	const char *base = getenv("TMPDIR");

	if (base == NULL || *base == '\0')
		base = "/tmp";
	snprintf(tmpdir, sizeof(tmpdir), "%s/check_config.XXXXXX", base);
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
	snprintf(conf_path, sizeof(conf_path), "%s/needled.conf", tmpdir);
}

static void
teardown_tmp(void)
{
	unlink(conf_path);
	rmdir(tmpdir);
}

/* Write text to conf_path, replacing it. */
static const char *
write_conf(const char *text)
{
	FILE *f;

	ck_assert_ptr_nonnull(f = fopen(conf_path, "w"));
	ck_assert_int_eq(fputs(text, f) >= 0, 1);
	ck_assert_int_eq(fclose(f), 0);
	return conf_path;
}

/* ------------------------------------------------------------------ */
/* Defaults */

START_TEST(test_defaults)
{
	struct config c;

	memset(&c, 0xa5, sizeof(c));
	config_defaults(&c);
	ck_assert_str_eq(c.listen, "127.0.0.1:8420");
	ck_assert_str_eq(c.database, "");
	ck_assert_int_eq(c.log_level, LOG_LEVEL_INFO);
	ck_assert_uint_eq(c.max_body, 65536);
	ck_assert_uint_eq(c.connection_limit, 4096);
	ck_assert_uint_eq(c.connection_timeout, 30);
	ck_assert_uint_eq(c.header_timeout, 5);
}
END_TEST

/* ------------------------------------------------------------------ */
/* config_split_listen */

static const struct {
	const char  *in;
	int          ok;
	const char  *host;
	unsigned int port;
} listens[] = {
	{ "127.0.0.1:8420", 1, "127.0.0.1", 8420 },
	{ "[::1]:8420", 1, "::1", 8420 },
	{ "localhost:0", 1, "localhost", 0 },
	{ "0.0.0.0:65535", 1, "0.0.0.0", 65535 },
	{ "[fe80::1%eth0]:80", 1, "fe80::1%eth0", 80 },
	{ "a:0080", 1, "a", 80 },
	{ "127.0.0.1", 0, NULL, 0 },
	{ ":80", 0, NULL, 0 },
	{ "1.2.3.4:65536", 0, NULL, 0 },
	{ "1.2.3.4:99999999999999999999999", 0, NULL, 0 },
	{ "::1:80", 0, NULL, 0 },
	{ "[::1]80", 0, NULL, 0 },
	{ "[::1]:", 0, NULL, 0 },
	{ "[::1", 0, NULL, 0 },
	{ "[]:80", 0, NULL, 0 },
	{ "a:-1", 0, NULL, 0 },
	{ "a:+80", 0, NULL, 0 },
	{ "a: 80", 0, NULL, 0 },
	{ "a:8x", 0, NULL, 0 },
	{ "a:", 0, NULL, 0 },
	{ "", 0, NULL, 0 },
};

START_TEST(test_split_listen)
{
	char         host[64];
	unsigned int port = 4242;
	int          rc;

	memset(host, 'Z', sizeof(host));
	host[sizeof(host) - 1] = '\0';
	rc = config_split_listen(listens[_i].in, host, sizeof(host), &port);
	ck_assert_msg(rc == (listens[_i].ok ? 0 : -1), "\"%s\": rc %d",
	    listens[_i].in, rc);
	if (listens[_i].ok) {
		ck_assert_str_eq(host, listens[_i].host);
		ck_assert_uint_eq(port, listens[_i].port);
	} else
		ck_assert_uint_eq(port, 4242); /* untouched on error */
}
END_TEST

/* A host that does not fit the caller's buffer is an error, not a cut. */
START_TEST(test_split_listen_host_too_long)
{
	char         host[5];
	unsigned int port = 0;

	ck_assert_int_eq(
	    config_split_listen("abcd:1", host, sizeof(host), &port), 0);
	ck_assert_str_eq(host, "abcd");
	ck_assert_int_eq(
	    config_split_listen("abcde:1", host, sizeof(host), &port), -1);
	ck_assert_int_eq(
	    config_split_listen("[abcde]:1", host, sizeof(host), &port), -1);
}
END_TEST

/* ------------------------------------------------------------------ */
/* config_set */

/* Every key, good and bad values; a bad value leaves the key as it was. */
static const struct {
	const char *key;
	const char *value;
	const char *err; /* NULL: accepted */
} sets[] = {
	{ "listen", "0.0.0.0:80", NULL },
	{ "listen", "[::]:8420", NULL },
	{ "listen", "nope", "listen: 'nope' is not ADDR:PORT" },
	{ "listen", "1.2.3.4:65536",
	    "listen: '1.2.3.4:65536' is not "
	    "ADDR:PORT" },
	{ "database", "/var/lib/needled/needled.db", NULL },
	{ "database", "", "database: bad path" },
	{ "log_level", "error", NULL },
	{ "log_level", "warning", NULL },
	{ "log_level", "debug", NULL },
	{ "log_level", "verbose",
	    "log_level: 'verbose' is not one of "
	    "error, warning, info, debug" },
	{ "log_level", "INFO",
	    "log_level: 'INFO' is not one of "
	    "error, warning, info, debug" },
	{ "max_body_bytes", "1024", NULL },
	{ "max_body_bytes", "16777216", NULL },
	{ "max_body_bytes", "1023",
	    "max_body_bytes: '1023' is not a number "
	    "from 1024 to 16777216" },
	{ "max_body_bytes", "16777217",
	    "max_body_bytes: '16777217' is not a "
	    "number from 1024 to 16777216" },
	{ "max_body_bytes", "-5",
	    "max_body_bytes: '-5' is not a number "
	    "from 1024 to 16777216" },
	{ "max_body_bytes", "64k",
	    "max_body_bytes: '64k' is not a number "
	    "from 1024 to 16777216" },
	{ "max_body_bytes", "",
	    "max_body_bytes: '' is not a number "
	    "from 1024 to 16777216" },
	{ "connection_limit", "1", NULL },
	{ "connection_limit", "65536", NULL },
	{ "connection_limit", "0",
	    "connection_limit: '0' is not a number "
	    "from 1 to 65536" },
	{ "connection_limit", "65537",
	    "connection_limit: '65537' is not a "
	    "number from 1 to 65536" },
	{ "connection_timeout", "1", NULL },
	{ "connection_timeout", "3600", NULL },
	{ "connection_timeout", "0",
	    "connection_timeout: '0' is not a number "
	    "of seconds from 1 to 3600" },
	{ "connection_timeout", "3601",
	    "connection_timeout: '3601' is not a "
	    "number of seconds from 1 to 3600" },
	{ "connection_timeout", "1.5",
	    "connection_timeout: '1.5' is not a "
	    "number of seconds from 1 to 3600" },
	{ "header_timeout", "1", NULL },
	{ "header_timeout", "3600", NULL },
	{ "header_timeout", "0",
	    "header_timeout: '0' is not a number "
	    "of seconds from 1 to 3600" },
	{ "header_timeout", "3601",
	    "header_timeout: '3601' is not a "
	    "number of seconds from 1 to 3600" },
	{ "token", "abcdefghijklmnop", NULL },
	{ "token", "abc",
	    "token: must be 16 to 255 characters of "
	    "A-Z a-z 0-9 -._~+/=" },
	{ "token", "abcdefghijklmnop qrs",
	    "token: must be 16 to 255 "
	    "characters of A-Z a-z 0-9 -._~+/=" },
	{ "lisen", "127.0.0.1:80", "unknown key 'lisen'" },
	{ "", "x", "unknown key ''" },
};

START_TEST(test_set)
{
	struct config c, before;
	char          err[CONFIG_ERR_LEN] = "";
	int           rc;

	config_defaults(&c);
	before = c;
	rc = config_set(&c, sets[_i].key, sets[_i].value, err, sizeof(err));
	if (sets[_i].err != NULL) {
		ck_assert_int_eq(rc, -1);
		ck_assert_str_eq(err, sets[_i].err);
		ck_assert(memcmp(&c, &before, sizeof(c)) == 0);
		return;
	}
	ck_assert_msg(
	    rc == 0, "%s = %s: %s", sets[_i].key, sets[_i].value, err);
	if (strcmp(sets[_i].key, "listen") == 0)
		ck_assert_str_eq(c.listen, sets[_i].value);
	else if (strcmp(sets[_i].key, "database") == 0)
		ck_assert_str_eq(c.database, sets[_i].value);
	else if (strcmp(sets[_i].key, "log_level") == 0)
		ck_assert_int_eq(c.log_level, log_level_parse(sets[_i].value));
	else if (strcmp(sets[_i].key, "max_body_bytes") == 0)
		ck_assert_uint_eq(
		    c.max_body, strtoul(sets[_i].value, NULL, 10));
	else if (strcmp(sets[_i].key, "connection_limit") == 0)
		ck_assert_uint_eq(
		    c.connection_limit, strtoul(sets[_i].value, NULL, 10));
	else if (strcmp(sets[_i].key, "connection_timeout") == 0)
		ck_assert_uint_eq(
		    c.connection_timeout, strtoul(sets[_i].value, NULL, 10));
	else if (strcmp(sets[_i].key, "header_timeout") == 0)
		ck_assert_uint_eq(
		    c.header_timeout, strtoul(sets[_i].value, NULL, 10));
	else if (strcmp(sets[_i].key, "token") == 0)
		ck_assert_str_eq(c.token, sets[_i].value);
	else
		ck_abort_msg("no check for key %s", sets[_i].key);
}
END_TEST

/* A database path that does not fit is refused, not cut. */
START_TEST(test_set_database_too_long)
{
	struct config c;
	char          err[CONFIG_ERR_LEN];
	char         *p;

	ck_assert_ptr_nonnull(p = malloc(PATH_MAX + 1));
	memset(p, 'd', PATH_MAX);
	p[0] = '/';
	p[PATH_MAX] = '\0';
	config_defaults(&c);
	ck_assert_int_eq(config_set(&c, "database", p, err, sizeof(err)), -1);
	ck_assert_str_eq(c.database, "");
	p[PATH_MAX - 1] = '\0'; /* PATH_MAX - 1 characters fit */
	ck_assert_int_eq(config_set(&c, "database", p, err, sizeof(err)), 0);
	ck_assert_str_eq(c.database, p);
	free(p);
}
END_TEST

/* ------------------------------------------------------------------ */
/* config_load */

/* Every key, with comments, blank lines and white space all around. */
START_TEST(test_load_all_keys)
{
	struct config c;
	char          err[CONFIG_ERR_LEN] = "";

	config_defaults(&c);
	write_conf("# needled.conf\n"
	           "\n"
	           "listen = 0.0.0.0:8080\n"
	           "   \t\n"
	           "\tdatabase=/srv/needled/db.sqlite   \n"
	           "log_level\t=\tdebug # loud\n"
	           "  # indented comment = not a key\n"
	           "max_body_bytes =   2048\n"
	           "connection_limit = 10\r\n"
	           "connection_timeout = 5"); /* no final newline */
	ck_assert_msg(
	    config_load(&c, conf_path, err, sizeof(err)) == 0, "%s", err);
	ck_assert_str_eq(c.listen, "0.0.0.0:8080");
	ck_assert_str_eq(c.database, "/srv/needled/db.sqlite");
	ck_assert_int_eq(c.log_level, LOG_LEVEL_DEBUG);
	ck_assert_uint_eq(c.max_body, 2048);
	ck_assert_uint_eq(c.connection_limit, 10);
	ck_assert_uint_eq(c.connection_timeout, 5);
}
END_TEST

/* An empty file (or only comments) changes nothing. */
START_TEST(test_load_empty_keeps_defaults)
{
	struct config c, d;
	char          err[CONFIG_ERR_LEN] = "";

	config_defaults(&c);
	config_defaults(&d);
	write_conf("");
	ck_assert_int_eq(config_load(&c, conf_path, err, sizeof(err)), 0);
	ck_assert(memcmp(&c, &d, sizeof(c)) == 0);
	write_conf("# nothing\n\n   # still nothing\n");
	ck_assert_int_eq(config_load(&c, conf_path, err, sizeof(err)), 0);
	ck_assert(memcmp(&c, &d, sizeof(c)) == 0);
}
END_TEST

/* A key given twice: the later line wins. */
START_TEST(test_load_later_line_wins)
{
	struct config c;
	char          err[CONFIG_ERR_LEN] = "";

	config_defaults(&c);
	write_conf("connection_limit = 3\nconnection_limit = 7\n");
	ck_assert_int_eq(config_load(&c, conf_path, err, sizeof(err)), 0);
	ck_assert_uint_eq(c.connection_limit, 7);
}
END_TEST

/* Errors name the file and the line: "path:LINE: message". */
static const struct {
	const char *text;
	int         line;
	const char *msg;
} load_errs[] = {
	{ "# ok\nlisen = 127.0.0.1:80\n", 2, "unknown key 'lisen'" },
	{ "\n\n\nbogus = 1\n", 4, "unknown key 'bogus'" },
	{ "listen 127.0.0.1:80\n", 1, "expected 'key = value'" },
	{ "log_level = info\nmax_body_bytes\n", 2, "expected 'key = value'" },
	{ "= 5\n", 1, "unknown key ''" },
	{ "listen = 127.0.0.1\n", 1, "listen: '127.0.0.1' is not ADDR:PORT" },
	{ "database =\n", 1, "database: bad path" },
	{ "database = # only a comment\n", 1, "database: bad path" },
	{ "log_level = loud\n", 1,
	    "log_level: 'loud' is not one of error, "
	    "warning, info, debug" },
	{ "max_body_bytes = 100\n", 1,
	    "max_body_bytes: '100' is not a "
	    "number from 1024 to 16777216" },
	{ "connection_limit = 0\n", 1,
	    "connection_limit: '0' is not a "
	    "number from 1 to 65536" },
	{ "connection_timeout = 1 0\n", 1,
	    "connection_timeout: '1 0' is "
	    "not a number of seconds from 1 to 3600" },
	/* The first bad line stops the load. */
	{ "bogus = 1\nalso_bogus = 2\n", 1, "unknown key 'bogus'" },
};

START_TEST(test_load_errors)
{
	struct config c;
	char          err[CONFIG_ERR_LEN] = "", want[CONFIG_ERR_LEN];

	config_defaults(&c);
	write_conf(load_errs[_i].text);
	ck_assert_int_eq(config_load(&c, conf_path, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "%s:%d: %s", conf_path, load_errs[_i].line,
	    load_errs[_i].msg);
	ck_assert_str_eq(err, want);
}
END_TEST

/* A line longer than the line buffer is an error, not two lines. */
START_TEST(test_load_line_too_long)
{
	struct config c;
	char          err[CONFIG_ERR_LEN] = "", want[CONFIG_ERR_LEN];
	char         *text;
	size_t        n = 3000;

	ck_assert_ptr_nonnull(text = malloc(n + 64));
	snprintf(text, n + 64, "log_level = info\n# ");
	memset(text + strlen(text), 'x', n);
	text[strlen("log_level = info\n# ") + n] = '\0';
	strcat(text, "\nlisten = 1.2.3.4:5\n");
	config_defaults(&c);
	write_conf(text);
	ck_assert_int_eq(config_load(&c, conf_path, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "%s:2: line too long", conf_path);
	ck_assert_str_eq(err, want);
	ck_assert_str_eq(c.listen, "127.0.0.1:8420");
	free(text);
}
END_TEST

/* A missing file: -1 with its path and the reason. */
START_TEST(test_load_missing_file)
{
	struct config c, d;
	char          err[CONFIG_ERR_LEN] = "", path[PATH_MAX + 32];
	char          want[CONFIG_ERR_LEN];

	snprintf(path, sizeof(path), "%s/does-not-exist.conf", tmpdir);
	config_defaults(&c);
	config_defaults(&d);
	ck_assert_int_eq(config_load(&c, path, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "%s: %s", path, strerror(ENOENT));
	ck_assert_str_eq(err, want);
	ck_assert(memcmp(&c, &d, sizeof(c)) == 0);
}
END_TEST

/*
 * Precedence as main() applies it: defaults, then the file, then the
 * command line through config_set().  The command line beats the file and
 * the file beats the defaults; keys set by neither keep their default.
 */
START_TEST(test_precedence)
{
	struct config c;
	char          err[CONFIG_ERR_LEN] = "";

	config_defaults(&c);
	write_conf("listen = 10.0.0.1:1000\nlog_level = warning\n"
	           "database = /from/file.db\n");
	ck_assert_int_eq(config_load(&c, conf_path, err, sizeof(err)), 0);
	ck_assert_int_eq(
	    config_set(&c, "listen", "[::1]:2000", err, sizeof(err)), 0);
	ck_assert_int_eq(
	    config_set(&c, "database", "/from/cli.db", err, sizeof(err)), 0);
	ck_assert_str_eq(c.listen, "[::1]:2000"); /* command line */
	ck_assert_str_eq(c.database, "/from/cli.db"); /* command line */
	ck_assert_int_eq(c.log_level, LOG_LEVEL_WARNING); /* file */
	ck_assert_uint_eq(c.max_body, 65536); /* default */
	ck_assert_uint_eq(c.connection_timeout, 30); /* default */
}
END_TEST

/* ------------------------------------------------------------------ */
/* config_default_database */

static const struct {
	const char *state, *xdg, *home; /* NULL: unset */
	const char *want; /* NULL: error */
} dbpaths[] = {
	{ "/var/lib/needled", "/x", "/home/u", "/var/lib/needled/needled.db" },
	{ "/var/lib/a:/var/lib/b", NULL, NULL, "/var/lib/a/needled.db" },
	/* Only absolute entries count; empty ones are skipped. */
	{ "a:b", NULL, "/home/u", "/home/u/.local/share/needled/needled.db" },
	{ ":/var/lib/needled", NULL, NULL, "/var/lib/needled/needled.db" },
	{ "", "/xdg", "/home/u", "/xdg/needled/needled.db" },
	{ NULL, "/xdg", "/home/u", "/xdg/needled/needled.db" },
	{ NULL, "relative", "/home/u",
	    "/home/u/.local/share/needled/needled.db" },
	{ NULL, "", "/home/u", "/home/u/.local/share/needled/needled.db" },
	{ NULL, NULL, "/home/u", "/home/u/.local/share/needled/needled.db" },
	{ NULL, NULL, "relative", NULL },
	{ NULL, NULL, "", NULL },
	{ NULL, NULL, NULL, NULL },
};

static void
setenv_or_unset(const char *name, const char *value)
{
	if (value == NULL)
		ck_assert_int_eq(unsetenv(name), 0);
	else
		ck_assert_int_eq(setenv(name, value, 1), 0);
}

START_TEST(test_default_database)
{
	char buf[PATH_MAX] = "", err[CONFIG_ERR_LEN] = "";
	int  rc;

	setenv_or_unset("STATE_DIRECTORY", dbpaths[_i].state);
	setenv_or_unset("XDG_DATA_HOME", dbpaths[_i].xdg);
	setenv_or_unset("HOME", dbpaths[_i].home);
	rc = config_default_database(buf, sizeof(buf), err, sizeof(err));
	if (dbpaths[_i].want == NULL) {
		ck_assert_int_eq(rc, -1);
		ck_assert_str_eq(err,
		    "no database path: set -d, "
		    "STATE_DIRECTORY, XDG_DATA_HOME or HOME");
	} else {
		ck_assert_msg(rc == 0, "%s", err);
		ck_assert_str_eq(buf, dbpaths[_i].want);
	}
}
END_TEST

/* A path that does not fit the buffer is an error, not a cut path. */
START_TEST(test_default_database_too_long)
{
	char buf[32], err[CONFIG_ERR_LEN] = "";

	setenv_or_unset("STATE_DIRECTORY", NULL);
	setenv_or_unset("XDG_DATA_HOME", NULL);
	setenv_or_unset("HOME", "/home/someone-with-a-long-name");
	ck_assert_int_eq(
	    config_default_database(buf, sizeof(buf), err, sizeof(err)), -1);
	ck_assert_str_eq(err, "database path too long");

	/* Exactly fitting: 31 characters and the NUL; one more does not. */
	setenv_or_unset("STATE_DIRECTORY", "/var/lib/needled-xxx");
	ck_assert_int_eq(
	    config_default_database(buf, sizeof(buf), err, sizeof(err)), 0);
	ck_assert_str_eq(buf, "/var/lib/needled-xxx/needled.db");
	setenv_or_unset("STATE_DIRECTORY", "/var/lib/needled-xxxx");
	ck_assert_int_eq(
	    config_default_database(buf, sizeof(buf), err, sizeof(err)), -1);
	ck_assert_str_eq(err, "database path too long");
}
END_TEST

static Suite *
config_suite(void)
{
	Suite *s;
	TCase *tc;

	s = suite_create("config");

	tc = tcase_create("defaults");
	tcase_add_test(tc, test_defaults);
	suite_add_tcase(s, tc);

	tc = tcase_create("listen");
	tcase_add_loop_test(tc, test_split_listen, 0, NELEM(listens));
	tcase_add_test(tc, test_split_listen_host_too_long);
	suite_add_tcase(s, tc);

	tc = tcase_create("set");
	tcase_add_loop_test(tc, test_set, 0, NELEM(sets));
	tcase_add_test(tc, test_set_database_too_long);
	suite_add_tcase(s, tc);

	tc = tcase_create("load");
	tcase_add_checked_fixture(tc, setup_tmp, teardown_tmp);
	tcase_add_test(tc, test_load_all_keys);
	tcase_add_test(tc, test_load_empty_keeps_defaults);
	tcase_add_test(tc, test_load_later_line_wins);
	tcase_add_loop_test(tc, test_load_errors, 0, NELEM(load_errs));
	tcase_add_test(tc, test_load_line_too_long);
	tcase_add_test(tc, test_load_missing_file);
	tcase_add_test(tc, test_precedence);
	suite_add_tcase(s, tc);

	tc = tcase_create("database path");
	tcase_add_loop_test(tc, test_default_database, 0, NELEM(dbpaths));
	tcase_add_test(tc, test_default_database_too_long);
	suite_add_tcase(s, tc);

	return s;
}

int
main(void)
{
	return check_run(config_suite());
}
