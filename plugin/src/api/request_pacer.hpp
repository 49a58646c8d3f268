// Keeps this process under 7shifts' limit of 10 requests per second per token (a token bucket at 8/s), and
// remembers when 7shifts has blocked a token after a 429 so no request is sent until the block is over.
// Thread-safe; one pacer serves every client of the plugin.
#pragma once

#include <chrono>
#include <cstddef>
#include <eatos/sdk/secret.hpp>
#include <eatos/sdk/services.hpp>
#include <mutex>
#include <unordered_map>

namespace eatos::sevenshifts {

class RequestPacer {
 public:
  using Clock = std::chrono::steady_clock;  // the kind of time sdk::Clock::monotonic() returns

  explicit RequestPacer(const sdk::Clock& clock, double per_second = 8.0, double burst = 4.0)
      : clock_(clock), per_second_(per_second), burst_(burst) {}

  /// Takes one request slot for `token`; returns how long to wait before sending it (zero when it may go now).
  std::chrono::milliseconds reserve(const sdk::Secret& token);
  /// 7shifts blocked `token` for `duration` from now.
  void block(const sdk::Secret& token, std::chrono::milliseconds duration);
  /// How long `token` is still blocked (zero when it is not).
  std::chrono::milliseconds blocked_for(const sdk::Secret& token);

 private:
  struct Bucket {
    double tokens = 0;
    Clock::time_point refilled{};
    Clock::time_point blocked_until{};
    bool fresh = true;
  };
  static std::size_t key_of(const sdk::Secret& token) noexcept;

  const sdk::Clock& clock_;
  double per_second_;
  double burst_;
  std::mutex mutex_;
  std::unordered_map<std::size_t, Bucket> buckets_;  // keyed by a hash: the pacer never keeps a token
};

}  // namespace eatos::sevenshifts
