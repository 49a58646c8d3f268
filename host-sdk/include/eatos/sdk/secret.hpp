// `Secret`: a credential in memory (an access token, a password).
//
// It has no conversion to string and no stream operator, so it cannot reach a log line or an error message by
// accident; code that must send it somewhere calls `expose()` at that one place. Move-only, and its buffer is wiped
// when it is destroyed or moved from.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

#include "eatos/sdk/version.hpp"

EATOS_SDK_BEGIN_NAMESPACE

class Secret {
 public:
  Secret() = default;
  explicit Secret(std::string value) noexcept : value_(std::move(value)) {}
  Secret(const Secret&) = delete;
  Secret& operator=(const Secret&) = delete;
  Secret(Secret&& other) noexcept : value_(std::move(other.value_)) { other.wipe(); }
  Secret& operator=(Secret&& other) noexcept {
    if (this != &other) {
      wipe();
      value_ = std::move(other.value_);
      other.wipe();
    }
    return *this;
  }
  ~Secret() { wipe(); }

  /// The plain value, for the one place that must send it (an Authorization header, the encryption call).
  [[nodiscard]] std::string_view expose() const noexcept { return value_; }
  [[nodiscard]] bool empty() const noexcept { return value_.empty(); }
  [[nodiscard]] std::size_t size() const noexcept { return value_.size(); }
  /// An explicit copy; copies are never implicit.
  [[nodiscard]] Secret clone() const { return Secret(value_); }

 private:
  void wipe() noexcept {
    // Through a volatile pointer so the compiler cannot drop the stores as dead.
    volatile char* bytes = value_.data();
    for (std::size_t i = 0; i < value_.capacity(); ++i) bytes[i] = 0;
    value_.clear();
  }

  std::string value_;
};

EATOS_SDK_END_NAMESPACE
