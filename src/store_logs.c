/* store_logs.c: being written. */
#include "buildconf.h"
#include "store.h"
