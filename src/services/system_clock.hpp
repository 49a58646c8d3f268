// The real clock behind sdk::Clock.
#pragma once

#include "eatos/sdk/services.hpp"

namespace eatos::host {

class SystemClock final : public sdk::Clock {
 public:
  [[nodiscard]] std::chrono::system_clock::time_point now() const noexcept override {
    return std::chrono::system_clock::now();
  }
  [[nodiscard]] std::chrono::steady_clock::time_point monotonic() const noexcept override {
    return std::chrono::steady_clock::now();
  }
};

}  // namespace eatos::host
