/* store_sessions.c: being written. */
#include "buildconf.h"
#include "store.h"
