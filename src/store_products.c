/* store_products.c: being written. */
#include "buildconf.h"
#include "store.h"
