/* api_devices.c: placeholder, being written. */
#include "buildconf.h"
#include "api.h"
void api_devices_list(struct api_req *req, struct api_resp *resp) { (void)req; api_problem(resp, 501, NULL, "not implemented yet"); }
void api_devices_create(struct api_req *req, struct api_resp *resp) { (void)req; api_problem(resp, 501, NULL, "not implemented yet"); }
void api_device_get(struct api_req *req, struct api_resp *resp) { (void)req; api_problem(resp, 501, NULL, "not implemented yet"); }
void api_device_patch(struct api_req *req, struct api_resp *resp) { (void)req; api_problem(resp, 501, NULL, "not implemented yet"); }
void api_device_delete(struct api_req *req, struct api_resp *resp) { (void)req; api_problem(resp, 501, NULL, "not implemented yet"); }
