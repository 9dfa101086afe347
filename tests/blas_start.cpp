// Every test executable starts as the CLI and the Studio do: with the BLAS
// kernel and build that sa::restartWithFasterBlas chooses and the allocator
// settings of sa::configureAllocator, so the tests exercise what the
// programs run. A static initialiser, because
// QTEST_MAIN owns main(); argv is read back from /proc/self/cmdline.
#include "model/allocator_setup.h"
#include "model/blas_choice.h"

namespace {
const bool started = (sa::restartWithFasterBlas(nullptr), sa::configureAllocator(), true);
} // namespace
