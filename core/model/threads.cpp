#include "model/threads.h"

#include <torch/torch.h>

#include <thread>

#if defined(__unix__) || defined(__APPLE__)
#include <dlfcn.h>
#define SA_HAVE_DLSYM 1
#endif

namespace sa {
namespace {

// OpenBLAS is reached through the generic libblas.so.3 alternative, so its
// controls are looked up at run time instead of linked.
template <typename F> F blasSymbol(const char* name) {
#ifdef SA_HAVE_DLSYM
    return reinterpret_cast<F>(dlsym(RTLD_DEFAULT, name));
#else
    (void)name;
    return nullptr;
#endif
}

int defaultThreads() {
    const unsigned n = std::thread::hardware_concurrency();
    return n == 0 ? 1 : static_cast<int>(n);
}

} // namespace

ThreadSetup currentThreads() {
    ThreadSetup s;
    s.torchThreads = torch::get_num_threads();
    const auto getThreads = blasSymbol<int (*)()>("openblas_get_num_threads");
    s.blasThreads = getThreads ? getThreads() : -1;
    const auto getConfig = blasSymbol<char* (*)()>("openblas_get_config");
    const auto getCore = blasSymbol<char* (*)()>("openblas_get_corename");
    s.blas = getConfig ? std::string(getConfig()) : "unknown";
    if (getCore) s.blas += std::string(" core=") + getCore();
    return s;
}

ThreadSetup configureThreads(int torchThreads, int blasThreads) {
    if (torchThreads <= 0) torchThreads = defaultThreads();
    if (blasThreads <= 0) blasThreads = defaultThreads();
    torch::set_num_threads(torchThreads);
    if (const auto setThreads = blasSymbol<void (*)(int)>("openblas_set_num_threads")) setThreads(blasThreads);
    return currentThreads();
}

ThreadSetup configureThreads(int threads) {
    return configureThreads(threads, threads);
}

} // namespace sa
