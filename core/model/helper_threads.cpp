#include "model/helper_threads.h"

#include <atomic>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace sa {
namespace {

std::atomic<int> configuredThreads{0};

// Helpers wait for a job; each takes the next part until none is left.
class Helpers {
public:
    ~Helpers() {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            stop_ = true;
        }
        wake_.notify_all();
        for (auto& t : threads_)
            t.join();
    }

    void run(int parts, const std::function<void(int)>& part) {
        std::lock_guard<std::mutex> turn(callMutex_);
        {
            std::lock_guard<std::mutex> lock(mutex_);
            while (static_cast<int>(threads_.size()) < parts - 1)
                threads_.emplace_back([this] { loop(); });
            job_ = &part;
            parts_ = parts;
            next_ = 1;
            unfinished_ = parts - 1;
            error_ = nullptr;
            ++generation_;
        }
        wake_.notify_all();
        std::exception_ptr own;
        try {
            part(0);
        } catch (...) {
            own = std::current_exception();
        }
        std::unique_lock<std::mutex> lock(mutex_);
        done_.wait(lock, [this] { return unfinished_ == 0; });
        job_ = nullptr;
        if (own) std::rethrow_exception(own);
        if (error_) std::rethrow_exception(error_);
    }

private:
    void loop() {
        unsigned long seen = 0;
        std::unique_lock<std::mutex> lock(mutex_);
        for (;;) {
            wake_.wait(lock, [&] { return stop_ || generation_ != seen; });
            if (stop_) return;
            seen = generation_;
            while (job_ && next_ < parts_) {
                const int index = next_++;
                const auto* job = job_;
                lock.unlock();
                std::exception_ptr failure;
                try {
                    (*job)(index);
                } catch (...) {
                    failure = std::current_exception();
                }
                lock.lock();
                if (failure && !error_) error_ = failure;
                if (--unfinished_ == 0) done_.notify_one();
            }
        }
    }

    std::mutex callMutex_, mutex_;
    std::condition_variable wake_, done_;
    std::vector<std::thread> threads_;
    const std::function<void(int)>* job_ = nullptr;
    int parts_ = 0, next_ = 0, unfinished_ = 0;
    unsigned long generation_ = 0;
    bool stop_ = false;
    std::exception_ptr error_;
};

} // namespace

int matrixThreads() {
    const int configured = configuredThreads.load();
    if (configured > 0) return configured;
    const unsigned cores = std::thread::hardware_concurrency();
    return cores == 0 ? 1 : static_cast<int>(cores);
}

void setMatrixThreads(int threads) {
    configuredThreads.store(threads);
}

void runParts(int parts, const std::function<void(int)>& part) {
    if (parts <= 1) {
        if (parts == 1) part(0);
        return;
    }
    static Helpers helpers;
    helpers.run(parts, part);
}

} // namespace sa
