// LibTorch's default generator is one per process. Code that seeds it and
// then draws from it (model and adapter initialisation, a training step's
// dropout, a pruning round) holds this lock from the seed to the last draw,
// so two threads — the Studio's model loader and a training run — cannot
// interleave their draws and make a seeded result depend on timing.
#pragma once

#include <mutex>

namespace sa {

std::unique_lock<std::mutex> lockGlobalRng();

} // namespace sa
