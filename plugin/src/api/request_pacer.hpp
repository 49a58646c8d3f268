// Keeps this process under 7shifts' limit of 10 requests per second per token, and remembers when 7shifts has
// blocked a token after a 429 so no request is sent until the block is over. Thread-safe; one pacer serves every
// client of the plugin.
//
// The rule is a sliding window: a token never has more than `per_second` requests within any window of one second
// plus a margin. A request occupies the window from when it was sent until it was *answered*, so however late a
// request reaches 7shifts, 7shifts cannot count more than `per_second` in one of its seconds. A burst (Connect's
// three calls) goes at once; a long run settles just under `per_second` a second.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <eatos/sdk/secret.hpp>
#include <eatos/sdk/services.hpp>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace eatos::sevenshifts {

class RequestPacer {
 public:
  using Clock = std::chrono::steady_clock;  // the kind of time sdk::Clock::monotonic() returns

  static constexpr int max_per_second = 10;  // 7shifts' limit
  static constexpr std::chrono::milliseconds window{1020};

  explicit RequestPacer(const sdk::Clock& clock) : clock_(clock) {}

  /// A place in a token's window.
  struct Slot {
    std::chrono::milliseconds wait{0};  // how long to wait before sending (zero: now)
    std::uint64_t id = 0;               // 0: not paced
  };
  /// Takes a place for one request of `token`, allowing at most `per_second` (up to 10) in any window; 0 or less
  /// does not pace (see rate_limit.hpp).
  Slot reserve(const sdk::Secret& token, int per_second = max_per_second);
  /// The request of `slot` was answered (or failed): its place in the window counts from now.
  void finished(const sdk::Secret& token, const Slot& slot);

  /// 7shifts blocked `token` for `duration` from now.
  void block(const sdk::Secret& token, std::chrono::milliseconds duration);
  /// How long `token` is still blocked (zero when it is not).
  std::chrono::milliseconds blocked_for(const sdk::Secret& token);

 private:
  struct Sent {
    std::uint64_t id;
    Clock::time_point at;  // planned send time, then the time the answer came
  };
  struct TokenState {
    std::vector<Sent> recent;  // at most max_per_second, oldest first
    Clock::time_point blocked_until{};
  };
  static std::size_t key_of(const sdk::Secret& token) noexcept;

  const sdk::Clock& clock_;
  std::mutex mutex_;
  std::uint64_t next_id_ = 1;
  std::unordered_map<std::size_t, TokenState> tokens_;  // keyed by a hash: the pacer never keeps a token
};

}  // namespace eatos::sevenshifts
