/*
 * fuzz_config.c: libFuzzer target for needled.conf parsing.
 *
 * The input is written to a memory file and read with config_load()
 * (the entry point main() uses).  The same bytes, split at the first '=',
 * are also given to config_set() as key and value, and to
 * config_split_listen().  Checks: every error message is NUL-terminated,
 * not empty and, for the file, one line (needled prints it as its one
 * line on stderr); the strings of struct config stay NUL-terminated.
 */
#include "buildconf.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sys/mman.h>

#include "config.h"
#include "log.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);
int LLVMFuzzerInitialize(int *, char ***);

static char path[64];
static int  fd = -1;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	/* In memory: a file on disk made each run cost milliseconds. */
	if ((fd = memfd_create("needled-fuzz-config", 0)) == -1)
		abort();
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	log_init(LOG_LEVEL_ERROR);
	return 0;
}

static void
check_config(const struct config *c)
{
	if (memchr(c->listen, '\0', sizeof(c->listen)) == NULL ||
	    memchr(c->database, '\0', sizeof(c->database)) == NULL ||
	    memchr(c->token, '\0', sizeof(c->token)) == NULL)
		abort();
}

static void
check_err(const char *err, size_t len, int one_line)
{
	if (memchr(err, '\0', len) == NULL || err[0] == '\0')
		abort();
	if (one_line && strchr(err, '\n') != NULL)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config c;
	char          err[CONFIG_ERR_LEN], host[256], *s, *eq;
	unsigned int  port;

	if (size > 8192)
		return 0;
	if (ftruncate(fd, 0) == -1 ||
	    pwrite(fd, data, size, 0) != (ssize_t)size)
		abort();
	config_defaults(&c);
	err[0] = '\0';
	if (config_load(&c, path, err, sizeof(err)) == -1)
		check_err(err, sizeof(err), 1);
	check_config(&c);

	if ((s = malloc(size + 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	if ((eq = strchr(s, '=')) != NULL) {
		*eq = '\0';
		config_defaults(&c);
		err[0] = '\0';
		if (config_set(&c, s, eq + 1, err, sizeof(err)) == -1)
			check_err(err, sizeof(err), 0);
		check_config(&c);
		*eq = '=';
	}
	if (config_split_listen(s, host, sizeof(host), &port) == 0) {
		if (memchr(host, '\0', sizeof(host)) == NULL || port > 65535)
			abort();
	}
	free(s);
	return 0;
}
