#include "io/mapped_file.h"

#include "error.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <vector>

#if defined(__unix__) || defined(__APPLE__)
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#define SA_HAVE_MMAP 1
#endif

namespace sa {

std::shared_ptr<const MappedFile> MappedFile::open(const std::string& path) {
    std::shared_ptr<MappedFile> file(new MappedFile());
    file->path_ = path;
#ifdef SA_HAVE_MMAP
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw fileError(path, std::string("cannot open: ") + std::strerror(errno));
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        const int err = errno;
        ::close(fd);
        throw fileError(path, std::string("cannot stat: ") + std::strerror(err));
    }
    if (!S_ISREG(st.st_mode)) {
        ::close(fd);
        throw fileError(path, "not a regular file");
    }
    file->size_ = static_cast<std::size_t>(st.st_size);
    if (file->size_ > 0) {
        // MAP_PRIVATE + PROT_WRITE: a caller that writes into a tensor view
        // gets its own page copy instead of a crash, and the file is untouched.
        void* p = ::mmap(nullptr, file->size_, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
        if (p == MAP_FAILED) {
            const int err = errno;
            ::close(fd);
            throw fileError(path, std::string("cannot map: ") + std::strerror(err));
        }
        file->data_ = static_cast<std::uint8_t*>(p);
        file->mapped_ = true;
    }
    ::close(fd);
#else
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    if (!in) throw fileError(path, "cannot open");
    file->size_ = static_cast<std::size_t>(in.tellg());
    in.seekg(0);
    file->data_ = new std::uint8_t[file->size_ ? file->size_ : 1];
    if (!in.read(reinterpret_cast<char*>(file->data_), static_cast<std::streamsize>(file->size_)))
        throw fileError(path, "cannot read");
#endif
    return file;
}

MappedFile::~MappedFile() {
#ifdef SA_HAVE_MMAP
    if (mapped_) ::munmap(data_, size_);
#else
    delete[] data_;
#endif
}

} // namespace sa
