#include "model/allocator_setup.h"

#include <climits>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace sa {

void configureAllocator() {
#if defined(__GLIBC__)
    mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
    mallopt(M_TRIM_THRESHOLD, INT_MAX);
    mallopt(M_TOP_PAD, 512 * 1024 * 1024);
#endif
}

} // namespace sa
