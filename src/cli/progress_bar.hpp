// The CLI's view of an action's progress (sdk::ProgressReporter): on a terminal, a bar on stderr redrawn in place;
// otherwise one line per tenth of the way, so logs stay short. Nothing is printed for an action that reports
// nothing.
#pragma once

#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>

#include "eatos/sdk/integration.hpp"

namespace eatos::host {

class ProgressBar final : public sdk::ProgressReporter {
 public:
  ProgressBar() : terminal_(::isatty(STDERR_FILENO) == 1) {}

  void report(std::uint64_t done, std::uint64_t total, std::string_view what) noexcept override {
    if (total == 0) return;
    const auto now = std::chrono::steady_clock::now();
    const std::uint64_t tenth = done * 10 / total;
    if (terminal_) {
      if (started_ && done != total && now - last_drawn_ < std::chrono::milliseconds(100)) return;
      constexpr int width = 30;
      const auto filled = static_cast<int>(done * width / total);
      std::fprintf(stderr, "\r[%s%s] %llu/%llu %.*s", std::string(static_cast<std::size_t>(filled), '#').c_str(),
                   std::string(static_cast<std::size_t>(width - filled), '.').c_str(),
                   static_cast<unsigned long long>(done), static_cast<unsigned long long>(total),
                   static_cast<int>(what.size()), what.data());
    } else {
      if (started_ && tenth == last_tenth_) return;
      std::fprintf(stderr, "progress: %llu/%llu %.*s\n", static_cast<unsigned long long>(done),
                   static_cast<unsigned long long>(total), static_cast<int>(what.size()), what.data());
    }
    std::fflush(stderr);
    started_ = true;
    last_drawn_ = now;
    last_tenth_ = tenth;
  }

  /// Ends the bar's line (on a terminal) once the action has returned.
  void finish() const noexcept {
    if (terminal_ && started_) std::fputc('\n', stderr);
  }

 private:
  bool terminal_;
  bool started_ = false;
  std::chrono::steady_clock::time_point last_drawn_{};
  std::uint64_t last_tenth_ = 0;
};

}  // namespace eatos::host
