#include "services/file_logger.hpp"
#include "services/utc_time.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <ctime>

namespace eatos::host {
namespace {

std::string_view level_name(sdk::LogLevel level) {
  switch (level) {
    case sdk::LogLevel::debug: return "debug";
    case sdk::LogLevel::info: return "info";
    case sdk::LogLevel::warning: return "warning";
    case sdk::LogLevel::error: return "error";
  }
  return "info";
}

}  // namespace

FileLogger::FileLogger(const std::filesystem::path& data_dir, const Redactor& redactor, bool mirror_to_stderr)
    : path_(data_dir / file_name), redactor_(redactor), mirror_(mirror_to_stderr) {}

FileLogger::~FileLogger() {
  if (file_ != nullptr) std::fclose(file_);
}

void FileLogger::write(std::string_view source, sdk::LogLevel level, std::string_view message) noexcept {
  if (level == sdk::LogLevel::debug && !mirror_) return;
  try {
    std::string line = utc_now();
    line.append(" ").append(level_name(level)).append(" [").append(source).append("] ");
    // Keep one event on one line, whatever the message holds.
    for (const char c : redactor_.scrub(message)) line.push_back(c == '\n' || c == '\r' ? ' ' : c);
    line.push_back('\n');

    const std::lock_guard lock(mutex_);
    if (file_ == nullptr && !open_failed_) {
      const int fd = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0600);
      file_ = fd >= 0 ? ::fdopen(fd, "a") : nullptr;
      if (file_ == nullptr && fd >= 0) ::close(fd);
      open_failed_ = file_ == nullptr;
    }
    if (file_ != nullptr) {
      std::fwrite(line.data(), 1, line.size(), file_);
      std::fflush(file_);
    }
    if (mirror_ || file_ == nullptr) std::fwrite(line.data(), 1, line.size(), stderr);
  } catch (...) {  // NOLINT(bugprone-empty-catch): logging must never take the host down
  }
}

}  // namespace eatos::host
