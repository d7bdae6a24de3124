// Memory-allocator tuning for the influxsync executables (glibc only; a no-op elsewhere).
#ifndef INFLUXSYNC_MALLOC_TUNING_H
#define INFLUXSYNC_MALLOC_TUNING_H

#if __has_include(<malloc.h>)
#include <malloc.h>
#endif

/// Caps the number of glibc malloc arenas at `count`. By default glibc gives threads up to
/// eight arenas per core; each keeps the pages of its own high-water mark, so work spread over
/// threads (the YAML parser's thread, the planner's slices) adds up in resident memory. Call
/// before starting threads. Returns 1 when the setting was applied.
static inline int influxsync_limit_malloc_arenas(int count) {
#if defined(M_ARENA_MAX)
    return mallopt(M_ARENA_MAX, count);
#else
    (void)count;
    return 0;
#endif
}

#endif
