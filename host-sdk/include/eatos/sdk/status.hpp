// Errors as values: `Status` and `Result<T>`, the only way failures cross the plugin boundary.
//
// A failure carries a canonical `Code` (what UIs and CLI exit codes map from), a `message` written for the
// restaurant admin (shown as is), and a `detail` for operators (logged, never shown to end users). Neither may
// contain a secret.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "eatos/sdk/version.hpp"

EATOS_SDK_BEGIN_NAMESPACE

enum class Code : std::uint8_t {
  ok,
  invalid_argument,   // the input is wrong; the user can fix it
  invalid_auth,       // the remote service rejected the credentials
  permission_denied,  // the actor's role may not do this
  unavailable,        // cannot reach the service, or the capability is not available
  rate_limited,       // the remote service asks us to slow down
  not_found,          // the thing named does not exist (e.g. not installed)
  conflict,           // the request contradicts the current state
  internal,           // a bug or an unexpected failure
};

/// The stable snake_case name of a code, as used in JSON output ("invalid_auth").
constexpr std::string_view to_string(Code code) noexcept {
  switch (code) {
    case Code::ok: return "ok";
    case Code::invalid_argument: return "invalid_argument";
    case Code::invalid_auth: return "invalid_auth";
    case Code::permission_denied: return "permission_denied";
    case Code::unavailable: return "unavailable";
    case Code::rate_limited: return "rate_limited";
    case Code::not_found: return "not_found";
    case Code::conflict: return "conflict";
    case Code::internal: return "internal";
  }
  return "internal";
}

class [[nodiscard]] Status {
 public:
  /// An ok status.
  Status() = default;
  /// A failure. `code` must not be Code::ok (an ok code with a message is turned into Code::internal).
  Status(Code code, std::string message, std::string detail = {})
      : code_(code == Code::ok ? Code::internal : code), message_(std::move(message)), detail_(std::move(detail)) {}

  [[nodiscard]] bool ok() const noexcept { return code_ == Code::ok; }
  [[nodiscard]] Code code() const noexcept { return code_; }
  /// For the user: one or two sentences, no secrets.
  [[nodiscard]] const std::string& message() const noexcept { return message_; }
  /// For the log: what happened underneath (HTTP status, errno text, ...), no secrets.
  [[nodiscard]] const std::string& detail() const noexcept { return detail_; }

 private:
  Code code_ = Code::ok;
  std::string message_;
  std::string detail_;
};

/// Either a value or a failed Status.
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Result(Status error)                                                   // NOLINT(google-explicit-constructor)
      : state_(std::in_place_index<1>,
               error.ok() ? Status(Code::internal, "Internal error.", "Result constructed from an ok Status")
                          : std::move(error)) {}

  [[nodiscard]] bool ok() const noexcept { return state_.index() == 0; }
  explicit operator bool() const noexcept { return ok(); }

  /// The value. Precondition: ok().
  [[nodiscard]] T& value() & { return std::get<0>(state_); }
  [[nodiscard]] const T& value() const& { return std::get<0>(state_); }
  [[nodiscard]] T&& value() && { return std::get<0>(std::move(state_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  /// Ok when a value is held, else the failure.
  [[nodiscard]] Status status() const { return ok() ? Status() : std::get<1>(state_); }

 private:
  std::variant<T, Status> state_;
};

EATOS_SDK_END_NAMESPACE
