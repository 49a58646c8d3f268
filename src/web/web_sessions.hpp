// Browser sessions of the dashboard: a random 256-bit id in an HttpOnly, SameSite=Strict cookie, mapped to the
// signed-in user (if any) and a CSRF token that every POST must echo in X-CSRF-Token. In memory: a restart signs
// everyone out. Thread-safe.
#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "eatos/sdk/integration.hpp"

namespace eatos::host {

struct WebSession {
  std::string id;
  std::string csrf;
  std::optional<std::string> user;  // signed in as
  sdk::Role role = sdk::Role::staff;
};

class WebSessions {
 public:
  static constexpr std::chrono::hours idle_limit{8};
  static constexpr std::size_t max_sessions = 10000;

  /// A new session, signed out. The oldest session is dropped when there are too many.
  WebSession open();
  /// The live session with this id (idle ones expire).
  std::optional<WebSession> find(const std::string& id);
  /// Signs in: the old id is dropped and a new one made (no session fixation), with a new CSRF token.
  WebSession sign_in(const std::string& old_id, const std::string& user, sdk::Role role);
  void close(const std::string& id);

 private:
  struct Entry {
    WebSession session;
    std::chrono::steady_clock::time_point last_seen;
  };
  WebSession insert_locked(WebSession session);

  std::mutex mutex_;
  std::map<std::string, Entry> entries_;
};

/// Refuses sign-in attempts after repeated failures: 5 failures for one user name, or 20 from one client address,
/// within 15 minutes. Thread-safe.
class SignInThrottle {
 public:
  /// How long the caller must wait before trying again; zero when it may try now.
  std::chrono::seconds wait_for(const std::string& user, const std::string& address);
  void failed(const std::string& user, const std::string& address);
  void succeeded(const std::string& user);

 private:
  using Clock = std::chrono::steady_clock;
  static constexpr std::chrono::minutes window{15};
  std::chrono::seconds wait_locked(std::map<std::string, std::vector<Clock::time_point>>& failures,
                                   const std::string& key, std::size_t limit, Clock::time_point now);

  std::mutex mutex_;
  std::map<std::string, std::vector<Clock::time_point>> by_user_;
  std::map<std::string, std::vector<Clock::time_point>> by_address_;
};

}  // namespace eatos::host
