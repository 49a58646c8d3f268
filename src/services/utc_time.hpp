// UTC instants as text: "2026-11-30T18:04:05Z" (ISO 8601, whole seconds), the one format the host writes.
#pragma once

#include <chrono>
#include <ctime>
#include <string>

namespace eatos::host {

inline std::string format_utc(std::chrono::system_clock::time_point instant) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(instant);
  std::tm parts{};
  gmtime_r(&seconds, &parts);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
  return text;
}

inline std::string utc_now() { return format_utc(std::chrono::system_clock::now()); }

}  // namespace eatos::host
