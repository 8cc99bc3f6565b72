/*
 * migrations.h: the schema migrations of sql/, embedded at build time by
 * build-aux/embed-sql.sh.  migrations[i].version is the NNN of
 * sql/NNN-name.sql; they are sorted and the versions are 1, 2, 3, ...
 */
#ifndef NEEDLED_MIGRATIONS_H
#define NEEDLED_MIGRATIONS_H

#include <stddef.h>

struct migration {
	int         version;
	const char *name;
	const char *sql;
};

extern const struct migration migrations[];
extern const size_t           nmigrations;

#endif /* NEEDLED_MIGRATIONS_H */
