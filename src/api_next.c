/* api_next.c: placeholder, being written. */
#include "buildconf.h"
#include "api.h"
void api_next_session(struct api_req *req, struct api_resp *resp) { (void)req; api_problem(resp, 501, NULL, "not implemented yet"); }
json_t *api_readiness_json(struct store *s, int64_t id, const char *slug, int64_t now) { (void)s; (void)id; (void)slug; (void)now; return json_object(); }
