// The 7shifts base URL: https://api.7shifts.com, or SEVENSHIFTS_API_URL. Plain http:// is refused unless the host
// is loopback (the fake server in tests and the demo), so a token never travels unencrypted.
#pragma once

#include <eatos/sdk/status.hpp>
#include <string>
#include <string_view>

namespace eatos::sevenshifts {

inline constexpr const char* default_api_url = "https://api.7shifts.com";
inline constexpr const char* api_url_variable = "SEVENSHIFTS_API_URL";

/// A validated base URL without a trailing slash, e.g. "http://127.0.0.1:8123".
class ApiUrl {
 public:
  /// invalid_argument, naming SEVENSHIFTS_API_URL, for anything but https://host[:port][/path] or a loopback http://.
  static sdk::Result<ApiUrl> parse(std::string_view text);
  /// From the environment, else the default.
  static sdk::Result<ApiUrl> from_environment();

  [[nodiscard]] const std::string& base() const noexcept { return base_; }
  /// True for a loopback host (the fake 7shifts of tests and the demo), never for the real API.
  [[nodiscard]] bool is_loopback() const noexcept { return loopback_; }
  /// base + path; `path` starts with '/'.
  [[nodiscard]] std::string join(std::string_view path) const { return base_ + std::string(path); }

 private:
  ApiUrl(std::string base, bool loopback) : base_(std::move(base)), loopback_(loopback) {}
  std::string base_;
  bool loopback_ = false;
};

}  // namespace eatos::sevenshifts
