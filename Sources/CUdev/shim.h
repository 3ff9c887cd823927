// libudev for ScannerInput's device discovery (Debian: libudev-dev).
#include <libudev.h>
