#include "model/blas_choice.h"

#include "model/threads.h"

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

#if defined(__unix__)
#include <unistd.h>
#endif

namespace sa {
namespace {

namespace fs = std::filesystem;

// Set before the restart: what was chosen, so the restarted process (and
// its children, which inherit it) neither restart again nor forget why.
constexpr const char* kChoiceVariable = "SPARSEADAPTER_BLAS_CHOICE";

bool cpuHas(const char* feature) {
#if (defined(__GNUC__) || defined(__clang__)) && (defined(__x86_64__) || defined(__i386__))
    __builtin_cpu_init();
    // __builtin_cpu_supports wants a literal; the few we ask for are spelled out.
    if (!std::strcmp(feature, "avx512")) {
        return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
               __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl") &&
               __builtin_cpu_supports("avx512cd");
    }
    if (!std::strcmp(feature, "avx2")) return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
    (void)feature;
#endif
    return false;
}

std::string environment(const char* name) {
    const char* value = std::getenv(name);
    return value ? value : "";
}

bool onSearchPath(const std::string& searchPath, const std::string& dir) {
    std::size_t start = 0;
    while (start <= searchPath.size()) {
        const auto end = std::min(searchPath.find(':', start), searchPath.size());
        std::error_code error;
        const auto entry = searchPath.substr(start, end - start);
        if (!entry.empty() && fs::equivalent(entry, dir, error)) return true;
        start = end + 1;
    }
    return false;
}

std::vector<std::string> ownArguments() {
    std::ifstream in("/proc/self/cmdline", std::ios::binary);
    const std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::vector<std::string> args;
    for (std::size_t start = 0; start < all.size();) {
        const auto end = all.find('\0', start);
        args.push_back(all.substr(start, end == std::string::npos ? std::string::npos : end - start));
        if (end == std::string::npos) break;
        start = end + 1;
    }
    return args;
}

} // namespace

BlasFacts blasFacts() {
    BlasFacts f;
    f.core = blasCoreName();
    f.threading = loadedBlasThreading();
    f.library = blasLibraryFile();
    f.avx512 = cpuHas("avx512");
    f.avx2 = cpuHas("avx2");
    f.userKernel = std::getenv("OPENBLAS_CORETYPE") != nullptr;
    f.libraryPath = environment("LD_LIBRARY_PATH");
    f.alreadyRestarted = std::getenv(kChoiceVariable) != nullptr;
    return f;
}

BlasChoice chooseBlas(const BlasFacts& f, const std::function<bool(const std::string&)>& exists) {
    BlasChoice c;
    if (f.core.empty() || f.alreadyRestarted) return c; // not OpenBLAS, or decided before
    if (!f.userKernel && f.core == "Prescott") c.kernel = f.avx512 ? "SkylakeX" : f.avx2 ? "Haswell" : "";
    // Debian's layout: …/openblas-pthread/libblas.so.3 beside …/openblas-openmp/.
    const fs::path library(f.library);
    const auto folder = library.parent_path();
    if (f.threading == BlasThreading::Pthreads && folder.filename() == "openblas-pthread" &&
        !onSearchPath(f.libraryPath, folder.string())) {
        const auto openmp = folder.parent_path() / "openblas-openmp";
        if (exists((openmp / "libblas.so.3").string())) c.libraryDir = openmp.string();
    }
    return c;
}

void restartWithFasterBlas(char** argv) {
#if defined(__linux__)
    const auto facts = blasFacts();
    const auto choice = chooseBlas(facts, [](const std::string& path) {
        std::error_code error;
        return fs::exists(path, error);
    });
    if (!choice.needsRestart()) return;
    std::string why;
    if (!choice.kernel.empty()) {
        setenv("OPENBLAS_CORETYPE", choice.kernel.c_str(), 1);
        why = "kernel=" + choice.kernel;
    }
    if (!choice.libraryDir.empty()) {
        const auto path = choice.libraryDir + (facts.libraryPath.empty() ? "" : ":" + facts.libraryPath);
        setenv("LD_LIBRARY_PATH", path.c_str(), 1);
        why += std::string(why.empty() ? "" : " ") + "build=openmp";
    }
    setenv(kChoiceVariable, why.c_str(), 1);
    std::vector<std::string> own;
    std::vector<char*> args;
    if (!argv) {
        own = ownArguments();
        for (auto& a : own)
            args.push_back(a.data());
        args.push_back(nullptr);
        argv = args.data();
    }
    execv("/proc/self/exe", argv);
    // The restart failed: carry on with what is loaded, and say nothing was chosen.
    if (!choice.kernel.empty()) unsetenv("OPENBLAS_CORETYPE");
    if (!choice.libraryDir.empty()) setenv("LD_LIBRARY_PATH", facts.libraryPath.c_str(), 1);
    unsetenv(kChoiceVariable);
#else
    (void)argv;
#endif
}

std::string blasChoiceText() {
    const auto facts = blasFacts();
    const auto threads = currentThreads();
    if (facts.core.empty()) return "not OpenBLAS: " + threads.blas;
    const std::string chosen = environment(kChoiceVariable);
    std::string text = "kernel " + facts.core;
    if (chosen.find("kernel=") != std::string::npos)
        text += std::string(" (chosen: ") + (facts.core == "SkylakeX" ? "AVX-512" : "AVX2") +
                " CPU unknown to this OpenBLAS)";
    else if (facts.userKernel)
        text += " (OPENBLAS_CORETYPE, yours)";
    else
        text += " (OpenBLAS's own detection)";
    const auto threading = threads.threading;
    if (threading == BlasThreading::OpenMP)
        text += chosen.find("build=openmp") != std::string::npos
                    ? ", OpenMP build (chosen: one thread pool with LibTorch)"
                    : ", OpenMP build (one thread pool with LibTorch)";
    else
        text += std::string(", ") + blasThreadingName(threading) + " build" +
                (threading == BlasThreading::Pthreads ? " (libopenblas0-openmp would share LibTorch's pool)" : "");
    return text;
}

} // namespace sa
