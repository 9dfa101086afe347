#include "train/rank_launcher.h"

#include "error.h"

#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <netinet/in.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace sa {

namespace {

volatile std::sig_atomic_t g_signals[2] = {0, 0}; // SIGINT, SIGTERM received

extern "C" void countSignal(int signal) {
    ++g_signals[signal == SIGINT ? 0 : 1];
}

using Clock = std::chrono::steady_clock;

struct Rank {
    pid_t pid = -1;
    int errFd = -1;
    std::string pending, lastLine; // stderr not yet relayed up to a newline; its last line
    bool running = false;
    // When it reported an error (main's "sparseadapter CMD: ..." line) or
    // ended badly: the earliest is the cause, the others its echo (a peer's
    // "connection closed").
    Clock::time_point failedAt = Clock::time_point::max();
    int status = 0;
    bool failed = false;
};

// The child's argv and environment, built before fork: between fork and
// exec only async-signal-safe calls are allowed.
std::vector<std::string> rankEnvironment(const RankLaunch& launch, int rank, int port) {
    const std::vector<std::string> ours = {"RANK=" + std::to_string(rank),
                                           "WORLD_SIZE=" + std::to_string(launch.ranks),
                                           "LOCAL_RANK=" + std::to_string(rank),
                                           "LOCAL_WORLD_SIZE=" + std::to_string(launch.ranks),
                                           "MASTER_ADDR=127.0.0.1",
                                           "MASTER_PORT=" + std::to_string(port)};
    std::vector<std::string> env;
    auto replaced = [&](const std::string& entry) {
        const auto name = entry.substr(0, entry.find('=') + 1);
        for (const auto& list : {ours, launch.environment})
            for (const auto& o : list)
                if (o.compare(0, name.size(), name) == 0) return true;
        return false;
    };
    for (char** e = environ; *e; ++e)
        if (!replaced(*e)) env.emplace_back(*e);
    env.insert(env.end(), ours.begin(), ours.end());
    env.insert(env.end(), launch.environment.begin(), launch.environment.end());
    return env;
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
    std::vector<char*> p;
    for (auto& s : strings)
        p.push_back(s.data());
    p.push_back(nullptr);
    return p;
}

void start(Rank& r, const RankLaunch& launch, int rank, int port) {
    std::vector<std::string> argv{"sparseadapter"};
    argv.insert(argv.end(), launch.arguments.begin(), launch.arguments.end());
    auto env = rankEnvironment(launch, rank, port);
    auto argp = pointers(argv), envp = pointers(env);
    int fds[2];
    if (pipe(fds) != 0) throw Error(std::string("--nproc: cannot create a pipe: ") + std::strerror(errno));
    const pid_t parent = getpid();
    const pid_t pid = fork();
    if (pid < 0)
        throw Error(std::string("--nproc: cannot start rank ") + std::to_string(rank) + ": " + std::strerror(errno));
    if (pid == 0) {
        // Its own process group: a terminal's Ctrl-C reaches the launcher
        // alone, which passes it on once (a second one would kill a rank).
        setpgid(0, 0);
        prctl(PR_SET_PDEATHSIG, SIGTERM); // the launcher killed: the ranks end too
        if (getppid() != parent) _exit(1);
        dup2(fds[1], STDERR_FILENO);
        close(fds[0]);
        close(fds[1]);
        execve("/proc/self/exe", argp.data(), envp.data());
        _exit(127);
    }
    close(fds[1]);
    r.pid = pid;
    r.errFd = fds[0];
    r.running = true;
}

// Relays what a rank wrote to stderr, keeping its last line.
void relay(Rank& r) {
    char buffer[4096];
    const auto n = read(r.errFd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) return; // a Ctrl-C being passed on: the pipe is fine
    if (n <= 0) {
        close(r.errFd);
        r.errFd = -1;
        if (!r.pending.empty()) r.lastLine = r.pending;
        return;
    }
    (void)!write(STDERR_FILENO, buffer, static_cast<std::size_t>(n));
    r.pending.append(buffer, static_cast<std::size_t>(n));
    for (auto end = r.pending.find('\n'); end != std::string::npos; end = r.pending.find('\n')) {
        if (end > 0) r.lastLine = r.pending.substr(0, end);
        if (r.lastLine.rfind("sparseadapter ", 0) == 0 && r.failedAt == Clock::time_point::max())
            r.failedAt = Clock::now();
        r.pending.erase(0, end + 1);
    }
}

std::string howItEnded(int status) {
    if (WIFEXITED(status)) return "exit code " + std::to_string(WEXITSTATUS(status));
    if (WIFSIGNALED(status)) return std::string("killed by signal ") + strsignal(WTERMSIG(status));
    return "status " + std::to_string(status);
}

// "sparseadapter run: rank 0 of 2: <why>" -> "<why>".
std::string withoutPrefixes(std::string line) {
    if (line.rfind("sparseadapter ", 0) == 0)
        if (const auto colon = line.find(": "); colon != std::string::npos) line.erase(0, colon + 2);
    if (line.rfind("rank ", 0) == 0)
        if (const auto colon = line.find(": "); colon != std::string::npos) line.erase(0, colon + 2);
    return line;
}

} // namespace

int freeLoopbackPort() {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) throw Error(std::string("--nproc: cannot open a socket: ") + std::strerror(errno));
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0; // the kernel picks
    socklen_t length = sizeof address;
    const bool ok = bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
                    getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0;
    close(fd);
    if (!ok) throw Error(std::string("--nproc: no free port on 127.0.0.1: ") + std::strerror(errno));
    return ntohs(address.sin_port);
}

int runLocalRanks(const RankLaunch& launch) {
    if (launch.ranks < 1) throw Error("--nproc must be at least 1, got " + std::to_string(launch.ranks));
    const int port = freeLoopbackPort();
    struct sigaction action {
    }, oldInt{}, oldTerm{};
    action.sa_handler = countSignal;
    action.sa_flags = SA_RESTART;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, &oldInt);
    sigaction(SIGTERM, &action, &oldTerm);
    std::vector<Rank> ranks(static_cast<std::size_t>(launch.ranks));
    std::sig_atomic_t forwarded[2] = {0, 0};
    bool anyFailed = false;
    int agreedCode = 0;
    auto killAt = Clock::time_point::max();
    auto signalAll = [&](int signal) {
        for (auto& r : ranks)
            if (r.running) kill(r.pid, signal);
    };
    try {
        for (int i = 0; i < launch.ranks; ++i)
            start(ranks[static_cast<std::size_t>(i)], launch, i, port);
    } catch (...) {
        signalAll(SIGKILL);
        for (auto& r : ranks)
            if (r.running) waitpid(r.pid, nullptr, 0);
        throw;
    }
    for (;;) {
        std::vector<pollfd> fds;
        std::vector<Rank*> owners;
        for (auto& r : ranks)
            if (r.errFd >= 0) {
                fds.push_back({r.errFd, POLLIN, 0});
                owners.push_back(&r);
            }
        if (!fds.empty() && poll(fds.data(), fds.size(), 50) > 0) {
            for (std::size_t i = 0; i < fds.size(); ++i)
                if (fds[i].revents != 0) relay(*owners[i]);
        } else if (fds.empty()) {
            usleep(50000);
        }
        for (int s = 0; s < 2; ++s)
            while (forwarded[s] < g_signals[s]) {
                ++forwarded[s];
                signalAll(s == 0 ? SIGINT : SIGTERM);
            }
        bool anyRunning = false;
        for (std::size_t i = 0; i < ranks.size(); ++i) {
            auto& r = ranks[i];
            int status = 0;
            if (r.running && waitpid(r.pid, &status, WNOHANG) == r.pid) {
                r.running = false;
                // Ended by a Ctrl-C passed on before it could catch one
                // (while starting): stopped, as asked, not failed.
                const bool interrupted = WIFSIGNALED(status) && (forwarded[0] > 0 || forwarded[1] > 0) &&
                                         (WTERMSIG(status) == SIGINT || WTERMSIG(status) == SIGTERM);
                const int code = WIFEXITED(status) ? WEXITSTATUS(status) : interrupted ? 130 : -1;
                if (i == 0) agreedCode = code;
                // 130: the rank stopped as asked; all ranks stop together.
                if (code != 0 && code != 130) {
                    r.failed = true;
                    r.status = status;
                    r.failedAt = std::min(r.failedAt, Clock::now());
                    if (!anyFailed) {
                        signalAll(SIGTERM);
                        killAt = Clock::now() + launch.grace;
                    }
                    anyFailed = true;
                }
            }
            anyRunning = anyRunning || r.running || r.errFd >= 0;
        }
        if (Clock::now() > killAt) signalAll(SIGKILL);
        if (!anyRunning) break;
    }
    sigaction(SIGINT, &oldInt, nullptr);
    sigaction(SIGTERM, &oldTerm, nullptr);
    if (anyFailed) {
        std::size_t first = 0;
        for (std::size_t i = 0; i < ranks.size(); ++i)
            if (ranks[i].failed && (!ranks[first].failed || ranks[i].failedAt < ranks[first].failedAt)) first = i;
        const auto& r = ranks[first];
        throw Error("rank " + std::to_string(first) + " of " + std::to_string(launch.ranks) + " failed (" +
                    howItEnded(r.status) + ")" + (r.lastLine.empty() ? "" : ": " + withoutPrefixes(r.lastLine)) +
                    "; the other ranks were stopped");
    }
    return agreedCode;
}

} // namespace sa
