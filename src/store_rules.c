/* store_rules.c: being written. */
#include "buildconf.h"
#include "store.h"
