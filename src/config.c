/*
 * config.c: the configuration file and defaults.  No network, no database.
 */
#include "buildconf.h"

#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"

#define DEFAULT_LISTEN "127.0.0.1:8420"
#define DEFAULT_MAX_BODY 65536
#define DEFAULT_CONNECTION_LIMIT 4096
#define DEFAULT_CONNECTION_TIMEOUT 30
#define DEFAULT_HEADER_TIMEOUT 5
#define DEFAULT_EVENTS_KEEP 10000

void
config_defaults(struct config *c)
{
	memset(c, 0, sizeof(*c));
	snprintf(c->listen, sizeof(c->listen), "%s", DEFAULT_LISTEN);
	c->log_level = LOG_LEVEL_INFO;
	c->max_body = DEFAULT_MAX_BODY;
	c->connection_limit = DEFAULT_CONNECTION_LIMIT;
	c->connection_timeout = DEFAULT_CONNECTION_TIMEOUT;
	c->header_timeout = DEFAULT_HEADER_TIMEOUT;
	c->events_keep = DEFAULT_EVENTS_KEEP;
}

static int
parse_uint(const char *s, unsigned long long min, unsigned long long max,
    unsigned long long *out)
{
	char              *end;
	unsigned long long v;

	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

int
config_split_listen(
    const char *s, char *host, size_t hostlen, unsigned int *port)
{
	const char        *colon, *h;
	size_t             hl;
	unsigned long long p;

	if (s[0] == '[') {
		const char *rb = strchr(s, ']');

		if (rb == NULL || rb[1] != ':')
			return -1;
		h = s + 1;
		hl = (size_t)(rb - h);
		colon = rb + 1;
	} else {
		if ((colon = strrchr(s, ':')) == NULL)
			return -1;
		h = s;
		hl = (size_t)(colon - s);
		if (memchr(h, ':', hl) != NULL) /* bare IPv6: needs [] */
			return -1;
	}
	if (hl == 0 || hl >= hostlen)
		return -1;
	if (parse_uint(colon + 1, 0, 65535, &p) == -1)
		return -1;
	memcpy(host, h, hl);
	host[hl] = '\0';
	*port = (unsigned int)p;
	return 0;
}

int
config_set(struct config *c, const char *key, const char *value, char *err,
    size_t errlen)
{
	unsigned long long v;
	char               host[256];
	unsigned int       port;
	int                level;

	if (strcmp(key, "listen") == 0) {
		if (config_split_listen(value, host, sizeof(host), &port) ==
		        -1 ||
		    strlen(value) >= sizeof(c->listen)) {
			snprintf(err, errlen, "listen: '%s' is not ADDR:PORT",
			    value);
			return -1;
		}
		snprintf(c->listen, sizeof(c->listen), "%s", value);
	} else if (strcmp(key, "database") == 0) {
		if (*value == '\0' || strlen(value) >= sizeof(c->database)) {
			snprintf(err, errlen, "database: bad path");
			return -1;
		}
		snprintf(c->database, sizeof(c->database), "%s", value);
	} else if (strcmp(key, "log_level") == 0) {
		if ((level = log_level_parse(value)) == -1) {
			snprintf(err, errlen,
			    "log_level: '%s' is not one of "
			    "error, warning, info, debug",
			    value);
			return -1;
		}
		c->log_level = level;
	} else if (strcmp(key, "max_body_bytes") == 0) {
		if (parse_uint(value, 1024, 16 * 1024 * 1024, &v) == -1) {
			snprintf(err, errlen,
			    "max_body_bytes: '%s' is not a "
			    "number from 1024 to 16777216",
			    value);
			return -1;
		}
		c->max_body = (size_t)v;
	} else if (strcmp(key, "connection_limit") == 0) {
		if (parse_uint(value, 1, 65536, &v) == -1) {
			snprintf(err, errlen,
			    "connection_limit: '%s' is not a "
			    "number from 1 to 65536",
			    value);
			return -1;
		}
		c->connection_limit = (unsigned int)v;
	} else if (strcmp(key, "connection_timeout") == 0) {
		if (parse_uint(value, 1, 3600, &v) == -1) {
			snprintf(err, errlen,
			    "connection_timeout: '%s' is not "
			    "a number of seconds from 1 to 3600",
			    value);
			return -1;
		}
		c->connection_timeout = (unsigned int)v;
	} else if (strcmp(key, "header_timeout") == 0) {
		if (parse_uint(value, 1, 3600, &v) == -1) {
			snprintf(err, errlen,
			    "header_timeout: '%s' is not "
			    "a number of seconds from 1 to 3600",
			    value);
			return -1;
		}
		c->header_timeout = (unsigned int)v;
	} else if (strcmp(key, "token") == 0) {
		if (strlen(value) < 16 || strlen(value) >= sizeof(c->token) ||
		    strspn(value,
		        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnop"
		        "qrstuvwxyz0123456789-._~+/=") != strlen(value)) {
			snprintf(err, errlen,
			    "token: must be 16 to 255 "
			    "characters of A-Z a-z 0-9 -._~+/=");
			return -1;
		}
		snprintf(c->token, sizeof(c->token), "%s", value);
	} else if (strcmp(key, "events_keep") == 0) {
		if (parse_uint(value, 1, 100000000, &v) == -1) {
			snprintf(err, errlen,
			    "events_keep: '%s' is not a "
			    "number from 1 to 100000000",
			    value);
			return -1;
		}
		c->events_keep = (long long)v;
	} else {
		snprintf(err, errlen, "unknown key '%s'", key);
		return -1;
	}
	return 0;
}

/* Trim white space at both ends, in place. */
static char *
trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

int
config_load(struct config *c, const char *path, char *err, size_t errlen)
{
	FILE *f;
	char  line[1024], msg[CONFIG_ERR_LEN], *p, *eq, *key, *value;
	int   lineno = 0, rc = 0;

	if ((f = fopen(path, "r")) == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		lineno++;
		if (strchr(line, '\n') == NULL && !feof(f)) {
			snprintf(
			    err, errlen, "%s:%d: line too long", path, lineno);
			rc = -1;
			break;
		}
		if ((p = strchr(line, '#')) != NULL)
			*p = '\0';
		p = trim(line);
		if (*p == '\0')
			continue;
		if ((eq = strchr(p, '=')) == NULL) {
			snprintf(err, errlen, "%s:%d: expected 'key = value'",
			    path, lineno);
			rc = -1;
			break;
		}
		*eq = '\0';
		key = trim(p);
		value = trim(eq + 1);
		if (config_set(c, key, value, msg, sizeof(msg)) == -1) {
			snprintf(err, errlen, "%s:%d: %s", path, lineno, msg);
			rc = -1;
			break;
		}
	}
	if (rc == 0 && ferror(f)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		rc = -1;
	}
	fclose(f);
	return rc;
}

int
config_default_database(char *buf, size_t len, char *err, size_t errlen)
{
	const char *s;
	int         n;

	if ((s = getenv("STATE_DIRECTORY")) != NULL)
		s += strspn(s, ":"); /* skip empty entries */
	if (s != NULL && *s == '/') {
		/* systemd may pass several, colon-separated: use the first. */
		size_t l = strcspn(s, ":");

		n = snprintf(buf, len, "%.*s/needled.db", (int)l, s);
	} else if ((s = getenv("XDG_DATA_HOME")) != NULL && *s == '/')
		n = snprintf(buf, len, "%s/needled/needled.db", s);
	else if ((s = getenv("HOME")) != NULL && *s == '/')
		n = snprintf(buf, len, "%s/.local/share/needled/needled.db", s);
	else {
		snprintf(err, errlen,
		    "no database path: set -d, "
		    "STATE_DIRECTORY, XDG_DATA_HOME or HOME");
		return -1;
	}
	if (n < 0 || (size_t)n >= len) {
		snprintf(err, errlen, "database path too long");
		return -1;
	}
	return 0;
}
