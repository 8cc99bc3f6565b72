/* store_devices.c: being written. */
#include "buildconf.h"
#include "store.h"
