#include "api/curl_timeouts.hpp"

#include <algorithm>
#include <cstdlib>

namespace eatos::sevenshifts {

CurlTimeouts timeouts_from_environment() {
  CurlTimeouts timeouts;
  if (const char* text = std::getenv("SEVENSHIFTS_TIMEOUT_MS"); text != nullptr && *text != '\0') {
    const long total = std::strtol(text, nullptr, 10);
    if (total > 0) timeouts.total = std::chrono::milliseconds(total);
  }
  timeouts.connect = std::min(timeouts.connect, timeouts.total);
  return timeouts;
}

}  // namespace eatos::sevenshifts
