// The people who may sign in to the mock back office, with their role. Passwords are kept only as Argon2id
// hashes (libsodium crypto_pwhash_str), in the host's database beside everything else.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "eatos/sdk/integration.hpp"
#include "eatos/sdk/secret.hpp"
#include "eatos/sdk/status.hpp"

namespace eatos::host {

class Store;

struct UserAccount {
  std::string name;
  sdk::Role role = sdk::Role::staff;
  std::string created_at;  // ISO-8601 UTC
};

/// User names: 1..64 of [a-z0-9._-], starting with a letter or digit.
[[nodiscard]] bool is_valid_user_name(std::string_view name) noexcept;

/// Thread-safe (it goes through the Store). Every failure is a Status naming what was wrong; none repeats a
/// password.
class UserAccounts {
 public:
  explicit UserAccounts(Store& store) : store_(store) {}

  /// invalid_argument for a bad name or a password under 8 or over 1024 characters or with control characters;
  /// conflict when the name is taken.
  sdk::Status add(const std::string& name, sdk::Role role, const sdk::Secret& password);
  sdk::Result<std::vector<UserAccount>> list();
  /// not_found when there is no such user.
  sdk::Status remove(const std::string& name);
  /// The account when the password matches; invalid_auth, with one message for both a wrong name and a wrong
  /// password (and the same work done for both), otherwise.
  sdk::Result<UserAccount> verify(const std::string& name, const sdk::Secret& password);

 private:
  Store& store_;
};

}  // namespace eatos::host
