#include "storage/user_accounts.hpp"

#include <sodium.h>

#include <chrono>
#include <ctime>
#include <mutex>

#include "services/utc_time.hpp"
#include "storage/store.hpp"

namespace eatos::host {
namespace {

using sdk::Code;
using sdk::Status;

constexpr std::size_t min_password_length = 8;
constexpr std::size_t max_password_length = 1024;

Status check_password(const sdk::Secret& password) {
  if (password.size() < min_password_length) {
    return {Code::invalid_argument, "The password is too short: use at least 8 characters.", "password too short"};
  }
  if (password.size() > max_password_length) {
    return {Code::invalid_argument, "The password is longer than 1024 characters.", "password too long"};
  }
  for (const char c : password.expose()) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      return {Code::invalid_argument, "The password contains a control character.", "password control character"};
    }
  }
  return {};
}

Status wrong_credentials() { return {Code::invalid_auth, "Wrong user name or password.", "sign-in refused"}; }

Status storage_failure(const std::exception& e) {
  return {Code::internal, "The host could not access its storage.", e.what()};
}

}  // namespace

bool is_valid_user_name(std::string_view name) noexcept {
  if (name.empty() || name.size() > 64) return false;
  const auto is_alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (!is_alnum(name.front())) return false;
  for (const char c : name) {
    if (!is_alnum(c) && c != '.' && c != '_' && c != '-') return false;
  }
  return true;
}

Status UserAccounts::add(const std::string& name, sdk::Role role, const sdk::Secret& password) {
  if (!is_valid_user_name(name)) {
    return {Code::invalid_argument,
            "Invalid user name: use 1 to 64 lowercase letters, digits, '.', '_' or '-', starting with a letter or "
            "digit.",
            "user name refused"};
  }
  if (auto valid = check_password(password); !valid.ok()) return valid;
  if (sodium_init() < 0) return {Code::internal, "The host could not start its cryptography.", "sodium_init"};

  char hash[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(hash, password.expose().data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    return {Code::internal, "The host ran out of memory while protecting the password.", "crypto_pwhash_str"};
  }
  try {
    const std::lock_guard lock(store_.mutex_);
    auto existing = store_.db_.prepare("SELECT 1 FROM users WHERE name = ?1");
    existing.bind(1, name);
    if (existing.step()) {
      return {Code::conflict, "A user named '" + name + "' already exists.", "user name taken"};
    }
    store_.db_.prepare("INSERT INTO users (name, role, password_hash, created_at) VALUES (?1, ?2, ?3, ?4)")
        .bind(1, name)
        .bind(2, sdk::to_string(role))
        .bind(3, hash)
        .bind(4, utc_now())
        .run();
    return {};
  } catch (const std::exception& e) {
    return storage_failure(e);
  }
}

sdk::Result<std::vector<UserAccount>> UserAccounts::list() {
  try {
    const std::lock_guard lock(store_.mutex_);
    auto query = store_.db_.prepare("SELECT name, role, created_at FROM users ORDER BY name");
    std::vector<UserAccount> users;
    while (query.step()) {
      users.push_back({query.column_text(0), sdk::parse_role(query.column_text(1)).value_or(sdk::Role::staff),
                       query.column_text(2)});
    }
    return users;
  } catch (const std::exception& e) {
    return storage_failure(e);
  }
}

Status UserAccounts::remove(const std::string& name) {
  try {
    const std::lock_guard lock(store_.mutex_);
    store_.db_.prepare("DELETE FROM users WHERE name = ?1").bind(1, name).run();
    if (sqlite3_changes(store_.db_.handle()) == 0) {
      return {Code::not_found, "There is no user named '" + name + "'.", "no such user"};
    }
    return {};
  } catch (const std::exception& e) {
    return storage_failure(e);
  }
}

sdk::Result<UserAccount> UserAccounts::verify(const std::string& name, const sdk::Secret& password) {
  std::optional<std::pair<UserAccount, std::string>> found;
  try {
    const std::lock_guard lock(store_.mutex_);
    auto query = store_.db_.prepare("SELECT role, created_at, password_hash FROM users WHERE name = ?1");
    query.bind(1, name);
    if (query.step()) {
      found.emplace(
          UserAccount{name, sdk::parse_role(query.column_text(0)).value_or(sdk::Role::staff), query.column_text(1)},
          query.column_text(2));
    }
  } catch (const std::exception& e) {
    return storage_failure(e);
  }
  if (sodium_init() < 0) return Status(Code::internal, "The host could not start its cryptography.", "sodium_init");
  if (!found) {
    // Verify against a stand-in hash: the same work as for a real account, so timing does not tell which names
    // exist.
    static const std::string stand_in = [] {
      char hash[crypto_pwhash_STRBYTES] = {};
      const int made = crypto_pwhash_str(hash, "stand-in", 8, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                         crypto_pwhash_MEMLIMIT_INTERACTIVE);
      return made == 0 ? std::string(hash) : std::string();
    }();
    const int matched = crypto_pwhash_str_verify(stand_in.c_str(), password.expose().data(), password.size());
    static_cast<void>(matched);  // never a match: there is no such user
    return wrong_credentials();
  }
  if (crypto_pwhash_str_verify(found->second.c_str(), password.expose().data(), password.size()) != 0) {
    return wrong_credentials();
  }
  return std::move(found->first);
}

}  // namespace eatos::host
