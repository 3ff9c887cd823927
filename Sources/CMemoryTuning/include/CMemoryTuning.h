#ifndef CMEMORYTUNING_H
#define CMEMORYTUNING_H

/// Tells glibc's malloc to keep the resident set near what is in use; see CMemoryTuning.c. Returns 1 when both
/// settings were taken, 0 otherwise (the daemon then runs with glibc's defaults and logs it).
int cmt_limit_retained_memory(int arenas, int trim_threshold_bytes);

#endif
