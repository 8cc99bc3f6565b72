/*
 * httputil.c: header values and request targets in, verdicts out.  Pure:
 * no MHD, no jansson, no I/O, no state.
 */
#include "buildconf.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "httputil.h"

int
httputil_content_length(const char *s, uint64_t *out)
{
	uint64_t     v = 0;
	unsigned int d;

	if (*s == '\0')
		return -1;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		d = (unsigned int)(*s - '0');
		if (v > (UINT64_MAX - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}

size_t
httputil_query_count(const char *target)
{
	const char *q, *p;
	size_t      n;

	/*
	 * Every '&'-separated field counts, empty ones too, but not an empty
	 * one at the very end: that is what the HTTP library stores, one
	 * record each, and what the limit is there to bound.
	 */
	if ((q = strchr(target, '?')) == NULL || *++q == '\0')
		return 0;
	n = 1;
	for (p = q; *p != '\0'; p++)
		if (*p == '&' && p[1] != '\0')
			n++;
	return n;
}

int
httputil_target_check(const char *target)
{
	if (strlen(target) > HTTPUTIL_MAX_TARGET)
		return 414;
	if (httputil_query_count(target) > HTTPUTIL_MAX_PARAMS)
		return 400;
	return 0;
}

void
httputil_head_add(struct httputil_head *hd, const char *name, const char *value)
{
	uint64_t n;

	if (strcasecmp(name, "Content-Length") == 0) {
		if (httputil_content_length(value, &n) == -1)
			hd->bad_length = 1;
		else if (hd->n_length == 0 || hd->bad_length)
			hd->length = n;
		else if (n != hd->length)
			hd->differ = 1;
		hd->n_length++;
	} else if (strcasecmp(name, "Transfer-Encoding") == 0) {
		/* Only "chunked" alone says where a request body ends. */
		if (strcasecmp(value, "chunked") != 0)
			hd->bad_te = 1;
		hd->n_te++;
	} else if (strcasecmp(name, "Host") == 0)
		hd->n_host++;
}

int
httputil_head_check(const struct httputil_head *hd, int http11,
    const char **field, const char **why)
{
	*field = NULL;
	*why = NULL;
	if (hd->n_te > 0 && hd->n_length > 0) {
		*field = "Transfer-Encoding";
		*why = "must not come with Content-Length";
	} else if (hd->n_te > 1 || hd->bad_te) {
		*field = "Transfer-Encoding";
		*why = "must be \"chunked\", once";
	} else if (hd->bad_length) {
		*field = "Content-Length";
		*why = "must be a number of bytes (digits only)";
	} else if (hd->differ) {
		*field = "Content-Length";
		*why = "is given more than once, with different values";
	} else if (hd->n_host > 1) {
		*field = "Host";
		*why = "is given more than once";
	} else if (http11 && hd->n_host == 0) {
		*field = "Host";
		*why = "is required in an HTTP/1.1 request";
	} else
		return 0;
	return 400;
}

int
httputil_etag_matches(const char *inm, const char *etag)
{
	const char *p = inm, *tag;
	size_t      n, tl;

	if (strncmp(etag, "W/", 2) == 0)
		etag += 2;
	tl = strlen(etag);
	while (*p != '\0') {
		p += strspn(p, " \t,");
		if (*p == '\0')
			break;
		n = strcspn(p, ",");
		tag = p;
		while (n > 0 && (tag[n - 1] == ' ' || tag[n - 1] == '\t'))
			n--;
		if (n == 1 && *tag == '*')
			return 1;
		if (n > 2 && strncmp(tag, "W/", 2) == 0) {
			tag += 2;
			n -= 2;
		}
		if (n == tl && memcmp(tag, etag, n) == 0)
			return 1;
		p += strcspn(p, ",");
	}
	return 0;
}

int
httputil_prefers_strict(const char *prefer)
{
	char   buf[256], *tok, *save = NULL, *eq, *k, *v;
	size_t n;

	if (prefer == NULL)
		return 0;
	snprintf(buf, sizeof(buf), "%s", prefer);
	for (tok = strtok_r(buf, ",;", &save); tok != NULL;
	     tok = strtok_r(NULL, ",;", &save)) {
		if ((eq = strchr(tok, '=')) == NULL)
			continue;
		*eq = '\0';
		k = tok + strspn(tok, " \t");
		for (n = strlen(k);
		     n > 0 && (k[n - 1] == ' ' || k[n - 1] == '\t'); n--)
			k[n - 1] = '\0';
		v = eq + 1 + strspn(eq + 1, " \t\"");
		for (n = strlen(v); n > 0 &&
		     (v[n - 1] == ' ' || v[n - 1] == '\t' || v[n - 1] == '"');
		     n--)
			v[n - 1] = '\0';
		if (strcasecmp(k, "handling") == 0 &&
		    strcasecmp(v, "strict") == 0)
			return 1;
	}
	return 0;
}

int
httputil_is_json_type(const char *ct)
{
	size_t n;

	if (ct == NULL)
		return 0;
	n = strcspn(ct, ";");
	while (n > 0 && (ct[n - 1] == ' ' || ct[n - 1] == '\t'))
		n--;
	if (n == 16 && strncasecmp(ct, "application/json", 16) == 0)
		return 1;
	return n > 17 && strncasecmp(ct, "application/", 12) == 0 &&
	    strncasecmp(ct + n - 5, "+json", 5) == 0;
}
