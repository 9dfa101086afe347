// The "trainer_state" metadata of a run's checkpoint.safetensors. Its scalar
// fields are read inside Trainer::resumeFrom, which needs a built model, so
// only the part reachable without one is fuzzed here: the best/last
// evaluations through evalEventFromJson. The safetensors container itself is
// fuzz_safetensors's.
#include "fuzz_support.h"
#include "train/eval_json.h"

#include <nlohmann/json.hpp>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    sa_fuzz::refusalIsFine([&] {
        const auto state = nlohmann::json::parse(data, data + size);
        for (const char* key : {"best", "last"})
            if (state.contains(key)) (void)sa::evalEventToJson(sa::evalEventFromJson(state.at(key)));
    });
    return 0;
}
