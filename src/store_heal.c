/* store_heal.c: being written. */
#include "buildconf.h"
#include "store.h"
