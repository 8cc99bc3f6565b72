/* api_logs.c: placeholder, being written. */
#include "buildconf.h"
#include "api.h"
void api_applications_list(struct api_req *req, struct api_resp *resp) { (void)req; api_problem(resp, 501, NULL, "not implemented yet"); }
void api_applications_create(struct api_req *req, struct api_resp *resp) { (void)req; api_problem(resp, 501, NULL, "not implemented yet"); }
void api_application_get(struct api_req *req, struct api_resp *resp) { (void)req; api_problem(resp, 501, NULL, "not implemented yet"); }
void api_application_delete(struct api_req *req, struct api_resp *resp) { (void)req; api_problem(resp, 501, NULL, "not implemented yet"); }
void api_checkins_list(struct api_req *req, struct api_resp *resp) { (void)req; api_problem(resp, 501, NULL, "not implemented yet"); }
void api_checkins_create(struct api_req *req, struct api_resp *resp) { (void)req; api_problem(resp, 501, NULL, "not implemented yet"); }
void api_checkin_get(struct api_req *req, struct api_resp *resp) { (void)req; api_problem(resp, 501, NULL, "not implemented yet"); }
void api_checkin_delete(struct api_req *req, struct api_resp *resp) { (void)req; api_problem(resp, 501, NULL, "not implemented yet"); }
