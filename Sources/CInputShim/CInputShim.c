// Everything lives in include/CInputShim.h as static inline functions; SwiftPM needs one source file.
#include "CInputShim.h"
