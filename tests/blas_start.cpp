// Every test executable starts as the CLI and the Studio do: with the BLAS
// kernel and build that sa::restartWithFasterBlas chooses, so the tests
// exercise the arithmetic the programs run. A static initialiser, because
// QTEST_MAIN owns main(); argv is read back from /proc/self/cmdline.
#include "model/blas_choice.h"

namespace {
const bool started = (sa::restartWithFasterBlas(nullptr), true);
} // namespace
