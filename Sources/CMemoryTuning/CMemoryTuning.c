// mallopt is not in Swift's Glibc module (malloc.h is not part of it), hence this file.
#include <malloc.h>
#include "CMemoryTuning.h"

// glibc gives each thread that contends for the heap an arena of its own (up to eight per core) and keeps what is
// freed in them; after a burst of scans the daemon's resident set stayed 30-50 MiB above what it used. Fewer
// arenas and a fixed trim threshold hand freed memory back to the kernel. Must run before threads start.
int cmt_limit_retained_memory(int arenas, int trim_threshold_bytes) {
    int arenas_set = mallopt(M_ARENA_MAX, arenas);
    int trim_set = mallopt(M_TRIM_THRESHOLD, trim_threshold_bytes);
    return arenas_set == 1 && trim_set == 1;
}
