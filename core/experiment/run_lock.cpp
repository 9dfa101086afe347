#include "experiment/run_lock.h"

#include "error.h"

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <filesystem>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace sa {

namespace {

const char* const kLockName = ".lock";

std::string lockPath(const std::string& folder) {
    return (std::filesystem::path(folder) / kLockName).string();
}

std::string readAll(int fd) {
    std::string text;
    char buffer[256];
    ::lseek(fd, 0, SEEK_SET);
    for (ssize_t n; (n = ::read(fd, buffer, sizeof buffer)) > 0 && text.size() < 4096;)
        text.append(buffer, static_cast<std::size_t>(n));
    while (!text.empty() && (text.back() == '\n' || text.back() == '\0'))
        text.pop_back();
    return text;
}

// "pid 123 on host h since 2026-12-07T08:00:00Z".
std::string describeSelf() {
    char host[256] = {};
    ::gethostname(host, sizeof host - 1);
    char when[32];
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return "pid " + std::to_string(::getpid()) + " on host " + host + " since " + when;
}

} // namespace

RunLock RunLock::acquire(const std::string& folder) {
    RunLock lock;
    lock.path_ = lockPath(folder);
    // A holder removes the file before it lets go: when the locked inode is
    // no longer the one at the path, someone finished in between; try again.
    for (int attempt = 0;; ++attempt) {
        lock.fd_ = ::open(lock.path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (lock.fd_ < 0)
            throw fileError(lock.path_, std::string("cannot create the run folder's lock: ") + std::strerror(errno));
        if (::flock(lock.fd_, LOCK_EX | LOCK_NB) != 0) {
            const int error = errno;
            const auto holder = readAll(lock.fd_);
            ::close(lock.fd_);
            lock.fd_ = -1;
            if (error == EWOULDBLOCK)
                throw Error(folder + ": another process is writing this run folder (" +
                            (holder.empty() ? std::string("holder unknown") : holder) +
                            "); wait for it to finish, or stop it first");
            throw fileError(lock.path_, std::string("cannot lock the run folder: ") + std::strerror(error));
        }
        struct stat opened {
        }, named{};
        if (::fstat(lock.fd_, &opened) == 0 && ::stat(lock.path_.c_str(), &named) == 0 &&
            opened.st_ino == named.st_ino && opened.st_dev == named.st_dev)
            break;
        ::close(lock.fd_);
        lock.fd_ = -1;
        if (attempt >= 10) throw fileError(lock.path_, "the run folder's lock keeps changing hands");
    }
    // Locked. Content left behind means its writer ended without removing
    // the file (killed, crashed, power cut): stale.
    lock.stale_ = readAll(lock.fd_);
    const auto self = describeSelf() + "\n";
    if (::ftruncate(lock.fd_, 0) != 0 || ::pwrite(lock.fd_, self.data(), self.size(), 0) < 0) {
        // The lock is held all the same; only the note of who holds it is lost.
    }
    return lock;
}

RunLock::RunLock(RunLock&& other) noexcept
    : fd_(other.fd_), path_(std::move(other.path_)), stale_(std::move(other.stale_)) {
    other.fd_ = -1;
}

RunLock& RunLock::operator=(RunLock&& other) noexcept {
    if (this != &other) {
        this->~RunLock();
        fd_ = other.fd_;
        path_ = std::move(other.path_);
        stale_ = std::move(other.stale_);
        other.fd_ = -1;
    }
    return *this;
}

RunLock::~RunLock() {
    if (fd_ < 0) return;
    // Removed while still held, so no other process can lock the old inode
    // between the two calls and believe it holds the folder.
    ::unlink(path_.c_str());
    ::close(fd_);
    fd_ = -1;
}

std::string RunLock::holder(const std::string& folder) {
    const auto path = lockPath(folder);
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return {};
    std::string text;
    if (::flock(fd, LOCK_SH | LOCK_NB) != 0)
        text = readAll(fd);
    else
        ::flock(fd, LOCK_UN);
    ::close(fd);
    return text;
}

bool RunLock::signalHolder(const std::string& folder, int signal) {
    int pid = 0;
    char host[256] = {};
    if (std::sscanf(holder(folder).c_str(), "pid %d on host %255s", &pid, host) != 2 || pid <= 0) return false;
    char here[256] = {};
    ::gethostname(here, sizeof here - 1);
    return std::string(host) == here && ::kill(pid, signal) == 0;
}

} // namespace sa
