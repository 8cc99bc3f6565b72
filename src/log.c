/*
 * log.c: logging to stderr, with <N> priority prefixes under journald.
 */
#include "buildconf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "log.h"

/* syslog(3) priorities, as sd-daemon(3) prefixes expect them. */
#define PRI_ERR 3
#define PRI_WARNING 4
#define PRI_INFO 6
#define PRI_DEBUG 7

static enum log_level log_level = LOG_LEVEL_INFO;
static int            log_journal;

static const char *const level_names[] = {
	[LOG_LEVEL_ERROR] = "error",
	[LOG_LEVEL_WARNING] = "warning",
	[LOG_LEVEL_INFO] = "info",
	[LOG_LEVEL_DEBUG] = "debug",
};

/* Whether stderr is the stream JOURNAL_STREAM ("dev:ino") names. */
static int
stderr_is_journal(void)
{
	const char        *js;
	unsigned long long dev, ino;
	struct stat        st;

	if ((js = getenv("JOURNAL_STREAM")) == NULL)
		return 0;
	if (sscanf(js, "%llu:%llu", &dev, &ino) != 2)
		return 0;
	if (fstat(fileno(stderr), &st) == -1)
		return 0;
	return (unsigned long long)st.st_dev == dev &&
	    (unsigned long long)st.st_ino == ino;
}

void
log_init(enum log_level level)
{
	log_level = level;
	log_journal = stderr_is_journal();
}

void
log_set_level(enum log_level level)
{
	log_level = level;
}

int
log_level_parse(const char *s)
{
	size_t i;

	for (i = 0; i < sizeof(level_names) / sizeof(level_names[0]); i++)
		if (strcmp(s, level_names[i]) == 0)
			return (int)i;
	return -1;
}

static void
vlog(enum log_level level, int pri, const char *errstr, const char *fmt,
    va_list ap)
{
	char buf[1024];

	if (level > log_level)
		return;
	vsnprintf(buf, sizeof(buf), fmt, ap);
	if (log_journal)
		fprintf(stderr, "<%d>%s%s%s\n", pri, buf, errstr ? ": " : "",
		    errstr ? errstr : "");
	else
		fprintf(stderr, "needled: %s%s%s\n", buf, errstr ? ": " : "",
		    errstr ? errstr : "");
	fflush(stderr);
}

void
log_warn(const char *fmt, ...)
{
	va_list ap;
	char    err[128];

	snprintf(err, sizeof(err), "%s", strerror(errno));
	va_start(ap, fmt);
	vlog(LOG_LEVEL_WARNING, PRI_WARNING, err, fmt, ap);
	va_end(ap);
}

void
log_warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_LEVEL_WARNING, PRI_WARNING, NULL, fmt, ap);
	va_end(ap);
}

void
log_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_LEVEL_INFO, PRI_INFO, NULL, fmt, ap);
	va_end(ap);
}

void
log_debug(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_LEVEL_DEBUG, PRI_DEBUG, NULL, fmt, ap);
	va_end(ap);
}

void
fatal(const char *fmt, ...)
{
	va_list ap;
	char    err[128];

	snprintf(err, sizeof(err), "%s", strerror(errno));
	va_start(ap, fmt);
	vlog(LOG_LEVEL_ERROR, PRI_ERR, err, fmt, ap);
	va_end(ap);
	exit(1);
}

void
fatalx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_LEVEL_ERROR, PRI_ERR, NULL, fmt, ap);
	va_end(ap);
	exit(1);
}
