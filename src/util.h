/*
 * util.h: the few macros and inline helpers every module may use.
 */
#ifndef NEEDLED_UTIL_H
#define NEEDLED_UTIL_H

#include <stddef.h>
#include <stdint.h>

/* The number of elements of an array (not a pointer). */
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/*
 * FNV-1a, 64 bits, over n bytes: ETags need to change with what they
 * cover, not resist foes.
 */
static inline uint64_t
fnv1a64(const void *p, size_t n)
{
	const unsigned char *b = p;
	uint64_t             h = 0xcbf29ce484222325ull;

	while (n-- > 0) {
		h ^= *b++;
		h *= 0x100000001b3ull;
	}
	return h;
}

#endif /* NEEDLED_UTIL_H */
