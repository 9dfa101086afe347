#include "model/threads.h"

#include "error.h"
#include "model/helper_threads.h"

#include <torch/torch.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
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

// A whole positive count, else 0.
int positiveCount(const char* text) {
    char* end = nullptr;
    const long n = std::strtol(text, &end, 10);
    return end != text && *end == '\0' && n >= 1 && n <= 4096 ? static_cast<int>(n) : 0;
}

int defaultThreads() {
    if (const char* omp = std::getenv("OMP_NUM_THREADS"); omp && *omp)
        if (const int n = positiveCount(omp)) return n;
    const unsigned n = std::thread::hardware_concurrency();
    return n == 0 ? 1 : static_cast<int>(n);
}

} // namespace

std::string blasLibraryFile() {
#if defined(SA_HAVE_DLSYM) && defined(__GLIBC__)
    Dl_info info{};
    if (void* gemm = dlsym(RTLD_DEFAULT, "sgemm_"); gemm && dladdr(gemm, &info) && info.dli_fname) {
        std::error_code error;
        const auto real = std::filesystem::canonical(info.dli_fname, error);
        return error ? std::string(info.dli_fname) : real.string();
    }
#endif
    return {};
}

std::string blasCoreName() {
    const auto getCore = blasSymbol<char* (*)()>("openblas_get_corename");
    return getCore ? getCore() : "";
}

BlasThreading loadedBlasThreading() {
    const auto getParallel = blasSymbol<int (*)()>("openblas_get_parallel");
    if (!getParallel) return BlasThreading::Unknown;
    switch (getParallel()) {
    case 0:
        return BlasThreading::Sequential;
    case 1:
        return BlasThreading::Pthreads;
    case 2:
        return BlasThreading::OpenMP;
    default:
        return BlasThreading::Unknown;
    }
}

const char* blasThreadingName(BlasThreading threading) {
    switch (threading) {
    case BlasThreading::Sequential:
        return "sequential";
    case BlasThreading::Pthreads:
        return "pthreads";
    case BlasThreading::OpenMP:
        return "openmp";
    case BlasThreading::Unknown:
        break;
    }
    return "unknown";
}

ThreadSetup currentThreads() {
    ThreadSetup s;
    s.torchThreads = torch::get_num_threads();
    s.threading = loadedBlasThreading();
    const auto getThreads = blasSymbol<int (*)()>("openblas_get_num_threads");
    // The OpenMP build reads libgomp's count at its next call.
    s.blasThreads = s.threading == BlasThreading::OpenMP ? s.torchThreads : getThreads ? getThreads() : -1;
    const auto getConfig = blasSymbol<char* (*)()>("openblas_get_config");
    if (getConfig) {
        s.blas = getConfig();
        if (const auto core = blasCoreName(); !core.empty()) s.blas += " core=" + core;
        s.blas += std::string(" threads=") + blasThreadingName(s.threading);
        return s;
    }
    const auto path = blasLibraryFile();
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
    if (loadedBlasThreading() == BlasThreading::OpenMP) {
        // One pool: the BLAS takes omp_get_max_threads(), which torch sets.
        torchThreads = blasThreads = torchThreads > 0 ? torchThreads : blasThreads > 0 ? blasThreads : defaultThreads();
    }
    if (blasThreads <= 0) blasThreads = defaultThreads();
    if (torchThreads <= 0) torchThreads = 1;
    torch::set_num_threads(torchThreads);
    if (const auto setThreads = blasSymbol<void (*)(int)>("openblas_set_num_threads")) setThreads(blasThreads);
    setMatrixThreads(blasThreads); // the few-rows products of decoding follow the BLAS
    return currentThreads();
}

int requestedThreads() {
    const char* text = std::getenv("SPARSEADAPTER_THREADS");
    if (!text || !*text) return 0;
    if (const int n = positiveCount(text)) return n;
    throw Error(std::string("SPARSEADAPTER_THREADS must be a positive integer, got '") + text + "'");
}

ThreadSetup configureThreads(int threads) {
    return configureThreads(0, threads);
}

ThreadSetup configureThreadsForRanks(int ranks) {
    const int requested = requestedThreads();
    return configureThreads(std::max(1, (requested > 0 ? requested : defaultThreads()) / std::max(1, ranks)));
}

} // namespace sa
