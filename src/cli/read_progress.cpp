// SPDX-License-Identifier: Apache-2.0
#include "cli/read_progress.hpp"

#include "sys/terminal.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <system_error>

namespace fipsrock::cli {

namespace {

constexpr std::uint64_t k_long_read = std::uint64_t{64} << 20;
constexpr auto k_refresh = std::chrono::milliseconds(100);

std::string megabytes(std::uint64_t bytes)
{
  return fmt::format("{:.1f} MB", static_cast<double>(bytes) / 1e6);
}

std::string percent(std::uint64_t done, std::uint64_t total)
{
  if (total == 0) {
    return "?%";
  }
  return fmt::format("{}%", std::min<std::uint64_t>(100, done * 100 / total));
}

std::string base_name(const std::string& path)
{
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

} // namespace

ReadDisplay::ReadDisplay(const GlobalOptions& global, std::string command, std::string file)
    : m_command(std::move(command)), m_file(std::move(file))
{
  std::error_code ec;
  const auto size = std::filesystem::file_size(m_file, ec);
  m_total = ec ? 0 : static_cast<std::uint64_t>(size);
  if (global.quiet) {
    return;
  }
  m_tty = sys::is_smart_terminal(sys::Fd::err) && !global.verbose;
  m_lines = !m_tty && (global.verbose || m_total >= k_long_read);
}

ReadDisplay::~ReadDisplay()
{
  clear();
}

verify::ProgressFn ReadDisplay::progress()
{
  if (!m_tty && !m_lines) {
    return {};
  }
  return [this](const verify::ReadProgress& progress) { update(progress); };
}

void ReadDisplay::update(const verify::ReadProgress& progress)
{
  if (progress.entry.empty()) {
    clear();
    return;
  }
  if (m_lines) {
    if (progress.layer && progress.entry != m_entry) {
      m_entry = progress.entry;
      std::fprintf(stderr,
                   "fipsrock: %s: %s: layer %s at %s (%s of %s)\n",
                   m_command.c_str(),
                   m_file.c_str(),
                   base_name(m_entry).substr(0, 12).c_str(),
                   percent(progress.bytes_read, m_total).c_str(),
                   megabytes(progress.bytes_read).c_str(),
                   megabytes(m_total).c_str());
    }
    return;
  }
  const auto now = std::chrono::steady_clock::now();
  if (m_dirty && now - m_last < k_refresh) {
    return;
  }
  m_last = now;
  std::fprintf(stderr,
               "\r\033[K%s: %s %s (%s of %s)",
               m_command.c_str(),
               m_file.c_str(),
               percent(progress.bytes_read, m_total).c_str(),
               megabytes(progress.bytes_read).c_str(),
               megabytes(m_total).c_str());
  std::fflush(stderr);
  m_dirty = true;
}

void ReadDisplay::clear()
{
  if (m_dirty) {
    std::fputs("\r\033[K", stderr);
    std::fflush(stderr);
    m_dirty = false;
  }
}

} // namespace fipsrock::cli
