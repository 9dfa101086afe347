// PyTorch's zip pytorch_model.bin: the zip directory, then data.pkl through
// the restricted unpickler and the storage/view checks.
#include "fuzz_support.h"
#include "io/torch_pickle.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string path = sa_fuzz::writeFile("pytorch_model.bin", std::string(reinterpret_cast<const char*>(data), size));
    sa_fuzz::refusalIsFine([&] { (void)sa::readTorchZipStateDict(path); });
    return 0;
}
