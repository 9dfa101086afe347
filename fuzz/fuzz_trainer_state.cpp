// The "trainer_state" metadata of a run's checkpoint.safetensors, read as a
// resume reads it (TrainingState::fromJson: progress, best/last evaluations,
// the run's identity). The safetensors container itself is
// fuzz_safetensors's.
#include "fuzz_support.h"
#include "train/training_state.h"

#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    sa_fuzz::refusalIsFine([&] {
        const auto state =
            sa::TrainingState::fromJson(std::string(reinterpret_cast<const char*>(data), size), "checkpoint");
        (void)sa::TrainingState::fromJson(state.toJson().dump(), "checkpoint"); // what it writes, it reads
    });
    return 0;
}
