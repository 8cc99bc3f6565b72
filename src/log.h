/*
 * log.h: one line per event on stderr.  When stderr is the systemd journal
 * (JOURNAL_STREAM names it), each line starts with a <N> syslog priority
 * and no program name; otherwise lines read "needled: message".
 */
#ifndef NEEDLED_LOG_H
#define NEEDLED_LOG_H

#include <stdarg.h>

enum log_level {
	LOG_LEVEL_ERROR,
	LOG_LEVEL_WARNING,
	LOG_LEVEL_INFO,
	LOG_LEVEL_DEBUG
};

/* Set up logging; detects the journal.  Safe to call again. */
void log_init(enum log_level);
void log_set_level(enum log_level);
/* "error", "warning", "info", "debug" -> level; -1 if unknown. */
int log_level_parse(const char *);

/* log_warn appends ": strerror(errno)"; the x variants do not. */
void log_warn(const char *, ...) __attribute__((format(printf, 1, 2)));
void log_warnx(const char *, ...) __attribute__((format(printf, 1, 2)));
void log_info(const char *, ...) __attribute__((format(printf, 1, 2)));
void log_debug(const char *, ...) __attribute__((format(printf, 1, 2)));
/* Log at error priority and exit(1). */
void fatal(const char *, ...) __attribute__((format(printf, 1, 2), noreturn));
void fatalx(const char *, ...) __attribute__((format(printf, 1, 2), noreturn));

#endif /* NEEDLED_LOG_H */
