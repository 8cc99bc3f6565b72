/* api_products.c: placeholder, being written. */
#include "buildconf.h"
#include "api.h"
void api_products_list(struct api_req *req, struct api_resp *resp) { (void)req; api_problem(resp, 501, NULL, "not implemented yet"); }
void api_products_create(struct api_req *req, struct api_resp *resp) { (void)req; api_problem(resp, 501, NULL, "not implemented yet"); }
void api_product_get(struct api_req *req, struct api_resp *resp) { (void)req; api_problem(resp, 501, NULL, "not implemented yet"); }
void api_product_patch(struct api_req *req, struct api_resp *resp) { (void)req; api_problem(resp, 501, NULL, "not implemented yet"); }
void api_product_delete(struct api_req *req, struct api_resp *resp) { (void)req; api_problem(resp, 501, NULL, "not implemented yet"); }
void api_categories_list(struct api_req *req, struct api_resp *resp) { (void)req; api_problem(resp, 501, NULL, "not implemented yet"); }
void api_category_get(struct api_req *req, struct api_resp *resp) { (void)req; api_problem(resp, 501, NULL, "not implemented yet"); }
void api_category_patch(struct api_req *req, struct api_resp *resp) { (void)req; api_problem(resp, 501, NULL, "not implemented yet"); }
