#include "api/curl_timeouts.hpp"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <string>

namespace eatos::sevenshifts {

sdk::Result<CurlTimeouts> parse_timeouts(std::string_view total_ms) {
  CurlTimeouts timeouts;
  if (total_ms.empty()) return timeouts;
  long total = 0;
  const auto [end, error] = std::from_chars(total_ms.data(), total_ms.data() + total_ms.size(), total);
  if (error != std::errc() || end != total_ms.data() + total_ms.size() || total < 1 || total > 600000) {
    return sdk::Status(sdk::Code::invalid_argument,
                       std::string(timeout_variable) +
                           " must be a whole number of milliseconds from 1 to 600000: got '" + std::string(total_ms) +
                           "'.",
                       "timeout refused");
  }
  timeouts.total = std::chrono::milliseconds(total);
  timeouts.connect = std::min(timeouts.connect, timeouts.total);
  return timeouts;
}

sdk::Result<CurlTimeouts> timeouts_from_environment() {
  const char* text = std::getenv(timeout_variable);
  return parse_timeouts(text != nullptr ? text : "");
}

}  // namespace eatos::sevenshifts
