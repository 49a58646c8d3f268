// The host's log: one line per event, appended to `<data-dir>/eatos-host.log` (mode 0600), each line scrubbed of
// every secret the host has handled. Verbose mode (-v) also writes debug lines and mirrors everything to stderr.
// Thread-safe.
#pragma once

#include <cstdio>
#include <filesystem>
#include <mutex>
#include <string>
#include <string_view>

#include "eatos/sdk/services.hpp"
#include "services/redactor.hpp"

namespace eatos::host {

class FileLogger {
 public:
  static constexpr const char* file_name = "eatos-host.log";

  /// Opens the log in `data_dir` lazily, on the first line written. A log that cannot be opened is not fatal:
  /// lines then go to stderr only.
  FileLogger(const std::filesystem::path& data_dir, const Redactor& redactor, bool mirror_to_stderr);
  FileLogger(const FileLogger&) = delete;
  FileLogger& operator=(const FileLogger&) = delete;
  ~FileLogger();

  /// `source` names who speaks: "host" or a plugin id.
  void write(std::string_view source, sdk::LogLevel level, std::string_view message) noexcept;

 private:
  std::filesystem::path path_;
  const Redactor& redactor_;
  bool mirror_;
  std::mutex mutex_;
  std::FILE* file_ = nullptr;
  bool open_failed_ = false;
};

/// The sdk::Logger a plugin gets: writes through the FileLogger under the plugin's id.
class PluginLogger final : public sdk::Logger {
 public:
  PluginLogger(FileLogger& sink, std::string plugin_id) : sink_(sink), plugin_id_(std::move(plugin_id)) {}
  void log(sdk::LogLevel level, std::string_view message) noexcept override { sink_.write(plugin_id_, level, message); }

 private:
  FileLogger& sink_;
  std::string plugin_id_;
};

}  // namespace eatos::host
