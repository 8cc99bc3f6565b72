/* api_sessions.c: placeholder, being written. */
#include "buildconf.h"
#include "api.h"
void api_sessions_list(struct api_req *req, struct api_resp *resp) { (void)req; api_problem(resp, 501, NULL, "not implemented yet"); }
void api_sessions_create(struct api_req *req, struct api_resp *resp) { (void)req; api_problem(resp, 501, NULL, "not implemented yet"); }
void api_session_get(struct api_req *req, struct api_resp *resp) { (void)req; api_problem(resp, 501, NULL, "not implemented yet"); }
void api_session_patch(struct api_req *req, struct api_resp *resp) { (void)req; api_problem(resp, 501, NULL, "not implemented yet"); }
void api_session_delete(struct api_req *req, struct api_resp *resp) { (void)req; api_problem(resp, 501, NULL, "not implemented yet"); }
