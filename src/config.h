/*
 * config.h: needled.conf and the command line -> struct config.
 *
 * The file is "key = value" lines; '#' starts a comment; blank lines are
 * ignored.  The command line beats the file, the file beats the defaults.
 */
#ifndef NEEDLED_CONFIG_H
#define NEEDLED_CONFIG_H

#include <limits.h>
#include <stddef.h>

#define CONFIG_ERR_LEN 512

struct config {
	char         listen[256]; /* "ADDR:PORT" */
	char         database[PATH_MAX]; /* "" until resolved */
	int          log_level; /* enum log_level */
	size_t       max_body; /* bytes */
	unsigned int connection_limit;
	unsigned int connection_timeout; /* seconds, within a request */
	unsigned int header_timeout; /* seconds, with no request */
	char         token[256]; /* "" : open access */
	long long    events_keep; /* newest events kept */
};

/* Fill *c with the built-in defaults (database left empty). */
void config_defaults(struct config *c);

/*
 * Read the file at path into *c, key by key.  Returns 0, or -1 with a
 * one-line message ("needled.conf:3: unknown key 'lisen'") in err.
 */
int config_load(struct config *c, const char *path, char *err, size_t errlen);

/*
 * Set one key from text, as the file would.  Returns 0, or -1 with a
 * message in err.
 */
int config_set(struct config *c, const char *key, const char *value, char *err,
    size_t errlen);

/*
 * Split "ADDR:PORT" ("127.0.0.1:8420", "[::1]:8420", "localhost:0") into
 * host (without brackets) and port.  Returns 0, or -1 if malformed.
 */
int config_split_listen(
    const char *s, char *host, size_t hostlen, unsigned int *port);

/*
 * The default database path: $STATE_DIRECTORY/needled.db (the first
 * directory of the list) under systemd, else
 * $XDG_DATA_HOME/needled/needled.db, else
 * $HOME/.local/share/needled/needled.db.  Returns 0, or -1 with a message
 * in err when no such place can be named.
 */
int config_default_database(char *buf, size_t len, char *err, size_t errlen);

#endif /* NEEDLED_CONFIG_H */
