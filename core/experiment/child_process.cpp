#include "experiment/child_process.h"

#include "error.h"

#ifndef _WIN32
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#endif

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <sstream>

namespace sa {

std::string shellQuoted(const std::string& text) {
    std::string out = "'";
    for (char c : text)
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

#ifndef _WIN32
namespace {

int statusCode(int status) {
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return 1;
}

// Only async-signal-safe calls between fork and exec: everything is
// prepared before the fork.
struct ExecArgs {
    std::vector<std::string> storage;
    std::vector<char*> argv, envp;
    ExecArgs(const std::vector<std::string>& args, const std::vector<std::pair<std::string, std::string>>& env) {
        std::vector<std::string> environment;
        for (char** e = environ; *e; ++e) {
            const std::string entry(*e);
            bool replaced = false;
            for (const auto& [k, v] : env)
                replaced = replaced || entry.rfind(k + "=", 0) == 0;
            if (!replaced) environment.push_back(entry);
        }
        for (const auto& [k, v] : env)
            environment.push_back(k + "=" + v);
        storage = args;
        storage.insert(storage.end(), environment.begin(), environment.end());
        for (std::size_t i = 0; i < storage.size(); ++i)
            (i < args.size() ? argv : envp).push_back(storage[i].data());
        argv.push_back(nullptr);
        envp.push_back(nullptr);
    }
};

std::string programPath(const std::vector<std::string>& argv) {
    if (argv.empty()) throw Error("no program to start");
    const std::string path = findOnPath(argv[0]);
    if (path.empty()) throw Error(argv[0] + ": not found on PATH");
    return path;
}

} // namespace

std::string findOnPath(const std::string& program) {
    if (program.find('/') != std::string::npos) return access(program.c_str(), X_OK) == 0 ? program : std::string();
    const char* path = std::getenv("PATH");
    std::istringstream dirs(path ? path : "/usr/bin:/bin");
    for (std::string dir; std::getline(dirs, dir, ':');) {
        const std::string candidate = (dir.empty() ? "." : dir) + "/" + program;
        struct stat st {};
        if (stat(candidate.c_str(), &st) == 0 && S_ISREG(st.st_mode) && access(candidate.c_str(), X_OK) == 0)
            return candidate;
    }
    return {};
}

std::string currentExecutable() {
    char path[4096] = {};
    const ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
    if (n <= 0) throw Error(std::string("cannot find this program's path: ") + std::strerror(errno));
    return std::string(path, static_cast<std::size_t>(n));
}

ChildProcess ChildProcess::start(const std::vector<std::string>& argv,
                                 const std::vector<std::pair<std::string, std::string>>& environment,
                                 const std::string& logPath) {
    const std::string program = programPath(argv);
    ExecArgs exec(argv, environment);
    const int log = ::open(logPath.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (log < 0) throw fileError(logPath, std::string("cannot open the log: ") + std::strerror(errno));
    const pid_t pid = fork();
    if (pid < 0) {
        ::close(log);
        throw Error(std::string("cannot start ") + argv[0] + ": " + std::strerror(errno));
    }
    if (pid == 0) {
        setpgid(0, 0);
        dup2(log, STDOUT_FILENO);
        dup2(log, STDERR_FILENO);
        const int null = ::open("/dev/null", O_RDONLY);
        if (null >= 0) dup2(null, STDIN_FILENO);
        execve(program.c_str(), exec.argv.data(), exec.envp.data());
        _exit(127);
    }
    ::close(log);
    setpgid(pid, pid); // also here: no race with a signal sent right away
    ChildProcess child;
    child.pid_ = pid;
    return child;
}

std::optional<int> ChildProcess::poll() {
    if (status_ || pid_ < 0) return status_;
    int status = 0;
    const pid_t done = waitpid(pid_, &status, WNOHANG);
    if (done == pid_) status_ = statusCode(status);
    return status_;
}

void ChildProcess::signal(int sig) const {
    if (pid_ > 0 && !status_) ::kill(-pid_, sig);
}

CommandResult runCommand(const std::vector<std::string>& argv, double timeoutSeconds) {
    const std::string program = programPath(argv);
    ExecArgs exec(argv, {});
    int out[2], err[2];
    if (pipe2(out, O_CLOEXEC) != 0) throw Error(std::string("pipe: ") + std::strerror(errno));
    if (pipe2(err, O_CLOEXEC) != 0) {
        ::close(out[0]);
        ::close(out[1]);
        throw Error(std::string("pipe: ") + std::strerror(errno));
    }
    const pid_t pid = fork();
    if (pid == 0) {
        dup2(out[1], STDOUT_FILENO);
        dup2(err[1], STDERR_FILENO);
        const int null = ::open("/dev/null", O_RDONLY);
        if (null >= 0) dup2(null, STDIN_FILENO);
        execve(program.c_str(), exec.argv.data(), exec.envp.data());
        _exit(127);
    }
    ::close(out[1]);
    ::close(err[1]);
    CommandResult result;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeoutSeconds);
    bool timedOut = false;
    pollfd fds[2] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}};
    int open = 2;
    while (open > 0 && pid > 0) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            timedOut = true;
            ::kill(pid, SIGKILL);
            break;
        }
        if (::poll(fds, 2, static_cast<int>(std::min<long long>(left.count(), 1000))) < 0 && errno != EINTR) break;
        for (int i = 0; i < 2; ++i) {
            if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
            char buffer[4096];
            const ssize_t n = ::read(fds[i].fd, buffer, sizeof buffer);
            if (n > 0) {
                (i == 0 ? result.out : result.err).append(buffer, static_cast<std::size_t>(n));
            } else if (n == 0 || errno != EINTR) {
                ::close(fds[i].fd);
                fds[i].fd = -1;
                --open;
            }
        }
    }
    for (auto& f : fds)
        if (f.fd >= 0) ::close(f.fd);
    int status = 0;
    if (pid > 0) waitpid(pid, &status, 0);
    result.exitCode = pid < 0 ? 127 : timedOut ? 124 : statusCode(status);
    return result;
}

#else

std::string findOnPath(const std::string&) {
    return {};
}
std::string currentExecutable() {
    throw Error("finding this program's path is implemented for POSIX systems only");
}
ChildProcess ChildProcess::start(const std::vector<std::string>&,
                                 const std::vector<std::pair<std::string, std::string>>&, const std::string&) {
    throw Error("starting cell processes is implemented for POSIX systems only");
}
std::optional<int> ChildProcess::poll() {
    return status_;
}
void ChildProcess::signal(int) const {}
CommandResult runCommand(const std::vector<std::string>&, double) {
    throw Error("running commands is implemented for POSIX systems only");
}

#endif

} // namespace sa
