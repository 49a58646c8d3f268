#include "api/rate_limit.hpp"

#include <charconv>
#include <cstdlib>
#include <string>

#include "api/request_pacer.hpp"

namespace eatos::sevenshifts {

sdk::Result<int> parse_rate_limit(std::string_view text, const ApiUrl& url) {
  if (text.empty()) return RequestPacer::max_per_second;
  int value = -1;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  const int lowest = url.is_loopback() ? 0 : 1;
  if (error != std::errc() || end != text.data() + text.size() || value < lowest ||
      value > RequestPacer::max_per_second) {
    return sdk::Status(sdk::Code::invalid_argument,
                       std::string(rate_limit_variable) + " must be a whole number from " + std::to_string(lowest) +
                           " to " + std::to_string(RequestPacer::max_per_second) +
                           (url.is_loopback() ? " (0: no limit, for a test server)." : "."),
                       "bad rate limit");
  }
  return value;
}

sdk::Result<int> rate_limit_from_environment(const ApiUrl& url) {
  const char* text = std::getenv(rate_limit_variable);
  return parse_rate_limit(text == nullptr ? std::string_view() : std::string_view(text), url);
}

}  // namespace eatos::sevenshifts
