/*
 * openapi.h: the OpenAPI 3.1 document of the REST API, src/openapi.json,
 * embedded in the binary at build time by build-aux/embed-file.sh.
 */
#ifndef NEEDLED_OPENAPI_H
#define NEEDLED_OPENAPI_H

#include <stddef.h>

/*
 * The bytes of src/openapi.json, followed by a NUL that openapi_json_len
 * does not count.
 */
extern const unsigned char openapi_json[];
extern const size_t        openapi_json_len;

#endif /* NEEDLED_OPENAPI_H */
