// SPDX-License-Identifier: Apache-2.0
#include "sys/file.hpp"

#include "core/digest.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

namespace fs = std::filesystem;

namespace fipsrock::sys {

namespace {

std::string cause(int error)
{
  return std::generic_category().message(error);
}

core::Error read_error(const std::string& path, int error)
{
  return core::Error{"cannot read file: " + path + ": " + cause(error), {}};
}

core::Error write_error(const std::string& path, int error)
{
  return core::Error{"cannot write file: " + path + ": " + cause(error), {}};
}

// Owns a file descriptor.
class Fd {
public:
  explicit Fd(int fd) : m_fd(fd) {}
  ~Fd() { close(); }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return m_fd; }
  // Closes now and reports close(2)'s error, which for a written file may be a late write error.
  int close()
  {
    int result = 0;
    if (m_fd >= 0) {
      result = ::close(m_fd);
      m_fd = -1;
    }
    return result;
  }

private:
  int m_fd;
};

// A temporary file that is removed unless `keep()` was called (after a successful rename).
class TempPath {
public:
  explicit TempPath(std::string path) : m_path(std::move(path)) {}
  ~TempPath()
  {
    if (!m_kept) {
      ::unlink(m_path.c_str());
    }
  }
  TempPath(const TempPath&) = delete;
  TempPath& operator=(const TempPath&) = delete;
  void keep() { m_kept = true; }

private:
  std::string m_path;
  bool m_kept = false;
};

// mkstemp creates 0600; a replaced file keeps its mode and a new one gets what open(2) would
// give it. The umask is read from /proc because umask(2) can only be read by changing it.
mode_t mode_for(const std::string& path)
{
  struct stat info {};
  if (::stat(path.c_str(), &info) == 0) {
    return info.st_mode & 07777;
  }
  mode_t mask = 022;
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("Umask:", 0) == 0) {
      mask = static_cast<mode_t>(std::stoul(line.substr(6), nullptr, 8));
      break;
    }
  }
  return 0666 & ~mask;
}

int write_all(int fd, const std::string& content)
{
  std::size_t done = 0;
  while (done < content.size()) {
    const ssize_t written = ::write(fd, content.data() + done, content.size() - done);
    if (written < 0) {
      if (errno == EINTR) {
        continue;
      }
      return errno;
    }
    done += static_cast<std::size_t>(written);
  }
  return 0;
}

// The content of `path`; nullopt when it does not exist and `missing` is allowed.
enum class Missing { is_error, is_nullopt };

core::Expected<std::optional<std::string>> read(const std::string& path, Missing missing)
{
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) {
    const int error = errno;
    if (error == ENOENT && missing == Missing::is_nullopt) {
      return std::optional<std::string>();
    }
    return tl::make_unexpected(read_error(path, error));
  }
  std::string content;
  std::array<char, std::size_t{64} * 1024> buffer{};
  for (;;) {
    const ssize_t count = ::read(fd.get(), buffer.data(), buffer.size());
    if (count < 0) {
      if (errno == EINTR) {
        continue;
      }
      return tl::make_unexpected(read_error(path, errno));
    }
    if (count == 0) {
      break;
    }
    content.append(buffer.data(), static_cast<std::size_t>(count));
  }
  return std::optional<std::string>(std::move(content));
}

} // namespace

core::Expected<std::string> read_file(const std::string& path)
{
  auto content = read(path, Missing::is_error);
  if (!content) {
    return tl::make_unexpected(std::move(content.error()));
  }
  return std::move(**content);
}

core::Expected<std::optional<std::string>> read_file_if_exists(const std::string& path)
{
  return read(path, Missing::is_nullopt);
}

core::Expected<void> write_atomic(const std::string& path, const std::string& content)
{
  try {
    const fs::path parent = fs::path(path).parent_path();
    if (!parent.empty()) {
      std::error_code ec;
      fs::create_directories(parent, ec);
      if (ec) {
        return core::make_error("cannot create directory: " + parent.string() + ": " +
                                ec.message());
      }
    }
    const mode_t mode = mode_for(path);
    std::string temp = path + ".tmp-" + std::to_string(::getpid()) + "-XXXXXX";
    Fd fd(::mkostemp(temp.data(), O_CLOEXEC));
    if (fd.get() < 0) {
      return tl::make_unexpected(write_error(path, errno));
    }
    TempPath guard(temp);
    if (const int error = write_all(fd.get(), content); error != 0) {
      return tl::make_unexpected(write_error(path, error));
    }
    if (::fchmod(fd.get(), mode) != 0 || ::fsync(fd.get()) != 0 || fd.close() != 0) {
      return tl::make_unexpected(write_error(path, errno));
    }
    if (::rename(temp.c_str(), path.c_str()) != 0) {
      return tl::make_unexpected(write_error(path, errno));
    }
    guard.keep();
    // Make the rename itself durable; a failure here does not undo the write.
    Fd dir(::open(parent.empty() ? "." : parent.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (dir.get() >= 0) {
      ::fsync(dir.get());
    }
    return {};
  } catch (const std::exception& e) {
    return core::make_error("cannot write file: " + path + ": " + e.what());
  }
}

} // namespace fipsrock::sys

namespace fipsrock::sys {

core::Expected<FileDigest> digest_file(const std::string& path)
{
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) {
    return tl::make_unexpected(read_error(path, errno));
  }
  core::Sha256 hash;
  FileDigest digest;
  std::vector<char> buffer(std::size_t{1} << 20);
  for (;;) {
    const ssize_t count = ::read(fd.get(), buffer.data(), buffer.size());
    if (count < 0) {
      if (errno == EINTR) {
        continue;
      }
      return tl::make_unexpected(read_error(path, errno));
    }
    if (count == 0) {
      break;
    }
    hash.update(std::string_view(buffer.data(), static_cast<std::size_t>(count)));
    digest.size += static_cast<unsigned long long>(count);
  }
  digest.sha256 = hash.hex_digest();
  return digest;
}

} // namespace fipsrock::sys
