// How long the plugin waits for 7shifts (SEVENSHIFTS_TIMEOUT_MS sets the total).
#pragma once

#include <chrono>
#include <eatos/sdk/status.hpp>
#include <string_view>

namespace eatos::sevenshifts {

inline constexpr const char* timeout_variable = "SEVENSHIFTS_TIMEOUT_MS";

struct CurlTimeouts {
  std::chrono::milliseconds connect{5000};
  std::chrono::milliseconds total{20000};
};

/// The defaults, with the total from `total_ms` when given (and the connect timeout never longer).
/// invalid_argument, naming SEVENSHIFTS_TIMEOUT_MS, for anything but a whole number from 1 to 600000.
sdk::Result<CurlTimeouts> parse_timeouts(std::string_view total_ms);
/// parse_timeouts() on $SEVENSHIFTS_TIMEOUT_MS; the defaults when it is unset or empty.
sdk::Result<CurlTimeouts> timeouts_from_environment();

}  // namespace eatos::sevenshifts
