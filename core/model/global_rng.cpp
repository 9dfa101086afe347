#include "model/global_rng.h"

namespace sa {

std::unique_lock<std::mutex> lockGlobalRng() {
    static std::mutex mutex;
    return std::unique_lock<std::mutex>(mutex);
}

} // namespace sa
