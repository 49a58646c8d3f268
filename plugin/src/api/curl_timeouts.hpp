// How long the plugin waits for 7shifts (SEVENSHIFTS_TIMEOUT_MS sets the total).
#pragma once

#include <chrono>

namespace eatos::sevenshifts {

struct CurlTimeouts {
  std::chrono::milliseconds connect{5000};
  std::chrono::milliseconds total{20000};
};

/// The defaults, with the total from SEVENSHIFTS_TIMEOUT_MS when set (and the connect timeout never longer).
CurlTimeouts timeouts_from_environment();

}  // namespace eatos::sevenshifts
