/*
 * fuzz_timefmt.c: libFuzzer target for timefmt_parse() (RFC 3339).
 *
 * Beyond what ASan and UBSan catch, it checks the contract of timefmt.h:
 * a failed parse leaves *out untouched; an accepted time lies in years
 * 1970..9999 (with an offset of up to 23:59 either side); formatting it
 * and parsing the result gives the same second (what the API writes, it
 * must read back: an export, a PATCH of a GET); the human formats never
 * overflow their buffers and always end in NUL.
 */
#include "buildconf.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "timefmt.h"

#define SENTINEL ((int64_t)0x5a5a5a5a5a5a5a5aLL)
/* 0000-12-31T00:00 to 10000-01-02T00:00, wide enough for any offset. */
#define LOWEST ((int64_t)-86400)
#define HIGHEST ((int64_t)253402387200LL)

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
fail(const char *why, const char *in, int64_t t, const char *out)
{
	fprintf(stderr, "fuzz_timefmt: %s: input \"%s\" -> %lld -> \"%s\"\n",
	    why, in, (long long)t, out);
	abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char   *s, buf[TIMEFMT_RFC3339_LEN], small[64];
	int64_t t = SENTINEL, back = SENTINEL;

	if (size > 256)
		return 0;
	if ((s = malloc(size + 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';

	if (timefmt_parse(s, &t) == -1) {
		if (t != SENTINEL)
			fail("*out written on failure", s, t, "");
		free(s);
		return 0;
	}
	if (t < LOWEST || t > HIGHEST)
		fail("outside the documented years", s, t, "");
	timefmt_format(t, buf, sizeof(buf));
	if (strlen(buf) != 20 || buf[19] != 'Z')
		fail("formatted as no RFC 3339 UTC time", s, t, buf);
	if (timefmt_parse(buf, &back) == -1 || back != t)
		fail("accepted, but its UTC form is refused", s, t, buf);
	timefmt_day(t, t, small, sizeof(small));
	timefmt_day_time(t, 0, small, sizeof(small));
	timefmt_duration(t, small, sizeof(small));
	timefmt_duration(-t, small, sizeof(small));
	free(s);
	return 0;
}
