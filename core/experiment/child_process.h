// Starting other programs from core, without Qt: the local executor's cell
// processes (each cell in its own process, so one crash cannot take the
// others down) and Slurm's sbatch / squeue / scancel. POSIX only; on other
// systems every function throws sa::Error saying so.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace sa {

// `text` as one word of a POSIX shell command line: in single quotes, each
// quote inside as '\''.
std::string shellQuoted(const std::string& text);

// The absolute path of `program` found on PATH (or `program` itself when it
// holds a '/' and is executable); empty when there is none.
std::string findOnPath(const std::string& program);

// This process's executable (cells and array tasks run the same binary).
std::string currentExecutable();

class ChildProcess {
public:
    // Starts argv[0] (looked up on PATH) with `environment` added to this
    // process's, stdout and stderr appended to `logPath`, in a process group
    // of its own (a terminal's Ctrl-C reaches the executor, which decides).
    static ChildProcess start(const std::vector<std::string>& argv,
                              const std::vector<std::pair<std::string, std::string>>& environment,
                              const std::string& logPath);
    int pid() const { return pid_; }
    // The exit status once it has ended (128 + N after signal N), without waiting.
    std::optional<int> poll();
    void signal(int signal) const; // to its process group

private:
    int pid_ = -1;
    std::optional<int> status_;
};

struct CommandResult {
    int exitCode = 0; // 128 + N after signal N; 124 after the timeout
    std::string out, err;
};

// Runs a short command to its end and captures both streams; kills it after
// `timeoutSeconds`. Throws sa::Error when it cannot be started ("… not found
// on PATH").
CommandResult runCommand(const std::vector<std::string>& argv, double timeoutSeconds = 60.0);

} // namespace sa
