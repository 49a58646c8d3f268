#include "web/web_sessions.hpp"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <stdexcept>

namespace eatos::host {
namespace {

std::string random_token() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
  std::array<unsigned char, 32> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  std::array<char, 2 * 32 + 1> hex{};
  sodium_bin2hex(hex.data(), hex.size(), bytes.data(), bytes.size());
  return {hex.data()};
}

}  // namespace

WebSession WebSessions::insert_locked(WebSession session) {
  if (entries_.size() >= max_sessions) {
    const auto oldest = std::min_element(entries_.begin(), entries_.end(), [](const auto& a, const auto& b) {
      return a.second.last_seen < b.second.last_seen;
    });
    entries_.erase(oldest);
  }
  entries_[session.id] = {session, std::chrono::steady_clock::now()};
  return session;
}

WebSession WebSessions::open() {
  const std::lock_guard lock(mutex_);
  return insert_locked({random_token(), random_token(), std::nullopt, sdk::Role::staff});
}

std::optional<WebSession> WebSessions::find(const std::string& id) {
  const std::lock_guard lock(mutex_);
  const auto it = entries_.find(id);
  if (it == entries_.end()) return std::nullopt;
  const auto now = std::chrono::steady_clock::now();
  if (now - it->second.last_seen > idle_limit) {
    entries_.erase(it);
    return std::nullopt;
  }
  it->second.last_seen = now;
  return it->second.session;
}

WebSession WebSessions::sign_in(const std::string& old_id, const std::string& user, sdk::Role role) {
  const std::lock_guard lock(mutex_);
  entries_.erase(old_id);
  return insert_locked({random_token(), random_token(), user, role});
}

void WebSessions::close(const std::string& id) {
  const std::lock_guard lock(mutex_);
  entries_.erase(id);
}

std::chrono::seconds SignInThrottle::wait_locked(std::map<std::string, std::vector<Clock::time_point>>& failures,
                                                 const std::string& key, std::size_t limit, Clock::time_point now) {
  auto& times = failures[key];
  std::erase_if(times, [&](Clock::time_point at) { return now - at > window; });
  if (times.size() < limit) return std::chrono::seconds(0);
  return std::chrono::ceil<std::chrono::seconds>(times.front() + window - now);
}

std::chrono::seconds SignInThrottle::wait_for(const std::string& user, const std::string& address) {
  const std::lock_guard lock(mutex_);
  const auto now = Clock::now();
  return std::max(wait_locked(by_user_, user, 5, now), wait_locked(by_address_, address, 20, now));
}

void SignInThrottle::failed(const std::string& user, const std::string& address) {
  const std::lock_guard lock(mutex_);
  by_user_[user].push_back(Clock::now());
  by_address_[address].push_back(Clock::now());
}

void SignInThrottle::succeeded(const std::string& user) {
  const std::lock_guard lock(mutex_);
  by_user_.erase(user);
}

}  // namespace eatos::host
