#include "api/request_pacer.hpp"

#include <algorithm>
#include <functional>
#include <string_view>

namespace eatos::sevenshifts {

std::size_t RequestPacer::key_of(const sdk::Secret& token) noexcept {
  return std::hash<std::string_view>{}(token.expose());
}

std::chrono::milliseconds RequestPacer::reserve(const sdk::Secret& token) {
  const std::lock_guard lock(mutex_);
  const auto now = clock_.monotonic();
  Bucket& bucket = buckets_[key_of(token)];
  if (bucket.fresh) {
    bucket = {burst_, now, {}, false};
  } else {
    const double elapsed = std::chrono::duration<double>(now - bucket.refilled).count();
    bucket.tokens = std::min(burst_, bucket.tokens + elapsed * per_second_);
    bucket.refilled = now;
  }
  bucket.tokens -= 1.0;  // may go negative: later callers queue behind this one
  if (bucket.tokens >= 0) return std::chrono::milliseconds(0);
  return std::chrono::milliseconds(static_cast<long>(-bucket.tokens / per_second_ * 1000.0) + 1);
}

void RequestPacer::block(const sdk::Secret& token, std::chrono::milliseconds duration) {
  const std::lock_guard lock(mutex_);
  const auto until = clock_.monotonic() + duration;
  Bucket& bucket = buckets_[key_of(token)];
  bucket.blocked_until = std::max(bucket.blocked_until, until);
}

std::chrono::milliseconds RequestPacer::blocked_for(const sdk::Secret& token) {
  const std::lock_guard lock(mutex_);
  const auto it = buckets_.find(key_of(token));
  if (it == buckets_.end()) return std::chrono::milliseconds(0);
  const auto left = it->second.blocked_until - clock_.monotonic();
  return left.count() > 0 ? std::chrono::ceil<std::chrono::milliseconds>(left) : std::chrono::milliseconds(0);
}

}  // namespace eatos::sevenshifts
