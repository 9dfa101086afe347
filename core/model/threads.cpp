#include "model/threads.h"

#include "error.h"
#include "model/helper_threads.h"

#include <torch/torch.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>

#if defined(__unix__) || defined(__APPLE__)
#include <dlfcn.h>
#include <unistd.h>
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

namespace {

// The file the process's sgemm_ comes from (Debian's alternatives put every
// BLAS behind libblas.so.3; its folder tells which: …/blas/ is the
// reference, …/openblas-pthread/, …/blis-openmp/, …/atlas/ the others).
std::string blasLibraryPath() {
#if defined(SA_HAVE_DLSYM) && defined(__GLIBC__)
    Dl_info info{};
    if (void* gemm = dlsym(RTLD_DEFAULT, "sgemm_"); gemm && dladdr(gemm, &info) && info.dli_fname)
        return info.dli_fname;
#endif
    return {};
}

} // namespace

ThreadSetup currentThreads() {
    ThreadSetup s;
    s.torchThreads = torch::get_num_threads();
    const auto getThreads = blasSymbol<int (*)()>("openblas_get_num_threads");
    s.blasThreads = getThreads ? getThreads() : -1;
    const auto getConfig = blasSymbol<char* (*)()>("openblas_get_config");
    const auto getCore = blasSymbol<char* (*)()>("openblas_get_corename");
    if (getConfig) {
        s.blas = getConfig();
        if (getCore) s.blas += std::string(" core=") + getCore();
        return s;
    }
    const auto path = blasLibraryPath();
    s.referenceBlas = path.find("/blas/") != std::string::npos;
    s.blas = path.empty() ? "unknown" : (s.referenceBlas ? "reference BLAS (" : "BLAS (") + path + ")";
    return s;
}

std::string slowBlasNotice() {
    if (!currentThreads().referenceBlas) return {};
    return "matrix products run on the reference BLAS (libblas3), about 30x slower than OpenBLAS: install "
           "libopenblas0-pthread (sudo apt install libopenblas0-pthread)";
}

ThreadSetup configureThreads(int torchThreads, int blasThreads) {
    if (torchThreads <= 0) torchThreads = defaultThreads();
    if (blasThreads <= 0) blasThreads = defaultThreads();
    torch::set_num_threads(torchThreads);
    if (const auto setThreads = blasSymbol<void (*)(int)>("openblas_set_num_threads")) setThreads(blasThreads);
    setMatrixThreads(blasThreads); // the few-rows products of decoding follow the BLAS
    return currentThreads();
}

int requestedThreads() {
    const char* text = std::getenv("SPARSEADAPTER_THREADS");
    if (!text || !*text) return 0;
    char* end = nullptr;
    const long n = std::strtol(text, &end, 10);
    if (*end != '\0' || n < 1 || n > 4096)
        throw Error(std::string("SPARSEADAPTER_THREADS must be a positive integer, got '") + text + "'");
    return static_cast<int>(n);
}

ThreadSetup configureThreads(int threads) {
    return configureThreads(1, threads);
}

ThreadSetup configureThreadsForRanks(int ranks) {
    const int requested = requestedThreads();
    return configureThreads(std::max(1, (requested > 0 ? requested : defaultThreads()) / std::max(1, ranks)));
}

void restartWithFasterBlasKernel(char** argv) {
#if defined(SA_HAVE_DLSYM) && defined(__linux__) && (defined(__GNUC__) || defined(__clang__)) &&                       \
    (defined(__x86_64__) || defined(__i386__))
    if (std::getenv("OPENBLAS_CORETYPE") != nullptr) return; // the user's choice, or already restarted
    const auto getCore = blasSymbol<char* (*)()>("openblas_get_corename");
    if (!getCore || std::strcmp(getCore(), "Prescott") != 0) return;
    __builtin_cpu_init();
    const char* kernel = nullptr;
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq") &&
        __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512cd"))
        kernel = "SkylakeX";
    else if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
        kernel = "Haswell";
    if (!kernel) return;
    setenv("OPENBLAS_CORETYPE", kernel, 1);
    execv("/proc/self/exe", argv);
    unsetenv("OPENBLAS_CORETYPE"); // exec failed: carry on with what we have
#else
    (void)argv;
#endif
}

} // namespace sa
