#include "api/request_pacer.hpp"

#include <algorithm>
#include <functional>
#include <string_view>

namespace eatos::sevenshifts {

std::size_t RequestPacer::key_of(const sdk::Secret& token) noexcept {
  return std::hash<std::string_view>{}(token.expose());
}

RequestPacer::Slot RequestPacer::reserve(const sdk::Secret& token, int per_second) {
  if (per_second <= 0) return {};  // unpaced (a test server without a limit)
  const auto allowed = static_cast<std::size_t>(std::min(per_second, max_per_second));
  const std::lock_guard lock(mutex_);
  const auto now = clock_.monotonic();
  auto& recent = tokens_[key_of(token)].recent;
  // Places that left the window are free again.
  std::erase_if(recent, [&](const Sent& sent) { return sent.at + window <= now; });
  auto start = now;
  if (recent.size() >= allowed) start = std::max(now, recent[recent.size() - allowed].at + window);
  const Slot slot{std::chrono::ceil<std::chrono::milliseconds>(start - now), next_id_++};
  recent.push_back({slot.id, start});
  std::sort(recent.begin(), recent.end(), [](const Sent& a, const Sent& b) { return a.at < b.at; });
  if (recent.size() > static_cast<std::size_t>(max_per_second)) recent.erase(recent.begin());
  return slot;
}

void RequestPacer::finished(const sdk::Secret& token, const Slot& slot) {
  if (slot.id == 0) return;
  const std::lock_guard lock(mutex_);
  auto& recent = tokens_[key_of(token)].recent;
  const auto now = clock_.monotonic();
  for (auto& sent : recent) {
    if (sent.id == slot.id) sent.at = std::max(sent.at, now);
  }
  std::sort(recent.begin(), recent.end(), [](const Sent& a, const Sent& b) { return a.at < b.at; });
}

void RequestPacer::block(const sdk::Secret& token, std::chrono::milliseconds duration) {
  const std::lock_guard lock(mutex_);
  auto& state = tokens_[key_of(token)];
  state.blocked_until = std::max(state.blocked_until, clock_.monotonic() + duration);
}

std::chrono::milliseconds RequestPacer::blocked_for(const sdk::Secret& token) {
  const std::lock_guard lock(mutex_);
  const auto it = tokens_.find(key_of(token));
  if (it == tokens_.end()) return std::chrono::milliseconds(0);
  const auto left = it->second.blocked_until - clock_.monotonic();
  return left.count() > 0 ? std::chrono::ceil<std::chrono::milliseconds>(left) : std::chrono::milliseconds(0);
}

}  // namespace eatos::sevenshifts
