/*
 * api_openapi.c: GET /openapi.json, the OpenAPI 3.1 document of this API.
 *
 * The document is src/openapi.json, embedded at build time: it is served
 * as its bytes, with an ETag computed once, so that a client (or a
 * generator) can poll it for nothing.  tests/check_openapi.c holds it to
 * the route table and the body schemas.
 */
#include "buildconf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "openapi.h"
#include "util.h"

void
api_openapi(struct api_req *req, struct api_resp *resp)
{
	static char etag[24];

	(void)req;
	if (etag[0] == '\0')
		snprintf(etag, sizeof(etag), "\"%016llx\"",
		    (unsigned long long)fnv1a64(
		        openapi_json, openapi_json_len));
	/* http.c frees resp->text after sending it: it gets a copy. */
	if ((resp->text = malloc(openapi_json_len + 1)) == NULL) {
		api_internal(resp);
		return;
	}
	memcpy(resp->text, openapi_json, openapi_json_len + 1);
	resp->text_len = openapi_json_len;
	resp->status = 200;
	snprintf(resp->etag, sizeof(resp->etag), "%s", etag);
}
