// safetensors (checkpoints, masks, adapters, run checkpoints): the header
// checks, then every tensor built over the mapped bytes.
#include "fuzz_support.h"
#include "io/safetensors.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string path = sa_fuzz::writeFile("input.safetensors", std::string(reinterpret_cast<const char*>(data), size));
    sa_fuzz::refusalIsFine([&] {
        const auto file = sa::SafetensorsFile::open(path);
        for (const auto& [name, tensor] : file.tensors())
            (void)tensor.sum().item<double>(); // touches every byte the view claims
    });
    return 0;
}
