// The CLI's exit codes (an external contract: scripts depend on them; see README).
#pragma once

#include "eatos/sdk/status.hpp"

namespace eatos::host::exit_code {

inline constexpr int ok = 0;
inline constexpr int internal = 1;
inline constexpr int usage = 2;
inline constexpr int invalid_input = 3;
inline constexpr int rejected = 4;     // the service rejected the credentials
inline constexpr int unavailable = 5;  // cannot connect, service unavailable or rate-limiting
inline constexpr int permission_denied = 6;
inline constexpr int not_found = 7;
inline constexpr int conflict = 8;

constexpr int from(sdk::Code code) noexcept {
  switch (code) {
    case sdk::Code::ok: return ok;
    case sdk::Code::invalid_argument: return invalid_input;
    case sdk::Code::invalid_auth: return rejected;
    case sdk::Code::permission_denied: return permission_denied;
    case sdk::Code::unavailable:
    case sdk::Code::rate_limited: return unavailable;
    case sdk::Code::not_found: return not_found;
    case sdk::Code::conflict: return conflict;
    case sdk::Code::internal: return internal;
  }
  return internal;
}

}  // namespace eatos::host::exit_code
