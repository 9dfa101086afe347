// Argument parsing and progress output shared by the CLI subcommands.
#pragma once

#include "cli_commands.h"
#include "error.h"
#include "model/forward_bench.h"

#include <cstdio>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sa::cli {

// --name VALUE options and --flag switches; anything else is an error naming the argument.
class Options {
public:
    Options(const Args& args, std::initializer_list<const char*> known, std::size_t positionals,
            std::initializer_list<const char*> flags = {}) {
        for (std::size_t i = 0; i < args.size(); ++i) {
            const auto& a = args[i];
            if (a.rfind("--", 0) != 0) {
                positional_.push_back(a);
                continue;
            }
            bool isFlag = false;
            for (const char* f : flags)
                isFlag = isFlag || a == f;
            if (isFlag) {
                flags_.push_back(a);
                continue;
            }
            bool ok = false;
            for (const char* k : known)
                ok = ok || a == k;
            if (!ok) throw Error("unknown option '" + a + "'");
            if (i + 1 >= args.size()) throw Error("option '" + a + "' needs a value");
            values_[a] = args[++i];
        }
        if (positional_.size() > positionals) throw Error("unexpected argument '" + positional_[positionals] + "'");
    }
    std::string text(const std::string& key, const std::string& fallback) const {
        const auto it = values_.find(key);
        return it == values_.end() ? fallback : it->second;
    }
    int integer(const std::string& key, int fallback) const {
        return parsed<int>(key, "an integer",
                           [](const std::string& t, std::size_t* used) { return std::stoi(t, used); })
            .value_or(fallback);
    }
    std::optional<double> number(const std::string& key) const {
        return parsed<double>(key, "a number",
                              [](const std::string& t, std::size_t* used) { return std::stod(t, used); });
    }
    const std::vector<std::string>& positional() const { return positional_; }
    bool flag(const std::string& key) const {
        for (const auto& f : flags_)
            if (f == key) return true;
        return false;
    }

private:
    // The whole value must parse, else an error naming the option.
    template <typename T, typename Parse>
    std::optional<T> parsed(const std::string& key, const char* what, Parse parse) const {
        const auto it = values_.find(key);
        if (it == values_.end()) return std::nullopt;
        try {
            std::size_t used = 0;
            const T v = parse(it->second, &used);
            if (used == it->second.size()) return v;
        } catch (const std::exception&) {}
        throw Error("option '" + key + "' expects " + what + ", got '" + it->second + "'");
    }

    std::map<std::string, std::string> values_;
    std::vector<std::string> positional_;
    std::vector<std::string> flags_;
};

// The shared options of the timing benchmarks: --geometry --batch --seq
// --repeats --warmup --threads --blas-threads.
inline void readBenchSetup(const Options& o, BenchSetup& b) {
    b.geometry = o.text("--geometry", b.geometry);
    b.batch = o.integer("--batch", b.batch);
    b.seq = o.integer("--seq", b.seq);
    b.repeats = o.integer("--repeats", b.repeats);
    b.warmup = o.integer("--warmup", b.warmup);
    b.torchThreads = o.integer("--threads", b.torchThreads);
    b.blasThreads = o.integer("--blas-threads", b.blasThreads);
}

// A one-line progress bar on stderr (stdout stays machine-readable).
inline void progressBar(int done, int total) {
    const int width = 30;
    const int filled = total > 0 ? done * width / total : width;
    std::fprintf(stderr, "\r[%s%s] %d/%d", std::string(filled, '#').c_str(), std::string(width - filled, '.').c_str(),
                 done, total);
    if (done == total) std::fprintf(stderr, "\n");
    std::fflush(stderr);
}

} // namespace sa::cli
